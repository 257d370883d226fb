//! Faults a kiosk left alone for months meets, injected for real on a running kiosk
//! that watches its files: each must heal by itself, and a later ordinary edit must
//! still reach the screen.

use std::path::Path;

use crate::common::{base_hall, edit, step_until, watching_kiosk};
use crate::support::copy_dir;

fn beta_title(app: &xinghuo::app::KioskApp) -> String {
    app.hall()
        .exhibit("beta")
        .map(|e| e.title.get("zh", "zh").to_owned())
        .unwrap_or_default()
}

/// The test of every fault's healing: an ordinary edit made now (乙展品 → 乙展品新)
/// reaches the screen of a watching kiosk within ten seconds.
fn a_later_edit_arrives(
    hall: &Path,
    harness: &mut egui_kittest::Harness<'static, xinghuo::app::KioskApp>,
) -> bool {
    edit(hall, "exhibits/02-beta.ron", "\"乙展品\"", "\"乙展品新\"");
    step_until(harness, 10, |app| beta_title(app) == "乙展品新")
}

fn fresh_hall() -> tempfile::TempDir {
    let hall = tempfile::tempdir().unwrap();
    copy_dir(&base_hall(), hall.path());
    hall
}

#[test]
fn a_failed_reload_is_retried_when_kiosk_ron_comes_back() {
    let hall = fresh_hall();
    let mut harness = watching_kiosk(hall.path());
    let config = hall.path().join("kiosk.ron");
    let saved = std::fs::read(&config).unwrap();

    // An editor that deletes and rewrites, or a `git checkout`, leaves no kiosk.ron
    // for a moment.
    std::fs::remove_file(&config).unwrap();
    assert!(
        step_until(&mut harness, 10, |app| app
            .reload_note()
            .is_some_and(|n| n.contains("Reload failed"))),
        "staff are told the reload failed"
    );
    assert_eq!(
        beta_title(harness.state()),
        "乙展品",
        "the hall in use is kept"
    );

    std::fs::write(&config, saved).unwrap();
    assert!(
        a_later_edit_arrives(hall.path(), &mut harness),
        "an edit after the failure still reaches the kiosk"
    );
}

#[test]
fn the_exhibits_folder_gone_for_a_moment_is_survived() {
    let hall = fresh_hall();
    let mut harness = watching_kiosk(hall.path());
    let exhibits = hall.path().join("exhibits");
    let away = hall.path().join("exhibits.away");
    std::fs::rename(&exhibits, &away).unwrap();
    assert!(
        step_until(&mut harness, 10, |app| app
            .reload_note()
            .is_some_and(|n| n.contains("Reload failed"))),
        "the load without exhibits/ failed"
    );
    // Back as a new folder (a copy from a USB stick), not the one that was watched.
    copy_dir(&away, &exhibits);
    assert!(a_later_edit_arrives(hall.path(), &mut harness));
    // The new folder is watched too.
    edit(
        hall.path(),
        "exhibits/02-beta.ron",
        "\"乙展品新\"",
        "\"乙展品三\"",
    );
    assert!(
        step_until(&mut harness, 10, |app| beta_title(app) == "乙展品三"),
        "edits inside the replaced folder are seen"
    );
}

#[test]
fn media_renamed_away_and_back_as_a_copy_is_watched_again() {
    let hall = fresh_hall();
    let mut harness = watching_kiosk(hall.path());
    assert_eq!(harness.state().diagnostics().error_count(), 0);
    let media = hall.path().join("media");
    let away = hall.path().join("media.away");
    std::fs::rename(&media, &away).unwrap();
    assert!(
        step_until(&mut harness, 10, |app| app.diagnostics().error_count() > 0),
        "the kiosk noticed its media went away"
    );
    copy_dir(&away, &media);
    assert!(
        step_until(&mut harness, 10, |app| app.diagnostics().error_count() == 0),
        "and came back"
    );
    // A change inside the copied folder is still seen: a photo removed.
    let photo = first_photo(&media.join("photos"));
    std::fs::remove_file(&photo).unwrap();
    assert!(
        step_until(&mut harness, 10, |app| app.diagnostics().error_count() > 0),
        "a photo removed from the new media folder is noticed"
    );
    assert!(a_later_edit_arrives(hall.path(), &mut harness));
}

fn first_photo(dir: &Path) -> std::path::PathBuf {
    let mut photos: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    photos.sort();
    photos.remove(0)
}

#[test]
fn a_save_cut_off_midway_keeps_the_last_good_version_until_it_is_saved_whole() {
    let hall = fresh_hall();
    let mut harness = watching_kiosk(hall.path());
    let path = hall.path().join("exhibits/02-beta.ron");
    let whole = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"乙展品\"", "\"乙展品新\"");
    let cut = whole.len() / 2;
    let cut = (0..=cut)
        .rev()
        .find(|&i| whole.is_char_boundary(i))
        .unwrap();
    std::fs::write(&path, &whole.as_bytes()[..cut]).unwrap();
    assert!(
        step_until(&mut harness, 10, |app| app.diagnostics().error_count() > 0),
        "the cut-off file is reported"
    );
    assert_eq!(
        beta_title(harness.state()),
        "乙展品",
        "its last good version stays"
    );
    std::fs::write(&path, &whole).unwrap();
    assert!(step_until(&mut harness, 10, |app| beta_title(app) == "乙展品新"));
    assert_eq!(harness.state().diagnostics().error_count(), 0);
}

#[test]
fn a_thousand_saves_in_a_row_end_on_the_last_one() {
    let hall = fresh_hall();
    let mut harness = watching_kiosk(hall.path());
    let path = hall.path().join("exhibits/02-beta.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    for n in 0..1000 {
        std::fs::write(&path, text.replace("\"乙展品\"", &format!("\"乙展品{n}\""))).unwrap();
        if n % 50 == 0 {
            harness.step();
        }
    }
    assert!(step_until(&mut harness, 20, |app| beta_title(app) == "乙展品999"));
    edit(
        hall.path(),
        "exhibits/02-beta.ron",
        "\"乙展品999\"",
        "\"乙展品终\"",
    );
    assert!(
        step_until(&mut harness, 10, |app| beta_title(app) == "乙展品终"),
        "an ordinary edit after the storm"
    );
}

#[test]
fn media_paths_that_check_rejects_are_never_opened() {
    let hall = fresh_hall();
    // Real photos the test controls, outside media/: opened, they would show.
    let outside = hall.path().join("outside.jpg");
    std::fs::copy(hall.path().join("media/photos/alpha.jpg"), &outside).unwrap();
    let absolute = hall.path().join("absolute.jpg");
    std::fs::copy(&outside, &absolute).unwrap();
    std::os::unix::fs::symlink(&outside, hall.path().join("media/photos/link.jpg")).unwrap();
    let path = hall.path().join("exhibits/01-alpha.ron");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen(
            "cover: \"photos/alpha.jpg\"",
            &format!("cover: {:?}", absolute.display().to_string()),
            1,
        )
        .replacen("file: \"photos/alpha.jpg\"", "file: \"../outside.jpg\"", 1)
        .replacen(
            "Photo(file: \"photos/beta.png\",",
            "Photo(file: \"photos/link.jpg\",",
            1,
        );
    std::fs::write(&path, text).unwrap();

    let loaded = xinghuo::content::load_hall(hall.path(), Default::default()).unwrap();
    assert_eq!(loaded.diagnostics.error_count(), 3, "{}", loaded.summary());
    let mut k = crate::common::kiosk(hall.path(), crate::common::LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    k.tap("放大查看 甲图");
    k.harness.run();
    assert!(k.has("关闭"), "the viewer opens on the placeholder");
    k.tap("关闭");
    k.tap("下一页");
    let images = k.app().images();
    for file in [
        &outside,
        &absolute,
        &hall.path().join("media/photos/link.jpg"),
    ] {
        assert!(!images.has_seen(file), "{} was opened", file.display());
    }
    assert!(
        images.has_seen(&hall.path().join("media/photos/beta.png")),
        "the photos inside media/ are shown as usual"
    );
}

#[test]
fn a_site_placed_off_the_map_is_left_out() {
    let hall = fresh_hall();
    edit(hall.path(), "exhibits/map.ron", "x: 0.75", "x: 1.5");
    let mut k = crate::common::kiosk(hall.path(), crate::common::LANDSCAPE);
    assert_eq!(k.app().diagnostics().error_count(), 1);
    let sites: Vec<&str> = k
        .app()
        .hall()
        .map
        .iter()
        .flat_map(|m| &m.sites)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(
        sites,
        ["site-a"],
        "the rejected position never reaches the map screen"
    );
    // Nor does the route through it, which would end at the edge of the map.
    assert!(
        k.app()
            .hall()
            .map
            .as_ref()
            .is_some_and(|m| m.routes.is_empty())
    );
    k.tap("点击开始 Touch to begin");
    k.tap("红色地图");
    assert!(k.has("甲地"), "the site on the map is shown");
    assert!(!k.has("乙地"), "the site the check rejected is not");
}

#[test]
fn the_events_kept_for_tests_are_bounded() {
    let mut k = crate::common::kiosk(&base_hall(), crate::common::LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    // Every switch is a statistics event; a kiosk that runs for months makes millions.
    for _ in 0..(xinghuo::app::RECENT_EVENTS / 2 + 10) {
        k.tap("English");
        k.tap("中文");
    }
    let events = k.harness.state_mut().take_events();
    assert_eq!(events.len(), xinghuo::app::RECENT_EVENTS);
    assert!(matches!(
        events.last(),
        Some(xinghuo::visit::Event::LanguageChanged { .. })
    ));
}

#[test]
fn a_hall_named_by_a_relative_path_is_watched_too() {
    // `kiosk` run in the hall's folder names it `.`; the watcher reports absolute paths.
    let hall = fresh_hall();
    let cwd = std::env::current_dir().unwrap();
    let up: std::path::PathBuf = cwd.components().skip(1).map(|_| "..").collect();
    let relative = up.join(hall.path().strip_prefix("/").unwrap());
    assert!(relative.is_relative());
    let mut harness = watching_kiosk(&relative);
    assert!(
        a_later_edit_arrives(hall.path(), &mut harness),
        "the edit reached the kiosk"
    );
}

#[test]
fn a_hall_whose_photos_are_all_gone_still_serves_visitors() {
    let hall = fresh_hall();
    std::fs::remove_dir_all(hall.path().join("media/photos")).unwrap();
    let mut k = crate::common::kiosk(hall.path(), crate::common::LANDSCAPE);
    assert!(
        k.app().diagnostics().error_count() > 0,
        "the check names them"
    );
    k.wait(20);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    k.tap("放大查看 甲图");
    assert!(k.has("关闭"), "the viewer opens on its placeholder");
    k.tap("关闭");
    k.tap("下一页");
    k.tap("首页");
    k.tap("红色地图");
    assert!(k.has("甲地"), "the map's pins show without its picture");
    // Missing at load, so never asked of the disk: no decode failed, none was tried.
    let stats = k.app().images().stats();
    assert_eq!((stats.decoded, stats.failed), (0, 0));
}

/// A hall whose fonts folder is missing when the kiosk starts (a copy that left it out)
/// still serves a day of visitors, with egui's own fonts, and says why in the log.
#[test]
fn a_hall_without_its_fonts_folder_serves_a_day_of_visitors() {
    let hall = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::common::repo().join("kiosk.ron"),
        hall.path().join("kiosk.ron"),
    )
    .unwrap();
    copy_dir(
        &crate::common::repo().join("exhibits"),
        &hall.path().join("exhibits"),
    );
    copy_dir(
        &crate::common::repo().join("media"),
        &hall.path().join("media"),
    );
    std::fs::remove_dir_all(hall.path().join("media/fonts")).unwrap();

    let soak = tempfile::tempdir().unwrap();
    let report = xinghuo::soak::run(&xinghuo::soak::SoakConfig {
        hall: hall.path().to_path_buf(),
        dir: Some(soak.path().to_path_buf()),
        days: 1,
        visits_per_day: 12..=12,
        touches_per_visit: 2..=15,
        retention_days: None,
        seed: 5,
    })
    .unwrap();
    assert!(report.failures.is_empty(), "{}", report.table());
    assert_eq!(report.idle_resets, 12);
    for screen in ["home", "exhibit"] {
        assert!(report.screens.contains_key(screen), "{}", report.table());
    }
    let log =
        std::fs::read_to_string(soak.path().join("hall/data/logs/kiosk.2026-06-01.log")).unwrap();
    assert!(
        log.contains("no font in media/fonts/; Chinese text cannot be shown"),
        "{log}"
    );
}
