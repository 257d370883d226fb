//! Safe mode: a crash loop starts the kiosk on the last hall that ran cleanly, staff see
//! why and can leave it; a file broken overnight keeps its last good version at the next
//! start; a hall that runs cleanly for five minutes is kept.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use egui_kittest::kittest::Queryable as _;
use xinghuo::clock::ManualClock;
use xinghuo::content::{LoadOptions, load_hall};
use xinghuo::safe_mode::{self, Start};

use crate::common::{LANDSCAPE, edit, kiosk_loaded, kiosk_with, step_until};
use crate::staff::{enter, hall_with_pins, hold_corner};

fn alpha_title(app: &xinghuo::app::KioskApp) -> String {
    app.hall()
        .exhibit("alpha")
        .map(|e| e.title.get("zh", "zh").to_owned())
        .unwrap_or_default()
}

/// A hall kept as the last good one (in its `data/`), with `alpha` edited since.
fn hall_edited_since_kept(from: &str, to: &str) -> (tempfile::TempDir, PathBuf) {
    let hall = hall_with_pins();
    let data = hall.path().join("data");
    let config = load_hall(hall.path(), LoadOptions::default())
        .unwrap()
        .hall
        .config;
    safe_mode::keep_last_good(hall.path(), &config, &data).unwrap();
    edit(hall.path(), "exhibits/01-alpha.ron", from, to);
    (hall, data)
}

#[test]
fn a_crash_loop_starts_on_the_last_good_hall_and_staff_can_leave_it() {
    // An edit since, then two starts that ended without a clean stop.
    let (hall, data) = hall_edited_since_kept("\"甲展品\"", "\"甲展品新\"");
    let now = SystemTime::now();
    assert_eq!(
        safe_mode::record_start(&data, now - Duration::from_secs(120)),
        Start::Clean
    );
    safe_mode::record_start(&data, now - Duration::from_secs(60));
    std::fs::create_dir_all(data.join("logs")).unwrap();
    std::fs::write(
        data.join("logs/kiosk.2026-06-01.log"),
        "2026-06-01T09:00:00Z ERROR panic in thread `main` at src/x.rs:1: a test panic\n",
    )
    .unwrap();

    let loaded = load_hall(hall.path(), LoadOptions::default()).unwrap();
    let starting = safe_mode::starting_hall(hall.path(), &data, loaded, now);
    let safe = starting
        .safe_mode
        .clone()
        .expect("the third start is safe mode");
    assert_eq!(safe.starts, 3);
    let mut k = kiosk_loaded(
        starting.loaded,
        LANDSCAPE,
        ManualClock::default(),
        |options| {
            options.watch = true;
            options.safe_mode = Some(safe);
            options.keep_last_good = Some(data.clone());
        },
    );
    assert_eq!(
        alpha_title(k.app()),
        "甲展品",
        "the hall as it last ran cleanly"
    );
    assert_eq!(
        k.app().hall().root,
        hall.path(),
        "media and statistics stay the hall's own"
    );

    hold_corner(&mut k, 3);
    enter(&mut k, "2468");
    assert!(
        k.harness
            .query_by_label_contains(
                "Safe mode: the kiosk started 3 times within 10 minutes without a clean stop"
            )
            .is_some(),
        "the overlay says why"
    );
    assert!(
        k.harness
            .query_by_label_contains("panic in thread `main` at src/x.rs:1: a test panic")
            .is_some(),
        "and what failed, from the log"
    );

    // Not watching in safe mode: an edit stays out until staff leave it.
    k.tap("离开安全模式 · Leave safe mode");
    assert!(k.app().safe_mode().is_none());
    assert!(
        step_until(&mut k.harness, 10, |app| alpha_title(app) == "甲展品新"),
        "the hall's own files are loaded"
    );
    assert_eq!(
        safe_mode::record_start(&data, SystemTime::now()),
        Start::Clean,
        "leaving safe mode starts the count again"
    );
}

#[test]
fn a_file_broken_overnight_keeps_its_last_good_version_at_the_next_start() {
    // Broken in the evening; the kiosk restarts in the morning (a clean start).
    let (hall, data) = hall_edited_since_kept("panels: [", "panels: [[");

    let loaded = load_hall(hall.path(), LoadOptions::default()).unwrap();
    assert!(
        loaded.hall.exhibit("alpha").is_none(),
        "alone, the file is left out"
    );
    let starting = safe_mode::starting_hall(hall.path(), &data, loaded, SystemTime::now());
    assert!(starting.safe_mode.is_none());
    assert_eq!(
        starting.loaded.diagnostics.error_count(),
        1,
        "staff still see the error"
    );
    let mut k = kiosk_loaded(starting.loaded, LANDSCAPE, ManualClock::default(), |_| {});
    k.tap("点击开始 Touch to begin");
    assert!(k.has("甲展品"), "the exhibit is still there");
}

#[test]
fn a_hall_that_runs_cleanly_for_five_minutes_is_kept_and_one_with_errors_is_not() {
    let hall = hall_with_pins();
    let data = hall.path().join("data");
    let mut k = kiosk_with(hall.path(), LANDSCAPE, |options| {
        options.keep_last_good = Some(data.clone());
    });
    k.wait(4 * 60);
    assert!(!safe_mode::has_last_good(&data), "not before five minutes");
    k.wait(61);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !safe_mode::has_last_good(&data) && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(safe_mode::has_last_good(&data), "kept after five minutes");
    assert!(data.join("last-good/exhibits/01-alpha.ron").is_file());

    let broken = hall_with_pins();
    let broken_data = broken.path().join("data");
    edit(
        broken.path(),
        "exhibits/02-beta.ron",
        "panels: [",
        "panels: [[",
    );
    let mut k = kiosk_with(broken.path(), LANDSCAPE, |options| {
        options.keep_last_good = Some(broken_data.clone());
    });
    k.wait(10 * 60);
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        !safe_mode::has_last_good(&broken_data),
        "a hall with errors is never kept"
    );
}
