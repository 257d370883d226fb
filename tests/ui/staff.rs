//! Staff: the corner hold, the PIN pad (right, wrong, lockout, auto-close), the
//! overlay, quitting, and live reload of curator edits.

use std::time::Duration;

use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use xinghuo::admin::Stage;
use xinghuo::pin::{PinKind, hash_pin, with_pin_hash};
use xinghuo::visit::Screen;

use crate::common::{Kiosk, LANDSCAPE, base_hall, edit, kiosk, watching_kiosk};
use crate::support::copy_dir;

/// A copy of the base hall with admin PIN 2468 and guide PIN 1357.
pub(crate) fn hall_with_pins() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&base_hall(), dir.path());
    let path = dir.path().join("kiosk.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = with_pin_hash(&text, PinKind::Admin, &hash_pin("2468").unwrap()).unwrap();
    let text = with_pin_hash(&text, PinKind::Guide, &hash_pin("1357").unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    dir
}

/// Presses and holds the top-left corner for `seconds`.
pub(crate) fn hold_corner(k: &mut Kiosk, seconds: u64) {
    let corner = egui::pos2(8.0, 8.0);
    k.harness.event(egui::Event::PointerMoved(corner));
    k.harness.event(egui::Event::PointerButton {
        pos: corner,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    k.harness.step();
    for _ in 0..seconds * 2 {
        k.clock.advance(Duration::from_millis(500));
        k.harness.step();
    }
    k.harness.event(egui::Event::PointerButton {
        pos: corner,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    k.harness.run();
}

pub(crate) fn enter(k: &mut Kiosk, pin: &str) {
    for digit in pin.chars() {
        k.tap(&digit.to_string());
    }
    k.tap("OK");
}

#[test]
fn the_right_pin_opens_the_overlay_and_quit_is_the_way_out() {
    let hall = hall_with_pins();
    let mut k = kiosk(hall.path(), LANDSCAPE);
    hold_corner(&mut k, 1);
    assert_eq!(
        *k.app().staff_stage(),
        Stage::Closed,
        "a short press does nothing"
    );
    hold_corner(&mut k, 3);
    assert!(k.has("管理员 · Staff"), "the PIN pad opens");
    enter(&mut k, "2468");
    assert_eq!(*k.app().staff_stage(), Stage::Overlay);
    assert!(k.has("管理 · Administration"));
    assert!(
        k.has("2 exhibits, 1 tour, 24 media files: 0 errors, 0 warnings"),
        "the check summary shows"
    );

    k.tap("退出星火 · Quit the kiosk");
    k.tap("再按一次确认退出 · Tap again to quit");
    assert!(k.app().is_quitting(), "the window is asked to close");
}

#[test]
fn wrong_pins_lock_the_pad_for_a_minute() {
    let hall = hall_with_pins();
    let mut k = kiosk(hall.path(), LANDSCAPE);
    hold_corner(&mut k, 3);
    enter(&mut k, "1111");
    assert!(k.has("密码不对 · Wrong PIN (4 tries left)"));
    for _ in 0..4 {
        enter(&mut k, "1111");
    }
    assert!(k.has("请稍候 60 秒 · Locked for 60 s"));
    enter(&mut k, "2468");
    assert!(
        matches!(k.app().staff_stage(), Stage::Pad(_)),
        "locked even for the right PIN"
    );
    k.wait(61);
    assert_eq!(
        *k.app().staff_stage(),
        Stage::Closed,
        "the idle pad closes itself"
    );
    hold_corner(&mut k, 3);
    enter(&mut k, "2468");
    assert_eq!(*k.app().staff_stage(), Stage::Overlay);
}

#[test]
fn the_pad_and_the_overlay_close_themselves() {
    let hall = hall_with_pins();
    let mut k = kiosk(hall.path(), LANDSCAPE);
    hold_corner(&mut k, 3);
    k.wait(61);
    assert_eq!(*k.app().staff_stage(), Stage::Closed);
    hold_corner(&mut k, 3);
    enter(&mut k, "2468");
    k.wait(30);
    assert_eq!(*k.app().staff_stage(), Stage::Overlay);
    k.wait(31);
    assert_eq!(*k.app().staff_stage(), Stage::Closed);
}

#[test]
fn no_pin_set_says_how_to_set_one() {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    hold_corner(&mut k, 3);
    enter(&mut k, "1234");
    assert!(k.has("未设置密码：请运行 kiosk set-pin · No PIN set: run kiosk set-pin"));
}

#[test]
fn a_good_edit_applies_and_a_broken_one_keeps_the_last_good_version() {
    let hall = tempfile::tempdir().unwrap();
    copy_dir(&base_hall(), hall.path());
    let mut k = kiosk(hall.path(), LANDSCAPE);

    edit(
        hall.path(),
        "exhibits/01-alpha.ron",
        "\"甲展品\"",
        "\"甲展品新\"",
    );
    k.harness.state_mut().reload_now();
    k.harness.run();
    assert_eq!(
        k.app().hall().exhibits[0].title.get("zh", "zh"),
        "甲展品新",
        "on attract a reload applies at once"
    );

    // Break the file: the kiosk keeps the good version, and says so to staff only.
    edit(
        hall.path(),
        "exhibits/01-alpha.ron",
        "    theme: \"people\",",
        "    theme: \"people\"",
    );
    k.harness.state_mut().reload_now();
    k.harness.run();
    assert_eq!(k.app().hall().exhibits.len(), 2);
    assert_eq!(k.app().hall().exhibits[0].title.get("zh", "zh"), "甲展品新");
    assert_eq!(k.app().diagnostics().error_count(), 1);
    k.tap("点击开始 Touch to begin");
    assert!(
        k.harness.query_by_label_contains("error").is_none(),
        "visitors never see errors"
    );
}

#[test]
fn a_visitor_in_an_exhibit_is_never_yanked() {
    let hall = tempfile::tempdir().unwrap();
    copy_dir(&base_hall(), hall.path());
    let mut k = kiosk(hall.path(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    edit(
        hall.path(),
        "exhibits/01-alpha.ron",
        "\"第一页\"",
        "\"第一页（新）\"",
    );
    edit(
        hall.path(),
        "exhibits/01-alpha.ron",
        "\"第二页\"",
        "\"第二页（新）\"",
    );
    k.harness.state_mut().reload_now();
    k.harness.run();
    assert!(
        k.has("第一页"),
        "the page the visitor reads stays as it was"
    );
    assert!(k.app().has_pending_reload());
    k.tap("下一页");
    assert!(k.has("第二页（新）"), "the edit applies at the next step");
    assert_eq!(
        k.screen(),
        Screen::Exhibit {
            id: "alpha".into(),
            panel: 1
        }
    );

    // An exhibit removed while being read: the visitor stays until they move on.
    std::fs::remove_file(hall.path().join("exhibits/01-alpha.ron")).unwrap();
    k.harness.state_mut().reload_now();
    k.harness.run();
    assert!(k.has("第二页（新）"));
    k.tap("上一页");
    assert_eq!(
        k.screen(),
        Screen::Home,
        "a vanished exhibit leads home, never to a blank screen"
    );
}

#[test]
fn a_saved_file_reaches_the_running_kiosk() {
    let hall = tempfile::tempdir().unwrap();
    copy_dir(&base_hall(), hall.path());
    let mut harness = watching_kiosk(hall.path());
    edit(
        hall.path(),
        "exhibits/02-beta.ron",
        "\"乙展品\"",
        "\"乙展品新\"",
    );
    // Wait for the watcher (debounced) and the background load: well under 2 s.
    let mut seen = false;
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
        if harness.state().hall().exhibits[1].title.get("zh", "zh") == "乙展品新" {
            seen = true;
            break;
        }
    }
    assert!(seen, "the edit was picked up by the file watcher");
}

#[test]
fn kiosk_ron_saved_by_rename_is_still_watched() {
    let hall = tempfile::tempdir().unwrap();
    copy_dir(&base_hall(), hall.path());
    let mut harness = watching_kiosk(hall.path());
    // Saved twice the way editors and `kiosk set-pin` do: a new file renamed over the old.
    for title in ["展厅一", "展厅二"] {
        let path = hall.path().join("kiosk.ron");
        let text = std::fs::read_to_string(&path).unwrap();
        let current = harness
            .state()
            .hall()
            .config
            .title
            .get("zh", "zh")
            .to_owned();
        let new = hall.path().join(".kiosk.ron.new");
        std::fs::write(
            &new,
            text.replace(&format!("\"{current}\""), &format!("\"{title}\"")),
        )
        .unwrap();
        std::fs::rename(&new, &path).unwrap();
        let mut seen = false;
        for _ in 0..100 {
            std::thread::sleep(Duration::from_millis(50));
            harness.step();
            if harness.state().hall().config.title.get("zh", "zh") == title {
                seen = true;
                break;
            }
        }
        assert!(seen, "the rename saving {title} was noticed");
    }
}

#[test]
fn staff_are_told_when_the_statistics_database_is_locked() {
    let hall = hall_with_pins();
    let mut k = crate::common::kiosk_with(hall.path(), LANDSCAPE, |o| o.statistics = true);
    let database = hall.path().join("data/visits.sqlite");
    let started = std::time::Instant::now();
    while !database.exists() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    // Another program holds the database (a backup tool, a second kiosk by mistake).
    let other = rusqlite::Connection::open(&database).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    k.tap("点击开始 Touch to begin");
    hold_corner(&mut k, 3);
    enter(&mut k, "2468");
    let mut told = false;
    let started = std::time::Instant::now();
    while !told && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
        k.harness.step();
        told = k
            .harness
            .query_by_label_contains("Statistics paused")
            .is_some();
    }
    assert!(told, "the overlay says the statistics are paused");
    other.execute_batch("COMMIT").unwrap();
}

/// The overlay once the kiosk's background self-test (started at once) has reported.
fn overlay_after_selftest(hall: &std::path::Path) -> Kiosk {
    let mut k = crate::common::kiosk_with(hall, LANDSCAPE, |o| {
        o.selftest = Some(Duration::ZERO);
    });
    hold_corner(&mut k, 3);
    enter(&mut k, "2468");
    let started = std::time::Instant::now();
    while k.has("自检进行中…… · Self-test running…") && started.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(50));
        k.harness.run();
    }
    k
}

#[test]
fn a_photo_that_cannot_be_decoded_makes_the_selftest_card_red_and_names_it() {
    let hall = hall_with_pins();
    copy_dir(
        &crate::common::repo().join("tests/fixtures/selftest/broken-photo"),
        hall.path(),
    );
    let k = overlay_after_selftest(hall.path());
    assert!(
        k.has("自检：1 个问题 · Self-test: 1 problem"),
        "the card is red"
    );
    assert!(
        k.has(
            "media/photos/beta.png: the photo cannot be shown: not a readable image: unexpected end of file · 照片无法显示"
        ),
        "it names the file"
    );
    assert!(k.has(
        "what to do: copy the photo again from the original, or save it again as JPEG or PNG · 处理：从原件重新复制照片，或重新存为 JPEG 或 PNG"
    ));
}

#[test]
fn a_sound_hall_has_a_green_selftest_card_with_its_warnings() {
    let hall = hall_with_pins();
    let k = overlay_after_selftest(hall.path());
    assert!(k.has("自检通过 · Self-test passed"), "the card is green");
    // The tests' kiosk runs silent: said, not hidden.
    assert!(k.has(
        "audio device: not tried: this kiosk runs without sound · 未检查：本机以静音方式运行"
    ));
}
