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
use crate::clock::ManualClock;
use crate::content::{LoadOptions, MediaKind, load_hall};
use crate::media::images::{ImageCache, ImageState, Priority};
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

/// Median and 99th percentile of a set of durations, in milliseconds.
fn summary(samples: &mut [f64]) -> (f64, f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| {
        samples
            .get(((samples.len().saturating_sub(1)) as f64 * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    (at(0.5), at(0.99), at(1.0))
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
    write_hall(config, &HallShape::bench(config.photos_per_exhibit), &dir)?;
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
    let (start_median, _, start_max) = summary(&mut start_times);
    let (check_median, _, check_max) = summary(&mut check_times);
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
    for (screen, mut samples) in frames {
        let (median, p99, max) = summary(&mut samples);
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
    let (cold_median, _, cold_max) = summary(&mut cold.clone());
    let (warm_median, _, warm_max) = summary(&mut warm.clone());
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

    // 4. Narration start.
    let _ = writeln!(out);
    match narration_latency(&dir) {
        Ok(mut samples) => {
            let (median, _, max) = summary(&mut samples);
            let _ = writeln!(
                out,
                "| narration tap → first sample to the device | median {median:.1} ms | max {max:.1} ms | ≤ 100 ms |"
            );
        }
        Err(err) => {
            let _ = writeln!(out, "narration start: not measured ({err})");
        }
    }
    // 5. Resident memory after opening every photo of the hall at screen size, twice.
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

/// Writes a synthetic hall of `exhibits` with `photos` each (two per panel, with
/// narration), photos of `megapixels`, `distinct` different files hard-linked.
pub fn generate_hall(
    dir: &Path,
    exhibits: usize,
    photos: usize,
    megapixels: u32,
    distinct: usize,
) -> anyhow::Result<()> {
    generate_shaped_hall(
        dir,
        exhibits,
        &HallShape::bench(photos),
        megapixels,
        distinct,
    )
}

/// What every exhibit of a generated hall holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HallShape {
    /// The photos of each panel, panel by panel.
    pub photos_per_panel: Vec<usize>,
    /// A narration with captions on every panel.
    pub narration: bool,
    /// A quiz question (for all levels) in every exhibit.
    pub quiz: bool,
}

impl HallShape {
    /// The bench's own: `photos` two to a panel, narration on each, one question.
    pub fn bench(photos: usize) -> Self {
        let panels = photos.div_ceil(2).max(1);
        Self {
            photos_per_panel: (0..panels)
                .map(|p| photos.saturating_sub(p * 2).min(2))
                .collect(),
            narration: true,
            quiz: true,
        }
    }
}

/// Writes a synthetic hall of `exhibits` of the given shape, photos of `megapixels`,
/// `distinct` different files hard-linked.
pub fn generate_shaped_hall(
    dir: &Path,
    exhibits: usize,
    shape: &HallShape,
    megapixels: u32,
    distinct: usize,
) -> anyhow::Result<()> {
    let config = BenchConfig {
        exhibits,
        photos_per_exhibit: shape.photos_per_panel.iter().sum(),
        megapixels,
        distinct_photos: distinct,
        dir: Some(dir.to_path_buf()),
        fonts: PathBuf::new(),
        memory_passes: 0,
    };
    write_hall(&config, shape, dir)
}

/// Writes the synthetic hall: `config`'s photos, fonts and exhibits, each of `shape`.
fn write_hall(config: &BenchConfig, shape: &HallShape, dir: &Path) -> anyhow::Result<()> {
    let photos_dir = dir.join("media/photos");
    std::fs::create_dir_all(&photos_dir)?;
    std::fs::create_dir_all(dir.join("media/audio"))?;
    std::fs::create_dir_all(dir.join("media/captions"))?;
    std::fs::create_dir_all(dir.join("exhibits"))?;
    // The fonts too, so the kiosk run on this hall (`--autopilot --hall DIR`) draws
    // Chinese as a real hall does, with a glyph atlas as full.
    if let Ok(fonts) = std::fs::read_dir(&config.fonts) {
        let target = dir.join("media/fonts");
        std::fs::create_dir_all(&target)?;
        for font in fonts.flatten() {
            if font.path().is_file() {
                std::fs::copy(font.path(), target.join(font.file_name()))?;
            }
        }
    }
    std::fs::write(
        dir.join("kiosk.ron"),
        "Kiosk(title: {\"zh\": \"基准展厅\", \"en\": \"Benchmark hall\"}, languages: [\"zh\", \"en\"], themes: {\"t\": {\"zh\": \"主题\", \"en\": \"Theme\"}}, analytics: Analytics(path: \"data/visits.sqlite\"))\n",
    )?;
    // Distinct 12 MP photos: gradients and shapes, with fine noise so the JPEG is as
    // heavy as a real photograph.
    let side = (f64::from(config.megapixels) * 1_000_000.0 / 12.0).sqrt();
    let (width, height) = ((side * 4.0) as u32, (side * 3.0) as u32);
    let mut distinct = Vec::new();
    for n in 0..config.distinct_photos.max(1) {
        let path = photos_dir.join(format!("source-{n}.jpg"));
        if !path.exists() {
            let mut rng = fastrand::Rng::with_seed(n as u64);
            let image = image::RgbImage::from_fn(width, height, |x, y| {
                let noise = rng.u8(0..24);
                let r = ((x * 255 / width) as u8)
                    .wrapping_add(noise)
                    .wrapping_add((n * 40) as u8);
                let g = ((y * 255 / height) as u8).wrapping_add(noise);
                let b = (((x / 97 + y / 89) % 7) * 30) as u8;
                image::Rgb([r, g, b])
            });
            let file = std::io::BufWriter::new(std::fs::File::create(&path)?);
            image::codecs::jpeg::JpegEncoder::new_with_quality(file, 85).encode_image(&image)?;
        }
        distinct.push(path);
    }
    // One narration: two seconds of a quiet tone, as WAV, with captions.
    write_wav(&dir.join("media/audio/tone.wav"), 2.0)?;
    std::fs::write(
        dir.join("media/captions/tone.vtt"),
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n第一句。\n\n00:00:01.000 --> 00:00:02.000\n第二句。\n",
    )?;
    for e in 0..config.exhibits {
        let mut text = format!(
            "Exhibit(\n    id: \"e{e:03}\",\n    title: {{\"zh\": \"展品{e}\", \"en\": \"Exhibit {e}\"}},\n    theme: \"t\",\n    year: Some({}),\n    cover: \"photos/e{e:03}-0.jpg\",\n    panels: [\n",
            1900 + (e % 120)
        );
        let mut n = 0;
        for (p, &photos) in shape.photos_per_panel.iter().enumerate() {
            let _ = write!(
                text,
                "        Panel(\n            heading: {{\"zh\": \"第{p}页\", \"en\": \"Page {p}\"}},\n            body: {{\"zh\": \"{}\", \"en\": \"{}\"}},\n            photos: [\n",
                "这是一段用于基准测试的展板正文，长度与真实展板相近。".repeat(4),
                "This is a panel text for the benchmark, about as long as a real one. ".repeat(3)
            );
            for _ in 0..photos {
                let name = format!("photos/e{e:03}-{n}.jpg");
                let target = dir.join("media").join(&name);
                if !target.exists() {
                    let source = &distinct[(e * 7 + n) % distinct.len()];
                    if std::fs::hard_link(source, &target).is_err() {
                        std::fs::copy(source, &target)?;
                    }
                }
                let _ = writeln!(
                    text,
                    "                Photo(file: \"{name}\", caption: Some({{\"zh\": \"照片{n}\", \"en\": \"Photo {n}\"}})),"
                );
                n += 1;
            }
            text.push_str("            ],\n");
            if shape.narration {
                text.push_str("            narration: Some(Narration(audio: {\"zh\": \"audio/tone.wav\", \"en\": \"audio/tone.wav\"}, captions: Some({\"zh\": \"captions/tone.vtt\", \"en\": \"captions/tone.vtt\"}))),\n");
            }
            text.push_str("        ),\n");
        }
        text.push_str("    ],\n");
        if shape.quiz {
            text.push_str("    quiz: [\n        Question(level: All, prompt: {\"zh\": \"问题？\", \"en\": \"Question?\"}, choices: [{\"zh\": \"甲\", \"en\": \"A\"}, {\"zh\": \"乙\", \"en\": \"B\"}, {\"zh\": \"丙\", \"en\": \"C\"}], answer: 1, explanation: {\"zh\": \"因为。\", \"en\": \"Because.\"}, panel: Some(0)),\n    ],\n");
        }
        text.push_str(")\n");
        std::fs::write(dir.join(format!("exhibits/{e:03}.ron")), text)?;
    }
    Ok(())
}

fn write_wav(path: &Path, seconds: f32) -> std::io::Result<()> {
    let rate: u32 = 22_050;
    let samples = (rate as f32 * seconds) as u32;
    let mut data = Vec::with_capacity(44 + samples as usize * 2);
    data.extend_from_slice(b"RIFF");
    data.extend_from_slice(&(36 + samples * 2).to_le_bytes());
    data.extend_from_slice(b"WAVEfmt ");
    data.extend_from_slice(&16u32.to_le_bytes());
    data.extend_from_slice(&1u16.to_le_bytes());
    data.extend_from_slice(&1u16.to_le_bytes());
    data.extend_from_slice(&rate.to_le_bytes());
    data.extend_from_slice(&(rate * 2).to_le_bytes());
    data.extend_from_slice(&2u16.to_le_bytes());
    data.extend_from_slice(&16u16.to_le_bytes());
    data.extend_from_slice(b"data");
    data.extend_from_slice(&(samples * 2).to_le_bytes());
    for n in 0..samples {
        let value =
            ((n as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin() * 2000.0) as i16;
        data.extend_from_slice(&value.to_le_bytes());
    }
    std::fs::write(path, data)
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
    let mut output = ctx.run_ui(input, |ui| app.frame(ui));
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
        .filter_map(|e| {
            loaded
                .hall
                .media_path(&e.panels[0].photos[0].file, MediaKind::Image)
        })
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
        .filter_map(|p| hall.media_path(&p.file, MediaKind::Image))
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
        let decoder =
            crate::media::audio::open_decoder(&audio).map_err(|err| anyhow::anyhow!(err))?;
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
        generate_hall(dir.path(), 2, 3, 1, 2).unwrap();
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
