//! Photos: decoded on worker threads, downscaled to the size they are shown at, and
//! kept as textures in a cache with a byte budget that evicts the least recently used.
//! Nothing here blocks a frame: a request returns `Loading` until a worker is done.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use eframe::egui;
use fast_image_resize as fr;
use image::ImageDecoder as _;

use crate::content::media_index::{MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, check_image_size};

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
    result: Result<(egui::ColorImage, [u32; 2]), String>,
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
}

impl ImageCache {
    /// Starts `workers` decoding threads; `budget_bytes` bounds the textures kept.
    /// With no workers, photos are decoded when requested (deterministic, for tests
    /// only: the kiosk never decodes inside a frame).
    pub fn new(ctx: &egui::Context, budget_bytes: usize, workers: usize) -> Self {
        let queue = Arc::new(Queue::default());
        let (sender, results) = channel();
        let workers = (0..workers)
            .filter_map(|index| {
                let queue = Arc::clone(&queue);
                let sender: Sender<Decoded> = sender.clone();
                let ctx = ctx.clone();
                std::thread::Builder::new()
                    .name(format!("photo-decoder-{index}"))
                    .spawn(move || {
                        while let Some(job) = queue.pop() {
                            let result = decode(&job.key);
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
                        }
                    })
                    .ok()
            })
            .collect();
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
                let texture = self
                    .ctx
                    .load_texture(name, image, egui::TextureOptions::LINEAR);
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
            },
            priority,
        )
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

    /// Asks for a version to be decoded ahead of need.
    pub fn prefetch(&mut self, path: &Path, max_side: u32) {
        let key = ImageKey {
            path: path.to_path_buf(),
            max_side: max_side.max(1),
            region: None,
        };
        self.request_key(key, Priority::Prefetch);
    }

    fn enqueue(&mut self, key: ImageKey, priority: Priority) {
        if self.workers.is_empty() {
            let result = decode(&key);
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
    }
}

impl Drop for ImageCache {
    fn drop(&mut self) {
        self.queue.shutdown.store(true, Ordering::SeqCst);
        self.queue.ready.notify_all();
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

/// Decodes one version of a photo: upright (EXIF orientation applied), cropped to the
/// region if any, and scaled down to fit `max_side`. Never scales up.
pub fn decode(key: &ImageKey) -> Result<(egui::ColorImage, [u32; 2]), String> {
    let file = File::open(&key.path).map_err(|err| format!("cannot open: {err}"))?;
    let mut reader = image::ImageReader::new(BufReader::new(file))
        .with_guessed_format()
        .map_err(|err| format!("cannot read: {err}"))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|err| format!("not a readable image: {err}"))?;
    let (width, height) = decoder.dimensions();
    check_image_size(width, height).map_err(|problem| problem.message)?;
    debug_assert!(u64::from(width) * u64::from(height) <= MAX_IMAGE_PIXELS);
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = image::DynamicImage::from_decoder(decoder)
        .map_err(|err| format!("cannot decode: {err}"))?;
    image.apply_orientation(orientation);
    let source_size = [image.width(), image.height()];
    let rgba = image.into_rgba8();

    let region = key.region.unwrap_or(Region {
        x: 0,
        y: 0,
        width: source_size[0],
        height: source_size[1],
    });
    let region = clamp_region(region, source_size);
    let (out_width, out_height) = fit(region.width, region.height, key.max_side);
    let whole = region.x == 0 && region.y == 0 && [region.width, region.height] == source_size;
    let pixels = if whole && out_width == source_size[0] && out_height == source_size[1] {
        rgba.into_raw()
    } else {
        let (w, h) = (rgba.width(), rgba.height());
        let source = fr::images::Image::from_vec_u8(w, h, rgba.into_raw(), fr::PixelType::U8x4)
            .map_err(|err| format!("cannot scale: {err}"))?;
        let mut target = fr::images::Image::new(out_width, out_height, fr::PixelType::U8x4);
        let options = fr::ResizeOptions::new()
            .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Bilinear))
            .crop(
                f64::from(region.x),
                f64::from(region.y),
                f64::from(region.width),
                f64::from(region.height),
            );
        fr::Resizer::new()
            .resize(&source, &mut target, &options)
            .map_err(|err| format!("cannot scale: {err}"))?;
        target.into_vec()
    };
    let image = egui::ColorImage::from_rgba_unmultiplied(
        [out_width as usize, out_height as usize],
        &pixels,
    );
    Ok((image, source_size))
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
    use super::*;

    #[test]
    fn fit_never_scales_up() {
        assert_eq!(fit(4000, 3000, 1000), (1000, 750));
        assert_eq!(fit(300, 200, 1000), (300, 200));
        assert_eq!(fit(3000, 4000, 1000), (750, 1000));
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
