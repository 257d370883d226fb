//! What is in `media/`: one walk of the folder answers "does this file exist", "does
//! this link lead outside", and "what did you mean" for every path the content names.
//! With probing on (`kiosk check`), files are also opened to read image dimensions,
//! audio durations and caption cues.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::BufReader;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use rodio::Source as _;

use crate::captions::Captions;
use crate::diagnostics::{Message, as_clause, closest};
use crate::msg;

/// Images larger than this on a side are refused (decoder and GPU limits).
pub const MAX_IMAGE_SIDE: u32 = 16_384;
/// Images with more pixels than this are refused (100 megapixels ≈ 400 MB decoded).
pub const MAX_IMAGE_PIXELS: u64 = 100_000_000;

/// What kind of media a field expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Audio,
    Captions,
    Video,
}

impl MediaKind {
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Image => &["jpg", "jpeg", "png", "webp"],
            Self::Audio => &["ogg", "oga", "mp3", "wav", "flac"],
            Self::Captions => &["vtt"],
            Self::Video => &["webm", "mkv", "mp4", "ogv"],
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Self::Image => "an image",
            Self::Audio => "audio",
            Self::Captions => "captions",
            Self::Video => "a film",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    File,
    /// A symbolic link whose target is outside `media/` (or dangling).
    EscapingLink,
}

/// Why a media path cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaProblem {
    pub message: String,
    pub hint: Option<String>,
    /// For a caption file that is not valid WebVTT: the line and what is wrong there,
    /// for a message that names the caption file itself.
    pub in_captions: Option<crate::captions::CaptionError>,
}

impl MediaProblem {
    fn new(message: Message) -> Self {
        Self {
            message: message.into(),
            hint: None,
            in_captions: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// What probing found out about a file.
#[derive(Clone, Debug, PartialEq)]
pub enum Probe {
    Image { width: u32, height: u32 },
    Audio { duration: Option<Duration> },
    Captions(Captions),
    Video(FilmProbe),
}

/// What GStreamer's Discoverer found in a film that it can play here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilmProbe {
    pub duration: Option<Duration>,
    pub width: u32,
    pub height: u32,
    pub has_sound: bool,
}

/// Why a media path is refused: a problem with the path itself, or no such file (the
/// path normalised, for finding a suggestion).
enum Refusal {
    Problem(MediaProblem),
    Missing(String),
}

impl From<MediaProblem> for Refusal {
    fn from(problem: MediaProblem) -> Self {
        Self::Problem(problem)
    }
}

/// The files under `media/`, keyed by their path relative to it with `/` separators.
#[derive(Debug, Default)]
pub struct MediaIndex {
    root: PathBuf,
    entries: BTreeMap<String, Entry>,
    /// Folders reached again through a link: the link's path → the path the folder's
    /// files are listed under.
    aliases: HashMap<String, String>,
    probes: HashMap<String, Result<Probe, MediaProblem>>,
}

impl MediaIndex {
    /// Walks `root`. A missing folder gives an empty index (every reference then
    /// reports its own missing file).
    pub fn scan(root: &Path) -> Self {
        let mut walk = Walk {
            canonical_root: PathBuf::new(),
            entries: BTreeMap::new(),
            aliases: HashMap::new(),
            walked: HashMap::new(),
        };
        if let Ok(canonical_root) = root.canonicalize() {
            walk.walked.insert(canonical_root.clone(), String::new());
            walk.canonical_root = canonical_root.clone();
            walk.folder(root, &canonical_root, "", 0);
        }
        Self {
            root: root.to_path_buf(),
            entries: walk.entries,
            aliases: walk.aliases,
            probes: HashMap::new(),
        }
    }

    pub fn file_count(&self) -> usize {
        self.entries.len()
    }

    /// Checks that `relative` names a usable file of `kind`, or says why not.
    pub fn check(&self, relative: &str, kind: MediaKind) -> Result<(), MediaProblem> {
        self.verdict(relative, kind)
            .map_err(|refusal| match refusal {
                Refusal::Problem(problem) => problem,
                Refusal::Missing(normal) => {
                    let problem = MediaProblem::new(msg!("file not found: media/{relative}"));
                    match self.suggest(&normal, kind) {
                        Some(best) => problem.hint(format!("did you mean `{best}`?")),
                        None => problem,
                    }
                }
            })
    }

    /// Whether `relative` names a usable file of `kind`: [`MediaIndex::check`] without
    /// the search for a suggestion, cheap enough for every frame.
    pub fn accepts(&self, relative: &str, kind: MediaKind) -> bool {
        self.verdict(relative, kind).is_ok()
    }

    fn verdict(&self, relative: &str, kind: MediaKind) -> Result<(), Refusal> {
        if relative.trim().is_empty() {
            return Err(MediaProblem::new(msg!("the file name is empty")).into());
        }
        if relative.contains('\\') {
            return Err(MediaProblem::new(msg!("`{relative}` uses `\\`"))
                .hint(format!("write `{}`", relative.replace('\\', "/")))
                .into());
        }
        let path = Path::new(relative);
        if path.is_absolute() || relative.starts_with('/') {
            return Err(MediaProblem::new(msg!(
                "`{relative}` is an absolute path; media paths are relative to media/"
            ))
            .hint("copy the file into media/ and name it like `photos/name.jpg`")
            .into());
        }
        if path.components().any(|c| matches!(c, Component::ParentDir)) {
            return Err(MediaProblem::new(msg!("`{relative}` leads outside media/"))
                .hint("copy the file into media/ and name it from there")
                .into());
        }
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !kind.extensions().contains(&extension.as_str()) {
            return Err(MediaProblem::new(msg!(
                "`{relative}` is not {}: expected a .{} file",
                kind.noun(),
                kind.extensions().join(", .")
            ))
            .into());
        }
        let normal = normalise(relative);
        match self.lookup(&normal) {
            Some(Entry::File) => Ok(()),
            Some(Entry::EscapingLink) => Err(MediaProblem::new(msg!(
                "`{relative}` is a link that leads outside media/"
            ))
            .hint("copy the file itself into media/")
            .into()),
            None => Err(Refusal::Missing(normal)),
        }
    }

    /// The entry at `normal`, following folder links to where their files are listed.
    /// A link leading outside on the way makes the whole path lead outside.
    fn lookup(&self, normal: &str) -> Option<Entry> {
        let mut resolved = String::new();
        let mut parts = normal.split('/').peekable();
        while let Some(part) = parts.next() {
            let path = if resolved.is_empty() {
                part.to_owned()
            } else {
                format!("{resolved}/{part}")
            };
            if parts.peek().is_none() {
                return self.entries.get(&path).copied();
            }
            if self.entries.get(&path) == Some(&Entry::EscapingLink) {
                return Some(Entry::EscapingLink);
            }
            // A listed path holds no aliases, so each part is resolved once.
            resolved = self.aliases.get(&path).cloned().unwrap_or(path);
        }
        None
    }

    /// The closest existing file of the same kind.
    fn suggest(&self, wanted: &str, kind: MediaKind) -> Option<&str> {
        let of_kind = self.entries.keys().map(String::as_str).filter(|name| {
            Path::new(name)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| kind.extensions().contains(&e.to_ascii_lowercase().as_str()))
        });
        closest(wanted, of_kind)
    }

    /// Opens the file to learn its dimensions, duration or cues. Cached per path.
    pub fn probe(&mut self, relative: &str, kind: MediaKind) -> Result<Probe, MediaProblem> {
        let normal = normalise(relative);
        if let Some(done) = self.probes.get(&normal) {
            return done.clone();
        }
        let full = self.root.join(&normal);
        let result = match kind {
            MediaKind::Image => probe_image(&full),
            MediaKind::Audio => probe_audio(&full),
            MediaKind::Captions => probe_captions(&full),
            MediaKind::Video => probe_film(&full).map(Probe::Video),
        };
        self.probes.insert(normal, result.clone());
        result
    }
}

fn normalise(relative: &str) -> String {
    relative
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Folders nested deeper than this are not listed.
const MAX_DEPTH: usize = 16;

/// One walk of `media/`. Each real folder is listed once, however many links lead to
/// it: two links to a parent folder would otherwise double the paths at every level.
struct Walk {
    canonical_root: PathBuf,
    entries: BTreeMap<String, Entry>,
    aliases: HashMap<String, String>,
    /// Folders listed so far, by canonical path, with the path they are listed under.
    walked: HashMap<PathBuf, String>,
}

impl Walk {
    fn folder(&mut self, dir: &Path, canonical_dir: &Path, prefix: &str, depth: usize) {
        let Ok(read) = std::fs::read_dir(dir) else {
            return;
        };
        for item in read.flatten() {
            let name = item.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let relative = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            let path = item.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.file_type().is_symlink() {
                match path.canonicalize() {
                    Ok(target) if target.starts_with(&self.canonical_root) => {
                        if target.is_dir() {
                            self.enter(&path, target, relative, depth);
                        } else {
                            self.entries.insert(relative, Entry::File);
                        }
                    }
                    // Outside, dangling, or a loop of links.
                    _ => {
                        self.entries.insert(relative, Entry::EscapingLink);
                    }
                }
            } else if meta.is_dir() {
                self.enter(&path, canonical_dir.join(item.file_name()), relative, depth);
            } else {
                self.entries.insert(relative, Entry::File);
            }
        }
    }

    fn enter(&mut self, path: &Path, canonical: PathBuf, relative: String, depth: usize) {
        if let Some(listed) = self.walked.get(&canonical) {
            self.aliases.insert(relative, listed.clone());
            return;
        }
        if depth >= MAX_DEPTH {
            return;
        }
        self.walked.insert(canonical.clone(), relative.clone());
        self.folder(path, &canonical, &relative, depth + 1);
    }
}

fn probe_image(path: &Path) -> Result<Probe, MediaProblem> {
    // Reads only as far as the header: no pixels are decoded, and a 12-megapixel JPEG
    // costs a few kilobytes of reading.
    let file = std::fs::File::open(path)
        .map_err(|err| MediaProblem::new(msg!("cannot open the image: {err}")))?;
    let mut reader = std::io::BufReader::with_capacity(16 * 1024, file);
    let size = imagesize::reader_size(&mut reader).map_err(|err| match err {
        imagesize::ImageError::NotSupported => {
            MediaProblem::new(msg!("the file is not a JPEG, PNG or WebP image"))
        }
        imagesize::ImageError::CorruptedImage => MediaProblem::new(msg!(
            "the image cannot be read: it ends before its size is given (is the file complete?)"
        )),
        imagesize::ImageError::IoError(err) => {
            MediaProblem::new(msg!("cannot read the image: {err}"))
        }
    })?;
    let width = u32::try_from(size.width).unwrap_or(u32::MAX);
    let height = u32::try_from(size.height).unwrap_or(u32::MAX);
    check_image_size(width, height)?;
    Ok(Probe::Image { width, height })
}

/// Refuses images too large to decode safely on a kiosk PC.
pub fn check_image_size(width: u32, height: u32) -> Result<(), MediaProblem> {
    if width == 0 || height == 0 {
        return Err(MediaProblem::new(msg!("the image has no pixels")));
    }
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(MediaProblem::new(msg!(
            "the image is {width}×{height} px; at most {MAX_IMAGE_SIDE} px a side is allowed"
        ))
        .hint("scale it down, e.g. to 6000 px on the long side"));
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_IMAGE_PIXELS {
        return Err(MediaProblem::new(msg!(
            "the image has {} megapixels; at most {} are allowed",
            pixels / 1_000_000,
            MAX_IMAGE_PIXELS / 1_000_000
        ))
        .hint("scale it down, e.g. to 6000 px on the long side"));
    }
    Ok(())
}

fn probe_audio(path: &Path) -> Result<Probe, MediaProblem> {
    let duration = probe_duration(path).map_err(|err| {
        MediaProblem::new(msg!(
            "the audio cannot be decoded ({})",
            as_clause(&err.to_string())
        ))
        .hint("is the file complete, and Ogg Vorbis, MP3, WAV or FLAC?")
    })?;
    Ok(Probe::Audio { duration })
}

/// Why an audio file cannot be opened for playing: the file, or the decoder.
#[derive(Debug, thiserror::Error)]
pub enum AudioOpenError {
    #[error(transparent)]
    File(#[from] std::io::Error),
    #[error(transparent)]
    Decoder(#[from] rodio::decoder::DecoderError),
}

/// Opens an audio file and reads its duration from its headers (no full decode).
fn probe_duration(path: &Path) -> Result<Option<Duration>, AudioOpenError> {
    let decoder = open_audio(path)?;
    Ok(decoder.total_duration())
}

/// Opens an audio file for decoding, its extension the format hint. The check probes
/// with it and the narrator plays what it opens, so both read a file the same way.
pub fn open_audio(path: &Path) -> Result<rodio::Decoder<BufReader<File>>, AudioOpenError> {
    let file = File::open(path)?;
    let byte_len = file.metadata()?.len();
    let mut builder = rodio::Decoder::builder()
        .with_data(BufReader::new(file))
        .with_byte_len(byte_len)
        .with_seekable(true);
    if let Some(extension) = path.extension().and_then(|e| e.to_str()) {
        builder = builder.with_hint(extension);
    }
    Ok(builder.build()?)
}

/// How long the Discoverer may take over one film before it is called unreadable.
const DISCOVER_TIMEOUT_SECS: u64 = 15;

/// Opens a film with GStreamer's Discoverer, as the kiosk's player would: which streams
/// it holds and whether this machine has the plugins to decode them. The check and the
/// morning self-test both call it.
pub fn probe_film(path: &Path) -> Result<FilmProbe, MediaProblem> {
    use gstreamer as gst;
    use gstreamer_pbutils as pbutils;

    gst::init().map_err(|err| {
        MediaProblem::new(msg!(
            "GStreamer cannot start here, so no film can be checked or played ({})",
            as_clause(&err.to_string())
        ))
        .hint("install the packages the README names (gstreamer1.0-plugins-base and -good)")
    })?;
    // GStreamer wants an absolute file URI; `kiosk check .` gives relative paths.
    let uri = std::path::absolute(path)
        .map_err(|err| err.to_string())
        .and_then(|path| gst::glib::filename_to_uri(path, None).map_err(|err| err.to_string()))
        .map_err(|err| MediaProblem::new(msg!("cannot open the film: {err}")))?;
    let (info, error) = discover(&uri).map_err(|err| {
        MediaProblem::new(msg!(
            "GStreamer cannot start here, so no film can be checked or played ({})",
            as_clause(&err.to_string())
        ))
    })?;
    // The missing plugins first: GStreamer's error for them says only that one is missing.
    if let Some(problem) = missing_plugins(&info.missing_elements_installer_details()) {
        return Err(problem);
    }
    match info.result() {
        pbutils::DiscovererResult::Ok => {}
        pbutils::DiscovererResult::Timeout => {
            return Err(MediaProblem::new(msg!(
                "the film could not be opened within {DISCOVER_TIMEOUT_SECS} seconds"
            ))
            .hint("is the file complete? Copy it again from the original"));
        }
        _ => {
            let reason = error
                .as_ref()
                .map_or("GStreamer could not read it", |e| e.message());
            return Err(unreadable_film(reason));
        }
    }
    let video = info.video_streams();
    let Some(picture) = video.iter().find(|v| !v.is_image()) else {
        return Err(
            MediaProblem::new(msg!("the file holds no picture, only sound or nothing"))
                .hint("a recording without a picture belongs in the panel's `narration`"),
        );
    };
    Ok(FilmProbe {
        duration: info
            .duration()
            .map(|d| Duration::from_nanos(d.nseconds()))
            .filter(|d| !d.is_zero()),
        width: picture.width(),
        height: picture.height(),
        has_sound: !info.audio_streams().is_empty(),
    })
}

/// Runs the Discoverer on one URI. Its blocking call drops what it found when it also
/// reports an error (a missing plugin is both), so the asynchronous one runs on a main
/// context of this thread's own, which is turned until the answer comes; the
/// Discoverer's timeout bounds the wait.
fn discover(
    uri: &str,
) -> Result<
    (
        gstreamer_pbutils::DiscovererInfo,
        Option<gstreamer::glib::Error>,
    ),
    gstreamer::glib::Error,
> {
    use gstreamer::glib;
    use std::sync::{Arc, Mutex};
    type Found = Arc<Mutex<Option<(gstreamer_pbutils::DiscovererInfo, Option<glib::Error>)>>>;

    let context = glib::MainContext::new();
    context
        .with_thread_default(|| {
            let discoverer = gstreamer_pbutils::Discoverer::new(
                gstreamer::ClockTime::from_seconds(DISCOVER_TIMEOUT_SECS),
            )?;
            let found: Found = Arc::default();
            let slot = Arc::clone(&found);
            discoverer.connect_discovered(move |_, info, error| {
                if let Ok(mut slot) = slot.lock() {
                    // A reference, not `copy()`: GStreamer 1.22's copy leaves out the missing
                    // plugins' details, and reading them from a copy crashes.
                    *slot = Some((info.clone(), error.cloned()));
                }
            });
            let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let finished = Arc::clone(&done);
            discoverer.connect_finished(move |_| {
                finished.store(true, std::sync::atomic::Ordering::SeqCst);
            });
            discoverer.start();
            let queued = discoverer.discover_uri_async(uri);
            while queued.is_ok() && !done.load(std::sync::atomic::Ordering::SeqCst) {
                context.iteration(true);
            }
            discoverer.stop();
            let answer = found.lock().ok().and_then(|mut slot| slot.take());
            answer.ok_or_else(|| {
                glib::Error::new(
                    gstreamer::CoreError::Failed,
                    "the Discoverer gave no answer",
                )
            })
        })
        .map_err(|err| glib::Error::new(gstreamer::CoreError::Failed, &err.to_string()))?
}

fn unreadable_film(reason: &str) -> MediaProblem {
    MediaProblem::new(msg!(
        "the film cannot be read: {}",
        reason.trim().trim_end_matches('.')
    ))
        .hint("is the file complete? Copy it again from the original, or re-encode it as section 5 of the curator's guide shows")
}

/// The first missing plugin of the Discoverer's installer details
/// (`gstreamer|1.0|app|H.264 (High Profile) decoder|decoder-video/x-h264, …`).
fn missing_plugins(details: &[gstreamer::glib::GString]) -> Option<MediaProblem> {
    details.first().map(|detail| missing_codec(detail))
}

/// A codec this machine cannot decode, named in words with the Debian package that
/// decodes it; `detail` holds GStreamer's caps or description of it.
fn missing_codec(detail: &str) -> MediaProblem {
    let (codec, package) = codec_and_package(detail);
    MediaProblem::new(msg!(
        "{codec} cannot be decoded here: install {package}, or re-encode the film"
    ))
    .hint("re-encode it as VP9 in WebM with the ffmpeg command in section 5 of the curator's guide")
}

/// The codec's name and the Debian 12 package whose GStreamer plugin decodes it.
fn codec_and_package(detail: &str) -> (String, &'static str) {
    const GOOD: &str = "gstreamer1.0-plugins-good";
    const BASE: &str = "gstreamer1.0-plugins-base";
    const BAD: &str = "gstreamer1.0-plugins-bad";
    const LIBAV: &str = "gstreamer1.0-libav";
    let known: [(&str, &str, &'static str); 14] = [
        ("video/x-vp8", "VP8", GOOD),
        ("video/x-vp9", "VP9", GOOD),
        ("video/x-matroska", "WebM/Matroska", GOOD),
        ("video/webm", "WebM", GOOD),
        ("video/quicktime", "MP4/QuickTime", GOOD),
        ("audio/x-opus", "Opus", BASE),
        ("audio/x-vorbis", "Vorbis", BASE),
        ("video/x-theora", "Theora", BASE),
        ("application/ogg", "Ogg", BASE),
        ("video/x-h264", "H.264", LIBAV),
        ("video/x-h265", "H.265", LIBAV),
        ("audio/mpeg", "AAC/MP3", LIBAV),
        ("video/mpeg", "MPEG video", LIBAV),
        ("video/x-av1", "AV1", BAD),
    ];
    let lower = detail.to_ascii_lowercase();
    for (caps, name, package) in known {
        if lower.contains(caps) {
            return (name.to_owned(), package);
        }
    }
    // GStreamer's own words: the description field of the installer detail.
    let words = detail
        .split('|')
        .nth(3)
        .map(|d| d.trim_end_matches(" decoder").trim_end_matches(" demuxer"))
        .filter(|d| !d.is_empty())
        .unwrap_or("The film's codec");
    // Most other codecs are decoded by GStreamer's FFmpeg plugin.
    (words.to_owned(), LIBAV)
}

fn probe_captions(path: &Path) -> Result<Probe, MediaProblem> {
    read_captions(path).map(Probe::Captions)
}

/// Reads and parses a WebVTT file, in the words `kiosk check` uses for its problems
/// (the self-test reads every caption file with it).
pub fn read_captions(path: &Path) -> Result<Captions, MediaProblem> {
    let bytes = std::fs::read(path)
        .map_err(|err| MediaProblem::new(msg!("cannot read the captions: {err}")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        MediaProblem::new(msg!("the captions are not UTF-8 text")).hint("save the file as UTF-8")
    })?;
    Captions::parse(&text).map_err(|err| MediaProblem {
        in_captions: Some(err.clone()),
        ..MediaProblem::new(msg!("invalid WebVTT at {err}"))
    })
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    fn media_with_photo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("photos")).unwrap();
        std::fs::write(dir.path().join("photos/a.jpg"), b"jpeg").unwrap();
        dir
    }

    #[test]
    fn links_to_a_parent_folder_are_walked_once() {
        let media = media_with_photo();
        // Two ways up from every folder: followed blindly, 2^16 paths.
        symlink("..", media.path().join("photos/up")).unwrap();
        symlink("..", media.path().join("photos/up-again")).unwrap();
        symlink(".", media.path().join("here")).unwrap();
        let index = MediaIndex::scan(media.path());
        assert_eq!(index.file_count(), 1);
        // Paths through the links still name the file.
        for path in [
            "photos/a.jpg",
            "photos/up/photos/a.jpg",
            "here/photos/a.jpg",
        ] {
            assert_eq!(index.check(path, MediaKind::Image), Ok(()), "{path}");
        }
        assert_eq!(
            index
                .check("photos/up/up-again/photos/a.jpg", MediaKind::Image)
                .map_err(|problem| problem.message),
            Err("file not found: media/photos/up/up-again/photos/a.jpg".to_owned())
        );
        assert_eq!(
            index.check(
                "photos/up/photos/up-again/here/photos/a.jpg",
                MediaKind::Image
            ),
            Ok(())
        );
    }

    #[test]
    fn folders_linking_to_each_other_are_walked_once() {
        let media = media_with_photo();
        std::fs::create_dir(media.path().join("more")).unwrap();
        std::fs::write(media.path().join("more/b.png"), b"png").unwrap();
        symlink("../more", media.path().join("photos/more")).unwrap();
        symlink("../photos", media.path().join("more/photos")).unwrap();
        // Links to each other directly go nowhere.
        symlink("knot-b", media.path().join("knot-a")).unwrap();
        symlink("knot-a", media.path().join("knot-b")).unwrap();
        let index = MediaIndex::scan(media.path());
        assert_eq!(index.file_count(), 4, "{:?}", index.entries.keys());
        assert_eq!(index.check("photos/more/b.png", MediaKind::Image), Ok(()));
        assert_eq!(
            index.check("more/photos/more/photos/a.jpg", MediaKind::Image),
            Ok(())
        );
        assert_eq!(
            index.check("knot-a", MediaKind::Image),
            Err(MediaProblem::new(msg!(
                "`knot-a` is not an image: expected a .jpg, .jpeg, .png, .webp file"
            )))
        );
    }

    #[test]
    fn links_leading_outside_are_still_reported() {
        let media = media_with_photo();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("c.jpg"), b"jpeg").unwrap();
        symlink(
            outside.path().join("c.jpg"),
            media.path().join("photos/c.jpg"),
        )
        .unwrap();
        symlink(outside.path(), media.path().join("elsewhere")).unwrap();
        symlink("../..", media.path().join("photos/above")).unwrap();
        let index = MediaIndex::scan(media.path());
        let outside_link = |path: &str| {
            Err(
                MediaProblem::new(msg!("`{path}` is a link that leads outside media/"))
                    .hint("copy the file itself into media/"),
            )
        };
        assert_eq!(
            index.check("photos/c.jpg", MediaKind::Image),
            outside_link("photos/c.jpg")
        );
        assert_eq!(
            index.check("elsewhere/c.jpg", MediaKind::Image),
            outside_link("elsewhere/c.jpg")
        );
        assert_eq!(
            index.check("photos/above/x.jpg", MediaKind::Image),
            outside_link("photos/above/x.jpg")
        );
    }
}
