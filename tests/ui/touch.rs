//! A touch screen, as the session delivers it. winit turns Wayland's `wl_touch` (under
//! cage) and XInput2's touch events (under X11) into `WindowEvent::Touch`; egui-winit
//! passes each on as `Event::Touch` and, for the first finger only, also as a pointer
//! press, moves and release (then `PointerGone`). Under X11 winit sends one more
//! `CursorMoved` for that first finger, which egui-winit makes a `PointerMoved`. These
//! tests feed exactly those sequences (docs/INSTALL.md, "Touch screens"): a tap
//! presses, a swipe turns a page, a pinch zooms a photo without panning or closing it,
//! and a second finger alone presses nothing.

use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use xinghuo::visit::{Event, Screen};

use crate::common::{Kiosk, LANDSCAPE, PORTRAIT, base_hall, kiosk};

/// Which session the touches come through.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Session {
    /// cage: `wl_touch`.
    Wayland,
    /// xinit + matchbox: XInput2, with winit's extra cursor move for the first finger.
    X11,
}

/// One finger's events for a frame, as egui-winit makes them from winit's.
pub(crate) struct Finger {
    id: u64,
    /// Whether egui-winit turns this finger into the pointer (the first one down).
    is_pointer: bool,
}

fn touch(id: u64, phase: egui::TouchPhase, pos: egui::Pos2) -> egui::Event {
    egui::Event::Touch {
        device_id: egui::TouchDeviceId(7),
        id: egui::TouchId(id),
        phase,
        pos,
        force: None,
    }
}

fn press(pos: egui::Pos2, pressed: bool) -> egui::Event {
    egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    }
}

impl Finger {
    pub(crate) fn down(&self, session: Session, pos: egui::Pos2) -> Vec<egui::Event> {
        let mut events = Vec::new();
        if self.is_pointer && matches!(session, Session::X11) {
            events.push(egui::Event::PointerMoved(pos));
        }
        events.push(touch(self.id, egui::TouchPhase::Start, pos));
        if self.is_pointer {
            events.push(egui::Event::PointerMoved(pos));
            events.push(press(pos, true));
        }
        events
    }

    pub(crate) fn moved(&self, session: Session, pos: egui::Pos2) -> Vec<egui::Event> {
        let mut events = Vec::new();
        if self.is_pointer && matches!(session, Session::X11) {
            events.push(egui::Event::PointerMoved(pos));
        }
        events.push(touch(self.id, egui::TouchPhase::Move, pos));
        if self.is_pointer {
            events.push(egui::Event::PointerMoved(pos));
        }
        events
    }

    pub(crate) fn up(&self, session: Session, pos: egui::Pos2) -> Vec<egui::Event> {
        let mut events = Vec::new();
        if self.is_pointer && matches!(session, Session::X11) {
            events.push(egui::Event::PointerMoved(pos));
        }
        events.push(touch(self.id, egui::TouchPhase::End, pos));
        if self.is_pointer {
            events.push(press(pos, false));
            events.push(egui::Event::PointerGone);
        }
        events
    }
}

pub(crate) const FIRST: Finger = Finger {
    id: 1,
    is_pointer: true,
};
pub(crate) const SECOND: Finger = Finger {
    id: 2,
    is_pointer: false,
};

/// Feeds one frame's events and draws it.
pub(crate) fn frame(k: &mut Kiosk, events: Vec<egui::Event>) {
    for event in events {
        k.harness.event(event);
    }
    k.harness.step();
}

/// A finger tapping the middle of the widget named `label`.
fn finger_tap(k: &mut Kiosk, session: Session, label: &str) {
    let at = k.harness.get_by_label(label).rect().center();
    frame(k, FIRST.down(session, at));
    frame(k, FIRST.up(session, at));
    k.harness.run();
}

/// A finger drawn from `from` to `to` in a few frames.
fn finger_swipe(k: &mut Kiosk, session: Session, from: egui::Pos2, to: egui::Pos2) {
    frame(k, FIRST.down(session, from));
    for step in 1..=6 {
        frame(
            k,
            FIRST.moved(session, from + (to - from) * (step as f32 / 6.0)),
        );
    }
    frame(k, FIRST.up(session, to));
    k.harness.run();
}

fn exhibit(id: &str, panel: usize) -> Screen {
    Screen::Exhibit {
        id: id.to_owned(),
        panel,
    }
}

fn a_visit_by_finger(session: Session, size: egui::Vec2) {
    let mut k = kiosk(&base_hall(), size);
    finger_tap(&mut k, session, "点击开始 Touch to begin");
    assert_eq!(
        k.screen(),
        Screen::Home,
        "{session:?}: the tap began a visit"
    );
    finger_tap(&mut k, session, "甲展品");
    assert_eq!(k.screen(), exhibit("alpha", 0), "{session:?}");

    let middle = size.to_pos2() * 0.5;
    let swipe = egui::vec2(size.x * 0.35, 0.0);
    finger_swipe(&mut k, session, middle + swipe, middle - swipe);
    assert_eq!(
        k.screen(),
        exhibit("alpha", 1),
        "{session:?}: the swipe turned a page"
    );
    finger_swipe(&mut k, session, middle - swipe, middle + swipe);
    assert_eq!(k.screen(), exhibit("alpha", 0), "{session:?}: and back");

    finger_tap(&mut k, session, "English");
    assert_eq!(k.language(), "en", "{session:?}");
    finger_tap(&mut k, session, "Home");
    assert_eq!(k.screen(), Screen::Home, "{session:?}");
}

#[test]
fn a_finger_taps_and_swipes_through_a_visit_under_wayland_and_x11() {
    a_visit_by_finger(Session::Wayland, LANDSCAPE);
    a_visit_by_finger(Session::X11, LANDSCAPE);
    a_visit_by_finger(Session::Wayland, PORTRAIT);
}

fn pinch_in_the_viewer(session: Session) {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    finger_tap(&mut k, session, "点击开始 Touch to begin");
    finger_tap(&mut k, session, "甲展品");
    finger_tap(&mut k, session, "放大查看 甲图");
    assert!(matches!(k.screen(), Screen::Photo { photo: 0, .. }));
    k.take_events();

    // Two fingers on the photo, moving apart about the middle.
    let centre = egui::pos2(960.0, 480.0);
    let apart = |d: f32| (centre - egui::vec2(d, 0.0), centre + egui::vec2(d, 0.0));
    let (left, right) = apart(60.0);
    frame(&mut k, FIRST.down(session, left));
    frame(&mut k, SECOND.down(session, right));
    for step in 1..=8 {
        let (left, right) = apart(60.0 + 30.0 * step as f32);
        let mut events = FIRST.moved(session, left);
        events.extend(SECOND.moved(session, right));
        frame(&mut k, events);
    }
    let (left, right) = apart(300.0);
    frame(&mut k, SECOND.up(session, right));
    frame(&mut k, FIRST.up(session, left));
    k.harness.run();

    assert!(
        matches!(k.screen(), Screen::Photo { photo: 0, .. }),
        "{session:?}: a pinch never closes the viewer"
    );
    // How far the photo was zoomed is recorded as the visitor leaves it.
    k.tap("关闭");
    let events = k.take_events();
    assert!(
        events.iter().any(|e| matches!(
            e,
            Event::PhotoZoomed { photo: 0, zoom_percent, .. } if *zoom_percent > 105
        )),
        "{session:?}: the pinch zoomed the photo: {events:?}"
    );
}

#[test]
fn a_pinch_zooms_a_photo_under_wayland_and_x11() {
    pinch_in_the_viewer(Session::Wayland);
    pinch_in_the_viewer(Session::X11);
}

/// egui-winit makes only the first finger the pointer: a second finger landing on a
/// button while the first rests elsewhere presses nothing.
#[test]
fn a_second_finger_alone_presses_nothing() {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    finger_tap(&mut k, Session::Wayland, "点击开始 Touch to begin");
    assert_eq!(k.screen(), Screen::Home);
    let button = k.harness.get_by_label("甲展品").rect().center();
    let resting = egui::pos2(20.0, 20.0);
    frame(&mut k, FIRST.down(Session::Wayland, resting));
    frame(&mut k, SECOND.down(Session::Wayland, button));
    frame(&mut k, SECOND.up(Session::Wayland, button));
    frame(&mut k, FIRST.up(Session::Wayland, resting));
    k.harness.run();
    assert_eq!(k.screen(), Screen::Home);
}

/// The glass as egui-winit reports it, for gestures of several fingers: each finger's
/// touch event, and the pointer it makes of a finger — the first one down while no
/// finger is the pointer — with its press, moves and release (`on_touch`). A frame's
/// events are delivered together, as a real window's are; the harness's own `event`
/// would give each one a frame of its own.
#[derive(Default)]
pub(crate) struct Glass {
    /// The finger egui-winit has made the pointer.
    pointer: Option<u64>,
    /// Where egui-winit thinks the pointer is: a release is sent only while it knows.
    pointer_at: Option<egui::Pos2>,
    /// This frame's events so far.
    events: Vec<egui::Event>,
}

impl Glass {
    /// One finger's touch, and what egui-winit makes of it for the pointer.
    pub(crate) fn touch(&mut self, id: u64, phase: egui::TouchPhase, pos: egui::Pos2) {
        self.events.push(touch(id, phase, pos));
        if self.pointer.is_some_and(|pointer| pointer != id) {
            return;
        }
        match phase {
            egui::TouchPhase::Start => {
                self.pointer = Some(id);
                self.pointer_at = Some(pos);
                self.events.push(egui::Event::PointerMoved(pos));
                self.events.push(press(pos, true));
            }
            egui::TouchPhase::Move => {
                self.pointer_at = Some(pos);
                self.events.push(egui::Event::PointerMoved(pos));
            }
            egui::TouchPhase::End | egui::TouchPhase::Cancel => {
                self.pointer = None;
                if phase == egui::TouchPhase::End
                    && let Some(at) = self.pointer_at
                {
                    self.events.push(press(at, false));
                }
                self.pointer_at = None;
                self.events.push(egui::Event::PointerGone);
            }
        }
    }

    /// Draws one frame with the events touched since the last.
    pub(crate) fn frame(&mut self, k: &mut Kiosk) {
        k.harness
            .input_mut()
            .events
            .extend(std::mem::take(&mut self.events));
        k.harness.step();
    }
}
