//! Safe mode: when the kiosk keeps failing to stay up, it starts on the last hall that
//! ran cleanly, without live reload, and tells staff why.
//!
//! Two small files in the hall's data folder carry this across restarts:
//! - `starts`: the calendar times of the recent starts that followed a run which did
//!   not end cleanly (a clean stop — staff quitting — empties it). Three of them within
//!   ten minutes are a crash loop.
//! - `last-good/`: a copy of the hall's text files (`kiosk.ron` and the exhibits
//!   folder), taken once the kiosk has run for a while on a hall that loads without
//!   errors. Media are not copied (they are large, and curators replace them less
//!   often): safe mode reads them from the hall's own `media/`.
//!
//! Egui-free; the app decides when to call it, the tests drive it with real files.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::content::{CONFIG_FILE, Config, LoadOptions, Loaded};

/// Starts within [`CRASH_LOOP_WINDOW`] that make a crash loop (this one included).
pub const CRASH_LOOP_STARTS: usize = 3;
pub const CRASH_LOOP_WINDOW: Duration = Duration::from_secs(10 * 60);
/// How long the kiosk runs before its hall counts as one that ran cleanly.
pub const CLEAN_AFTER: Duration = Duration::from_secs(5 * 60);

const STARTS_FILE: &str = "starts";
const LAST_GOOD_DIR: &str = "last-good";
/// The ledger keeps no more lines than this, however often the kiosk restarts.
const STARTS_KEPT: usize = 16;
/// Of a log file, only this much of its end is read for the last problem.
const LOG_TAIL_BYTES: u64 = 256 * 1024;

/// What the start ledger says about this start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    /// The previous run ended cleanly, or this is the first.
    Clean,
    /// The previous run did not end cleanly; `starts` such starts (this one included)
    /// fell within the crash-loop window.
    AfterFailure { starts: usize },
}

impl Start {
    pub fn is_crash_loop(&self) -> bool {
        matches!(self, Self::AfterFailure { starts } if *starts >= CRASH_LOOP_STARTS)
    }
}

/// Why the kiosk is in safe mode, for the admin overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SafeMode {
    pub starts: usize,
    /// The last problem the log recorded before the restarts, if it has one.
    pub last_problem: Option<String>,
    /// When the hall in use was kept as the last good one.
    pub kept_at: Option<SystemTime>,
}

/// The hall a start runs on: the one just loaded, or in a crash loop the last good one.
pub struct Starting {
    pub loaded: Loaded,
    pub safe_mode: Option<SafeMode>,
}

/// Records this start and picks the hall it runs on, given the hall `hall_dir` has now:
/// - in a crash loop, with a last good hall kept: that hall's text files (with the
///   hall's own media), and safe mode;
/// - otherwise, when files of the hall have errors now and a last good hall is kept:
///   those files keep their last good version, as a live reload would keep them
///   (without this a file broken in the evening is missing from the next morning on);
/// - otherwise the hall as it is.
///
/// Every start that follows a run which did not end cleanly is logged, with the last
/// problem the log recorded.
pub fn starting_hall(
    hall_dir: &Path,
    data_dir: &Path,
    loaded: Loaded,
    now: SystemTime,
) -> Starting {
    let start = record_start(data_dir, now);
    let last_problem = match start {
        Start::Clean => None,
        Start::AfterFailure { starts } => {
            let problem = last_problem(&data_dir.join("logs"));
            tracing::warn!(
                "restart: the last run did not end cleanly ({starts} such start(s) within {} minutes); last problem logged: {}",
                CRASH_LOOP_WINDOW.as_secs() / 60,
                problem.as_deref().unwrap_or("none")
            );
            problem
        }
    };
    if !has_last_good(data_dir) {
        if start.is_crash_loop() {
            tracing::error!(
                "safe mode: a crash loop, but no hall has run cleanly yet; starting as usual"
            );
        }
        return Starting {
            loaded,
            safe_mode: None,
        };
    }
    let last_good = match crate::content::load_hall_texts_from(
        hall_dir,
        &last_good_dir(data_dir),
        LoadOptions::default(),
    ) {
        Ok(last_good) => last_good,
        Err(err) => {
            tracing::warn!("safe mode: the last good hall cannot be read: {err}");
            return Starting {
                loaded,
                safe_mode: None,
            };
        }
    };
    if let Start::AfterFailure { starts } = start
        && start.is_crash_loop()
    {
        let kept_at = kept_at(data_dir);
        tracing::error!(
            "safe mode: the kiosk started {starts} times within {} minutes without a clean stop; it runs on the last hall that ran cleanly, without live reload, until staff leave safe mode",
            CRASH_LOOP_WINDOW.as_secs() / 60
        );
        return Starting {
            loaded: last_good,
            safe_mode: Some(SafeMode {
                starts,
                last_problem,
                kept_at,
            }),
        };
    }
    if loaded.diagnostics.error_count() == 0 {
        return Starting {
            loaded,
            safe_mode: None,
        };
    }
    match crate::content::load_hall_keeping(hall_dir, LoadOptions::default(), Some(&last_good.hall))
    {
        Ok(kept) => {
            tracing::info!(
                "start: files with errors keep their version from the last hall that ran cleanly"
            );
            Starting {
                loaded: kept,
                safe_mode: None,
            }
        }
        Err(_) => Starting {
            loaded,
            safe_mode: None,
        },
    }
}

/// Records this start in `data_dir/starts` and says whether it follows a failed run.
/// The ledger is written before the window opens, so a crash in the first frame still
/// counts. A ledger that cannot be read or written counts as a clean start: safe mode
/// is a help, never a reason not to start.
pub fn record_start(data_dir: &Path, now: SystemTime) -> Start {
    let path = data_dir.join(STARTS_FILE);
    let earlier = read_starts(&path);
    let now_secs = unix_secs(now);
    let failed_before = !earlier.is_empty();
    let mut starts: Vec<u64> = earlier;
    starts.push(now_secs);
    let skip = starts.len().saturating_sub(STARTS_KEPT);
    let starts: Vec<u64> = starts.into_iter().skip(skip).collect();
    let text: String = starts.iter().map(|s| format!("{s}\n")).collect();
    if let Err(err) =
        std::fs::create_dir_all(data_dir).and_then(|()| write_atomically(&path, text.as_bytes()))
    {
        tracing::warn!(
            "safe mode: cannot record this start in {}: {err}",
            path.display()
        );
    }
    if !failed_before {
        return Start::Clean;
    }
    let window_start = now_secs.saturating_sub(CRASH_LOOP_WINDOW.as_secs());
    let recent = starts.iter().filter(|&&s| s >= window_start).count();
    Start::AfterFailure { starts: recent }
}

/// The starts within the crash-loop window this start would make (itself included),
/// if the run before did not end cleanly; nothing is recorded. The updater asks it
/// before the start is recorded, to roll back a version the kiosk cannot stay up on.
pub fn starts_after_failure(data_dir: &Path, now: SystemTime) -> Option<usize> {
    let earlier = read_starts(&data_dir.join(STARTS_FILE));
    if earlier.is_empty() {
        return None;
    }
    let window_start = unix_secs(now).saturating_sub(CRASH_LOOP_WINDOW.as_secs());
    Some(earlier.iter().filter(|&&s| s >= window_start).count() + 1)
}

/// A clean stop (staff quit) or staff leaving safe mode: the next start is a fresh one.
pub fn clear_starts(data_dir: &Path) {
    let path = data_dir.join(STARTS_FILE);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => tracing::warn!("safe mode: cannot clear {}: {err}", path.display()),
    }
}

fn read_starts(path: &Path) -> Vec<u64> {
    std::fs::read_to_string(path)
        .map(|text| {
            text.lines()
                .filter_map(|line| line.trim().parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

fn unix_secs(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The folder of the last good hall's text files.
pub fn last_good_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(LAST_GOOD_DIR)
}

/// Whether a last good hall has been kept.
pub fn has_last_good(data_dir: &Path) -> bool {
    last_good_dir(data_dir).join(CONFIG_FILE).is_file()
}

/// When the last good hall was kept.
pub fn kept_at(data_dir: &Path) -> Option<SystemTime> {
    std::fs::metadata(last_good_dir(data_dir).join(CONFIG_FILE))
        .and_then(|m| m.modified())
        .ok()
}

#[derive(Debug, thiserror::Error)]
pub enum KeepError {
    #[error("the exhibits folder `{0}` is outside the hall folder; nothing was kept")]
    ExhibitsOutside(String),
    #[error("cannot keep the hall's files in {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Copies the hall's text files — `kiosk.ron` and the exhibits folder's `.ron` files,
/// tours included — into `data_dir/last-good`, replacing the earlier copy only once
/// the new one is complete. The caller has just loaded them without errors.
pub fn keep_last_good(hall_root: &Path, config: &Config, data_dir: &Path) -> Result<(), KeepError> {
    let exhibits = Path::new(&config.exhibits_dir);
    let inside = exhibits
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside {
        return Err(KeepError::ExhibitsOutside(config.exhibits_dir.clone()));
    }
    let target = last_good_dir(data_dir);
    let fresh = data_dir.join(format!("{LAST_GOOD_DIR}.new"));
    let old = data_dir.join(format!("{LAST_GOOD_DIR}.old"));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| KeepError::Io { path, source }
    };
    for leftover in [&fresh, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(io(leftover))?;
        }
    }
    std::fs::create_dir_all(&fresh).map_err(io(&fresh))?;
    std::fs::copy(hall_root.join(CONFIG_FILE), fresh.join(CONFIG_FILE)).map_err(io(&fresh))?;
    copy_ron_files(&hall_root.join(exhibits), &fresh.join(exhibits), 0)?;
    if target.exists() {
        std::fs::rename(&target, &old).map_err(io(&target))?;
    }
    std::fs::rename(&fresh, &target).map_err(io(&target))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    }
    Ok(())
}

/// The `.ron` files of `from` and its folders (tours), at most a few levels deep.
fn copy_ron_files(from: &Path, to: &Path, depth: usize) -> Result<(), KeepError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| KeepError::Io { path, source }
    };
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in std::fs::read_dir(from).map_err(io(from))?.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && depth < 3 {
            copy_ron_files(&path, &to.join(entry.file_name()), depth + 1)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "ron") {
            std::fs::copy(&path, to.join(entry.file_name())).map_err(io(&path))?;
        }
    }
    Ok(())
}

/// The last problem the kiosk logged — a panic, else an error — in the newest log
/// files of `log_dir`: what staff are told when safe mode starts.
pub fn last_problem(log_dir: &Path) -> Option<String> {
    let mut logs: Vec<PathBuf> = std::fs::read_dir(log_dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    // The files are named by day (kiosk.YYYY-MM-DD.log): newest last.
    logs.sort();
    logs.iter().rev().take(2).find_map(|path| {
        let tail = read_tail(path)?;
        let lines: Vec<&str> = tail.lines().collect();
        let panic = lines.iter().rev().find(|l| l.contains("panic in thread"));
        // Safe mode's own line says only that it started.
        let error = lines
            .iter()
            .rev()
            .find(|l| l.contains("ERROR") && !l.contains("safe mode:"));
        panic.or(error).map(|line| line.trim().to_owned())
    })
}

fn read_tail(path: &Path) -> Option<String> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    let length = file.metadata().ok()?.len();
    file.seek(SeekFrom::Start(length.saturating_sub(LOG_TAIL_BYTES)))
        .ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes beside and renames, so a crash mid-write leaves the old file whole.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_780_000_000 + secs)
    }

    #[test]
    fn three_failed_starts_within_ten_minutes_are_a_crash_loop() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path();
        assert_eq!(record_start(data, at(0)), Start::Clean);
        assert_eq!(
            record_start(data, at(60)),
            Start::AfterFailure { starts: 2 }
        );
        let third = record_start(data, at(120));
        assert_eq!(third, Start::AfterFailure { starts: 3 });
        assert!(third.is_crash_loop());
    }

    #[test]
    fn restarts_spread_over_hours_are_not_a_loop() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path();
        for hour in 0..5 {
            let start = record_start(data, at(hour * 3600));
            assert!(!start.is_crash_loop(), "hour {hour}: {start:?}");
        }
    }

    #[test]
    fn a_clean_stop_starts_the_count_again_and_the_ledger_stays_small() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path();
        record_start(data, at(0));
        record_start(data, at(10));
        clear_starts(data);
        assert_eq!(record_start(data, at(20)), Start::Clean);
        for i in 0..100 {
            record_start(data, at(100 + i * 1000));
        }
        let lines = std::fs::read_to_string(data.join(STARTS_FILE)).unwrap();
        assert_eq!(lines.lines().count(), STARTS_KEPT);
    }

    #[test]
    fn a_damaged_ledger_counts_as_a_clean_start() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(STARTS_FILE), b"\xff\xfe garbage").unwrap();
        assert_eq!(record_start(dir.path(), at(0)), Start::Clean);
    }

    #[test]
    fn the_last_good_copy_holds_the_text_files_and_replaces_the_earlier_one() {
        let hall = tempfile::tempdir().unwrap();
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        crate::soak::copy_tree(&base, hall.path()).unwrap();
        let data = hall.path().join("data");
        let config = crate::content::load_hall(hall.path(), Default::default())
            .unwrap()
            .hall
            .config;

        keep_last_good(hall.path(), &config, &data).unwrap();
        let kept = last_good_dir(&data);
        assert!(kept.join("kiosk.ron").is_file());
        assert!(kept.join("exhibits/01-alpha.ron").is_file());
        assert!(kept.join("exhibits/tours/short.ron").is_file());
        assert!(!kept.join("media").exists(), "media are not copied");

        std::fs::remove_file(hall.path().join("exhibits/02-beta.ron")).unwrap();
        keep_last_good(hall.path(), &config, &data).unwrap();
        assert!(!kept.join("exhibits/02-beta.ron").exists());
        assert!(has_last_good(&data));
        assert!(!data.join("last-good.new").exists() && !data.join("last-good.old").exists());
    }

    #[test]
    fn the_last_problem_is_the_last_panic_in_the_newest_log() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("kiosk.2026-06-01.log"),
            "09:00 ERROR old day\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("kiosk.2026-06-02.log"),
            "09:00 ERROR panic in thread `main` at src/x.rs:1: boom\n09:01 ERROR later error\n09:02  INFO fine\n",
        )
        .unwrap();
        assert_eq!(
            last_problem(dir.path()).as_deref(),
            Some("09:00 ERROR panic in thread `main` at src/x.rs:1: boom")
        );
        std::fs::write(
            dir.path().join("kiosk.2026-06-03.log"),
            "09:00 ERROR the disk is full\n09:05 ERROR safe mode: the kiosk started 3 times\n",
        )
        .unwrap();
        assert_eq!(
            last_problem(dir.path()).as_deref(),
            Some("09:00 ERROR the disk is full"),
            "safe mode's own line is not the problem"
        );
        assert_eq!(last_problem(&dir.path().join("missing")), None);
    }
}
