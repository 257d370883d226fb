//! Reading a curator's RON file: encoding checks, parsing, and turning `ron`'s errors
//! into diagnostics a curator can act on.

use std::collections::HashMap;
use std::path::Path;

use ron::error::{Error as RonError, SpannedError};
use serde::de::DeserializeOwned;

use super::model::{LANGUAGE_TWICE, LANGUAGE_TWICE_PREFIX};
use super::slips;
use crate::diagnostics::{Diagnostic, Message, Position, as_clause, closest};
use crate::msg;

/// Files larger than this are not content a curator wrote; refuse them rather than
/// parse megabytes on every reload.
const MAX_SOURCE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a text file as UTF-8, accepting a BOM and CRLF line endings.
/// `display` is the path shown to the curator.
pub fn read_text(path: &Path, display: &Path) -> Result<String, Box<Diagnostic>> {
    let size = std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|err| Diagnostic::error(display, msg!("cannot read the file: {err}")))
        .map_err(Box::new)?;
    if size > MAX_SOURCE_BYTES {
        return Err(Box::new(Diagnostic::error(
            display,
            msg!(
                "the file is {} KB; content files are limited to {} KB",
                size / 1024,
                MAX_SOURCE_BYTES / 1024
            ),
        )));
    }
    let bytes = std::fs::read(path).map_err(|err| {
        Box::new(Diagnostic::error(
            display,
            msg!("cannot read the file: {err}"),
        ))
    })?;
    decode_utf8(bytes, display)
}

/// A file's text with anything not UTF-8 replaced, for finding an id in a file that
/// cannot be read properly (ids are plain ASCII in any encoding).
pub fn read_lossy(path: &Path) -> Option<String> {
    let size = std::fs::metadata(path).ok()?.len();
    if size > MAX_SOURCE_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
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
                msg!("the file is not UTF-8 text")
            } else {
                msg!("the file is not UTF-8 text: it looks like GBK (GB18030)")
            };
            let mut diagnostic = Diagnostic::error(display, message)
                .with_hint("save the file as UTF-8 (in Notepad: Save As → Encoding → UTF-8)");
            diagnostic.position = Some(Position { line, column });
            Err(Box::new(diagnostic))
        }
    }
}

/// A file's data, when it could be read, and every writing mistake found in it.
#[derive(Debug)]
pub struct Parsed<T> {
    pub value: Option<T>,
    pub problems: Vec<Diagnostic>,
}

/// Parses `text` as a `T`, or explains why not in the curator's terms. Media paths
/// written with `\` are reported and read with `/`, so that the rest of the file is
/// checked as meant; ASCII marks in Chinese text are warned about once it reads.
pub fn parse<T: DeserializeOwned>(text: &str, display: &Path) -> Parsed<T> {
    let scan = slips::scan(text);
    let (fixed, mut problems) = slips::windows_paths(&scan, text, display);
    match ron_options().from_str(&fixed) {
        Ok(value) => {
            problems.extend(slips::ascii_marks_in_chinese(&scan, text, display));
            Parsed {
                value: Some(value),
                problems,
            }
        }
        Err(err) => {
            problems.extend(parse_problems(&err, &scan, text, display));
            Parsed {
                value: None,
                problems,
            }
        }
    }
}

/// What to say about a parse that failed. Full-width characters outside quotes are
/// the cause of whatever `ron` says at or after them, so they are reported instead.
fn parse_problems(
    err: &SpannedError,
    scan: &slips::Scan,
    text: &str,
    display: &Path,
) -> Vec<Diagnostic> {
    let ron_position = Position {
        line: err.span.start.line.max(1),
        column: err.span.start.col.max(1),
    };
    let strays = slips::stray_diagnostics(scan, text, display);
    // ron may point at the whitespace before what it could not read.
    let culprit = next_visible(text, ron_position);
    let first_stray = scan.strays.first().map(|(position, _)| *position);
    if first_stray.is_some_and(|stray| stray <= culprit) {
        return strays;
    }
    if matches!(err.code, RonError::InvalidEscape(_))
        && let Some(problem) = slips::unknown_escape(scan, text, display)
    {
        return vec![problem];
    }
    vec![ron_diagnostic(err, text, display)]
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
    // ron points inside the key's quotes; the curator looks for the key itself.
    if is_language_twice(&err.code) && char_before(text, position) == Some('"') {
        position.column -= 1;
    }
    let (message, hint) = explain(&err.code, text, &mut position);
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

/// A curator-facing message and hint for each kind of RON error, in the words of
/// the place it points at (`position` may move to the real culprit).
fn explain(code: &RonError, text: &str, position: &mut Position) -> (Message, Option<String>) {
    let here = char_at(text, *position);
    if let Some(c) = here.filter(|c| !c.is_ascii() && !c.is_whitespace())
        && is_out_of_place(code)
    {
        let hint = if char_before(text, *position).is_some_and(|b| b.is_ascii_digit()) {
            format!("a number is written without units: delete the `{c}`")
        } else {
            "put text between straight double quotes `\"…\"`".to_owned()
        };
        return (msg!("`{c}` is outside the quotes"), Some(hint));
    }
    match code {
        RonError::Message(message) if is_language_twice(code) => (
            Message::relayed(message.clone()),
            Some("keep one of them, or correct the other's language".to_owned()),
        ),
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let message = match outer {
                Some(outer) => msg!("unknown field `{found}` in `{outer}`"),
                None => msg!("unknown field `{found}`"),
            };
            let hint = match closest(found, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the fields here are: {}", backticked(expected)),
            };
            (message, Some(hint))
        }
        RonError::MissingStructField { field, outer } => {
            let message = match outer {
                Some(outer) => msg!("missing field `{field}` in `{outer}`"),
                None => msg!("missing field `{field}`"),
            };
            (message, Some(format!("add `{field}: …` here")))
        }
        RonError::DuplicateStructField { field, .. } => (
            msg!("the field `{field}` is given twice"),
            Some("remove one of them".to_owned()),
        ),
        RonError::NoSuchEnumVariant {
            expected, found, ..
        } => {
            let hint = match closest(found, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("use one of: {}", backticked(expected)),
            };
            (msg!("unknown value `{found}`"), Some(hint))
        }
        RonError::ExpectedDifferentStructName { expected, found } => {
            (msg!("expected `{expected}(…)`, found `{found}(…)`"), None)
        }
        RonError::ExpectedNamedStructLike(name) => (msg!("expected `{name}(…)`"), None),
        RonError::IntegerOutOfBounds => {
            // ron points after the minus sign of `-1`.
            if char_before(text, *position) == Some('-') {
                position.column -= 1;
            }
            whole_number(code, key_before(text, *position).as_deref())
        }
        RonError::ExpectedInteger => whole_number(code, key_before(text, *position).as_deref()),
        RonError::InvalidValueForType { expected, .. } if expected.contains("integer") => {
            whole_number(code, key_before(text, *position).as_deref())
        }
        RonError::ExpectedFloat => (
            msg!("expected a number such as `0.5`, written without quotes"),
            None,
        ),
        RonError::ExpectedBoolean => (
            msg!("expected `true` or `false`, written without quotes"),
            None,
        ),
        RonError::ExpectedString => (
            msg!("expected a text in straight double quotes `\"…\"`"),
            None,
        ),
        RonError::InvalidValueForType { expected, found } => {
            (msg!("expected {expected}, found {found}"), None)
        }
        RonError::ExpectedIdentifier if here == Some('"') => {
            let name = quoted_at(text, *position).unwrap_or_else(|| "id".to_owned());
            (
                msg!("a field name is written without quotes"),
                Some(format!("write `{name}: …`, not `\"{name}\": …`")),
            )
        }
        RonError::ExpectedIdentifier => (msg!("expected a field name here"), None),
        RonError::ExpectedComma => expected_comma(text, position),
        RonError::ExpectedStringEnd => (
            msg!("this text is not closed"),
            Some(
                "add the closing `\"`; a `\"` inside text must be written `\\\"` or as “ ”"
                    .to_owned(),
            ),
        ),
        RonError::Eof => (
            msg!("the file ends too early"),
            Some("a closing `)`, `]` or `}` is probably missing".to_owned()),
        ),
        RonError::TrailingCharacters => (
            msg!("unexpected text after the end of the data"),
            Some("is there an extra closing bracket?".to_owned()),
        ),
        RonError::ExpectedMapColon => (
            msg!("expected `:` between a name and its value, as in `\"zh\": \"…\"`"),
            None,
        ),
        RonError::InvalidEscape(_) => (
            msg!("a `\\` in a text starts a code that RON does not know"),
            Some("write a `\\` inside a text as `\\\\`, or leave it out".to_owned()),
        ),
        RonError::Utf8Error(_) => (msg!("the file is not UTF-8 text"), None),
        other => (
            msg!("RON cannot read this: {}", as_clause(&other.to_string())),
            None,
        ),
    }
}

/// Errors that, at a Chinese character, mean the character is out of place.
fn is_out_of_place(code: &RonError) -> bool {
    matches!(
        code,
        RonError::ExpectedComma
            | RonError::ExpectedOptionEnd
            | RonError::ExpectedStructLikeEnd
            | RonError::ExpectedArrayEnd
            | RonError::ExpectedMapEnd
            | RonError::ExpectedIdentifier
            | RonError::ExpectedInteger
            | RonError::ExpectedFloat
            | RonError::ExpectedString
            | RonError::TrailingCharacters
            | RonError::UnexpectedChar(_)
    )
}

/// A missing comma, or what looks like one: a plain `"` inside a text ends the text
/// early, and whatever follows is read as the next item.
fn expected_comma(text: &str, position: &mut Position) -> (Message, Option<String>) {
    if at_line_start(text, *position) {
        return (
            msg!("expected a comma `,` or a closing bracket"),
            Some("is a comma missing at the end of the previous line?".to_owned()),
        );
    }
    let closed_just_before = char_before(text, *position) == Some('"');
    let word_follows = char_at(text, *position).is_some_and(char::is_alphanumeric);
    if closed_just_before && word_follows {
        position.column -= 1;
        return (
            msg!("this text is not closed: the plain `\"` here ends it early"),
            Some("write a `\"` inside text as `\\\"`, or use “ ”".to_owned()),
        );
    }
    (
        msg!("expected a comma `,` or a closing bracket"),
        Some("is a comma missing just before this?".to_owned()),
    )
}

/// A whole-number field given something else, in the field's own terms.
fn whole_number(code: &RonError, key: Option<&str>) -> (Message, Option<String>) {
    if matches!(code, RonError::IntegerOutOfBounds) {
        return match key {
            Some("answer") => (
                msg!("the answer cannot be negative: choices count from 0"),
                Some("`answer: 0` is the first choice, `answer: 1` the second".to_owned()),
            ),
            Some(key) => (
                msg!("`{key}` cannot be negative or this large"),
                Some(format!(
                    "write a whole number such as `{key}: {}`",
                    example_for(key)
                )),
            ),
            None => (msg!("the number cannot be negative or this large"), None),
        };
    }
    match key {
        Some("year") => (
            msg!("a year is a number without quotes, e.g. `year: 1919`"),
            None,
        ),
        Some(key) => (
            msg!(
                "`{key}` is a whole number without quotes, e.g. `{key}: {}`",
                example_for(key)
            ),
            None,
        ),
        None => (
            msg!("expected a whole number without quotes, e.g. `5`"),
            None,
        ),
    }
}

fn example_for(key: &str) -> &'static str {
    match key {
        "answer" => "0",
        "panel" => "Some(0)",
        "minutes" => "10",
        "year" => "1919",
        _ => "5",
    }
}

/// The field name before a value at `position`: `year` for `year: Some("2021")`.
fn key_before(text: &str, position: Position) -> Option<String> {
    let before = text.get(..byte_offset(text, position)?)?.trim_end();
    let before = before
        .strip_suffix('(')
        .map(|b| b.trim_end().strip_suffix("Some").unwrap_or(b).trim_end())
        .unwrap_or(before);
    let before = before.strip_suffix('-').unwrap_or(before).trim_end();
    let before = before.strip_suffix(':')?.trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
        .last()?
        .0;
    Some(before[start..].to_owned())
}

/// The byte offset of a 1-based position.
fn byte_offset(text: &str, position: Position) -> Option<usize> {
    let mut offset = 0;
    for (index, line) in text.split('\n').enumerate() {
        if index + 1 == position.line {
            let column = line
                .char_indices()
                .nth(position.column.checked_sub(1)?)
                .map_or(line.len(), |(byte, _)| byte);
            return Some(offset + column);
        }
        offset += line.len() + 1;
    }
    None
}

/// The first position at or after `position` that is not an ASCII space or line end.
fn next_visible(text: &str, position: Position) -> Position {
    let Some(offset) = byte_offset(text, position) else {
        return position;
    };
    let rest = &text[offset..];
    let skipped = &rest[..rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len()];
    match skipped.rfind('\n') {
        None => Position {
            line: position.line,
            column: position.column + skipped.chars().count(),
        },
        Some(newline) => Position {
            line: position.line + skipped.matches('\n').count(),
            column: 1 + skipped[newline + 1..].chars().count(),
        },
    }
}

/// The character at a 1-based position.
fn char_at(text: &str, position: Position) -> Option<char> {
    let line = text.lines().nth(position.line.checked_sub(1)?)?;
    line.chars().nth(position.column.checked_sub(1)?)
}

/// The text of a `"…"` that opens at `position`, on its line.
fn quoted_at(text: &str, position: Position) -> Option<String> {
    let line = text.lines().nth(position.line.checked_sub(1)?)?;
    let rest: String = line.chars().skip(position.column).collect();
    rest.split_once('"').map(|(inside, _)| inside.to_owned())
}

/// Whether only spaces come before a position on its line.
fn at_line_start(text: &str, position: Position) -> bool {
    text.lines()
        .nth(position.line.saturating_sub(1))
        .is_some_and(|line| {
            line.chars()
                .take(position.column.saturating_sub(1))
                .all(char::is_whitespace)
        })
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
        let err = &parse::<Small>(text, Path::new("a.ron")).problems[0];
        assert_eq!(
            err.render(Style::Plain),
            "a.ron:2:5: error: unknown field `titel` in `Small`\n 2 |     titel: \"x\",\n   |     ^\n  = hint: did you mean `title`?\n"
        );
    }

    #[test]
    fn implicit_some_is_accepted() {
        let small: Small = parse("Small(title: \"x\", year: 1928)", Path::new("a.ron"))
            .value
            .unwrap();
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
