//! Soaks: random visitor touches on a generated hall, checking after every one that
//! nothing broke (the long run is `cargo test --release --test ui soak_100k --
//! --ignored`); and a short time-warp soak, the year of `kiosk soak` in a fortnight.

use std::time::Duration;

use xinghuo::soak::{SoakConfig, random_touch};
use xinghuo::visit::Screen;

use crate::common::{Kiosk, LANDSCAPE, kiosk};

/// Everything that must hold after any touch.
fn check_invariants(k: &Kiosk, step: usize) {
    let app = k.app();
    let hall = app.hall();
    let screen = k.screen();
    match &screen {
        Screen::Exhibit { id, panel } => {
            let exhibit = hall
                .exhibit(id)
                .unwrap_or_else(|| panic!("step {step}: unknown exhibit {id}"));
            assert!(
                *panel < exhibit.panels.len(),
                "step {step}: panel {panel} of {id}"
            );
        }
        Screen::Photo { id, panel, photo } => {
            let panel = hall.exhibit(id).and_then(|e| e.panels.get(*panel));
            assert!(
                panel.is_some_and(|p| *photo < p.photos.len()),
                "step {step}: photo {photo}"
            );
        }
        Screen::Attract => assert!(
            !app.narrator().is_active(),
            "step {step}: audio after a reset"
        ),
        _ => {}
    }
    if !matches!(screen, Screen::Attract | Screen::Home) {
        // Home is always one tap away.
        let labels: Vec<&str> = app.targets().iter().map(|t| t.label.as_str()).collect();
        assert!(
            labels
                .iter()
                .any(|l| ["首页", "Home", "继续 · Continue", "Continue · 继续"].contains(l)),
            "step {step}: no way home on {screen:?}: {labels:?}"
        );
    }
}

fn soak(actions: usize, seed: u64) {
    let hall = tempfile::tempdir().unwrap();
    xinghuo::synthetic_hall::generate_hall(hall.path(), 20, 4, 1, 3).unwrap();
    // Small photos: the soak tests the screens, not the JPEG decoder (at a megapixel,
    // decoding took 70% of the run). The other photo paths are hard links to these.
    for n in 0..3 {
        let image = image::RgbImage::from_fn(320, 240, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, (n * 80) as u8])
        });
        image
            .save(hall.path().join(format!("media/photos/source-{n}.jpg")))
            .unwrap();
    }
    let mut k = kiosk(hall.path(), LANDSCAPE);
    let mut rng = fastrand::Rng::with_seed(seed);
    for step in 0..actions {
        if rng.u32(0..100) < 2 {
            // The visitor walks away.
            k.clock.advance(Duration::from_secs(rng.u64(30..120)));
        } else if let Some(touch) = random_touch(k.app().targets(), &mut rng) {
            let [down, up] = touch.events();
            for event in down {
                k.harness.event(event);
            }
            k.harness.step();
            for event in up {
                k.harness.event(event);
            }
        }
        k.clock.advance(Duration::from_millis(rng.u64(50..3000)));
        k.harness.step();
        k.harness.step();
        check_invariants(&k, step);
    }
}

#[test]
fn soak_1k_random_touches() {
    soak(1_000, 7);
}

#[test]
#[ignore = "long: run in release mode"]
fn soak_100k_random_touches() {
    soak(100_000, 42);
}

/// A fortnight and a day of the demo hall on the soak's clock: statistics older than
/// two days are pruned by that clock, log files rotate by it and two weeks are kept,
/// and every day's edit, reload and idle reset went as they should.
#[test]
fn a_short_time_warp_soak_prunes_statistics_and_rotates_logs() {
    let dir = tempfile::tempdir().unwrap();
    let config = SoakConfig {
        hall: crate::common::repo(),
        dir: Some(dir.path().to_path_buf()),
        days: 15,
        visits_per_day: 3..=4,
        touches_per_visit: 2..=15,
        retention_days: Some(2),
        seed: 3,
    };
    let report = xinghuo::soak::run(&config).unwrap();
    assert!(report.failures.is_empty(), "{}", report.table());
    assert_eq!(report.days, 15);
    assert_eq!(report.restarts, 15);
    assert_eq!(report.reloads, 15);
    assert_eq!(report.idle_resets, report.visits);

    let logs = dir.path().join("hall/data/logs");
    let mut names: Vec<String> = std::fs::read_dir(&logs)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    // The soak's clock starts on 1 June 2026: day 15 is 15 June, and 1 June is gone.
    assert_eq!(names.len(), 14, "{names:?}");
    assert_eq!(names.first().unwrap(), "kiosk.2026-06-02.log");
    assert_eq!(names.last().unwrap(), "kiosk.2026-06-15.log");
    let last_day = std::fs::read_to_string(logs.join("kiosk.2026-06-15.log")).unwrap();
    assert!(last_day.starts_with("2026-06-15T"), "{last_day}");

    // Each restart pruned what was older than two days by the soak's calendar: the
    // oldest event left is from 13 June (day 13 opens at 01:00 UTC), the newest from 15 June.
    let db = rusqlite::Connection::open(dir.path().join("hall/data/visits.sqlite")).unwrap();
    let (oldest, newest): (i64, i64) = db
        .query_row("SELECT MIN(at_ms), MAX(at_ms) FROM events", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let june = |day: i64| 1_780_275_600_000 + (day - 1) * 86_400_000;
    assert!(oldest >= june(13), "oldest event {oldest}");
    assert!(
        newest >= june(15) && newest < june(16),
        "newest event {newest}"
    );
}
