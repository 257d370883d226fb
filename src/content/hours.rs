//! Checks `kiosk.ron`'s `schedule` and builds the opening hours from it: every problem
//! named with its field path and, found by looking for the value in the source, its
//! line and column. A schedule with errors is not used (the loader keeps the one in
//! use, or none: the kiosk stays on), and the rest of kiosk.ron still is.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use time::Weekday;

use super::config::{DateException, ScheduleSettings, WeekdayName};
use crate::diagnostics::{Diagnostic, Diagnostics, Message, Position, closest};
use crate::msg;
use crate::schedule::{self, Hours, Schedule, TimeError, WEEKDAYS};

/// The opening hours of `settings`, or `None` if they have errors; the problems go to
/// `out`.
pub(super) fn check_schedule(
    settings: &ScheduleSettings,
    text: &str,
    display: &Path,
    out: &mut Diagnostics,
) -> Option<Schedule> {
    let key_position = super::source::field_keys(text)
        .get("schedule")
        .and_then(|keys| keys.first())
        .copied();
    let mut check = Check {
        text,
        display,
        start: key_position.map_or(1, |p| p.line),
        seen: HashMap::new(),
        out: Diagnostics::default(),
        key_position,
    };
    let schedule = check.schedule(settings);
    let errors = check.out.error_count();
    if errors > 0 {
        check.warning(
            None,
            "schedule",
            msg!("the opening hours have errors and are not used: the kiosk stays on"),
            "a running kiosk keeps the hours it had until kiosk.ron is fixed",
        );
    }
    out.extend(check.out.iter().cloned());
    (errors == 0).then_some(schedule).flatten()
}

struct Check<'a> {
    text: &'a str,
    display: &'a Path,
    /// The line of `schedule:`; values are looked for from there.
    start: usize,
    /// How many times each value has been looked for, so that the second `"17:00"`
    /// walked is the second one in the file.
    seen: HashMap<String, usize>,
    out: Diagnostics,
    /// The position of `schedule:`, for problems of the whole.
    key_position: Option<Position>,
}

impl Check<'_> {
    fn schedule(&mut self, settings: &ScheduleSettings) -> Option<Schedule> {
        let offset = match &settings.utc_offset {
            None => Some(schedule::CHINA),
            Some(written) => {
                let position = self.literal(written);
                let offset = schedule::parse_offset(written);
                if offset.is_none() {
                    self.error(
                        position,
                        "schedule.utc_offset",
                        msg!("`{written}` is not an offset from UTC"),
                        "write it as `+08:00` (Beijing time, the default)",
                    );
                }
                offset
            }
        };
        let ordinary = self.hours(&settings.open, &settings.close, "schedule");

        let mut week = [ordinary; 7];
        let mut closed = [false; 7];
        for (i, name) in settings.closed_on.iter().enumerate() {
            let field = format!("schedule.closed_on[{i}]");
            if let Some(day) = self.weekday(name, &field) {
                let index = index_of(day);
                if closed[index] {
                    let position = self.last_word_position(&name.0);
                    self.warning(
                        position,
                        &field,
                        msg!("`{}` is listed twice", name.0),
                        "once is enough",
                    );
                }
                closed[index] = true;
                week[index] = None;
            }
        }
        if closed.iter().all(|c| *c) {
            let position = super::source::field_keys(self.text)
                .get("closed_on")
                .and_then(|keys| keys.iter().find(|p| p.line >= self.start))
                .copied();
            self.warning(
                position,
                "schedule.closed_on",
                msg!("the hall is closed on every weekday"),
                "it opens only on the dates in `exceptions`",
            );
        }

        let mut given: [Option<usize>; 7] = [None; 7];
        for (i, day_hours) in settings.weekday_hours.iter().enumerate() {
            let field = format!("schedule.weekday_hours[{i}]");
            let mut days = Vec::new();
            for (j, name) in day_hours.on.iter().enumerate() {
                let day_field = format!("{field}.on[{j}]");
                let Some(day) = self.weekday(name, &day_field) else {
                    continue;
                };
                let index = index_of(day);
                let position = self.last_word_position(&name.0);
                if closed[index] {
                    self.error(
                        position,
                        &day_field,
                        msg!("`{}` is also in `closed_on`", name.0),
                        "a weekday is closed or has hours of its own: remove it from one of the lists",
                    );
                } else if let Some(first) = given[index] {
                    self.error(
                        position,
                        &day_field,
                        msg!("`{}` is given hours twice", name.0),
                        format!(
                            "schedule.weekday_hours[{first}] gives it hours too; keep one of them"
                        ),
                    );
                } else {
                    given[index] = Some(i);
                    days.push(index);
                }
            }
            let hours = self.hours(&day_hours.open, &day_hours.close, &field);
            for index in days {
                week[index] = hours;
            }
        }

        let mut exceptions = BTreeMap::new();
        let mut dates: HashMap<time::Date, usize> = HashMap::new();
        for (i, exception) in settings.exceptions.iter().enumerate() {
            let field = format!("schedule.exceptions[{i}]");
            if let Some((date, hours)) = self.exception(exception, &field, i, &mut dates) {
                exceptions.insert(date, hours);
            }
        }
        Some(Schedule::new(offset?, week, exceptions))
    }

    /// One dated exception: its date and hours (`None` if closed that day).
    fn exception(
        &mut self,
        exception: &DateException,
        field: &str,
        index: usize,
        dates: &mut HashMap<time::Date, usize>,
    ) -> Option<(time::Date, Option<Hours>)> {
        let position = self.literal(&exception.date);
        let date = schedule::parse_date(&exception.date);
        match date {
            None => self.error(
                position,
                &format!("{field}.date"),
                msg!("`{}` is not a date", exception.date),
                "write year, month and day as `YYYY-MM-DD`, e.g. `2026-10-01`",
            ),
            Some(date) => {
                if let Some(first) = dates.get(&date) {
                    self.error(
                        position,
                        &format!("{field}.date"),
                        msg!("the date `{}` is listed twice", exception.date),
                        format!("schedule.exceptions[{first}] has it too; keep one of them"),
                    );
                } else {
                    dates.insert(date, index);
                }
            }
        }
        let hours = match (&exception.open, &exception.close, exception.closed) {
            (None, None, true) => Some(None),
            (Some(_), _, true) | (_, Some(_), true) => {
                self.error(
                    position,
                    field,
                    msg!("a closed date has no opening hours"),
                    "remove `open` and `close`, or `closed: true`",
                );
                None
            }
            (None, None, false) => {
                self.error(
                    position,
                    field,
                    msg!("no hours for `{}`", exception.date),
                    "give `open` and `close`, or write `closed: true`",
                );
                None
            }
            (Some(_), None, false) | (None, Some(_), false) => {
                let missing = if exception.open.is_none() {
                    "open"
                } else {
                    "close"
                };
                self.error(
                    position,
                    field,
                    msg!("`{missing}` is missing"),
                    format!("give both `open` and `close` for `{}`", exception.date),
                );
                None
            }
            (Some(open), Some(close), false) => self.hours(open, close, field).map(Some),
        };
        // Looked at after the hours, so that both are walked whatever the date.
        let hours = hours?;
        Some((date?, hours))
    }

    /// Opening hours from `open` and `close` at `field`.
    fn hours(&mut self, open: &str, close: &str, field: &str) -> Option<Hours> {
        let open_at = self.time(open, &format!("{field}.open"));
        let close_position = self.literal(close);
        let close_at = self.time_at(close, close_position, &format!("{field}.close"));
        let (open_at, close_at) = (open_at?, close_at?);
        let hours = Hours::new(open_at, close_at);
        if hours.is_none() {
            let message = if open_at == close_at {
                msg!("the hall would close at {close}, as it opens")
            } else {
                msg!("the hall would close at {close}, before it opens at {open}")
            };
            self.error(
                close_position,
                &format!("{field}.close"),
                message,
                "opening hours lie within one day: `close` must be later than `open`",
            );
        }
        hours
    }

    fn time(&mut self, written: &str, field: &str) -> Option<time::Time> {
        let position = self.literal(written);
        self.time_at(written, position, field)
    }

    fn time_at(
        &mut self,
        written: &str,
        position: Option<Position>,
        field: &str,
    ) -> Option<time::Time> {
        match schedule::parse_time(written) {
            Ok(time) => Some(time),
            Err(TimeError::Range) => {
                self.error(
                    position,
                    field,
                    msg!("`{written}` is not a time of day"),
                    "times go from `00:00` to `23:59`",
                );
                None
            }
            Err(TimeError::Format) => {
                let hint = match schedule::suggest_time(written) {
                    Some(suggestion) => format!(
                        "write `{suggestion}`: hours and minutes with a colon `:`, on a 24-hour clock"
                    ),
                    None => "write hours and minutes with a colon `:`, on a 24-hour clock, e.g. `09:00` or `17:30`".to_owned(),
                };
                self.error(
                    position,
                    field,
                    msg!("`{written}` is not a time of day"),
                    hint,
                );
                None
            }
        }
    }

    fn weekday(&mut self, name: &WeekdayName, field: &str) -> Option<Weekday> {
        let position = self.word(&name.0);
        let day = schedule::weekday(&name.0);
        if day.is_none() {
            let hint = match closest(&name.0, WEEKDAYS.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("write one of: {}", WEEKDAYS.join(", ")),
            };
            self.error(position, field, msg!("unknown weekday `{}`", name.0), hint);
        }
        day
    }

    fn error(
        &mut self,
        position: Option<Position>,
        field: &str,
        message: Message,
        hint: impl Into<String>,
    ) {
        let diagnostic = Diagnostic::error(self.display, message);
        self.push(diagnostic, position, field, hint.into());
    }

    fn warning(
        &mut self,
        position: Option<Position>,
        field: &str,
        message: Message,
        hint: impl Into<String>,
    ) {
        let diagnostic = Diagnostic::warning(self.display, message);
        self.push(diagnostic, position, field, hint.into());
    }

    fn push(
        &mut self,
        diagnostic: Diagnostic,
        position: Option<Position>,
        field: &str,
        hint: String,
    ) {
        let mut diagnostic = diagnostic.with_field(field).with_hint(hint);
        if let Some(position) = position.or(self.key_position) {
            diagnostic = diagnostic.at(position, self.text);
        }
        self.out.push(diagnostic);
    }

    /// The next `"value"` in the schedule, in walking order.
    fn literal(&mut self, value: &str) -> Option<Position> {
        let quoted = format!("\"{value}\"");
        let nth = self.next_seen(&quoted);
        find_nth(self.text, self.start, nth, |line| {
            line.match_indices(quoted.as_str())
                .map(|(at, _)| at)
                .collect()
        })
    }

    /// The next bare `word` in the schedule, in walking order.
    fn word(&mut self, word: &str) -> Option<Position> {
        let nth = self.next_seen(word);
        find_word(self.text, self.start, word, nth)
    }

    /// Where the word last looked for is.
    fn last_word_position(&self, word: &str) -> Option<Position> {
        let nth = self.seen.get(word).copied()?.checked_sub(1)?;
        find_word(self.text, self.start, word, nth)
    }

    fn next_seen(&mut self, key: &str) -> usize {
        let n = self.seen.entry(key.to_owned()).or_default();
        let nth = *n;
        *n += 1;
        nth
    }
}

fn index_of(day: Weekday) -> usize {
    usize::from(day.number_days_from_monday())
}

/// The `nth` occurrence at or after `start_line`, of what `find` finds in a line
/// (byte offsets).
fn find_nth(
    text: &str,
    start_line: usize,
    nth: usize,
    find: impl Fn(&str) -> Vec<usize>,
) -> Option<Position> {
    text.lines()
        .enumerate()
        .skip(start_line.saturating_sub(1))
        .flat_map(|(index, line)| {
            find(line).into_iter().map(move |byte| Position {
                line: index + 1,
                column: line
                    .get(..byte)
                    .map_or(1, |before| before.chars().count() + 1),
            })
        })
        .nth(nth)
}

/// A bare word, not part of a longer name or inside a string.
fn find_word(text: &str, start_line: usize, word: &str, nth: usize) -> Option<Position> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '"';
    find_nth(text, start_line, nth, |line| {
        line.match_indices(word)
            .map(|(at, _)| at)
            .filter(|&at| {
                let before = line.get(..at).and_then(|s| s.chars().next_back());
                let after = line.get(at + word.len()..).and_then(|s| s.chars().next());
                !before.is_some_and(is_name) && !after.is_some_and(is_name)
            })
            .collect()
    })
}
