//! The way in for staff and guides, free of egui: a hidden press-and-hold in a screen
//! corner, a PIN pad with a lockout after repeated wrong PINs, and an overlay that
//! closes itself when left alone.

use std::time::Duration;

use crate::content::Config;
use crate::pin::verify_pin;

/// How long the corner must be held.
pub const HOLD: Duration = Duration::from_secs(3);
/// Wrong PINs in a row before the pad locks.
pub const MAX_FAILURES: u32 = 5;
pub const LOCKOUT: Duration = Duration::from_secs(60);
/// The pad and the overlay close themselves after this long without a touch.
pub const IDLE_CLOSE: Duration = Duration::from_secs(60);
const MAX_DIGITS: usize = 8;

/// What the PIN pad says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PadNote {
    /// A wrong PIN; this many tries are left before the lockout.
    Wrong {
        tries_left: u32,
    },
    Locked,
    /// No PIN is set in kiosk.ron: staff must run `kiosk set-pin` first.
    NoPin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pad {
    pub entered: String,
    pub note: Option<PadNote>,
}

/// What the PIN opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Staff,
    Guide,
}

/// What is showing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    Closed,
    Pad(Pad),
    /// The admin overlay.
    Overlay,
}

#[derive(Clone, Debug)]
pub struct Gate {
    pub stage: Stage,
    hold_since: Option<Duration>,
    failures: u32,
    locked_until: Option<Duration>,
    last_input: Duration,
}

impl Default for Gate {
    fn default() -> Self {
        Self {
            stage: Stage::Closed,
            hold_since: None,
            failures: 0,
            locked_until: None,
            last_input: Duration::ZERO,
        }
    }
}

impl Gate {
    pub fn is_closed(&self) -> bool {
        self.stage == Stage::Closed
    }

    /// Feeds the corner hold each frame: `held` is whether a finger is down in the
    /// corner (and has not wandered off). Returns how far the hold is (0–1) for a
    /// discreet progress mark, and opens the pad when it completes.
    pub fn corner(&mut self, held: bool, now: Duration) -> f32 {
        if !held || !self.is_closed() {
            self.hold_since = None;
            return 0.0;
        }
        let since = *self.hold_since.get_or_insert(now);
        let progress = now.saturating_sub(since).as_secs_f32() / HOLD.as_secs_f32();
        if progress >= 1.0 {
            self.hold_since = None;
            self.open_pad(now);
        }
        progress.min(1.0)
    }

    /// Opens the overlay directly (`kiosk --show admin`, for documentation).
    pub fn open_overlay(&mut self, now: Duration) {
        self.last_input = now;
        self.stage = Stage::Overlay;
    }

    pub fn open_pad(&mut self, now: Duration) {
        self.last_input = now;
        self.stage = Stage::Pad(Pad {
            entered: String::new(),
            note: self.locked(now).then_some(PadNote::Locked),
        });
    }

    fn locked(&self, now: Duration) -> bool {
        self.locked_until.is_some_and(|until| now < until)
    }

    /// How long the lockout still lasts.
    pub fn lockout_left(&self, now: Duration) -> Option<Duration> {
        self.locked_until
            .filter(|until| now < *until)
            .map(|until| until - now)
    }

    pub fn digit(&mut self, digit: char, now: Duration) {
        self.last_input = now;
        if self.locked(now) {
            return;
        }
        if let Stage::Pad(pad) = &mut self.stage
            && pad.entered.len() < MAX_DIGITS
            && digit.is_ascii_digit()
        {
            pad.entered.push(digit);
            if pad.note != Some(PadNote::Locked) {
                pad.note = None;
            }
        }
    }

    pub fn backspace(&mut self, now: Duration) {
        self.last_input = now;
        if let Stage::Pad(pad) = &mut self.stage {
            pad.entered.pop();
        }
    }

    /// Checks the entered PIN against the admin and guide hashes.
    pub fn submit(&mut self, config: &Config, now: Duration) -> Option<Role> {
        self.last_input = now;
        let Stage::Pad(pad) = &mut self.stage else {
            return None;
        };
        if self.locked_until.is_some_and(|until| now < until) {
            pad.note = Some(PadNote::Locked);
            pad.entered.clear();
            return None;
        }
        if config.admin_pin_hash.is_none() && config.guide_pin_hash.is_none() {
            pad.note = Some(PadNote::NoPin);
            pad.entered.clear();
            return None;
        }
        let entered = std::mem::take(&mut pad.entered);
        let matches =
            |hash: &Option<String>| hash.as_deref().is_some_and(|h| verify_pin(&entered, h));
        let role = if matches(&config.admin_pin_hash) {
            Some(Role::Staff)
        } else if matches(&config.guide_pin_hash) {
            Some(Role::Guide)
        } else {
            None
        };
        match role {
            Some(role) => {
                self.failures = 0;
                self.locked_until = None;
                self.stage = if role == Role::Staff {
                    Stage::Overlay
                } else {
                    Stage::Closed
                };
                Some(role)
            }
            None => {
                self.failures += 1;
                if self.failures >= MAX_FAILURES {
                    self.failures = 0;
                    self.locked_until = Some(now + LOCKOUT);
                    pad.note = Some(PadNote::Locked);
                } else {
                    pad.note = Some(PadNote::Wrong {
                        tries_left: MAX_FAILURES - self.failures,
                    });
                }
                None
            }
        }
    }

    /// A touch inside the overlay keeps it open.
    pub fn touched(&mut self, now: Duration) {
        self.last_input = now;
    }

    pub fn close(&mut self) {
        self.stage = Stage::Closed;
    }

    /// Closes the pad or the overlay after a minute without a touch.
    pub fn tick(&mut self, now: Duration) {
        if !self.is_closed() && now.saturating_sub(self.last_input) >= IDLE_CLOSE {
            self.stage = Stage::Closed;
        }
    }

    /// When the pad or overlay would close by itself, for scheduling a repaint.
    pub fn closes_in(&self, now: Duration) -> Option<Duration> {
        (!self.is_closed()).then(|| IDLE_CLOSE.saturating_sub(now.saturating_sub(self.last_input)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pin::hash_pin;

    fn config() -> Config {
        let mut config = Config::fallback();
        config.admin_pin_hash = Some(hash_pin("2468").unwrap());
        config.guide_pin_hash = Some(hash_pin("1357").unwrap());
        config
    }

    fn s(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn enter(gate: &mut Gate, pin: &str, now: Duration) {
        for c in pin.chars() {
            gate.digit(c, now);
        }
    }

    #[test]
    fn the_corner_must_be_held_three_seconds() {
        let mut gate = Gate::default();
        gate.corner(true, s(10));
        gate.corner(true, s(12));
        gate.corner(false, s(12));
        gate.corner(true, s(13));
        assert!(gate.is_closed(), "letting go starts over");
        assert!((gate.corner(true, s(15)) - 2.0 / 3.0).abs() < 1e-3);
        assert_eq!(gate.corner(true, s(16)), 1.0);
        assert!(matches!(gate.stage, Stage::Pad(_)));
    }

    #[test]
    fn right_pins_open_what_they_are_for() {
        let config = config();
        let mut gate = Gate::default();
        gate.open_pad(s(0));
        enter(&mut gate, "2468", s(1));
        assert_eq!(gate.submit(&config, s(1)), Some(Role::Staff));
        assert_eq!(gate.stage, Stage::Overlay);

        let mut gate = Gate::default();
        gate.open_pad(s(0));
        enter(&mut gate, "1357", s(1));
        assert_eq!(gate.submit(&config, s(1)), Some(Role::Guide));
        assert!(gate.is_closed(), "a guide PIN opens guided mode only");
    }

    #[test]
    fn five_wrong_pins_lock_the_pad_for_a_minute() {
        let config = config();
        let mut gate = Gate::default();
        gate.open_pad(s(0));
        for n in 1..=4 {
            enter(&mut gate, "0000", s(n));
            assert_eq!(gate.submit(&config, s(n)), None);
            assert!(
                matches!(&gate.stage, Stage::Pad(Pad { note: Some(PadNote::Wrong { tries_left }), .. }) if *tries_left == 5 - n as u32)
            );
        }
        enter(&mut gate, "0000", s(5));
        gate.submit(&config, s(5));
        assert!(matches!(
            &gate.stage,
            Stage::Pad(Pad {
                note: Some(PadNote::Locked),
                ..
            })
        ));
        // Even the right PIN is refused during the lockout.
        enter(&mut gate, "2468", s(30));
        assert_eq!(gate.submit(&config, s(30)), None);
        assert_eq!(gate.lockout_left(s(30)), Some(s(35)));
        enter(&mut gate, "2468", s(66));
        assert_eq!(gate.submit(&config, s(66)), Some(Role::Staff));
    }

    #[test]
    fn the_overlay_closes_itself_after_a_minute_alone() {
        let config = config();
        let mut gate = Gate::default();
        gate.open_pad(s(0));
        enter(&mut gate, "2468", s(1));
        gate.submit(&config, s(1));
        gate.tick(s(50));
        assert_eq!(gate.stage, Stage::Overlay);
        gate.touched(s(50));
        gate.tick(s(100));
        assert_eq!(gate.stage, Stage::Overlay);
        gate.tick(s(110));
        assert!(gate.is_closed());
    }

    #[test]
    fn without_any_pin_the_pad_says_how_to_set_one() {
        let mut gate = Gate::default();
        gate.open_pad(s(0));
        enter(&mut gate, "1234", s(1));
        assert_eq!(gate.submit(&Config::fallback(), s(1)), None);
        assert!(matches!(
            &gate.stage,
            Stage::Pad(Pad {
                note: Some(PadNote::NoPin),
                ..
            })
        ));
    }
}
