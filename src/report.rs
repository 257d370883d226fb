//! `kiosk report`'s output: tables with a small chart for the terminal, or CSV.

use std::fmt::Write as _;

pub mod html;

use crate::analytics::Report;
use crate::content::Hall;

/// Why a `--since` date was refused. SQLite reads an impossible date as none at all,
/// which would report everything as if no date had been given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{0}` is not a date like 2026-05-01")]
    Format(String),
    #[error("`{0}` is not a month like 2026-11")]
    MonthFormat(String),
    #[error("`{text}` is not a calendar date: there is no month {month}")]
    Month { text: String, month: u32 },
    #[error("`{0}` is not a calendar date: days count from 1")]
    DayZero(String),
    #[error("`{text}` is not a calendar date: {month} {year} has {days} days")]
    Day {
        text: String,
        month: &'static str,
        year: u32,
        days: u32,
    },
}

/// Checks that `text` is a calendar month written `YYYY-MM`.
pub fn check_month(text: &str) -> Result<(), DateError> {
    if text.len() != 7 {
        return Err(DateError::MonthFormat(text.to_owned()));
    }
    check_date(&format!("{text}-01")).map_err(|_| DateError::MonthFormat(text.to_owned()))
}

/// The month before `month` (`YYYY-MM`, checked).
pub fn previous_month(month: &str) -> Option<String> {
    let (year, number) = month.split_once('-')?;
    let (year, number): (u32, u32) = (year.parse().ok()?, number.parse().ok()?);
    Some(match number {
        1 => format!("{:04}-12", year.checked_sub(1)?),
        n => format!("{year:04}-{:02}", n - 1),
    })
}

/// Checks that `text` is a real calendar day written `YYYY-MM-DD`.
pub fn check_date(text: &str) -> Result<(), DateError> {
    let format = || DateError::Format(text.to_owned());
    let number = |part: &str, len: usize| {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let mut parts = text.split('-');
    let (Some(year), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format());
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return Err(format());
    };
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let Some(&month_name) = month
        .checked_sub(1)
        .and_then(|index| MONTHS.get(index as usize))
    else {
        return Err(DateError::Month {
            text: text.to_owned(),
            month,
        });
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 {
        return Err(DateError::DayZero(text.to_owned()));
    }
    if day > days {
        return Err(DateError::Day {
            text: text.to_owned(),
            month: month_name,
            year,
            days,
        });
    }
    Ok(())
}

/// An exhibit's title in the hall's first language, or its id if it is gone.
fn title<'a>(hall: &'a Hall, id: &'a str) -> &'a str {
    let language = hall.config.default_language();
    hall.exhibit(id)
        .map_or(id, |e| e.title.get(language, language))
}

fn seconds(ms: Option<i64>) -> String {
    ms.map_or_else(
        || "—".to_owned(),
        |ms| format!("{:.0} s", ms as f64 / 1000.0),
    )
}

fn percent(part: i64, whole: i64) -> String {
    if whole == 0 {
        "—".to_owned()
    } else {
        format!("{:.0}%", part as f64 * 100.0 / whole as f64)
    }
}

/// Exhibits by how often they were opened, most first; exhibits never opened included.
fn by_visits(report: &Report, hall: &Hall) -> Vec<(String, i64)> {
    let mut rows: Vec<(String, i64)> = hall
        .exhibits
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                report.exhibits.get(&e.id).map_or(0, |f| f.opened),
            )
        })
        .collect();
    for (id, figures) in &report.exhibits {
        if hall.exhibit(id).is_none() {
            rows.push((id.clone(), figures.opened));
        }
    }
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// The report as text tables.
pub fn tables(report: &Report, hall: &Hall) -> String {
    let mut out = String::new();
    let total: i64 = report.visits_per_day.iter().map(|(_, n)| n).sum();
    let _ = writeln!(out, "Visits per day ({total} in all)");
    if report.visits_per_day.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (day, visits) in &report.visits_per_day {
        let _ = writeln!(out, "  {day}  {visits:>6}");
    }

    let _ = writeln!(out, "\nExhibits, most visited first");
    let _ = writeln!(
        out,
        "  {:<32} {:>7} {:>13} {:>10}",
        "exhibit", "opened", "median dwell", "narration"
    );
    for (id, opened) in by_visits(report, hall) {
        let figures = report.exhibits.get(&id).cloned().unwrap_or_default();
        let narration = percent(figures.narrations_completed, figures.narrations_played);
        let name = title(hall, &id);
        let _ = writeln!(
            out,
            "  {}{} {opened:>7} {:>13} {narration:>10}",
            name,
            pad(name, 32),
            seconds(figures.median_dwell_ms)
        );
    }
    let played: i64 = report.exhibits.values().map(|f| f.narrations_played).sum();
    let completed: i64 = report
        .exhibits
        .values()
        .map(|f| f.narrations_completed)
        .sum();
    let _ = writeln!(
        out,
        "\nNarration completion: {} ({completed} of {played} narrations heard to the end)",
        percent(completed, played)
    );

    let _ = writeln!(out, "\nQuiz");
    if report.quiz.is_empty() {
        let _ = writeln!(out, "  (no rounds)");
    }
    for level in &report.quiz {
        let average = if level.rounds > 0 {
            format!(
                "{:.1} of {:.1}",
                level.score as f64 / level.rounds as f64,
                level.questions as f64 / level.rounds as f64
            )
        } else {
            "—".to_owned()
        };
        let _ = writeln!(
            out,
            "  {:<8} {:>5} rounds, average {average} right",
            level.level, level.rounds
        );
    }

    visitors_tables(&mut out, report, hall);

    let _ = writeln!(out, "\nVisits by hour of day");
    let peak = report
        .visits_per_hour
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    // The hours the hall was visited in, first to last.
    let first = report
        .visits_per_hour
        .iter()
        .position(|&v| v > 0)
        .unwrap_or(0);
    let last = report
        .visits_per_hour
        .iter()
        .rposition(|&v| v > 0)
        .unwrap_or(0);
    for (hour, &visits) in report
        .visits_per_hour
        .iter()
        .enumerate()
        .take(last + 1)
        .skip(first)
    {
        let bar = "█".repeat(usize::try_from(visits * 40 / peak).unwrap_or(0));
        let line = format!("  {hour:02}:00 {visits:>6} {bar}");
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// How each ending is named in the reports: the database's name, then the words.
pub const ENDINGS: [(&str, &str, &str); 3] = [
    ("idle", "闲置重置", "idle reset"),
    ("tour_ended", "导览结束", "tour ended"),
    ("hall_closed", "闭馆", "hall closed"),
];

/// The English words for an ending's database name.
fn ending_words(name: &str) -> &str {
    ENDINGS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or(name, |(_, _, en)| en)
}

/// The visits' languages, large text and endings, and the photos zoomed into.
fn visitors_tables(out: &mut String, report: &Report, hall: &Hall) {
    let visitors = &report.visitors;
    let _ = writeln!(
        out,
        "\nVisitors ({} visits whose end is recorded)",
        visitors.ended
    );
    for (language, visits) in &visitors.languages {
        let label = format!("ended in {language}");
        let _ = writeln!(
            out,
            "  {label:<40} {visits:>6} {:>5}",
            percent(*visits, visitors.ended)
        );
    }
    let _ = writeln!(
        out,
        "  {:<40} {:>6} {:>5}",
        "used large text",
        visitors.large_text,
        percent(visitors.large_text, visitors.ended)
    );
    for (name, visits) in visitors.endings() {
        let label = format!("ending: {}", ending_words(name));
        let _ = writeln!(
            out,
            "  {label:<40} {visits:>6} {:>5}",
            percent(visits, visitors.ended)
        );
    }

    let _ = writeln!(out, "\nPhotos zoomed into, most often first");
    if report.photos.is_empty() {
        let _ = writeln!(out, "  (none)");
        return;
    }
    let _ = writeln!(
        out,
        "  {:<32} {:>5} {:>5} {:>7} {:>8} {:>7}",
        "exhibit", "panel", "photo", "zoomed", "deepest", "median"
    );
    for photo in &report.photos {
        let name = title(hall, &photo.exhibit);
        let _ = writeln!(
            out,
            "  {}{} {:>5} {:>5} {:>7} {:>7}% {:>7}",
            name,
            pad(name, 32),
            photo.panel.saturating_add(1),
            photo.photo.saturating_add(1),
            photo.zoomed,
            photo.deepest_percent,
            photo
                .median_percent
                .map_or("—".to_owned(), |p| format!("{p}%"))
        );
    }
}

/// Pads a possibly-Chinese name to `width` terminal cells.
fn pad(name: &str, width: usize) -> String {
    " ".repeat(width.saturating_sub(crate::diagnostics::display_width_of(name)))
}

/// The report as CSV: one row per figure, `section,key,value`.
pub fn csv(report: &Report, hall: &Hall) -> String {
    let mut out = String::from("section,key,value\n");
    for (day, visits) in &report.visits_per_day {
        let _ = writeln!(out, "visits_per_day,{day},{visits}");
    }
    for (id, opened) in by_visits(report, hall) {
        let figures = report.exhibits.get(&id).cloned().unwrap_or_default();
        let _ = writeln!(out, "exhibit_opened,{},{opened}", field(&id));
        if let Some(ms) = figures.median_dwell_ms {
            let _ = writeln!(
                out,
                "exhibit_median_dwell_s,{},{:.1}",
                field(&id),
                ms as f64 / 1000.0
            );
        }
        let _ = writeln!(
            out,
            "narrations_played,{},{}",
            field(&id),
            figures.narrations_played
        );
        let _ = writeln!(
            out,
            "narrations_completed,{},{}",
            field(&id),
            figures.narrations_completed
        );
    }
    for level in &report.quiz {
        let _ = writeln!(out, "quiz_rounds,{},{}", field(&level.level), level.rounds);
        let _ = writeln!(
            out,
            "quiz_right_answers,{},{}",
            field(&level.level),
            level.score
        );
        let _ = writeln!(
            out,
            "quiz_questions,{},{}",
            field(&level.level),
            level.questions
        );
    }
    for (hour, visits) in report.visits_per_hour.iter().enumerate() {
        let _ = writeln!(out, "visits_per_hour,{hour:02},{visits}");
    }
    let visitors = &report.visitors;
    let _ = writeln!(out, "visits_ended,all,{}", visitors.ended);
    for (language, visits) in &visitors.languages {
        let _ = writeln!(out, "visits_ended_in_language,{},{visits}", field(language));
    }
    let _ = writeln!(out, "visits_large_text,all,{}", visitors.large_text);
    for (name, visits) in visitors.endings() {
        let _ = writeln!(out, "visits_ended_by,{name},{visits}");
    }
    for photo in &report.photos {
        // The exhibit, its panel and the photo, counted from 1 as the tables show them.
        let key = field(&format!(
            "{} {} {}",
            photo.exhibit,
            photo.panel.saturating_add(1),
            photo.photo.saturating_add(1)
        ));
        let _ = writeln!(out, "photo_zoomed,{key},{}", photo.zoomed);
        let _ = writeln!(
            out,
            "photo_deepest_zoom_percent,{key},{}",
            photo.deepest_percent
        );
    }
    out
}

/// The kiosks of a merged report, as a text table.
pub fn kiosks_table(kiosks: &[crate::analytics::KioskFigures]) -> String {
    let mut out = String::new();
    let total: i64 = kiosks.iter().map(|k| k.visits).sum();
    let _ = writeln!(
        out,
        "Kiosks ({} kiosks, {total} visits in all)",
        kiosks.len()
    );
    for kiosk in kiosks {
        let days = match (&kiosk.first_day, &kiosk.last_day) {
            (Some(first), Some(last)) => format!("{first} to {last}"),
            _ => "no visits".to_owned(),
        };
        let _ = writeln!(
            out,
            "  {}{} {:>7} visits  {days}",
            kiosk.name,
            pad(&kiosk.name, 24),
            kiosk.visits
        );
    }
    out
}

/// The kiosks of a merged report, as CSV rows after [`csv`]'s.
pub fn kiosks_csv(kiosks: &[crate::analytics::KioskFigures]) -> String {
    let mut out = String::new();
    for kiosk in kiosks {
        let _ = writeln!(out, "kiosk_visits,{},{}", field(&kiosk.name), kiosk.visits);
    }
    out
}

/// A CSV field, quoted when it needs to be.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::{PhotoZoom, Visitors};

    /// Four visits ended: three in zh, one in en; one in large text; two idle resets,
    /// one tour ended, one hall closed. Alpha's first photo zoomed three times, at most
    /// to 380 %.
    fn visitors_report() -> Report {
        Report {
            visitors: Visitors {
                ended: 4,
                large_text: 1,
                languages: vec![("zh".into(), 3), ("en".into(), 1)],
                idle: 2,
                tour_ended: 1,
                hall_closed: 1,
            },
            photos: vec![PhotoZoom {
                exhibit: "alpha".into(),
                panel: 0,
                photo: 0,
                zoomed: 3,
                deepest_percent: 380,
                median_percent: Some(200),
            }],
            ..Report::default()
        }
    }

    fn base_hall() -> Hall {
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        crate::content::load_hall(&base, crate::content::LoadOptions::default())
            .unwrap()
            .hall
    }

    #[test]
    fn the_tables_show_languages_large_text_endings_and_photos_zoomed() {
        let text = tables(&visitors_report(), &base_hall());
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        let has = |line: &str| {
            assert!(
                lines
                    .iter()
                    .any(|l| l.split_whitespace().eq(line.split_whitespace())),
                "no line {line:?} in\n{text}"
            )
        };
        has("Visitors (4 visits whose end is recorded)");
        has("ended in zh 3 75%");
        has("ended in en 1 25%");
        has("used large text 1 25%");
        has("ending: idle reset 2 50%");
        has("ending: tour ended 1 25%");
        has("ending: hall closed 1 25%");
        has("exhibit panel photo zoomed deepest median");
        has("甲展品 1 1 3 380% 200%");
    }

    #[test]
    fn the_csv_has_a_row_for_each_of_those_figures() {
        let csv = csv(&visitors_report(), &base_hall());
        for row in [
            "visits_ended,all,4",
            "visits_ended_in_language,zh,3",
            "visits_ended_in_language,en,1",
            "visits_large_text,all,1",
            "visits_ended_by,idle,2",
            "visits_ended_by,tour_ended,1",
            "visits_ended_by,hall_closed,1",
            "photo_zoomed,alpha 1 1,3",
            "photo_deepest_zoom_percent,alpha 1 1,380",
        ] {
            assert!(csv.lines().any(|l| l == row), "no row {row} in\n{csv}");
        }
    }

    #[test]
    fn calendar_dates_are_checked() {
        for good in ["2026-05-01", "2028-02-29", "2000-02-29", "2026-12-31"] {
            assert_eq!(check_date(good), Ok(()), "{good}");
        }
        assert_eq!(
            check_date("1900-02-29").unwrap_err().to_string(),
            "`1900-02-29` is not a calendar date: February 1900 has 28 days"
        );
        assert_eq!(
            check_date("2026-06-31").unwrap_err().to_string(),
            "`2026-06-31` is not a calendar date: June 2026 has 30 days"
        );
        assert_eq!(
            check_date("2026-00-10").unwrap_err().to_string(),
            "`2026-00-10` is not a calendar date: there is no month 0"
        );
        for bad in ["2026-5-1", "2026-05-01-", "+026-05-01", "2026-05", ""] {
            assert_eq!(check_date(bad), Err(DateError::Format(bad.to_owned())));
        }
    }
}
