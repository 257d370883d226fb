//! Visit statistics: anonymous events written to SQLite on a thread of their own, and
//! the queries behind the admin overlay and `kiosk report`. Nothing identifies a
//! person: no names, no free text, only which screen and when.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior, params};

use crate::content::Level;
use crate::visit::Event;

mod charts;
mod fleet;
pub mod sample;
mod visitors;
mod writer;

pub use charts::{Charts, DropOff, ExhibitRank, Medium, Period, QuestionFigures};

pub use fleet::{KioskFigures, Merged, export, merge};
pub use visitors::{PhotoZoom, Visitors};
pub use writer::{Analytics, Health};

/// Whether the database at `path` takes a write, for the self-test: an event inserted
/// in a transaction that is then rolled back, so nothing is added and the writer's lock
/// is held for a moment only. `Ok(false)` when there is no database yet (the kiosk makes
/// it on its first start); a file that is not this database fails.
pub fn check_writable(path: &Path) -> rusqlite::Result<bool> {
    if !path.is_file() {
        return Ok(false);
    }
    let mut conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO events (at_ms, kind) VALUES (0, 'selftest')",
        params![],
    )?;
    tx.rollback()?;
    Ok(true)
}

/// The database of events.
pub struct Store {
    conn: Connection,
    /// The visit the next events belong to (the start time of the visit, anonymous).
    visit: Option<i64>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    visit INTEGER,
    kind TEXT NOT NULL,
    exhibit TEXT,
    panel INTEGER,
    language TEXT,
    level TEXT,
    score INTEGER,
    questions INTEGER,
    duration_ms INTEGER
);
CREATE INDEX IF NOT EXISTS events_at ON events(at_ms);
CREATE INDEX IF NOT EXISTS events_kind ON events(kind, at_ms);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Which kiosk's events these are, made once with the database: copies exported twice
-- are known for the same events when merged.
INSERT OR IGNORE INTO meta (key, value) VALUES ('kiosk_id', lower(hex(randomblob(8))));
";

impl Store {
    /// Opens (or creates) the database at `path`, in WAL mode with full syncs so that a
    /// power cut loses nothing that was committed.
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        Self::open_waiting(path, Duration::from_secs(5))
    }

    /// [`Store::open`], where a statement waits at most `busy_timeout` for another
    /// program's lock before it fails with "database is locked".
    fn open_waiting(path: &Path, busy_timeout: Duration) -> rusqlite::Result<Self> {
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(busy_timeout)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self { conn, visit: None })
    }

    /// Writes a batch of events in one transaction: all of them or, on an error, none.
    pub fn insert(&mut self, batch: &[(i64, Event)]) -> rusqlite::Result<()> {
        // The write lock is taken at the start, so that a lock held by another program
        // is waited for (busy timeout) instead of failing half-way.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // A batch that fails is written again later: the visit it starts from must not
        // have moved with events that were rolled back.
        let mut visit = self.visit;
        {
            let mut statement = tx.prepare_cached(
                "INSERT INTO events (at_ms, visit, kind, exhibit, panel, language, level, score, questions, duration_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for (at_ms, event) in batch {
                if matches!(event, Event::VisitStarted { .. }) {
                    visit = Some(*at_ms);
                }
                let row = Row::of(event);
                statement.execute(params![
                    at_ms,
                    visit,
                    row.kind,
                    row.exhibit,
                    row.panel,
                    row.language,
                    row.level,
                    row.score,
                    row.questions,
                    row.duration_ms,
                ])?;
                if matches!(event, Event::VisitEnded { .. }) {
                    visit = None;
                }
            }
        }
        tx.commit()?;
        self.visit = visit;
        Ok(())
    }

    /// Deletes events older than `days`.
    pub fn apply_retention(&self, days: u32, now_ms: i64) -> rusqlite::Result<usize> {
        let cutoff = now_ms.saturating_sub(i64::from(days).saturating_mul(86_400_000));
        self.conn
            .execute("DELETE FROM events WHERE at_ms < ?1", [cutoff])
    }

    pub fn count(&self) -> rusqlite::Result<i64> {
        self.conn
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
    }

    /// The figures on the admin overlay: today and the last seven days, the days
    /// those of the hall's time `offset`.
    pub fn summary(&self, now_ms: i64, offset: time::UtcOffset) -> rusqlite::Result<Summary> {
        let day_start = self.conn.query_row(
            "SELECT CAST(strftime('%s', date(?1 / 1000, 'unixepoch', ?2), ?3) AS INTEGER) * 1000",
            params![now_ms, to_local(offset), to_utc(offset)],
            |r| r.get::<_, i64>(0),
        )?;
        let week_start = day_start - 6 * 86_400_000;
        let count = |kind: &str, since: i64| -> rusqlite::Result<i64> {
            self.conn.query_row(
                "SELECT COUNT(*) FROM events WHERE kind = ?1 AND at_ms >= ?2",
                params![kind, since],
                |r| r.get(0),
            )
        };
        let top_exhibit = self
            .conn
            .query_row(
                "SELECT exhibit FROM events WHERE kind = 'exhibit_opened' AND at_ms >= ?1
                 GROUP BY exhibit ORDER BY COUNT(*) DESC, exhibit LIMIT 1",
                [week_start],
                |r| r.get::<_, Option<String>>(0),
            )
            .or_else(|err| match err {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                other => Err(other),
            })?;
        Ok(Summary {
            visits_today: count("visit_started", day_start)?,
            exhibits_today: count("exhibit_opened", day_start)?,
            narrations_today: count("narration_played", day_start)?,
            quiz_rounds_today: count("quiz_round", day_start)?,
            visits_week: count("visit_started", week_start)?,
            quiz_rounds_week: count("quiz_round", week_start)?,
            top_exhibit_week: top_exhibit,
        })
    }

    /// Everything `kiosk report` shows, for events since `since` (a date, `YYYY-MM-DD`),
    /// its days and hours those of the hall's time `offset` (its `utc_offset`), not the
    /// computer's time zone.
    pub fn report(&self, since: Option<&str>, offset: time::UtcOffset) -> rusqlite::Result<Report> {
        let since_ms: i64 = match since {
            Some(date) => self
                .conn
                .query_row(
                    "SELECT CAST(strftime('%s', ?1, ?2) AS INTEGER) * 1000",
                    params![date, to_utc(offset)],
                    |r| r.get::<_, Option<i64>>(0),
                )?
                .unwrap_or(0),
            None => 0,
        };
        let local = params![since_ms, to_local(offset)];
        let mut report = Report::default();

        let mut statement = self.conn.prepare(
            "SELECT date(at_ms / 1000, 'unixepoch', ?2) AS day, COUNT(*)
             FROM events WHERE kind = 'visit_started' AND at_ms >= ?1 GROUP BY day ORDER BY day",
        )?;
        report.visits_per_day = statement
            .query_map(local, |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;

        let mut statement = self.conn.prepare(
            "SELECT CAST(strftime('%H', at_ms / 1000, 'unixepoch', ?2) AS INTEGER), COUNT(*)
             FROM events WHERE kind = 'visit_started' AND at_ms >= ?1 GROUP BY 1",
        )?;
        for row in statement.query_map(local, |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (hour, count) = row?;
            if let Some(slot) = usize::try_from(hour)
                .ok()
                .and_then(|h| report.visits_per_hour.get_mut(h))
            {
                *slot = count;
            }
        }

        let mut statement = self.conn.prepare(
            "SELECT exhibit, kind, duration_ms FROM events
             WHERE kind IN ('exhibit_opened', 'exhibit_closed', 'narration_played', 'narration_completed')
             AND exhibit IS NOT NULL AND at_ms >= ?1",
        )?;
        let mut dwell: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for row in statement.query_map([since_ms], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })? {
            let (exhibit, kind, duration) = row?;
            let stats = report.exhibits.entry(exhibit.clone()).or_default();
            match kind.as_str() {
                "exhibit_opened" => stats.opened += 1,
                "exhibit_closed" => dwell.entry(exhibit).or_default().extend(duration),
                "narration_played" => stats.narrations_played += 1,
                "narration_completed" => stats.narrations_completed += 1,
                _ => {}
            }
        }
        for (exhibit, mut durations) in dwell {
            durations.sort_unstable();
            if let Some(stats) = report.exhibits.get_mut(&exhibit) {
                stats.median_dwell_ms = median(&durations);
            }
        }

        let mut statement = self.conn.prepare(
            "SELECT level, COUNT(*), SUM(score), SUM(questions) FROM events
             WHERE kind = 'quiz_round' AND at_ms >= ?1 GROUP BY level ORDER BY level",
        )?;
        report.quiz = statement
            .query_map([since_ms], |r| {
                Ok(QuizFigures {
                    level: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    rounds: r.get(1)?,
                    score: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                    questions: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                })
            })?
            .collect::<Result<_, _>>()?;
        report.visitors = self.visitors(since_ms, i64::MAX)?;
        report.photos = self.photo_zooms(since_ms, i64::MAX)?;
        Ok(report)
    }
}

/// SQLite's modifier from UTC to the hall's local time at `offset`.
fn to_local(offset: time::UtcOffset) -> String {
    format!("{:+} seconds", offset.whole_seconds())
}

/// SQLite's modifier from the hall's local time at `offset` back to UTC.
fn to_utc(offset: time::UtcOffset) -> String {
    format!("{:+} seconds", -offset.whole_seconds())
}

fn median(sorted: &[i64]) -> Option<i64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => sorted.get(n / 2).copied(),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

/// One event as table columns.
struct Row {
    kind: &'static str,
    exhibit: Option<String>,
    panel: Option<i64>,
    language: Option<String>,
    level: Option<String>,
    score: Option<i64>,
    questions: Option<i64>,
    duration_ms: Option<i64>,
}

impl Row {
    fn of(event: &Event) -> Self {
        let empty = Self {
            kind: "",
            exhibit: None,
            panel: None,
            language: None,
            level: None,
            score: None,
            questions: None,
            duration_ms: None,
        };
        let ms = |d: &Duration| i64::try_from(d.as_millis()).ok();
        let number = |n: &usize| i64::try_from(*n).ok();
        match event {
            Event::VisitStarted { language } => Self {
                kind: "visit_started",
                language: Some(language.clone()),
                ..empty
            },
            // How the visit ended in `level` and whether large text was used (1 or 0)
            // in `score`: the table keeps its columns (see quiz_answered).
            Event::VisitEnded {
                duration,
                language,
                large_text,
                ending,
            } => Self {
                kind: "visit_ended",
                duration_ms: ms(duration),
                language: Some(language.clone()),
                level: Some(ending.name().to_owned()),
                score: Some(i64::from(*large_text)),
                ..empty
            },
            Event::ExhibitOpened { exhibit } => Self {
                kind: "exhibit_opened",
                exhibit: Some(exhibit.clone()),
                ..empty
            },
            Event::ExhibitClosed { exhibit, dwell } => Self {
                kind: "exhibit_closed",
                exhibit: Some(exhibit.clone()),
                duration_ms: ms(dwell),
                ..empty
            },
            Event::PanelViewed { exhibit, panel } => Self {
                kind: "panel_viewed",
                exhibit: Some(exhibit.clone()),
                panel: number(panel),
                ..empty
            },
            Event::NarrationPlayed {
                exhibit,
                panel,
                language,
            } => Self {
                kind: "narration_played",
                exhibit: Some(exhibit.clone()),
                panel: number(panel),
                language: Some(language.clone()),
                ..empty
            },
            Event::NarrationCompleted {
                exhibit,
                panel,
                language,
            } => Self {
                kind: "narration_completed",
                exhibit: Some(exhibit.clone()),
                panel: number(panel),
                language: Some(language.clone()),
                ..empty
            },
            Event::NarrationLeft {
                exhibit,
                panel,
                language,
                at,
            } => Self {
                kind: "narration_left",
                exhibit: Some(exhibit.clone()),
                panel: number(panel),
                language: Some(language.clone()),
                duration_ms: ms(at),
                ..empty
            },
            Event::FilmPlayed {
                exhibit,
                panel,
                language,
            } => Self {
                kind: "film_played",
                exhibit: Some(exhibit.clone()),
                panel: number(panel),
                language: Some(language.clone()),
                ..empty
            },
            Event::FilmCompleted {
                exhibit,
                panel,
                language,
            } => Self {
                kind: "film_completed",
                exhibit: Some(exhibit.clone()),
                panel: number(panel),
                language: Some(language.clone()),
                ..empty
            },
            Event::FilmLeft {
                exhibit,
                panel,
                language,
                at,
            } => Self {
                kind: "film_left",
                exhibit: Some(exhibit.clone()),
                panel: number(panel),
                language: Some(language.clone()),
                duration_ms: ms(at),
                ..empty
            },
            // The photo's index in its panel in `score`, the deepest zoom in percent in
            // `questions`.
            Event::PhotoZoomed {
                exhibit,
                panel,
                photo,
                zoom_percent,
            } => Self {
                kind: "photo_zoomed",
                exhibit: Some(exhibit.clone()),
                panel: number(panel),
                score: number(photo),
                questions: Some(i64::from(*zoom_percent)),
                ..empty
            },
            // The question's index in `panel`, whether it was right (1 or 0) in `score`
            // and the choice picked in `questions`, none when time ran out; what was
            // given to a question of another kind (an order `2,0,1`) in `level`: the
            // table keeps its columns, so old databases and exported copies read as before.
            Event::QuizAnswered {
                exhibit,
                question,
                choice,
                given,
                right,
            } => Self {
                kind: "quiz_answered",
                exhibit: Some(exhibit.clone()),
                panel: number(question),
                level: given.clone(),
                score: Some(i64::from(*right)),
                questions: choice.as_ref().and_then(number),
                ..empty
            },
            Event::QuizRound {
                level,
                score,
                questions,
            } => Self {
                kind: "quiz_round",
                level: Some(
                    match level {
                        Level::Junior => "junior",
                        Level::Senior => "senior",
                        Level::All => "all",
                    }
                    .to_owned(),
                ),
                score: number(score),
                questions: number(questions),
                ..empty
            },
            Event::LanguageChanged { language } => Self {
                kind: "language_changed",
                language: Some(language.clone()),
                ..empty
            },
        }
    }
}

/// The admin overlay's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub visits_today: i64,
    pub exhibits_today: i64,
    pub narrations_today: i64,
    pub quiz_rounds_today: i64,
    pub visits_week: i64,
    pub quiz_rounds_week: i64,
    pub top_exhibit_week: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExhibitFigures {
    pub opened: i64,
    pub median_dwell_ms: Option<i64>,
    pub narrations_played: i64,
    pub narrations_completed: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuizFigures {
    pub level: String,
    pub rounds: i64,
    pub score: i64,
    pub questions: i64,
}

/// What `kiosk report` prints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub visits_per_day: Vec<(String, i64)>,
    pub visits_per_hour: [i64; 24],
    pub exhibits: BTreeMap<String, ExhibitFigures>,
    pub quiz: Vec<QuizFigures>,
    pub visitors: Visitors,
    pub photos: Vec<PhotoZoom>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    #[test]
    fn report_figures_from_known_events() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.sqlite")).unwrap();
        // 2026-03-02 10:00 and 2026-03-03 15:00 UTC.
        let day1 = 1_772_445_600_000;
        let day2 = day1 + DAY + 5 * 3_600_000;
        let opened = |e: &str| Event::ExhibitOpened { exhibit: e.into() };
        let closed = |e: &str, s: u64| Event::ExhibitClosed {
            exhibit: e.into(),
            dwell: Duration::from_secs(s),
        };
        let events = vec![
            (
                day1,
                Event::VisitStarted {
                    language: "zh".into(),
                },
            ),
            (day1 + 1, opened("a")),
            (
                day1 + 2,
                Event::NarrationPlayed {
                    exhibit: "a".into(),
                    panel: 0,
                    language: "zh".into(),
                },
            ),
            (
                day1 + 3,
                Event::NarrationCompleted {
                    exhibit: "a".into(),
                    panel: 0,
                    language: "zh".into(),
                },
            ),
            (day1 + 4, closed("a", 30)),
            (day1 + 5, opened("b")),
            (day1 + 6, closed("b", 10)),
            (
                day1 + 7,
                Event::QuizRound {
                    level: Level::Junior,
                    score: 4,
                    questions: 5,
                },
            ),
            (
                day1 + 8,
                Event::VisitEnded {
                    duration: Duration::from_secs(90),
                    language: "zh".into(),
                    large_text: false,
                    ending: crate::visit::Ending::Idle,
                },
            ),
            (
                day2,
                Event::VisitStarted {
                    language: "en".into(),
                },
            ),
            (day2 + 1, opened("a")),
            (
                day2 + 2,
                Event::NarrationPlayed {
                    exhibit: "a".into(),
                    panel: 1,
                    language: "en".into(),
                },
            ),
            (day2 + 3, closed("a", 50)),
            (
                day2 + 4,
                Event::QuizRound {
                    level: Level::Junior,
                    score: 2,
                    questions: 5,
                },
            ),
            (
                day2 + 5,
                Event::VisitEnded {
                    duration: Duration::from_secs(60),
                    language: "zh".into(),
                    large_text: false,
                    ending: crate::visit::Ending::Idle,
                },
            ),
        ];
        store.insert(&events).unwrap();
        let report = store.report(None, time::UtcOffset::UTC).unwrap();
        assert_eq!(report.visits_per_day.iter().map(|(_, n)| n).sum::<i64>(), 2);
        assert_eq!(report.visits_per_day.len(), 2);
        assert_eq!(report.visits_per_hour.iter().sum::<i64>(), 2);
        let a = &report.exhibits["a"];
        assert_eq!(a.opened, 2);
        assert_eq!(a.median_dwell_ms, Some(40_000));
        assert_eq!((a.narrations_played, a.narrations_completed), (2, 1));
        assert_eq!(report.exhibits["b"].median_dwell_ms, Some(10_000));
        assert_eq!(
            report.quiz,
            [QuizFigures {
                level: "junior".into(),
                rounds: 2,
                score: 6,
                questions: 10
            }]
        );
        // Only the second day.
        let later = store
            .report(Some("2026-03-03"), time::UtcOffset::UTC)
            .unwrap();
        assert_eq!(later.exhibits["a"].opened, 1);
    }

    #[test]
    fn summary_counts_today_and_the_week() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.sqlite")).unwrap();
        let now = crate::clock::wall_ms(&crate::clock::SystemClock::default());
        store
            .insert(&[
                (
                    now - 10 * DAY,
                    Event::VisitStarted {
                        language: "zh".into(),
                    },
                ),
                (
                    now - 3 * DAY,
                    Event::VisitStarted {
                        language: "zh".into(),
                    },
                ),
                (
                    now - 3 * DAY,
                    Event::ExhibitOpened {
                        exhibit: "b".into(),
                    },
                ),
                (
                    now,
                    Event::VisitStarted {
                        language: "zh".into(),
                    },
                ),
                (
                    now,
                    Event::ExhibitOpened {
                        exhibit: "a".into(),
                    },
                ),
                (
                    now,
                    Event::ExhibitOpened {
                        exhibit: "a".into(),
                    },
                ),
            ])
            .unwrap();
        let summary = store.summary(now, crate::schedule::CHINA).unwrap();
        assert_eq!(summary.visits_today, 1);
        assert_eq!(summary.exhibits_today, 2);
        assert_eq!(summary.visits_week, 2);
        assert_eq!(summary.top_exhibit_week.as_deref(), Some("a"));
    }

    /// 2026-03-02 17:00 UTC is 01:00 on 3 March in the hall at +08:00.
    const MARCH_2_17H_UTC: i64 = 1_772_470_800_000;

    #[test]
    fn the_text_report_and_the_overlay_count_the_halls_days_not_the_computers() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.sqlite")).unwrap();
        let started = |language: &str| Event::VisitStarted {
            language: language.into(),
        };
        store
            .insert(&[
                (MARCH_2_17H_UTC, started("zh")),
                (MARCH_2_17H_UTC + 10 * 3_600_000, started("en")),
            ])
            .unwrap();
        let china = crate::schedule::CHINA;
        let report = store.report(None, china).unwrap();
        assert_eq!(report.visits_per_day, [("2026-03-03".to_owned(), 2)]);
        assert_eq!(
            (report.visits_per_hour[1], report.visits_per_hour[11]),
            (1, 1)
        );
        let utc = store.report(None, time::UtcOffset::UTC).unwrap();
        assert_eq!(
            utc.visits_per_day,
            [("2026-03-02".to_owned(), 1), ("2026-03-03".to_owned(), 1)]
        );
        assert_eq!((utc.visits_per_hour[17], utc.visits_per_hour[3]), (1, 1));
        // "Since 3 March" begins at the hall's midnight, 16:00 UTC the day before.
        let since = store.report(Some("2026-03-03"), china).unwrap();
        assert_eq!(since.visits_per_day, [("2026-03-03".to_owned(), 2)]);
        let since_utc = store
            .report(Some("2026-03-03"), time::UtcOffset::UTC)
            .unwrap();
        assert_eq!(since_utc.visits_per_day, [("2026-03-03".to_owned(), 1)]);
        // At 13:00 on 3 March in the hall both visits are today's; in UTC it is 05:00
        // and the first was yesterday's.
        let afternoon = MARCH_2_17H_UTC + 12 * 3_600_000;
        let summary = store.summary(afternoon, china).unwrap();
        assert_eq!(summary.visits_today, 2);
        let summary = store.summary(afternoon, time::UtcOffset::UTC).unwrap();
        assert_eq!(summary.visits_today, 1);
    }

    /// What children put in order is kept, so curators can see which events they mix up.
    #[test]
    fn an_order_given_is_written_with_the_answer() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.sqlite")).unwrap();
        store
            .insert(&[(
                1,
                Event::QuizAnswered {
                    exhibit: "xiangnan-student-union".into(),
                    question: 5,
                    choice: None,
                    given: Some("1,0,2".into()),
                    right: false,
                },
            )])
            .unwrap();
        let row: (String, i64, Option<String>, i64, Option<i64>) = store
            .conn
            .query_row(
                "SELECT exhibit, panel, level, score, questions FROM events WHERE kind = 'quiz_answered'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(
            row,
            (
                "xiangnan-student-union".into(),
                5,
                Some("1,0,2".into()),
                0,
                None
            )
        );
    }

    #[test]
    fn retention_deletes_old_events() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.sqlite")).unwrap();
        let now = crate::clock::wall_ms(&crate::clock::SystemClock::default());
        store
            .insert(&[
                (
                    now - 40 * DAY,
                    Event::VisitStarted {
                        language: "zh".into(),
                    },
                ),
                (
                    now,
                    Event::VisitStarted {
                        language: "zh".into(),
                    },
                ),
            ])
            .unwrap();
        assert_eq!(store.apply_retention(30, now).unwrap(), 1);
        assert_eq!(store.count().unwrap(), 1);
    }

    /// A batch that failed half-way is written again later: its events belong to the
    /// visit they belonged to the first time, whatever the failed try went through.
    #[test]
    fn a_batch_written_again_after_a_failure_keeps_its_visit() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.sqlite")).unwrap();
        store
            .insert(&[(
                1,
                Event::VisitStarted {
                    language: "zh".into(),
                },
            )])
            .unwrap();
        let mut batch = vec![
            (
                2,
                Event::ExhibitOpened {
                    exhibit: "a".into(),
                },
            ),
            (
                3,
                Event::VisitEnded {
                    duration: Duration::from_secs(5),
                    language: "zh".into(),
                    large_text: false,
                    ending: crate::visit::Ending::Idle,
                },
            ),
        ];
        batch.extend((4..400).map(|at| {
            (
                at,
                Event::PanelViewed {
                    exhibit: "a".into(),
                    panel: 0,
                },
            )
        }));
        // The file may not grow (as on a full disk): the batch fails after its first rows.
        store.conn.pragma_update(None, "max_page_count", 1).unwrap();
        assert_eq!(
            store.insert(&batch).unwrap_err().sqlite_error_code(),
            Some(rusqlite::ErrorCode::DiskFull)
        );
        store
            .conn
            .pragma_update(None, "max_page_count", 1_000_000)
            .unwrap();
        store.insert(&batch).unwrap();
        let visit: Option<i64> = store
            .conn
            .query_row("SELECT visit FROM events WHERE at_ms = 2", [], |r| r.get(0))
            .unwrap();
        assert_eq!(visit, Some(1));
    }
}
