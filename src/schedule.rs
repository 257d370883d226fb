//! The hall's opening hours, free of egui and of the clock: given a calendar time,
//! whether the hall is open and when that next changes, so that a dark kiosk sleeps
//! until its next opening instead of polling.
//!
//! Hall times are local. The local time is the calendar time (UTC) moved by the
//! schedule's fixed `utc_offset` (+08:00 for China, which has one zone and no summer
//! time). The operating system's time zone is not asked: reading it is unsound with
//! threads (the `time` crate's local-offset feature) and a kiosk image's zone is often
//! left at UTC; the offset written in kiosk.ron is what the curator means.
//!
//! Opening hours lie within one day (`open` before `close`). A date's hours are its
//! dated exception if there is one, else its weekday's.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

/// Beijing time, the default offset.
pub const CHINA: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// How far ahead [`Schedule::status`] looks for the next opening: a year and a week,
/// past which the weekly pattern only repeats (unless every weekday is closed).
const LOOK_AHEAD_DAYS: u32 = 373;

/// One day's opening hours, local time; `open` is before `close`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hours {
    pub open: Time,
    pub close: Time,
}

impl Hours {
    /// Hours from `open` to `close`, if `open` is the earlier.
    pub fn new(open: Time, close: Time) -> Option<Self> {
        (open < close).then_some(Self { open, close })
    }
}

/// The hall's week and its dated exceptions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    offset: UtcOffset,
    /// Monday first; `None` is a closed day.
    week: [Option<Hours>; 7],
    /// Dates whose hours differ from their weekday's; `None` closes the date.
    exceptions: BTreeMap<Date, Option<Hours>>,
}

/// Open or not at a moment, and when that next changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Status {
    pub open: bool,
    /// When the hall next opens (if closed) or closes (if open); `None` if it never
    /// opens again within a year.
    pub next_change: Option<SystemTime>,
}

impl Status {
    /// How long from `wall` until the next change, if there is one.
    pub fn changes_in(&self, wall: SystemTime) -> Option<Duration> {
        self.next_change
            .map(|at| at.duration_since(wall).unwrap_or(Duration::ZERO))
    }
}

impl Schedule {
    /// Open on `week` (Monday first), with `exceptions`, at `offset` from UTC.
    pub fn new(
        offset: UtcOffset,
        week: [Option<Hours>; 7],
        exceptions: BTreeMap<Date, Option<Hours>>,
    ) -> Self {
        Self {
            offset,
            week,
            exceptions,
        }
    }

    pub fn offset(&self) -> UtcOffset {
        self.offset
    }

    /// The local date and time of `wall`.
    pub fn local(&self, wall: SystemTime) -> OffsetDateTime {
        crate::clock::local(wall, self.offset)
    }

    /// The hours of `date`: its exception, else its weekday's; `None` if closed.
    pub fn hours_on(&self, date: Date) -> Option<Hours> {
        match self.exceptions.get(&date) {
            Some(hours) => *hours,
            None => self.week[usize::from(date.weekday().number_days_from_monday())],
        }
    }

    /// Whether the hall is open at `wall`.
    pub fn is_open(&self, wall: SystemTime) -> bool {
        self.status(wall).open
    }

    /// Open or closed at `wall`, and until when.
    pub fn status(&self, wall: SystemTime) -> Status {
        let local = self.local(wall);
        let (today, time) = (local.date(), local.time());
        if let Some(hours) = self.hours_on(today)
            && hours.open <= time
            && time < hours.close
        {
            return Status {
                open: true,
                next_change: self.instant(today, hours.close),
            };
        }
        Status {
            open: false,
            next_change: self.next_opening(wall),
        }
    }

    /// When the hall next opens after `wall` (today's opening if it is still to come,
    /// else a later day's): what a morning self-test is scheduled before.
    pub fn next_opening(&self, wall: SystemTime) -> Option<SystemTime> {
        let local = self.local(wall);
        let mut date = local.date();
        for _ in 0..LOOK_AHEAD_DAYS {
            if let Some(hours) = self.hours_on(date)
                && (date > local.date() || hours.open > local.time())
            {
                return self.instant(date, hours.open);
            }
            date = date.next_day()?;
        }
        None
    }

    /// When the hall opens on the local date of `wall`, if it opens that day (also
    /// when the opening is already past).
    pub fn opening_today(&self, wall: SystemTime) -> Option<SystemTime> {
        let today = self.local(wall).date();
        self.hours_on(today)
            .and_then(|hours| self.instant(today, hours.open))
    }

    /// The calendar time of a local date and time.
    fn instant(&self, date: Date, time: Time) -> Option<SystemTime> {
        let seconds = PrimitiveDateTime::new(date, time)
            .assume_offset(self.offset)
            .unix_timestamp();
        match u64::try_from(seconds) {
            Ok(after) => UNIX_EPOCH.checked_add(Duration::from_secs(after)),
            Err(_) => UNIX_EPOCH.checked_sub(Duration::from_secs(seconds.unsigned_abs())),
        }
    }

    /// `wall` as the hall reads it, e.g. `Tue 2 Jun 09:00`, for logs and staff.
    pub fn describe(&self, wall: SystemTime) -> String {
        let local = self.local(wall);
        format!(
            "{} {} {} {:02}:{:02}",
            weekday_short(local.weekday()),
            local.day(),
            month_short(local.month()),
            local.hour(),
            local.minute()
        )
    }
}

/// The weekdays as kiosk.ron names them, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A weekday by its English name, as kiosk.ron writes it (`Monday`).
pub fn weekday(name: &str) -> Option<Weekday> {
    let index = WEEKDAYS.iter().position(|day| *day == name)?;
    Some(Weekday::Monday.nth_next(u8::try_from(index).ok()?))
}

/// Why a time of day could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("not hours and minutes")]
    Format,
    #[error("past 23:59")]
    Range,
}

/// A time of day written `HH:MM` (or `H:MM`), on a 24-hour clock.
pub fn parse_time(text: &str) -> Result<Time, TimeError> {
    let (hour, minute) = text.split_once(':').ok_or(TimeError::Format)?;
    let digits = |s: &str, widths: &[usize]| {
        (widths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u8>().ok())
            .flatten()
    };
    let hour = digits(hour, &[1, 2]).ok_or(TimeError::Format)?;
    let minute = digits(minute, &[2]).ok_or(TimeError::Format)?;
    Time::from_hms(hour, minute, 0).map_err(|_| TimeError::Range)
}

/// What the curator probably meant by a time that could not be read (`9.00`,
/// `9：00` typed with a Chinese keyboard, `0900`), as `HH:MM`.
pub fn suggest_time(text: &str) -> Option<String> {
    let normal: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '：' | '.' | '．' | '-' | 'h' | 'H' | ' ' | '点' => ':',
            // Full-width digits.
            '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + u32::from('0')).unwrap_or(c),
            c => c,
        })
        .collect();
    let normal = normal.trim_end_matches(':');
    let candidate = match normal.split_once(':') {
        Some((h, "")) => format!("{h}:00"),
        Some((h, m)) if m.len() == 1 => format!("{h}:{m}0"),
        Some((h, m)) => format!("{h}:{m}"),
        None if normal.len() == 4 => format!("{}:{}", &normal[..2], &normal[2..]),
        None if (1..=2).contains(&normal.len()) => format!("{normal}:00"),
        None => return None,
    };
    let time = parse_time(&candidate).ok()?;
    Some(format!("{:02}:{:02}", time.hour(), time.minute()))
}

/// A date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || year.len() != 4
        || month.len() != 2
        || day.len() != 2
        || !text.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        return None;
    }
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// An offset from UTC written `+08:00` or `-05:30`.
pub fn parse_offset(text: &str) -> Option<UtcOffset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, text.get(1..)?),
        b'-' => (-1, text.get(1..)?),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: i8 = hours.parse().ok()?;
    let minutes: i8 = minutes.parse().ok()?;
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
}

fn weekday_short(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

fn month_short(month: Month) -> &'static str {
    match month {
        Month::January => "Jan",
        Month::February => "Feb",
        Month::March => "Mar",
        Month::April => "Apr",
        Month::May => "May",
        Month::June => "Jun",
        Month::July => "Jul",
        Month::August => "Aug",
        Month::September => "Sep",
        Month::October => "Oct",
        Month::November => "Nov",
        Month::December => "Dec",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(text: &str) -> Time {
        parse_time(text).unwrap()
    }

    fn date(text: &str) -> Date {
        parse_date(text).unwrap()
    }

    fn hours(open: &str, close: &str) -> Option<Hours> {
        Hours::new(time(open), time(close))
    }

    /// 09:00–17:00, closed on Mondays; 1 October (a Thursday) 08:30–18:00; closed on
    /// Tuesday 9 June; open on Monday 15 June 10:00–16:00.
    fn hall() -> Schedule {
        let mut week = [hours("09:00", "17:00"); 7];
        week[0] = None;
        let exceptions = BTreeMap::from([
            (date("2026-10-01"), hours("08:30", "18:00")),
            (date("2026-06-09"), None),
            (date("2026-06-15"), hours("10:00", "16:00")),
        ]);
        Schedule::new(CHINA, week, exceptions)
    }

    /// The calendar time of a Beijing date and time.
    fn beijing(day: &str, at: &str) -> SystemTime {
        let seconds = PrimitiveDateTime::new(date(day), time(at))
            .assume_offset(CHINA)
            .unix_timestamp();
        UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).unwrap())
    }

    fn minute_before(t: SystemTime) -> SystemTime {
        t - Duration::from_secs(60)
    }

    #[test]
    fn a_week_is_open_exactly_within_the_hours_and_closed_on_monday() {
        let schedule = hall();
        // 2026-06-01 is a Monday.
        for day in ["2026-06-01", "2026-06-08"] {
            for at in ["00:00", "09:00", "12:00", "16:59", "23:59"] {
                assert!(!schedule.is_open(beijing(day, at)), "Monday {day} {at}");
            }
        }
        for day in [
            "2026-06-02",
            "2026-06-03",
            "2026-06-04",
            "2026-06-05",
            "2026-06-06",
            "2026-06-07",
        ] {
            let opens = beijing(day, "09:00");
            let closes = beijing(day, "17:00");
            assert!(!schedule.is_open(minute_before(opens)), "{day} 08:59");
            assert!(schedule.is_open(opens), "{day} 09:00");
            assert!(schedule.is_open(minute_before(closes)), "{day} 16:59");
            assert!(!schedule.is_open(closes), "{day} 17:00");
            assert!(!schedule.is_open(beijing(day, "03:00")), "{day} at night");
        }
    }

    #[test]
    fn the_next_change_is_the_close_when_open_and_the_next_opening_when_closed() {
        let schedule = hall();
        assert_eq!(
            schedule.status(beijing("2026-06-02", "10:00")),
            Status {
                open: true,
                next_change: Some(beijing("2026-06-02", "17:00")),
            }
        );
        // Saturday evening → Sunday morning.
        assert_eq!(
            schedule.status(beijing("2026-06-06", "17:00")).next_change,
            Some(beijing("2026-06-07", "09:00"))
        );
        // Sunday evening: Monday is closed, Tuesday opens.
        let sunday_evening = beijing("2026-06-21", "18:30");
        assert_eq!(
            schedule.status(sunday_evening).changes_in(sunday_evening),
            Some(Duration::from_secs((5 + 24 + 9) * 3600 + 30 * 60))
        );
        // Early on a Wednesday: today's opening.
        assert_eq!(
            schedule.next_opening(beijing("2026-06-03", "06:00")),
            Some(beijing("2026-06-03", "09:00"))
        );
        // During opening hours the next opening is tomorrow's.
        assert_eq!(
            schedule.next_opening(beijing("2026-06-03", "09:00")),
            Some(beijing("2026-06-04", "09:00"))
        );
        assert_eq!(
            schedule.opening_today(beijing("2026-06-03", "15:00")),
            Some(beijing("2026-06-03", "09:00"))
        );
        assert_eq!(schedule.opening_today(beijing("2026-06-01", "08:00")), None);
    }

    #[test]
    fn a_dated_exception_closes_an_ordinary_day_and_opens_a_closed_one() {
        let schedule = hall();
        // Tuesday 9 June is closed by exception; the Monday before is closed by rule.
        assert!(!schedule.is_open(beijing("2026-06-09", "12:00")));
        assert_eq!(
            schedule.next_opening(beijing("2026-06-08", "12:00")),
            Some(beijing("2026-06-10", "09:00")),
            "from Monday 8 June, past the closed Tuesday"
        );
        // Monday 15 June opens by exception, with its own hours.
        assert!(!schedule.is_open(beijing("2026-06-15", "09:59")));
        assert!(schedule.is_open(beijing("2026-06-15", "10:00")));
        assert!(schedule.is_open(beijing("2026-06-15", "15:59")));
        assert!(!schedule.is_open(beijing("2026-06-15", "16:00")));
    }

    #[test]
    fn a_commemoration_day_has_longer_hours() {
        let schedule = hall();
        let national_day = "2026-10-01";
        assert!(!schedule.is_open(beijing(national_day, "08:29")));
        assert!(schedule.is_open(beijing(national_day, "08:30")));
        assert!(schedule.is_open(beijing(national_day, "17:30")));
        assert!(!schedule.is_open(beijing(national_day, "18:00")));
        assert_eq!(
            schedule.status(beijing(national_day, "08:00")).next_change,
            Some(beijing(national_day, "08:30"))
        );
    }

    #[test]
    fn hall_times_are_read_at_the_offset() {
        let schedule = hall();
        // 01:00 UTC on Tuesday 2 June is 09:00 in Beijing.
        let utc = UNIX_EPOCH + Duration::from_secs(1_780_362_000);
        assert_eq!(schedule.describe(utc), "Tue 2 Jun 09:00");
        assert!(schedule.is_open(utc));
        let mut week = [hours("09:00", "17:00"); 7];
        week[0] = None;
        let london = Schedule::new(UtcOffset::UTC, week, BTreeMap::new());
        assert!(!london.is_open(utc), "01:00 in London");
    }

    #[test]
    fn a_hall_closed_every_day_never_opens() {
        let schedule = Schedule::new(CHINA, [None; 7], BTreeMap::new());
        let at = beijing("2026-06-02", "10:00");
        assert_eq!(
            schedule.status(at),
            Status {
                open: false,
                next_change: None
            }
        );
    }

    #[test]
    fn times_dates_and_offsets_are_read_strictly_with_suggestions() {
        assert_eq!(parse_time("09:00"), Ok(time("9:00")));
        assert_eq!(parse_time("23:59").map(|t| t.minute()), Ok(59));
        assert_eq!(parse_time("25:00"), Err(TimeError::Range));
        assert_eq!(parse_time("12:60"), Err(TimeError::Range));
        for bad in ["9.00", "9", "09:0", "09:000", "+9:00", "", "09：00"] {
            assert_eq!(parse_time(bad), Err(TimeError::Format), "{bad}");
        }
        assert_eq!(suggest_time("9.00").as_deref(), Some("09:00"));
        assert_eq!(suggest_time("17：30").as_deref(), Some("17:30"));
        assert_eq!(suggest_time("0900").as_deref(), Some("09:00"));
        assert_eq!(suggest_time("9").as_deref(), Some("09:00"));
        assert_eq!(suggest_time("25:00"), None);
        assert_eq!(suggest_time("noon"), None);

        assert_eq!(
            parse_date("2026-10-01"),
            Date::from_calendar_date(2026, Month::October, 1).ok()
        );
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "2026-1-1",
            "01-10-2026",
            "2026/10/01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(parse_offset("+08:00"), Some(CHINA));
        assert_eq!(parse_offset("-05:30"), UtcOffset::from_hms(-5, -30, 0).ok());
        for bad in ["8", "+8", "08:00", "+08:00:00", "+99:00"] {
            assert_eq!(parse_offset(bad), None, "{bad}");
        }
        assert_eq!(weekday("Monday"), Some(Weekday::Monday));
        assert_eq!(weekday("Sunday"), Some(Weekday::Sunday));
        assert_eq!(weekday("monday"), None);
    }
}
