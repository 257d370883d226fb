//! The screens, one file each, and what they share. Screens draw from state and
//! return [`Action`]s; the app applies them after the frame.

pub mod admin;
pub mod attract;
pub mod crossfade;
pub mod exhibit;
pub mod film;
pub mod fonts;
pub mod guide;
pub mod home;
pub mod idle;
pub mod map;
pub mod photo;
pub mod quiz;
mod quiz_kinds;
pub mod statistics;
pub mod theme;
pub mod top_bar;
pub mod widgets;

use std::time::Duration;

use eframe::egui;

use crate::content::{Hall, MediaRef};
use crate::media::audio::NarrationView;
use crate::media::film_player::FilmView;
use crate::media::images::{ImageCache, ImageState, Priority, ScreenCover};
use crate::visit::{Action, Visit};
use theme::Metrics;

/// Longest side of a home-screen thumbnail, in pixels.
pub const THUMB_PX: u32 = 720;

/// State of the screens that is not the visit's: gestures, zoom, toggles.
#[derive(Clone, Debug)]
pub struct ScreenState {
    /// When the attract loop started, for the slideshow.
    pub attract_since: Duration,
    pub photo: photo::ViewerState,
    /// Whether captions show while narration plays (on by default).
    pub captions_shown: bool,
    pub transcript_open: bool,
    /// Where the current swipe began, if one is under way.
    pub swipe_from: Option<egui::Pos2>,
    pub map: map::MapState,
    /// Whether the guide's panel is open on the visitors' screen (one display).
    pub guide_open: bool,
    /// The guide's view is on a second display.
    pub guide_window: bool,
    /// Since when the accessibility button has been held (a long press turns the
    /// self-voicing mode on).
    pub voicing_held_since: Option<Duration>,
    /// When the guide first tapped 结束导览: a second tap within a few seconds ends the tour.
    pub end_tour_asked_at: Option<Duration>,
    /// Where the exhibit's narration controls were drawn (they follow a short text).
    pub narration_bar: Option<egui::Rect>,
    /// The film fills the screen.
    pub film_full_screen: bool,
    /// How many pixels wide the panel's film is shown, for decoding it at that size.
    pub film_pixels: u32,
    /// Where the film's controls were drawn (they follow the captions below the picture).
    pub film_bar: Option<egui::Rect>,
    /// How often the attract loop's crossfade is drawn.
    pub fade_pace: attract::FadePace,
    /// The speech engine can speak (the quiz reads a question without clips with it).
    pub speech_ready: bool,
    /// A quiz question is being read aloud.
    pub reading_aloud: bool,
}

impl Default for ScreenState {
    fn default() -> Self {
        Self {
            attract_since: Duration::ZERO,
            photo: photo::ViewerState::default(),
            captions_shown: true,
            transcript_open: false,
            swipe_from: None,
            map: map::MapState::default(),
            guide_open: false,
            guide_window: false,
            voicing_held_since: None,
            end_tour_asked_at: None,
            narration_bar: None,
            film_full_screen: false,
            film_pixels: 0,
            film_bar: None,
            fade_pace: attract::FadePace::default(),
            speech_ready: false,
            reading_aloud: false,
        }
    }
}

/// Everything a screen needs for one frame.
pub struct FrameContext<'a> {
    pub hall: &'a Hall,
    pub visit: &'a Visit,
    pub m: Metrics,
    pub now: Duration,
    pub images: &'a mut ImageCache,
    pub narration: Option<NarrationView>,
    /// The film open on the exhibit screen, if any.
    pub film: Option<FilmView>,
    pub state: &'a mut ScreenState,
    /// Screen pixels per egui point, to decode photos at the size they are shown.
    pub pixels_per_point: f32,
    pub reduced_motion: bool,
    /// The self-voicing mode can be turned on (its engine is there, and it is off).
    pub voicing_offered: bool,
    pub actions: Vec<Action>,
    /// When the screen next needs drawing without input (animations, slideshows).
    pub repaint_after: Repaint,
}

impl FrameContext<'_> {
    pub fn act(&mut self, action: Action) {
        self.actions.push(action);
    }

    pub fn language(&self) -> &str {
        &self.visit.language
    }

    pub fn fallback(&self) -> &str {
        self.hall.config.default_language()
    }

    /// The visitor's language for `zh`/`en` UI strings.
    pub fn tr<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        widgets::tr(&self.visit.language, zh, en)
    }

    /// Asks for a repaint after `delay` at the latest.
    pub fn repaint_in(&mut self, delay: Duration) {
        self.repaint_after.within(delay);
    }

    /// A photo (or cover, or map picture) of the content, decoded for `side` pixels. A
    /// path validation refused has no file to open: it shows as a failed photo.
    pub fn photo(&mut self, photo: &MediaRef, side: u32, priority: Priority) -> ImageState {
        match photo.file() {
            Some(path) => self.images.request(path, side, priority),
            None => ImageState::Failed,
        }
    }

    /// A cover as the attract screen draws it: the whole screen, shade baked in.
    pub fn cover(
        &mut self,
        photo: &MediaRef,
        cover: ScreenCover,
        priority: Priority,
    ) -> ImageState {
        match photo.file() {
            Some(path) => self.images.request_cover(path, cover, priority),
            None => ImageState::Failed,
        }
    }

    /// Starts making the attract screen's next cover.
    pub fn prefetch_cover(&mut self, photo: &MediaRef, cover: ScreenCover) {
        if let Some(path) = photo.file() {
            self.images.prefetch_cover(path, cover);
        }
    }

    /// Starts decoding a photo the visitor is likely to see next.
    pub fn prefetch(&mut self, photo: &MediaRef, side: u32) {
        if let Some(path) = photo.file() {
            self.images.prefetch(path, side);
        }
    }

    /// Pixels for a photo shown `points` wide or high.
    pub fn pixels(&self, points: f32) -> u32 {
        (points * self.pixels_per_point).ceil().max(1.0) as u32
    }
}

/// When to draw again without input: the soonest of every part's request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Repaint(Option<Duration>);

impl Repaint {
    /// Draw again within `delay` at the latest; an earlier request stands.
    pub fn within(&mut self, delay: Duration) {
        self.0 = Some(self.0.map_or(delay, |soonest| soonest.min(delay)));
    }

    pub fn delay(self) -> Option<Duration> {
        self.0
    }
}

/// Draws the current screen.
pub fn show(ui: &mut egui::Ui, frame: &mut FrameContext<'_>) {
    match guide::room_beside_the_guide(ui.max_rect(), frame) {
        Some(room) => {
            // The visitors' screen takes the width the guide's panel and its handle
            // leave, laid out for that shape; the panel never hides a target.
            let whole = frame.m;
            frame.m = whole.within(room.size());
            ui.scope_builder(egui::UiBuilder::new().max_rect(room), |ui| {
                screen_ui(ui, frame);
            });
            frame.m = whole;
        }
        None => screen_ui(ui, frame),
    }
    // One display: the guide's controls wait behind a small handle.
    if frame.visit.tour.is_some() && !frame.state.guide_window {
        guide::handle_ui(ui, frame);
    }
}

fn screen_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>) {
    use crate::visit::Screen;
    match frame.visit.screen.clone() {
        Screen::Attract => attract::attract_ui(ui, frame),
        Screen::Home => home::home_ui(ui, frame),
        Screen::Map => map::map_ui(ui, frame),
        Screen::Tours => guide::tours_ui(ui, frame),
        Screen::Quiz => quiz::quiz_ui(ui, frame),
        Screen::Exhibit { id, panel } => exhibit::exhibit_ui(ui, frame, &id, panel),
        Screen::Photo { id, panel, photo } => photo::photo_ui(ui, frame, &id, panel, photo),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_soonest_repaint_wins_whatever_the_order() {
        // A PIN lockout's one-second countdown asked after a crossfade's 33 ms must not
        // slow the fade (it did: the later request replaced the earlier).
        let mut repaint = Repaint::default();
        repaint.within(Duration::from_millis(33));
        repaint.within(Duration::from_secs(1));
        assert_eq!(repaint.delay(), Some(Duration::from_millis(33)));
        let mut repaint = Repaint::default();
        repaint.within(Duration::from_secs(1));
        repaint.within(Duration::from_millis(50));
        assert_eq!(repaint.delay(), Some(Duration::from_millis(50)));
        assert_eq!(Repaint::default().delay(), None);
    }
}
