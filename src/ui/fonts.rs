//! The hall's fonts installed into egui: a bold family, and a regular and bold pair for
//! English text with proportional quotes before the Chinese font's full-width ones.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui;

use crate::fonts::{FontError, FontFiles, Punctuation};

/// The family name of the bold face; `.strong()` in egui does not switch font files.
pub const BOLD: &str = "bold";
/// The regular family for text set with proportional punctuation.
const PROPORTIONAL: &str = "proportional";
/// The bold family for text set with proportional punctuation.
const PROPORTIONAL_BOLD: &str = "proportional-bold";

/// The egui font family for text set with `punctuation`. Every family named here is
/// always installed (a missing one would panic inside egui).
pub fn family(punctuation: Punctuation, bold: bool) -> egui::FontFamily {
    match (punctuation, bold) {
        (Punctuation::FullWidth, false) => egui::FontFamily::Proportional,
        (Punctuation::FullWidth, true) => egui::FontFamily::Name(BOLD.into()),
        (Punctuation::Proportional, false) => egui::FontFamily::Name(PROPORTIONAL.into()),
        (Punctuation::Proportional, true) => egui::FontFamily::Name(PROPORTIONAL_BOLD.into()),
    }
}

/// What is wrong with the hall's fonts, for the log. The kiosk runs on: a family whose
/// file is missing falls back to the next, and egui's own fonts draw Latin text.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("no font in media/fonts/; Chinese text cannot be shown")]
    NoFont,
    #[error("cannot read the font {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a usable font: {source}", path.display())]
    NotAFont {
        path: PathBuf,
        source: skrifa::raw::ReadError,
    },
}

impl InstallError {
    fn font(path: &Path, error: FontError) -> Self {
        let path = path.to_path_buf();
        match error {
            FontError::Unreadable(source) => Self::Unreadable { path, source },
            FontError::NotAFont(source) => Self::NotAFont { path, source },
        }
    }
}

/// Installs the hall's fonts into egui, ahead of egui's own; with the first problem
/// met, if any.
pub fn install(ctx: &egui::Context, files: &FontFiles) -> Result<(), InstallError> {
    let (definitions, problem) = definitions(files);
    ctx.set_fonts(definitions);
    problem.map_or(Ok(()), Err)
}

/// The font families of [`family`], from the files found; with the first
/// problem met, if any. A family whose files are missing falls back to the next.
fn definitions(files: &FontFiles) -> (egui::FontDefinitions, Option<InstallError>) {
    let mut definitions = egui::FontDefinitions::default();
    let mut problem = None;
    let mut load = |name: &str, path: Option<&Path>| -> Vec<String> {
        let Some(path) = path else {
            return Vec::new();
        };
        match crate::fonts::read(path) {
            Ok(data) => {
                definitions
                    .font_data
                    .insert(name.to_owned(), Arc::new(egui::FontData::from_owned(data)));
                vec![name.to_owned()]
            }
            Err(source) => {
                problem.get_or_insert(InstallError::font(path, source));
                Vec::new()
            }
        }
    };
    let regular = load("hall-regular", files.regular());
    let bold = load("hall-bold", files.bold());
    let proportional = load("hall-proportional", files.proportional());
    let proportional_bold = load("hall-proportional-bold", files.proportional_bold());
    if files.regular().is_none() {
        problem = Some(InstallError::NoFont);
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
    fn english_quotes_are_narrow_and_chinese_quotes_full_width() {
        let files = shipped_fonts();
        for bold in [false, true] {
            let english = width(&files, "“a”", family(Punctuation::Proportional, bold));
            let chinese = width(&files, "“a”", family(Punctuation::FullWidth, bold));
            let letter = width(&files, "a", family(Punctuation::FullWidth, bold));
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
        let problem = problem.unwrap().to_string();
        assert!(
            problem.starts_with(&format!("{} is not a usable font: ", damaged.display())),
            "{problem}"
        );
        assert_eq!(
            definitions.families[&family(Punctuation::Proportional, false)].first(),
            Some(&"hall-regular".to_owned())
        );
        // English text is still drawn, with the full-width quotes.
        let english = width(&files, "“a”", family(Punctuation::Proportional, false));
        let letter = width(&files, "a", family(Punctuation::Proportional, false));
        assert!(english - letter > 55.0, "{english} − {letter}");
    }

    #[test]
    fn every_family_exists_without_any_font_file() {
        // egui panics on a family it does not know; a hall without fonts must still run.
        let files = FontFiles::default();
        let (definitions, problem) = definitions(&files);
        for punctuation in [Punctuation::FullWidth, Punctuation::Proportional] {
            for bold in [false, true] {
                assert!(
                    definitions
                        .families
                        .contains_key(&family(punctuation, bold))
                );
            }
        }
        assert_eq!(
            problem.map(|p| p.to_string()).as_deref(),
            Some("no font in media/fonts/; Chinese text cannot be shown")
        );
        assert!(width(&files, "“a”", family(Punctuation::Proportional, true)) > 0.0);
    }
}
