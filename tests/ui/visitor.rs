//! Visitor mode: attract, home, exhibit, photo, language, idle and lockdown.

use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use xinghuo::visit::Screen;

use crate::common::{LANDSCAPE, PORTRAIT, base_hall, kiosk, repo};
use crate::support::copy_dir;
use xinghuo::synthetic_hall::{Sound, write_wav};

fn exhibit(id: &str, panel: usize) -> Screen {
    Screen::Exhibit {
        id: id.to_owned(),
        panel,
    }
}

#[test]
fn a_visit_from_attract_to_a_photo_and_home() {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    assert_eq!(k.screen(), Screen::Attract);
    k.tap("点击开始 Touch to begin");
    assert_eq!(k.screen(), Screen::Home);

    k.tap("甲展品");
    assert_eq!(k.screen(), exhibit("alpha", 0));
    assert!(k.has("第一页"));
    assert!(k.has("这是第一页的正文。"));

    k.tap("下一页");
    assert_eq!(k.screen(), exhibit("alpha", 1));
    assert!(k.has("第二页"));
    k.tap("上一页");
    assert_eq!(k.screen(), exhibit("alpha", 0));

    k.tap("放大查看 甲图");
    assert!(matches!(k.screen(), Screen::Photo { photo: 0, .. }));
    assert!(k.has("甲图"), "the caption shows in the viewer");
    k.tap("关闭");
    assert_eq!(k.screen(), exhibit("alpha", 0));

    k.tap("首页");
    assert_eq!(k.screen(), Screen::Home);
}

#[test]
fn back_returns_where_the_visitor_came_from() {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("1919 甲展品");
    assert_eq!(
        k.screen(),
        exhibit("alpha", 0),
        "the timeline opens exhibits too"
    );
    k.tap("返回");
    assert_eq!(k.screen(), Screen::Home);
}

/// Whether a touch target with this label is drawn on the screen now.
fn on_screen(k: &crate::common::Kiosk, label: &str) -> bool {
    k.app().targets().iter().any(|target| target.label == label)
}

#[test]
fn a_timeline_longer_than_the_screen_shows_an_arrow_that_pages_to_its_last_year() {
    let mut k = kiosk(&repo(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    let last = "2022 新时代文明实践";
    assert!(
        on_screen(&k, "较晚的年份"),
        "the arrow says more years follow"
    );
    assert!(
        !on_screen(&k, "较早的年份"),
        "at the first year nothing comes before"
    );
    assert!(!on_screen(&k, last), "the last year starts out of sight");

    for _ in 0..6 {
        if !on_screen(&k, "较晚的年份") {
            break;
        }
        k.tap("较晚的年份");
    }
    assert!(on_screen(&k, last), "the arrow reached the last year");
    assert!(!on_screen(&k, "较晚的年份"), "at the end the arrow goes");
    assert!(on_screen(&k, "较早的年份"), "and one leads back");

    k.tap(last);
    assert_eq!(k.screen(), exhibit("civilisation-practice", 0));
}

#[test]
fn a_swipe_turns_one_page_however_long() {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    // A very long, fast swipe to the left still moves exactly one page.
    k.swipe(egui::pos2(1800.0, 500.0), egui::pos2(50.0, 500.0));
    assert_eq!(k.screen(), exhibit("alpha", 1));
    // At the last page, a further swipe stays put.
    k.swipe(egui::pos2(1800.0, 500.0), egui::pos2(50.0, 500.0));
    assert_eq!(k.screen(), exhibit("alpha", 1));
    k.swipe(egui::pos2(300.0, 500.0), egui::pos2(1200.0, 500.0));
    assert_eq!(k.screen(), exhibit("alpha", 0));
    // A short nudge is not a swipe.
    k.swipe(egui::pos2(900.0, 500.0), egui::pos2(860.0, 500.0));
    assert_eq!(k.screen(), exhibit("alpha", 0));
}

#[test]
fn switching_language_keeps_the_place() {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    k.tap("下一页");
    k.tap("English");
    assert_eq!(k.language(), "en");
    assert_eq!(k.screen(), exhibit("alpha", 1));
    assert!(k.has("Page two"));
    assert!(k.has("Back") && k.has("Home"));
    k.tap("中文");
    assert!(k.has("第二页"));
}

#[test]
fn a_missing_translation_falls_back_to_the_first_language() {
    let hall = tempfile::tempdir().unwrap();
    copy_dir(&base_hall(), hall.path());
    let path = hall.path().join("exhibits/02-beta.ron");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(r#", "en": "The text of exhibit beta.""#, "");
    std::fs::write(&path, text).unwrap();
    let mut k = kiosk(hall.path(), PORTRAIT);
    k.tap("点击开始 Touch to begin");
    k.tap("English");
    k.tap("Exhibit Beta");
    assert!(k.has("乙展品的正文。"));
}

#[test]
fn idle_warns_then_continue_keeps_the_visit() {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    k.tap("English");
    // idle_timeout_secs is 60 in the fixture; the warning shows for the last 20.
    k.wait(39);
    assert!(!k.has("Still there?"));
    k.wait(2);
    assert!(k.has("Still there?"), "the warning comes before any reset");
    k.tap("Continue · 继续");
    assert!(!k.has("Still there?"));
    assert_eq!(k.screen(), exhibit("alpha", 0));
    assert_eq!(k.language(), "en");
}

#[test]
fn idle_resets_to_attract_in_the_default_language() {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    k.tap("English");
    k.tap("Listen");
    assert!(k.app().narrator().is_active());
    k.wait(51);
    assert!(k.has("Still there?"));
    k.wait(10);
    assert_eq!(k.screen(), Screen::Attract);
    assert_eq!(k.language(), "zh");
    assert!(!k.app().narrator().is_active(), "audio stops on reset");
}

#[test]
fn reading_is_activity() {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    // Each page is turned before the "Still there?" countdown (at 40 s) begins.
    for _ in 0..5 {
        k.wait(35);
        k.tap("下一页");
        k.wait(35);
        k.tap("上一页");
    }
    assert_eq!(k.screen(), exhibit("alpha", 0));
}

#[test]
fn a_close_request_is_refused() {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    k.harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    k.harness.step();
    let commands = &k.harness.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(
        commands.contains(&egui::ViewportCommand::CancelClose),
        "{commands:?}"
    );
}

#[test]
fn escape_and_alt_f4_do_nothing_for_visitors() {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    k.harness.key_press(egui::Key::Escape);
    k.harness
        .key_press_modifiers(egui::Modifiers::ALT, egui::Key::F4);
    k.harness.run();
    assert_eq!(k.screen(), exhibit("alpha", 0));
    let commands = &k.harness.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(!commands.contains(&egui::ViewportCommand::Close));
}

#[test]
fn a_narration_longer_than_the_idle_timeout_is_heard_to_its_end() {
    // A listener does not touch the screen. The fixture's idle timeout is 60 s (the
    // warning at 50 s); its recording is replaced by 75 s of silence.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&base_hall(), dir.path());
    let long = dir.path().join("media/audio/zh/alpha-1.wav");
    write_wav(&long, 75.0, Sound::Silence).unwrap();
    let exhibit_file = dir.path().join("exhibits/01-alpha.ron");
    let text = std::fs::read_to_string(&exhibit_file).unwrap();
    std::fs::write(
        &exhibit_file,
        text.replace("audio/zh/alpha-1.ogg", "audio/zh/alpha-1.wav"),
    )
    .unwrap();

    let mut k = kiosk(dir.path(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    k.tap("收听讲解");
    for _ in 0..14 {
        k.wait(5);
        assert!(!k.has("还在看吗？"), "no warning while it plays");
    }
    assert_eq!(k.screen(), exhibit("alpha", 0));
    assert!(k.app().narrator().is_active());
    // Over at 75 s; the usual countdown runs from the last frame it was heard in (70 s).
    k.wait(5);
    k.wait(30);
    assert!(!k.has("还在看吗？"));
    k.wait(6);
    assert!(k.has("还在看吗？"));
    k.wait(20);
    assert_eq!(k.screen(), Screen::Attract);
}

#[test]
fn narration_plays_with_captions_and_stops_on_leaving() {
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("甲展品");
    k.tap("收听讲解");
    assert!(k.has("第一句。"), "the first caption shows");
    k.clock.advance(std::time::Duration::from_millis(1200));
    k.harness.step();
    assert!(k.has("第二句。"), "captions follow the playback position");
    k.tap("暂停讲解");
    k.tap("下一页");
    assert!(
        !k.app().narrator().is_active(),
        "leaving the panel stops the narration"
    );
}

#[test]
fn portrait_screens_show_everything() {
    let mut k = kiosk(&base_hall(), PORTRAIT);
    k.tap("点击开始 Touch to begin");
    assert!(k.has("知识问答") && k.has("English") && k.has("大字"));
    k.tap("甲展品");
    assert!(k.has("第一页") && k.has("下一页") && k.has("返回") && k.has("首页"));
}

#[test]
fn each_language_button_is_as_wide_as_its_name() {
    // "English" needs more room than "中文": an even split wrapped it in large text.
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("大字");
    k.tap("甲展品");
    let english = k.harness.get_by_label("English").rect();
    let chinese = k.harness.get_by_label("中文").rect();
    assert!(
        english.width() > chinese.width() + 20.0,
        "English {english:?}, 中文 {chinese:?}"
    );
    assert!(
        english.min.x >= chinese.max.x,
        "side by side, not overlapping"
    );
}

#[test]
fn every_panel_of_the_demo_hall_renders_in_both_languages() {
    // egui_kittest panics on any glyph no font can draw: this walks every text.
    let mut k = kiosk(&repo(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    let ids: Vec<(String, usize)> = k
        .app()
        .hall()
        .exhibits
        .iter()
        .map(|e| (e.id.clone(), e.panels.len()))
        .collect();
    for language in ["中文", "English"] {
        if k.has(language) {
            k.tap(language);
        }
        for (id, panels) in &ids {
            for panel in 0..*panels {
                k.harness.state_mut().apply(
                    &xinghuo::visit::Action::OpenExhibit {
                        id: id.clone(),
                        panel,
                    },
                    std::time::Duration::ZERO,
                );
                k.harness.run();
                assert_eq!(k.screen(), exhibit(id, panel));
            }
        }
        k.tap(if language == "中文" {
            "首页"
        } else {
            "Home"
        });
    }
    assert!(k.harness.query_by_label("Home").is_none() || k.language() == "en");
}

#[test]
fn dragging_the_home_list_scrolls_to_later_exhibits() {
    let mut k = kiosk(&repo(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    let visible =
        |k: &crate::common::Kiosk| k.app().targets().iter().any(|t| t.label == "衡阳保卫战");
    assert!(!visible(&k), "below the fold at first");
    for _ in 0..4 {
        k.swipe(egui::pos2(960.0, 750.0), egui::pos2(960.0, 350.0));
    }
    assert!(visible(&k), "a drag scrolls the list, as a finger would");
}

#[test]
fn show_opens_a_panel_in_the_language_asked_for() {
    // `kiosk --show english,exhibit:alpha:1`, as a curator previews a panel.
    let mut k = kiosk(&base_hall(), LANDSCAPE);
    k.harness
        .state_mut()
        .show("english,exhibit:alpha:1")
        .expect("a known screen");
    k.harness.run();
    assert_eq!(k.screen(), exhibit("alpha", 1));
    assert_eq!(k.language(), "en");
    assert!(k.has("Home"));

    let unknown = k
        .harness
        .state_mut()
        .show("exhibit:nope")
        .unwrap_err()
        .to_string();
    assert_eq!(unknown, "no exhibit has the id `nope`");
    let typo = k.harness.state_mut().show("hom").unwrap_err().to_string();
    assert!(
        typo.starts_with("unknown screen `hom`; the screens are: home, exhibit:ID[:PANEL]"),
        "{typo}"
    );
    assert_eq!(
        k.screen(),
        exhibit("alpha", 1),
        "a bad --show changes nothing"
    );
}

#[test]
fn in_portrait_with_large_text_every_header_button_is_whole_on_the_screen() {
    for english in [false, true] {
        let mut k = kiosk(&repo(), PORTRAIT);
        let spec = if english {
            "english,large-text"
        } else {
            "large-text"
        };
        k.app_mut().show(spec).unwrap();
        k.harness.run();
        let labels = if english {
            ["Quiz", "Red map", "Large text", "中文", "English"]
        } else {
            ["知识问答", "红色地图", "大字", "中文", "English"]
        };
        for label in labels {
            let rect = k.harness.get_by_label(label).rect();
            assert!(
                rect.min.x >= 0.0 && rect.max.x <= PORTRAIT.x,
                "{spec}: {label} at {rect:?} leaves the screen"
            );
        }
    }
}
