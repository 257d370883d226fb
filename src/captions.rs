//! WebVTT captions: parsing with line numbers for `kiosk check`, and choosing the cue
//! to show at a playback position.
//!
//! Only what narration captions need is supported: the header, cue timings, cue
//! identifiers, cue settings (ignored), NOTE/STYLE/REGION blocks (skipped) and cue text
//! with its tags stripped. The WebVTT crates on crates.io either report no line numbers
//! or are pre-releases, and a curator needs the line.

use std::time::Duration;

/// One caption cue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    pub start: Duration,
    pub end: Duration,
    /// Plain text, tags removed, entities decoded; may hold one line break.
    pub text: String,
}

/// A problem in a caption file, at a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CaptionError {
    pub line: usize,
    pub message: String,
}

/// The cues of one caption file, in time order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Captions {
    pub cues: Vec<Cue>,
    /// Cues that start before the one above them in the file starts or ends (at
    /// most [`MAX_ORDER_NOTES`]): the kiosk shows them in time order, which is not
    /// the order they were written in, or cuts the one above short.
    pub out_of_order: Vec<CueOrder>,
}

/// A cue that starts too early for its place in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CueOrder {
    /// The cue's timing line.
    pub line: usize,
    pub start: Duration,
    /// When the cue above it starts, if this one starts earlier still.
    pub before_start: Option<Duration>,
    /// When the cue above it ends.
    pub previous_end: Duration,
}

/// Order problems noted per caption file.
pub const MAX_ORDER_NOTES: usize = 10;

impl Captions {
    /// Parses a WebVTT file. Stops at the first problem, since later cue numbering
    /// would be guesswork.
    pub fn parse(text: &str) -> Result<Self, CaptionError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
        let header = lines.first().copied().unwrap_or_default();
        let header_ok =
            header == "WEBVTT" || header.starts_with("WEBVTT ") || header.starts_with("WEBVTT\t");
        if !header_ok {
            return Err(CaptionError {
                line: 1,
                message: crate::msg!("a WebVTT file must start with the line `WEBVTT`").into(),
            });
        }

        let mut cues: Vec<Cue> = Vec::new();
        let mut out_of_order = Vec::new();
        let mut index = 1;
        // Skip the rest of the header block.
        while index < lines.len() && !lines[index].trim().is_empty() {
            index += 1;
        }
        while index < lines.len() {
            if lines[index].trim().is_empty() {
                index += 1;
                continue;
            }
            let block_start = index;
            let mut block_end = index;
            while block_end < lines.len() && !lines[block_end].trim().is_empty() {
                block_end += 1;
            }
            let block = &lines[block_start..block_end];
            index = block_end;

            let first = block[0];
            if first.starts_with("NOTE") || first == "STYLE" || first == "REGION" {
                continue;
            }
            // An optional identifier line comes before the timing line.
            let (timing_offset, timing) = if first.contains("-->") {
                (0, first)
            } else {
                match block.get(1) {
                    Some(second) if second.contains("-->") => (1, *second),
                    _ => {
                        return Err(CaptionError {
                            line: block_start + 1,
                            message: crate::msg!(
                                "expected a cue timing such as `00:00:01.000 --> 00:00:04.000`, found `{first}`"
                            )
                            .into(),
                        });
                    }
                }
            };
            let line = block_start + timing_offset + 1;
            let (start, end) =
                parse_timing(timing).map_err(|message| CaptionError { line, message })?;
            if end <= start {
                return Err(CaptionError {
                    line,
                    message: crate::msg!("the cue ends before it starts").into(),
                });
            }
            let text = block[timing_offset + 1..]
                .iter()
                .map(|l| strip_tags(l))
                .collect::<Vec<_>>()
                .join("\n");
            if let Some(previous) = cues.last()
                && start < previous.end
                && out_of_order.len() < MAX_ORDER_NOTES
            {
                out_of_order.push(CueOrder {
                    line,
                    start,
                    before_start: (start < previous.start).then_some(previous.start),
                    previous_end: previous.end,
                });
            }
            cues.push(Cue { start, end, text });
        }
        cues.sort_by_key(|cue| cue.start);
        Ok(Self { cues, out_of_order })
    }

    /// The cue showing at `position`, if any. A cue covers `[start, end)`, so at a
    /// boundary the next cue is already showing.
    pub fn cue_at(&self, position: Duration) -> Option<&Cue> {
        // Cues are sorted by start: find the last one that has started.
        let started = self.cues.partition_point(|cue| cue.start <= position);
        self.cues[..started]
            .iter()
            .rev()
            .find(|cue| position < cue.end)
    }

    /// When the last cue ends.
    pub fn end(&self) -> Duration {
        self.cues.iter().map(|c| c.end).max().unwrap_or_default()
    }

    /// All cue texts as running text, for the full transcript.
    pub fn transcript(&self) -> String {
        self.cues
            .iter()
            .map(|cue| cue.text.replace('\n', " "))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn parse_timing(line: &str) -> Result<(Duration, Duration), String> {
    let (start, rest) = line.split_once("-->").ok_or_else(|| {
        String::from(crate::msg!(
            "expected `-->` between the start and end times"
        ))
    })?;
    // Cue settings may follow the end time.
    let end = rest.split_whitespace().next().unwrap_or_default();
    Ok((parse_timestamp(start.trim())?, parse_timestamp(end)?))
}

/// `hh:mm:ss.ttt` or `mm:ss.ttt`.
fn parse_timestamp(text: &str) -> Result<Duration, String> {
    let bad = || String::from(crate::msg!("`{text}` is not a time like `00:01:02.500`"));
    let (clock, millis) = text.split_once('.').ok_or_else(bad)?;
    if millis.len() != 3 || !millis.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let numbers: Option<Vec<u64>> = parts
        .iter()
        .map(|p| {
            (p.len() >= 2 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let numbers = numbers.ok_or_else(bad)?;
    let (hours, minutes, seconds) = match numbers.as_slice() {
        [m, s] => (0, *m, *s),
        [h, m, s] => (*h, *m, *s),
        _ => return Err(bad()),
    };
    if minutes > 59 || seconds > 59 {
        return Err(bad());
    }
    let millis: u64 = millis.parse().map_err(|_| bad())?;
    // A mistyped hours field can hold any number of digits.
    let total_millis = hours
        .checked_mul(60)
        .and_then(|m| m.checked_add(minutes))
        .and_then(|m| m.checked_mul(60))
        .and_then(|s| s.checked_add(seconds))
        .and_then(|s| s.checked_mul(1000))
        .and_then(|ms| ms.checked_add(millis))
        .filter(|&ms| ms <= MAX_TIMESTAMP_MILLIS)
        .ok_or_else(|| {
            String::from(crate::msg!(
                "`{text}` is more than 24 hours; no recording is that long"
            ))
        })?;
    Ok(Duration::from_millis(total_millis))
}

/// Narration recordings are minutes long; a cue past a day is a typing slip.
const MAX_TIMESTAMP_MILLIS: u64 = 24 * 60 * 60 * 1000;

/// Removes `<b>`, `<v Speaker>` and similar tags and decodes the common entities.
fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.500\n第一句。\n\n00:00:02.500 --> 00:00:05.000 align:center\n<v Narrator>Second &amp; last</v>\n";

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn parses_cues_with_and_without_identifiers() {
        let captions = Captions::parse(SAMPLE).unwrap();
        assert_eq!(captions.cues.len(), 2);
        assert_eq!(captions.cues[0].text, "第一句。");
        assert_eq!(captions.cues[1].text, "Second & last");
        assert_eq!(captions.end(), ms(5000));
    }

    #[test]
    fn cue_selection_at_boundaries() {
        let captions = Captions::parse(SAMPLE).unwrap();
        assert_eq!(
            captions.cue_at(ms(0)).map(|c| c.text.as_str()),
            Some("第一句。")
        );
        assert_eq!(
            captions.cue_at(ms(2499)).map(|c| c.text.as_str()),
            Some("第一句。")
        );
        assert_eq!(
            captions.cue_at(ms(2500)).map(|c| c.text.as_str()),
            Some("Second & last")
        );
        assert_eq!(captions.cue_at(ms(5000)), None);
    }

    #[test]
    fn gap_between_cues_shows_nothing() {
        let captions =
            Captions::parse("WEBVTT\n\n00:01.000 --> 00:02.000\na\n\n00:03.000 --> 00:04.000\nb\n")
                .unwrap();
        assert_eq!(captions.cue_at(ms(500)), None);
        assert_eq!(captions.cue_at(ms(2500)), None);
        assert_eq!(
            captions.cue_at(ms(3000)).map(|c| c.text.as_str()),
            Some("b")
        );
    }

    #[test]
    fn reports_the_line_of_a_bad_timestamp() {
        let err = Captions::parse("WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\ntext\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(
            err.message,
            "`00:00:0x.000` is not a time like `00:01:02.500`"
        );
    }

    #[test]
    fn requires_the_header() {
        let err = Captions::parse("00:00:01.000 --> 00:00:02.000\ntext\n").unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let captions =
            Captions::parse("\u{feff}WEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\nhi\r\n").unwrap();
        assert_eq!(captions.cues[0].text, "hi");
    }

    #[test]
    fn an_hours_field_too_long_for_the_arithmetic_is_refused_not_overflowed() {
        let err =
            Captions::parse("WEBVTT\n\n00:00:01.000 --> 18446744073709551615:00:00.000\ntext\n")
                .unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(
            err.message,
            "`18446744073709551615:00:00.000` is more than 24 hours; no recording is that long"
        );
    }

    #[test]
    fn a_cue_past_a_day_is_refused() {
        for stamp in ["99999999999:00:00.000", "24:00:00.001"] {
            let text = format!("WEBVTT\n\n1\n{stamp} --> {stamp}\ntext\n");
            let err = Captions::parse(&text).unwrap_err();
            assert_eq!(err.line, 4);
            assert_eq!(
                err.message,
                format!("`{stamp}` is more than 24 hours; no recording is that long")
            );
        }
        assert!(Captions::parse("WEBVTT\n\n00:00.000 --> 24:00:00.000\nx\n").is_ok());
    }

    #[test]
    fn cues_out_of_order_or_overlapping_are_noted_with_their_lines() {
        let captions = Captions::parse(
            "WEBVTT\n\n00:04.000 --> 00:06.000\na\n\n00:01.000 --> 00:02.000\nb\n\n00:05.000 --> 00:07.000\nc\n\n00:07.000 --> 00:08.000\nd\n",
        )
        .unwrap();
        assert_eq!(
            captions.out_of_order,
            [CueOrder {
                line: 6,
                start: ms(1000),
                before_start: Some(ms(4000)),
                previous_end: ms(6000),
            }]
        );
        let overlapping =
            Captions::parse("WEBVTT\n\n00:01.000 --> 00:03.000\na\n\n00:02.500 --> 00:04.000\nb\n")
                .unwrap();
        assert_eq!(
            overlapping.out_of_order,
            [CueOrder {
                line: 6,
                start: ms(2500),
                before_start: None,
                previous_end: ms(3000),
            }]
        );
    }

    #[test]
    fn rejects_a_cue_that_ends_before_it_starts() {
        let err = Captions::parse("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nx\n").unwrap_err();
        assert_eq!(err.message, "the cue ends before it starts");
    }
}
