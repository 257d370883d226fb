//! The kiosk outside opening hours: when it goes dark, what wakes it, staff's "keep on",
//! and the screen-off and screen-on commands. The rules are a pure state machine
//! ([`Lights::step`]); the app draws the black frame and runs what a change asks for.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use eframe::egui;

/// How long a woken kiosk stays lit after the last touch (or the idle timeout, if
/// that is longer): enough to read the attract screen and start a visit.
pub const WAKE_FOR: Duration = Duration::from_secs(120);

/// The longest a dark kiosk sleeps before it looks at the calendar again: the wall
/// clock may be set while it sleeps (NTP after a boot), and the sleep is measured on
/// the monotonic clock.
pub const DARK_RECHECK: Duration = Duration::from_secs(3600);

/// What a frame's inputs to the rules are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    /// The schedule says open (or there is none).
    pub open_hours: bool,
    /// Staff chose to keep the kiosk on.
    pub kept_on: bool,
    /// Staff have the overlay open, or a guide's tour runs: someone is there.
    pub present: bool,
    /// This frame has a touch, a click, a key or a wheel.
    pub touched: bool,
    /// A finger (or button) is down.
    pub finger_down: bool,
}

/// What the rules decided for this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Lit,
    Dark,
    /// Lit → dark this frame: end the visit, flush statistics, screen off.
    WentDark,
    /// Dark → lit this frame (a touch, or the hours began): screen on.
    LitUp,
}

/// The lights' state between frames.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lights {
    dark: bool,
    /// A touch on the dark screen whose finger is still down: it only wakes, so the
    /// screen stays dark (nothing drawn to press) until it lifts.
    waking: bool,
    /// Outside the hours and lit: the last touch or presence.
    last_activity: Option<Duration>,
}

impl Lights {
    pub fn is_dark(&self) -> bool {
        self.dark
    }

    /// How long outside the hours the kiosk stays lit without activity.
    fn stays_lit(&self, now: Duration, wake_for: Duration) -> Option<Duration> {
        self.last_activity
            .map(|at| wake_for.saturating_sub(now.saturating_sub(at)))
            .filter(|left| !left.is_zero())
    }

    /// The rules for one frame at `now` (monotonic).
    pub fn step(&mut self, inputs: Inputs, now: Duration, wake_for: Duration) -> Step {
        if inputs.open_hours || inputs.kept_on {
            self.last_activity = None;
            self.waking = false;
            return self.light(true);
        }
        if self.dark {
            if inputs.touched || inputs.finger_down {
                self.waking = true;
            }
            if self.waking && !inputs.finger_down {
                self.waking = false;
                self.last_activity = Some(now);
                return self.light(true);
            }
            return Step::Dark;
        }
        if inputs.touched || inputs.present {
            self.last_activity = Some(now);
        }
        let lit = self.stays_lit(now, wake_for).is_some();
        self.light(lit)
    }

    fn light(&mut self, lit: bool) -> Step {
        let was_dark = self.dark;
        self.dark = !lit;
        match (was_dark, lit) {
            (true, true) => Step::LitUp,
            (false, true) => Step::Lit,
            (false, false) => Step::WentDark,
            (true, false) => Step::Dark,
        }
    }

    /// When a lit kiosk outside the hours goes dark unless touched.
    pub fn dark_in(&self, now: Duration, wake_for: Duration) -> Option<Duration> {
        if self.dark {
            return None;
        }
        self.stays_lit(now, wake_for)
    }
}

/// Staff's "keep on outside opening hours": until the hall next opens (so that an
/// evening event does not leave the screen on every night), or for good in a hall that
/// never opens again within a year. Not kept across restarts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KeepOn {
    #[default]
    Off,
    Until(SystemTime),
    Always,
}

impl KeepOn {
    pub fn holds(self, wall: SystemTime) -> bool {
        match self {
            Self::Off => false,
            Self::Until(until) => wall < until,
            Self::Always => true,
        }
    }
}

/// Runs the screen-off and screen-on commands kiosk.ron names, each on a thread of
/// its own so that a slow or hung command never holds a frame. A command that fails
/// is logged the first time; one still running when the next is due is not started
/// twice.
#[derive(Default)]
pub struct ScreenPower {
    busy: Arc<AtomicBool>,
    failed_once: Arc<AtomicBool>,
    last: Option<std::thread::JoinHandle<()>>,
}

/// How long a command may run before it is stopped.
const COMMAND_LIMIT: Duration = Duration::from_secs(10);

impl ScreenPower {
    /// Runs `command` (a program and its arguments) in the background; nothing if empty.
    pub fn run(&mut self, command: &[String], what: &'static str) {
        let Some((program, args)) = command.split_first() else {
            return;
        };
        if self.busy.swap(true, Ordering::SeqCst) {
            tracing::warn!("screen {what}: the previous screen command still runs; skipped");
            return;
        }
        let (program, args) = (program.clone(), args.to_vec());
        let busy = Arc::clone(&self.busy);
        let failed_once = Arc::clone(&self.failed_once);
        let spawned = std::thread::Builder::new()
            .name("screen-power".to_owned())
            .spawn(move || {
                let outcome = run_command(&program, &args);
                match outcome {
                    Ok(()) => {
                        tracing::info!("screen {what}: `{program}` done");
                        failed_once.store(false, Ordering::SeqCst);
                    }
                    Err(problem) => {
                        if !failed_once.swap(true, Ordering::SeqCst) {
                            tracing::warn!(
                                "screen {what}: `{program}` failed: {problem}; the kiosk shows a black frame instead"
                            );
                        }
                    }
                }
                busy.store(false, Ordering::SeqCst);
            });
        match spawned {
            Ok(handle) => self.last = Some(handle),
            Err(err) => {
                self.busy.store(false, Ordering::SeqCst);
                tracing::warn!("screen {what}: cannot start a thread for the command: {err}");
            }
        }
    }

    /// Waits for the last command (tests).
    pub fn settle(&mut self) {
        if let Some(handle) = self.last.take() {
            let _ = handle.join();
        }
    }

    /// Whether a command has failed since the last one that worked.
    pub fn has_failed(&self) -> bool {
        self.failed_once.load(Ordering::SeqCst)
    }
}

fn run_command(program: &str, args: &[String]) -> Result<(), String> {
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|err| err.to_string())?;
    let started = std::time::Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("it exited with {status}")),
            Ok(None) if started.elapsed() >= COMMAND_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "it ran longer than {} s and was stopped",
                    COMMAND_LIMIT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(err) => return Err(err.to_string()),
        }
    }
}

impl super::KioskApp {
    /// Applies the opening hours to this frame. Returns `None` when the kiosk is dark
    /// (the black frame is drawn and nothing else may be), else when the lights next
    /// need a look without input.
    pub(super) fn opening_hours(
        &mut self,
        ui: &mut egui::Ui,
        now: Duration,
    ) -> Option<Option<Duration>> {
        let ctx = ui.ctx().clone();
        let wall = self.clock.wall();
        let status = self.hall.schedule.as_ref().map(|s| s.status(wall));
        if !self.after_hours.keep_on.holds(wall) {
            self.after_hours.keep_on = KeepOn::Off;
        }
        let inputs = Inputs {
            open_hours: status.is_none_or(|s| s.open),
            kept_on: self.after_hours.keep_on.holds(wall),
            present: !self.desk.gate.is_closed() || self.session.visit.tour.is_some(),
            touched: super::idle::touched(&ctx),
            finger_down: ctx.input(|i| i.pointer.any_down() || i.any_touches()),
        };
        let wake_for = WAKE_FOR.max(self.hall.config.idle_timeout());
        let step = self.after_hours.lights.step(inputs, now, wake_for);
        match step {
            Step::WentDark => self.go_dark(now, status.and_then(|s| s.next_change)),
            Step::LitUp => self.light_up(now, inputs.open_hours),
            Step::Lit | Step::Dark => {}
        }
        if step == Step::Lit {
            let closes = status.filter(|s| s.open).and_then(|s| s.changes_in(wall));
            let dark_in = self.after_hours.lights.dark_in(now, wake_for);
            return Some(closes.into_iter().chain(dark_in).min());
        }
        // The frame that lights up is still black: the touch that woke the kiosk
        // (its release is in this frame) reaches nothing under the finger.
        dark_ui(ui);
        self.instruments.targets = crate::ui::widgets::take_targets(&ctx);
        self.instruments.scrolls = crate::ui::widgets::take_scrolls(&ctx);
        self.instruments.cut_targets = crate::ui::widgets::take_cut_targets(&ctx);
        if self.hall.config.hide_cursor {
            ctx.set_cursor_icon(egui::CursorIcon::None);
        }
        if step == Step::LitUp {
            ctx.request_repaint();
        } else {
            let opens = status.and_then(|s| s.changes_in(wall));
            ctx.request_repaint_after(opens.map_or(DARK_RECHECK, |d| d.min(DARK_RECHECK)));
        }
        None
    }

    /// The hall closed (or a woken kiosk was left alone): the visit ends, statistics
    /// are written, the screen goes off.
    fn go_dark(&mut self, now: Duration, opens: Option<SystemTime>) {
        if self.session.visit.in_progress()
            || self.session.visit.screen != crate::visit::Screen::Attract
        {
            self.reset(now, crate::visit::Ending::HallClosed);
        }
        self.narrator.stop();
        self.record_events();
        self.analytics.flush_soon();
        let until = match (&self.hall.schedule, opens) {
            (Some(schedule), Some(at)) => format!("until {}", schedule.describe(at)),
            _ => "until touched".to_owned(),
        };
        tracing::info!("outside opening hours: the screen goes dark {until}");
        let command = self
            .hall
            .config
            .schedule
            .as_ref()
            .map(|s| s.screen_off_command.clone())
            .unwrap_or_default();
        self.after_hours.power.run(&command, "off");
    }

    fn light_up(&mut self, now: Duration, opening: bool) {
        tracing::info!(
            "{}",
            if opening {
                "opening hours: the screen lights up"
            } else {
                "outside opening hours: woken by a touch"
            }
        );
        self.session.screens.attract_since = now;
        let command = self
            .hall
            .config
            .schedule
            .as_ref()
            .map(|s| s.screen_on_command.clone())
            .unwrap_or_default();
        self.after_hours.power.run(&command, "on");
    }

    /// Staff's "keep on outside opening hours": until the hall next opens.
    pub(super) fn keep_on(&mut self, on: bool) {
        let wall = self.clock.wall();
        self.after_hours.keep_on = match (on, &self.hall.schedule) {
            (false, _) => KeepOn::Off,
            (true, schedule) => schedule
                .as_ref()
                .and_then(|s| s.next_opening(wall))
                .map_or(KeepOn::Always, KeepOn::Until),
        };
        tracing::info!(
            "admin: keep on outside opening hours {}",
            if on { "on" } else { "off" }
        );
    }

    /// Whether the kiosk is dark (outside opening hours, untouched).
    pub fn is_dark(&self) -> bool {
        self.after_hours.lights.is_dark()
    }

    /// Whether staff keep the kiosk on outside opening hours.
    pub fn is_kept_on(&self) -> bool {
        self.after_hours.keep_on.holds(self.clock.wall())
    }

    /// Waits for the screen command under way (tests).
    pub fn settle_screen_commands(&mut self) {
        self.after_hours.power.settle();
    }

    /// What staff's overlay says of the opening hours, if the hall has any.
    pub(super) fn hours_note(&self) -> Option<String> {
        let schedule = self.hall.schedule.as_ref()?;
        let wall = self.clock.wall();
        let status = schedule.status(wall);
        let when = status.next_change.map(|at| schedule.describe(at));
        let note = match (status.open, when) {
            (true, Some(at)) => format!("开放中 · Open; closes {at}"),
            (true, None) => "开放中 · Open".to_owned(),
            (false, Some(at)) => format!("闭馆 · Closed; opens {at}"),
            (false, None) => "闭馆 · Closed; no opening within a year".to_owned(),
        };
        Some(if self.after_hours.power.has_failed() {
            format!("{note} · 屏幕开关命令失败 The screen command failed (see the log)")
        } else {
            note
        })
    }
}

/// The dark screen: black, nothing to press, and a sensor under the whole screen so
/// that a touch on it lands on nothing else.
fn dark_ui(ui: &mut egui::Ui) {
    let screen = ui.max_rect();
    ui.painter().rect_filled(screen, 0.0, egui::Color32::BLACK);
    let _ = ui.interact(
        screen,
        ui.scope_id().with("dark-screen"),
        egui::Sense::click_and_drag(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    const CLOSED: Inputs = Inputs {
        open_hours: false,
        kept_on: false,
        present: false,
        touched: false,
        finger_down: false,
    };

    #[test]
    fn closing_goes_dark_at_once_and_opening_lights_up() {
        let mut lights = Lights::default();
        let open = Inputs {
            open_hours: true,
            ..CLOSED
        };
        assert_eq!(lights.step(open, s(0), WAKE_FOR), Step::Lit);
        assert_eq!(
            lights.step(
                Inputs {
                    touched: true,
                    ..open
                },
                s(10),
                WAKE_FOR
            ),
            Step::Lit
        );
        assert_eq!(lights.step(CLOSED, s(11), WAKE_FOR), Step::WentDark);
        assert_eq!(lights.step(CLOSED, s(5000), WAKE_FOR), Step::Dark);
        assert_eq!(lights.step(open, s(9000), WAKE_FOR), Step::LitUp);
    }

    #[test]
    fn a_touch_on_the_dark_screen_lights_it_when_the_finger_lifts() {
        let mut lights = Lights::default();
        lights.step(CLOSED, s(0), WAKE_FOR);
        let down = Inputs {
            touched: true,
            finger_down: true,
            ..CLOSED
        };
        assert_eq!(lights.step(down, s(10), WAKE_FOR), Step::Dark);
        let held = Inputs {
            finger_down: true,
            ..CLOSED
        };
        assert_eq!(lights.step(held, s(11), WAKE_FOR), Step::Dark);
        let lifted = Inputs {
            touched: true,
            ..CLOSED
        };
        assert_eq!(lights.step(lifted, s(12), WAKE_FOR), Step::LitUp);
        assert_eq!(lights.dark_in(s(12), WAKE_FOR), Some(WAKE_FOR));
        // Touches keep it lit; two minutes without one darken it.
        lights.step(lifted, s(100), WAKE_FOR);
        assert_eq!(lights.step(CLOSED, s(219), WAKE_FOR), Step::Lit);
        assert_eq!(lights.step(CLOSED, s(220), WAKE_FOR), Step::WentDark);
    }

    #[test]
    fn staff_or_a_tour_keep_it_lit_past_closing_and_keep_on_holds_until_opening() {
        let mut lights = Lights::default();
        let present = Inputs {
            present: true,
            ..CLOSED
        };
        assert_eq!(lights.step(present, s(0), WAKE_FOR), Step::Lit);
        assert_eq!(lights.step(present, s(1000), WAKE_FOR), Step::Lit);
        assert_eq!(lights.step(CLOSED, s(1100), WAKE_FOR), Step::Lit);
        assert_eq!(lights.step(CLOSED, s(1120), WAKE_FOR), Step::WentDark);
        let kept = Inputs {
            kept_on: true,
            ..CLOSED
        };
        assert_eq!(lights.step(kept, s(1200), WAKE_FOR), Step::LitUp);

        let t = std::time::UNIX_EPOCH + s(1000);
        assert!(KeepOn::Until(t).holds(t - s(1)));
        assert!(!KeepOn::Until(t).holds(t));
        assert!(KeepOn::Always.holds(t) && !KeepOn::Off.holds(t));
    }

    #[test]
    fn screen_commands_run_for_real_and_a_failing_one_is_survived() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("screen.log");
        let mut power = ScreenPower::default();
        let command = vec![
            "sh".to_owned(),
            "-c".to_owned(),
            format!("echo off >> '{}'", log.display()),
        ];
        power.run(&command, "off");
        power.settle();
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "off\n");
        assert!(!power.has_failed());

        power.run(&["/nonexistent/screen-off".to_owned()], "off");
        power.settle();
        assert!(power.has_failed());
        power.run(&["false".to_owned()], "off");
        power.settle();
        assert!(power.has_failed());
        power.run(&command, "off");
        power.settle();
        assert!(
            !power.has_failed(),
            "a command that works clears the failure"
        );
        power.run(&[], "off");
        power.settle();
    }
}
