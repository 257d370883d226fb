//! The monthly HTML report opened in a real browser: Debian's Chromium, headless,
//! renders `kiosk report --month --html` to a screenshot that must not be blank and
//! must show the charts' red bars, and its DOM holds the title and every chart's
//! heading. Skipped, saying why, only where Chromium is not installed (CI installs it).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use xinghuo::analytics::Store;
use xinghuo::analytics::sample::{self, Plan, SampleHall};
use xinghuo::content::{LoadOptions, load_hall};

mod support;

/// 2026-06-01 00:00 in the hall (+08:00).
const JUNE_1: i64 = 1_780_243_200_000;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|candidate| candidate.is_file())
}

/// A hall of the test fixture's exhibits with a generated June 2026.
fn hall_with_a_month(dir: &Path) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    support::copy_dir(&fixture, dir);
    let hall = load_hall(dir, LoadOptions::default()).unwrap().hall;
    let plan = Plan::days_from(JUNE_1, 30, hall.utc_offset());
    let mut store = Store::open(&dir.join("data/visits.sqlite")).unwrap();
    store
        .insert(&sample::visits(&SampleHall::of(&hall), &plan))
        .unwrap();
}

/// Runs `command`, killing it after `limit`: a browser that hangs fails the test.
fn run_with_limit(command: &mut Command, limit: Duration) -> std::process::Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{command:?} did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait_with_output().unwrap()
}

fn headless(chromium: &Path, profile: &Path) -> Command {
    let mut command = Command::new(chromium);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

#[test]
fn the_monthly_report_renders_in_chromium() {
    let Some(chromium) = chromium() else {
        println!(
            "skipped: chromium is not installed, so the HTML report cannot be opened in a browser (apt-get install chromium)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let hall = dir.path().join("hall");
    hall_with_a_month(&hall);
    let html = dir.path().join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .args(["report", hall.to_str().unwrap(), "--month", "2026-06"])
        .arg("--html")
        .arg(&html)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let url = format!("file://{}", html.display());

    let profile = tempfile::tempdir().unwrap();
    let dom = run_with_limit(
        headless(&chromium, profile.path())
            .arg("--dump-dom")
            .arg(&url),
        Duration::from_secs(120),
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    for expected in [
        "<title>",
        "Monthly visitor report",
        "Summary in a minute",
        "Visits per day",
        "Visits by hour of the day",
        "Exhibits by visits",
        "Exhibits by median time spent",
        "Narration: listeners remaining at each second",
        "Quiz questions by share answered right",
        "Visitors: language, large text, how visits ended",
        "Photos zoomed into, and how far",
        "Wrong answers, 1 picked most",
        "<svg",
    ] {
        assert!(dom.contains(expected), "the DOM holds {expected}");
    }

    let shot = dir.path().join("report.png");
    let profile = tempfile::tempdir().unwrap();
    let out = run_with_limit(
        headless(&chromium, profile.path())
            .arg(format!("--screenshot={}", shot.display()))
            .arg("--window-size=1240,1754")
            .arg(&url),
        Duration::from_secs(120),
    );
    assert!(
        shot.is_file(),
        "chromium wrote no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let image = image::open(&shot).unwrap().to_rgb8();
    assert_eq!(image.dimensions(), (1240, 1754));
    let pixels = image.pixels().count();
    let inked = image
        .pixels()
        .filter(|p| p.0.iter().any(|&c| c < 200))
        .count();
    // The report's red (#a4161a), as drawn by the charts' bars.
    let red = image
        .pixels()
        .filter(|p| {
            let [r, g, b] = p.0;
            r.abs_diff(0xa4) < 24 && g.abs_diff(0x16) < 24 && b.abs_diff(0x1a) < 24
        })
        .count();
    assert!(
        inked * 50 > pixels,
        "the page is not blank: {inked} of {pixels} pixels drawn"
    );
    assert!(red > 2_000, "the charts' red bars show: {red} pixels");
}
