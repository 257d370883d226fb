//! A hall that follows a source (`xinghuo::updates`): a new version arriving mid-visit
//! waits for the attract screen; staff see what is live and roll back from the overlay.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use egui_kittest::kittest::Queryable as _;
use xinghuo::clock::ManualClock;
use xinghuo::content::{LoadOptions, load_hall};
use xinghuo::updates::{HallRoot, Request};
use xinghuo::visit::Screen;

use crate::common::{Kiosk, LANDSCAPE, kiosk_loaded};
use crate::staff::{enter, hall_with_pins, hold_corner};

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Curator",
            "-c",
            "user.email=curator@hall.example",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// Curators' repository (the hall with PINs, following `central`), tagged `v1`.
struct Site {
    _dir: tempfile::TempDir,
    curators: PathBuf,
    central: PathBuf,
    root: HallRoot,
}

impl Site {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let hall = hall_with_pins();
        let curators = dir.path().join("curators");
        crate::support::copy_dir(hall.path(), &curators);
        let central = dir.path().join("central.git");
        git(dir.path(), &["init", "--quiet", "--bare", "central.git"]);
        let config = curators.join("kiosk.ron");
        let text = std::fs::read_to_string(&config).unwrap().replacen(
            "Kiosk(\n",
            &format!(
                "Kiosk(\n    updates: Some(Updates(source: \"{}\")),\n",
                central.display()
            ),
            1,
        );
        std::fs::write(&config, text).unwrap();
        git(&curators, &["init", "--quiet"]);
        let site = Self {
            root: HallRoot::new(&dir.path().join("kiosk")),
            _dir: dir,
            curators,
            central,
        };
        site.tag("v1");
        let request = Request {
            source: Some(site.central.display().to_string()),
            switch: true,
        };
        xinghuo::updates::update(&site.root, &request, SystemTime::now()).unwrap();
        site
    }

    /// Commits the curators' files, tags them and pushes to the central repository.
    fn tag(&self, version: &str) {
        git(&self.curators, &["add", "--all"]);
        git(&self.curators, &["commit", "--quiet", "-m", version]);
        git(&self.curators, &["tag", "-a", version, "-m", version]);
        let central = self.central.display().to_string();
        git(&self.curators, &["push", "--quiet", "--tags", &central]);
    }

    fn retitle(&self, from: &str, to: &str) {
        crate::common::edit(&self.curators, "exhibits/01-alpha.ron", from, to);
    }

    /// The kiosk on `current`, as `kiosk --hall ROOT/current` runs it.
    fn kiosk(&self) -> Kiosk {
        let loaded = load_hall(&self.root.current(), LoadOptions::default()).unwrap();
        let root = self.root.clone();
        kiosk_loaded(loaded, LANDSCAPE, ManualClock::default(), |options| {
            options.updates = Some(root);
        })
    }
}

fn alpha_title(k: &Kiosk) -> String {
    k.app()
        .hall()
        .exhibit("alpha")
        .map(|e| e.title.get("zh", "zh").to_owned())
        .unwrap_or_default()
}

#[test]
fn a_version_arriving_mid_visit_goes_live_only_at_the_attract_screen() {
    let site = Site::new();
    let mut k = site.kiosk();
    assert_eq!(k.app().running_version(), Some("v1"));
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    assert_eq!(
        k.screen(),
        Screen::Exhibit {
            id: "alpha".into(),
            panel: 0
        }
    );

    site.retitle("\"甲展品\"", "\"甲展品（新版）\"");
    site.tag("v2");
    k.app_mut().look_for_update_now();
    assert_eq!(
        k.app().waiting_version(),
        Some("v2"),
        "checked, in versions/"
    );
    k.harness.run();
    assert_eq!(
        site.root.live_version().as_deref(),
        Some("v1"),
        "not switched mid-visit"
    );
    // The visitor goes on reading and moving about: still the version they began with.
    k.tap("下一页");
    k.tap("返回");
    k.wait(5);
    assert_eq!(alpha_title(&k), "甲展品");
    assert!(k.has("甲展品"));

    // The visit ends (idle timeout 60 s): at the attract screen the switch is made …
    k.wait(61);
    assert_eq!(k.screen(), Screen::Attract);
    k.app_mut().wait_for_updater();
    k.harness.run();
    // … and the new version is on screen for the next visitor.
    assert_eq!(site.root.live_version().as_deref(), Some("v2"));
    assert_eq!(k.app().running_version(), Some("v2"));
    assert_eq!(alpha_title(&k), "甲展品（新版）");
    assert_eq!(k.app().hall().root, site.root.version_dir("v2"));
    k.tap("点击开始 Touch to begin");
    assert!(k.has("甲展品（新版）"));
}

#[test]
fn staff_see_the_live_version_and_roll_back_from_the_overlay() {
    let site = Site::new();
    site.retitle("\"甲展品\"", "\"甲展品二\"");
    site.tag("v2");
    let request = Request {
        source: None,
        switch: true,
    };
    xinghuo::updates::update(&site.root, &request, SystemTime::now()).unwrap();
    let mut k = site.kiosk();
    assert_eq!(alpha_title(&k), "甲展品二");

    hold_corner(&mut k, 3);
    enter(&mut k, "2468");
    assert!(
        k.harness
            .query_by_label_contains("live: v2 (taken ")
            .is_some(),
        "the overlay says which version is live"
    );
    assert!(
        k.harness
            .query_by_label_contains("kept for rollback: v1")
            .is_some()
    );
    k.tap("回退到上一版本 · Roll back to the earlier version");
    k.app_mut().wait_for_updater();
    k.harness.run();
    assert_eq!(site.root.live_version().as_deref(), Some("v1"));
    assert_eq!(
        alpha_title(&k),
        "甲展品",
        "nobody is visiting: swapped in at once"
    );
    assert!(
        k.harness
            .query_by_label_contains("refused: v2 at ")
            .is_some(),
        "the overlay says v2 was refused …"
    );
    assert!(
        k.harness
            .query_by_label_contains("rolled back by staff")
            .is_some(),
        "… and why"
    );
}

#[test]
fn a_switch_made_on_the_command_line_is_followed_at_the_next_look() {
    let site = Site::new();
    let mut k = site.kiosk();
    site.retitle("\"甲展品\"", "\"甲展品二\"");
    site.tag("v2");
    let request = Request {
        source: None,
        switch: true,
    };
    xinghuo::updates::update(&site.root, &request, SystemTime::now()).unwrap();
    assert_eq!(alpha_title(&k), "甲展品", "the kiosk shows what it loaded");
    k.app_mut().look_for_update_now();
    k.harness.run();
    assert_eq!(k.app().running_version(), Some("v2"));
    assert_eq!(alpha_title(&k), "甲展品二");
}
