//! Opening hours across a week on a hand-driven clock: dark exactly outside the hours,
//! a touch on the dark screen only wakes it, staff keep it on, closing ends the visit.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use eframe::egui;
use xinghuo::app::DARK_RECHECK;
use xinghuo::clock::{Clock as _, ManualClock};
use xinghuo::pin::{PinKind, hash_pin, with_pin_hash};
use xinghuo::schedule::{CHINA, parse_date, parse_time};
use xinghuo::ui::admin::KEEP_ON;
use xinghuo::visit::{Event, Screen};

use crate::common::{Kiosk, LANDSCAPE, base_hall, kiosk_on};
use crate::support::copy_dir;

/// 09:00–17:00, closed on Mondays; closed on Wednesday 3 June; 08:30–20:00 on
/// Thursday 4 June. Admin PIN 2468.
const SCHEDULE: &str = r#"
    schedule: Some(Schedule(
        open: "09:00",
        close: "17:00",
        closed_on: [Monday],
        exceptions: [
            (date: "2026-06-03", closed: true),
            (date: "2026-06-04", open: "08:30", close: "20:00"),
        ],
    )),
)"#;

fn hall_with_hours() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&base_hall(), dir.path());
    let path = dir.path().join("kiosk.ron");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\n)", SCHEDULE);
    let text = with_pin_hash(&text, PinKind::Admin, &hash_pin("2468").unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    dir
}

/// The calendar time of a Beijing date and time.
fn beijing(day: &str, at: &str) -> SystemTime {
    let seconds = time::PrimitiveDateTime::new(parse_date(day).unwrap(), parse_time(at).unwrap())
        .assume_offset(CHINA)
        .unix_timestamp();
    UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).unwrap())
}

fn kiosk_at(hall: &std::path::Path, day: &str, at: &str) -> Kiosk {
    kiosk_on(
        hall,
        LANDSCAPE,
        ManualClock::starting_at(beijing(day, at)),
        |_| {},
    )
}

/// Moves the clock on to a Beijing date and time, and lets a frame run.
fn go_to(k: &mut Kiosk, day: &str, at: &str) {
    let target = beijing(day, at);
    let by = target
        .duration_since(k.clock.wall())
        .expect("the clock only moves on");
    k.clock.advance(by);
    k.harness.step();
    k.harness.run();
}

fn repaint_delay(k: &Kiosk) -> Duration {
    k.harness.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}

fn tap_at(k: &mut Kiosk, pos: egui::Pos2) {
    k.harness.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        k.harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    k.harness.run();
}

#[test]
fn the_kiosk_is_dark_exactly_outside_the_hours_across_a_week() {
    let hall = hall_with_hours();
    // Monday 1 June, 09:00: closed all day.
    let mut k = kiosk_at(hall.path(), "2026-06-01", "09:00");
    assert!(k.app().is_dark(), "Mondays are closed");
    assert!(
        !k.has("点击开始 Touch to begin"),
        "nothing is drawn to press"
    );
    assert_eq!(
        repaint_delay(&k),
        DARK_RECHECK,
        "asleep, looking again within the hour"
    );

    go_to(&mut k, "2026-06-02", "08:30");
    assert!(k.app().is_dark());
    assert_eq!(
        repaint_delay(&k),
        Duration::from_secs(30 * 60),
        "one repaint, at the opening"
    );
    go_to(&mut k, "2026-06-02", "08:59");
    assert!(k.app().is_dark(), "Tuesday 08:59");
    go_to(&mut k, "2026-06-02", "09:00");
    assert!(!k.app().is_dark(), "Tuesday 09:00");
    assert!(k.has("点击开始 Touch to begin"));
    go_to(&mut k, "2026-06-02", "16:59");
    assert!(!k.app().is_dark(), "Tuesday 16:59");
    go_to(&mut k, "2026-06-02", "17:00");
    assert!(k.app().is_dark(), "Tuesday 17:00");

    // Wednesday is closed by a dated exception.
    go_to(&mut k, "2026-06-03", "12:00");
    assert!(k.app().is_dark(), "closed on 3 June");
    // Thursday has longer hours.
    go_to(&mut k, "2026-06-04", "08:29");
    assert!(k.app().is_dark());
    go_to(&mut k, "2026-06-04", "08:30");
    assert!(!k.app().is_dark(), "Thursday opens at 08:30");
    go_to(&mut k, "2026-06-04", "19:59");
    assert!(!k.app().is_dark(), "and stays open until 20:00");
    go_to(&mut k, "2026-06-04", "20:00");
    assert!(k.app().is_dark());

    for day in ["2026-06-05", "2026-06-06", "2026-06-07"] {
        go_to(&mut k, day, "08:59");
        assert!(k.app().is_dark(), "{day} 08:59");
        go_to(&mut k, day, "09:00");
        assert!(!k.app().is_dark(), "{day} 09:00");
        go_to(&mut k, day, "17:00");
        assert!(k.app().is_dark(), "{day} 17:00");
    }
    go_to(&mut k, "2026-06-08", "12:00");
    assert!(k.app().is_dark(), "the next Monday");
}

#[test]
fn a_touch_on_the_dark_screen_only_wakes_it_and_presses_nothing() {
    let hall = hall_with_hours();
    let mut k = kiosk_at(hall.path(), "2026-06-02", "16:50");
    let quiz = "知识问答 · Quiz";
    let spot = {
        use egui_kittest::kittest::Queryable as _;
        k.harness.get_by_label(quiz).rect().center()
    };
    go_to(&mut k, "2026-06-02", "17:30");
    assert!(k.app().is_dark());

    tap_at(&mut k, spot);
    assert!(!k.app().is_dark(), "the touch woke the kiosk");
    assert_eq!(
        k.screen(),
        Screen::Attract,
        "and did not open the quiz under it"
    );
    assert!(k.has(quiz));
    assert!(
        !k.take_events()
            .iter()
            .any(|e| matches!(e, Event::VisitStarted { .. })),
        "no visit began"
    );

    tap_at(&mut k, spot);
    assert_eq!(
        k.screen(),
        Screen::Quiz,
        "lit, the same spot opens the quiz"
    );

    // Left alone, the woken kiosk goes dark again and the visit ends.
    k.wait(30);
    assert!(!k.app().is_dark());
    k.wait(WAKE_SECS);
    assert!(
        k.app().is_dark(),
        "dark again two minutes after the last touch"
    );
    assert_eq!(k.screen(), Screen::Attract);
}

const WAKE_SECS: u64 = 120;

#[test]
fn closing_ends_the_visit_in_progress() {
    let hall = hall_with_hours();
    let mut k = kiosk_at(hall.path(), "2026-06-02", "16:59");
    k.tap("点击开始 Touch to begin");
    assert_eq!(k.screen(), Screen::Home);
    k.take_events();
    go_to(&mut k, "2026-06-02", "17:00");
    assert!(k.app().is_dark());
    assert_eq!(k.screen(), Screen::Attract);
    let events = k.take_events();
    assert!(
        events.iter().any(|e| matches!(
            e,
            Event::VisitEnded {
                ending: xinghuo::visit::Ending::HallClosed,
                ..
            }
        )),
        "the visit is ended for statistics: {events:?}"
    );
}

#[test]
fn staff_keep_it_on_outside_the_hours_until_the_hall_next_opens() {
    let hall = hall_with_hours();
    let mut k = kiosk_at(hall.path(), "2026-06-02", "16:50");
    k.app_mut().open_pin_pad();
    k.harness.run();
    for digit in "2468".chars() {
        k.tap(&digit.to_string());
    }
    k.tap("OK");
    assert!(k.has("管理 · Administration"));
    assert!(k.has("开放中 · Open; closes Tue 2 Jun 17:00"));
    k.tap(KEEP_ON);
    assert!(k.app().is_kept_on());
    assert!(k.has(
        "开放中 · Open; closes Tue 2 Jun 17:00 · 保持亮屏至下次开馆 Kept on until the hall next opens"
    ));
    k.tap("关闭 Close");

    go_to(&mut k, "2026-06-02", "21:00");
    assert!(!k.app().is_dark(), "kept on in the evening");
    go_to(&mut k, "2026-06-03", "12:00");
    assert!(!k.app().is_dark(), "and through the closed Wednesday");
    go_to(&mut k, "2026-06-04", "08:30");
    assert!(!k.app().is_kept_on(), "until the hall opens again");
    go_to(&mut k, "2026-06-04", "20:00");
    assert!(k.app().is_dark(), "the next evening is dark again");
}

#[test]
fn a_hall_without_hours_is_always_on() {
    let mut k = kiosk_on(
        &base_hall(),
        LANDSCAPE,
        ManualClock::starting_at(beijing("2026-06-01", "03:00")),
        |_| {},
    );
    assert!(!k.app().is_dark());
    go_to(&mut k, "2026-06-07", "23:00");
    assert!(!k.app().is_dark());
}
