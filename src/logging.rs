//! Where the kiosk's log lines go: stderr, and for the running kiosk a daily file in
//! the hall's data folder, two weeks kept. Panics are log lines too, so that one in a worker thread of
//! a kiosk nobody watches is found in `data/logs` and not lost with stderr.

use std::any::Any;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

use crate::clock::{Clock, SystemClock};

/// Daily log files kept: two weeks.
pub const LOG_DAYS: usize = 14;

/// Log lines go to stderr and, for the running kiosk, to a daily file in the hall's
/// data folder ([`LOG_DAYS`] kept). `RUST_LOG` adjusts the level.
pub fn init_logging(log_dir: Option<&Path>) {
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter());
    let files = log_dir.and_then(|dir| {
        DailyFiles::new(dir, Arc::new(SystemClock::default()))
            .map_err(|err| {
                eprintln!(
                    "kiosk: logging to stderr only: cannot write logs in {}: {err}",
                    dir.display()
                );
            })
            .ok()
    });
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(files.map(file_layer))
        .try_init();
}

/// Log lines to daily files in `dir` only, dated by `clock`: for instruments that run
/// a kiosk on a clock of their own (`kiosk soak`), set as their thread's default.
pub fn files_only(dir: &Path, clock: Arc<dyn Clock>) -> io::Result<impl tracing::Subscriber> {
    let files = DailyFiles::new(dir, clock)?;
    Ok(tracing_subscriber::registry().with(file_layer(files)))
}

fn filter() -> tracing_subscriber::EnvFilter {
    tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(
            "info,symphonia=warn,winit=warn,eframe=warn,egui_glow=warn,zbus=warn",
        )
    })
}

fn file_layer<S>(files: DailyFiles) -> impl tracing_subscriber::Layer<S>
where
    S: tracing::Subscriber + for<'span> tracing_subscriber::registry::LookupSpan<'span>,
{
    tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_timer(ClockTime(Arc::clone(&files.clock)))
        .with_writer(Mutex::new(files))
        .with_filter(filter())
}

/// A log line's time, read from the same clock as the file it goes in.
struct ClockTime(Arc<dyn Clock>);

impl tracing_subscriber::fmt::time::FormatTime for ClockTime {
    fn format_time(&self, w: &mut tracing_subscriber::fmt::format::Writer<'_>) -> std::fmt::Result {
        let time = utc(self.0.wall());
        write!(
            w,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
            time.year(),
            u8::from(time.month()),
            time.day(),
            time.hour(),
            time.minute(),
            time.second(),
            time.microsecond()
        )
    }
}

/// The kiosk's log files: one a day, `kiosk.YYYY-MM-DD.log` (UTC days), the oldest
/// deleted beyond [`LOG_DAYS`].
///
/// Written here rather than taken from tracing-appender, whose days follow the system
/// clock only: these follow the kiosk's [`Clock`], so that the soak's simulated year
/// rotates and prunes them exactly as a real year does.
pub struct DailyFiles {
    dir: PathBuf,
    clock: Arc<dyn Clock>,
    /// Today's file, and its day.
    today: Option<(String, File)>,
}

impl DailyFiles {
    pub fn new(dir: &Path, clock: Arc<dyn Clock>) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            clock,
            today: None,
        })
    }

    /// Today's file, opened (and the oldest pruned) when the day changes. A folder
    /// deleted while the kiosk runs is made again.
    fn file(&mut self) -> io::Result<&mut File> {
        let day = utc_day(self.clock.wall());
        if self.today.as_ref().is_none_or(|(open, _)| *open != day) {
            self.today = None;
            std::fs::create_dir_all(&self.dir)?;
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(self.dir.join(format!("kiosk.{day}.log")))?;
            self.prune();
            self.today = Some((day, file));
        }
        match &mut self.today {
            Some((_, file)) => Ok(file),
            None => Err(io::Error::other("no log file open")),
        }
    }

    /// Deletes the oldest daily files beyond [`LOG_DAYS`]. Their names sort by date;
    /// other files in the folder are left alone.
    fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut days: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(is_daily_log_name)
            })
            .collect();
        days.sort();
        let excess = days.len().saturating_sub(LOG_DAYS);
        for old in days.iter().take(excess) {
            let _ = std::fs::remove_file(old);
        }
    }
}

impl Write for DailyFiles {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.today {
            Some((_, file)) => file.flush(),
            None => Ok(()),
        }
    }
}

/// `kiosk.2026-12-02.log`
fn is_daily_log_name(name: &str) -> bool {
    name.strip_prefix("kiosk.")
        .and_then(|rest| rest.strip_suffix(".log"))
        .is_some_and(|day| day.len() == 10 && day.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
}

/// `time` in UTC; a time before 1970 or past the year 9999 is read as 1970.
fn utc(time: SystemTime) -> time::OffsetDateTime {
    let nanos = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(0));
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// The UTC date of `time`, `YYYY-MM-DD`.
fn utc_day(time: SystemTime) -> String {
    let date = utc(time).date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Writes every panic, with its thread and place, to the log before the default
/// report on stderr. The kiosk heals what panicked (a reload, a photo decode), so
/// without this the only trace of a defect would be lost with the terminal.
pub fn log_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current();
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(
            "panic in thread `{}`{place}: {}",
            thread.name().unwrap_or("unnamed"),
            panic_message(info.payload())
        );
        previous(info);
    }));
}

/// The message a panic was raised with, for logs and staff.
pub fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;
    use std::sync::Arc;
    use std::time::Duration;

    use super::{DailyFiles, LOG_DAYS};
    use crate::clock::ManualClock;

    fn names(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_a_day_by_the_kiosks_clock_and_two_weeks_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "staff's own file").unwrap();
        let clock = ManualClock::default();
        let mut files = DailyFiles::new(dir.path(), Arc::new(clock.clone())).unwrap();
        for day in 0..30 {
            writeln!(files, "day {day} opens").unwrap();
            clock.advance(Duration::from_secs(3_600));
            writeln!(files, "day {day}, an hour later").unwrap();
            clock.advance(Duration::from_secs(23 * 3_600));
        }
        let names = names(dir.path());
        assert_eq!(names.len(), LOG_DAYS + 1, "{names:?}");
        // The clock starts on 1 June 2026: the last day written is 30 June.
        assert_eq!(
            names.first().map(String::as_str),
            Some("kiosk.2026-06-17.log")
        );
        assert_eq!(
            names.get(LOG_DAYS - 1).map(String::as_str),
            Some("kiosk.2026-06-30.log")
        );
        assert!(names.contains(&"notes.txt".to_owned()));
        let last = std::fs::read_to_string(dir.path().join("kiosk.2026-06-30.log")).unwrap();
        assert_eq!(last, "day 29 opens\nday 29, an hour later\n");
    }

    #[test]
    fn a_log_folder_deleted_while_running_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        let clock = ManualClock::default();
        let mut files = DailyFiles::new(&logs, Arc::new(clock.clone())).unwrap();
        writeln!(files, "before").unwrap();
        std::fs::remove_dir_all(&logs).unwrap();
        clock.advance(Duration::from_secs(86_400));
        writeln!(files, "after").unwrap();
        assert_eq!(
            std::fs::read_to_string(logs.join("kiosk.2026-06-02.log")).unwrap(),
            "after\n"
        );
    }
}
