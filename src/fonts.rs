//! The hall's fonts, without egui: found in `media/fonts/`, and asked which characters
//! they can draw (for `kiosk check`'s coverage warning). `ui::fonts` installs them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use skrifa::MetadataProvider as _;

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

    pub fn bold(&self) -> Option<&Path> {
        self.bold.as_deref()
    }

    pub fn proportional(&self) -> Option<&Path> {
        self.proportional.as_deref()
    }

    pub fn proportional_bold(&self) -> Option<&Path> {
        self.proportional_bold.as_deref()
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

/// Why a font file cannot be used. The messages name the cause only: the check puts
/// them beside the file's name, the log after it.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("{0}")]
    Unreadable(#[from] std::io::Error),
    #[error("{0}")]
    NotAFont(#[from] skrifa::raw::ReadError),
}

/// Reads a font file, refusing one that does not parse rather than fail later (egui
/// would, inside a frame).
pub fn read(path: &Path) -> Result<Vec<u8>, FontError> {
    let data = std::fs::read(path)?;
    skrifa::FontRef::new(&data)?;
    Ok(data)
}

/// The characters a font file can draw.
pub struct Coverage {
    codepoints: HashSet<u32>,
}

impl Coverage {
    pub fn load(path: &Path) -> Result<Self, FontError> {
        let data = std::fs::read(path)?;
        Self::from_bytes(&data)
    }

    pub fn from_bytes(data: &[u8]) -> Result<Self, FontError> {
        let font = skrifa::FontRef::new(data)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped_fonts() -> FontFiles {
        FontFiles::find(&Path::new(env!("CARGO_MANIFEST_DIR")).join("media/fonts"))
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
}
