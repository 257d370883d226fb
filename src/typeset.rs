//! Line breaking for the kiosk's text, by the rules readers of Chinese expect (禁则) and
//! readable line lengths in both languages. This module owns those rules; the screens
//! only ask it for lines (`widgets::paragraph`), and the typesetting test checks every
//! text of a hall against the same rules.
//!
//! Break opportunities come from UAX #14 (the `unicode-linebreak` crate): egui's own
//! wrapping breaks CJK text before any character, closing punctuation included. On top of
//! UAX #14 this module forbids a break
//! - before closing punctuation (、。，；：？！）》」』”’… and the like) and after opening
//!   punctuation (（《「『“‘), whatever the crate's Unicode version says about quotes;
//! - between a number and its unit or the character after it (`47天`, `1928年`, `3,527个`),
//!   and in English between a number and the word after it (`8 August`, `47 days`);
//! - inside a short quoted name (`“政工巨匠”`, `《英雄若兰》`, up to [`SHORT_NAME_CHARS`]),
//!   as long as the name fits on a line.
//!
//! A body paragraph never ends on a one-character line: a second character moves down.
//! Lines are limited to [`CHINESE_LINE_CHARS`] characters in Chinese text and
//! [`ENGLISH_LINE_CHARS`] in English, whatever the width on screen.

use unicode_linebreak::{BreakOpportunity, linebreaks};

/// The longest Chinese line, in characters.
pub const CHINESE_LINE_CHARS: usize = 35;
/// The longest English line, in characters.
pub const ENGLISH_LINE_CHARS: usize = 55;
/// A quoted name up to this many characters (inside the marks) is kept on one line.
pub const SHORT_NAME_CHARS: usize = 8;

/// No line may begin with one of these.
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '〉'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '”'
            | '’'
            | '…'
            | '·'
            | '．'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
    )
}

/// No line may end with one of these.
pub fn is_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '《' | '〈' | '「' | '『' | '【' | '〔' | '“' | '‘' | '('
    )
}

/// Full-width punctuation whose glyph is drawn in one half of a square em.
pub fn is_full_width_punctuation(c: char) -> bool {
    (is_closing(c) || is_opening(c)) && !c.is_ascii() && !matches!(c, '…' | '·')
}

/// Chinese (Han) characters, which take the Chinese line limit.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// The line limit for a text: Chinese if it has any Han character.
pub fn line_chars_for(text: &str) -> usize {
    if text.chars().any(is_han) {
        CHINESE_LINE_CHARS
    } else {
        ENGLISH_LINE_CHARS
    }
}

/// What kind of text is being set: only a body paragraph avoids a one-character last line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Body,
    Label,
}

/// Byte offsets where a line may start, never 0 or `text.len()`.
fn break_positions(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let char_at = |byte: usize| chars.binary_search_by_key(&byte, |(b, _)| *b).ok();
    let glued = short_names(&chars);
    linebreaks(text)
        .filter(|(_, kind)| *kind == BreakOpportunity::Allowed)
        .map(|(at, _)| at)
        .filter(|&at| at > 0 && at < text.len())
        .filter(|&at| {
            let Some(index) = char_at(at) else {
                return false;
            };
            let (Some(&(_, before)), Some(&(_, after))) = (
                index.checked_sub(1).and_then(|i| chars.get(i)),
                chars.get(index),
            ) else {
                return false;
            };
            // `47天`, and in English `8 August`, `47 days`: a break after the space
            // that follows a number.
            let number_word = before == ' '
                && after.is_alphabetic()
                && index
                    .checked_sub(2)
                    .and_then(|i| chars.get(i))
                    .is_some_and(|&(_, c)| c.is_ascii_digit());
            let number_unit = (before.is_ascii_digit() && !after.is_whitespace()) || number_word;
            !is_closing(after)
                && !is_opening(before)
                && !number_unit
                && !glued
                    .iter()
                    .any(|(start, end)| *start < index && index < *end)
        })
        .collect()
}

/// Index ranges (start of the opening mark, one past the closing mark) of short quoted names.
fn short_names(chars: &[(usize, char)]) -> Vec<(usize, usize)> {
    let mut names = Vec::new();
    for (open, &(_, c)) in chars.iter().enumerate() {
        let close_mark = match c {
            '“' => '”',
            '《' => '》',
            '「' => '」',
            '‘' => '’',
            _ => continue,
        };
        let inside = chars
            .iter()
            .skip(open + 1)
            .take(SHORT_NAME_CHARS + 1)
            .position(|&(_, c)| c == close_mark);
        if let Some(length) = inside {
            names.push((open, open + length + 2));
        }
    }
    names
}

/// Breaks `text` into lines no wider than `max_width` (measured by `width_of`, the width
/// of a string in the font it is drawn in) and no longer than the language's limit. Hard
/// line breaks in the text are kept. A word wider than the line is broken where it must be.
pub fn lines(
    text: &str,
    max_width: f32,
    kind: Kind,
    width_of: &mut dyn FnMut(&str) -> f32,
) -> Vec<String> {
    let limit = line_chars_for(text);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        out.extend(paragraph_lines(paragraph, max_width, limit, kind, width_of));
    }
    out
}

fn fits(line: &str, max_width: f32, limit: usize, width_of: &mut dyn FnMut(&str) -> f32) -> bool {
    let shown = line.trim_end();
    shown.chars().count() <= limit && width_of(shown) <= max_width
}

fn paragraph_lines(
    text: &str,
    max_width: f32,
    limit: usize,
    kind: Kind,
    width_of: &mut dyn FnMut(&str) -> f32,
) -> Vec<String> {
    if text.is_empty() {
        return vec![String::new()];
    }
    let mut cuts = vec![0];
    cuts.extend(break_positions(text));
    cuts.push(text.len());
    let pieces: Vec<&str> = cuts
        .windows(2)
        .filter_map(|w| text.get(w[0]..w[1]))
        .collect();

    // Greedy fill; each line is a run of pieces.
    let mut lines: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for piece in pieces {
        let candidate: String = current.concat() + piece;
        if current.is_empty() || fits(&candidate, max_width, limit, width_of) {
            current.push(piece);
        } else {
            lines.push(std::mem::take(&mut current));
            current.push(piece);
        }
    }
    lines.push(current);

    if kind == Kind::Body {
        avoid_orphan(&mut lines, max_width, limit, width_of);
    }
    let mut out = Vec::new();
    for line in lines {
        let line = line.concat();
        if fits(&line, max_width, limit, width_of) {
            out.push(line.trim_end().to_owned());
        } else {
            out.extend(force_break(line.trim_end(), max_width, limit, width_of));
        }
    }
    out
}

/// Characters of a line that a reader counts as text: spaces and punctuation are not
/// counted, so "一。" is one character, still an orphan on a last line.
pub fn visible_chars(line: &str) -> usize {
    line.chars()
        .filter(|&c| {
            !c.is_whitespace() && !is_closing(c) && !is_opening(c) && !matches!(c, '—' | '－')
        })
        .count()
}

/// Moves pieces from the second-last line down until the last line has two characters
/// (punctuation not counted), if the lines still fit.
fn avoid_orphan(
    lines: &mut Vec<Vec<&str>>,
    max_width: f32,
    limit: usize,
    width_of: &mut dyn FnMut(&str) -> f32,
) {
    let count = lines.len();
    if count < 2 {
        return;
    }
    let (head, tail) = lines.split_at_mut(count - 1);
    let (Some(previous), Some(last)) = (head.last_mut(), tail.first_mut()) else {
        return;
    };
    while visible_chars(&last.concat()) < 2 && previous.len() > 1 {
        let Some(piece) = previous.pop() else {
            return;
        };
        let moved: String = piece.to_owned() + &last.concat();
        if !fits(&moved, max_width, limit, width_of) {
            previous.push(piece);
            return;
        }
        last.insert(0, piece);
    }
}

/// A run longer than a line (a word, or names glued by quotes): broken at characters, still
/// never before closing or after opening punctuation.
fn force_break(
    text: &str,
    max_width: f32,
    limit: usize,
    width_of: &mut dyn FnMut(&str) -> f32,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for c in text.chars() {
        let mut candidate = line.clone();
        candidate.push(c);
        let forbidden = is_closing(c) || line.ends_with(is_opening);
        if line.is_empty() || forbidden || fits(&candidate, max_width, limit, width_of) {
            line = candidate;
        } else {
            out.push(std::mem::take(&mut line));
            line.push(c);
        }
    }
    out.push(line);
    out
}

/// Byte ranges of full-width punctuation marks that stand next to another one, whose
/// blank half is taken out (”。“ must not leave a double gap): a closing mark before any
/// mark, or any mark before an opening one. The range is the SECOND mark of the pair:
/// egui puts negative letter spacing before a glyph, so tightening the second mark pulls
/// it into the first one's blank half (a closing mark's right half, or the second's own
/// blank left half when it opens); tightening the first would draw it over the character
/// before it.
pub fn compressed_punctuation(line: &str) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    chars
        .windows(2)
        .filter(|w| {
            let (a, b) = (w[0].1, w[1].1);
            is_full_width_punctuation(a)
                && is_full_width_punctuation(b)
                && (is_closing(a) || is_opening(b))
        })
        .map(|w| w[1].0..w[1].0 + w[1].1.len_utf8())
        .collect()
}

/// What is wrong with one laid-out line, for the typesetting test and `kiosk check`.
pub fn line_problem(lines: &[String], index: usize, kind: Kind, limit: usize) -> Option<String> {
    let line = lines.get(index)?;
    let first = line.chars().next();
    let last = line.chars().last();
    if index > 0
        && let Some(c) = first.filter(|c| is_closing(*c))
    {
        return Some(format!("line {} begins with `{c}`", index + 1));
    }
    if index + 1 < lines.len()
        && let Some(c) = last.filter(|c| is_opening(*c))
    {
        return Some(format!("line {} ends with `{c}`", index + 1));
    }
    let chars = line.chars().count();
    if chars > limit {
        return Some(format!(
            "line {} has {chars} characters (at most {limit})",
            index + 1
        ));
    }
    if kind == Kind::Body && index > 0 && index + 1 == lines.len() && visible_chars(line) < 2 {
        return Some(format!(
            "line {} is a single character (punctuation not counted)",
            index + 1
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character one unit wide, as a monospaced CJK face roughly is.
    fn units(s: &str) -> f32 {
        s.chars().count() as f32
    }

    fn set(text: &str, width: f32) -> Vec<String> {
        lines(text, width, Kind::Body, &mut units)
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let text = "衡阳保卫战被誉为东方的莫斯科保卫战。莫斯科保卫战是著名战役。";
        for width in 2..30 {
            let set = set(text, width as f32);
            for line in set.iter().skip(1) {
                assert!(!line.starts_with(is_closing), "{width}: {set:?}");
            }
        }
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let text = "罗荣桓被人们称为“政工巨匠”，出生在衡山县（今属衡东县）。";
        for width in 3..30 {
            let set = set(text, width as f32);
            for line in &set[..set.len() - 1] {
                assert!(!line.ends_with(is_opening), "{width}: {set:?}");
            }
        }
    }

    #[test]
    fn a_number_stays_with_its_unit() {
        let set = set("守军坚守了47天，直到8月8日。", 6.0);
        assert!(set.iter().any(|l| l.contains("47天")), "{set:?}");
    }

    #[test]
    fn an_english_number_stays_with_the_word_after_it() {
        let set = set("until Hengyang fell on 8 August.", 25.0);
        assert_eq!(set, ["until Hengyang fell on", "8 August."]);
    }

    #[test]
    fn a_short_quoted_name_stays_together() {
        let set = set("他被誉为“政工巨匠”。", 8.0);
        assert!(set.iter().any(|l| l.contains("“政工巨匠”")), "{set:?}");
    }

    #[test]
    fn no_single_character_last_line_in_a_body() {
        // Nine characters at eight a line would leave one alone.
        let set = set("一二三四五六七八九", 8.0);
        assert_eq!(set, ["一二三四五六七", "八九"]);
        let label = lines("一二三四五六七八九", 8.0, Kind::Label, &mut units);
        assert_eq!(label, ["一二三四五六七八", "九"]);
    }

    #[test]
    fn line_limits_hold_whatever_the_width() {
        let zh = "衡".repeat(100);
        assert!(set(&zh, 1000.0).iter().all(|l| l.chars().count() <= 35));
        let en = "word ".repeat(60);
        let set = set(&en, 1000.0);
        assert!(set.iter().all(|l| l.chars().count() <= 55), "{set:?}");
        assert!(set.iter().all(|l| !l.ends_with(' ')));
    }

    #[test]
    fn english_breaks_between_words() {
        let set = set("The Defence of Hengyang", 12.0);
        assert_eq!(set, ["The Defence", "of Hengyang"]);
    }

    #[test]
    fn adjacent_full_width_punctuation_is_compressed() {
        let line = "“抗战纪念城”。“政工";
        let ranges = compressed_punctuation(line);
        let marks: Vec<&str> = ranges.iter().filter_map(|r| line.get(r.clone())).collect();
        // The second mark of each pair: ”。 gives 。, 。“ gives “.
        assert_eq!(marks, ["。", "“"]);
        let ranges = compressed_punctuation("（“书”）");
        let marks: Vec<&str> = ranges
            .iter()
            .filter_map(|r| "（“书”）".get(r.clone()))
            .collect();
        assert_eq!(marks, ["“", "）"]);
    }

    #[test]
    fn punctuation_does_not_save_a_last_line_from_being_an_orphan() {
        // Eight characters and a full stop at eight a line: "九。" alone would be one
        // character with its full stop.
        let set = set("一二三四五六七八九。", 8.0);
        assert_eq!(set, ["一二三四五六七", "八九。"]);
        let lines = vec!["一二三四五六七八".to_owned(), "九。".to_owned()];
        assert!(line_problem(&lines, 1, Kind::Body, 35).is_some());
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_not_lost() {
        let set = set("abcdefghij", 4.0);
        assert_eq!(set.concat(), "abcdefghij");
    }
}
