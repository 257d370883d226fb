//! Generated visits, for tests and demonstrations only: days of plausible, anonymous
//! events for a hall's own exhibits (their narrations, photos and quiz questions), so
//! that the statistics page, `kiosk report` and the monthly HTML report have something
//! to draw. One generator, so the report's unit tests, the browser test and the
//! screenshots show the same kind of month. Seeded: the same plan gives the same events.

use std::time::Duration;

use crate::content::{Hall, Level};
use crate::visit::{Ending, Event};

const SECOND: i64 = 1_000;
const HOUR: i64 = 3_600 * SECOND;
const DAY: i64 = 24 * HOUR;

/// What the generator knows of a hall: its languages and, for each exhibit, what a
/// visitor can do there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SampleHall {
    /// The hall's languages, the default first.
    pub languages: Vec<String>,
    pub exhibits: Vec<SampleExhibit>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SampleExhibit {
    pub id: String,
    /// The panels with a narration.
    pub narrations: Vec<usize>,
    /// `(panel, photo)` of every photo.
    pub photos: Vec<(usize, usize)>,
    /// Each quiz question's number of choices and the right one.
    /// Each multiple-choice question: its index in the exhibit, its choices, its answer.
    pub questions: Vec<(usize, usize, usize)>,
}

impl SampleHall {
    /// The exhibits of `hall`, in its order (the first are visited most).
    pub fn of(hall: &Hall) -> Self {
        let exhibits = hall
            .exhibits
            .iter()
            .map(|exhibit| SampleExhibit {
                id: exhibit.id.clone(),
                narrations: (0..exhibit.panels.len())
                    .filter(|&p| exhibit.panels.get(p).is_some_and(|p| p.narration.is_some()))
                    .collect(),
                photos: exhibit
                    .panels
                    .iter()
                    .enumerate()
                    .flat_map(|(p, panel)| (0..panel.photos.len()).map(move |n| (p, n)))
                    .collect(),
                questions: exhibit
                    .quiz
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| !q.choices.is_empty())
                    .filter_map(|(i, q)| Some((i, q.choices.len(), q.answer?)))
                    .collect(),
            })
            .collect();
        Self {
            languages: hall.config.languages.clone(),
            exhibits,
        }
    }
}

/// Which days to generate and how busy they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The first day's midnight in the hall, as UTC milliseconds.
    pub first_midnight_ms: i64,
    pub days: u32,
    /// Visits on an ordinary weekday; weekends have half as many again, Mondays none
    /// (the hall is closed, as most halls in China are).
    pub visits_per_day: std::ops::RangeInclusive<u32>,
    /// Nothing at or after this time (a demonstration's "now").
    pub until_ms: i64,
    pub seed: u64,
}

impl Plan {
    /// `days` days from the hall's midnight at or before `first_ms`, offset `offset`.
    pub fn days_from(first_ms: i64, days: u32, offset: time::UtcOffset) -> Self {
        let local = first_ms + i64::from(offset.whole_seconds()) * SECOND;
        let midnight = local - local.rem_euclid(DAY) - i64::from(offset.whole_seconds()) * SECOND;
        Self {
            first_midnight_ms: midnight,
            days,
            visits_per_day: 12..=40,
            until_ms: i64::MAX,
            seed: 1,
        }
    }

    /// The `days` days up to now (`now_ms`), today included, nothing after now.
    pub fn days_until(now_ms: i64, days: u32, offset: time::UtcOffset) -> Self {
        let back = i64::from(days.saturating_sub(1)) * DAY;
        Self {
            until_ms: now_ms,
            ..Self::days_from(now_ms.saturating_sub(back), days, offset)
        }
    }
}

/// The events of `plan`'s days in `hall`, in time order: visits between 09:00 and
/// 17:00 in the hall, busiest late in the morning and mid-afternoon.
pub fn visits(hall: &SampleHall, plan: &Plan) -> Vec<(i64, Event)> {
    let mut rng = fastrand::Rng::with_seed(plan.seed);
    let mut events = Vec::new();
    for day in 0..i64::from(plan.days) {
        let midnight = plan.first_midnight_ms + day * DAY;
        // 1970-01-01 was a Thursday: 0 is Monday.
        let weekday = ((midnight + 12 * HOUR).div_euclid(DAY) + 3).rem_euclid(7);
        let mut count = rng.u32(plan.visits_per_day.clone());
        match weekday {
            0 => continue,
            5 | 6 => count += count / 2,
            _ => {}
        }
        let mut starts: Vec<i64> = (0..count)
            .map(|_| {
                // Two humps: 10:00–12:00 and 14:00–16:00, a few visits at any hour open.
                let hour = match rng.u8(0..10) {
                    0..=3 => rng.i64(10..12),
                    4..=7 => rng.i64(14..16),
                    _ => rng.i64(9..17),
                };
                midnight + hour * HOUR + rng.i64(0..HOUR)
            })
            .collect();
        starts.sort_unstable();
        // One kiosk, one visitor at a time: a visit waits for the one before, and none
        // begins after 17:00.
        let closes = midnight + 17 * HOUR;
        let mut free = midnight;
        let last = starts.len().saturating_sub(1);
        for (n, start) in starts.into_iter().enumerate() {
            let start = start.max(free);
            if start >= closes {
                break;
            }
            let closing = n == last && rng.bool();
            free = visit(hall, &mut rng, start, closing, &mut events) + 20 * SECOND;
        }
    }
    events.retain(|(at, _)| *at < plan.until_ms);
    events
}

/// One visit from `start`: a few exhibits, the first ones of the hall most often.
/// Returns when it ended.
fn visit(
    hall: &SampleHall,
    rng: &mut fastrand::Rng,
    start: i64,
    closing: bool,
    events: &mut Vec<(i64, Event)>,
) -> i64 {
    let first = hall.languages.first().map_or("zh", String::as_str);
    let other = hall.languages.get(1).map_or(first, String::as_str);
    let mut language = if rng.u8(0..10) < 8 { first } else { other };
    let large_text = rng.u8(0..100) < 12;
    let mut at = start;
    events.push((
        at,
        Event::VisitStarted {
            language: language.to_owned(),
        },
    ));
    if rng.u8(0..10) == 0 && other != first {
        at += 4 * SECOND;
        language = if language == first { other } else { first };
        events.push((
            at,
            Event::LanguageChanged {
                language: language.to_owned(),
            },
        ));
    }
    let count = hall.exhibits.len();
    for _ in 0..rng.usize(1..=4).min(count) {
        // The smaller of two draws: exhibit 0 is the most visited, the last the least.
        let index = rng.usize(0..count).min(rng.usize(0..count));
        let Some(exhibit) = hall.exhibits.get(index) else {
            continue;
        };
        at += 3 * SECOND;
        let opened = at;
        events.push((
            at,
            Event::ExhibitOpened {
                exhibit: exhibit.id.clone(),
            },
        ));
        at += rng.i64(8..40) * SECOND;
        if let Some(&panel) = rng
            .choice(&exhibit.narrations)
            .filter(|_| rng.u8(0..10) < 6)
        {
            let played = |language: &str| Event::NarrationPlayed {
                exhibit: exhibit.id.clone(),
                panel,
                language: language.to_owned(),
            };
            events.push((at, played(language)));
            // Each narration as long as 60 to 150 s; most who leave, leave early.
            let length = 60 + 15 * (index as u64 % 7);
            if rng.u8(0..100) < 35 {
                at += i64::try_from(length).unwrap_or(60) * SECOND;
                events.push((
                    at,
                    Event::NarrationCompleted {
                        exhibit: exhibit.id.clone(),
                        panel,
                        language: language.to_owned(),
                    },
                ));
            } else {
                let heard = rng.u64(1..length).min(rng.u64(1..length));
                at += i64::try_from(heard).unwrap_or(1) * SECOND;
                events.push((
                    at,
                    Event::NarrationLeft {
                        exhibit: exhibit.id.clone(),
                        panel,
                        language: language.to_owned(),
                        at: Duration::from_secs(heard) + Duration::from_millis(rng.u64(0..1000)),
                    },
                ));
            }
        }
        if let Some(&(panel, photo)) = rng.choice(&exhibit.photos).filter(|_| rng.u8(0..4) == 0) {
            at += rng.i64(5..30) * SECOND;
            events.push((
                at,
                Event::PhotoZoomed {
                    exhibit: exhibit.id.clone(),
                    panel,
                    photo,
                    zoom_percent: rng.u32(120..=400),
                },
            ));
        }
        at += rng.i64(5..60) * SECOND;
        events.push((
            at,
            Event::ExhibitClosed {
                exhibit: exhibit.id.clone(),
                dwell: Duration::from_millis(u64::try_from(at - opened).unwrap_or(0)),
            },
        ));
    }
    if rng.u8(0..10) < 3 {
        quiz_round(hall, rng, &mut at, events);
    }
    at += 60 * SECOND;
    let ending = if closing {
        Ending::HallClosed
    } else if rng.u8(0..100) < 8 {
        Ending::TourEnded
    } else {
        Ending::Idle
    };
    events.push((
        at,
        Event::VisitEnded {
            duration: Duration::from_millis(u64::try_from(at - start).unwrap_or(0)),
            language: language.to_owned(),
            large_text,
            ending,
        },
    ));
    at
}

/// A round of up to five questions from the hall's exhibits; each question answered
/// right more or less often as it is easy or hard, wrong mostly with the same choice.
fn quiz_round(
    hall: &SampleHall,
    rng: &mut fastrand::Rng,
    at: &mut i64,
    events: &mut Vec<(i64, Event)>,
) {
    let asked: Vec<(&SampleExhibit, usize, usize, usize)> = hall
        .exhibits
        .iter()
        .flat_map(|e| {
            e.questions
                .iter()
                .map(move |&(q, choices, answer)| (e, q, choices, answer))
        })
        .filter(|_| rng.u8(0..3) == 0)
        .take(5)
        .collect();
    if asked.is_empty() {
        return;
    }
    let mut score = 0;
    for (n, (exhibit, question, choices, answer)) in asked.iter().enumerate() {
        *at += rng.i64(6..20) * SECOND;
        // How hard: 30 % to 90 % right, by where the question is in the hall.
        let right_share = 30 + (n * 7 + exhibit.id.len() * 13 + question * 17) % 61;
        let (choice, right) = if *choices < 2 || rng.usize(0..100) < right_share {
            (Some(*answer), true)
        } else if rng.u8(0..20) == 0 {
            (None, false)
        } else {
            // The choice after the answer is the usual mistake.
            let offset = if rng.u8(0..3) < 2 {
                1
            } else {
                rng.usize(1..*choices)
            };
            (Some((answer + offset) % choices), false)
        };
        score += usize::from(right);
        events.push((
            *at,
            Event::QuizAnswered {
                exhibit: exhibit.id.clone(),
                question: *question,
                choice,
                right,
                given: None,
            },
        ));
    }
    *at += 5 * SECOND;
    events.push((
        *at,
        Event::QuizRound {
            level: Level::All,
            score,
            questions: asked.len(),
        },
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hall() -> SampleHall {
        SampleHall {
            languages: vec!["zh".into(), "en".into()],
            exhibits: vec![
                SampleExhibit {
                    id: "a".into(),
                    narrations: vec![0],
                    photos: vec![(0, 0), (1, 0)],
                    questions: vec![(0, 3, 0)],
                },
                SampleExhibit {
                    id: "b".into(),
                    narrations: vec![],
                    photos: vec![],
                    questions: vec![(0, 2, 1)],
                },
            ],
        }
    }

    /// 2026-11-01 00:00 in the hall at +08:00, a Sunday.
    const NOV_1: i64 = 1_793_462_400_000;

    #[test]
    fn a_generated_month_is_open_days_only_in_opening_hours_with_whole_visits() {
        let china = crate::schedule::CHINA;
        let plan = Plan::days_from(NOV_1 + 5 * HOUR, 30, china);
        assert_eq!(plan.first_midnight_ms, NOV_1);
        let events = visits(&hall(), &plan);
        assert_eq!(
            events,
            visits(&hall(), &plan),
            "the same plan, the same events"
        );
        let started: Vec<i64> = events
            .iter()
            .filter(|(_, e)| matches!(e, Event::VisitStarted { .. }))
            .map(|(at, _)| *at)
            .collect();
        let ended = events
            .iter()
            .filter(|(_, e)| matches!(e, Event::VisitEnded { .. }))
            .count();
        assert_eq!(started.len(), ended);
        assert!(events.windows(2).all(|w| w[0].0 <= w[1].0), "in time order");
        for at in &started {
            let local_hour = (at - NOV_1).rem_euclid(DAY) / HOUR;
            assert!((9..17).contains(&local_hour), "open hours: {local_hour}");
            // Mondays (the 2nd, 9th, …) are closed.
            assert_ne!((at - NOV_1).div_euclid(DAY) % 7, 1, "no visit on a Monday");
        }
        // 25 open days (five Mondays closed) of 12 to 60 visits, a few of them crowded
        // out by 17:00.
        assert!(
            (25 * 10..=25 * 60).contains(&started.len()),
            "{} visits",
            started.len()
        );
        for (_, event) in &events {
            if let Event::QuizAnswered {
                exhibit,
                question,
                choice,
                right,
                ..
            } = event
            {
                let (choices, answer) = if exhibit == "a" { (3, 0) } else { (2, 1) };
                assert_eq!(*question, 0);
                assert!(choice.is_none_or(|c| c < choices));
                assert_eq!(*right, *choice == Some(answer));
            }
        }
    }

    #[test]
    fn days_until_now_end_now() {
        let now = NOV_1 + 10 * DAY + 11 * HOUR;
        let plan = Plan::days_until(now, 30, crate::schedule::CHINA);
        assert_eq!(plan.first_midnight_ms, NOV_1 - 19 * DAY);
        let events = visits(&hall(), &plan);
        assert!(events.iter().all(|(at, _)| *at < now));
        assert!(events.iter().any(|(at, _)| *at >= NOV_1 + 10 * DAY));
    }
}
