//! Synthetic halls, written to a folder: many exhibits of generated photos with hard
//! links between them, a narration and quiz questions, for `kiosk bench`, the
//! autopilot's tests and the soak.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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
    HallSpec {
        exhibits,
        shape: shape.clone(),
        megapixels,
        distinct_photos: distinct,
        fonts: None,
    }
    .write(dir)
}

/// A synthetic hall: how many exhibits, of what shape, with what photos.
#[derive(Clone, Debug)]
pub struct HallSpec {
    pub exhibits: usize,
    pub shape: HallShape,
    pub megapixels: u32,
    /// Distinct photo files; the rest are hard links to them (same decode work, less disk).
    pub distinct_photos: usize,
    /// A folder of fonts to copy into `media/fonts/`.
    pub fonts: Option<PathBuf>,
}

impl HallSpec {
    /// Writes the hall into `dir`: photos, fonts, one narration, and the exhibits.
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let photos_dir = dir.join("media/photos");
        std::fs::create_dir_all(&photos_dir)?;
        std::fs::create_dir_all(dir.join("media/audio"))?;
        std::fs::create_dir_all(dir.join("media/captions"))?;
        std::fs::create_dir_all(dir.join("exhibits"))?;
        // The fonts too, so the kiosk run on this hall (`--autopilot --hall DIR`) draws
        // Chinese as a real hall does, with a glyph atlas as full.
        if let Some(Ok(fonts)) = self.fonts.as_ref().map(std::fs::read_dir) {
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
        let side = (f64::from(self.megapixels) * 1_000_000.0 / 12.0).sqrt();
        let (width, height) = ((side * 4.0) as u32, (side * 3.0) as u32);
        let mut distinct = Vec::new();
        for n in 0..self.distinct_photos.max(1) {
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
                image::codecs::jpeg::JpegEncoder::new_with_quality(file, 85)
                    .encode_image(&image)?;
            }
            distinct.push(path);
        }
        // One narration: two seconds of a quiet tone, as WAV, with captions.
        write_wav(&dir.join("media/audio/tone.wav"), 2.0, Sound::Tone)?;
        std::fs::write(
            dir.join("media/captions/tone.vtt"),
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n第一句。\n\n00:00:01.000 --> 00:00:02.000\n第二句。\n",
        )?;
        for e in 0..self.exhibits {
            let mut text = format!(
                "Exhibit(\n    id: \"e{e:03}\",\n    title: {{\"zh\": \"展品{e}\", \"en\": \"Exhibit {e}\"}},\n    theme: \"t\",\n    year: Some({}),\n    cover: \"photos/e{e:03}-0.jpg\",\n    panels: [\n",
                1900 + (e % 120)
            );
            let mut n = 0;
            for (p, &photos) in self.shape.photos_per_panel.iter().enumerate() {
                let _ = write!(
                    text,
                    "        Panel(\n            heading: {{\"zh\": \"第{p}页\", \"en\": \"Page {p}\"}},\n            body: {{\"zh\": \"{}\", \"en\": \"{}\"}},\n            photos: [\n",
                    "这是一段用于基准测试的展板正文，长度与真实展板相近。".repeat(4),
                    "This is a panel text for the benchmark, about as long as a real one. "
                        .repeat(3)
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
                        "                Photo(file: \"{name}\", caption: Some({{\"zh\": \"照片{n}\", \"en\": \"Photo {n}\"}}), alt: Some({{\"zh\": \"测试图{n}\", \"en\": \"Test picture {n}\"}})),"
                    );
                    n += 1;
                }
                text.push_str("            ],\n");
                if self.shape.narration {
                    text.push_str("            narration: Some(Narration(audio: {\"zh\": \"audio/tone.wav\", \"en\": \"audio/tone.wav\"}, captions: Some({\"zh\": \"captions/tone.vtt\", \"en\": \"captions/tone.vtt\"}))),\n");
                }
                text.push_str("        ),\n");
            }
            text.push_str("    ],\n");
            if self.shape.quiz {
                text.push_str("    quiz: [\n        Question(level: All, prompt: {\"zh\": \"问题？\", \"en\": \"Question?\"}, choices: [{\"zh\": \"甲\", \"en\": \"A\"}, {\"zh\": \"乙\", \"en\": \"B\"}, {\"zh\": \"丙\", \"en\": \"C\"}], answer: 1, explanation: {\"zh\": \"因为。\", \"en\": \"Because.\"}, panel: Some(0)),\n    ],\n");
            }
            text.push_str(")\n");
            std::fs::write(dir.join(format!("exhibits/{e:03}.ron")), text)?;
        }
        Ok(())
    }
}

/// What a generated recording holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sound {
    /// A quiet 440 Hz tone.
    Tone,
    Silence,
}

/// Writes `seconds` of `sound` as a WAV file (22.05 kHz, 16-bit PCM, mono).
pub fn write_wav(path: &Path, seconds: f32, sound: Sound) -> std::io::Result<()> {
    let rate: u32 = 22_050;
    let samples = (rate as f32 * seconds) as u32;
    let mut data = Vec::with_capacity(44 + samples as usize * 2);
    data.extend_from_slice(b"RIFF");
    data.extend_from_slice(&(36 + samples * 2).to_le_bytes());
    data.extend_from_slice(b"WAVEfmt ");
    data.extend_from_slice(&16u32.to_le_bytes());
    data.extend_from_slice(&1u16.to_le_bytes()); // PCM
    data.extend_from_slice(&1u16.to_le_bytes()); // mono
    data.extend_from_slice(&rate.to_le_bytes());
    data.extend_from_slice(&(rate * 2).to_le_bytes()); // bytes per second
    data.extend_from_slice(&2u16.to_le_bytes()); // bytes per frame
    data.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    data.extend_from_slice(b"data");
    data.extend_from_slice(&(samples * 2).to_le_bytes());
    for n in 0..samples {
        let value = match sound {
            Sound::Tone => {
                ((n as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin() * 2000.0) as i16
            }
            Sound::Silence => 0,
        };
        data.extend_from_slice(&value.to_le_bytes());
    }
    std::fs::write(path, data)
}
