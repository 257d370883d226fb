//! Films on the exhibit screen, played through the real GStreamer pipeline into a fake
//! audio sink: the poster, the controls by role and label, captions at the film's own
//! position, seeking by drag, full screen, and the rules that stop a film.

use std::time::Duration;

use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use xinghuo::media::film_player::FilmView;
use xinghuo::visit::{Action, Event, Screen};

use crate::common::*;
use crate::support::copy_dir;

const EXHIBIT: &str = "party-history-museum";

/// The demo hall on the panel with the demo film (14 s, captions in both languages).
fn on_the_film_panel() -> Kiosk {
    let mut k = kiosk(&repo(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    let now = k.clock_now();
    k.app_mut().apply(
        &Action::OpenExhibit {
            id: EXHIBIT.into(),
            panel: 0,
        },
        now,
    );
    k.harness.run();
    k
}

fn film(k: &Kiosk) -> Option<FilmView> {
    k.app().films().view()
}

/// Draws frames in real time until `seen` holds: GStreamer decodes on its own threads.
/// The bound only keeps a broken pipeline from hanging the test.
fn until(k: &mut Kiosk, what: &str, mut seen: impl FnMut(&Kiosk) -> bool) {
    for _ in 0..400 {
        if seen(k) {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
        k.harness.step();
    }
    panic!("never happened: {what}");
}

fn playing_picture(k: &mut Kiosk) {
    until(k, "the film's first picture", |k| {
        film(k).is_some_and(|f| f.picture.is_some() && f.duration > Duration::ZERO)
    });
}

/// Drags the seek bar's thumb from its start to `fraction` of the track.
fn drag_seek_bar(k: &mut Kiosk, fraction: f32) {
    let bar = k.harness.get_by_label("影片进度").rect();
    // The track is inset by the thumb's radius (20 points at this size) on each side.
    let inset = 20.0;
    let from = egui::pos2(bar.min.x + inset, bar.center().y);
    let to = egui::pos2(
        bar.min.x + inset + (bar.width() - 2.0 * inset) * fraction,
        bar.center().y,
    );
    k.swipe(from, to);
}

fn exhibit(id: &str, panel: usize) -> Screen {
    Screen::Exhibit {
        id: id.into(),
        panel,
    }
}

#[test]
fn the_poster_shows_then_a_tap_plays_pauses_and_a_drag_seeks_with_captions_following() {
    let mut k = on_the_film_panel();
    assert!(k.has("播放影片"), "the poster's play button");
    assert!(
        !k.has("暂停影片") && !k.has("影片进度"),
        "no controls before a tap"
    );
    assert!(
        film(&k).is_none(),
        "nothing is opened, and no sound, before a tap"
    );
    k.tap("播放影片");
    playing_picture(&mut k);
    assert!(k.has("暂停影片") && k.has("重播影片") && k.has("全屏观看"));
    assert!(k.take_events().contains(&Event::FilmPlayed {
        exhibit: EXHIBIT.into(),
        panel: 0,
        language: "zh".into(),
    }));
    k.tap("暂停影片");
    assert!(!film(&k).unwrap().playing);
    assert!(k.has("播放影片"), "paused: the button plays again");
    drag_seek_bar(&mut k, 0.4);
    // 40% of 14 s is 5.6 s; the seek lands on the keyframe before it (one a second).
    until(&mut k, "the seek to about 5 s", |k| {
        film(k).is_some_and(|f| {
            f.position >= Duration::from_secs(4) && f.position < Duration::from_secs(7)
        })
    });
    k.harness.run();
    assert!(
        k.has("2021年6月25日，衡阳党史馆正式开馆。"),
        "the caption of the film's own position (2.52–8.39 s)"
    );
    assert_eq!(
        k.screen(),
        exhibit(EXHIBIT, 0),
        "the drag did not turn the page"
    );
}

#[test]
fn captions_go_off_and_on_and_the_film_goes_full_screen_and_back() {
    let mut k = on_the_film_panel();
    k.tap("播放影片");
    playing_picture(&mut k);
    k.tap("暂停影片");
    k.app_mut()
        .apply(&Action::SeekFilm(Duration::from_secs(5)), Duration::ZERO);
    until(&mut k, "the seek", |k| {
        film(k).is_some_and(|f| f.position >= Duration::from_secs(4))
    });
    k.harness.run();
    let caption = "2021年6月25日，衡阳党史馆正式开馆。";
    assert!(k.has(caption));
    k.tap("影片字幕");
    assert!(!k.has(caption), "captions off");
    k.tap("影片字幕");
    assert!(k.has(caption), "captions on again");

    k.tap("全屏观看");
    assert!(k.has("退出全屏") && k.has(caption));
    assert!(
        !k.has("下一页") && !k.has("收听讲解"),
        "full screen: nothing of the panel shows"
    );
    k.tap("播放影片");
    assert!(film(&k).unwrap().playing, "the controls work full screen");
    k.tap("退出全屏");
    assert!(k.has("下一页") && k.has("全屏观看"));
    assert!(film(&k).unwrap().playing, "back on the panel, it plays on");
}

#[test]
fn leaving_the_panel_stops_the_film_and_records_the_second_it_was_left_at() {
    let mut k = on_the_film_panel();
    k.tap("播放影片");
    playing_picture(&mut k);
    k.tap("暂停影片");
    k.app_mut()
        .apply(&Action::SeekFilm(Duration::from_secs(5)), Duration::ZERO);
    until(&mut k, "the seek", |k| {
        film(k).is_some_and(|f| f.position >= Duration::from_secs(4))
    });
    k.take_events();
    k.tap("下一页");
    assert!(
        !k.app().films().is_active(),
        "the film and its picture are gone"
    );
    let left = k.take_events().into_iter().find_map(|e| match e {
        Event::FilmLeft {
            exhibit, panel, at, ..
        } => Some((exhibit, panel, at)),
        _ => None,
    });
    let (exhibit, panel, at) = left.expect("the film left is recorded");
    assert_eq!((exhibit.as_str(), panel), (EXHIBIT, 0));
    assert!(
        at >= Duration::from_secs(4) && at < Duration::from_secs(7),
        "{at:?}"
    );
    // Back on the panel: the poster again, nothing playing.
    k.tap("上一页");
    assert!(k.has("播放影片") && film(&k).is_none());
}

#[test]
fn a_film_keeps_the_visit_for_its_length_plus_slack_and_an_idle_reset_stops_it() {
    // The demo hall: idle after 90 s, the warning 20 s before. The film lasts 14 s.
    let mut k = on_the_film_panel();
    k.tap("播放影片");
    playing_picture(&mut k);
    for _ in 0..16 {
        k.wait(5);
        assert!(
            !k.has("还在看吗？"),
            "no warning while the film can be playing"
        );
    }
    // 80 s: past the warning's 70 s without a film; the film counts for 24 s of it.
    assert_eq!(k.screen(), exhibit(EXHIBIT, 0));
    k.wait(15);
    assert!(k.has("还在看吗？"), "a film never holds the visit forever");
    k.wait(20);
    assert_eq!(k.screen(), Screen::Attract);
    assert!(
        !k.app().films().is_active(),
        "the idle reset stopped the film"
    );
    assert!(
        k.take_events()
            .iter()
            .any(|e| matches!(e, Event::FilmLeft { .. }))
    );
}

#[test]
fn narration_pauses_the_film_and_the_film_pauses_narration() {
    let mut k = on_the_film_panel();
    k.tap("播放影片");
    playing_picture(&mut k);
    k.tap("收听讲解");
    let now = k.clock_now();
    assert!(k.app().narrator().is_playing(now));
    assert!(
        !film(&k).unwrap().playing,
        "the film waits while narration plays"
    );
    assert!(k.has("播放影片"));
    k.tap("播放影片");
    let now = k.clock_now();
    assert!(film(&k).unwrap().playing);
    assert!(
        !k.app().narrator().is_playing(now),
        "the narration waits while the film plays"
    );
}

#[test]
fn a_film_played_to_its_end_is_recorded_completed_and_plays_again_from_the_start() {
    let mut k = on_the_film_panel();
    k.tap("播放影片");
    playing_picture(&mut k);
    k.app_mut()
        .apply(&Action::SeekFilm(Duration::from_secs(13)), Duration::ZERO);
    until(&mut k, "the end of the film", |k| {
        film(k).is_some_and(|f| f.ended)
    });
    assert!(
        k.take_events()
            .iter()
            .any(|e| matches!(e, Event::FilmCompleted { panel: 0, .. }))
    );
    k.tap("播放影片");
    let view = film(&k).unwrap();
    assert!(view.playing && !view.ended && view.position < Duration::from_secs(2));
}

#[test]
fn a_film_that_cannot_be_decoded_shows_its_poster_and_a_neutral_message() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&base_hall(), dir.path());
    copy_dir(&repo().join("tests/fixtures/invalid/film-good"), dir.path());
    std::fs::write(
        dir.path().join("media/video/clip.webm"),
        b"not a film at all, only words",
    )
    .unwrap();
    let mut k = kiosk(dir.path(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    k.tap("下一页");
    k.tap("播放影片");
    until(&mut k, "the failure", |k| film(k).is_some_and(|f| f.failed));
    k.harness.run();
    assert!(k.has("影片暂时无法播放"), "the visitor sees a calm note");
}

/// The base hall with the film-good fixture's film on panel 2 of exhibit alpha, and
/// `adjust` applied to the exhibit's text and kiosk.ron's.
fn hall_with_a_film(adjust: impl FnOnce(&str, &str) -> (String, String)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&base_hall(), dir.path());
    copy_dir(&repo().join("tests/fixtures/invalid/film-good"), dir.path());
    let exhibit = dir.path().join("exhibits/01-alpha.ron");
    let config = dir.path().join("kiosk.ron");
    let (exhibit_text, config_text) = adjust(
        &std::fs::read_to_string(&exhibit).unwrap(),
        &std::fs::read_to_string(&config).unwrap(),
    );
    std::fs::write(&exhibit, exhibit_text).unwrap();
    std::fs::write(&config, config_text).unwrap();
    dir
}

#[test]
fn a_muted_loop_plays_by_itself_silent_and_a_tap_gives_it_its_sound() {
    let dir = hall_with_a_film(|exhibit, config| {
        (
            exhibit.replace(
                "captions: Some({\"zh\": \"captions/zh/clip.vtt\", \"en\": \"captions/en/clip.vtt\"}),\n            )),",
                "captions: Some({\"zh\": \"captions/zh/clip.vtt\", \"en\": \"captions/en/clip.vtt\"}),\n                loop_muted: true,\n            )),",
            ),
            config.to_owned(),
        )
    });
    let mut k = kiosk(dir.path(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    assert!(film(&k).is_none(), "the first panel has no film");
    k.tap("下一页");
    until(&mut k, "the loop's first picture", |k| {
        film(k).is_some_and(|f| f.picture.is_some())
    });
    let view = film(&k).unwrap();
    assert!(view.muted_loop && view.playing, "{view:?}");
    assert!(
        !k.app().films().is_playing() && !k.app().films().is_watched(k.clock_now()),
        "a silent loop is no one's viewing and keeps no visit going"
    );
    assert!(!k.has("暂停影片"), "no controls over a silent loop");
    assert!(
        !k.take_events()
            .iter()
            .any(|e| matches!(e, Event::FilmPlayed { .. }))
    );
    k.tap("播放影片");
    let view = film(&k).unwrap();
    assert!(!view.muted_loop && view.playing);
    assert!(k.has("暂停影片"));
    assert!(
        k.take_events()
            .iter()
            .any(|e| matches!(e, Event::FilmPlayed { panel: 1, .. }))
    );
}

#[test]
fn the_attract_loop_plays_its_clip_silent_after_a_round_of_covers() {
    let dir = hall_with_a_film(|exhibit, config| {
        (
            exhibit.to_owned(),
            config.replace(
                "idle_timeout_secs: 60,",
                "idle_timeout_secs: 60,\n    attract: Attract(slide_secs: 4, clips: [\"video/clip.webm\"]),",
            ),
        )
    });
    let mut k = kiosk(dir.path(), LANDSCAPE);
    assert!(film(&k).is_none(), "covers first");
    // The base hall has two exhibits: a round of covers is 8 s.
    k.wait(9);
    until(&mut k, "the clip's first picture", |k| {
        film(k).is_some_and(|f| f.picture.is_some())
    });
    let view = film(&k).unwrap();
    assert!(view.muted_loop && view.playing, "{view:?}");
    assert!(!k.app().films().is_playing(), "without sound");
    k.tap("点击开始 Touch to begin");
    assert!(
        !k.app().films().is_active(),
        "a touch ends the clip with the loop"
    );
    assert_eq!(k.screen(), Screen::Home);
}

#[test]
fn a_missing_attract_clip_is_reported_at_its_line() {
    let dir = hall_with_a_film(|exhibit, config| {
        (
            exhibit.to_owned(),
            config.replace(
                "idle_timeout_secs: 60,",
                "idle_timeout_secs: 60,\n    attract: Attract(clips: [\"video/nothing.webm\"]),",
            ),
        )
    });
    let loaded =
        xinghuo::content::load_hall(dir.path(), xinghuo::content::LoadOptions::default()).unwrap();
    let found = loaded
        .diagnostics
        .iter()
        .find(|d| d.field.as_deref() == Some("attract.clips[0]"))
        .expect("the clip is reported");
    assert_eq!(found.message, "file not found: media/video/nothing.webm");
    assert_eq!(found.position.map(|p| p.line), Some(6));
    // The kiosk runs on: the loop shows its covers.
    let mut k = kiosk(dir.path(), LANDSCAPE);
    k.wait(20);
    assert!(film(&k).is_none());
}

/// The width in pixels the film's pictures are decoded at now.
fn picture_width(k: &Kiosk) -> f32 {
    film(k)
        .and_then(|f| f.picture)
        .map_or(0.0, |(_, size)| size.x)
}

#[test]
fn full_screen_decodes_at_the_screens_size_where_the_film_is_and_at_the_panels_after() {
    let mut k = on_the_film_panel();
    k.tap("播放影片");
    playing_picture(&mut k);
    // A few frames for the pictures to settle at the panel's size.
    for _ in 0..20 {
        std::thread::sleep(Duration::from_millis(25));
        k.harness.step();
    }
    let on_the_panel = picture_width(&k);
    assert!(
        on_the_panel > 320.0 && on_the_panel < 1100.0,
        "{on_the_panel}"
    );
    // Paused at 5 s, then full screen: the same place, at the screen's size.
    k.tap("暂停影片");
    k.app_mut()
        .apply(&Action::SeekFilm(Duration::from_secs(5)), Duration::ZERO);
    until(&mut k, "the seek", |k| {
        film(k).is_some_and(|f| f.position >= Duration::from_secs(4))
    });
    // The seek lands on the keyframe before 5 s; the player reads it from GStreamer.
    for _ in 0..20 {
        std::thread::sleep(Duration::from_millis(25));
        k.harness.step();
    }
    let paused_at = film(&k).unwrap().position;
    k.tap("全屏观看");
    // 1920×1080 less the controls' row: the picture is as high as it leaves, 16:9.
    until(&mut k, "pictures at the screen's size", |k| {
        picture_width(k) > 1500.0
    });
    let full = film(&k).unwrap();
    assert!(!full.playing, "it stays paused");
    assert!(
        full.position.abs_diff(paused_at) < Duration::from_millis(50),
        "it did not move: {:?} then {:?}",
        paused_at,
        full.position
    );
    assert!(picture_width(&k) <= 1920.0);
    // Played full screen and back: it goes on where it was, at the panel's size again.
    k.tap("播放影片");
    until(&mut k, "the film playing on", |k| {
        film(k).is_some_and(|f| f.position > paused_at)
    });
    k.tap("退出全屏");
    for _ in 0..400 {
        if (picture_width(&k) - on_the_panel).abs() <= 16.0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
        k.harness.step();
    }
    assert!(
        (picture_width(&k) - on_the_panel).abs() <= 16.0,
        "pictures {} wide back on the panel, {on_the_panel} before",
        picture_width(&k)
    );
    let back = film(&k).unwrap();
    assert!(back.playing && back.position > paused_at, "{back:?}");
}

#[test]
fn opening_a_photo_pauses_the_film_and_closing_it_waits_for_a_tap_to_play_on() {
    let mut k = on_the_film_panel();
    k.tap("播放影片");
    playing_picture(&mut k);
    until(&mut k, "a second of the film", |k| {
        film(k).is_some_and(|f| f.position >= Duration::from_secs(1))
    });
    k.tap("放大查看 示意插画：参观者排队走进衡阳党史馆");
    assert!(matches!(k.screen(), Screen::Photo { photo: 0, .. }));
    let covered = film(&k).expect("the film stays open under the photo");
    assert!(!covered.playing, "the photo viewer paused the film");
    assert!(!k.app().films().is_playing());
    k.tap("关闭");
    assert_eq!(k.screen(), exhibit(EXHIBIT, 0));
    // No sound starts without a tap: the film waits, where it was, for its play button.
    for _ in 0..8 {
        std::thread::sleep(Duration::from_millis(25));
        k.harness.step();
    }
    let back = film(&k).expect("the film is still open on its panel");
    assert!(!back.playing, "closing the photo did not play the film");
    assert!(back.position >= covered.position);
    assert!(back.position < covered.position + Duration::from_millis(500));
    assert!(k.has("播放影片"));
    k.tap("播放影片");
    assert!(film(&k).unwrap().playing, "a tap plays it on");
}

#[test]
fn in_portrait_the_film_takes_the_screens_width_and_its_captions_go_below_the_picture() {
    let mut k = kiosk(&repo(), PORTRAIT);
    k.tap("点击开始 Touch to begin");
    let now = k.clock_now();
    k.app_mut().apply(
        &Action::OpenExhibit {
            id: EXHIBIT.into(),
            panel: 0,
        },
        now,
    );
    k.harness.run();
    k.tap("播放影片");
    playing_picture(&mut k);
    k.tap("暂停影片");
    k.app_mut()
        .apply(&Action::SeekFilm(Duration::from_secs(5)), Duration::ZERO);
    let caption = "2021年6月25日，衡阳党史馆正式开馆。";
    until(&mut k, "the caption at 5 s", |k| {
        film(k).is_some_and(|f| f.position >= Duration::from_secs(4))
    });
    k.harness.run();
    let picture = k.harness.get_by_label("影片画面").rect();
    let words = k.harness.get_by_label(caption).rect();
    assert!(
        picture.width() > 0.9 * (PORTRAIT.x - 2.0 * 36.0),
        "the picture is {} wide",
        picture.width()
    );
    assert!(
        words.min.y >= picture.max.y - 0.5,
        "the caption {words:?} is over the picture {picture:?}"
    );
    let controls = k.harness.get_by_label("播放影片").rect();
    assert!(
        controls.min.y >= words.max.y,
        "the controls {controls:?} are below the caption {words:?}"
    );
    // Full screen in portrait: the picture across the screen, the captions below it.
    k.tap("全屏观看");
    let picture = k.harness.get_by_label("影片画面").rect();
    let words = k.harness.get_by_label(caption).rect();
    // The picture's touch area is inset by the least gap between targets (8 points).
    assert!(picture.width() >= PORTRAIT.x - 20.0, "{picture:?}");
    assert!(words.min.y >= picture.max.y - 0.5, "{words:?} {picture:?}");
}
