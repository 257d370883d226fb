//! The kiosk's side of systemd's supervision (`Type=notify`, `WatchdogSec=`): READY once
//! the first frame is drawn, and the watchdog's keep-alive from the UI loop only, so that
//! a UI thread that stops producing frames is restarted although the process lives on.
//!
//! The kiosk is cage's child, not the unit's main process, so the unit sets
//! `NotifyAccess=all` and `WATCHDOG_PID` names cage: the watchdog counts as ours when it
//! names this process or its parent.

use std::time::{Duration, Instant};

/// What the UI loop tells systemd, and when.
#[derive(Debug)]
pub struct Supervisor {
    /// `NOTIFY_SOCKET` is set: someone listens.
    listening: bool,
    /// The watchdog's timeout (`WATCHDOG_USEC`), if it watches this process.
    watchdog: Option<Duration>,
    ready_sent: bool,
    last_keep_alive: Option<Instant>,
}

impl Supervisor {
    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID`.
    pub fn from_env() -> Self {
        let listening = std::env::var_os("NOTIFY_SOCKET").is_some();
        let usec = std::env::var("WATCHDOG_USEC").ok();
        let pid = std::env::var("WATCHDOG_PID").ok();
        Self::new(
            listening,
            watchdog_for_us(
                usec.as_deref(),
                pid.as_deref(),
                std::process::id(),
                std::os::unix::process::parent_id(),
            ),
        )
    }

    /// Nobody listening: what tests and instruments use.
    pub fn none() -> Self {
        Self::new(false, None)
    }

    fn new(listening: bool, watchdog: Option<Duration>) -> Self {
        Self {
            listening,
            watchdog: watchdog.filter(|_| listening),
            ready_sent: false,
            last_keep_alive: None,
        }
    }

    /// How often the UI must draw a frame, idle or not, to keep the watchdog fed: a
    /// third of its timeout, so that one late frame is not yet a restart.
    pub fn frame_at_least_every(&self) -> Option<Duration> {
        self.watchdog.map(|timeout| timeout / 3)
    }

    /// Called by the UI loop after every frame it drew: READY after the first, then a
    /// keep-alive at most every sixth of the timeout. Called from nowhere else, so a UI
    /// thread that hangs stops the keep-alives.
    pub fn frame_drawn(&mut self, now: Instant) {
        let states = self.due(now);
        if !states.is_empty()
            && let Err(err) = sd_notify::notify(&states)
        {
            tracing::warn!("cannot notify systemd: {err}");
        }
    }

    /// What to tell systemd after a frame drawn at `now`.
    fn due(&mut self, now: Instant) -> Vec<sd_notify::NotifyState<'static>> {
        let mut states = Vec::new();
        if !self.listening {
            return states;
        }
        if !self.ready_sent {
            self.ready_sent = true;
            states.push(sd_notify::NotifyState::Ready);
            states.push(sd_notify::NotifyState::Status("first frame drawn"));
        }
        if let Some(timeout) = self.watchdog
            && self
                .last_keep_alive
                .is_none_or(|last| now.saturating_duration_since(last) >= timeout / 6)
        {
            self.last_keep_alive = Some(now);
            states.push(sd_notify::NotifyState::Watchdog);
        }
        states
    }
}

/// The watchdog timeout in `usec` if `pid` (`WATCHDOG_PID`) is unset, this process or
/// the compositor that started it.
fn watchdog_for_us(
    usec: Option<&str>,
    pid: Option<&str>,
    ours: u32,
    parent: u32,
) -> Option<Duration> {
    let usec: u64 = usec?.trim().parse().ok()?;
    let for_us = match pid {
        None => true,
        Some(pid) => pid
            .trim()
            .parse::<u32>()
            .is_ok_and(|pid| pid == ours || pid == parent),
    };
    (for_us && usec > 0).then(|| Duration::from_micros(usec))
}

/// A stall injected into the UI thread, for the watchdog test: in debug builds only,
/// while the file named by `XINGHUO_TEST_STALL_FILE` exists, the UI thread sleeps
/// instead of drawing frames, as a thread stuck in a frame would.
#[cfg(debug_assertions)]
pub fn test_stall() {
    let Some(path) = std::env::var_os("XINGHUO_TEST_STALL_FILE") else {
        return;
    };
    let path = std::path::PathBuf::from(path);
    if path.exists() {
        tracing::warn!("UI thread stalled for a test");
        while path.exists() {
            std::thread::sleep(Duration::from_millis(50));
        }
        tracing::info!("UI thread resumed after the test's stall");
    }
}

/// Release builds have no stall to inject.
#[cfg(not(debug_assertions))]
pub fn test_stall() {}

/// systemd stops the kiosk with SIGTERM (`systemctl stop` or `restart`, a shutdown), and
/// sends it to cage at the same moment, which may take the window away before the kiosk
/// closes it. So the stop is recorded as clean at once, on `ctrlc`'s own thread (not in
/// a signal handler), and only then is `close` called to end the window: a technician's
/// three restarts in ten minutes are not a crash loop. A watchdog kill (SIGABRT) or a
/// crash never comes here, and stays counted. Ctrl+C and SIGHUP count as a stop too.
pub fn on_stop(data_dir: std::path::PathBuf, close: impl Fn() + Send + 'static) {
    let handler = move || {
        crate::safe_mode::clear_starts(&data_dir);
        tracing::info!("stopping: the system asked the kiosk to stop (SIGTERM, SIGINT or SIGHUP)");
        close();
    };
    if let Err(err) = ctrlc::set_handler(handler) {
        tracing::warn!("a stop by the system will count as a failed run for safe mode ({err})");
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::{Supervisor, watchdog_for_us};

    #[test]
    fn the_watchdog_is_ours_when_it_names_us_or_the_compositor() {
        let ten = Some(Duration::from_secs(10));
        assert_eq!(watchdog_for_us(Some("10000000"), None, 7, 3), ten);
        assert_eq!(watchdog_for_us(Some("10000000"), Some("7"), 7, 3), ten);
        assert_eq!(watchdog_for_us(Some("10000000"), Some("3"), 7, 3), ten);
        assert_eq!(watchdog_for_us(Some("10000000"), Some("99"), 7, 3), None);
        assert_eq!(watchdog_for_us(Some("ten"), None, 7, 3), None);
        assert_eq!(watchdog_for_us(Some("0"), None, 7, 3), None);
        assert_eq!(watchdog_for_us(None, Some("7"), 7, 3), None);
    }

    #[test]
    fn nothing_to_draw_for_without_a_watchdog() {
        assert_eq!(Supervisor::none().frame_at_least_every(), None);
        let watched = Supervisor::new(true, Some(Duration::from_secs(30)));
        assert_eq!(
            watched.frame_at_least_every(),
            Some(Duration::from_secs(10))
        );
        // A watchdog without a socket to tell cannot be fed.
        let deaf = Supervisor::new(false, Some(Duration::from_secs(30)));
        assert_eq!(deaf.frame_at_least_every(), None);
    }

    /// What goes over the socket; the session test reads the running kiosk's real one.
    #[test]
    fn ready_once_then_keep_alives_paced_by_the_frames() {
        let mut supervisor = Supervisor::new(true, Some(Duration::from_secs(6)));
        let start = Instant::now();
        let sent = |states: Vec<sd_notify::NotifyState<'_>>| {
            states.iter().map(ToString::to_string).collect::<Vec<_>>()
        };
        assert_eq!(
            sent(supervisor.due(start)),
            ["READY=1", "STATUS=first frame drawn", "WATCHDOG=1"]
        );
        assert!(
            supervisor
                .due(start + Duration::from_millis(100))
                .is_empty(),
            "a keep-alive a second is plenty for a 6 s watchdog"
        );
        assert_eq!(
            sent(supervisor.due(start + Duration::from_millis(1_100))),
            ["WATCHDOG=1"]
        );
        let mut unwatched = Supervisor::new(true, None);
        assert_eq!(
            sent(unwatched.due(start)),
            ["READY=1", "STATUS=first frame drawn"]
        );
        assert!(unwatched.due(start + Duration::from_secs(60)).is_empty());
        assert!(Supervisor::none().due(start).is_empty());
    }
}
