//! The hall's fonts: found in `media/fonts/`, installed into egui, and asked which
//! characters they can draw (for `kiosk check`'s coverage warning).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui;
use skrifa::MetadataProvider as _;

/// The family name of the bold face; `.strong()` in egui does not switch font files.
pub const BOLD: &str = "bold";

/// The font files in a hall's `media/fonts/`.
#[derive(Clone, Debug, Default)]
pub struct FontFiles {
    regular: Option<PathBuf>,
    bold: Option<PathBuf>,
}

impl FontFiles {
    /// Finds the fonts in `dir`: a file with "Bold" in its name is the bold face, any
    /// other `.otf`/`.ttf` the regular one.
    pub fn find(dir: &Path) -> Self {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|read| {
                read.flatten()
                    .map(|entry| entry.path())
                    .filter(|path| {
                        path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                            matches!(e.to_ascii_lowercase().as_str(), "otf" | "ttf")
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        let is_bold = |path: &PathBuf| {
            path.file_name()
                .is_some_and(|n| n.to_string_lossy().contains("Bold"))
        };
        Self {
            bold: files.iter().find(|p| is_bold(p)).cloned(),
            regular: files.iter().find(|p| !is_bold(p)).cloned(),
        }
    }

    pub fn regular(&self) -> Option<&Path> {
        self.regular.as_deref()
    }

    pub fn bold(&self) -> Option<&Path> {
        self.bold.as_deref()
    }
}

/// The characters a font file can draw.
pub struct Coverage {
    codepoints: HashSet<u32>,
}

impl Coverage {
    pub fn load(path: &Path) -> Result<Self, String> {
        let data = std::fs::read(path).map_err(|err| err.to_string())?;
        Self::from_bytes(&data)
    }

    pub fn from_bytes(data: &[u8]) -> Result<Self, String> {
        let font = skrifa::FontRef::new(data).map_err(|err| err.to_string())?;
        let codepoints = font
            .charmap()
            .mappings()
            .map(|(codepoint, _)| codepoint)
            .collect();
        Ok(Self { codepoints })
    }

    pub fn contains(&self, c: char) -> bool {
        // Whitespace is laid out by egui without a glyph.
        c.is_whitespace() || self.codepoints.contains(&u32::from(c))
    }
}

/// Installs the hall's fonts into egui, ahead of egui's own. Returns a message for
/// the log when the hall has no usable font (egui's defaults then draw Latin text
/// only).
pub fn install(ctx: &egui::Context, files: &FontFiles) -> Result<(), String> {
    let mut definitions = egui::FontDefinitions::default();
    let read = |path: &Path| {
        std::fs::read(path)
            .map_err(|err| format!("cannot read the font {}: {err}", path.display()))
            .and_then(|data| {
                // Refuse a file egui could not parse, rather than fail later inside a frame.
                skrifa::FontRef::new(&data)
                    .map(|_| ())
                    .map_err(|err| format!("{} is not a usable font: {err}", path.display()))?;
                Ok(data)
            })
    };
    let regular = files
        .regular()
        .ok_or_else(|| "no font in media/fonts/; Chinese text cannot be shown".to_owned())
        .and_then(read);
    let bold = files.bold().map(read).transpose();

    let mut problem = None;
    match regular {
        Ok(data) => {
            definitions.font_data.insert(
                "hall-regular".to_owned(),
                Arc::new(egui::FontData::from_owned(data)),
            );
            for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
                definitions
                    .families
                    .entry(family)
                    .or_default()
                    .insert(0, "hall-regular".to_owned());
            }
        }
        Err(err) => problem = Some(err),
    }
    let mut bold_chain = Vec::new();
    match bold {
        Ok(Some(data)) => {
            definitions.font_data.insert(
                "hall-bold".to_owned(),
                Arc::new(egui::FontData::from_owned(data)),
            );
            bold_chain.push("hall-bold".to_owned());
        }
        Ok(None) => {}
        Err(err) => problem = problem.or(Some(err)),
    }
    // The bold family falls back to the regular chain for anything it lacks.
    bold_chain.extend(
        definitions
            .families
            .get(&egui::FontFamily::Proportional)
            .cloned()
            .unwrap_or_default(),
    );
    definitions
        .families
        .insert(egui::FontFamily::Name(BOLD.into()), bold_chain);
    ctx.set_fonts(definitions);
    problem.map_or(Ok(()), Err)
}
