//! One diagnostic type for everything a curator can get wrong, and its rendering
//! for the terminal (`kiosk check`), the log and the admin overlay.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a problem is. Errors make `kiosk check` fail; warnings never do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// A 1-based line and column in a source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One problem found in a hall, with everything a curator needs to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the hall directory, e.g. `exhibits/04-xia-minghan.ron`.
    pub file: PathBuf,
    pub position: Option<Position>,
    /// The source line at `position`, shown with a caret under the column.
    pub excerpt: Option<Excerpt>,
    /// Where in the file's data the problem is, e.g. `panels[1].photos[0].file`.
    pub field: Option<String>,
    pub message: String,
    /// A suggested fix, e.g. "did you mean `title`?".
    pub hint: Option<String>,
}

/// A message as `kiosk check` prints it, made only by [`msg!`](crate::msg): every
/// message the check can print is written in the code as `msg!("…")`, where the test
/// of docs/CURATORS.md's message table finds it (tests/check_messages.rs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message(String);

impl Message {
    /// For [`msg!`](crate::msg) only.
    #[doc(hidden)]
    pub fn from_msg_macro(text: String) -> Self {
        Self(text)
    }

    /// A message made by `msg!` elsewhere and carried as text on the way, such as a
    /// [`MediaProblem`](crate::content::media_index::MediaProblem)'s.
    pub(crate) fn relayed(text: String) -> Self {
        Self(text)
    }
}

impl From<Message> for String {
    fn from(message: Message) -> Self {
        message.0
    }
}

/// `format!` for a message `kiosk check` prints (see [`Message`]).
#[macro_export]
macro_rules! msg {
    ($($arg:tt)*) => {
        $crate::diagnostics::Message::from_msg_macro(format!($($arg)*))
    };
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: Message) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: impl Into<PathBuf>, message: Message) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl Into<PathBuf>, message: Message) -> Self {
        Self {
            severity,
            file: file.into(),
            position: None,
            excerpt: None,
            field: None,
            message: message.0,
            hint: None,
        }
    }

    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches a position and the matching line of `source`.
    #[must_use]
    pub fn at(mut self, position: Position, source: &str) -> Self {
        self.excerpt = source
            .lines()
            .nth(position.line.saturating_sub(1))
            .map(|line| Excerpt::new(line.trim_end_matches('\r'), position.column));
        self.position = Some(position);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line: `file:line:col: severity: field: message`.
    pub fn headline(&self) -> String {
        let mut out = printable(&self.file.display().to_string());
        if let Some(pos) = self.position {
            let _ = write!(out, ":{}:{}", pos.line, pos.column);
        }
        let _ = write!(out, ": {}: ", self.severity.label());
        if let Some(field) = &self.field {
            let _ = write!(out, "{}: ", printable(field));
        }
        out.push_str(&printable(&self.message));
        out
    }

    /// The full text: headline, source line with a caret, and the hint.
    pub fn render(&self, style: Style) -> String {
        let mut out = String::new();
        let (on, off) = match (style, self.severity) {
            (Style::Plain, _) => ("", ""),
            (Style::Ansi, Severity::Error) => ("\x1b[1;31m", "\x1b[0m"),
            (Style::Ansi, Severity::Warning) => ("\x1b[1;33m", "\x1b[0m"),
        };
        let headline = self.headline();
        // Colour just the severity word, so the file name stays easy to copy.
        let label = format!(": {}: ", self.severity.label());
        match headline.split_once(&label) {
            Some((head, tail)) if !on.is_empty() => {
                let _ = write!(out, "{head}: {on}{}{off}: {tail}", self.severity.label());
            }
            _ => out.push_str(&headline),
        }
        out.push('\n');
        if let (Some(pos), Some(excerpt)) = (self.position, &self.excerpt) {
            let number = pos.line.to_string();
            let gutter = " ".repeat(number.len());
            let _ = writeln!(out, " {number} | {}", excerpt.text);
            let _ = writeln!(
                out,
                " {gutter} | {}{on}^{off}",
                " ".repeat(excerpt.caret_cells)
            );
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {}", printable(hint));
        }
        out
    }

    /// Sort key: errors first, then by file, position and message.
    fn sort_key(&self) -> (Severity, &Path, Option<Position>, &str) {
        (self.severity, &self.file, self.position, &self.message)
    }
}

/// A line of source as shown under a headline: whole when it fits a terminal,
/// otherwise a window around the column, so that one error in a minified file does
/// not print the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The line, or its window with `…` on each side that was cut; tabs as spaces.
    pub text: String,
    /// Terminal cells before the caret.
    pub caret_cells: usize,
}

/// Lines up to this many cells are shown whole.
const WHOLE_LINE_CELLS: usize = 120;
/// Cells of a long line kept on each side of the column.
const CONTEXT_CELLS: usize = 40;

impl Excerpt {
    /// `column` is 1-based and counts characters; past the end, the caret follows the line.
    fn new(line: &str, column: usize) -> Self {
        // One character for one, so that the column still finds the caret's place.
        let line: String = line
            .chars()
            .map(|c| match c {
                '\t' => ' ',
                c if c.is_control() => control_picture(c),
                c => c,
            })
            .collect();
        let caret_byte = line
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line.len(), |(byte, _)| byte);
        let (before, after) = line.split_at(caret_byte);
        // A character is never narrower than its UTF-8 bytes are few, so short lines
        // are known to fit without measuring.
        let fits = line.len() <= WHOLE_LINE_CELLS || display_width_of(&line) <= WHOLE_LINE_CELLS;
        if fits {
            return Self {
                caret_cells: display_width_of(before),
                text: line,
            };
        }
        let left_start = window_start(before);
        let right_end = window_end(after);
        let mut text = String::new();
        let mut caret_cells = 0;
        if left_start > 0 {
            text.push('…');
            caret_cells += display_width('…');
        }
        let left = &before[left_start..];
        text.push_str(left);
        caret_cells += display_width_of(left);
        text.push_str(&after[..right_end]);
        if right_end < after.len() {
            text.push('…');
        }
        Self { text, caret_cells }
    }
}

/// Where the last `CONTEXT_CELLS` cells of `before` begin.
fn window_start(before: &str) -> usize {
    let mut cells = 0;
    let mut start = before.len();
    for (byte, c) in before.char_indices().rev() {
        cells += display_width(c);
        if cells > CONTEXT_CELLS {
            break;
        }
        start = byte;
    }
    start
}

/// Where the window of `after` ends: the character under the caret, then
/// `CONTEXT_CELLS` cells more.
fn window_end(after: &str) -> usize {
    let mut chars = after.char_indices();
    let Some((_, caret)) = chars.next() else {
        return 0;
    };
    let mut end = caret.len_utf8();
    let mut cells = 0;
    for (byte, c) in chars {
        cells += display_width(c);
        if cells > CONTEXT_CELLS {
            break;
        }
        end = byte + c.len_utf8();
    }
    end
}

/// A text with its control characters written as escape codes (`\r`, `\u{1b}`), so
/// that a carriage return or a colour code from a file never garbles a terminal.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// A control character's visible stand-in of one cell: `␍` for a carriage return.
fn control_picture(c: char) -> char {
    match u32::from(c) {
        code @ 0..=0x1f => char::from_u32(0x2400 + code).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// How to render diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Ansi,
}

/// Terminal cells taken by a character (Unicode's East Asian Width): CJK and
/// full-width forms take two, a control character none. The one rule for everything
/// printed in columns.
pub fn display_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Terminal cells taken by a text: the sum of its characters' [`display_width`].
pub fn display_width_of(text: &str) -> usize {
    text.chars().map(display_width).sum()
}

/// All problems found by one load of a hall.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Errors first, then warnings, each in file and position order.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
    }

    /// Everything, rendered as `kiosk check` prints it.
    pub fn render(&self, style: Style) -> String {
        self.items
            .iter()
            .map(|d| d.render(style))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// A library's error text as a clause of our message: no capital, no full stop.
pub fn as_clause(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The closest of `candidates` to `wrong`, if it is close enough to be a likely typo:
/// the one "did you mean" of every message (field names, values, ids, media paths).
/// Letters swapped count as one slip, and case does not count, since files copied from
/// Windows often differ only in it.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::normalized_damerau_levenshtein(&wrong, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_caret_under_the_column() {
        let source = "Exhibit(\n    titel: {},\n)";
        let d = Diagnostic::error("exhibits/01.ron", crate::msg!("unknown field `titel`"))
            .at(Position { line: 2, column: 5 }, source)
            .with_hint("did you mean `title`?");
        assert_eq!(
            d.render(Style::Plain),
            "exhibits/01.ron:2:5: error: unknown field `titel`\n 2 |     titel: {},\n   |     ^\n  = hint: did you mean `title`?\n"
        );
    }

    #[test]
    fn caret_accounts_for_wide_characters() {
        let source = "\"中文\" x";
        let d = Diagnostic::error("a.ron", crate::msg!("m"))
            .at(Position { line: 1, column: 6 }, source);
        assert!(d.render(Style::Plain).contains("\n   |        ^\n"));
    }

    /// The excerpt and caret lines of a rendered diagnostic.
    fn excerpt_lines(d: &Diagnostic) -> (String, String) {
        let text = d.render(Style::Plain);
        let mut lines = text.lines().skip(1);
        let excerpt = lines.next().unwrap_or_default().to_owned();
        let caret = lines.next().unwrap_or_default().to_owned();
        (excerpt, caret)
    }

    #[test]
    fn a_200_kb_line_is_clipped_around_the_column() {
        let line = format!("{}X{}", "a".repeat(99_999), "b".repeat(100_000));
        let d = Diagnostic::error("a.ron", crate::msg!("m")).at(
            Position {
                line: 1,
                column: 100_000,
            },
            &line,
        );
        let (excerpt, caret) = excerpt_lines(&d);
        assert_eq!(
            excerpt,
            format!(" 1 | …{}X{}…", "a".repeat(40), "b".repeat(40))
        );
        assert_eq!(caret, format!("   | {}^", " ".repeat(41)));
        assert!(d.render(Style::Plain).len() < 200);
    }

    #[test]
    fn a_clipped_line_keeps_the_caret_under_a_wide_character() {
        // 40 cells before the caret are 20 Chinese characters; the `a` before them
        // would be the 41st cell.
        let line = format!(
            "{}a{}甲{}",
            "b".repeat(1000),
            "中".repeat(20),
            "文".repeat(1000)
        );
        let column = 1000 + 1 + 20 + 1;
        let d =
            Diagnostic::error("a.ron", crate::msg!("m")).at(Position { line: 1, column }, &line);
        let (excerpt, caret) = excerpt_lines(&d);
        assert_eq!(
            excerpt,
            format!(" 1 | …{}甲{}…", "中".repeat(20), "文".repeat(20))
        );
        assert_eq!(caret, format!("   | {}^", " ".repeat(41)));
    }

    #[test]
    fn a_long_line_is_cut_only_on_the_long_side() {
        let line = format!("x{}", "y".repeat(500));
        let d =
            Diagnostic::error("a.ron", crate::msg!("m")).at(Position { line: 1, column: 2 }, &line);
        assert_eq!(
            excerpt_lines(&d),
            (format!(" 1 | x{}…", "y".repeat(41)), "   |  ^".to_owned())
        );
        // A caret past the end follows the line.
        let d = Diagnostic::error("a.ron", crate::msg!("m")).at(
            Position {
                line: 1,
                column: 510,
            },
            &line,
        );
        assert_eq!(
            excerpt_lines(&d),
            (
                format!(" 1 | …{}", "y".repeat(40)),
                format!("   | {}^", " ".repeat(41))
            )
        );
    }

    #[test]
    fn lines_that_fit_a_terminal_are_shown_whole() {
        let line = format!("\t{}中", "z".repeat(117));
        let d = Diagnostic::error("a.ron", crate::msg!("m")).at(
            Position {
                line: 1,
                column: 119,
            },
            &line,
        );
        assert_eq!(
            excerpt_lines(&d),
            (
                format!(" 1 |  {}中", "z".repeat(117)),
                format!("   | {}^", " ".repeat(118))
            )
        );
    }

    #[test]
    fn control_characters_are_never_printed() {
        let d = Diagnostic::error(
            "a.ron",
            crate::msg!("file not found: media/photos\red\new.jpg\x1b[2J"),
        )
        .at(Position { line: 1, column: 3 }, "a\rb\x1bc")
        .with_hint("x\u{7}y");
        let text = d.render(Style::Plain);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert_eq!(
            text,
            "a.ron:1:3: error: file not found: media/photos\\red\\new.jpg\\u{1b}[2J\n 1 | a\u{240d}b\u{241b}c\n   |   ^\n  = hint: x\\u{7}y\n"
        );
    }

    #[test]
    fn errors_sort_before_warnings() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::warning("a.ron", crate::msg!("w")));
        all.push(Diagnostic::error("b.ron", crate::msg!("e")));
        all.sort();
        assert!(all.iter().next().is_some_and(Diagnostic::is_error));
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(closest("titel", ["title", "theme", "year"]), Some("title"));
        assert_eq!(closest("zzzz", ["title", "theme"]), None);
        assert_eq!(
            closest("Photos/Alpha.JPG", ["photos/beta.jpg", "photos/alpha.jpg"]),
            Some("photos/alpha.jpg")
        );
    }
}
