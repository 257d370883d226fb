//! `kiosk report`'s output: tables with a small chart for the terminal, or CSV.

use std::fmt::Write as _;

use crate::analytics::Report;
use crate::content::Hall;

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

/// Pads a possibly-Chinese name to `width` terminal cells.
fn pad(name: &str, width: usize) -> String {
    let cells: usize = name
        .chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum();
    " ".repeat(width.saturating_sub(cells))
}

/// The report as CSV: one row per figure, `section,key,value`.
pub fn csv(report: &Report, hall: &Hall) -> String {
    let mut out = String::from("section,key,value\n");
    let field = |text: &str| {
        if text.contains([',', '"', '\n']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        }
    };
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
    out
}
