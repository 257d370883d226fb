//! Typing slips that `ron` reports in its own terms, found in the curator's text
//! instead: full-width punctuation from a Chinese input method outside quoted text,
//! Windows paths (`photos\red\new.jpg`) and `\` codes RON does not know.

use crate::diagnostics::{Diagnostic, Position};
use crate::msg;
use std::path::Path;

use super::media_index::MediaKind;

/// A string literal of the source, as written (escape codes not decoded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Literal {
    /// The opening `"`.
    pub start: Position,
    /// Byte range of the text between the quotes in the source.
    pub inner: std::ops::Range<usize>,
}

/// One pass over the source: its string literals, and the full-width characters
/// outside them (and outside comments).
#[derive(Debug, Default)]
pub struct Scan {
    pub literals: Vec<Literal>,
    /// Each with its position; a run of full-width digits or spaces is one.
    pub strays: Vec<(Position, String)>,
}

/// Walks the source as RON reads it: `"…"` strings with `\` escapes, `//` and `/* */`
/// comments, and everything else.
pub fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    let mut chars = text.char_indices().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    let step = |c: char, line: &mut usize, column: &mut usize| {
        if c == '\n' {
            *line += 1;
            *column = 1;
        } else {
            *column += 1;
        }
    };
    while let Some((byte, c)) = chars.next() {
        let here = Position { line, column };
        step(c, &mut line, &mut column);
        match c {
            '"' => {
                let begin = byte + 1;
                let mut end = text.len();
                while let Some((inner, c)) = chars.next() {
                    step(c, &mut line, &mut column);
                    if c == '\\' {
                        if let Some((_, escaped)) = chars.next() {
                            step(escaped, &mut line, &mut column);
                        }
                    } else if c == '"' {
                        end = inner;
                        break;
                    }
                }
                out.literals.push(Literal {
                    start: here,
                    inner: begin..end,
                });
            }
            '/' if chars.peek().is_some_and(|&(_, next)| next == '/') => {
                while let Some(&(_, c)) = chars.peek() {
                    if c == '\n' {
                        break;
                    }
                    step(c, &mut line, &mut column);
                    chars.next();
                }
            }
            '/' if chars.peek().is_some_and(|&(_, next)| next == '*') => {
                // RON's block comments nest.
                let mut depth = 0usize;
                let mut previous = '/';
                for (_, c) in chars.by_ref() {
                    step(c, &mut line, &mut column);
                    if previous == '/' && c == '*' {
                        depth += 1;
                        previous = ' ';
                    } else if previous == '*' && c == '/' {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                        previous = ' ';
                    } else {
                        previous = c;
                    }
                }
            }
            _ if ascii_for(c).is_some() => {
                // A run of full-width digits (`１９１９`) or spaces (indentation) is
                // one slip.
                if let Some((start, run)) = out.strays.last_mut()
                    && start.line == here.line
                    && start.column + run.chars().count() == here.column
                    && run.chars().all(|r| same_run(r, c))
                {
                    run.push(c);
                } else {
                    out.strays.push((here, c.to_string()));
                }
            }
            _ => {}
        }
    }
    out
}

fn same_run(a: char, b: char) -> bool {
    (a == '\u{3000}' && b == '\u{3000}') || (is_wide_digit(a) && is_wide_digit(b))
}

fn is_wide_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// What a full-width character typed with a Chinese input method stands for.
pub fn ascii_for(c: char) -> Option<&'static str> {
    Some(match c {
        '：' => ":",
        '，' | '、' | '；' => ",",
        '“' | '”' | '‘' | '’' => "\"",
        '（' => "(",
        '）' => ")",
        '【' => "[",
        '】' => "]",
        '｛' => "{",
        '｝' => "}",
        '．' => ".",
        '－' => "-",
        '\u{3000}' => " ",
        '０' => "0",
        '１' => "1",
        '２' => "2",
        '３' => "3",
        '４' => "4",
        '５' => "5",
        '６' => "6",
        '７' => "7",
        '８' => "8",
        '９' => "9",
        _ => return None,
    })
}

/// At most this many full-width slips are listed for one file.
const MAX_STRAYS: usize = 20;

/// One error for each full-width character outside quoted text.
pub fn stray_diagnostics(scan: &Scan, text: &str, display: &Path) -> Vec<Diagnostic> {
    scan.strays
        .iter()
        .take(MAX_STRAYS)
        .map(|(position, run)| {
            let ascii: String = run.chars().filter_map(ascii_for).collect();
            let (message, hint) = if run.starts_with('\u{3000}') {
                (
                    msg!("a full-width space typed with a Chinese input method"),
                    "delete it and type ordinary spaces (switch the input method to English first)"
                        .to_owned(),
                )
            } else if run.chars().all(is_wide_digit) {
                (
                    msg!("full-width digits `{run}` typed with a Chinese input method"),
                    format!("type `{ascii}` instead (switch the input method to English first)"),
                )
            } else {
                (
                    msg!("a full-width `{run}` typed with a Chinese input method"),
                    format!("type `{ascii}` instead (switch the input method to English first)"),
                )
            };
            Diagnostic::error(display, message)
                .at(*position, text)
                .with_hint(hint)
        })
        .collect()
}

/// At most this many ASCII marks in Chinese text are listed for one file.
const MAX_ASCII_MARKS: usize = 20;

/// The full-width mark a Chinese text uses where an ASCII one was typed.
fn full_width_for(c: char) -> Option<char> {
    Some(match c {
        '?' => '？',
        '!' => '！',
        ',' => '，',
        ':' => '：',
        ';' => '；',
        _ => return None,
    })
}

/// Whether a character belongs to Chinese writing: a Han character or a CJK mark.
fn is_chinese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation: 、。「」《》
        | '\u{3400}'..='\u{4DBF}' // extension A
        | '\u{4E00}'..='\u{9FFF}' // unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FF01}'..='\u{FF60}' // full-width forms: ，（）？
        | '\u{20000}'..='\u{3134F}' // extensions B–G
        | '\u{2018}'..='\u{201D}' // the quotes “” ‘’ Chinese text shares with English
    )
}

/// Warnings for ASCII `? ! , : ;` in the hall's Chinese texts (the value of a `"zh…"`
/// key), at the mark. Only a mark touching Chinese writing on either side (spaces
/// skipped) is one: `3,527`, `10:30`, a URL or an English name inside a Chinese
/// sentence keep theirs.
pub fn ascii_marks_in_chinese(scan: &Scan, text: &str, display: &Path) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for pair in scan.literals.windows(2) {
        let [key, value] = pair else { continue };
        let Some(key_text) = text.get(key.inner.clone()) else {
            continue;
        };
        let between = text
            .get(key.inner.end + 1..value.inner.start.saturating_sub(1))
            .unwrap_or_default();
        if !key_text.starts_with("zh") || between.trim() != ":" {
            continue;
        }
        let Some(raw) = text.get(value.inner.clone()) else {
            continue;
        };
        let chars: Vec<(usize, char)> = raw.char_indices().collect();
        for (index, &(byte, c)) in chars.iter().enumerate() {
            let Some(wide) = full_width_for(c) else {
                continue;
            };
            let before = chars[..index]
                .iter()
                .rev()
                .map(|&(_, c)| c)
                .find(|c| *c != ' ');
            let after = chars[index + 1..]
                .iter()
                .map(|&(_, c)| c)
                .find(|c| *c != ' ');
            if !before.is_some_and(is_chinese) && !after.is_some_and(is_chinese) {
                continue;
            }
            if problems.len() == MAX_ASCII_MARKS {
                return problems;
            }
            problems.push(
                Diagnostic::warning(
                    display,
                    msg!("an ASCII `{c}` in Chinese text; Chinese uses the full-width `{wide}`"),
                )
                .at(position_of(text, value.inner.start + byte), text)
                .with_hint(format!("type `{wide}` with the Chinese input method")),
            );
        }
    }
    problems
}

/// The line and column (in characters) of a byte of the source.
fn position_of(text: &str, byte: usize) -> Position {
    let before = text.get(..byte).unwrap_or(text);
    Position {
        line: 1 + before.matches('\n').count(),
        column: 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count()),
    }
}

/// Whether a literal, as written, is a media path: no spaces, and a media file's
/// ending.
fn is_media_path(raw: &str) -> bool {
    if raw.is_empty() || raw.chars().any(char::is_whitespace) {
        return false;
    }
    let extension = raw
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    [
        MediaKind::Image,
        MediaKind::Audio,
        MediaKind::Captions,
        MediaKind::Video,
    ]
    .iter()
    .any(|kind| kind.extensions().contains(&extension.as_str()))
}

/// The `/` form of a Windows path: `photos\\red\new.jpg` → `photos/red/new.jpg`.
fn slashed(raw: &str) -> String {
    raw.replace("\\\\", "/").replace('\\', "/")
}

/// Media paths written with `\`: an error at the first backslash of each, and the
/// text with those backslashes turned into `/` (the same length, so every position
/// stays true), which is what the rest of the check then reads.
pub fn windows_paths(scan: &Scan, text: &str, display: &Path) -> (String, Vec<Diagnostic>) {
    let mut fixed = text.to_owned();
    let mut problems = Vec::new();
    for literal in &scan.literals {
        let raw = &text[literal.inner.clone()];
        let Some(first) = raw.find('\\') else {
            continue;
        };
        if !is_media_path(raw) {
            continue;
        }
        let column = literal.start.column + 1 + raw[..first].chars().count();
        problems.push(
            Diagnostic::error(
                display,
                msg!("`{raw}` is a Windows path: media paths use `/` between folders"),
            )
            .at(
                Position {
                    line: literal.start.line,
                    column,
                },
                text,
            )
            .with_hint(format!("write `{}`", slashed(raw))),
        );
        let slashes = raw.replace('\\', "/");
        fixed.replace_range(literal.inner.clone(), &slashes);
    }
    (fixed, problems)
}

/// The first `\` code RON does not know (`\U`, `\x` without two hex digits, …), as an
/// error at its backslash.
pub fn unknown_escape(scan: &Scan, text: &str, display: &Path) -> Option<Diagnostic> {
    scan.literals.iter().find_map(|literal| {
        let raw = &text[literal.inner.clone()];
        let mut chars = raw.char_indices();
        while let Some((byte, c)) = chars.next() {
            if c != '\\' {
                continue;
            }
            let rest = &raw[byte + 1..];
            let known = match rest.chars().next() {
                Some('\'' | '"' | '\\' | 'n' | 'r' | 't' | '0') => true,
                Some('x') => rest
                    .get(1..3)
                    .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit())),
                Some('u') => rest[1..].starts_with('{') && rest.contains('}'),
                _ => false,
            };
            if known {
                chars.next();
                continue;
            }
            let code: String = std::iter::once('\\').chain(rest.chars().take(1)).collect();
            return Some(
                Diagnostic::error(
                    display,
                    msg!("`{code}` is not a code RON knows: a `\\` in a text starts a code"),
                )
                .at(position_of(text, literal.inner.start + byte), text)
                .with_hint("write a `\\` inside a text as `\\\\`, or leave it out"),
            );
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strays_are_found_outside_strings_and_comments_only() {
        let text = "a： \"b：c\", // d：\n\u{3000}\u{3000}e: （1）, /* ： */ f: ２";
        let scanned = scan(text);
        let found: Vec<(usize, usize, &str)> = scanned
            .strays
            .iter()
            .map(|(p, run)| (p.line, p.column, run.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (1, 2, "："),
                (2, 1, "\u{3000}\u{3000}"),
                (2, 6, "（"),
                (2, 8, "）"),
                (2, 22, "２")
            ]
        );
    }

    #[test]
    fn a_windows_path_becomes_slashes_of_the_same_length() {
        let text = "cover: \"photos\\red\\new.jpg\", body: \"a \\n b.jpg\"";
        let (fixed, problems) = windows_paths(&scan(text), text, Path::new("a.ron"));
        assert_eq!(
            fixed,
            "cover: \"photos/red/new.jpg\", body: \"a \\n b.jpg\""
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].position,
            Some(Position {
                line: 1,
                column: 15
            })
        );
        assert_eq!(
            problems[0].hint.as_deref(),
            Some("write `photos/red/new.jpg`")
        );
    }

    #[test]
    fn unknown_escapes_are_found_at_their_backslash() {
        let text = "a: \"ok \\\" \\n \\x41 \\u{4e2d}\",\nb: \"C:\\Users\"";
        let problem = unknown_escape(&scan(text), text, Path::new("a.ron")).unwrap();
        // `\x` before a character of several bytes is cut at a character, not a byte.
        let wide = "a: \"\\x中文\"";
        assert!(unknown_escape(&scan(wide), wide, Path::new("a.ron")).is_some());
        assert_eq!(problem.position, Some(Position { line: 2, column: 7 }));
        assert_eq!(
            problem.message,
            "`\\U` is not a code RON knows: a `\\` in a text starts a code"
        );
    }
}
