//! Time as the kiosk sees it: real in the kiosk, hand-driven in tests and the soak, so
//! that idle timeouts, slideshows, tour timers, statistics days and log files are
//! tested without waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The kiosk's two times: a monotonic one since the app started, for everything on
/// screen, and the calendar, for statistics and log files.
pub trait Clock: Send + Sync {
    fn now(&self) -> Duration;
    /// The date and time of day.
    fn wall(&self) -> SystemTime;
}

/// The calendar time of `clock` in milliseconds since the Unix epoch, as the
/// statistics store it.
pub fn wall_ms(clock: &dyn Clock) -> i64 {
    clock
        .wall()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The real clock.
pub struct SystemClock {
    start: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        Self {
            start: Instant::now(),
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }

    fn wall(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that moves only when told to. Clones share the same time.
#[derive(Clone)]
pub struct ManualClock {
    micros: Arc<AtomicU64>,
    /// The calendar time when the clock reads zero.
    epoch: SystemTime,
}

impl Default for ManualClock {
    /// Starts at 09:00 in Beijing (01:00 UTC) on 1 June 2026, a Monday: a fixed day,
    /// so that statistics' "today" and log file names are the same in every run.
    fn default() -> Self {
        Self::starting_at(UNIX_EPOCH + Duration::from_secs(1_780_275_600))
    }
}

impl ManualClock {
    /// A clock whose calendar begins at `epoch`.
    pub fn starting_at(epoch: SystemTime) -> Self {
        Self {
            micros: Arc::default(),
            epoch,
        }
    }

    pub fn advance(&self, by: Duration) {
        let micros = u64::try_from(by.as_micros()).unwrap_or(u64::MAX);
        self.micros.fetch_add(micros, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        Duration::from_micros(self.micros.load(Ordering::SeqCst))
    }

    fn wall(&self) -> SystemTime {
        self.epoch.checked_add(self.now()).unwrap_or(self.epoch)
    }
}

/// `wall` at `offset` from UTC; a time beyond what a date can hold (a clock gone wild)
/// reads as the earliest or latest one, never a panic.
pub fn local(wall: SystemTime, offset: time::UtcOffset) -> time::OffsetDateTime {
    let seconds = match wall.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    };
    let utc = time::OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(if seconds < 0 {
        time::PrimitiveDateTime::MIN.assume_utc()
    } else {
        time::PrimitiveDateTime::MAX.assume_utc()
    });
    utc.checked_to_offset(offset).unwrap_or(utc)
}
