//! Reading a curator's RON file: encoding checks, parsing, and turning `ron`'s errors
//! into diagnostics a curator can act on.

use std::collections::HashMap;
use std::path::Path;

use ron::error::{Error as RonError, SpannedError};
use serde::de::DeserializeOwned;

use super::model::{LANGUAGE_TWICE, LANGUAGE_TWICE_PREFIX};
use crate::diagnostics::{Diagnostic, Position, as_clause, closest};

/// Files larger than this are not content a curator wrote; refuse them rather than
/// parse megabytes on every reload.
const MAX_SOURCE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a text file as UTF-8, accepting a BOM and CRLF line endings.
/// `display` is the path shown to the curator.
pub fn read_text(path: &Path, display: &Path) -> Result<String, Box<Diagnostic>> {
    let size = std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|err| Diagnostic::error(display, format!("cannot read the file: {err}")))
        .map_err(Box::new)?;
    if size > MAX_SOURCE_BYTES {
        return Err(Box::new(Diagnostic::error(
            display,
            format!(
                "the file is {} KB; content files are limited to {} KB",
                size / 1024,
                MAX_SOURCE_BYTES / 1024
            ),
        )));
    }
    let bytes = std::fs::read(path).map_err(|err| {
        Box::new(Diagnostic::error(
            display,
            format!("cannot read the file: {err}"),
        ))
    })?;
    decode_utf8(bytes, display)
}

pub fn decode_utf8(bytes: Vec<u8>, display: &Path) -> Result<String, Box<Diagnostic>> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text)),
        Err(err) => {
            let valid_up_to = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let before = String::from_utf8_lossy(&bytes[..valid_up_to]);
            let line = 1 + before.matches('\n').count();
            let column = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
            // Chinese text saved by older Windows editors is usually GBK (GB18030).
            let (_, _, gbk_failed) = encoding_rs::GB18030.decode(&bytes);
            let message = if gbk_failed {
                "the file is not UTF-8 text".to_owned()
            } else {
                "the file is not UTF-8 text: it looks like GBK (GB18030)".to_owned()
            };
            let mut diagnostic = Diagnostic::error(display, message)
                .with_hint("save the file as UTF-8 (in Notepad: Save As → Encoding → UTF-8)");
            diagnostic.position = Some(Position { line, column });
            Err(Box::new(diagnostic))
        }
    }
}

/// Parses `text` as a `T`, or explains why not.
pub fn parse<T: DeserializeOwned>(text: &str, display: &Path) -> Result<T, Box<Diagnostic>> {
    ron_options()
        .from_str(text)
        .map_err(|err| Box::new(ron_diagnostic(&err, text, display)))
}

/// `Some(1928)` and plain `1928` are both accepted for optional fields.
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

fn ron_diagnostic(err: &SpannedError, text: &str, display: &Path) -> Diagnostic {
    let mut position = Position {
        line: err.span.start.line.max(1),
        column: err.span.start.col.max(1),
    };
    let (message, hint) = explain(&err.code);
    // ron points inside the key's quotes; the curator looks for the key itself.
    if is_language_twice(&err.code) && char_before(text, position) == Some('"') {
        position.column -= 1;
    }
    let diagnostic = Diagnostic::error(display, message).at(position, text);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

fn is_language_twice(code: &RonError) -> bool {
    matches!(code, RonError::Message(message)
        if message.starts_with(LANGUAGE_TWICE_PREFIX) && message.contains(LANGUAGE_TWICE))
}

/// The character just before a 1-based position.
fn char_before(text: &str, position: Position) -> Option<char> {
    let line = text.lines().nth(position.line.checked_sub(1)?)?;
    line.chars().nth(position.column.checked_sub(2)?)
}

/// A curator-facing message and hint for each kind of RON error.
fn explain(code: &RonError) -> (String, Option<String>) {
    match code {
        RonError::Message(message) if is_language_twice(code) => (
            message.clone(),
            Some("keep one of them, or correct the other's language".to_owned()),
        ),
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let message = match outer {
                Some(outer) => format!("unknown field `{found}` in `{outer}`"),
                None => format!("unknown field `{found}`"),
            };
            let hint = match closest(found, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the fields here are: {}", backticked(expected)),
            };
            (message, Some(hint))
        }
        RonError::MissingStructField { field, outer } => {
            let message = match outer {
                Some(outer) => format!("missing field `{field}` in `{outer}`"),
                None => format!("missing field `{field}`"),
            };
            (message, Some(format!("add `{field}: …` here")))
        }
        RonError::DuplicateStructField { field, .. } => (
            format!("the field `{field}` is given twice"),
            Some("remove one of them".to_owned()),
        ),
        RonError::NoSuchEnumVariant {
            expected, found, ..
        } => {
            let hint = match closest(found, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("use one of: {}", backticked(expected)),
            };
            (format!("unknown value `{found}`"), Some(hint))
        }
        RonError::ExpectedDifferentStructName { expected, found } => (
            format!("expected `{expected}(…)`, found `{found}(…)`"),
            None,
        ),
        RonError::ExpectedNamedStructLike(name) => (format!("expected `{name}(…)`"), None),
        RonError::InvalidValueForType { expected, found } => {
            (format!("expected {expected}, found {found}"), None)
        }
        RonError::ExpectedComma => (
            "expected a comma `,` or a closing bracket".to_owned(),
            Some("is a comma missing at the end of the previous line?".to_owned()),
        ),
        RonError::ExpectedStringEnd => (
            "this text is not closed".to_owned(),
            Some(
                "add the closing `\"`; a `\"` inside text must be written `\\\"` or as “ ”"
                    .to_owned(),
            ),
        ),
        RonError::Eof => (
            "the file ends too early".to_owned(),
            Some("a closing `)`, `]` or `}` is probably missing".to_owned()),
        ),
        RonError::TrailingCharacters => (
            "unexpected text after the end of the data".to_owned(),
            Some("is there an extra closing bracket?".to_owned()),
        ),
        RonError::ExpectedMapColon => (
            "expected `:` between a language and its text".to_owned(),
            None,
        ),
        RonError::Utf8Error(_) => ("the file is not UTF-8 text".to_owned(), None),
        other => (as_clause(&other.to_string()), None),
    }
}

fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The position of the first `"needle"` string literal at or after `start_line`,
/// used to point post-parse diagnostics at the offending value.
pub fn locate_literal(text: &str, needle: &str, start_line: usize) -> Option<Position> {
    let quoted = format!("\"{needle}\"");
    text.lines()
        .enumerate()
        .skip(start_line.saturating_sub(1))
        .find_map(|(index, line)| {
            line.find(&quoted).map(|byte| Position {
                line: index + 1,
                column: line[..byte].chars().count() + 1,
            })
        })
}

/// The position of the `nth` (0-based) occurrence of `key:` in the text, used to point
/// at a field such as the second `Panel(`'s `photos:`.
pub fn locate_nth(text: &str, pattern: &str, nth: usize) -> Option<Position> {
    let mut seen = 0;
    for (index, line) in text.lines().enumerate() {
        let mut rest = line;
        let mut offset = 0;
        while let Some(byte) = rest.find(pattern) {
            if seen == nth {
                return Some(Position {
                    line: index + 1,
                    column: line[..offset + byte].chars().count() + 1,
                });
            }
            seen += 1;
            offset += byte + pattern.len();
            rest = &rest[byte + pattern.len()..];
        }
    }
    None
}

/// The first string value of `key:` in a file that may not parse, e.g. its `id`.
pub fn first_string_of(text: &str, key: &str) -> Option<String> {
    let position = *field_keys(text).get(key)?.first()?;
    let line = text.lines().nth(position.line - 1)?;
    let after: String = line.chars().skip(position.column - 1 + key.len()).collect();
    let start = after.find('"')? + 1;
    let end = start + after[start..].find('"')?;
    Some(after[start..end].to_owned())
}

/// Every `identifier:` outside strings and comments, with its position, in order.
pub fn field_keys(text: &str) -> HashMap<String, Vec<Position>> {
    let mut keys: HashMap<String, Vec<Position>> = HashMap::new();
    let chars: Vec<char> = text.chars().collect();
    let (mut line, mut column) = (1, 1);
    let mut i = 0;
    let advance = |c: char, line: &mut usize, column: &mut usize| {
        if c == '\n' {
            *line += 1;
            *column = 1;
        } else {
            *column += 1;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            // Skip a string literal, honouring escapes.
            advance(c, &mut line, &mut column);
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    advance(chars[i], &mut line, &mut column);
                    i += 1;
                }
                advance(chars[i], &mut line, &mut column);
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                advance(chars[i], &mut line, &mut column);
                i += 1;
            }
            continue;
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                advance(chars[i], &mut line, &mut column);
                i += 1;
            }
            for _ in 0..2 {
                if let Some(&c) = chars.get(i) {
                    advance(c, &mut line, &mut column);
                    i += 1;
                }
            }
            continue;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = Position { line, column };
            let begin = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                advance(chars[i], &mut line, &mut column);
                i += 1;
            }
            let word: String = chars[begin..i].iter().collect();
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            if chars.get(j) == Some(&':') {
                keys.entry(word).or_default().push(start);
            }
            continue;
        }
        if i < chars.len() {
            advance(chars[i], &mut line, &mut column);
            i += 1;
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Style;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Small {
        title: String,
        year: Option<i32>,
    }

    #[test]
    fn unknown_field_suggests_the_closest() {
        let text = "Small(\n    titel: \"x\",\n)";
        let err = parse::<Small>(text, Path::new("a.ron")).unwrap_err();
        assert_eq!(
            err.render(Style::Plain),
            "a.ron:2:5: error: unknown field `titel` in `Small`\n 2 |     titel: \"x\",\n   |     ^\n  = hint: did you mean `title`?\n"
        );
    }

    #[test]
    fn implicit_some_is_accepted() {
        let small: Small = parse("Small(title: \"x\", year: 1928)", Path::new("a.ron")).unwrap();
        assert_eq!(small.year, Some(1928));
    }

    #[test]
    fn gbk_is_named() {
        let (bytes, _, _) = encoding_rs::GBK.encode("Small(title: \"夏明翰\")");
        let err = decode_utf8(bytes.into_owned(), Path::new("a.ron")).unwrap_err();
        assert_eq!(
            err.message,
            "the file is not UTF-8 text: it looks like GBK (GB18030)"
        );
        assert_eq!(
            err.position,
            Some(Position {
                line: 1,
                column: 15
            })
        );
    }

    #[test]
    fn bom_is_stripped() {
        let text = decode_utf8(b"\xef\xbb\xbfSmall()".to_vec(), Path::new("a.ron")).unwrap();
        assert_eq!(text, "Small()");
    }

    #[test]
    fn locates_literals_and_fields() {
        let text = "a: \"x\",\nb: \"y\",\nphotos: [],\nphotos: [],";
        assert_eq!(
            locate_literal(text, "y", 1),
            Some(Position { line: 2, column: 4 })
        );
        assert_eq!(
            locate_nth(text, "photos:", 1),
            Some(Position { line: 4, column: 1 })
        );
    }

    #[test]
    fn field_keys_skip_strings_and_comments() {
        let text = "Exhibit(\n  id: \"a\", // note: x\n  body: {\"en\": \"Note: y\"},\n  /* file: */ file: \"p\",\n)";
        let keys = field_keys(text);
        assert_eq!(keys["id"], vec![Position { line: 2, column: 3 }]);
        assert_eq!(keys["body"], vec![Position { line: 3, column: 3 }]);
        assert_eq!(
            keys["file"],
            vec![Position {
                line: 4,
                column: 15
            }]
        );
        assert!(!keys.contains_key("note"));
        assert!(!keys.contains_key("Note"));
    }
}
