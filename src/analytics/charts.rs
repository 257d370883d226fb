//! The figures behind the charts: the admin overlay's statistics page and the monthly
//! HTML report draw the same [`Charts`], read from the events of one [`Period`].

use std::collections::BTreeMap;

use rusqlite::params;

use super::{Store, median, to_utc};

/// The longest drop-off curve, in seconds: a wrong figure in a database must not make
/// a curve of millions of points.
const LONGEST_CURVE_S: u32 = 3_600;

/// A span of time, as the hall's local days: from `from_ms` up to, not including,
/// `until_ms`. Days and hours are counted at `utc_offset_s` (the hall's `utc_offset`),
/// not in the computer's time zone, which may be UTC on a kiosk set up abroad.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from_ms: i64,
    pub until_ms: i64,
    pub utc_offset_s: i32,
}

impl Period {
    /// SQLite's modifier from UTC to the hall's local time.
    fn to_local(self) -> String {
        format!("{:+} seconds", self.utc_offset_s)
    }
}

/// What the charts show for one period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Charts {
    pub visits: i64,
    pub median_visit_ms: Option<i64>,
    pub visits_per_hour: [i64; 24],
    /// Every day of the period (`YYYY-MM-DD`), days without visits included.
    pub visits_per_day: Vec<(String, i64)>,
    /// Visits by the language they started in, most first.
    pub languages: Vec<(String, i64)>,
    /// Exhibits by visits, most first.
    pub exhibits: Vec<ExhibitRank>,
    /// Narrations by plays, most first.
    pub narrations: Vec<DropOff>,
    /// Films by plays, most first: empty where no film was played.
    pub films: Vec<DropOff>,
    /// Quiz questions by their share answered right, least first: the ones visitors miss.
    pub questions: Vec<QuestionFigures>,
    /// The visits that ended in the period: languages, large text, endings.
    pub visitors: super::Visitors,
    /// Photos zoomed into, most often first.
    pub photos: Vec<super::PhotoZoom>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExhibitRank {
    pub exhibit: String,
    pub visits: i64,
    pub median_dwell_ms: Option<i64>,
}

/// What a drop-off curve follows: a panel's narration or its film. Both are recorded
/// alike: played, heard (or seen) to the end, or left at a second (`duration_ms`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Medium {
    #[default]
    Narration,
    Film,
}

impl Medium {
    /// The event kinds of a play, its end reached, and its leaving before the end.
    fn kinds(self) -> [&'static str; 3] {
        match self {
            Medium::Narration => ["narration_played", "narration_completed", "narration_left"],
            Medium::Film => ["film_played", "film_completed", "film_left"],
        }
    }
}

/// How long listeners (or viewers) stayed with one narration or film (an exhibit's
/// panel, all languages).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DropOff {
    pub medium: Medium,
    pub exhibit: String,
    pub panel: usize,
    pub plays: i64,
    /// Heard to the end.
    pub completed: i64,
    /// The whole seconds heard by each listener who left before the end, in order.
    pub left_at_s: Vec<u32>,
}

impl DropOff {
    /// Plays whose end is known (completed or left): the curve's 100 %. Plays stopped by
    /// staff or recorded before the kiosk noted where narrations were left are not in it.
    pub fn tracked(&self) -> i64 {
        self.completed
            .saturating_add(i64::try_from(self.left_at_s.len()).unwrap_or(i64::MAX))
    }

    /// Listeners still there at `second`: those who heard at least that far.
    pub fn remaining(&self, second: u32) -> i64 {
        let left_earlier = self.left_at_s.partition_point(|&s| s < second);
        self.tracked()
            .saturating_sub(i64::try_from(left_earlier).unwrap_or(i64::MAX))
    }

    /// `(second, listeners remaining)` from 0 to one second past the last to leave.
    pub fn curve(&self) -> Vec<(u32, i64)> {
        let end = self
            .left_at_s
            .last()
            .map_or(0, |&s| s.saturating_add(1))
            .min(LONGEST_CURVE_S);
        (0..=end).map(|s| (s, self.remaining(s))).collect()
    }
}

/// One quiz question: how often it was answered right, and which wrong choices were picked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuestionFigures {
    pub exhibit: String,
    /// The index into the exhibit's quiz.
    pub question: usize,
    /// Answered or timed out.
    pub asked: i64,
    pub right: i64,
    pub timed_out: i64,
    /// `(choice index, times picked)` for the wrong choices picked, most first.
    pub wrong_choices: Vec<(usize, i64)>,
    /// `(what was given, times)` for the wrong answers that are not a choice, most first:
    /// an order placed (`"1,0,2"`, the events as written), or where a map or photo was
    /// tapped (see `Event::QuizAnswered`).
    pub wrong_given: Vec<(String, i64)>,
}

impl QuestionFigures {
    /// The share of `asked` that `count` is, 0 to 1.
    pub fn share(&self, count: i64) -> f64 {
        if self.asked <= 0 {
            0.0
        } else {
            count as f64 / self.asked as f64
        }
    }

    pub fn share_right(&self) -> f64 {
        self.share(self.right)
    }
}

impl Store {
    /// The period of the calendar month `month` (`YYYY-MM`, already checked) in the
    /// hall's local time `offset`.
    pub fn month(&self, month: &str, offset: time::UtcOffset) -> rusqlite::Result<Period> {
        let first = format!("{month}-01");
        self.conn.query_row(
            "SELECT CAST(strftime('%s', ?1, ?2) AS INTEGER) * 1000,
                    CAST(strftime('%s', ?1, '+1 month', ?2) AS INTEGER) * 1000",
            params![first, to_utc(offset)],
            |r| {
                Ok(Period {
                    from_ms: r.get(0)?,
                    until_ms: r.get(1)?,
                    utc_offset_s: offset.whole_seconds(),
                })
            },
        )
    }

    /// The last `days` days of the hall's local time `offset` up to `now_ms`, today
    /// included.
    pub fn last_days(
        &self,
        days: u32,
        now_ms: i64,
        offset: time::UtcOffset,
    ) -> rusqlite::Result<Period> {
        let back = format!("-{} days", days.saturating_sub(1));
        let utc_offset_s = offset.whole_seconds();
        let local = format!("{utc_offset_s:+} seconds");
        let from_ms = self.conn.query_row(
            "SELECT CAST(strftime('%s', date(?1 / 1000, 'unixepoch', ?3, ?2), ?4) AS INTEGER) * 1000",
            params![now_ms, back, local, to_utc(offset)],
            |r| r.get(0),
        )?;
        Ok(Period {
            from_ms,
            until_ms: now_ms.saturating_add(1),
            utc_offset_s,
        })
    }

    /// Everything the charts show for `period`.
    pub fn charts(&self, period: Period) -> rusqlite::Result<Charts> {
        let range = params![period.from_ms, period.until_ms];
        let local_range = params![period.from_ms, period.until_ms, period.to_local()];
        let mut charts = Charts {
            visits: self.conn.query_row(
                "SELECT COUNT(*) FROM events WHERE kind = 'visit_started' AND at_ms >= ?1 AND at_ms < ?2",
                range,
                |r| r.get(0),
            )?,
            ..Charts::default()
        };

        let mut durations = self.column_i64(
            "SELECT duration_ms FROM events WHERE kind = 'visit_ended'
             AND duration_ms IS NOT NULL AND at_ms >= ?1 AND at_ms < ?2 ORDER BY duration_ms",
            period,
        )?;
        durations.sort_unstable();
        charts.median_visit_ms = median(&durations);

        let mut statement = self.conn.prepare(
            "SELECT CAST(strftime('%H', at_ms / 1000, 'unixepoch', ?3) AS INTEGER), COUNT(*)
             FROM events WHERE kind = 'visit_started' AND at_ms >= ?1 AND at_ms < ?2 GROUP BY 1",
        )?;
        for row in statement.query_map(local_range, |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })? {
            let (hour, count) = row?;
            if let Some(slot) = usize::try_from(hour)
                .ok()
                .and_then(|h| charts.visits_per_hour.get_mut(h))
            {
                *slot = count;
            }
        }

        let mut statement = self.conn.prepare(
            "SELECT date(at_ms / 1000, 'unixepoch', ?3), COUNT(*)
             FROM events WHERE kind = 'visit_started' AND at_ms >= ?1 AND at_ms < ?2 GROUP BY 1",
        )?;
        let per_day: BTreeMap<String, i64> = statement
            .query_map(local_range, |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        // Every day of the period, so that a closed day shows as a gap, not as nothing.
        let mut statement = self.conn.prepare(
            "WITH RECURSIVE days(day) AS (
                 SELECT date(?1 / 1000, 'unixepoch', ?3)
                 UNION ALL
                 SELECT date(day, '+1 day') FROM days
                 WHERE date(day, '+1 day') <= date((?2 - 1) / 1000, 'unixepoch', ?3)
                 LIMIT 1000
             ) SELECT day FROM days WHERE ?1 < ?2",
        )?;
        charts.visits_per_day = statement
            .query_map(local_range, |r| r.get::<_, String>(0))?
            .map(|day| {
                day.map(|day| {
                    let visits = per_day.get(&day).copied().unwrap_or(0);
                    (day, visits)
                })
            })
            .collect::<Result<_, _>>()?;

        let mut statement = self.conn.prepare(
            "SELECT language, COUNT(*) FROM events WHERE kind = 'visit_started'
             AND language IS NOT NULL AND at_ms >= ?1 AND at_ms < ?2
             GROUP BY language ORDER BY COUNT(*) DESC, language",
        )?;
        charts.languages = statement
            .query_map(range, |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;

        charts.exhibits = self.exhibit_ranks(period)?;
        charts.narrations = self.drop_offs(period, Medium::Narration)?;
        charts.films = self.drop_offs(period, Medium::Film)?;
        charts.questions = self.questions(period)?;
        charts.visitors = self.visitors(period.from_ms, period.until_ms)?;
        charts.photos = self.photo_zooms(period.from_ms, period.until_ms)?;
        Ok(charts)
    }

    fn column_i64(&self, sql: &str, period: Period) -> rusqlite::Result<Vec<i64>> {
        let mut statement = self.conn.prepare(sql)?;
        statement
            .query_map(params![period.from_ms, period.until_ms], |r| r.get(0))?
            .collect()
    }

    fn exhibit_ranks(&self, period: Period) -> rusqlite::Result<Vec<ExhibitRank>> {
        let mut statement = self.conn.prepare(
            "SELECT exhibit, kind, duration_ms FROM events
             WHERE kind IN ('exhibit_opened', 'exhibit_closed') AND exhibit IS NOT NULL
             AND at_ms >= ?1 AND at_ms < ?2",
        )?;
        let mut ranks: BTreeMap<String, (i64, Vec<i64>)> = BTreeMap::new();
        for row in statement.query_map(params![period.from_ms, period.until_ms], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })? {
            let (exhibit, kind, duration) = row?;
            let (visits, dwell) = ranks.entry(exhibit).or_default();
            if kind == "exhibit_opened" {
                *visits += 1;
            } else {
                dwell.extend(duration);
            }
        }
        let mut ranks: Vec<ExhibitRank> = ranks
            .into_iter()
            .map(|(exhibit, (visits, mut dwell))| {
                dwell.sort_unstable();
                ExhibitRank {
                    exhibit,
                    visits,
                    median_dwell_ms: median(&dwell),
                }
            })
            .collect();
        ranks.sort_by(|a, b| b.visits.cmp(&a.visits).then(a.exhibit.cmp(&b.exhibit)));
        Ok(ranks)
    }

    fn drop_offs(&self, period: Period, medium: Medium) -> rusqlite::Result<Vec<DropOff>> {
        let [played, completed, left] = medium.kinds();
        let mut statement = self.conn.prepare(
            "SELECT exhibit, panel, kind, duration_ms FROM events
             WHERE kind IN (?3, ?4, ?5)
             AND exhibit IS NOT NULL AND panel >= 0 AND at_ms >= ?1 AND at_ms < ?2",
        )?;
        let mut narrations: BTreeMap<(String, usize), DropOff> = BTreeMap::new();
        let range = params![period.from_ms, period.until_ms, played, completed, left];
        for row in statement.query_map(range, |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<i64>>(3)?,
            ))
        })? {
            let (exhibit, panel, kind, heard_ms) = row?;
            let Ok(panel) = usize::try_from(panel) else {
                continue;
            };
            let figures = narrations
                .entry((exhibit.clone(), panel))
                .or_insert_with(|| DropOff {
                    medium,
                    exhibit,
                    panel,
                    ..DropOff::default()
                });
            match kind.as_str() {
                kind if kind == played => figures.plays += 1,
                kind if kind == completed => figures.completed += 1,
                _ => {
                    let seconds = heard_ms.unwrap_or(0).clamp(0, i64::from(u32::MAX)) / 1000;
                    figures
                        .left_at_s
                        .push(u32::try_from(seconds).unwrap_or(u32::MAX));
                }
            }
        }
        let mut narrations: Vec<DropOff> = narrations.into_values().collect();
        for narration in &mut narrations {
            narration.left_at_s.sort_unstable();
        }
        narrations.sort_by(|a, b| {
            b.plays
                .cmp(&a.plays)
                .then_with(|| (&a.exhibit, a.panel).cmp(&(&b.exhibit, b.panel)))
        });
        Ok(narrations)
    }

    fn questions(&self, period: Period) -> rusqlite::Result<Vec<QuestionFigures>> {
        // See `Row::of`: the question's index is in `panel`, right in `score`, the choice
        // picked in `questions`, what was given otherwise in `level`.
        let mut statement = self.conn.prepare(
            "SELECT exhibit, panel, score, questions, level FROM events
             WHERE kind = 'quiz_answered' AND exhibit IS NOT NULL AND panel >= 0
             AND at_ms >= ?1 AND at_ms < ?2",
        )?;
        type Wrong = (BTreeMap<usize, i64>, BTreeMap<String, i64>);
        let mut questions: BTreeMap<(String, usize), (QuestionFigures, Wrong)> = BTreeMap::new();
        for row in statement.query_map(params![period.from_ms, period.until_ms], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })? {
            let (exhibit, question, right, choice, given) = row?;
            let Ok(question) = usize::try_from(question) else {
                continue;
            };
            let (figures, wrong) =
                questions
                    .entry((exhibit.clone(), question))
                    .or_insert_with(|| {
                        (
                            QuestionFigures {
                                exhibit,
                                question,
                                ..QuestionFigures::default()
                            },
                            Default::default(),
                        )
                    });
            figures.asked += 1;
            let choice = choice.and_then(|c| usize::try_from(c).ok());
            match (right == Some(1), choice, given) {
                (true, ..) => figures.right += 1,
                (false, Some(choice), _) => *wrong.0.entry(choice).or_default() += 1,
                (false, None, Some(given)) => *wrong.1.entry(given).or_default() += 1,
                (false, None, None) => figures.timed_out += 1,
            }
        }
        let mut questions: Vec<QuestionFigures> = questions
            .into_values()
            .map(|(mut figures, (choices, given))| {
                figures.wrong_choices = choices.into_iter().collect();
                figures
                    .wrong_choices
                    .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                figures.wrong_given = given.into_iter().collect();
                figures
                    .wrong_given
                    .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                figures
            })
            .collect();
        questions.sort_by(|a, b| {
            a.share_right()
                .total_cmp(&b.share_right())
                .then(b.asked.cmp(&a.asked))
                .then_with(|| (&a.exhibit, a.question).cmp(&(&b.exhibit, b.question)))
        });
        Ok(questions)
    }

    /// The number of visits in `period` (the previous month, for the report's summary).
    pub fn visits_in(&self, period: Period) -> rusqlite::Result<i64> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM events WHERE kind = 'visit_started' AND at_ms >= ?1 AND at_ms < ?2",
                params![period.from_ms, period.until_ms],
                |r| r.get(0),
            )
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::visit::Event;

    const HOUR: i64 = 3_600_000;
    /// 2026-11-10 12:00 UTC: the middle of November in any time zone.
    const NOV_10: i64 = 1_794_312_000_000;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("v.sqlite")).unwrap();
        (dir, store)
    }

    fn left(exhibit: &str, panel: usize, ms: u64) -> Event {
        Event::NarrationLeft {
            exhibit: exhibit.into(),
            panel,
            language: "zh".into(),
            at: Duration::from_millis(ms),
        }
    }

    fn played(exhibit: &str, panel: usize) -> Event {
        Event::NarrationPlayed {
            exhibit: exhibit.into(),
            panel,
            language: "zh".into(),
        }
    }

    fn answered(exhibit: &str, question: usize, choice: Option<usize>, right: bool) -> Event {
        Event::QuizAnswered {
            exhibit: exhibit.into(),
            question,
            choice,
            given: None,
            right,
        }
    }

    #[test]
    fn the_drop_off_counts_who_heard_each_second() {
        let (_dir, mut store) = store();
        // Five plays of a/0: left at 3.9 s, 3.0 s and 10.2 s, two heard to the end; one
        // play of a/1 with no known end (stopped by staff).
        let mut events = vec![
            (NOV_10, played("a", 0)),
            (NOV_10 + 1, left("a", 0, 3_900)),
            (NOV_10 + 2, played("a", 0)),
            (NOV_10 + 3, left("a", 0, 3_000)),
            (NOV_10 + 4, played("a", 0)),
            (NOV_10 + 5, left("a", 0, 10_200)),
            (NOV_10 + 8, played("a", 1)),
        ];
        for at in [6, 7] {
            events.push((NOV_10 + at, played("a", 0)));
            events.push((
                NOV_10 + at,
                Event::NarrationCompleted {
                    exhibit: "a".into(),
                    panel: 0,
                    language: "zh".into(),
                },
            ));
        }
        store.insert(&events).unwrap();
        let charts = store
            .charts(store.month("2026-11", crate::schedule::CHINA).unwrap())
            .unwrap();
        let a0 = &charts.narrations[0];
        assert_eq!((a0.exhibit.as_str(), a0.panel), ("a", 0));
        assert_eq!((a0.plays, a0.completed, a0.tracked()), (5, 2, 5));
        assert_eq!(a0.left_at_s, [3, 3, 10]);
        // All five through second 3, three from second 4 to 10, the two who stayed after.
        assert_eq!(a0.remaining(0), 5);
        assert_eq!(a0.remaining(3), 5);
        assert_eq!(a0.remaining(4), 3);
        assert_eq!(a0.remaining(10), 3);
        assert_eq!(a0.remaining(11), 2);
        let curve = a0.curve();
        assert_eq!(curve.len(), 12);
        assert_eq!(curve.last(), Some(&(11, 2)));
        let a1 = &charts.narrations[1];
        assert_eq!((a1.plays, a1.tracked(), a1.curve()), (1, 0, vec![(0, 0)]));
    }

    /// Film events as the film module writes them: the narration's columns, the second
    /// left in `duration_ms`.
    fn film(store: &Store, at: i64, kind: &str, exhibit: &str, panel: i64, left_ms: Option<i64>) {
        store
            .conn
            .execute(
                "INSERT INTO events (at_ms, kind, exhibit, panel, language, duration_ms)
                 VALUES (?1, ?2, ?3, ?4, 'zh', ?5)",
                params![at, kind, exhibit, panel, left_ms],
            )
            .unwrap();
    }

    #[test]
    fn films_have_their_own_drop_off_beside_the_narrations() {
        let (_dir, mut store) = store();
        store.insert(&[(NOV_10, played("a", 0))]).unwrap();
        // b/1's film: three plays, left at 2.5 s and 7 s, one seen to the end; a/0's
        // film once, no end known.
        for (at, kind, exhibit, panel, left) in [
            (1, "film_played", "b", 1, None),
            (2, "film_left", "b", 1, Some(2_500)),
            (3, "film_played", "b", 1, None),
            (4, "film_left", "b", 1, Some(7_000)),
            (5, "film_played", "b", 1, None),
            (6, "film_completed", "b", 1, None),
            (7, "film_played", "a", 0, None),
        ] {
            film(&store, NOV_10 + at, kind, exhibit, panel, left);
        }
        let charts = store
            .charts(store.month("2026-11", crate::schedule::CHINA).unwrap())
            .unwrap();
        assert_eq!(charts.narrations.len(), 1, "films are not narrations");
        assert_eq!(charts.narrations[0].medium, Medium::Narration);
        assert_eq!(charts.narrations[0].plays, 1);
        let b1 = &charts.films[0];
        assert_eq!(
            (b1.medium, b1.exhibit.as_str(), b1.panel),
            (Medium::Film, "b", 1)
        );
        assert_eq!((b1.plays, b1.completed, b1.tracked()), (3, 1, 3));
        assert_eq!(b1.left_at_s, [2, 7]);
        assert_eq!(
            (b1.remaining(2), b1.remaining(3), b1.remaining(8)),
            (3, 2, 1)
        );
        let a0 = &charts.films[1];
        assert_eq!((a0.exhibit.as_str(), a0.plays, a0.tracked()), ("a", 1, 0));
    }

    #[test]
    fn a_wrong_order_or_tap_is_a_wrong_answer_kept_with_what_was_given_not_a_time_out() {
        let (_dir, mut store) = store();
        let given = |given: &str, right: bool| Event::QuizAnswered {
            exhibit: "a".into(),
            question: 2,
            choice: None,
            given: Some(given.into()),
            right,
        };
        let events = [
            given("0,1,2", true),
            given("1,0,2", false),
            given("2,1,0", false),
            given("1,0,2", false),
            answered("a", 2, None, false),
        ];
        let events: Vec<(i64, Event)> = events
            .into_iter()
            .enumerate()
            .map(|(i, e)| (NOV_10 + i as i64, e))
            .collect();
        store.insert(&events).unwrap();
        let charts = store
            .charts(store.month("2026-11", crate::schedule::CHINA).unwrap())
            .unwrap();
        let [q] = charts.questions.as_slice() else {
            panic!("{:?}", charts.questions);
        };
        assert_eq!((q.asked, q.right, q.timed_out), (5, 1, 1));
        assert_eq!(
            q.wrong_given,
            [("1,0,2".to_owned(), 2), ("2,1,0".to_owned(), 1)]
        );
        assert!(q.wrong_choices.is_empty());
    }

    #[test]
    fn questions_rank_by_share_right_with_the_wrong_choices_shares() {
        let (_dir, mut store) = store();
        // q0 of a: right 1 of 5, choice 2 picked twice, choice 0 once, one timed out.
        // q1 of a: right 3 of 4, choice 1 once. q0 of b: right 2 of 2.
        let events = [
            answered("a", 0, Some(1), true),
            answered("a", 0, Some(2), false),
            answered("a", 0, Some(2), false),
            answered("a", 0, Some(0), false),
            answered("a", 0, None, false),
            answered("a", 1, Some(0), true),
            answered("a", 1, Some(0), true),
            answered("a", 1, Some(0), true),
            answered("a", 1, Some(1), false),
            answered("b", 0, Some(3), true),
            answered("b", 0, Some(3), true),
        ];
        let events: Vec<(i64, Event)> = events
            .into_iter()
            .enumerate()
            .map(|(i, e)| (NOV_10 + i as i64, e))
            .collect();
        store.insert(&events).unwrap();
        let charts = store
            .charts(store.month("2026-11", crate::schedule::CHINA).unwrap())
            .unwrap();
        let order: Vec<(&str, usize)> = charts
            .questions
            .iter()
            .map(|q| (q.exhibit.as_str(), q.question))
            .collect();
        assert_eq!(order, [("a", 0), ("a", 1), ("b", 0)]);
        let hardest = &charts.questions[0];
        assert_eq!((hardest.asked, hardest.right, hardest.timed_out), (5, 1, 1));
        assert_eq!(hardest.wrong_choices, [(2, 2), (0, 1)]);
        assert!((hardest.share_right() - 0.2).abs() < 1e-9);
        assert!((hardest.share(hardest.wrong_choices[0].1) - 0.4).abs() < 1e-9);
        assert!((charts.questions[1].share_right() - 0.75).abs() < 1e-9);
    }

    #[test]
    fn visits_per_day_hour_and_exhibit_dwell_medians_in_the_month() {
        let (_dir, mut store) = store();
        let visit = |at: i64, secs: u64| {
            [
                (
                    at,
                    Event::VisitStarted {
                        language: "zh".into(),
                    },
                ),
                (
                    at + 1,
                    Event::VisitEnded {
                        duration: Duration::from_secs(secs),
                        language: "zh".into(),
                        large_text: false,
                        ending: crate::visit::Ending::Idle,
                    },
                ),
            ]
        };
        let dwell = |at: i64, exhibit: &str, secs: u64| {
            [
                (
                    at,
                    Event::ExhibitOpened {
                        exhibit: exhibit.into(),
                    },
                ),
                (
                    at + 1,
                    Event::ExhibitClosed {
                        exhibit: exhibit.into(),
                        dwell: Duration::from_secs(secs),
                    },
                ),
            ]
        };
        let mut events = Vec::new();
        // Three visits on the 10th (one and two hours apart), one on the 11th, one in
        // October and one in December that the month leaves out.
        events.extend(visit(NOV_10, 60));
        events.extend(visit(NOV_10 + HOUR, 120));
        events.extend(visit(NOV_10 + 2 * HOUR, 300));
        events.extend(visit(NOV_10 + 24 * HOUR, 30));
        events.extend(visit(NOV_10 - 30 * 24 * HOUR, 10));
        events.extend(visit(NOV_10 + 30 * 24 * HOUR, 10));
        // a: 10, 20, 90 s (median 20); b: 40, 60 s (median 50); c opened, never closed.
        events.extend(dwell(NOV_10 + 10, "a", 10));
        events.extend(dwell(NOV_10 + 20, "a", 90));
        events.extend(dwell(NOV_10 + 30, "a", 20));
        events.extend(dwell(NOV_10 + 40, "b", 40));
        events.extend(dwell(NOV_10 + 50, "b", 60));
        events.push((
            NOV_10 + 60,
            Event::ExhibitOpened {
                exhibit: "c".into(),
            },
        ));
        store.insert(&events).unwrap();
        let charts = store
            .charts(store.month("2026-11", crate::schedule::CHINA).unwrap())
            .unwrap();
        assert_eq!(charts.visits, 4);
        assert_eq!(charts.median_visit_ms, Some(90_000));
        assert_eq!(charts.visits_per_day.len(), 30);
        assert_eq!(charts.visits_per_day[0].0, "2026-11-01");
        assert_eq!(charts.visits_per_day[29].0, "2026-11-30");
        let counts: Vec<i64> = charts.visits_per_day.iter().map(|d| d.1).collect();
        assert_eq!(counts.iter().sum::<i64>(), 4);
        assert_eq!(counts.iter().filter(|&&n| n > 0).count(), 2);
        let mut hours: Vec<i64> = charts
            .visits_per_hour
            .iter()
            .copied()
            .filter(|&n| n > 0)
            .collect();
        // 12:00, 13:00 and 14:00 UTC on the 10th, 12:00 on the 11th: three local hours.
        hours.sort_unstable();
        assert_eq!(hours, [1, 1, 2]);
        assert_eq!(charts.languages, [("zh".to_owned(), 4)]);
        let ranks: Vec<(&str, i64, Option<i64>)> = charts
            .exhibits
            .iter()
            .map(|e| (e.exhibit.as_str(), e.visits, e.median_dwell_ms))
            .collect();
        assert_eq!(
            ranks,
            [
                ("a", 3, Some(20_000)),
                ("b", 2, Some(50_000)),
                ("c", 1, None)
            ]
        );
        let october = store.month("2026-10", crate::schedule::CHINA).unwrap();
        assert_eq!(store.visits_in(october).unwrap(), 1);
    }

    #[test]
    fn the_last_thirty_days_end_now_and_start_at_a_local_midnight() {
        let (_dir, store) = store();
        let period = store.last_days(30, NOV_10, crate::schedule::CHINA).unwrap();
        assert_eq!(period.until_ms, NOV_10 + 1);
        let charts = store.charts(period).unwrap();
        assert_eq!(charts.visits_per_day.len(), 30);
        assert_eq!(charts.visits_per_day[29].0.len(), "2026-11-10".len());
    }

    #[test]
    fn days_and_hours_are_the_halls_not_the_computers() {
        let (_dir, mut store) = store();
        let started = |at: i64| {
            (
                at,
                Event::VisitStarted {
                    language: "zh".into(),
                },
            )
        };
        // 15:30 and 16:30 UTC on 10 November are 23:30 and 00:30 the next day in the
        // hall at +08:00; 17:00 UTC on 31 October is already 1 November there.
        let oct_31_17h = NOV_10 - 10 * 24 * HOUR + 5 * HOUR;
        store
            .insert(&[
                started(NOV_10 + 3 * HOUR + HOUR / 2),
                started(NOV_10 + 4 * HOUR + HOUR / 2),
                started(oct_31_17h),
            ])
            .unwrap();
        let china = crate::schedule::CHINA;
        let november = store.month("2026-11", china).unwrap();
        // 1 November 00:00 at +08:00 is 31 October 16:00 UTC.
        assert_eq!(november.from_ms, oct_31_17h - HOUR);
        let charts = store.charts(november).unwrap();
        assert_eq!(charts.visits, 3);
        let day = |charts: &Charts, day: &str| {
            charts
                .visits_per_day
                .iter()
                .find(|(d, _)| d == day)
                .map(|(_, n)| *n)
        };
        assert_eq!(day(&charts, "2026-11-01"), Some(1));
        assert_eq!(day(&charts, "2026-11-10"), Some(1));
        assert_eq!(day(&charts, "2026-11-11"), Some(1));
        assert_eq!(charts.visits_per_hour[23], 1);
        assert_eq!(charts.visits_per_hour[0], 1);
        assert_eq!(charts.visits_per_hour[1], 1);

        // The same events read for a hall at UTC: both late visits on the 10th, and the
        // October one left out of November.
        let utc = store.month("2026-11", time::UtcOffset::UTC).unwrap();
        let charts = store.charts(utc).unwrap();
        assert_eq!(charts.visits, 2);
        assert_eq!(day(&charts, "2026-11-10"), Some(2));
        assert_eq!(day(&charts, "2026-11-11"), Some(0));
        assert_eq!(charts.visits_per_hour[15], 1);
        assert_eq!(charts.visits_per_hour[16], 1);

        // The last 30 days start at the hall's midnight: 10 November 12:00 UTC is 20:00
        // there, so the 30th day back began on 11 October 16:00 UTC.
        let last = store.last_days(30, NOV_10, china).unwrap();
        assert_eq!(last.from_ms, NOV_10 - 30 * 24 * HOUR + 4 * HOUR);
    }
}
