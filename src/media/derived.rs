//! Pictures derived from a hall's photos, kept on disk in `data/thumbs/`: the home
//! screen's tiles and the attract screen's covers at the screen's pixels, made once so
//! that showing one again decodes a small JPEG instead of a 12-megapixel photo.
//!
//! An entry is named by what it was made from and how: a BLAKE3 hash of the photo
//! file's bytes (a copy, a rename or a hard link of a photo finds the same entry, an
//! edited photo a new one) and the parameters that shape the picture (the tile's side;
//! the cover's pixels and focus). BLAKE3 because the key must follow the content, not
//! the path or the file's dates, and it hashes a 4 MB photo in about a millisecond on
//! one core (SHA-256 takes several times longer); each file is hashed once per process
//! and again only when its size, dates or inode change.
//!
//! Nothing read back is trusted. A file carries a header with its own key, its sizes
//! and a hash of its JPEG; anything that does not match, or does not decode to the size
//! it claims, is a miss: it is deleted, logged and made again. Files are written under
//! a temporary name and renamed, so that a reader never sees half of one; they are not
//! synced, since a file torn by a power cut fails its hash and is made again. The folder
//! is kept under a byte limit by deleting the entries least recently used (a hit renews
//! a file's modification time), so it never grows with uptime. A folder that cannot be
//! written (read-only, full) costs nothing but the decoding the cache would have saved.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use super::images::{ImageKey, fit};

/// Where the hall's derived pictures go, inside its data folder.
pub const FOLDER: &str = "thumbs";
/// The folder's size beyond which the least recently used entries are deleted: a
/// 300-exhibit hall's tiles (about 60 KB each) and covers at one screen size (about
/// 400 KB) take some 150 MB.
pub const DEFAULT_LIMIT_BYTES: u64 = 512 * 1024 * 1024;
/// JPEG quality of an entry: no visible loss at the size it is shown.
const QUALITY: u8 = 90;
/// The file's first bytes; bumped whenever what an entry holds or how it is made changes.
const MAGIC: &[u8; 8] = b"XHDERIV1";
const HEADER_BYTES: usize = 8 + 32 + 4 * 4 + 8 + 32;
/// No entry is larger (a screen of 8K at quality 90 is far smaller); a larger file is garbage.
const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
const EXTENSION: &str = "thumb";
/// A temporary file older than this was left by a process that died while writing.
const STALE_TEMPORARY_SECS: u64 = 3600;

/// A picture as the cache keeps it: RGB, upright, rows top to bottom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    pub rgb: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// The photo's own size, upright (for layout and zoom limits).
    pub source_size: [u32; 2],
}

/// What an entry was made from and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Shape {
    /// The whole photo fitted into `max_side`.
    Tile { max_side: u32 },
    /// The photo cropped about `focus` to fill `width`×`height` (unshaded: the shade is
    /// baked in after loading, so it may change without invalidating the cache).
    Cover {
        width: u32,
        height: u32,
        focus: [u16; 2],
    },
}

/// One entry: its key and its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    key: [u8; 32],
    shape: Shape,
    path: PathBuf,
}

/// Counters, for `kiosk check --thumbs`, the bench and the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoreStats {
    pub hits: u64,
    pub misses: u64,
    pub written: u64,
    /// Files found damaged or not what their name says, deleted.
    pub rejected: u64,
    pub write_failures: u64,
    pub evicted: u64,
}

/// A file's identity for the hash memo: a change in any of these means it is hashed again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: u64,
    #[cfg(unix)]
    changed: (i64, i64),
}

impl Stamp {
    fn of(metadata: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt as _;
        Self {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            #[cfg(unix)]
            inode: metadata.ino(),
            #[cfg(unix)]
            changed: (metadata.ctime(), metadata.ctime_nsec()),
        }
    }
}

/// Photos hashed at most this many are remembered; beyond, the memo starts again.
const MAX_MEMO: usize = 20_000;
/// Photos larger than this are not cached (the decoder refuses them too).
const MAX_SOURCE_BYTES: u64 = 256 * 1024 * 1024;

/// The cache folder: looking up, loading, storing and trimming entries. Shared by the
/// decoding workers and the warming thread; every method takes `&self`.
pub struct DerivedStore {
    dir: PathBuf,
    limit_bytes: u64,
    /// The tile sides worth keeping (the home screen's); other sizes are not cached.
    tile_sides: Vec<u32>,
    hashes: Mutex<HashMap<PathBuf, (Stamp, [u8; 32])>>,
    /// The folder's bytes as last counted plus what was written since; `None` until
    /// the first write counts them.
    size: Mutex<Option<u64>>,
    hits: AtomicU64,
    misses: AtomicU64,
    written: AtomicU64,
    rejected: AtomicU64,
    write_failures: AtomicU64,
    evicted: AtomicU64,
    temporaries: AtomicU64,
}

/// Why an entry could not be written (the picture was shown all the same).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot encode: {0}")]
    Encode(turbojpeg::Error),
    #[error("cannot write: {0}")]
    Write(std::io::Error),
    #[error("the picture's buffer does not match its size")]
    Size,
}

impl DerivedStore {
    /// The cache in `dir` (made when the first entry is written), keeping tiles of
    /// `tile_sides` and every screen cover, within `limit_bytes`.
    pub fn new(dir: PathBuf, tile_sides: &[u32], limit_bytes: u64) -> Self {
        Self {
            dir,
            limit_bytes,
            tile_sides: tile_sides.to_vec(),
            hashes: Mutex::new(HashMap::new()),
            size: Mutex::new(None),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            written: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            write_failures: AtomicU64::new(0),
            evicted: AtomicU64::new(0),
            temporaries: AtomicU64::new(0),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn stats(&self) -> StoreStats {
        StoreStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            written: self.written.load(Ordering::Relaxed),
            rejected: self.rejected.load(Ordering::Relaxed),
            write_failures: self.write_failures.load(Ordering::Relaxed),
            evicted: self.evicted.load(Ordering::Relaxed),
        }
    }

    /// The entry for a version of a photo, or `None` if that version is not kept (a
    /// region, a size other than a tile's) or the photo cannot be read.
    pub fn entry(&self, key: &ImageKey, texture_limit: u32) -> Option<Entry> {
        let shape = match key.cover {
            Some(cover) => {
                let (width, height) = fit(
                    cover.width.max(1),
                    cover.height.max(1),
                    texture_limit.max(1),
                );
                Shape::Cover {
                    width,
                    height,
                    focus: cover.focus,
                }
            }
            None if key.region.is_none() && self.tile_sides.contains(&key.max_side) => {
                Shape::Tile {
                    max_side: key.max_side,
                }
            }
            None => return None,
        };
        let content = self.content_hash(&key.path)?;
        let mut hasher = blake3::Hasher::new();
        hasher.update(MAGIC);
        hasher.update(&content);
        match shape {
            Shape::Tile { max_side } => {
                hasher.update(b"tile");
                hasher.update(&max_side.to_le_bytes());
            }
            Shape::Cover {
                width,
                height,
                focus,
            } => {
                hasher.update(b"cover");
                hasher.update(&width.to_le_bytes());
                hasher.update(&height.to_le_bytes());
                hasher.update(&focus[0].to_le_bytes());
                hasher.update(&focus[1].to_le_bytes());
            }
        }
        let key: [u8; 32] = hasher.finalize().into();
        let name = format!("{}.{EXTENSION}", blake3::Hash::from(key).to_hex());
        Some(Entry {
            key,
            shape,
            path: self.dir.join(name),
        })
    }

    /// The hash of a photo's bytes, remembered while the file stays the same.
    fn content_hash(&self, path: &Path) -> Option<[u8; 32]> {
        let metadata = std::fs::metadata(path).ok()?;
        if !metadata.is_file() || metadata.len() > MAX_SOURCE_BYTES {
            return None;
        }
        let stamp = Stamp::of(&metadata);
        if let Ok(hashes) = self.hashes.lock()
            && let Some((known, hash)) = hashes.get(path)
            && *known == stamp
        {
            return Some(*hash);
        }
        let mut file = std::fs::File::open(path).ok()?;
        let mut hasher = blake3::Hasher::new();
        // Streamed: a photo is never held twice in memory for its hash.
        let mut buffer = vec![0; 256 * 1024];
        loop {
            match file.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(buffer.get(..n)?);
                }
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        let hash: [u8; 32] = hasher.finalize().into();
        if let Ok(mut hashes) = self.hashes.lock() {
            if hashes.len() >= MAX_MEMO {
                hashes.clear();
            }
            hashes.insert(path.to_path_buf(), (stamp, hash));
        }
        Some(hash)
    }

    /// Whether the entry's file is there (not whether it is sound: [`Self::load`] tells).
    pub fn contains(&self, entry: &Entry) -> bool {
        std::fs::metadata(&entry.path).is_ok_and(|m| m.is_file() && m.len() > 0)
    }

    /// The entry's picture, if its file is there and sound. A damaged file is deleted
    /// (the caller makes the entry again).
    pub fn load(&self, entry: &Entry) -> Option<Picture> {
        match read_entry(entry) {
            Ok(picture) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                // Recently used: the last to be evicted. Best effort (a read-only folder).
                if let Ok(file) = std::fs::File::options().append(true).open(&entry.path) {
                    let _ = file.set_modified(SystemTime::now());
                }
                Some(picture)
            }
            Err(Unsound::Missing) => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
            Err(Unsound::Damaged(why)) => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                self.rejected.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(
                    "photo cache: a damaged entry ({why}), made again: {}",
                    entry.path.display()
                );
                let _ = std::fs::remove_file(&entry.path);
                None
            }
        }
    }

    /// Writes the entry's picture: to a temporary file, then renamed into place.
    pub fn store(&self, entry: &Entry, picture: &Picture) -> Result<(), StoreError> {
        let result = self.write(entry, picture);
        match &result {
            Ok(bytes) => {
                self.written.fetch_add(1, Ordering::Relaxed);
                self.grew(*bytes);
            }
            Err(err) => {
                // The first failure is logged, then one in a hundred: a full disk must
                // not flood the log.
                if self
                    .write_failures
                    .fetch_add(1, Ordering::Relaxed)
                    .is_multiple_of(100)
                {
                    tracing::warn!(
                        "photo cache: {err}; photos are decoded from their files: {}",
                        self.dir.display()
                    );
                }
            }
        }
        result.map(|_| ())
    }

    fn write(&self, entry: &Entry, picture: &Picture) -> Result<u64, StoreError> {
        let pixels = u64::from(picture.width) * u64::from(picture.height) * 3;
        if picture.width == 0 || picture.height == 0 || pixels != picture.rgb.len() as u64 {
            return Err(StoreError::Size);
        }
        let jpeg = super::jpeg::encode_rgb(&picture.rgb, picture.width, picture.height, QUALITY)
            .map_err(StoreError::Encode)?;
        let mut file = Vec::with_capacity(HEADER_BYTES + jpeg.len());
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&entry.key);
        for value in [
            picture.width,
            picture.height,
            picture.source_size[0],
            picture.source_size[1],
        ] {
            file.extend_from_slice(&value.to_le_bytes());
        }
        file.extend_from_slice(&(jpeg.len() as u64).to_le_bytes());
        file.extend_from_slice(blake3::hash(&jpeg).as_bytes());
        file.extend_from_slice(&jpeg);
        std::fs::create_dir_all(&self.dir).map_err(StoreError::Write)?;
        let temporary = self.dir.join(format!(
            ".{}-{}.tmp",
            std::process::id(),
            self.temporaries.fetch_add(1, Ordering::Relaxed)
        ));
        let written = std::fs::write(&temporary, &file)
            .and_then(|()| std::fs::rename(&temporary, &entry.path));
        if let Err(err) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(StoreError::Write(err));
        }
        Ok(file.len() as u64)
    }

    /// Counts a new entry's bytes and trims the folder once it passes the limit.
    fn grew(&self, bytes: u64) {
        let Ok(mut size) = self.size.lock() else {
            return;
        };
        let total = match *size {
            Some(total) => total.saturating_add(bytes),
            None => self.trim(),
        };
        *size = Some(if total > self.limit_bytes {
            self.trim()
        } else {
            total
        });
    }

    /// Deletes the least recently used entries until the folder is within 90 % of its
    /// limit (so that it is not trimmed again at every write), and temporary files left
    /// by a process that died; returns the bytes left.
    pub fn trim(&self) -> u64 {
        let Ok(listing) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let now = SystemTime::now();
        let mut entries: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
        for item in listing.flatten() {
            let path = item.path();
            let Ok(metadata) = item.metadata() else {
                continue;
            };
            if !metadata.is_file() {
                continue;
            }
            let modified = metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            let name = item.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') && name.ends_with(".tmp") {
                let age = now.duration_since(modified).unwrap_or_default();
                if age.as_secs() > STALE_TEMPORARY_SECS {
                    let _ = std::fs::remove_file(&path);
                }
                continue;
            }
            if path.extension().is_some_and(|e| e == EXTENSION) {
                entries.push((modified, metadata.len(), path));
            }
        }
        let mut total: u64 = entries.iter().map(|(_, len, _)| *len).sum();
        if total <= self.limit_bytes {
            return total;
        }
        let target = self.limit_bytes / 10 * 9;
        entries.sort_unstable_by_key(|(modified, _, _)| *modified);
        for (_, len, path) in entries {
            if total <= target {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total = total.saturating_sub(len);
                self.evicted.fetch_add(1, Ordering::Relaxed);
            }
        }
        total
    }
}

/// Why an entry was not loaded.
enum Unsound {
    Missing,
    Damaged(&'static str),
}

fn read_entry(entry: &Entry) -> Result<Picture, Unsound> {
    let metadata = std::fs::metadata(&entry.path).map_err(|_| Unsound::Missing)?;
    if metadata.len() > MAX_ENTRY_BYTES {
        return Err(Unsound::Damaged("too large"));
    }
    let bytes = std::fs::read(&entry.path).map_err(|_| Unsound::Missing)?;
    let (header, jpeg) = bytes
        .split_at_checked(HEADER_BYTES)
        .ok_or(Unsound::Damaged("shorter than its header"))?;
    let field = |from: usize, len: usize| header.get(from..from + len).unwrap_or_default();
    let number = |from: usize| <[u8; 4]>::try_from(field(from, 4)).map_or(0, u32::from_le_bytes);
    if field(0, 8) != MAGIC {
        return Err(Unsound::Damaged("not an entry of this version"));
    }
    if field(8, 32) != entry.key {
        return Err(Unsound::Damaged("another entry's contents"));
    }
    let (width, height) = (number(40), number(44));
    let source_size = [number(48), number(52)];
    let length = <[u8; 8]>::try_from(field(56, 8)).map_or(u64::MAX, u64::from_le_bytes);
    if length != jpeg.len() as u64 {
        return Err(Unsound::Damaged("truncated"));
    }
    if field(64, 32) != blake3::hash(jpeg).as_bytes() {
        return Err(Unsound::Damaged("its picture does not match its hash"));
    }
    let expected = match entry.shape {
        Shape::Cover { width, height, .. } => Some((width, height)),
        Shape::Tile { max_side } => {
            // A tile decoded at a DCT scale may be up to a tenth larger than its side.
            if width.max(height) > max_side.saturating_add(max_side / 10 + 1) {
                return Err(Unsound::Damaged("larger than its kind"));
            }
            None
        }
    };
    if width == 0
        || height == 0
        || source_size.contains(&0)
        || expected.is_some_and(|size| size != (width, height))
    {
        return Err(Unsound::Damaged("sizes not those of its kind"));
    }
    let pixels = u64::from(width) * u64::from(height);
    let decoded = super::jpeg::decode_scaled(jpeg, width, height, pixels)
        .ok_or(Unsound::Damaged("its picture does not decode"))?;
    if (decoded.width, decoded.height) != (width, height) || decoded.gray {
        return Err(Unsound::Damaged("its picture is not the size it says"));
    }
    Ok(Picture {
        rgb: decoded.pixels,
        width,
        height,
        source_size,
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::AtomicBool;
    use std::time::Duration;

    use eframe::egui;

    use super::*;
    use crate::media::images::{
        ImageCache, ImageState, Priority, ScreenCover, hall_keys, make_entries,
    };

    const TILE: u32 = 160;

    fn photo(dir: &Path, name: &str, width: u32, height: u32, blue: u8) -> PathBuf {
        let path = dir.join(name);
        image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, blue])
        })
        .save(&path)
        .unwrap();
        path
    }

    fn store(dir: &Path) -> DerivedStore {
        DerivedStore::new(dir.join("data").join(FOLDER), &[TILE], DEFAULT_LIMIT_BYTES)
    }

    fn tile(path: &Path) -> ImageKey {
        ImageKey {
            path: path.to_path_buf(),
            max_side: TILE,
            region: None,
            cover: None,
        }
    }

    fn cover(path: &Path) -> ImageKey {
        ImageKey {
            path: path.to_path_buf(),
            max_side: 320,
            region: None,
            cover: Some(ScreenCover {
                width: 320,
                height: 180,
                portrait: false,
                focus: ScreenCover::MIDDLE,
            }),
        }
    }

    /// A cache decoding on the calling thread, with `store` on disk.
    fn cache(store: DerivedStore) -> ImageCache {
        ImageCache::with_disk_cache(&egui::Context::default(), 64 << 20, 0, Some(store))
    }

    /// The state of `key` once decoded (one frame later, without workers).
    fn shown(cache: &mut ImageCache, key: &ImageKey) -> ImageState {
        cache.request_key(key.clone(), Priority::Now);
        cache.begin_frame();
        cache.request_key(key.clone(), Priority::Now)
    }

    fn size(state: &ImageState) -> Option<[usize; 2]> {
        match state {
            ImageState::Ready { texture, .. } => Some(texture.size()),
            _ => None,
        }
    }

    fn entries(dir: &Path) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|listing| listing.flatten().map(|item| item.path()).collect())
            .unwrap_or_default();
        found.sort();
        found
    }

    #[test]
    fn a_miss_is_decoded_from_the_photo_and_kept_and_then_a_hit() {
        let dir = tempfile::tempdir().unwrap();
        let path = photo(dir.path(), "a.jpg", 640, 480, 90);
        let mut first = cache(store(dir.path()));
        assert_eq!(size(&shown(&mut first, &tile(&path))), Some([160, 120]));
        assert_eq!(size(&shown(&mut first, &cover(&path))), Some([320, 180]));
        let stats = first.stats().disk;
        assert_eq!((stats.misses, stats.written, stats.hits), (2, 2, 0));
        let thumbs = dir.path().join("data/thumbs");
        assert_eq!(entries(&thumbs).len(), 2, "{:?}", entries(&thumbs));

        // A new kiosk process: both come from the cache, at the same sizes.
        let mut second = cache(store(dir.path()));
        assert_eq!(size(&shown(&mut second, &tile(&path))), Some([160, 120]));
        assert_eq!(size(&shown(&mut second, &cover(&path))), Some([320, 180]));
        let stats = second.stats().disk;
        assert_eq!((stats.hits, stats.misses, stats.written), (2, 0, 0));
    }

    #[test]
    fn a_hit_holds_the_picture_the_photo_gives() {
        let dir = tempfile::tempdir().unwrap();
        let path = photo(dir.path(), "a.jpg", 640, 480, 90);
        let store = store(dir.path());
        let entry = store.entry(&tile(&path), 4096).unwrap();
        let made = make_entries(
            &store,
            &[(tile(&path), 4096)],
            Duration::ZERO,
            &AtomicBool::new(false),
        );
        assert_eq!(made.made, 1);
        let kept = store.load(&entry).unwrap();
        assert_eq!(
            (kept.width, kept.height, kept.source_size),
            (160, 120, [640, 480])
        );
        let (direct, _) = crate::media::images::decode(&tile(&path)).unwrap();
        assert_eq!(direct.size, [160, 120]);
        // JPEG at quality 90: on average within a level or two of the direct decode.
        let differences: Vec<u32> = direct
            .pixels
            .iter()
            .zip(kept.rgb.chunks_exact(3))
            .flat_map(|(a, b)| {
                [
                    a.r().abs_diff(b[0]),
                    a.g().abs_diff(b[1]),
                    a.b().abs_diff(b[2]),
                ]
            })
            .map(u32::from)
            .collect();
        let mean = f64::from(differences.iter().sum::<u32>()) / differences.len() as f64;
        assert!(mean < 3.0, "mean channel difference {mean}");
    }

    #[test]
    fn changed_content_is_a_new_entry_and_the_same_content_elsewhere_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = photo(dir.path(), "a.jpg", 640, 480, 90);
        let store = store(dir.path());
        let before = store.entry(&tile(&path), 4096).unwrap();
        let copy = dir.path().join("copy.jpg");
        std::fs::copy(&path, &copy).unwrap();
        assert_eq!(store.entry(&tile(&copy), 4096).unwrap().path, before.path);
        // The photo replaced by another of the same size, under the same name.
        photo(dir.path(), "a.jpg", 640, 480, 200);
        let after = store.entry(&tile(&path), 4096).unwrap();
        assert_ne!(after.path, before.path);
        // The shape is in the key too.
        assert_ne!(store.entry(&cover(&path), 4096).unwrap().path, after.path);
        // Sizes other than the tiles' and regions are not kept.
        assert!(
            store
                .entry(
                    &ImageKey {
                        max_side: 500,
                        ..tile(&path)
                    },
                    4096
                )
                .is_none()
        );
    }

    #[test]
    fn garbage_truncated_and_foreign_entries_are_ignored_and_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = photo(dir.path(), "a.jpg", 640, 480, 90);
        let other = photo(dir.path(), "b.jpg", 640, 480, 10);
        let store = store(dir.path());
        let stop = AtomicBool::new(false);
        let keys = [
            (tile(&path), 4096),
            (tile(&other), 4096),
            (cover(&path), 4096),
        ];
        assert_eq!(make_entries(&store, &keys, Duration::ZERO, &stop).made, 3);
        let entry = store.entry(&tile(&path), 4096).unwrap();
        let cover_entry = store.entry(&cover(&path), 4096).unwrap();
        let good = std::fs::read(&entry.path).unwrap();
        let foreign = std::fs::read(store.entry(&tile(&other), 4096).unwrap().path).unwrap();
        let mut flipped = good.clone();
        let last = flipped.len() - 100;
        flipped[last] ^= 0x55;
        let damaged: Vec<(&str, Vec<u8>)> = vec![
            ("garbage", b"\x00\xffnot a cache entry at all".repeat(50)),
            ("empty", Vec::new()),
            ("truncated", good[..good.len() / 2].to_vec()),
            ("header only", good[..HEADER_BYTES].to_vec()),
            ("a flipped byte in the picture", flipped),
            ("another photo's entry", foreign),
        ];
        for (what, bytes) in damaged {
            std::fs::write(&entry.path, &bytes).unwrap();
            assert!(store.load(&entry).is_none(), "{what} was loaded");
            assert!(!entry.path.exists(), "{what} was not deleted");
            // The kiosk shows the photo, decoded from its file, and writes the entry anew.
            let mut cache = cache(DerivedStore::new(
                store.dir().to_path_buf(),
                &[TILE],
                DEFAULT_LIMIT_BYTES,
            ));
            assert_eq!(
                size(&shown(&mut cache, &tile(&path))),
                Some([160, 120]),
                "{what}"
            );
            assert!(store.load(&entry).is_some(), "{what} not made again");
        }
        assert_eq!(store.stats().rejected, 6);
        // A cover's entry of the right format but the wrong size is refused too.
        let mut wrong = std::fs::read(&cover_entry.path).unwrap();
        wrong[40..44].copy_from_slice(&321u32.to_le_bytes());
        std::fs::write(&cover_entry.path, wrong).unwrap();
        assert!(store.load(&cover_entry).is_none());
    }

    #[test]
    fn an_unwritable_folder_falls_back_to_decoding_the_photo() {
        let dir = tempfile::tempdir().unwrap();
        let path = photo(dir.path(), "a.jpg", 640, 480, 90);
        // A file where the folder should be: every write fails, as on a read-only or
        // full disk (and for root too, whom permissions do not stop).
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join("data").join(FOLDER), b"in the way").unwrap();
        let mut cache = cache(store(dir.path()));
        for _ in 0..2 {
            cache.clear();
            assert_eq!(size(&shown(&mut cache, &tile(&path))), Some([160, 120]));
            assert_eq!(size(&shown(&mut cache, &cover(&path))), Some([320, 180]));
        }
        let stats = cache.stats().disk;
        assert_eq!((stats.written, stats.hits), (0, 0));
        assert_eq!(stats.write_failures, 4);
        let made = make_entries(
            &store(dir.path()),
            &[(tile(&path), 4096)],
            Duration::ZERO,
            &AtomicBool::new(false),
        );
        assert_eq!((made.made, made.failed), (0, 1));
    }

    #[test]
    fn the_folder_is_kept_within_its_limit_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let thumbs = dir.path().join("thumbs");
        let paths: Vec<PathBuf> = (0..6)
            .map(|n| photo(dir.path(), &format!("{n}.jpg"), 640, 480, n * 40))
            .collect();
        let unlimited = DerivedStore::new(thumbs.clone(), &[TILE], u64::MAX);
        let one = unlimited.entry(&tile(&paths[0]), 4096).unwrap();
        make_entries(
            &unlimited,
            &[(tile(&paths[0]), 4096)],
            Duration::ZERO,
            &AtomicBool::new(false),
        );
        let entry_bytes = std::fs::metadata(&one.path).unwrap().len();
        std::fs::remove_file(&one.path).unwrap();
        // Room for about three entries.
        let limit = entry_bytes * 3 + entry_bytes / 2;
        let store = DerivedStore::new(thumbs.clone(), &[TILE], limit);
        for path in &paths {
            make_entries(
                &store,
                &[(tile(path), 4096)],
                Duration::ZERO,
                &AtomicBool::new(false),
            );
            // Distinct modification times, as entries made over time have.
            std::thread::sleep(Duration::from_millis(20));
        }
        let total: u64 = entries(&thumbs)
            .iter()
            .map(|p| std::fs::metadata(p).unwrap().len())
            .sum();
        assert!(total <= limit, "{total} bytes of {limit}");
        assert!(store.stats().evicted >= 2, "{:?}", store.stats());
        let newest = store.entry(&tile(&paths[5]), 4096).unwrap();
        let oldest = store.entry(&tile(&paths[0]), 4096).unwrap();
        assert!(newest.path.exists());
        assert!(!oldest.path.exists());
        // A stale temporary file of a process that died mid-write goes at the next trim.
        let stale = thumbs.join(".999-0.tmp");
        std::fs::write(&stale, b"half").unwrap();
        let old = SystemTime::now() - Duration::from_secs(2 * STALE_TEMPORARY_SECS);
        std::fs::File::options()
            .append(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        store.trim();
        assert!(!stale.exists());
    }

    #[test]
    fn the_warmer_makes_a_halls_tiles_and_covers_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        crate::synthetic_hall::generate_hall(dir.path(), 3, 1, 1, 3).unwrap();
        let loaded =
            crate::content::load_hall(dir.path(), crate::content::LoadOptions::default()).unwrap();
        let hall = &loaded.hall;
        let thumbs = hall.data_dir().join(FOLDER);
        let screen = ScreenCover {
            width: 320,
            height: 180,
            portrait: false,
            focus: ScreenCover::MIDDLE,
        };
        let expected: std::collections::BTreeSet<PathBuf> = {
            let store = DerivedStore::new(thumbs.clone(), &[TILE], DEFAULT_LIMIT_BYTES);
            hall_keys(hall, screen, TILE)
                .iter()
                .filter_map(|key| store.entry(key, 2048).map(|entry| entry.path))
                .collect()
        };
        assert!(expected.len() >= 2, "{expected:?}");
        let ctx = egui::Context::default();
        let store = DerivedStore::new(thumbs.clone(), &[TILE], DEFAULT_LIMIT_BYTES);
        let mut cache = ImageCache::with_disk_cache(&ctx, 64 << 20, 1, Some(store));
        cache.warm_hall(hall, screen, TILE);
        // Called again each frame: nothing more is asked.
        cache.warm_hall(hall, screen, TILE);
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while entries(&thumbs)
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            != expected
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(
            entries(&thumbs)
                .into_iter()
                .collect::<std::collections::BTreeSet<_>>(),
            expected
        );
        // Every tile and cover now comes from the disk.
        for key in hall_keys(hall, screen, TILE) {
            let deadline = std::time::Instant::now() + Duration::from_secs(20);
            loop {
                cache.begin_frame();
                if !matches!(
                    cache.request_key(key.clone(), Priority::Now),
                    ImageState::Loading
                ) || std::time::Instant::now() > deadline
                {
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        let stats = cache.stats().disk;
        assert_eq!(stats.misses, 0, "{stats:?}");
        assert!(stats.hits >= 2, "{stats:?}");
    }
}
