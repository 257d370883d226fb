//! `kiosk bench`: the budgets of DESIGN.md measured on a generated hall of many
//! exhibits with 12-megapixel photos — load and validation, frame time per screen,
//! tap to sharp photo, narration start, and resident memory after opening every
//! photo twice. (Memory on the real window, textures included, is measured by
//! `kiosk --autopilot`; see docs/PERFORMANCE.md.)

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use eframe::egui;

use crate::app::{KioskApp, Options};
use crate::autopilot::Percentiles;
use crate::clock::ManualClock;
use crate::content::{LoadOptions, load_hall};
use crate::media::images::{ImageCache, ImageState, Priority};
use crate::synthetic_hall::{HallShape, HallSpec};
use crate::visit::Action;

/// What to generate.
#[derive(Clone, Debug)]
pub struct BenchConfig {
    pub exhibits: usize,
    pub photos_per_exhibit: usize,
    pub megapixels: u32,
    /// Distinct photo files; the rest are hard links to them (same decode work, less disk).
    pub distinct_photos: usize,
    /// Where to put the hall; a temporary folder when `None`.
    pub dir: Option<PathBuf>,
    /// Fonts for the frame measurements (the demo hall's).
    pub fonts: PathBuf,
    /// Passes over every photo for the memory figures (0: not measured).
    pub memory_passes: usize,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs every measurement and returns the report as Markdown.
pub fn run(config: &BenchConfig) -> anyhow::Result<String> {
    let temporary;
    let dir = match &config.dir {
        Some(dir) => dir.clone(),
        None => {
            temporary = tempfile_dir()?;
            temporary.clone()
        }
    };
    let mut out = String::new();
    let started = Instant::now();
    HallSpec {
        exhibits: config.exhibits,
        shape: HallShape::bench(config.photos_per_exhibit),
        megapixels: config.megapixels,
        distinct_photos: config.distinct_photos,
        fonts: Some(config.fonts.clone()),
    }
    .write(&dir)?;
    let _ = writeln!(
        out,
        "Generated hall: {} exhibits × {} photos of {} MP ({} distinct files, the rest hard links) in {:.1} s\n",
        config.exhibits,
        config.photos_per_exhibit,
        config.megapixels,
        config.distinct_photos,
        started.elapsed().as_secs_f64()
    );

    // 1. Load and validate (the kiosk's start, and `kiosk check`).
    let mut start_times = Vec::new();
    let mut check_times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let loaded = load_hall(&dir, LoadOptions::default())?;
        start_times.push(ms(t.elapsed()));
        anyhow::ensure!(
            loaded.diagnostics.error_count() == 0,
            "the generated hall has errors:\n{}",
            loaded.diagnostics.render(crate::diagnostics::Style::Plain)
        );
        let t = Instant::now();
        let _ = load_hall(&dir, LoadOptions { probe_media: true })?;
        check_times.push(ms(t.elapsed()));
    }
    let Percentiles {
        median: start_median,
        max: start_max,
        ..
    } = Percentiles::of(&start_times);
    let Percentiles {
        median: check_median,
        max: check_max,
        ..
    } = Percentiles::of(&check_times);
    let _ = writeln!(
        out,
        "| measurement | median | max | budget |\n| --- | --- | --- | --- |"
    );
    let _ = writeln!(
        out,
        "| load + validate, kiosk start (media checked to exist) | {start_median:.0} ms | {start_max:.0} ms | ≤ 300 ms |"
    );
    let _ = writeln!(
        out,
        "| load + validate, `kiosk check` (every media header read) | {check_median:.0} ms | {check_max:.0} ms | — |"
    );

    // 2. Frame time (layout + tessellation) per screen, headless, on this thread.
    let frames = frame_times(&dir, &config.fonts)?;
    let _ = writeln!(
        out,
        "\n| screen (1920×1080) | median | p99 | max | budget |\n| --- | --- | --- | --- | --- |"
    );
    for (screen, samples) in frames {
        let Percentiles { median, p99, max } = Percentiles::of(&samples);
        let _ = writeln!(
            out,
            "| {screen} | {median:.2} ms | {p99:.2} ms | {max:.2} ms | ≤ 4 ms median, ≤ 8 ms p99 |"
        );
    }

    // 3. Tap on a 12-megapixel photo → sharp texture.
    let (cold, warm, longest) = photo_latency(&dir)?;
    let _ = writeln!(
        out,
        "\n| photo tap → sharp | median | max | budget |\n| --- | --- | --- | --- |"
    );
    let Percentiles {
        median: cold_median,
        max: cold_max,
        ..
    } = Percentiles::of(&cold);
    let Percentiles {
        median: warm_median,
        max: warm_max,
        ..
    } = Percentiles::of(&warm);
    let _ = writeln!(
        out,
        "| not prefetched (decode + scale + upload) | {cold_median:.0} ms | {cold_max:.0} ms | ≤ 150 ms |"
    );
    let _ = writeln!(
        out,
        "| prefetched with its panel (the usual case) | {warm_median:.0} ms | {warm_max:.0} ms | ≤ 150 ms |"
    );
    let _ = writeln!(
        out,
        "| longest UI frame meanwhile | {longest:.1} ms | | ≤ 16 ms |"
    );

    // 4. Home tiles while a visitor scrolls the whole hall, without and with the disk
    // cache of tiles.
    match tiles_scrolling(&dir) {
        Ok(figures) => {
            let _ = writeln!(
                out,
                "\n| home tiles, scrolling all {} exhibits (a row every {} ms, {} decoding thread{}) | tiles a placeholder > {PLACEHOLDER_NOTICED_MS:.0} ms in view | longest | placeholder share of tiles in view | all {} tiles sharp (asked at once) | budget |\n| --- | --- | --- | --- | --- | --- |",
                figures.tiles,
                SCROLL_ROW_MS,
                figures.workers,
                if figures.workers == 1 { "" } else { "s" },
                figures.tiles
            );
            for (name, run) in [
                ("decoded from the photos (no cache entries)", figures.cold),
                ("from the disk cache", figures.warm),
            ] {
                let _ = writeln!(
                    out,
                    "| {name} | {} | {:.0} ms | {:.0} % | {:.1} s | none |",
                    run.placeholders,
                    run.longest_placeholder_ms,
                    run.placeholder_share * 100.0,
                    run.all_sharp_secs
                );
            }
            let _ = writeln!(
                out,
                "| making the cache's {} tile entries (`kiosk check --thumbs`' work, on every core) | | | | {:.1} s | |",
                figures.tiles, figures.making_secs
            );
        }
        Err(err) => {
            let _ = writeln!(out, "\nhome tiles: not measured ({err})");
        }
    }

    match derived_costs(&dir) {
        Ok(rows) => {
            let _ = writeln!(
                out,
                "\n| one picture made on one thread | from the photo, entry written | from the disk cache | |\n| --- | --- | --- | --- |"
            );
            for (name, from_photo, from_cache) in rows {
                let _ = writeln!(
                    out,
                    "| {name} | {from_photo:.0} ms | {from_cache:.0} ms | median of 6 |"
                );
            }
        }
        Err(err) => {
            let _ = writeln!(out, "\ndisk cache costs: not measured ({err})");
        }
    }

    // 5. Narration start.
    let _ = writeln!(out);
    match narration_latency(&dir) {
        Ok(samples) => {
            let Percentiles { median, max, .. } = Percentiles::of(&samples);
            let _ = writeln!(
                out,
                "| narration tap → first sample to the device | median {median:.1} ms | max {max:.1} ms | ≤ 100 ms |"
            );
        }
        Err(err) => {
            let _ = writeln!(out, "narration start: not measured ({err})");
        }
    }
    // 6. Resident memory after opening every photo of the hall at screen size, twice.
    if config.memory_passes > 0 {
        let memory = memory_passes(&dir, config.memory_passes)?;
        let _ = writeln!(
            out,
            "\n| resident memory, every photo ({} of them) opened at screen size | MB | |\n| --- | --- | --- |",
            memory.photos
        );
        let _ = writeln!(out, "| before the first | {:.0} | |", memory.start);
        for (n, (mb, took)) in memory.after_passes.iter().enumerate() {
            let _ = writeln!(
                out,
                "| after pass {} ({took:.0} s) | {mb:.0} | ≤ 300 MB in all, flat |",
                n + 1
            );
        }
        let _ = writeln!(
            out,
            "| photo cache at the end: {} textures, {:.0} MB of its {:.0} MB budget (their pixels are the graphics driver's, not counted here) | | |",
            memory.cache.textures,
            memory.cache.bytes as f64 / 1_048_576.0,
            memory.cache.budget as f64 / 1_048_576.0
        );
    }
    if config.dir.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(out)
}

fn tempfile_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("xinghuo-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// One frame of the app, headless: layout, then tessellation.
fn frame(ctx: &egui::Context, app: &mut KioskApp, events: Vec<egui::Event>) -> Duration {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1920.0, 1080.0),
        )),
        events,
        ..Default::default()
    };
    let started = Instant::now();
    let mut output = ctx.run_ui(input, |ui| app.run_frame(ui));
    // Headless: no renderer takes the textures.
    output.textures_delta.clear();
    let _ = ctx.tessellate(output.shapes, output.pixels_per_point);
    started.elapsed()
}

/// Frame times of each screen, after its photos are ready.
fn frame_times(dir: &Path, fonts: &Path) -> anyhow::Result<Vec<(&'static str, Vec<f64>)>> {
    let loaded = load_hall(dir, LoadOptions::default())?;
    let first = loaded
        .hall
        .exhibits
        .first()
        .map(|e| e.id.clone())
        .unwrap_or_default();
    let ctx = egui::Context::default();
    let clock = ManualClock::default();
    let mut app = KioskApp::new(
        &ctx,
        loaded,
        Options::headless(Arc::new(clock.clone()), Some(fonts.to_path_buf()), 1),
    );
    let now = Duration::ZERO;
    let screens: Vec<(&'static str, Vec<Action>)> = vec![
        ("attract", vec![]),
        ("home", vec![Action::StartVisit]),
        (
            "exhibit panel",
            vec![Action::OpenExhibit {
                id: first.clone(),
                panel: 0,
            }],
        ),
        (
            "exhibit panel with narration and captions",
            vec![Action::PlayNarration],
        ),
        ("photo viewer", vec![Action::OpenPhoto(0)]),
        (
            "quiz question",
            vec![
                Action::OpenQuiz,
                Action::QuizStart(crate::content::Level::Junior),
            ],
        ),
        ("quiz feedback", vec![Action::QuizAnswer(0)]),
    ];
    let mut results = Vec::new();
    for (name, actions) in screens {
        for action in &actions {
            app.apply(action, now);
        }
        // Let the photos arrive (decoded on the worker), then measure.
        let deadline = Instant::now() + Duration::from_secs(20);
        for _ in 0..3 {
            frame(&ctx, &mut app, Vec::new());
        }
        while app.images().is_busy() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            frame(&ctx, &mut app, Vec::new());
        }
        let samples: Vec<f64> = (0..300)
            .map(|_| ms(frame(&ctx, &mut app, Vec::new())))
            .collect();
        results.push((name, samples));
    }
    Ok(results)
}

/// Time from requesting a screen-size 12 MP photo to its texture, while frames run.
fn photo_latency(dir: &Path) -> anyhow::Result<(Vec<f64>, Vec<f64>, f64)> {
    let loaded = load_hall(dir, LoadOptions::default())?;
    let ctx = egui::Context::default();
    let mut cache = ImageCache::new(&ctx, 256 * 1024 * 1024, 2);
    let photos: Vec<PathBuf> = loaded
        .hall
        .exhibits
        .iter()
        .take(12)
        .filter_map(|e| e.panels[0].photos[0].file.file().map(Path::to_path_buf))
        .collect();
    let mut cold = Vec::new();
    let mut longest = 0.0f64;
    for path in &photos[..6.min(photos.len())] {
        let started = Instant::now();
        open_at_screen_size(&ctx, &mut cache, path, |frame| longest = longest.max(frame));
        cold.push(ms(started.elapsed()));
    }
    // Prefetched with the panel a visitor is reading, then tapped a few seconds later.
    let mut warm = Vec::new();
    for path in photos.iter().skip(6) {
        cache.prefetch(path, 1920);
        let wait_until = Instant::now() + Duration::from_secs(2);
        while Instant::now() < wait_until {
            longest = longest.max(cache_frame(&ctx, &mut cache));
            std::thread::sleep(Duration::from_millis(16));
        }
        let started = Instant::now();
        open_at_screen_size(&ctx, &mut cache, path, |frame| longest = longest.max(frame));
        warm.push(ms(started.elapsed()));
    }
    Ok((cold, warm, longest))
}

/// Requests a photo at screen size each frame until it is no longer loading, as the
/// photo viewer does; `frame_ms` is told how long each frame took.
fn open_at_screen_size(
    ctx: &egui::Context,
    cache: &mut ImageCache,
    path: &Path,
    mut frame_ms: impl FnMut(f64),
) {
    loop {
        frame_ms(cache_frame(ctx, cache));
        if !matches!(
            cache.request(path, 1920, Priority::Now),
            ImageState::Loading
        ) {
            return;
        }
        std::thread::sleep(Duration::from_millis(4));
    }
}

/// One headless frame in which the cache takes in what its decoders finished; its
/// length in milliseconds.
fn cache_frame(ctx: &egui::Context, cache: &mut ImageCache) -> f64 {
    let started = Instant::now();
    // Headless: no renderer takes the textures.
    ctx.run_ui(egui::RawInput::default(), |_| cache.begin_frame())
        .textures_delta
        .clear();
    ms(started.elapsed())
}

/// What one home tile and one attract cover (1920×1080) take to make on the calling
/// thread, from six distinct photos: decoded from the photo (the entry then written),
/// and read from the disk cache by a new cache, as after a restart (the photo's hash
/// included: it is computed once per process).
fn derived_costs(dir: &Path) -> anyhow::Result<Vec<(&'static str, f64, f64)>> {
    use crate::media::derived::{DEFAULT_LIMIT_BYTES, DerivedStore};
    use crate::media::images::ScreenCover;
    let loaded = load_hall(dir, LoadOptions::default())?;
    let mut photos: Vec<PathBuf> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    #[cfg(unix)]
    use std::os::unix::fs::MetadataExt as _;
    for path in loaded
        .hall
        .exhibits
        .iter()
        .filter_map(|e| e.cover.file().map(Path::to_path_buf))
    {
        // Distinct files only: hard links to one photo share its entries.
        #[cfg(unix)]
        let identity = std::fs::metadata(&path)
            .map(|m| m.ino())
            .unwrap_or_default();
        #[cfg(not(unix))]
        let identity = path.clone();
        if seen.insert(identity) {
            photos.push(path);
        }
        if photos.len() == 6 {
            break;
        }
    }
    let scratch = dir.join("data").join("bench-thumbs");
    let _ = std::fs::remove_dir_all(&scratch);
    let screen = ScreenCover {
        width: 1920,
        height: 1080,
        portrait: false,
        focus: ScreenCover::MIDDLE,
    };
    let ctx = egui::Context::default();
    let make = |cover: bool, path: &Path| {
        let store = DerivedStore::new(scratch.clone(), &[crate::ui::THUMB_PX], DEFAULT_LIMIT_BYTES);
        // No workers: the picture is made inside the request, on this thread.
        let mut cache = ImageCache::with_disk_cache(&ctx, 64 << 20, 0, Some(store));
        let started = Instant::now();
        if cover {
            cache.request_cover(path, screen, Priority::Now);
        } else {
            cache.request(path, crate::ui::THUMB_PX, Priority::Now);
        }
        ms(started.elapsed())
    };
    let mut rows = Vec::new();
    for (name, cover) in [
        ("home tile (720 px)", false),
        ("attract cover, 1920×1080", true),
    ] {
        let from_photo: Vec<f64> = photos.iter().map(|p| make(cover, p)).collect();
        let from_cache: Vec<f64> = photos.iter().map(|p| make(cover, p)).collect();
        rows.push((
            name,
            Percentiles::of(&from_photo).median,
            Percentiles::of(&from_cache).median,
        ));
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(rows)
}

/// How fast the scroll moves through the tiles: a brisk flick through the hall.
const SCROLL_ROW_MS: u64 = 300;
/// The home screen at 1920×1080: four tiles a row, three rows in view (two whole).
const TILE_COLUMNS: usize = 4;
const TILE_ROWS_IN_VIEW: usize = 3;

#[derive(Clone, Copy, Debug)]
struct TileRun {
    /// Tiles that stayed a placeholder for more than [`PLACEHOLDER_NOTICED_MS`] in view.
    placeholders: usize,
    /// The longest a tile was a placeholder in view.
    longest_placeholder_ms: f64,
    /// Of all tiles drawn in all frames, the share that were placeholders.
    placeholder_share: f64,
    /// Every tile asked for at once: until the last is ready.
    all_sharp_secs: f64,
}

/// A placeholder in view for longer than this is seen (a few frames are not).
const PLACEHOLDER_NOTICED_MS: f64 = 100.0;

struct TileFigures {
    tiles: usize,
    workers: usize,
    cold: TileRun,
    warm: TileRun,
    making_secs: f64,
}

/// The home screen's tiles while a visitor scrolls from the first to the last row at a
/// steady pace, as the home screen asks for them (only those in view, at the tile
/// size, now), with the kiosk's decoding threads: decoded from the photos, then from
/// the disk cache made beforehand (each run with a new cache, as after a restart).
fn tiles_scrolling(dir: &Path) -> anyhow::Result<TileFigures> {
    use crate::media::derived::{DEFAULT_LIMIT_BYTES, DerivedStore, FOLDER};
    let loaded = load_hall(dir, LoadOptions::default())?;
    let hall = &loaded.hall;
    let covers: Vec<PathBuf> = hall
        .exhibits
        .iter()
        .filter_map(|e| e.cover.file().map(Path::to_path_buf))
        .collect();
    anyhow::ensure!(!covers.is_empty(), "the hall has no covers");
    let workers = Options::default().decode_workers;
    let thumbs = dir.join("data").join(FOLDER);
    let _ = std::fs::remove_dir_all(&thumbs);
    let store = || DerivedStore::new(thumbs.clone(), &[crate::ui::THUMB_PX], DEFAULT_LIMIT_BYTES);
    let cold = scroll_tiles(&covers, workers, || None);
    let started = Instant::now();
    let keys: Vec<_> = covers
        .iter()
        .map(|path| {
            (
                crate::media::images::ImageKey {
                    path: path.clone(),
                    max_side: crate::ui::THUMB_PX,
                    region: None,
                    cover: None,
                },
                8192,
            )
        })
        .collect();
    let making = store();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        for part in keys.chunks(keys.len().div_ceil(threads).max(1)) {
            let (making, stop) = (&making, &stop);
            scope.spawn(move || {
                crate::media::images::make_entries(making, part, Duration::ZERO, stop)
            });
        }
    });
    let making_secs = started.elapsed().as_secs_f64();
    let warm = scroll_tiles(&covers, workers, || Some(store()));
    Ok(TileFigures {
        tiles: covers.len(),
        workers,
        cold,
        warm,
        making_secs,
    })
}

fn scroll_tiles(
    covers: &[PathBuf],
    workers: usize,
    store: impl Fn() -> Option<crate::media::derived::DerivedStore>,
) -> TileRun {
    let side = crate::ui::THUMB_PX;
    let ctx = egui::Context::default();
    let rows = covers.len().div_ceil(TILE_COLUMNS);
    let mut cache = ImageCache::with_disk_cache(&ctx, 96 * 1024 * 1024, workers, store());
    // Per tile: since when it has been a placeholder in view, and its longest spell.
    let mut loading_since: Vec<Option<Instant>> = vec![None; covers.len()];
    let mut longest_ms = vec![0.0f64; covers.len()];
    let (mut drawn, mut placeholders) = (0usize, 0usize);
    let started = Instant::now();
    loop {
        let elapsed = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let top = usize::try_from(elapsed / SCROLL_ROW_MS).unwrap_or(usize::MAX);
        if top.saturating_add(TILE_ROWS_IN_VIEW) > rows + 1 {
            break;
        }
        cache_frame(&ctx, &mut cache);
        let first = top * TILE_COLUMNS;
        let last = ((top + TILE_ROWS_IN_VIEW) * TILE_COLUMNS).min(covers.len());
        // As the home screen does: the row beyond the view either way is prefetched.
        let ahead = (last + TILE_COLUMNS).min(covers.len());
        for path in covers
            .iter()
            .take(ahead)
            .skip(first.saturating_sub(TILE_COLUMNS))
        {
            cache.prefetch(path, side);
        }
        let now = Instant::now();
        for (index, path) in covers.iter().enumerate().take(last).skip(first) {
            drawn += 1;
            let loading = matches!(
                cache.request(path, side, Priority::Now),
                ImageState::Loading
            );
            if let (Some(since), Some(longest)) =
                (loading_since.get_mut(index), longest_ms.get_mut(index))
            {
                if loading {
                    placeholders += 1;
                    let from = *since.get_or_insert(now);
                    *longest = longest.max(ms(now.duration_since(from)));
                } else {
                    *since = None;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(16));
    }
    drop(cache);
    // Every tile asked for at once, in a new cache (the same disk entries, if any).
    // Room for every tile: headless, the cache's budget would otherwise evict the
    // first while the last are decoded, and they would be decoded again.
    let mut cache = ImageCache::with_disk_cache(&ctx, 1024 * 1024 * 1024, workers, store());
    let started = Instant::now();
    loop {
        cache_frame(&ctx, &mut cache);
        let waiting = covers
            .iter()
            .filter(|path| {
                matches!(
                    cache.request(path, side, Priority::Now),
                    ImageState::Loading
                )
            })
            .count();
        if waiting == 0 || started.elapsed() > Duration::from_secs(600) {
            break;
        }
        std::thread::sleep(Duration::from_millis(16));
    }
    TileRun {
        placeholders: longest_ms
            .iter()
            .filter(|&&spell| spell > PLACEHOLDER_NOTICED_MS)
            .count(),
        longest_placeholder_ms: longest_ms.iter().copied().fold(0.0, f64::max),
        placeholder_share: placeholders as f64 / drawn.max(1) as f64,
        all_sharp_secs: started.elapsed().as_secs_f64(),
    }
}

struct MemoryPasses {
    photos: usize,
    start: f64,
    /// Resident megabytes and seconds taken, per pass.
    after_passes: Vec<(f64, f64)>,
    cache: crate::media::images::CacheStats,
}

/// Opens every photo of the hall at screen size, in order, as the photo viewer does
/// (the cache the kiosk would have: its budget and decoding threads, the next photos
/// prefetched), `passes` times, and samples resident memory after each pass. This is
/// the decoders' and the cache's share: headless, the textures are not kept by a
/// graphics driver, which the autopilot's figures on a real window include.
fn memory_passes(dir: &Path, passes: usize) -> anyhow::Result<MemoryPasses> {
    let loaded = load_hall(dir, LoadOptions::default())?;
    let hall = &loaded.hall;
    let budget = usize::try_from(hall.config.image_cache_mb.saturating_mul(1024 * 1024))
        .unwrap_or(usize::MAX);
    let ctx = egui::Context::default();
    ctx.options_mut(|o| o.reduce_texture_memory = true);
    // The kiosk's decoding threads, but at least two so that 6,000 decodes take
    // minutes, not a quarter of an hour (two buffers in flight: a little more memory).
    let workers = crate::app::Options::default().decode_workers.max(2);
    let mut cache = ImageCache::new(&ctx, budget, workers);
    let photos: Vec<PathBuf> = hall
        .exhibits
        .iter()
        .flat_map(|e| &e.panels)
        .flat_map(|p| &p.photos)
        .filter_map(|p| p.file.file().map(Path::to_path_buf))
        .collect();
    let start = crate::memory::resident_mb();
    let mut after_passes = Vec::new();
    for _ in 0..passes {
        let started = Instant::now();
        for (i, path) in photos.iter().enumerate() {
            for next in photos.iter().skip(i + 1).take(2) {
                cache.prefetch(next, 1920);
            }
            open_at_screen_size(&ctx, &mut cache, path, |_| {});
        }
        after_passes.push((
            crate::memory::resident_mb(),
            started.elapsed().as_secs_f64(),
        ));
    }
    Ok(MemoryPasses {
        photos: photos.len(),
        start,
        after_passes,
        cache: cache.stats(),
    })
}

/// A source that notes when the device first pulls a sample from it.
struct FirstSample<S> {
    inner: S,
    at: Arc<OnceLock<Instant>>,
}

impl<S: Iterator<Item = rodio::Sample>> Iterator for FirstSample<S> {
    type Item = rodio::Sample;
    fn next(&mut self) -> Option<Self::Item> {
        let _ = self.at.set(Instant::now());
        self.inner.next()
    }
}

impl<S: rodio::Source> rodio::Source for FirstSample<S> {
    fn current_span_len(&self) -> Option<usize> {
        self.inner.current_span_len()
    }
    fn channels(&self) -> rodio::ChannelCount {
        self.inner.channels()
    }
    fn sample_rate(&self) -> rodio::SampleRate {
        self.inner.sample_rate()
    }
    fn total_duration(&self) -> Option<Duration> {
        self.inner.total_duration()
    }
}

/// From "play" to the first sample taken by the output device, the narrator's way:
/// open the decoder, connect a player to the open device, append.
fn narration_latency(dir: &Path) -> anyhow::Result<Vec<f64>> {
    let mut sink = rodio::DeviceSinkBuilder::open_default_sink()
        .map_err(|err| anyhow::anyhow!("no audio device: {err}"))?;
    sink.log_on_drop(false);
    let audio = dir.join("media/audio/tone.wav");
    let mut samples = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let decoder = crate::content::media_index::open_audio(&audio)?;
        let at = Arc::new(OnceLock::new());
        let player = rodio::Player::connect_new(sink.mixer());
        player.append(FirstSample {
            inner: decoder,
            at: Arc::clone(&at),
        });
        let deadline = Instant::now() + Duration::from_secs(2);
        while at.get().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_micros(200));
        }
        if let Some(first) = at.get() {
            samples.push(ms(first.duration_since(started)));
        }
        player.stop();
        std::thread::sleep(Duration::from_millis(50));
    }
    anyhow::ensure!(!samples.is_empty(), "the device never asked for a sample");
    Ok(samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_passes_open_every_photo_of_the_hall_each_time() {
        let dir = tempfile::tempdir().unwrap();
        crate::synthetic_hall::generate_hall(dir.path(), 2, 3, 1, 2).unwrap();
        let memory = memory_passes(dir.path(), 2).unwrap();
        assert_eq!(memory.photos, 6);
        assert_eq!(memory.after_passes.len(), 2);
        assert!(memory.cache.decoded >= 6, "{:?}", memory.cache);
        assert_eq!(memory.cache.failed, 0);
        assert!(memory.cache.textures > 0);
        if cfg!(target_os = "linux") {
            assert!(memory.after_passes.iter().all(|(mb, _)| *mb > 0.0));
        }
    }
}
