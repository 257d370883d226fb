//! The rules of a visit's idle timer that need more than the visit itself: who keeps a
//! visit going without touching the screen.

use eframe::egui;

/// Who is there without touching the screen. Any of them keeps the visit going.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Presence {
    /// Staff have the PIN pad or the overlay open.
    pub staff: bool,
    /// A guide is talking: a tour runs and has not passed `max_tour_minutes`.
    pub tour_within_limit: bool,
    /// Someone is listening: a narration plays, no longer than its length (plus slack)
    /// since it started, so a device that stops mid-play cannot hold the visit forever.
    pub narration_heard: bool,
    /// Someone is watching: a film a visitor started plays, no longer than its length
    /// (plus slack) since it started.
    pub film_watched: bool,
}

impl Presence {
    pub fn keeps_the_visit(self) -> bool {
        self.staff || self.tour_within_limit || self.narration_heard || self.film_watched
    }
}

/// Whether this frame's input holds a touch, a click, a key or a wheel.
pub fn touched(ctx: &egui::Context) -> bool {
    ctx.input(|i| {
        i.events.iter().any(|event| {
            matches!(
                event,
                egui::Event::PointerButton { .. }
                    | egui::Event::Touch { .. }
                    | egui::Event::Key { .. }
                    | egui::Event::MouseWheel { .. }
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn anyone_there_keeps_the_visit_and_nobody_ends_it() {
        assert!(!Presence::default().keeps_the_visit());
        for presence in [
            Presence {
                staff: true,
                ..Presence::default()
            },
            Presence {
                tour_within_limit: true,
                ..Presence::default()
            },
            Presence {
                narration_heard: true,
                ..Presence::default()
            },
            Presence {
                film_watched: true,
                ..Presence::default()
            },
        ] {
            assert!(presence.keeps_the_visit(), "{presence:?}");
        }
    }

    #[test]
    fn the_idle_timeout_has_a_floor_and_the_warning_fits_inside_it() {
        let mut config = crate::content::Config::fallback();
        config.idle_timeout_secs = 3;
        config.idle_warning_secs = 10;
        assert_eq!(config.idle_timeout(), Duration::from_secs(15));
        config.idle_timeout_secs = 90;
        assert_eq!(
            (config.idle_timeout(), config.idle_warning()),
            (Duration::from_secs(90), Duration::from_secs(10))
        );
        config.idle_warning_secs = 60;
        assert_eq!(config.idle_warning(), Duration::from_secs(45));
    }
}
