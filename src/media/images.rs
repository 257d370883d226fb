//! Photos: decoded on worker threads, downscaled to the size they are shown at, and
//! kept as textures in a cache with a byte budget that evicts the least recently used.
//! Nothing here blocks a frame: a request returns `Loading` until a worker is done.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use eframe::egui;
use fast_image_resize as fr;
use image::ImageDecoder as _;

pub use super::derived::Picture;
use super::derived::{DerivedStore, Entry as DiskEntry};
use crate::content::media_index::{
    MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, MediaProblem, check_image_size,
};

/// Decoders may not allocate more than this for one image.
const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;
/// Queued jobs beyond this are dropped, oldest prefetch first.
const MAX_QUEUED_JOBS: usize = 96;
/// Texture bytes uploaded per frame at most; the rest waits for the next frame, so a
/// burst of finished decodes never makes one long frame.
const UPLOAD_BYTES_PER_FRAME: usize = 24 * 1024 * 1024;

/// A part of a photo in its own (upright) pixels, for the zoomed-in detail view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Region {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// One decoded version of a photo: which file, how large, and which part.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImageKey {
    pub path: PathBuf,
    /// The longest side of the texture, in pixels.
    pub max_side: u32,
    pub region: Option<Region>,
    /// For the attract screen: the whole screen's picture (`max_side` and `region`
    /// are then not used).
    pub cover: Option<ScreenCover>,
}

/// A cover for the attract screen, made to be drawn as one opaque quad: cropped to
/// fill the screen (about its focus, as `Fit::CoverAround` crops), at the screen's size in pixels,
/// with the shade behind the title baked in ([`super::cover_shade`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ScreenCover {
    pub width: u32,
    pub height: u32,
    /// The screen is portrait (the band is lower).
    pub portrait: bool,
    /// The point of the photo kept in view (the curator's `cover_focus`), in
    /// thousandths of its width and height: whole numbers, so covers stay keys.
    pub focus: [u16; 2],
}

impl ScreenCover {
    /// The photo's middle: where covers are cropped about without a `cover_focus`.
    pub const MIDDLE: [u16; 2] = [500, 500];

    pub fn focus_of(focus: Option<crate::content::Focus>) -> [u16; 2] {
        let thousandths = |fraction: f32| (fraction.clamp(0.0, 1.0) * 1000.0).round() as u16;
        focus.map_or(Self::MIDDLE, |focus| {
            [thousandths(focus.x), thousandths(focus.y)]
        })
    }
}

/// How urgently a version is wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// On screen now.
    Now,
    /// Likely to be on screen soon.
    Prefetch,
}

/// What a request sees.
#[derive(Clone)]
pub enum ImageState {
    Loading,
    Ready {
        texture: egui::TextureHandle,
        /// The photo's own size (upright), for layout and zoom limits.
        source_size: [u32; 2],
    },
    /// The file cannot be shown; the screen draws a neutral placeholder.
    Failed,
}

struct Entry {
    state: ImageState,
    bytes: usize,
    last_used: u64,
}

struct Job {
    key: ImageKey,
    priority: Priority,
    sequence: u64,
    /// The graphics card's largest texture side.
    texture_limit: u32,
}

#[derive(Default)]
struct Queue {
    jobs: Mutex<Vec<Job>>,
    ready: Condvar,
    shutdown: AtomicBool,
}

impl Queue {
    /// The most urgent job, the newest first among equals (what the visitor looks at
    /// now matters more than what they passed by).
    fn pop(&self) -> Option<Job> {
        let mut jobs = self.jobs.lock().ok()?;
        loop {
            if self.shutdown.load(Ordering::SeqCst) {
                return None;
            }
            let best = jobs
                .iter()
                .enumerate()
                .min_by_key(|(_, job)| (job.priority, std::cmp::Reverse(job.sequence)))
                .map(|(index, _)| index);
            if let Some(index) = best {
                return Some(jobs.swap_remove(index));
            }
            jobs = self.ready.wait(jobs).ok()?;
        }
    }
}

struct Decoded {
    key: ImageKey,
    result: Result<(egui::ColorImage, [u32; 2]), DecodeError>,
}

/// Counters for diagnostics and benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub textures: usize,
    pub bytes: usize,
    pub budget: usize,
    pub queued: usize,
    pub decoded: u64,
    pub evicted: u64,
    pub failed: u64,
    /// The disk cache's counters (all zero without one).
    pub disk: super::derived::StoreStats,
}

/// The texture cache and its decoding workers.
pub struct ImageCache {
    ctx: egui::Context,
    entries: HashMap<ImageKey, Entry>,
    budget: usize,
    used: usize,
    frame: u64,
    sequence: u64,
    queue: Arc<Queue>,
    results: Receiver<Decoded>,
    /// Decoded but not yet uploaded, waiting for room in a frame's upload allowance.
    pending_upload: Vec<Decoded>,
    workers: Vec<JoinHandle<()>>,
    problems: Vec<String>,
    stats: CacheStats,
    /// The graphics card's limit, read each frame.
    max_texture_side: u32,
    /// Tiles and covers kept on disk, if the kiosk has a data folder for them.
    disk: Option<Arc<DerivedStore>>,
    warmer: Option<Warmer>,
    /// Bumped by [`Self::clear`]: a reload's photos are warmed again.
    generation: u64,
    /// The generation and screen the disk cache was last warmed for.
    warmed: Option<(u64, ScreenCover)>,
}

/// The thread that makes a hall's tiles and covers on disk ahead of need, one at a
/// time with a pause after each, so it takes a little of one core for a while after a
/// load and nothing after.
struct Warmer {
    batches: Option<Sender<Vec<(ImageKey, u32)>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// How long the warmer waits after the last batch asked for before it starts.
#[cfg(not(test))]
const WARM_DELAY: std::time::Duration = std::time::Duration::from_secs(5);
#[cfg(test)]
const WARM_DELAY: std::time::Duration = std::time::Duration::from_millis(200);
/// The warmer's pause after each entry it made.
const WARM_PAUSE: std::time::Duration = std::time::Duration::from_millis(40);

impl Warmer {
    fn start(store: Arc<DerivedStore>) -> Option<Self> {
        let (batches, incoming) = channel::<Vec<(ImageKey, u32)>>();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("photo-cache-warmer".into())
            .spawn(move || {
                while let Ok(mut batch) = incoming.recv() {
                    // The window's first frames may have another size than the screen
                    // (and the first cover has the CPU then): wait until the asking
                    // settles, and take only the newest batch (a reload replaces the last).
                    loop {
                        let deadline = std::time::Instant::now() + WARM_DELAY;
                        while std::time::Instant::now() < deadline {
                            if stopping.load(Ordering::SeqCst) {
                                return;
                            }
                            std::thread::sleep(std::time::Duration::from_millis(100));
                        }
                        match incoming.try_recv() {
                            Ok(newer) => batch = newer,
                            Err(_) => break,
                        }
                        while let Ok(newer) = incoming.try_recv() {
                            batch = newer;
                        }
                    }
                    let started = std::time::Instant::now();
                    let made = make_entries(&store, &batch, WARM_PAUSE, &stopping);
                    if stopping.load(Ordering::SeqCst) {
                        return;
                    }
                    tracing::info!(
                        "photo cache: {} made, {} already there, {} failed in {:.1} s: {}",
                        made.made,
                        made.present,
                        made.failed,
                        started.elapsed().as_secs_f64(),
                        store.dir().display()
                    );
                }
            })
            .ok()?;
        Some(Self {
            batches: Some(batches),
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Warmer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.batches = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What [`make_entries`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Made {
    pub made: usize,
    /// Already on disk (not decoded to check: a damaged one is caught when loaded).
    pub present: usize,
    /// Not kept: the photo failed to decode, has transparency, or the write failed.
    pub failed: usize,
}

/// Makes the disk cache's entries for `keys` (with the texture limit each is for)
/// that are not there yet, pausing `pause` after each; stops early when `stop` is set.
pub fn make_entries(
    store: &DerivedStore,
    keys: &[(ImageKey, u32)],
    pause: std::time::Duration,
    stop: &AtomicBool,
) -> Made {
    let mut made = Made::default();
    for (key, texture_limit) in keys {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Some(entry) = store.entry(key, *texture_limit) else {
            made.failed += 1;
            continue;
        };
        if store.contains(&entry) {
            made.present += 1;
            continue;
        }
        let picture = match decode_guarded(key, *texture_limit) {
            Ok(Output::Cover(picture)) => Some(picture),
            Ok(Output::Image(image, source_size)) => opaque_picture(&image, source_size),
            Err(_) => None,
        };
        match picture.map(|picture| keep(store, &entry, &picture)) {
            Some(true) => made.made += 1,
            _ => made.failed += 1,
        }
        std::thread::sleep(pause);
    }
    made
}

/// Stores one entry; a panic in the encoder is a failed write, not a dead thread.
fn keep(store: &DerivedStore, entry: &DiskEntry, picture: &Picture) -> bool {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        store.store(entry, picture).is_ok()
    }))
    .unwrap_or(false)
}

/// A texture's image and the photo's own size, or why there is none.
type DecodeResult = Result<(egui::ColorImage, [u32; 2]), DecodeError>;

/// One job of a decoding worker: from the disk cache when it holds the picture, else
/// from the photo, with what the cache should keep of it (written after the picture
/// is handed over, so the visitor never waits for the write).
fn produce(
    key: &ImageKey,
    texture_limit: u32,
    store: Option<&DerivedStore>,
) -> (DecodeResult, Option<(DiskEntry, Picture)>) {
    let portrait = key.cover.is_some_and(|cover| cover.portrait);
    let entry = store.and_then(|store| store.entry(key, texture_limit));
    if let (Some(store), Some(entry)) = (store, &entry)
        && let Ok(Some(picture)) =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| store.load(entry)))
    {
        let result = if key.cover.is_some() {
            shaded(picture, portrait)
        } else {
            let size = [picture.width as usize, picture.height as usize];
            Ok((
                egui::ColorImage::from_rgb(size, &picture.rgb),
                picture.source_size,
            ))
        };
        return (result, None);
    }
    match decode_guarded(key, texture_limit) {
        Ok(Output::Cover(picture)) => {
            let kept = entry.map(|entry| (entry, picture.clone()));
            (shaded(picture, portrait), kept)
        }
        Ok(Output::Image(image, source_size)) => {
            let kept = entry.and_then(|entry| Some((entry, opaque_picture(&image, source_size)?)));
            (Ok((image, source_size)), kept)
        }
        Err(problem) => (Err(problem), None),
    }
}

impl ImageCache {
    /// Starts `workers` decoding threads; `budget_bytes` bounds the textures kept.
    /// With no workers, photos are decoded when requested (deterministic, for tests
    /// only: the kiosk never decodes inside a frame).
    pub fn new(ctx: &egui::Context, budget_bytes: usize, workers: usize) -> Self {
        Self::with_disk_cache(ctx, budget_bytes, workers, None)
    }

    /// [`Self::new`] with tiles and covers kept on disk in `store`: read from there
    /// when present, written there after a decode, and made ahead of need by a warming
    /// thread ([`Self::warm_hall`]).
    pub fn with_disk_cache(
        ctx: &egui::Context,
        budget_bytes: usize,
        workers: usize,
        store: Option<DerivedStore>,
    ) -> Self {
        let disk = store.map(Arc::new);
        let queue = Arc::new(Queue::default());
        let (sender, results) = channel();
        let workers = (0..workers)
            .filter_map(|index| {
                let queue = Arc::clone(&queue);
                let sender: Sender<Decoded> = sender.clone();
                let ctx = ctx.clone();
                let disk = disk.clone();
                std::thread::Builder::new()
                    .name(format!("photo-decoder-{index}"))
                    .spawn(move || {
                        while let Some(job) = queue.pop() {
                            let (result, kept) =
                                produce(&job.key, job.texture_limit, disk.as_deref());
                            if sender
                                .send(Decoded {
                                    key: job.key,
                                    result,
                                })
                                .is_err()
                            {
                                break;
                            }
                            ctx.request_repaint();
                            if let (Some(store), Some((entry, picture))) = (&disk, kept) {
                                keep(store, &entry, &picture);
                            }
                        }
                    })
                    .ok()
            })
            .collect();
        let warmer = disk.clone().and_then(Warmer::start);
        Self {
            ctx: ctx.clone(),
            entries: HashMap::new(),
            budget: budget_bytes,
            used: 0,
            frame: 0,
            sequence: 0,
            queue,
            results,
            pending_upload: Vec::new(),
            workers,
            problems: Vec::new(),
            max_texture_side: 2048,
            disk,
            warmer,
            generation: 0,
            warmed: None,
            stats: CacheStats {
                budget: budget_bytes,
                ..CacheStats::default()
            },
        }
    }

    /// Call once per frame before any request: uploads finished decodes and evicts.
    pub fn begin_frame(&mut self) {
        self.frame += 1;
        self.max_texture_side = u32::try_from(self.ctx.input(|i| i.max_texture_side))
            .unwrap_or(u32::MAX)
            .max(256);
        self.pending_upload.extend(self.results.try_iter());
        let mut uploaded = 0;
        let mut later = Vec::new();
        for decoded in std::mem::take(&mut self.pending_upload) {
            let bytes = decoded
                .result
                .as_ref()
                .map_or(0, |(image, _)| image.pixels.len() * 4);
            if uploaded > 0 && uploaded + bytes > UPLOAD_BYTES_PER_FRAME {
                later.push(decoded);
                continue;
            }
            uploaded += bytes;
            self.store(decoded);
        }
        if !later.is_empty() {
            self.ctx.request_repaint();
        }
        self.pending_upload = later;
        self.evict();
    }

    fn store(&mut self, decoded: Decoded) {
        let Some(entry) = self.entries.get_mut(&decoded.key) else {
            return;
        };
        match decoded.result {
            Ok((image, source_size)) => {
                let bytes = image.pixels.len() * 4;
                let name = decoded.key.path.display().to_string();
                // A screen cover is drawn pixel for pixel: no filtering to pay for.
                let options = if decoded.key.cover.is_some() {
                    egui::TextureOptions::NEAREST
                } else {
                    egui::TextureOptions::LINEAR
                };
                let texture = self.ctx.load_texture(name, image, options);
                entry.state = ImageState::Ready {
                    texture,
                    source_size,
                };
                entry.bytes = bytes;
                self.used += bytes;
                self.stats.decoded += 1;
            }
            Err(problem) => {
                entry.state = ImageState::Failed;
                self.stats.failed += 1;
                self.problems
                    .push(format!("{}: {problem}", decoded.key.path.display()));
            }
        }
    }

    /// Drops the least recently used textures until the cache is within its budget.
    /// Textures used in this frame are never dropped.
    fn evict(&mut self) {
        if self.used <= self.budget {
            return;
        }
        let mut candidates: Vec<(u64, ImageKey)> = self
            .entries
            .iter()
            .filter(|(_, entry)| entry.bytes > 0 && entry.last_used < self.frame)
            .map(|(key, entry)| (entry.last_used, key.clone()))
            .collect();
        candidates.sort_unstable_by_key(|(last_used, _)| *last_used);
        for (_, key) in candidates {
            if self.used <= self.budget {
                break;
            }
            if let Some(entry) = self.entries.remove(&key) {
                self.used -= entry.bytes;
                self.stats.evicted += 1;
            }
        }
    }

    /// The photo at `path`, at most `max_side` pixels on its longest side.
    pub fn request(&mut self, path: &Path, max_side: u32, priority: Priority) -> ImageState {
        self.request_key(
            ImageKey {
                path: path.to_path_buf(),
                max_side: max_side.max(1),
                region: None,
                cover: None,
            },
            priority,
        )
    }

    /// The cover at `path` as the attract screen draws it (see [`ScreenCover`]).
    pub fn request_cover(
        &mut self,
        path: &Path,
        cover: ScreenCover,
        priority: Priority,
    ) -> ImageState {
        self.request_key(Self::cover_key(path, cover), priority)
    }

    fn cover_key(path: &Path, cover: ScreenCover) -> ImageKey {
        ImageKey {
            path: path.to_path_buf(),
            max_side: cover.width.max(cover.height).max(1),
            region: None,
            cover: Some(cover),
        }
    }

    pub fn request_key(&mut self, mut key: ImageKey, priority: Priority) -> ImageState {
        // Never more than the graphics card takes in one texture.
        key.max_side = key.max_side.min(self.max_texture_side);
        let frame = self.frame;
        if let Some(entry) = self.entries.get_mut(&key) {
            entry.last_used = frame;
            let state = entry.state.clone();
            if matches!(state, ImageState::Loading) && priority == Priority::Now {
                self.promote(&key);
            }
            return state;
        }
        self.entries.insert(
            key.clone(),
            Entry {
                state: ImageState::Loading,
                bytes: 0,
                last_used: frame,
            },
        );
        self.enqueue(key, priority);
        ImageState::Loading
    }

    /// The largest whole version of `path` already on the graphics card, to show while
    /// a sharper one is decoded: a tapped photo appears at once from its panel's copy.
    pub fn best_ready(&mut self, path: &Path) -> Option<ImageState> {
        let frame = self.frame;
        let (_, entry) = self
            .entries
            .iter_mut()
            .filter(|(key, entry)| {
                key.path == path
                    && key.region.is_none()
                    && matches!(entry.state, ImageState::Ready { .. })
            })
            .max_by_key(|(key, _)| key.max_side)?;
        entry.last_used = frame;
        Some(entry.state.clone())
    }

    /// Asks for a version to be decoded ahead of need.
    pub fn prefetch(&mut self, path: &Path, max_side: u32) {
        let key = ImageKey {
            path: path.to_path_buf(),
            max_side: max_side.max(1),
            region: None,
            cover: None,
        };
        self.request_key(key, Priority::Prefetch);
    }

    /// Asks for the attract screen's next cover to be made ahead of need.
    pub fn prefetch_cover(&mut self, path: &Path, cover: ScreenCover) {
        self.request_key(Self::cover_key(path, cover), Priority::Prefetch);
    }

    fn enqueue(&mut self, key: ImageKey, priority: Priority) {
        if self.workers.is_empty() {
            let (result, kept) = produce(&key, self.max_texture_side, self.disk.as_deref());
            if let (Some(store), Some((entry, picture))) = (&self.disk, kept) {
                keep(store, &entry, &picture);
            }
            self.pending_upload.push(Decoded { key, result });
            self.ctx.request_repaint();
            return;
        }
        self.sequence += 1;
        let Ok(mut jobs) = self.queue.jobs.lock() else {
            return;
        };
        jobs.push(Job {
            key,
            priority,
            sequence: self.sequence,
            texture_limit: self.max_texture_side,
        });
        while jobs.len() > MAX_QUEUED_JOBS {
            // Drop the oldest of the least urgent.
            if let Some(index) = jobs
                .iter()
                .enumerate()
                .max_by_key(|(_, job)| (job.priority, std::cmp::Reverse(job.sequence)))
                .map(|(index, _)| index)
            {
                let dropped = jobs.swap_remove(index);
                self.entries.remove(&dropped.key);
            }
        }
        drop(jobs);
        self.queue.ready.notify_one();
    }

    /// A prefetch that is now on screen moves to the front.
    fn promote(&mut self, key: &ImageKey) {
        self.sequence += 1;
        if let Ok(mut jobs) = self.queue.jobs.lock()
            && let Some(job) = jobs.iter_mut().find(|job| job.key == *key)
        {
            job.priority = Priority::Now;
            job.sequence = self.sequence;
        }
    }

    /// Decoding problems since the last call, for the log.
    pub fn take_problems(&mut self) -> Vec<String> {
        std::mem::take(&mut self.problems)
    }

    /// Whether any version of the file at `path` was asked for since the cache was
    /// last cleared.
    pub fn has_seen(&self, path: &Path) -> bool {
        self.entries.keys().any(|key| key.path == path)
    }

    pub fn is_busy(&self) -> bool {
        !self.pending_upload.is_empty()
            || self
                .entries
                .values()
                .any(|entry| matches!(entry.state, ImageState::Loading))
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            textures: self.entries.values().filter(|e| e.bytes > 0).count(),
            bytes: self.used,
            queued: self.queue.jobs.lock().map_or(0, |jobs| jobs.len()),
            disk: self
                .disk
                .as_ref()
                .map(|disk| disk.stats())
                .unwrap_or_default(),
            ..self.stats
        }
    }

    /// Forgets everything (after a content reload, files may have changed).
    pub fn clear(&mut self) {
        if let Ok(mut jobs) = self.queue.jobs.lock() {
            jobs.clear();
        }
        self.entries.clear();
        self.pending_upload.clear();
        self.used = 0;
        self.generation += 1;
    }

    /// Has the disk cache's entries made, in the background, for each exhibit's tile
    /// (`tile_side`) and its cover on `screen`: once per hall loaded and screen size,
    /// so the attract screen may call it every frame.
    pub fn warm_hall(&mut self, hall: &crate::content::Hall, screen: ScreenCover, tile_side: u32) {
        let Some(batches) = self.warmer.as_ref().and_then(|w| w.batches.as_ref()) else {
            return;
        };
        if self.warmed == Some((self.generation, screen)) {
            return;
        }
        self.warmed = Some((self.generation, screen));
        let limit = self.max_texture_side;
        let keys = hall_keys(hall, screen, tile_side.min(limit))
            .into_iter()
            .map(|key| (key, limit))
            .collect();
        let _ = batches.send(keys);
    }
}

/// The versions of a hall's photos the disk cache keeps: each exhibit's cover as a home
/// tile of `tile_side` and as the attract screen's cover on `screen` (its focus the
/// exhibit's), in the exhibits' order.
pub fn hall_keys(
    hall: &crate::content::Hall,
    screen: ScreenCover,
    tile_side: u32,
) -> Vec<ImageKey> {
    hall.exhibits
        .iter()
        .filter_map(|exhibit| Some((exhibit.cover.file()?, exhibit.cover_focus)))
        .flat_map(|(path, focus)| {
            [
                ImageKey {
                    path: path.to_path_buf(),
                    max_side: tile_side.max(1),
                    region: None,
                    cover: None,
                },
                ImageCache::cover_key(
                    path,
                    ScreenCover {
                        focus: ScreenCover::focus_of(focus),
                        ..screen
                    },
                ),
            ]
        })
        .collect()
}

impl Drop for ImageCache {
    fn drop(&mut self) {
        self.warmer = None;
        self.queue.shutdown.store(true, Ordering::SeqCst);
        self.queue.ready.notify_all();
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

/// Photo files larger than this are not read (a 100-megapixel JPEG is far smaller).
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a photo could not be decoded: the cache shows its placeholder and logs this,
/// after the file's path.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("cannot open: {0}")]
    Open(std::io::Error),
    #[error("the file is {} MB; photos are limited to {} MB", .0 >> 20, MAX_FILE_BYTES >> 20)]
    TooLarge(u64),
    #[error("cannot read: {0}")]
    Read(std::io::Error),
    #[error("not a readable image: {0}")]
    Unreadable(image::ImageError),
    /// Too large a side or too many pixels, in the words `kiosk check` uses.
    #[error("{}", .0.message)]
    Refused(MediaProblem),
    #[error("cannot decode: {0}")]
    Decode(image::ImageError),
    #[error("cannot scale: {0}")]
    ScaleBuffer(fr::ImageBufferError),
    #[error("cannot scale: {0}")]
    Scale(fr::ResizeError),
    #[error("cannot scale: wrong buffer size")]
    ScaledSize,
    /// A decoding crate panicked (a malformed file can reach one).
    #[error("the decoder failed: {0}")]
    Panicked(String),
}

/// Decodes one version of a photo: upright (EXIF orientation applied), cropped to the
/// region if any, and scaled down to fit `max_side`. Never scales up.
pub fn decode(key: &ImageKey) -> Result<(egui::ColorImage, [u32; 2]), DecodeError> {
    decode_within(key, MAX_IMAGE_SIDE)
}

/// A photo the decoder panicked on, when a unit test injects that fault.
#[cfg(test)]
static PANIC_ON: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// [`decode_inner`] with a panic in the decoding crates (a malformed file can reach
/// one) turned into a failed photo: the visitor sees the placeholder, the log says
/// why, and the worker thread lives on to decode the next photo.
fn decode_guarded(key: &ImageKey, texture_limit: u32) -> Result<Output, DecodeError> {
    std::panic::catch_unwind(|| {
        #[cfg(test)]
        if PANIC_ON
            .lock()
            .is_ok_and(|path| path.as_deref() == Some(key.path.as_path()))
        {
            panic!("injected decoder fault");
        }
        decode_inner(key, texture_limit)
    })
    .unwrap_or_else(|panic| {
        Err(DecodeError::Panicked(
            crate::logging::panic_message(panic.as_ref()).to_owned(),
        ))
    })
}

/// What the decoder made: a texture's image, or a screen cover before its shade.
enum Output {
    Image(egui::ColorImage, [u32; 2]),
    Cover(Picture),
}

impl Output {
    /// The texture's image: a cover gets its shade here, after the disk cache (which
    /// keeps it unshaded) and before the graphics card.
    fn into_image(self, key: &ImageKey) -> Result<(egui::ColorImage, [u32; 2]), DecodeError> {
        match self {
            Self::Image(image, source_size) => Ok((image, source_size)),
            Self::Cover(picture) => shaded(picture, key.cover.is_some_and(|c| c.portrait)),
        }
    }
}

fn shaded(
    mut picture: Picture,
    portrait: bool,
) -> Result<(egui::ColorImage, [u32; 2]), DecodeError> {
    super::cover_shade::bake(&mut picture.rgb, picture.width, picture.height, portrait);
    let size = [picture.width as usize, picture.height as usize];
    if picture.rgb.len() != size[0] * size[1] * 3 {
        return Err(DecodeError::ScaledSize);
    }
    Ok((
        egui::ColorImage::from_rgb(size, &picture.rgb),
        picture.source_size,
    ))
}

/// A whole opaque image as the disk cache keeps it; `None` if it has transparency.
fn opaque_picture(image: &egui::ColorImage, source_size: [u32; 2]) -> Option<Picture> {
    if image.pixels.iter().any(|pixel| pixel.a() != 255) {
        return None;
    }
    Some(Picture {
        rgb: image
            .pixels
            .iter()
            .flat_map(|pixel| [pixel.r(), pixel.g(), pixel.b()])
            .collect(),
        width: u32::try_from(image.size[0]).ok()?,
        height: u32::try_from(image.size[1]).ok()?,
        source_size,
    })
}

/// Like [`decode`], never making a texture larger than `texture_limit` a side.
pub fn decode_within(
    key: &ImageKey,
    texture_limit: u32,
) -> Result<(egui::ColorImage, [u32; 2]), DecodeError> {
    decode_inner(key, texture_limit)?.into_image(key)
}

fn decode_inner(key: &ImageKey, texture_limit: u32) -> Result<Output, DecodeError> {
    let size = std::fs::metadata(&key.path)
        .map_err(DecodeError::Open)?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(DecodeError::TooLarge(size));
    }
    let bytes = std::fs::read(&key.path).map_err(DecodeError::Read)?;
    let mut reader = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(DecodeError::Read)?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let format = reader.format();
    let mut decoder = reader.into_decoder().map_err(DecodeError::Unreadable)?;
    let (width, height) = decoder.dimensions();
    check_image_size(width, height).map_err(DecodeError::Refused)?;
    debug_assert!(u64::from(width) * u64::from(height) <= MAX_IMAGE_PIXELS);
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    if let Some(cover) = key.cover {
        return decode_screen_cover(
            &bytes,
            format,
            decoder,
            [width, height],
            orientation,
            cover,
            texture_limit,
        )
        .map(Output::Cover);
    }

    // A whole JPEG shown smaller than itself decodes at a reduced DCT scale: a
    // 12-megapixel photo for a 1920-pixel screen decodes at half size, four times less work.
    let (fit_width, fit_height) = fit(width, height, key.max_side);
    let scaled =
        (format == Some(image::ImageFormat::Jpeg) && key.region.is_none() && fit_width < width)
            .then(|| decode_jpeg_scaled(&bytes, fit_width, fit_height))
            .flatten();
    let mut image = match scaled {
        Some(image) => {
            drop(decoder);
            image
        }
        None => image::DynamicImage::from_decoder(decoder).map_err(DecodeError::Decode)?,
    };
    image.apply_orientation(orientation);
    // The photo's own size, upright, whatever scale it was decoded at.
    let source_size = if orientation_swaps(orientation) {
        [height, width]
    } else {
        [width, height]
    };
    let decoded = [image.width(), image.height()];

    // The region is in the photo's own pixels; the decoded image may be smaller.
    let region = key.region.unwrap_or(Region {
        x: 0,
        y: 0,
        width: source_size[0],
        height: source_size[1],
    });
    let region = clamp_region(region, source_size);
    let (out_width, out_height) = fit(region.width, region.height, key.max_side);
    let whole = region.x == 0 && region.y == 0 && [region.width, region.height] == source_size;
    // A DCT-scaled decode a little larger than asked is shown as it is: scaling it by
    // a few percent costs more time than the few extra pixels cost memory.
    let within_a_tenth =
        |have: u32, want: u32| have >= want && u64::from(have) * 10 <= u64::from(want) * 11;
    let close_enough = whole
        && within_a_tenth(decoded[0], out_width)
        && within_a_tenth(decoded[1], out_height)
        && decoded[0].max(decoded[1]) <= texture_limit;
    let opaque = !image.color().has_alpha();
    let image = if close_enough {
        image
    } else {
        let to_decoded = |v: u32, axis: usize| {
            f64::from(v) * f64::from(decoded[axis]) / f64::from(source_size[axis].max(1))
        };
        let (pixel_type, buffer) = if opaque {
            (fr::PixelType::U8x3, image.into_rgb8().into_raw())
        } else {
            (fr::PixelType::U8x4, image.into_rgba8().into_raw())
        };
        let source = fr::images::Image::from_vec_u8(decoded[0], decoded[1], buffer, pixel_type)
            .map_err(DecodeError::ScaleBuffer)?;
        let mut target = fr::images::Image::new(out_width, out_height, pixel_type);
        let options = fr::ResizeOptions::new()
            .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Bilinear))
            .crop(
                to_decoded(region.x, 0),
                to_decoded(region.y, 1),
                to_decoded(region.width, 0),
                to_decoded(region.height, 1),
            );
        fr::Resizer::new()
            .resize(&source, &mut target, &options)
            .map_err(DecodeError::Scale)?;
        let pixels = target.into_vec();
        if opaque {
            image::RgbImage::from_raw(out_width, out_height, pixels)
                .map(image::DynamicImage::ImageRgb8)
        } else {
            image::RgbaImage::from_raw(out_width, out_height, pixels)
                .map(image::DynamicImage::ImageRgba8)
        }
        .ok_or(DecodeError::ScaledSize)?
    };
    let size = [image.width() as usize, image.height() as usize];
    let image = if opaque {
        egui::ColorImage::from_rgb(size, &image.into_rgb8())
    } else {
        egui::ColorImage::from_rgba_unmultiplied(size, &image.into_rgba8())
    };
    Ok(Output::Image(image, source_size))
}

/// Makes a [`ScreenCover`] but its shade: the photo decoded at the smallest DCT scale
/// that still fills the screen, cropped to the screen's shape, scaled to its pixels.
fn decode_screen_cover(
    bytes: &[u8],
    format: Option<image::ImageFormat>,
    decoder: impl image::ImageDecoder,
    [width, height]: [u32; 2],
    orientation: image::metadata::Orientation,
    cover: ScreenCover,
    texture_limit: u32,
) -> Result<Picture, DecodeError> {
    let (out_width, out_height) = fit(
        cover.width.max(1),
        cover.height.max(1),
        texture_limit.max(1),
    );
    let source_size = if orientation_swaps(orientation) {
        [height, width]
    } else {
        [width, height]
    };
    // The scale at which the upright photo just covers the screen.
    let scale = (f64::from(out_width) / f64::from(source_size[0].max(1)))
        .max(f64::from(out_height) / f64::from(source_size[1].max(1)));
    let wanted = |side: u32| ((f64::from(side) * scale).ceil() as u32).max(1);
    let scaled = (format == Some(image::ImageFormat::Jpeg) && scale < 1.0)
        .then(|| decode_jpeg_scaled(bytes, wanted(width), wanted(height)))
        .flatten();
    let mut image = match scaled {
        Some(image) => {
            drop(decoder);
            image
        }
        None => image::DynamicImage::from_decoder(decoder).map_err(DecodeError::Decode)?,
    };
    image.apply_orientation(orientation);
    let decoded = [f64::from(image.width()), f64::from(image.height())];
    // The part with the screen's shape about the focus, in the decoded pixels.
    let aspect = f64::from(out_width) / f64::from(out_height);
    let crop_width = decoded[0].min(decoded[1] * aspect);
    let crop_height = (crop_width / aspect).min(decoded[1]);
    let start = |focus: u16, whole: f64, part: f64| {
        (f64::from(focus) / 1000.0 * whole - part / 2.0).clamp(0.0, (whole - part).max(0.0))
    };
    let source = fr::images::Image::from_vec_u8(
        image.width(),
        image.height(),
        image.into_rgb8().into_raw(),
        fr::PixelType::U8x3,
    )
    .map_err(DecodeError::ScaleBuffer)?;
    let mut target = fr::images::Image::new(out_width, out_height, fr::PixelType::U8x3);
    let options = fr::ResizeOptions::new()
        .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Bilinear))
        .crop(
            start(cover.focus[0], decoded[0], crop_width),
            start(cover.focus[1], decoded[1], crop_height),
            crop_width,
            crop_height,
        );
    fr::Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(DecodeError::Scale)?;
    Ok(Picture {
        rgb: target.into_vec(),
        width: out_width,
        height: out_height,
        source_size,
    })
}

fn orientation_swaps(orientation: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::{Rotate90, Rotate90FlipH, Rotate270, Rotate270FlipH};
    matches!(
        orientation,
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH
    )
}

/// Decodes a JPEG at the smallest DCT scale (1/8 to 1) that is still at least
/// `width`×`height`. `None` if this path cannot (the general decoder then decodes it).
fn decode_jpeg_scaled(bytes: &[u8], width: u32, height: u32) -> Option<image::DynamicImage> {
    super::jpeg::decode_scaled(bytes, width, height, MAX_IMAGE_PIXELS)?.into_image()
}

fn clamp_region(region: Region, [width, height]: [u32; 2]) -> Region {
    let x = region.x.min(width.saturating_sub(1));
    let y = region.y.min(height.saturating_sub(1));
    Region {
        x,
        y,
        width: region.width.clamp(1, (width - x).max(1)),
        height: region.height.clamp(1, (height - y).max(1)),
    }
}

/// The size of `width`×`height` scaled down to fit `max_side`, keeping the aspect.
pub fn fit(width: u32, height: u32, max_side: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= max_side {
        return (width.max(1), height.max(1));
    }
    let scale = f64::from(max_side) / f64::from(longest);
    let scaled = |side: u32| ((f64::from(side) * scale).round() as u32).max(1);
    (scaled(width), scaled(height))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    fn texture_side(state: &ImageState) -> Option<usize> {
        match state {
            ImageState::Ready { texture, .. } => Some(texture.size()[0]),
            _ => None,
        }
    }

    /// A cache decoding on the calling thread: each request is ready after one frame.
    fn cache(budget: usize) -> ImageCache {
        ImageCache::new(&egui::Context::default(), budget, 0)
    }

    #[test]
    fn the_least_recently_used_textures_go_when_over_budget() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = (0..5)
            .map(|n| jpeg(dir.path(), &format!("{n}.jpg"), 400, 300))
            .collect();
        // Room for three 64×48 textures.
        let mut cache = cache(3 * 64 * 48 * 4);
        for path in &paths {
            cache.request(path, 64, Priority::Now);
            cache.begin_frame();
            assert!(texture_side(&cache.request(path, 64, Priority::Now)).is_some());
        }
        cache.begin_frame();
        let stats = cache.stats();
        assert_eq!(stats.textures, 3);
        assert!(stats.bytes <= 3 * 64 * 48 * 4);
        assert_eq!(stats.evicted, 2);
        // The newest three stayed; the oldest must be decoded again.
        assert!(texture_side(&cache.request(&paths[4], 64, Priority::Now)).is_some());
        assert!(matches!(
            cache.request(&paths[0], 64, Priority::Now),
            ImageState::Loading
        ));
    }

    #[test]
    fn a_prefetched_photo_is_ready_at_its_first_request() {
        let dir = tempfile::tempdir().unwrap();
        let path = jpeg(dir.path(), "next.jpg", 400, 300);
        let mut cache = cache(64 << 20);
        cache.prefetch(&path, 200);
        cache.begin_frame();
        assert_eq!(
            texture_side(&cache.request(&path, 200, Priority::Now)),
            Some(200)
        );
    }

    #[test]
    fn a_smaller_version_stands_in_while_the_sharp_one_decodes() {
        let dir = tempfile::tempdir().unwrap();
        let path = jpeg(dir.path(), "photo.jpg", 400, 300);
        let mut cache = cache(64 << 20);
        assert!(cache.best_ready(&path).is_none());
        cache.request(&path, 100, Priority::Now);
        cache.begin_frame();
        assert!(matches!(
            cache.request(&path, 400, Priority::Now),
            ImageState::Loading
        ));
        let stand_in = cache.best_ready(&path).map(|state| texture_side(&state));
        assert_eq!(stand_in, Some(Some(100)));
        cache.begin_frame();
        assert_eq!(
            cache.best_ready(&path).map(|state| texture_side(&state)),
            Some(Some(400)),
            "the sharp version, once decoded"
        );
    }

    #[test]
    fn a_decoder_panic_fails_that_photo_and_the_worker_decodes_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let bad = jpeg(dir.path(), "bad.jpg", 400, 300);
        let good = jpeg(dir.path(), "good.jpg", 400, 300);
        *PANIC_ON.lock().unwrap() = Some(bad.clone());
        // One worker thread, as on a small kiosk PC: if it died, nothing would decode.
        let mut cache = ImageCache::new(&egui::Context::default(), 64 << 20, 1);
        let settle = |cache: &mut ImageCache, path: &Path| {
            for _ in 0..200 {
                cache.begin_frame();
                let state = cache.request(path, 100, Priority::Now);
                if !matches!(state, ImageState::Loading) {
                    return state;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            ImageState::Loading
        };
        assert!(matches!(settle(&mut cache, &bad), ImageState::Failed));
        let problems = cache.take_problems();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].ends_with("bad.jpg: the decoder failed: injected decoder fault"),
            "{problems:?}"
        );
        assert!(texture_side(&settle(&mut cache, &good)).is_some());
        *PANIC_ON.lock().unwrap() = None;
    }

    /// A JPEG whose EXIF says "rotate 90° clockwise to view", as phones write them.
    fn jpeg_rotated(dir: &Path, name: &str, width: u32, height: u32) -> PathBuf {
        let path = jpeg(dir, name, width, height);
        let bytes = std::fs::read(&path).unwrap();
        let mut tiff = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
        tiff.extend([1, 0]); // one entry:
        tiff.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]); // Orientation = 6
        tiff.extend([0, 0, 0, 0]); // no next IFD
        let mut app1 = b"Exif\x00\x00".to_vec();
        app1.extend(tiff);
        let length = u16::try_from(app1.len() + 2).unwrap();
        let mut out = bytes[..2].to_vec(); // SOI
        out.extend([0xFF, 0xE1]);
        out.extend(length.to_be_bytes());
        out.extend(app1);
        out.extend(&bytes[2..]);
        std::fs::write(&path, out).unwrap();
        path
    }

    #[test]
    fn exif_orientation_turns_the_photo_upright() {
        let dir = tempfile::tempdir().unwrap();
        let path = jpeg_rotated(dir.path(), "phone.jpg", 400, 200);
        for max_side in [400, 100] {
            // Full size, and small enough for the reduced-scale JPEG path.
            let key = ImageKey {
                path: path.clone(),
                max_side,
                region: None,
                cover: None,
            };
            let (image, source_size) = decode(&key).unwrap();
            assert_eq!(source_size, [200, 400], "upright size at {max_side}");
            assert_eq!(
                image.size,
                [max_side as usize / 2, max_side as usize],
                "texture at {max_side}"
            );
        }
    }

    #[test]
    fn fit_never_scales_up() {
        assert_eq!(fit(4000, 3000, 1000), (1000, 750));
        assert_eq!(fit(300, 200, 1000), (300, 200));
        assert_eq!(fit(3000, 4000, 1000), (750, 1000));
    }

    fn jpeg(dir: &Path, name: &str, width: u32, height: u32) -> PathBuf {
        let path = dir.join(name);
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        image.save(&path).unwrap();
        path
    }

    fn key(path: &Path, max_side: u32) -> ImageKey {
        ImageKey {
            path: path.to_path_buf(),
            max_side,
            region: None,
            cover: None,
        }
    }

    #[test]
    fn a_large_jpeg_decodes_scaled_to_the_screen() {
        let dir = tempfile::tempdir().unwrap();
        let path = jpeg(dir.path(), "big.jpg", 4000, 3000);
        let (image, source) = decode(&key(&path, 1920)).unwrap();
        assert_eq!(source, [4000, 3000]);
        // Decoded at half size; a few percent over the screen is kept as it is.
        assert_eq!(image.size, [2000, 1500]);
        // Not beyond what the graphics card takes.
        let (limited, _) = decode_within(&key(&path, 1920), 1920).unwrap();
        assert_eq!(limited.size, [1920, 1440]);
        // A region at full detail comes from the whole photo.
        let region = Region {
            x: 1000,
            y: 1000,
            width: 800,
            height: 600,
        };
        let (detail, _) = decode(&ImageKey {
            region: Some(region),
            ..key(&path, 1920)
        })
        .unwrap();
        assert_eq!(detail.size, [800, 600]);
    }

    #[test]
    fn truncated_and_corrupt_files_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let path = jpeg(dir.path(), "whole.jpg", 640, 480);
        let bytes = std::fs::read(&path).unwrap();
        let truncated = dir.path().join("truncated.jpg");
        std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
        // Either a clear error or a partial picture: never a panic.
        let _ = decode(&key(&truncated, 320));
        let junk = dir.path().join("junk.jpg");
        std::fs::write(&junk, b"not an image at all").unwrap();
        assert!(decode(&key(&junk, 320)).is_err());
        assert!(decode(&key(&dir.path().join("missing.jpg"), 320)).is_err());
    }

    #[test]
    fn a_huge_file_is_refused_without_reading_it() {
        // A sparse 300 MB file: no disk used, and it must not be read into memory.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.jpg");
        std::fs::File::create(&path)
            .unwrap()
            .set_len(300 * 1024 * 1024)
            .unwrap();
        assert_eq!(
            decode(&key(&path, 1920)).unwrap_err().to_string(),
            "the file is 300 MB; photos are limited to 256 MB"
        );
    }

    #[test]
    fn a_decompression_bomb_is_refused_before_decoding() {
        // A PNG header claiming 20000×20000 pixels: refused from the header alone.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.png");
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut chunk = |kind: &[u8], data: &[u8]| {
            png.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut body = kind.to_vec();
            body.extend_from_slice(data);
            png.extend_from_slice(&body);
            png.extend_from_slice(&crc32(&body).to_be_bytes());
        };
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&20_000u32.to_be_bytes());
        ihdr.extend_from_slice(&20_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        chunk(b"IHDR", &ihdr);
        chunk(b"IEND", &[]);
        std::fs::write(&path, png).unwrap();
        let err = decode(&key(&path, 1920)).unwrap_err().to_string();
        assert!(err.contains("limit") || err.contains("20000"), "{err}");
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn regions_are_clamped_to_the_photo() {
        let region = clamp_region(
            Region {
                x: 90,
                y: 90,
                width: 50,
                height: 50,
            },
            [100, 100],
        );
        assert_eq!(
            region,
            Region {
                x: 90,
                y: 90,
                width: 10,
                height: 10
            }
        );
    }
}
