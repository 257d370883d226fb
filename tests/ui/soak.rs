//! A soak: random visitor touches on a generated hall, checking after every one that
//! nothing broke. The long run is `cargo test --release --test ui soak_100k -- --ignored`.

use std::time::Duration;

use eframe::egui;
use xinghuo::ui::widgets::TargetKind;
use xinghuo::visit::Screen;

use crate::common::{Kiosk, LANDSCAPE, kiosk};

fn press(k: &mut Kiosk, at: egui::Pos2, pressed: bool) {
    k.harness.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    });
}

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
                .any(|l| ["首页", "Home", "继续", "Continue"].contains(l)),
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
        let targets = k.app().targets().to_vec();
        let roll = rng.u32(0..100);
        if roll < 2 {
            // The visitor walks away.
            k.clock.advance(Duration::from_secs(rng.u64(30..120)));
        } else if roll < 12 {
            if let Some(page) = targets.iter().find(|t| t.kind == TargetKind::Swipe) {
                let y = page.rect.center().y;
                let (from, to) = if rng.bool() {
                    (page.rect.max.x - 20.0, page.rect.min.x + 20.0)
                } else {
                    (page.rect.min.x + 20.0, page.rect.max.x - 20.0)
                };
                k.harness
                    .event(egui::Event::PointerMoved(egui::pos2(from, y)));
                press(&mut k, egui::pos2(from, y), true);
                k.harness.step();
                k.harness
                    .event(egui::Event::PointerMoved(egui::pos2(to, y)));
                press(&mut k, egui::pos2(to, y), false);
            }
        } else if roll < 16 {
            k.harness.event(egui::Event::Zoom(0.5 + rng.f32() * 2.5));
        } else if !targets.is_empty() {
            let target = &targets[rng.usize(0..targets.len())];
            let at = target.rect.center();
            k.harness.event(egui::Event::PointerMoved(at));
            press(&mut k, at, true);
            k.harness.step();
            press(&mut k, at, false);
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
