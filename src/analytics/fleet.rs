//! Statistics across the kiosks of a hall: a consistent copy out of each kiosk's live
//! database, and many copies read as one hall, each event counted once however many
//! times its database was exported.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension as _, params};

use super::{SCHEMA, Store};

/// One kiosk's share of a merged report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KioskFigures {
    pub name: String,
    pub visits: i64,
    /// The first and last day with a visit (`YYYY-MM-DD`, the hall's time), if any.
    pub first_day: Option<String>,
    pub last_day: Option<String>,
}

/// Several kiosks' events as one store, and each kiosk's figures.
pub struct Merged {
    pub store: Store,
    pub kiosks: Vec<KioskFigures>,
    /// The folder of the merged database, deleted with it.
    _scratch: tempfile::TempDir,
}

/// Writes a consistent copy of the live database at `database` into `folder`, named by
/// the kiosk: `visits-NAME-ID.sqlite`, replacing an earlier export of the same kiosk.
/// SQLite's `VACUUM INTO` reads one snapshot, so a kiosk writing meanwhile is no
/// harm (a file copy of a database in WAL mode can miss or tear what was written last).
pub fn export(database: &Path, kiosk_name: &str, folder: &Path) -> anyhow::Result<PathBuf> {
    use anyhow::Context as _;
    if !database.is_file() {
        anyhow::bail!("no statistics yet: {} does not exist", database.display());
    }
    let store = Store::open(database)
        .with_context(|| format!("cannot open the statistics in {}", database.display()))?;
    let id: String = store
        .conn
        .query_row("SELECT value FROM meta WHERE key = 'kiosk_id'", [], |r| {
            r.get(0)
        })
        .context("the statistics database has no kiosk id")?;
    std::fs::create_dir_all(folder).with_context(|| format!("cannot make {}", folder.display()))?;
    let target = folder.join(format!("visits-{}-{id}.sqlite", file_safe(kiosk_name)));
    // Written beside, then renamed over: an export cut off leaves the last one whole.
    let partial = target.with_extension("sqlite.partial");
    let _ = std::fs::remove_file(&partial);
    store
        .conn
        .execute("VACUUM INTO ?1", [partial.to_string_lossy()])
        .with_context(|| format!("cannot write {}", partial.display()))?;
    drop(store);
    let copy = Connection::open(&partial)?;
    copy.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('kiosk_name', ?1)",
        [kiosk_name],
    )?;
    drop(copy);
    std::fs::rename(&partial, &target)
        .with_context(|| format!("cannot write {}", target.display()))?;
    Ok(target)
}

/// Reads the databases in `sources` (files, or folders of `*.sqlite` files) as one
/// hall. Events are told apart by their kiosk and their number there, so a database
/// given twice, or exported twice, counts once. Each kiosk's first and last day are
/// the hall's days at `offset` (its `utc_offset`).
pub fn merge(sources: &[PathBuf], offset: time::UtcOffset) -> anyhow::Result<Merged> {
    use anyhow::Context as _;
    let mut files = Vec::new();
    for source in sources {
        if source.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(source)
                .with_context(|| format!("cannot list {}", source.display()))?
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "sqlite"))
                .collect();
            found.sort();
            files.extend(found);
        } else if source.is_file() {
            files.push(source.clone());
        } else {
            anyhow::bail!("{} does not exist", source.display());
        }
    }
    if files.is_empty() {
        anyhow::bail!("no statistics databases (*.sqlite) in what was given");
    }
    // On disk, not in memory: ten kiosks' year is millions of events (measured: 3.9 GB
    // resident in memory), more than a curator's laptop should give a report.
    let scratch = tempfile::tempdir().context("cannot make a folder for the merge")?;
    let conn = Connection::open(scratch.path().join("merged.sqlite"))?;
    // A scratch copy: nothing to keep if the computer stops half-way.
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    conn.execute_batch(SCHEMA)?;
    conn.execute_batch(
        "ALTER TABLE events ADD COLUMN kiosk TEXT;
         ALTER TABLE events ADD COLUMN source_id INTEGER;
         CREATE UNIQUE INDEX events_source ON events(kiosk, source_id);
         CREATE TABLE kiosks (id TEXT PRIMARY KEY, name TEXT NOT NULL);",
    )?;
    for file in &files {
        add(&conn, file).with_context(|| format!("cannot read {}", file.display()))?;
    }
    let kiosks = kiosk_figures(&conn, offset)?;
    Ok(Merged {
        store: Store { conn, visit: None },
        kiosks,
        _scratch: scratch,
    })
}

/// Adds one database's events to the merged ones.
fn add(conn: &Connection, file: &Path) -> rusqlite::Result<()> {
    conn.execute("ATTACH DATABASE ?1 AS source", [file.to_string_lossy()])?;
    let added = (|| {
        // A database from before kiosks had ids has no `meta` table.
        let has_meta: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM source.sqlite_master WHERE name = 'meta')",
            [],
            |r| r.get(0),
        )?;
        let meta = |key: &str| -> rusqlite::Result<Option<String>> {
            if !has_meta {
                return Ok(None);
            }
            conn.query_row("SELECT value FROM source.meta WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
        };
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Such a database is known by its file.
        let id = meta("kiosk_id")?.unwrap_or_else(|| file.to_string_lossy().into_owned());
        let name = meta("kiosk_name")?.unwrap_or(stem);
        conn.execute(
            "INSERT INTO kiosks (id, name) VALUES (?1, ?2)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name",
            params![id, name],
        )?;
        conn.execute(
            "INSERT OR IGNORE INTO events
                 (kiosk, source_id, at_ms, visit, kind, exhibit, panel, language, level, score, questions, duration_ms)
             SELECT ?1, id, at_ms, visit, kind, exhibit, panel, language, level, score, questions, duration_ms
             FROM source.events",
            [&id],
        )?;
        Ok(())
    })();
    let detached = conn.execute("DETACH DATABASE source", []);
    added.and(detached.map(|_| ()))
}

fn kiosk_figures(
    conn: &Connection,
    offset: time::UtcOffset,
) -> rusqlite::Result<Vec<KioskFigures>> {
    let mut statement = conn.prepare(
        "SELECT kiosks.name,
                COUNT(events.id),
                MIN(date(events.at_ms / 1000, 'unixepoch', ?1)),
                MAX(date(events.at_ms / 1000, 'unixepoch', ?1))
         FROM kiosks LEFT JOIN events ON events.kiosk = kiosks.id AND events.kind = 'visit_started'
         GROUP BY kiosks.id ORDER BY kiosks.name",
    )?;
    statement
        .query_map([super::to_local(offset)], |r| {
            Ok(KioskFigures {
                name: r.get(0)?,
                visits: r.get(1)?,
                first_day: r.get(2)?,
                last_day: r.get(3)?,
            })
        })?
        .collect()
}

/// A kiosk's name as part of a file name: letters (Chinese too), digits, `-` and `_`.
fn file_safe(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if safe.is_empty() {
        "kiosk".to_owned()
    } else {
        safe
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visit::Event;
    use time::UtcOffset;

    const T: i64 = 1_772_445_600_000; // 2026-03-02 10:00 UTC

    fn kiosk_with_visits(path: &Path, visits: i64) {
        let mut store = Store::open(path).unwrap();
        for n in 0..visits {
            store
                .insert(&[(
                    T + n * 1_000,
                    Event::VisitStarted {
                        language: "zh".into(),
                    },
                )])
                .unwrap();
        }
    }

    #[test]
    fn three_kiosks_merge_and_a_copy_exported_twice_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        let exports = dir.path().join("usb");
        for (name, visits) in [("entrance", 3), ("hall-2", 5), ("红色展厅", 7)] {
            let live = dir.path().join(name).join("data/visits.sqlite");
            kiosk_with_visits(&live, visits);
            let first = export(&live, name, &exports).unwrap();
            // The same kiosk exported again, to the same stick and to another.
            assert_eq!(export(&live, name, &exports).unwrap(), first);
            export(&live, name, &dir.path().join("second-stick")).unwrap();
        }
        let merged = merge(
            &[exports.clone(), dir.path().join("second-stick")],
            UtcOffset::UTC,
        )
        .unwrap();
        let names: Vec<(&str, i64)> = merged
            .kiosks
            .iter()
            .map(|k| (k.name.as_str(), k.visits))
            .collect();
        assert_eq!(names, [("entrance", 3), ("hall-2", 5), ("红色展厅", 7)]);
        assert_eq!(merged.store.count().unwrap(), 15);
        let report = merged.store.report(None, UtcOffset::UTC).unwrap();
        let visits: i64 = report.visits_per_day.iter().map(|(_, n)| n).sum();
        assert_eq!(visits, 15);
        // The same database given twice counts once too.
        let one = std::fs::read_dir(&exports)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let twice = merge(&[one.clone(), one], UtcOffset::UTC).unwrap();
        assert_eq!(twice.kiosks.len(), 1);
        assert_eq!(twice.store.count().unwrap(), twice.kiosks[0].visits);
    }

    #[test]
    fn an_export_while_the_kiosk_writes_is_one_consistent_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("visits.sqlite");
        kiosk_with_visits(&live, 2);
        // The kiosk holds its database open in WAL mode, with events not yet
        // checkpointed into the main file.
        let mut writing = Store::open(&live).unwrap();
        writing
            .insert(&[(
                T + 9_000,
                Event::VisitStarted {
                    language: "en".into(),
                },
            )])
            .unwrap();
        let copy = export(&live, "k", &dir.path().join("out")).unwrap();
        let merged = merge(&[copy], UtcOffset::UTC).unwrap();
        assert_eq!(merged.store.count().unwrap(), 3);
        drop(writing);
    }

    #[test]
    fn a_kiosks_first_and_last_day_are_the_halls_days() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("visits.sqlite");
        let mut store = Store::open(&live).unwrap();
        // 2026-03-02 20:00 UTC: already 3 March at +08:00.
        let evening = T + 10 * 3_600_000;
        store
            .insert(&[(
                evening,
                Event::VisitStarted {
                    language: "zh".into(),
                },
            )])
            .unwrap();
        drop(store);
        let day = |offset| {
            let merged = merge(std::slice::from_ref(&live), offset).unwrap();
            let kiosk = merged.kiosks.into_iter().next().unwrap();
            (kiosk.first_day.unwrap(), kiosk.last_day.unwrap())
        };
        let china = crate::schedule::CHINA;
        assert_eq!(day(china), ("2026-03-03".into(), "2026-03-03".into()));
        assert_eq!(
            day(UtcOffset::UTC),
            ("2026-03-02".into(), "2026-03-02".into())
        );
    }

    #[test]
    fn nothing_to_merge_is_said_plainly() {
        let dir = tempfile::tempdir().unwrap();
        let err = merge(&[dir.path().to_path_buf()], UtcOffset::UTC)
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "no statistics databases (*.sqlite) in what was given"
        );
        let err = export(&dir.path().join("none.sqlite"), "k", dir.path())
            .err()
            .unwrap();
        assert!(err.to_string().starts_with("no statistics yet: "), "{err}");
    }
}
