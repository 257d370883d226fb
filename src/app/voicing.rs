//! The self-voicing mode: the kiosk speaks for itself and touch explores, as phones'
//! screen readers do. A finger resting on a target hears its name and role; lifting
//! it does nothing; a double tap anywhere activates the target last spoken; a swipe
//! left or right moves to the previous or next target in reading order. Texts that
//! appear (a screen's title, a panel's heading and body, a quiz's question and its
//! feedback) are read out as they appear.
//!
//! The targets are the ones the screens register with their accessible names
//! (`ui::widgets::register_widget`, the same names egui gives AccessKit); a target is
//! activated as a screen reader would, with an AccessKit click on its widget, so the
//! screens run the same code as for a finger.

use std::sync::Arc;
use std::time::Duration;

use eframe::egui::{self, Pos2, Rect};

use crate::speech::{EngineStatus, Speaker, Utterance};
use crate::ui::widgets::{Target, TargetKind, sentences};
use crate::visit::Screen;

/// A finger held this long explores (shorter is a tap, or the start of a swipe).
const HOLD: Duration = Duration::from_millis(300);
/// The second tap of a double tap comes within this of the first.
const DOUBLE_TAP: Duration = Duration::from_millis(400);
/// A swipe is quicker than this.
const SWIPE_TIME: Duration = Duration::from_millis(800);
/// A three-finger tap is quicker than this, first finger down to last one up.
const MULTI_TAP_TIME: Duration = Duration::from_millis(600);
/// Texts waiting for the screen's reading to end, at most.
const MOST_HELD: usize = 64;
/// Fingers followed at once: a hand has five; more are ignored, so that the list
/// cannot grow with what a screen reports.
const MOST_FINGERS: usize = 10;

/// The target last spoken: what a double tap activates.
#[derive(Clone, Debug, PartialEq)]
struct Focus {
    label: String,
    id: Option<egui::Id>,
}

#[derive(Clone, Copy, Debug)]
struct Press {
    origin: Pos2,
    at: Duration,
    explored: bool,
}

/// A gesture of several fingers, read from the frame's touch events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fingers {
    /// Three (or more) fingers put down and lifted together, without moving: turns the
    /// mode on, on any screen.
    ThreeTap,
    /// Two fingers moved down together: reads the screen from the top.
    TwoDown,
}

/// The fingers on the glass in one contact, from the first down to the last up.
#[derive(Clone, Debug, Default)]
pub struct Contact {
    /// Each finger: its id, where it came down and where it is.
    fingers: Vec<(egui::TouchId, Pos2, Pos2)>,
    /// The most fingers down at once in this contact.
    most: usize,
    /// The most any finger has moved in this contact.
    moved: f32,
    began: Duration,
    /// A contact of several fingers ended in this frame.
    ended_several: bool,
}

impl Contact {
    /// Follows this frame's touches; says which gesture a contact made when its last
    /// finger lifts.
    pub fn read(&mut self, ctx: &egui::Context, now: Duration, distance: f32) -> Option<Fingers> {
        let touches: Vec<(egui::TouchId, egui::TouchPhase, Pos2)> = ctx.input(|i| {
            i.events
                .iter()
                .filter_map(|event| match event {
                    egui::Event::Touch { id, phase, pos, .. } => Some((*id, *phase, *pos)),
                    _ => None,
                })
                .collect()
        });
        let mut gesture = None;
        self.ended_several = false;
        for (id, phase, pos) in touches {
            let known = self.fingers.iter().position(|(f, _, _)| *f == id);
            match (phase, known) {
                (egui::TouchPhase::Start, None) if self.fingers.len() < MOST_FINGERS => {
                    if self.fingers.is_empty() {
                        *self = Self {
                            began: now,
                            ..Self::default()
                        };
                    }
                    self.fingers.push((id, pos, pos));
                    self.most = self.most.max(self.fingers.len());
                }
                (egui::TouchPhase::Move, Some(i)) => {
                    if let Some(finger) = self.fingers.get_mut(i) {
                        finger.2 = pos;
                        self.moved = self.moved.max((pos - finger.1).length());
                    }
                }
                (egui::TouchPhase::End | egui::TouchPhase::Cancel, Some(i)) => {
                    let (_, from, _) = self.fingers.remove(i);
                    let down = pos - from;
                    self.moved = self.moved.max(down.length());
                    let cancelled = phase == egui::TouchPhase::Cancel;
                    if self.fingers.is_empty() {
                        self.ended_several = self.most >= 2;
                        if !cancelled {
                            gesture = self.ended(down, now, distance);
                        }
                    }
                }
                _ => {}
            }
        }
        gesture
    }

    /// Which gesture the contact that just ended made; `down` is the last finger's way.
    fn ended(&self, last: egui::Vec2, now: Duration, distance: f32) -> Option<Fingers> {
        let quick = now.saturating_sub(self.began);
        if self.most >= 3 && self.moved < distance / 2.0 && quick <= MULTI_TAP_TIME {
            Some(Fingers::ThreeTap)
        } else if self.most == 2
            && quick <= SWIPE_TIME
            && last.y > distance
            && last.y > 2.0 * last.x.abs()
        {
            Some(Fingers::TwoDown)
        } else {
            None
        }
    }

    /// Whether more than one finger is (or was, in this contact) on the glass: then no
    /// finger of it is a tap, a hold or a swipe of one.
    /// Three fingers or more, in a contact under way or just ended: never a pinch.
    pub fn three_or_more(&self) -> bool {
        self.most >= 3 && (!self.fingers.is_empty() || self.ended_several)
    }

    pub fn several(&self) -> bool {
        (self.most >= 2 && !self.fingers.is_empty()) || self.ended_several
    }
}

/// What the mode did with this frame's touches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Handled {
    /// The frame held touches: they were the mode's, and activate nothing by themselves.
    pub touched: bool,
    /// Something was spoken for the finger: narration should make way.
    pub spoke: bool,
    /// Look again within this time (a held finger, a tap waiting for its second).
    pub again_within: Option<Duration>,
}

/// The engine, noting what it was last told: the frame learns from it that the voice
/// began (or stopped), for ducking.
struct Told {
    inner: Arc<dyn Speaker>,
    /// The last utterance since the frame looked (`Some(None)`: a stop).
    last: std::sync::Mutex<Option<Option<Utterance>>>,
}

impl Speaker for Told {
    fn speak(&self, language: &str, text: &str) {
        self.inner.speak(language, text);
        if let Ok(mut last) = self.last.lock() {
            *last = Some(Some(Utterance {
                language: language.to_owned(),
                text: text.to_owned(),
            }));
        }
    }

    fn stop(&self) {
        self.inner.stop();
        if let Ok(mut last) = self.last.lock() {
            *last = Some(None);
        }
    }

    fn status(&self) -> EngineStatus {
        self.inner.status()
    }
}

pub struct Voicing {
    speaker: Arc<dyn Speaker>,
    told: Arc<Told>,
    focus: Option<Focus>,
    press: Option<Press>,
    /// A short tap, waiting to see whether a second follows: where and when.
    tap: Option<(Pos2, Duration)>,
    /// The widget to click at the start of the next frame.
    activate: Option<egui::Id>,
    /// The texts on screen in the last frame, to read only what has appeared.
    texts_shown: Vec<String>,
    /// The idle warning has been spoken (once each time it shows).
    pub idle_warned: bool,
    /// Said before the next texts that appear (the welcome, which the first screen's
    /// texts would otherwise interrupt).
    intro: Option<String>,
    /// The fingers on the glass, followed whether the mode is on or not (three fingers
    /// turn it on).
    contact: Contact,
    /// When the screen's reading is expected to end.
    reading_until: Option<Duration>,
    /// Texts that appeared while it was read, said after it.
    held: Vec<String>,
    /// The screen and language last read.
    screen: Option<(Screen, String)>,
    /// When the panel's recorded narration is to start, instead of its body being
    /// synthesised: after what is said before it.
    clip_at: Option<Duration>,
}

impl Voicing {
    pub fn new(speaker: Arc<dyn Speaker>) -> Self {
        let told = Arc::new(Told {
            inner: speaker,
            last: std::sync::Mutex::new(None),
        });
        Self {
            speaker: told.clone(),
            told,
            focus: None,
            press: None,
            tap: None,
            activate: None,
            texts_shown: Vec::new(),
            idle_warned: false,
            intro: None,
            contact: Contact::default(),
            reading_until: None,
            held: Vec::new(),
            screen: None,
            clip_at: None,
        }
    }

    /// What the voice was last told since the last call: an utterance, or a stop (`None`).
    pub fn take_told(&self) -> Option<Option<Utterance>> {
        self.told.last.lock().ok().and_then(|mut last| last.take())
    }

    /// Follows the frame's fingers; a gesture of several, when one ends.
    pub fn fingers(
        &mut self,
        ctx: &egui::Context,
        now: Duration,
        distance: f32,
    ) -> Option<Fingers> {
        self.contact.read(ctx, now, distance)
    }

    /// Three fingers are (or were, in this frame) on the glass: what they touch is
    /// not pressed, with the mode on or off.
    pub fn three_fingers(&self) -> bool {
        self.contact.three_or_more()
    }

    /// Reads the screen's texts from the top, in reading order (the two-finger swipe
    /// down); the first one becomes the target a double tap activates. The `recorded`
    /// text (a panel body with narration in this language) is not synthesised: the
    /// narration is due once what comes before it is said ([`Self::clip_due`]).
    pub fn read_from_top(
        &mut self,
        targets: &[Target],
        language: &str,
        recorded: Option<&str>,
        now: Duration,
    ) -> bool {
        let texts: Vec<&Target> = reading_order(targets)
            .into_iter()
            .filter(|t| t.kind == TargetKind::Read)
            .collect();
        let Some(first) = texts.first() else {
            return false;
        };
        self.focus = Some(Focus {
            label: first.label.clone(),
            id: first.id,
        });
        self.tap = None;
        self.interrupted();
        let said: Vec<&str> = texts.iter().map(|t| t.label.as_str()).collect();
        self.say_with_clip(language, &said, recorded, now);
        true
    }

    /// Says `texts`, all but the `recorded` one, which is played from its recording
    /// once the rest is said.
    fn say_with_clip(
        &mut self,
        language: &str,
        texts: &[&str],
        recorded: Option<&str>,
        now: Duration,
    ) {
        let clipped = recorded.is_some_and(|body| texts.contains(&body));
        let said: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|text| !clipped || Some(*text) != recorded)
            .collect();
        let mut until = now;
        if !said.is_empty() {
            let text = sentences(&said, language);
            self.speaker.speak(language, &text);
            until = now + crate::media::ducking::spoken_length(language, &text);
            self.reading_until = Some(until);
        }
        if clipped {
            self.clip_at = Some(until);
        }
    }

    /// Whether the panel's narration should start now, in place of its body (once).
    pub fn clip_due(&mut self, now: Duration) -> bool {
        if self.clip_at.is_some_and(|at| at <= now) {
            self.clip_at = None;
            true
        } else {
            false
        }
    }

    /// When the panel's narration is due, if it waits for speech.
    pub fn clip_waits(&self, now: Duration) -> Option<Duration> {
        self.clip_at.map(|at| at.saturating_sub(now))
    }

    /// Says `text` together with the texts the next frame shows.
    pub fn say_first(&mut self, text: &str) {
        self.intro = Some(text.to_owned());
    }

    /// Whether the mode can be offered: the engine is there with its voices.
    pub fn available(&self) -> bool {
        self.speaker.status().is_ready()
    }

    pub fn say(&self, language: &str, text: &str) {
        self.speaker.speak(language, text);
    }

    /// Stops what the engine says now.
    pub fn hush(&self) {
        self.speaker.stop();
    }

    /// The visit ended (or the mode is off): silence, and nothing remembered.
    pub fn end(&mut self) {
        if self.focus.is_some() || !self.texts_shown.is_empty() {
            self.speaker.stop();
        }
        self.focus = None;
        self.press = None;
        self.tap = None;
        self.activate = None;
        self.texts_shown.clear();
        self.idle_warned = false;
        self.intro = None;
        self.reading_until = None;
        self.held.clear();
        self.screen = None;
        self.clip_at = None;
    }

    /// Makes `label` the target a double tap activates (the idle warning's Continue).
    pub fn focus_on(&mut self, targets: &[Target], label: &str) {
        if let Some(target) = targets.iter().find(|t| t.label == label) {
            self.focus = Some(Focus {
                label: target.label.clone(),
                id: target.id,
            });
        }
    }

    /// At the start of a frame: the click a double tap asked for, as an AccessKit
    /// action on the widget. Returns whether there was one.
    pub fn begin_frame(&mut self, ctx: &egui::Context) -> bool {
        let Some(id) = self.activate.take() else {
            return false;
        };
        ctx.input_mut(|input| {
            input.events.push(egui::Event::AccessKitActionRequest(
                egui::accesskit::ActionRequest {
                    action: egui::accesskit::Action::Click,
                    target_tree: egui::accesskit::TreeId::ROOT,
                    target_node: id.accesskit_id(),
                    data: None,
                },
            ));
        });
        true
    }

    /// Reads this frame's touches against the targets of the last frame. A finger on
    /// the `recorded` text (a panel body with narration in this language) starts its
    /// recording instead of the synthesiser ([`Self::clip_due`]).
    pub fn gestures(
        &mut self,
        ctx: &egui::Context,
        targets: &[Target],
        language: &str,
        recorded: Option<&str>,
        now: Duration,
        swipe_distance: f32,
    ) -> Handled {
        let (touched, pressed, released, down, position) = ctx.input(|i| {
            let touched = i.events.iter().any(|event| {
                matches!(
                    event,
                    egui::Event::PointerButton { .. } | egui::Event::Touch { .. }
                )
            });
            (
                touched,
                i.pointer.primary_pressed(),
                i.pointer.primary_released(),
                i.pointer.primary_down(),
                i.pointer.interact_pos().or(i.pointer.latest_pos()),
            )
        });
        let mut handled = Handled {
            touched,
            ..Handled::default()
        };
        let mut heard = Heard::Nothing;
        // The fingers of a gesture of several are not taps, holds or swipes of one.
        if self.contact.several() {
            self.press = None;
            self.tap = None;
            return handled;
        }
        if pressed && let Some(origin) = position {
            self.press = Some(Press {
                origin,
                at: now,
                explored: false,
            });
        }
        if let Some(press) = &mut self.press
            && let Some(at) = position
        {
            let held = now.saturating_sub(press.at);
            if (down || released) && held >= HOLD {
                press.explored = true;
                heard = heard.or(explore(
                    &self.speaker,
                    &mut self.focus,
                    targets,
                    at,
                    language,
                    recorded,
                ));
                // Exploring cancels a tap that was waiting for its second.
                self.tap = None;
            } else if down {
                handled.again_within = Some(HOLD.saturating_sub(held));
            }
        }
        if released && let Some(press) = self.press.take() {
            let end = position.unwrap_or(press.origin);
            let moved = end - press.origin;
            let quick = now.saturating_sub(press.at) < SWIPE_TIME;
            if !press.explored && quick && moved.x.abs() > swipe_distance {
                if moved.x.abs() > 2.0 * moved.y.abs() {
                    handled.spoke |= self.step(targets, language, moved.x > 0.0);
                }
                self.tap = None;
            } else if !press.explored && moved.length() < swipe_distance / 2.0 {
                match self.tap.take() {
                    Some((_, first)) if now.saturating_sub(first) <= DOUBLE_TAP => {
                        self.activate = self.focus.as_ref().and_then(|f| f.id);
                        if self.activate.is_some() {
                            ctx.request_repaint();
                        }
                    }
                    _ => self.tap = Some((end, now)),
                }
            }
        }
        // A single tap, once no second has come, explores where it was.
        if let Some((at, first)) = self.tap {
            let waited = now.saturating_sub(first);
            if waited > DOUBLE_TAP {
                self.tap = None;
                heard = heard.or(explore(
                    &self.speaker,
                    &mut self.focus,
                    targets,
                    at,
                    language,
                    recorded,
                ));
            } else {
                let left = DOUBLE_TAP - waited + Duration::from_millis(10);
                handled.again_within = Some(handled.again_within.map_or(left, |d| d.min(left)));
            }
        }
        handled.spoke |= heard != Heard::Nothing;
        if handled.spoke {
            self.interrupted();
        }
        if heard == Heard::Recording {
            self.clip_at = Some(now);
        }
        handled
    }

    /// Moves to the next (or previous) target in reading order and speaks it.
    fn step(&mut self, targets: &[Target], language: &str, forwards: bool) -> bool {
        let order = reading_order(targets);
        if order.is_empty() {
            return false;
        }
        let current = self
            .focus
            .as_ref()
            .and_then(|f| order.iter().position(|t| t.label == f.label));
        let next = match (current, forwards) {
            (None, true) => 0,
            (None, false) => order.len() - 1,
            (Some(i), true) => (i + 1).min(order.len() - 1),
            (Some(i), false) => i.saturating_sub(1),
        };
        let Some(target) = order.get(next) else {
            return false;
        };
        self.focus = Some(Focus {
            label: target.label.clone(),
            id: target.id,
        });
        self.speaker.speak(language, &spoken(target, language));
        true
    }

    /// After a frame: reads out the texts that have appeared since the last one, in
    /// reading order, unless narration is speaking. Texts that appear on the same
    /// screen while its reading is still under way (the home screen's theme headings,
    /// laid out a frame later) wait for it to end: each utterance interrupts the last,
    /// and they would cut the welcome off.
    /// The `recorded` text (a panel body with narration in this language) is played
    /// from its recording instead ([`Self::clip_due`]).
    pub fn read_new_texts(
        &mut self,
        targets: &[Target],
        screen: &Screen,
        language: &str,
        narration_playing: bool,
        recorded: Option<&str>,
        now: Duration,
    ) {
        let here = (screen.clone(), language.to_owned());
        let fresh = self.screen.as_ref() != Some(&here);
        if fresh {
            self.new_screen();
            self.screen = Some(here);
        }
        let texts: Vec<String> = reading_order(targets)
            .into_iter()
            .filter(|t| t.kind == TargetKind::Read)
            .map(|t| t.label.clone())
            .collect();
        let new: Vec<String> = texts
            .iter()
            .filter(|text| !self.texts_shown.contains(text) && !self.held.contains(text))
            .cloned()
            .collect();
        self.texts_shown = texts;
        let reading = self.reading_until.is_some_and(|until| until > now);
        // Narration is not talked over, but a screen the visitor has just come to is
        // read (the narration makes way): the photo opened while its panel is narrated.
        if !narration_playing || fresh {
            for text in new {
                // Bounded: a screen that keeps making texts cannot grow it.
                if self.held.len() < MOST_HELD {
                    self.held.push(text);
                }
            }
        }
        if reading && self.intro.is_none() {
            return;
        }
        let intro = self.intro.take();
        let held = std::mem::take(&mut self.held);
        let mut said: Vec<&str> = intro.as_deref().into_iter().collect();
        said.extend(held.iter().map(String::as_str));
        if !said.is_empty() {
            self.say_with_clip(language, &said, recorded, now);
        }
    }

    /// The visitor is on another screen (or page, or language): its texts are read at
    /// once, whatever was being read before.
    pub fn new_screen(&mut self) {
        self.reading_until = None;
        self.held.clear();
        self.clip_at = None;
    }

    /// The visitor's finger made the voice speak: what was being read is over.
    fn interrupted(&mut self) {
        self.reading_until = None;
        self.held.clear();
        self.clip_at = None;
    }
}

/// What a finger exploring heard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Heard {
    Nothing,
    /// The synthesiser said the target.
    Spoken,
    /// The target is the recorded text: its recording is to play.
    Recording,
}

impl Heard {
    /// The later of two explorations in a frame wins, unless it heard nothing.
    fn or(self, later: Heard) -> Heard {
        if later == Heard::Nothing { self } else { later }
    }
}

/// Speaks the target under `at` if it is not the one last spoken; the `recorded` text
/// is not synthesised but left to its recording (what is being said stops for it).
fn explore(
    speaker: &Arc<dyn Speaker>,
    focus: &mut Option<Focus>,
    targets: &[Target],
    at: Pos2,
    language: &str,
    recorded: Option<&str>,
) -> Heard {
    let Some(target) = target_at(targets, at) else {
        return Heard::Nothing;
    };
    if focus.as_ref().is_some_and(|f| f.label == target.label) {
        return Heard::Nothing;
    }
    *focus = Some(Focus {
        label: target.label.clone(),
        id: target.id,
    });
    if target.kind == TargetKind::Read && recorded == Some(target.label.as_str()) {
        speaker.stop();
        return Heard::Recording;
    }
    speaker.speak(language, &spoken(target, language));
    Heard::Spoken
}

/// What a finger on `target` hears: its name, and its role when it does something.
pub fn spoken(target: &Target, language: &str) -> String {
    let zh = language == "zh";
    // A photo is said first, its caption and description after it.
    if target.role == egui::Role::Image {
        let role = if zh { "照片：" } else { "Photo: " };
        return format!("{role}{}", target.label);
    }
    let role = match target.role {
        egui::Role::Button => Some(if zh { "按钮" } else { "button" }),
        _ => None,
    };
    match role {
        Some(role) if zh => format!("{}，{role}", target.label),
        Some(role) => format!("{}, {role}", target.label),
        None => target.label.clone(),
    }
}

/// The targets a finger can hear, in reading order: rows from the top, each row left to
/// right. Whole-page swipe areas and unnamed targets are left out.
pub fn reading_order(targets: &[Target]) -> Vec<&Target> {
    let mut order: Vec<&Target> =
        targets
            .iter()
            .filter(|t| readable(t))
            .fold(Vec::new(), |mut seen: Vec<&Target>, t| {
                // A target drawn twice in a frame (a slide between panels) is read once.
                if !seen.iter().any(|s| s.label == t.label && s.rect == t.rect) {
                    seen.push(t);
                }
                seen
            });
    // Rows: targets whose tops are within a band of 24 points read as one line.
    order.sort_by(|a, b| {
        let row = |t: &Target| (t.rect.min.y / 24.0).floor() as i64;
        row(a)
            .cmp(&row(b))
            .then(a.rect.min.x.total_cmp(&b.rect.min.x))
    });
    order
}

fn readable(target: &Target) -> bool {
    !target.label.trim().is_empty() && matches!(target.kind, TargetKind::Tap | TargetKind::Read)
}

/// The smallest readable target under `at` (a button inside a card is the button).
pub fn target_at(targets: &[Target], at: Pos2) -> Option<&Target> {
    targets
        .iter()
        .filter(|t| readable(t) && t.rect.contains(at))
        .min_by(|a, b| area(a.rect).total_cmp(&area(b.rect)))
}

fn area(rect: Rect) -> f32 {
    rect.width() * rect.height()
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::egui::{pos2, vec2};

    fn target(label: &str, x: f32, y: f32, kind: TargetKind) -> Target {
        Target {
            label: label.to_owned(),
            rect: Rect::from_min_size(pos2(x, y), vec2(100.0, 50.0)),
            kind,
            role: if kind == TargetKind::Read {
                egui::Role::Label
            } else {
                egui::Role::Button
            },
            id: None,
        }
    }

    #[test]
    fn reading_order_is_rows_from_the_top_then_left_to_right() {
        let targets = [
            target("right", 500.0, 105.0, TargetKind::Tap),
            target("body", 0.0, 300.0, TargetKind::Read),
            target("left", 0.0, 100.0, TargetKind::Tap),
            target("page", 0.0, 0.0, TargetKind::Swipe),
            target("", 0.0, 0.0, TargetKind::Tap),
        ];
        let order: Vec<&str> = reading_order(&targets)
            .iter()
            .map(|t| t.label.as_str())
            .collect();
        assert_eq!(order, ["left", "right", "body"]);
    }

    #[test]
    fn a_button_says_its_role_in_the_visit_language_and_text_does_not() {
        let button = target("English", 0.0, 0.0, TargetKind::Tap);
        assert_eq!(spoken(&button, "en"), "English, button");
        assert_eq!(spoken(&button, "zh"), "English，按钮");
        let text = target("衡阳", 0.0, 0.0, TargetKind::Read);
        assert_eq!(spoken(&text, "zh"), "衡阳");
    }

    #[test]
    fn texts_read_together_end_each_in_one_full_stop() {
        assert_eq!(
            sentences(&["语音导览已开启。", "衡阳红色记忆", "星火初燃"], "zh"),
            "语音导览已开启。衡阳红色记忆。星火初燃。"
        );
        assert_eq!(
            sentences(&["Still there?", "Red Memories of Hengyang"], "en"),
            "Still there? Red Memories of Hengyang."
        );
    }

    #[test]
    fn the_finger_hears_the_smallest_target_under_it() {
        let card = Target {
            rect: Rect::from_min_size(pos2(0.0, 0.0), vec2(800.0, 600.0)),
            ..target("card text", 0.0, 0.0, TargetKind::Read)
        };
        let button = target("Next", 10.0, 10.0, TargetKind::Tap);
        let targets = [button, card];
        assert_eq!(target_at(&targets, pos2(20.0, 20.0)).unwrap().label, "Next");
        assert_eq!(
            target_at(&targets, pos2(400.0, 400.0)).unwrap().label,
            "card text"
        );
        assert!(target_at(&targets, pos2(900.0, 900.0)).is_none());
    }
}
