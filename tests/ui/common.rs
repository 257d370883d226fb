//! Building a kiosk for a test and driving it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use xinghuo::app::{KioskApp, Options};
use xinghuo::clock::ManualClock;
use xinghuo::content::{LoadOptions, load_hall};
use xinghuo::media::audio::DeviceMode;
use xinghuo::visit::Screen;

pub const LANDSCAPE: egui::Vec2 = egui::vec2(1920.0, 1080.0);
pub const PORTRAIT: egui::Vec2 = egui::vec2(1080.0, 1920.0);

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The small valid hall the loader tests use.
pub fn base_hall() -> PathBuf {
    repo().join("tests/fixtures/base")
}

pub struct Kiosk {
    pub harness: Harness<'static, KioskApp>,
    pub clock: ManualClock,
}

/// A kiosk on `hall`, with the shipped fonts, silent audio and a manual clock.
pub fn kiosk(hall: &Path, size: egui::Vec2) -> Kiosk {
    kiosk_with(hall, size, |_| {})
}

/// [`kiosk`] with its options changed by `adjust`.
pub fn kiosk_with(hall: &Path, size: egui::Vec2, adjust: impl FnOnce(&mut Options)) -> Kiosk {
    kiosk_on(hall, size, ManualClock::default(), adjust)
}

/// [`kiosk_with`] on `clock`.
pub fn kiosk_on(
    hall: &Path,
    size: egui::Vec2,
    clock: ManualClock,
    adjust: impl FnOnce(&mut Options),
) -> Kiosk {
    let loaded = load_hall(hall, LoadOptions::default()).expect("the hall loads");
    kiosk_loaded(loaded, size, clock, adjust)
}

/// [`kiosk_on`] with a hall loaded already.
pub fn kiosk_loaded(
    loaded: xinghuo::content::Loaded,
    size: egui::Vec2,
    clock: ManualClock,
    adjust: impl FnOnce(&mut Options),
) -> Kiosk {
    let mut options = Options::headless(
        std::sync::Arc::new(clock.clone()),
        Some(repo().join("media/fonts")),
        0,
    );
    adjust(&mut options);
    let harness = Harness::builder()
        .with_size(size)
        .with_max_steps(12)
        .build_eframe(move |cc| KioskApp::new(&cc.egui_ctx, loaded, options));
    let mut kiosk = Kiosk { harness, clock };
    kiosk.harness.run();
    kiosk
}

impl Kiosk {
    pub fn app(&self) -> &KioskApp {
        self.harness.state()
    }

    pub fn app_mut(&mut self) -> &mut KioskApp {
        self.harness.state_mut()
    }

    /// The statistics events since the last call.
    pub fn take_events(&mut self) -> Vec<xinghuo::visit::Event> {
        self.app_mut().take_events()
    }

    pub fn screen(&self) -> Screen {
        self.app().visit().screen.clone()
    }

    pub fn language(&self) -> String {
        self.app().visit().language.clone()
    }

    /// Taps the widget with exactly this accessible name, then lets the app settle.
    pub fn tap(&mut self, label: &str) {
        self.harness.get_by_label(label).click();
        self.harness.run();
    }

    pub fn has(&self, label: &str) -> bool {
        self.harness.query_by_label(label).is_some()
    }

    pub fn clock_now(&self) -> std::time::Duration {
        use xinghuo::clock::Clock as _;
        self.clock.now()
    }

    /// Lets `seconds` pass without input.
    pub fn wait(&mut self, seconds: u64) {
        self.clock.advance(Duration::from_secs(seconds));
        self.harness.step();
        self.harness.run();
    }

    /// A horizontal swipe from `from` to `to`, in a few pointer moves.
    pub fn swipe(&mut self, from: egui::Pos2, to: egui::Pos2) {
        let steps = 6;
        self.harness.event(egui::Event::PointerMoved(from));
        self.harness.event(egui::Event::PointerButton {
            pos: from,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: egui::Modifiers::NONE,
        });
        self.harness.step();
        for i in 1..=steps {
            let t = i as f32 / steps as f32;
            self.harness
                .event(egui::Event::PointerMoved(from + (to - from) * t));
            self.harness.step();
        }
        self.harness.event(egui::Event::PointerButton {
            pos: to,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: egui::Modifiers::NONE,
        });
        self.harness.step();
        self.harness.event(egui::Event::PointerGone);
        self.harness.run();
    }
}

/// A kiosk on `hall` that watches its files, as a hall runs it (`kiosk` turns the
/// watcher off).
pub fn watching_kiosk(hall: &Path) -> Harness<'static, KioskApp> {
    let loaded = load_hall(hall, LoadOptions::default()).unwrap();
    let options = Options {
        audio: DeviceMode::Silent,
        decode_workers: 0,
        fonts_dir: Some(repo().join("media/fonts")),
        statistics: false,
        watch: true,
        selftest: None,
        ..Default::default()
    };
    let mut harness = Harness::builder()
        .with_size(LANDSCAPE)
        .build_eframe(move |cc| KioskApp::new(&cc.egui_ctx, loaded, options));
    harness.run();
    harness
}

/// Replaces `from` with `to` in a file of the hall.
/// A copy of the demo hall (its settings, exhibits and media) in a temporary folder,
/// for a test that edits it or writes its data.
pub fn demo_hall_copy() -> tempfile::TempDir {
    let hall = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("kiosk.ron"), hall.path().join("kiosk.ron")).unwrap();
    for part in ["exhibits", "media"] {
        crate::support::copy_dir(&repo().join(part), &hall.path().join(part));
    }
    hall
}

pub fn edit(hall: &Path, file: &str, from: &str, to: &str) {
    let path = hall.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// Steps a watching kiosk in real time (the watcher and its debounce run on the
/// system clock) until `seen` holds, for at most `seconds`.
pub fn step_until(
    harness: &mut Harness<'static, KioskApp>,
    seconds: u64,
    mut seen: impl FnMut(&KioskApp) -> bool,
) -> bool {
    let deadline = std::time::Instant::now() + Duration::from_secs(seconds);
    while std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
        if seen(harness.state()) {
            return true;
        }
    }
    false
}
