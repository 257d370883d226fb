//! The hall's fonts: found in `media/fonts/`, installed into egui, and asked which
//! characters they can draw (for `kiosk check`'s coverage warning).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui;
use skrifa::MetadataProvider as _;

/// The family name of the bold face; `.strong()` in egui does not switch font files.
pub const BOLD: &str = "bold";
/// The regular family for text set with proportional punctuation.
const PROPORTIONAL: &str = "proportional";
/// The bold family for text set with proportional punctuation.
const PROPORTIONAL_BOLD: &str = "proportional-bold";

/// How a language sets the punctuation that Chinese fonts draw full-width by default
/// (curly quotes, the ellipsis): Chinese, Japanese and Korean text keeps the full-width
/// forms; English text needs the proportional ones, or ‘quoted’ words show wide gaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Punctuation {
    FullWidth,
    Proportional,
}

impl Punctuation {
    /// From a language code of the hall (`zh`, `en`, `zh-Hant`, …).
    pub fn of_language(code: &str) -> Self {
        let primary = code.split(['-', '_']).next().unwrap_or(code);
        if ["zh", "ja", "ko"]
            .iter()
            .any(|cjk| primary.eq_ignore_ascii_case(cjk))
        {
            Self::FullWidth
        } else {
            Self::Proportional
        }
    }

    /// The egui font family for text in this setting. Every family named here is
    /// always installed (a missing one would panic inside egui).
    pub fn family(self, bold: bool) -> egui::FontFamily {
        match (self, bold) {
            (Self::FullWidth, false) => egui::FontFamily::Proportional,
            (Self::FullWidth, true) => egui::FontFamily::Name(BOLD.into()),
            (Self::Proportional, false) => egui::FontFamily::Name(PROPORTIONAL.into()),
            (Self::Proportional, true) => egui::FontFamily::Name(PROPORTIONAL_BOLD.into()),
        }
    }
}

/// The font files in a hall's `media/fonts/`.
#[derive(Clone, Debug, Default)]
pub struct FontFiles {
    regular: Option<PathBuf>,
    bold: Option<PathBuf>,
    /// Proportional forms of punctuation, put first for English text.
    proportional: Option<PathBuf>,
    proportional_bold: Option<PathBuf>,
}

impl FontFiles {
    /// Finds the fonts in `dir`: a file with "Bold" in its name is the bold face, any
    /// other `.otf`/`.ttf` the regular one; a file with "Proportional" in its name holds
    /// the proportional punctuation for that weight (`scripts/make_font_subset.py`).
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
        let named = |path: &PathBuf, part: &str| {
            path.file_name()
                .is_some_and(|n| n.to_string_lossy().contains(part))
        };
        let pick = |bold: bool, proportional: bool| {
            files
                .iter()
                .find(|p| named(p, "Bold") == bold && named(p, "Proportional") == proportional)
                .cloned()
        };
        Self {
            regular: pick(false, false),
            bold: pick(true, false),
            proportional: pick(false, true),
            proportional_bold: pick(true, true),
        }
    }

    pub fn regular(&self) -> Option<&Path> {
        self.regular.as_deref()
    }

    /// Every face found, the regular one first.
    pub fn all(&self) -> impl Iterator<Item = &Path> {
        [
            &self.regular,
            &self.bold,
            &self.proportional,
            &self.proportional_bold,
        ]
        .into_iter()
        .flatten()
        .map(PathBuf::as_path)
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
    let (definitions, problem) = definitions(files);
    ctx.set_fonts(definitions);
    problem.map_or(Ok(()), Err)
}

/// The font families of [`Punctuation::family`], from the files found; with the first
/// problem met, if any. A family whose files are missing falls back to the next.
fn definitions(files: &FontFiles) -> (egui::FontDefinitions, Option<String>) {
    let mut definitions = egui::FontDefinitions::default();
    let mut problem = None;
    let mut load = |name: &str, path: Option<&Path>| -> Vec<String> {
        match path.map(read_font).transpose() {
            Ok(Some(data)) => {
                definitions
                    .font_data
                    .insert(name.to_owned(), Arc::new(egui::FontData::from_owned(data)));
                vec![name.to_owned()]
            }
            Ok(None) => Vec::new(),
            Err(err) => {
                problem.get_or_insert(err);
                Vec::new()
            }
        }
    };
    let regular = load("hall-regular", files.regular.as_deref());
    let bold = load("hall-bold", files.bold.as_deref());
    let proportional = load("hall-proportional", files.proportional.as_deref());
    let proportional_bold = load("hall-proportional-bold", files.proportional_bold.as_deref());
    if files.regular.is_none() {
        problem = Some("no font in media/fonts/; Chinese text cannot be shown".to_owned());
    }

    // egui's own fonts stay last in every chain: they draw Latin text and emoji.
    let egui_proportional = definitions
        .families
        .get(&egui::FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let egui_monospace = definitions
        .families
        .get(&egui::FontFamily::Monospace)
        .cloned()
        .unwrap_or_default();
    let chain = |parts: &[&Vec<String>], tail: &Vec<String>| -> Vec<String> {
        parts
            .iter()
            .copied()
            .flatten()
            .chain(tail)
            .cloned()
            .collect()
    };
    let families = [
        (
            egui::FontFamily::Proportional,
            chain(&[&regular], &egui_proportional),
        ),
        (
            egui::FontFamily::Monospace,
            chain(&[&regular], &egui_monospace),
        ),
        // The bold family falls back to the regular chain for anything it lacks.
        (
            egui::FontFamily::Name(BOLD.into()),
            chain(&[&bold, &regular], &egui_proportional),
        ),
        (
            egui::FontFamily::Name(PROPORTIONAL.into()),
            chain(&[&proportional, &regular], &egui_proportional),
        ),
        (
            egui::FontFamily::Name(PROPORTIONAL_BOLD.into()),
            chain(&[&proportional_bold, &bold, &regular], &egui_proportional),
        ),
    ];
    definitions.families.extend(families);
    (definitions, problem)
}

/// Reads a font file, refusing one egui could not parse rather than fail later
/// inside a frame.
fn read_font(path: &Path) -> Result<Vec<u8>, String> {
    let data = std::fs::read(path)
        .map_err(|err| format!("cannot read the font {}: {err}", path.display()))?;
    skrifa::FontRef::new(&data)
        .map_err(|err| format!("{} is not a usable font: {err}", path.display()))?;
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped_fonts() -> FontFiles {
        FontFiles::find(&Path::new(env!("CARGO_MANIFEST_DIR")).join("media/fonts"))
    }

    /// The width of `text` laid out in `family` at 30 px, after installing `files`.
    fn width(files: &FontFiles, text: &str, family: egui::FontFamily) -> f32 {
        let ctx = egui::Context::default();
        let _ = install(&ctx, files);
        ctx.run_ui(egui::RawInput::default(), |_| {})
            .textures_delta
            .clear();
        ctx.fonts_mut(|fonts| {
            fonts
                .layout_no_wrap(
                    text.to_owned(),
                    egui::FontId::new(30.0, family),
                    egui::Color32::BLACK,
                )
                .size()
                .x
        })
    }

    #[test]
    fn chinese_japanese_and_korean_keep_full_width_punctuation() {
        for code in ["zh", "zh-Hant", "ZH_cn", "ja", "ko"] {
            assert_eq!(
                Punctuation::of_language(code),
                Punctuation::FullWidth,
                "{code}"
            );
        }
        for code in ["en", "en-GB", "fr", "ru", ""] {
            assert_eq!(
                Punctuation::of_language(code),
                Punctuation::Proportional,
                "{code}"
            );
        }
    }

    #[test]
    fn the_shipped_fonts_are_found_in_their_roles() {
        let files = shipped_fonts();
        let name = |path: Option<&PathBuf>| {
            path.and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
        };
        let found = [
            &files.regular,
            &files.bold,
            &files.proportional,
            &files.proportional_bold,
        ]
        .map(|path| name(path.as_ref()));
        assert_eq!(
            found.each_ref().map(|n| n.as_deref()),
            [
                Some("NotoSansSC-Regular.otf"),
                Some("NotoSansSC-Bold.otf"),
                Some("NotoSansSC-Proportional-Regular.otf"),
                Some("NotoSansSC-Proportional-Bold.otf"),
            ]
        );
    }

    #[test]
    fn english_quotes_are_narrow_and_chinese_quotes_full_width() {
        let files = shipped_fonts();
        for bold in [false, true] {
            let english = width(&files, "“a”", Punctuation::Proportional.family(bold));
            let chinese = width(&files, "“a”", Punctuation::FullWidth.family(bold));
            let letter = width(&files, "a", Punctuation::FullWidth.family(bold));
            // Full-width quotes are 1 em each (30 px); the proportional ones about half.
            assert!(chinese - letter > 55.0, "bold {bold}: {chinese} − {letter}");
            assert!(english - letter < 35.0, "bold {bold}: {english} − {letter}");
        }
    }

    #[test]
    fn a_damaged_proportional_face_is_reported_and_english_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        let shipped = shipped_fonts();
        std::fs::copy(
            shipped.regular().unwrap(),
            dir.path().join("NotoSansSC-Regular.otf"),
        )
        .unwrap();
        let damaged = dir.path().join("NotoSansSC-Proportional-Regular.otf");
        std::fs::write(&damaged, b"not a font").unwrap();
        let files = FontFiles::find(dir.path());

        let (definitions, problem) = definitions(&files);
        let problem = problem.unwrap();
        assert!(
            problem.starts_with(&format!("{} is not a usable font: ", damaged.display())),
            "{problem}"
        );
        assert_eq!(
            definitions.families[&Punctuation::Proportional.family(false)].first(),
            Some(&"hall-regular".to_owned())
        );
        // English text is still drawn, with the full-width quotes.
        let english = width(&files, "“a”", Punctuation::Proportional.family(false));
        let letter = width(&files, "a", Punctuation::Proportional.family(false));
        assert!(english - letter > 55.0, "{english} − {letter}");
    }

    #[test]
    fn every_family_exists_without_any_font_file() {
        // egui panics on a family it does not know; a hall without fonts must still run.
        let files = FontFiles::default();
        let (definitions, problem) = definitions(&files);
        for punctuation in [Punctuation::FullWidth, Punctuation::Proportional] {
            for bold in [false, true] {
                assert!(definitions.families.contains_key(&punctuation.family(bold)));
            }
        }
        assert_eq!(
            problem.as_deref(),
            Some("no font in media/fonts/; Chinese text cannot be shown")
        );
        assert!(width(&files, "“a”", Punctuation::Proportional.family(true)) > 0.0);
    }
}
