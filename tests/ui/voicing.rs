//! The self-voicing mode: the kiosk speaks for itself and touch explores. Speech goes to
//! a recording; the clock is the test's.

use std::sync::Arc;
use std::time::Duration;

use eframe::egui;
use xinghuo::app::Speech;
use xinghuo::content::QuestionKind;
use xinghuo::speech::Recording;
use xinghuo::ui::widgets::{Target, TargetKind};
use xinghuo::visit::Screen;

use crate::common::{Kiosk, LANDSCAPE, kiosk_with, repo};

const BUTTON: &str = "无障碍 · Accessibility";

fn voiced_kiosk() -> (Kiosk, Recording) {
    let recording = Recording::default();
    let speaker = recording.clone();
    let k = kiosk_with(&repo(), LANDSCAPE, move |options| {
        options.speech = Speech::Given(Arc::new(speaker));
    });
    (k, recording)
}

fn press(pos: egui::Pos2, pressed: bool) -> egui::Event {
    egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    }
}

fn finger_down(k: &mut Kiosk, pos: egui::Pos2) {
    k.harness.event(egui::Event::PointerMoved(pos));
    k.harness.event(press(pos, true));
    k.harness.step();
}

fn finger_up(k: &mut Kiosk, pos: egui::Pos2) {
    k.harness.event(press(pos, false));
    k.harness.step();
    k.harness.event(egui::Event::PointerGone);
    k.harness.run();
}

fn pass(k: &mut Kiosk, time: Duration) {
    k.clock.advance(time);
    k.harness.step();
}

/// A finger resting on `pos` long enough to explore, then lifted.
fn rest(k: &mut Kiosk, pos: egui::Pos2) {
    finger_down(k, pos);
    pass(k, Duration::from_millis(400));
    finger_up(k, pos);
}

fn tap(k: &mut Kiosk, pos: egui::Pos2) {
    finger_down(k, pos);
    finger_up(k, pos);
}

fn double_tap(k: &mut Kiosk, pos: egui::Pos2) {
    tap(k, pos);
    pass(k, Duration::from_millis(100));
    tap(k, pos);
    k.harness.run();
}

fn swipe(k: &mut Kiosk, forwards: bool) {
    let (from, to) = if forwards {
        (egui::pos2(600.0, 700.0), egui::pos2(1000.0, 700.0))
    } else {
        (egui::pos2(1000.0, 700.0), egui::pos2(600.0, 700.0))
    };
    finger_down(k, from);
    for i in 1..=4 {
        k.harness.event(egui::Event::PointerMoved(
            from + (to - from) * (i as f32 / 4.0),
        ));
        k.harness.step();
    }
    finger_up(k, to);
}

fn target(k: &Kiosk, label: &str) -> Target {
    k.app()
        .targets()
        .iter()
        .find(|t| t.label == label)
        .unwrap_or_else(|| panic!("no target `{label}`"))
        .clone()
}

/// Holds the accessibility button until the spoken visit starts; returns what was said.
fn turn_on(k: &mut Kiosk, recording: &Recording) -> Vec<String> {
    let at = target(k, BUTTON).rect.center();
    finger_down(k, at);
    for _ in 0..6 {
        pass(k, Duration::from_millis(200));
    }
    finger_up(k, at);
    assert!(k.app().visit().self_voicing);
    assert_eq!(k.screen(), Screen::Home);
    let heard = recording.take_texts();
    assert!(
        heard.iter().any(|text| text.starts_with("语音导览已开启")),
        "{heard:?}"
    );
    heard
}

#[test]
fn without_a_speech_engine_the_accessibility_button_is_not_offered() {
    let k = crate::common::kiosk(&repo(), LANDSCAPE);
    assert!(!k.has(BUTTON));
    let (k, _) = voiced_kiosk();
    assert!(k.has(BUTTON));
}

#[test]
fn a_short_tap_on_the_accessibility_button_starts_an_ordinary_visit() {
    let (mut k, recording) = voiced_kiosk();
    let at = target(&k, BUTTON).rect.center();
    tap(&mut k, at);
    assert_eq!(k.screen(), Screen::Home);
    assert!(!k.app().visit().self_voicing);
    assert!(recording.take_texts().is_empty());
}

#[test]
fn a_long_press_turns_spoken_guidance_and_large_text_on() {
    let (mut k, recording) = voiced_kiosk();
    let heard = turn_on(&mut k, &recording);
    assert!(k.app().visit().large_text);
    // The welcome, then the home screen's texts as they appear, the hall's title first,
    // in one utterance (the next would interrupt it).
    let title = k.app().hall().config.title.get("zh", "zh").to_owned();
    let welcome = heard.last().unwrap();
    assert!(welcome.starts_with("语音导览已开启"), "{heard:?}");
    assert!(welcome.contains(&format!("。{title}")), "{heard:?}");
}

/// The hall's accessibility button, a one-key USB keyboard sending F8 (the default),
/// starts the spoken visit from the attract screen as holding 无障碍 does; another key
/// does nothing.
#[test]
fn the_halls_accessibility_button_starts_spoken_guidance() {
    let (mut k, recording) = voiced_kiosk();
    assert_eq!(k.screen(), Screen::Attract);
    k.harness.key_press(egui::Key::F7);
    k.harness.run();
    assert_eq!(k.screen(), Screen::Attract, "another key does nothing");
    assert!(!k.app().visit().self_voicing);
    k.harness.key_press(egui::Key::F8);
    k.harness.run();
    assert!(k.app().visit().self_voicing);
    assert!(k.app().visit().large_text);
    assert_eq!(k.screen(), Screen::Home);
    let heard = recording.take_texts();
    assert!(
        heard.iter().any(|text| text.starts_with("语音导览已开启")),
        "{heard:?}"
    );
}

#[test]
fn a_finger_on_a_target_speaks_it_and_lifting_it_activates_nothing() {
    let (mut k, recording) = voiced_kiosk();
    turn_on(&mut k, &recording);
    let quiz = k
        .app()
        .targets()
        .iter()
        .find(|t| t.kind == TargetKind::Tap && t.label.contains("问答"))
        .expect("the quiz button")
        .clone();
    recording.take();
    rest(&mut k, quiz.rect.center());
    assert_eq!(recording.take_texts(), [format!("{}，按钮", quiz.label)]);
    pass(&mut k, Duration::from_secs(1));
    assert_eq!(
        k.screen(),
        Screen::Home,
        "lifting the finger pressed nothing"
    );
    // A quick single tap explores too, once no second tap follows, and presses nothing.
    let english = target(&k, "English");
    tap(&mut k, english.rect.center());
    pass(&mut k, Duration::from_millis(500));
    assert_eq!(recording.take_texts(), ["English，按钮"]);
    assert_eq!(k.language(), "zh");
}

#[test]
fn a_double_tap_anywhere_activates_the_target_last_spoken() {
    let (mut k, recording) = voiced_kiosk();
    turn_on(&mut k, &recording);
    let english = target(&k, "English");
    rest(&mut k, english.rect.center());
    assert_eq!(recording.take_texts(), ["English，按钮"]);
    // Far from the button: anywhere will do.
    double_tap(&mut k, egui::pos2(900.0, 900.0));
    pass(&mut k, Duration::from_millis(10));
    assert_eq!(k.language(), "en");
    assert_eq!(k.screen(), Screen::Home);
    // The screen in English is read in English.
    k.harness.run();
    pass(&mut k, Duration::from_millis(10));
    let heard = recording.take();
    assert!(
        heard.iter().flatten().any(|u| u.language == "en"),
        "{heard:?}"
    );
}

#[test]
fn swipes_walk_the_targets_in_reading_order_and_back() {
    let (mut k, recording) = voiced_kiosk();
    turn_on(&mut k, &recording);
    pass(&mut k, Duration::from_millis(10));
    recording.take();
    let mut heard = Vec::new();
    for _ in 0..5 {
        swipe(&mut k, true);
        heard.extend(recording.take_texts());
    }
    assert_eq!(heard.len(), 5, "{heard:?}");
    // Reading order: rows from the top, left to right; what was heard follows it.
    let targets = k.app().targets().to_vec();
    let tops: Vec<f32> = heard
        .iter()
        .map(|text| {
            let label = text.trim_end_matches("，按钮");
            targets
                .iter()
                .find(|t| t.label == label)
                .unwrap_or_else(|| panic!("`{label}` is on screen"))
                .rect
                .min
                .y
        })
        .collect();
    assert!(
        tops.windows(2)
            .all(|w| (w[1] / 24.0).floor() >= (w[0] / 24.0).floor()),
        "{heard:?} {tops:?}"
    );
    swipe(&mut k, false);
    assert_eq!(recording.take_texts(), [heard[3].clone()]);
    assert_eq!(k.screen(), Screen::Home, "swiping opened nothing");
}

#[test]
fn the_idle_warning_is_spoken_and_the_reset_turns_the_mode_off() {
    let (mut k, recording) = voiced_kiosk();
    turn_on(&mut k, &recording);
    let config = &k.app().hall().config;
    let (timeout, warning) = (config.idle_timeout(), config.idle_warning());
    k.clock.advance(timeout - warning + Duration::from_secs(1));
    k.harness.step();
    k.harness.run();
    let heard = recording.take_texts().join(" | ");
    assert!(heard.contains("双击继续"), "{heard}");
    k.clock.advance(warning);
    k.harness.step();
    k.harness.run();
    assert_eq!(k.screen(), Screen::Attract);
    assert!(!k.app().visit().self_voicing);
    assert!(!k.app().visit().large_text);
}

#[test]
fn a_double_tap_during_the_idle_warning_continues_the_visit() {
    let (mut k, recording) = voiced_kiosk();
    turn_on(&mut k, &recording);
    let config = &k.app().hall().config;
    let (timeout, warning) = (config.idle_timeout(), config.idle_warning());
    k.clock.advance(timeout - warning + Duration::from_secs(1));
    k.harness.step();
    k.harness.run();
    double_tap(&mut k, egui::pos2(300.0, 300.0));
    pass(&mut k, Duration::from_millis(10));
    k.clock.advance(warning);
    k.harness.step();
    k.harness.run();
    assert_eq!(k.screen(), Screen::Home);
    assert!(k.app().visit().self_voicing);
}

/// The screen-reader tree: every touch target a screen registers (what the mode speaks)
/// is in egui's AccessKit tree with the same role and name, on every visitor screen, in
/// both languages.
#[test]
fn every_touch_target_is_in_the_accesskit_tree_with_its_role_and_name() {
    use egui_kittest::kittest::Queryable as _;
    for spec in [
        "home",
        "quiz",
        "map",
        "exhibit:xia-minghan",
        "photo:xia-minghan",
        "english,home",
        "english,quiz",
        "english,map",
        "english,exhibit:xia-minghan",
    ] {
        let (mut k, _) = voiced_kiosk();
        k.app_mut().show(spec).unwrap();
        k.harness.run();
        let targets: Vec<Target> = k
            .app()
            .targets()
            .iter()
            .filter(|t| t.id.is_some() && matches!(t.kind, TargetKind::Tap | TargetKind::Read))
            .cloned()
            .collect();
        // The photo viewer's photo is checked by name and description on its own.
        let least = if spec.starts_with("photo") { 2 } else { 3 };
        assert!(targets.len() >= least, "{spec}: {targets:?}");
        for target in &targets {
            assert!(
                k.harness
                    .query_all_by_role_and_label(target.role, &target.label)
                    .next()
                    .is_some(),
                "{spec}: `{}` ({:?}) is not in the AccessKit tree",
                target.label,
                target.role
            );
        }
    }
}

/// The photo viewer says the caption and then what the photo shows; a screen reader
/// gets the caption as the photo's name and the alt text as its description.
#[test]
fn the_photo_viewer_speaks_the_caption_and_the_alt_description() {
    use egui_kittest::kittest::{NodeT as _, Queryable as _};
    for (spec, language, stop) in [
        ("photo:xia-minghan:1:0", "zh", "。"),
        ("english,photo:xia-minghan:1:0", "en", ". "),
    ] {
        let (mut k, recording) = voiced_kiosk();
        turn_on(&mut k, &recording);
        k.app_mut().show(spec).unwrap();
        k.harness.run();
        let photo = k.app().hall().exhibit("xia-minghan").unwrap().panels[1].photos[0].clone();
        let caption = photo.caption.unwrap().get(language, "zh").to_owned();
        let alt = photo.alt.unwrap().get(language, "zh").to_owned();
        let heard = recording.take_texts().join(" | ");
        assert!(
            heard.contains(&format!("{caption}{stop}{alt}")),
            "{spec}: {heard}"
        );
        let node = k.harness.get_by_role_and_label(egui::Role::Image, &caption);
        assert_eq!(
            node.accesskit_node().description().as_deref(),
            Some(alt.as_str()),
            "{spec}"
        );
    }
}

#[test]
fn the_map_is_named_in_the_visit_language_and_described_to_a_screen_reader() {
    use egui_kittest::kittest::{NodeT as _, Queryable as _};
    for (spec, language) in [("map", "zh"), ("english,map", "en")] {
        let (mut k, _) = voiced_kiosk();
        k.app_mut().show(spec).unwrap();
        k.harness.run();
        let map = k.app().hall().map.clone().unwrap();
        let title = map.title.get(language, "zh");
        let name = if language == "zh" {
            format!("地图：{title}")
        } else {
            format!("Map: {title}")
        };
        let alt = map.alt.clone().unwrap().get(language, "zh").to_owned();
        let node = k.harness.get_by_role_and_label(egui::Role::Image, &name);
        assert_eq!(
            node.accesskit_node().description().as_deref(),
            Some(alt.as_str()),
            "{spec}"
        );
    }
}

/// The live regions of the screen-reader tree, by name.
fn live_regions(k: &Kiosk) -> Vec<String> {
    use egui_kittest::kittest::{NodeT as _, Queryable as _, by};
    k.harness
        .query_all(by().predicate(|node| node.live() != egui::accesskit::Live::Off))
        .filter_map(|node| node.accesskit_node().label())
        .collect()
}

/// State changes reach a screen reader as live regions (it says them when they appear),
/// without the self-voicing mode: the turned page, the quiz's verdict, the idle warning.
#[test]
fn a_turned_page_the_answer_and_the_idle_warning_are_live_regions() {
    use egui_kittest::kittest::{NodeT as _, Queryable as _};
    for (language, next, page_two, warning) in [
        ("zh", "下一页", "第 2 页，共 3 页", "参观将在 20 秒后结束。"),
        (
            "en",
            "Next",
            "Panel 2 of 3",
            "The visit ends in 20 seconds.",
        ),
    ] {
        let (mut k, _) = voiced_kiosk();
        let english = if language == "en" { "english," } else { "" };
        k.app_mut()
            .show(&format!("{english}exhibit:xia-minghan"))
            .unwrap();
        k.harness.run();
        assert_eq!(
            k.app().hall().exhibit("xia-minghan").unwrap().panels.len(),
            3
        );
        let first = page_two.replace('2', "1");
        assert!(live_regions(&k).contains(&first), "{:?}", live_regions(&k));
        k.tap(next);
        assert!(
            live_regions(&k).contains(&page_two.to_owned()),
            "{language}: {:?}",
            live_regions(&k)
        );

        k.app_mut()
            .show(&format!("{english}quiz-question"))
            .unwrap();
        k.harness.run();
        let round = k.app().visit().quiz.round.clone().unwrap();
        let current = round.current().unwrap();
        let question = current.question(k.app().hall()).unwrap();
        let right = current.right_position(question).unwrap();
        let wrong = (right + 1) % current.order.len();
        let letter = ["A", "B", "C", "D"][right];
        let choice = question.choices[current.order[wrong]].get(language, "zh");
        k.tap(&format!("{} {choice}", ["A", "B", "C", "D"][wrong]));
        let verdict = if language == "zh" {
            format!("差一点！正确答案是 {letter}。")
        } else {
            format!("Nearly! The answer is {letter}.")
        };
        assert!(
            live_regions(&k).contains(&verdict),
            "{language}: {:?}",
            live_regions(&k)
        );

        let config = &k.app().hall().config;
        let (timeout, before) = (config.idle_timeout(), config.idle_warning());
        k.clock
            .advance(timeout - before + std::time::Duration::from_secs(1));
        k.harness.step();
        k.harness.run();
        let question = if language == "zh" {
            "还在看吗？"
        } else {
            "Still there?"
        };
        assert!(live_regions(&k).contains(&question.to_owned()));
        let node = k
            .harness
            .get_by_role_and_label(egui::Role::Status, question);
        assert_eq!(
            node.accesskit_node().description().as_deref(),
            Some(warning)
        );
    }
}

/// The first target on screen whose name passes `wanted`.
fn find(k: &Kiosk, what: &str, wanted: impl Fn(&Target) -> bool) -> Target {
    k.app()
        .targets()
        .iter()
        .find(|t| wanted(t))
        .unwrap_or_else(|| panic!("no {what} among {:?}", k.app().targets()))
        .clone()
}

/// What a visitor who cannot see does to press `target`: a finger rests on it (the
/// kiosk says its name), then a double tap anywhere. Returns what was heard after.
fn press_by_voice(k: &mut Kiosk, recording: &Recording, target: &Target) -> Vec<String> {
    recording.take();
    rest(k, target.rect.center());
    let named = recording.take_texts();
    assert!(
        named.iter().any(|text| text.starts_with(&target.label)),
        "resting on `{}` said {named:?}",
        target.label
    );
    double_tap(k, egui::pos2(960.0, 540.0));
    for _ in 0..3 {
        pass(k, Duration::from_millis(10));
        k.harness.run();
    }
    recording.take_texts()
}

/// The panel's body is heard in its recorded voice, once what comes before it is said:
/// the narration of that panel in `language` plays, and the engine never got the body.
fn hears_the_recorded_body(
    k: &mut Kiosk,
    recording: &Recording,
    heard: Vec<String>,
    exhibit: &xinghuo::content::Exhibit,
    panel: usize,
    language: &str,
) {
    let body = exhibit.panels[panel].body.get(language, "zh");
    let mut heard = heard;
    for _ in 0..20 {
        if k.app().narrator().is_playing(k.clock_now()) {
            break;
        }
        pass(k, Duration::from_secs(1));
        k.harness.run();
        heard.extend(recording.take_texts());
    }
    let playing = k.app().narrator().current().cloned();
    assert!(
        k.app().narrator().is_playing(k.clock_now()),
        "panel {panel}: no narration after {heard:?}"
    );
    let playing = playing.unwrap();
    assert_eq!(
        (
            playing.exhibit.as_str(),
            playing.panel,
            playing.language.as_str()
        ),
        (exhibit.id.as_str(), panel, language)
    );
    assert!(
        heard.iter().all(|text| !text.contains(body)),
        "panel {panel}: the recorded body was synthesised: {heard:?}"
    );
}

fn heard_all(heard: &[String], texts: &[&str], step: &str) {
    let all = heard.join(" | ");
    for text in texts {
        assert!(all.contains(text), "{step}: `{text}` not heard in {all}");
    }
}

/// The "done when": a visitor who cannot see the screen starts a visit by the
/// gesture, chooses an exhibit, hears its panels, opens a photo and hears what it shows,
/// plays a quiz round and goes home, in either language, all by ear and touch alone.
#[test]
fn a_whole_visit_by_ear_in_either_language() {
    for language in ["zh", "en"] {
        let zh = language == "zh";
        let (mut k, recording) = voiced_kiosk();
        let welcome = turn_on(&mut k, &recording);
        let hall = k.app().hall().clone();
        let title = hall.config.title.get("zh", "zh").to_owned();
        heard_all(&welcome, &[&title], "the welcome");
        if !zh {
            let english = target(&k, "English");
            let heard = press_by_voice(&mut k, &recording, &english);
            assert_eq!(k.language(), "en");
            heard_all(&heard, &[hall.config.title.get("en", "zh")], "in English");
        }
        let tr = |zh_text: &'static str, en_text: &'static str| if zh { zh_text } else { en_text };

        // An exhibit, chosen from the tiles: its first panel is read.
        let tile = find(&k, "an exhibit tile", |t| {
            t.kind == TargetKind::Tap
                && hall
                    .exhibits
                    .iter()
                    .any(|e| e.title.get(language, "zh") == t.label)
        });
        let exhibit = hall
            .exhibits
            .iter()
            .find(|e| e.title.get(language, "zh") == tile.label)
            .unwrap()
            .clone();
        let heard = press_by_voice(&mut k, &recording, &tile);
        assert!(matches!(k.screen(), Screen::Exhibit { panel: 0, .. }));
        let count = exhibit.panels.len();
        let page = |n: usize| {
            if zh {
                format!("第 {n} 页，共 {count} 页")
            } else {
                format!("Panel {n} of {count}")
            }
        };
        let panel = &exhibit.panels[0];
        heard_all(
            &heard,
            &[&page(1), panel.heading.get(language, "zh")],
            "the first panel",
        );
        hears_the_recorded_body(&mut k, &recording, heard, &exhibit, 0, language);

        // The next panel: the turned page is said, then its heading and body.
        let next = target(&k, tr("下一页", "Next"));
        let heard = press_by_voice(&mut k, &recording, &next);
        assert!(matches!(k.screen(), Screen::Exhibit { panel: 1, .. }));
        let panel = &exhibit.panels[1];
        let spoken = heard.join(" ");
        let at = |text: &str| {
            spoken
                .find(text)
                .unwrap_or_else(|| panic!("`{text}` in {spoken}"))
        };
        assert!(at(&page(2)) < at(panel.heading.get(language, "zh")));
        hears_the_recorded_body(&mut k, &recording, heard, &exhibit, 1, language);

        // Its photo, opened: the caption, then what it shows.
        let photo = &panel.photos[0];
        let caption = photo.caption.as_ref().unwrap().get(language, "zh");
        let enlarge = target(&k, &format!("{} {caption}", tr("放大查看", "Enlarge")));
        let heard = press_by_voice(&mut k, &recording, &enlarge);
        assert!(matches!(k.screen(), Screen::Photo { .. }));
        heard_all(
            &heard,
            &[caption, photo.alt.as_ref().unwrap().get(language, "zh")],
            "the photo",
        );
        let close = target(&k, tr("关闭", "Close"));
        press_by_voice(&mut k, &recording, &close);
        assert!(matches!(k.screen(), Screen::Exhibit { panel: 1, .. }));

        // Home, and a quiz round from there.
        let home = target(&k, tr("首页", "Home"));
        press_by_voice(&mut k, &recording, &home);
        assert_eq!(k.screen(), Screen::Home);
        let quiz = find(&k, "the quiz button", |t| {
            t.kind == TargetKind::Tap && t.label.contains(tr("知识问答", "Quiz"))
        });
        press_by_voice(&mut k, &recording, &quiz);
        assert_eq!(k.screen(), Screen::Quiz);
        let junior = find(&k, "the junior level", |t| {
            t.kind == TargetKind::Tap && t.label.contains("8–11")
        });
        let mut heard = press_by_voice(&mut k, &recording, &junior);
        let total = k.app().visit().quiz.round.as_ref().unwrap().questions.len();
        let mut answered_wrong = false;
        let mut right_answers = 0;
        for n in 0..total {
            let round = k.app().visit().quiz.round.clone().unwrap();
            let current = round.current().unwrap().clone();
            let question = current.question(&hall).unwrap().clone();
            heard_all(&heard, &[question.prompt.get(language, "zh")], "a question");
            let explanation = question.explanation.get(language, "zh");
            assert_ne!(
                current.kind,
                QuestionKind::Spot,
                "no spot-it question by ear"
            );
            if current.kind == QuestionKind::Map {
                // The map's sites are offered by name: the right one is pressed.
                let site = hall
                    .map
                    .as_ref()
                    .and_then(|map| {
                        map.sites
                            .iter()
                            .find(|s| Some(&s.id) == question.site.as_ref())
                    })
                    .unwrap();
                let place = target(&k, site.name.get(language, "zh"));
                let verdict = press_by_voice(&mut k, &recording, &place);
                heard_all(&verdict, &[explanation], "a place found on the map");
                right_answers += 1;
                let onwards = if n + 1 == total {
                    tr("看看成绩", "See my result")
                } else {
                    tr("下一题", "Next question")
                };
                let next = target(&k, onwards);
                heard = press_by_voice(&mut k, &recording, &next);
                continue;
            }
            let Some(right) = current.right_position(&question) else {
                // An order question, handed out never already in order: checked as it
                // is, it is not right, and its explanation is read.
                let check = target(&k, tr("排好了，看看对不对", "Check my order"));
                let verdict = press_by_voice(&mut k, &recording, &check);
                heard_all(&verdict, &[explanation], "an order checked");
                let onwards = if n + 1 == total {
                    tr("看看成绩", "See my result")
                } else {
                    tr("下一题", "Next question")
                };
                let next = target(&k, onwards);
                heard = press_by_voice(&mut k, &recording, &next);
                continue;
            };
            // The first multiple choice answered wrong, the rest right.
            let first_choice = !answered_wrong;
            answered_wrong = true;
            right_answers += usize::from(!first_choice);
            let pick = if first_choice {
                (right + 1) % current.order.len()
            } else {
                right
            };
            let letter = ["A", "B", "C", "D"][pick];
            let choice = match current.kind {
                QuestionKind::Picture => &question.pictures[current.order[pick]].caption,
                _ => &question.choices[current.order[pick]],
            }
            .get(language, "zh");
            let answer = target(&k, &format!("{letter} {choice}"));
            let verdict = press_by_voice(&mut k, &recording, &answer);
            if first_choice {
                let answer_is = if zh {
                    format!("正确答案是 {}", ["A", "B", "C", "D"][right])
                } else {
                    format!("The answer is {}", ["A", "B", "C", "D"][right])
                };
                heard_all(&verdict, &[&answer_is, explanation], "a wrong answer");
            } else {
                let praise = verdict.join(" ");
                assert!(
                    [
                        "答对了！",
                        "真棒！",
                        "完全正确！",
                        "好样的！",
                        "That's right!",
                        "Well done!",
                        "Exactly right!",
                        "Great job!"
                    ]
                    .iter()
                    .any(|p| praise.contains(p)),
                    "a right answer is praised: {praise}"
                );
                heard_all(&verdict, &[explanation], "a right answer");
            }
            let onwards = if n + 1 == total {
                tr("看看成绩", "See my result")
            } else {
                tr("下一题", "Next question")
            };
            let next = target(&k, onwards);
            heard = press_by_voice(&mut k, &recording, &next);
        }
        let score = if zh {
            format!("答对 {right_answers} 题，共 {total} 题")
        } else {
            format!("{right_answers} of {total} right")
        };
        heard_all(&heard, &[&score], "the result");

        // And home again.
        let home = target(&k, tr("首页", "Home"));
        let heard = press_by_voice(&mut k, &recording, &home);
        assert_eq!(k.screen(), Screen::Home);
        heard_all(&heard, &[hall.config.title.get(language, "zh")], "home");
        assert!(k.app().visit().self_voicing, "the mode lasts the visit");
    }
}

fn touch(finger: u64, phase: egui::TouchPhase, pos: egui::Pos2) -> egui::Event {
    egui::Event::Touch {
        device_id: egui::TouchDeviceId(1),
        id: egui::TouchId(finger),
        phase,
        pos,
        force: None,
    }
}

/// Fingers put down at `from`, moved to `to` and lifted, as egui-winit reports them:
/// a touch event for each finger, and the first finger as the pointer too.
fn fingers(k: &mut Kiosk, from: &[egui::Pos2], to: &[egui::Pos2]) {
    for (finger, at) in from.iter().enumerate() {
        k.harness
            .event(touch(finger as u64, egui::TouchPhase::Start, *at));
    }
    k.harness.event(egui::Event::PointerMoved(from[0]));
    k.harness.event(press(from[0], true));
    k.harness.step();
    for step in 1..=4 {
        let share = step as f32 / 4.0;
        for (finger, (start, end)) in from.iter().zip(to).enumerate() {
            let at = *start + (*end - *start) * share;
            k.harness
                .event(touch(finger as u64, egui::TouchPhase::Move, at));
            if finger == 0 {
                k.harness.event(egui::Event::PointerMoved(at));
            }
        }
        k.harness.step();
    }
    for (finger, at) in to.iter().enumerate() {
        k.harness
            .event(touch(finger as u64, egui::TouchPhase::End, *at));
    }
    k.harness.event(press(to[0], false));
    k.harness.event(egui::Event::PointerGone);
    k.harness.step();
    k.harness.run();
    pass(k, Duration::from_millis(10));
}

fn three_finger_tap(k: &mut Kiosk, at: egui::Pos2) {
    let spots = [
        at,
        at + egui::vec2(120.0, 0.0),
        at + egui::vec2(240.0, 30.0),
    ];
    fingers(k, &spots, &spots);
}

#[test]
fn a_three_finger_tap_turns_spoken_guidance_on_from_the_attract_screen_or_mid_visit() {
    let (mut k, recording) = voiced_kiosk();
    assert_eq!(k.screen(), Screen::Attract);
    three_finger_tap(&mut k, egui::pos2(600.0, 500.0));
    assert!(k.app().visit().self_voicing);
    assert_eq!(k.screen(), Screen::Home);
    let heard = recording.take_texts().join(" | ");
    assert!(heard.contains("语音导览已开启"), "{heard}");

    // Mid-visit, on a tile: the mode comes on where the visitor is; the tile under the
    // first finger is not opened.
    let (mut k, recording) = voiced_kiosk();
    k.app_mut().show("home").unwrap();
    k.harness.run();
    let tile = find(&k, "an exhibit tile", |t| {
        t.kind == TargetKind::Tap
            && k.app()
                .hall()
                .exhibits
                .iter()
                .any(|e| e.title.get("zh", "zh") == t.label)
    });
    three_finger_tap(&mut k, tile.rect.center());
    assert_eq!(k.screen(), Screen::Home, "the tile was not opened");
    assert!(k.app().visit().self_voicing);
    assert!(
        recording.take_texts().join(" ").contains("语音导览已开启"),
        "the welcome is said"
    );

    // Two fingers apart are a pinch, not the gesture; one finger stays a tap.
    let (mut k, _) = voiced_kiosk();
    k.app_mut().show("photo:xia-minghan:0:0").unwrap();
    k.harness.run();
    let (a, b) = (egui::pos2(800.0, 400.0), egui::pos2(1000.0, 400.0));
    fingers(&mut k, &[a, b], &[a, b]);
    assert!(!k.app().visit().self_voicing);
}

#[test]
fn a_two_finger_swipe_down_reads_the_panel_from_the_top() {
    let (mut k, recording) = voiced_kiosk();
    turn_on(&mut k, &recording);
    k.app_mut().show("exhibit:xia-minghan:1").unwrap();
    k.harness.run();
    pass(&mut k, Duration::from_millis(10));
    // The finger has heard one button, somewhere down the page.
    let next = target(&k, "下一页");
    rest(&mut k, next.rect.center());
    recording.take();
    let (a, b) = (egui::pos2(700.0, 300.0), egui::pos2(900.0, 300.0));
    let down = egui::vec2(0.0, 400.0);
    fingers(&mut k, &[a, b], &[a + down, b + down]);
    let heard = recording.take_texts();
    assert_eq!(heard.len(), 1, "{heard:?}");
    let panel = &k.app().hall().exhibit("xia-minghan").unwrap().panels[1];
    let (heading, body) = (panel.heading.get("zh", "zh"), panel.body.get("zh", "zh"));
    // From the top: the exhibit's title in the top bar, the page, its heading, its body.
    let title = k
        .app()
        .hall()
        .exhibit("xia-minghan")
        .unwrap()
        .title
        .get("zh", "zh");
    assert!(
        heard[0].starts_with(&format!("{title}。第 2 页，共 3 页。{heading}。")),
        "{heard:?}"
    );
    // The body is recorded: it is played after the rest, not synthesised.
    assert!(!heard[0].contains(body), "{heard:?}");
    let body = body.to_owned();
    assert!(!k.app().narrator().is_playing(k.clock_now()));
    for _ in 0..20 {
        pass(&mut k, Duration::from_secs(1));
        k.harness.run();
    }
    assert!(k.app().narrator().is_playing(k.clock_now()));
    assert!(
        recording
            .take_texts()
            .iter()
            .all(|text| !text.contains(&body)),
        "the body was not synthesised later"
    );
    assert!(
        matches!(k.screen(), Screen::Exhibit { panel: 1, .. }),
        "nothing was pressed"
    );
}

/// Narration makes way for the kiosk's voice: lowered while it speaks, not paused, and
/// back to its volume after.
#[test]
fn narration_is_lowered_not_paused_while_the_kiosk_speaks_and_restored_after() {
    use xinghuo::media::ducking::DUCKED_SHARE;
    let (mut k, recording) = voiced_kiosk();
    turn_on(&mut k, &recording);
    pass(&mut k, Duration::from_secs(30));
    k.app_mut().show("narration:xia-minghan").unwrap();
    k.harness.run();
    pass(&mut k, Duration::from_millis(10));
    // The screen just opened is read first, the narration lowered under it.
    wait(&mut k, Duration::from_secs(20));
    let full = k.app().hall().config.narration.volume;
    assert!(full > 0.0);
    assert!(k.app().narrator().is_playing(k.clock_now()));
    assert_eq!(k.app().narrator().playing_volume(), full);
    recording.take();
    let next = target(&k, "下一页");
    rest(&mut k, next.rect.center());
    assert_eq!(recording.take_texts(), ["下一页，按钮"]);
    assert!(
        k.app().narrator().is_playing(k.clock_now()),
        "the narration plays on"
    );
    assert!((k.app().narrator().playing_volume() - full * DUCKED_SHARE).abs() < 1e-6);
    pass(&mut k, Duration::from_secs(3));
    k.harness.run();
    assert_eq!(k.app().narrator().playing_volume(), full);
    assert!(k.app().narrator().is_playing(k.clock_now()));
}

/// Texts that appear on a screen while it is still being read (the home screen's theme
/// headings, laid out a frame later) wait for the reading to end instead of cutting it
/// off; a finger, or another screen, is heard at once.
#[test]
fn texts_appearing_during_a_reading_wait_for_it_and_do_not_cut_the_welcome_off() {
    let (mut k, recording) = voiced_kiosk();
    turn_on(&mut k, &recording);
    // The tiles scroll: headings further down come into view while the welcome is said.
    k.harness
        .event(egui::Event::PointerMoved(egui::pos2(960.0, 700.0)));
    k.harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -600.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::NONE,
    });
    for _ in 0..8 {
        pass(&mut k, Duration::from_millis(250));
        k.harness.run();
    }
    assert_eq!(
        recording.take(),
        Vec::<Option<xinghuo::speech::Utterance>>::new(),
        "nothing interrupted the welcome"
    );
    // Once it is over, what appeared meanwhile is read.
    pass(&mut k, Duration::from_secs(60));
    k.harness.run();
    pass(&mut k, Duration::from_millis(10));
    let later = recording.take_texts();
    assert_eq!(later.len(), 1, "{later:?}");
    assert!(!later[0].contains("语音导览已开启"), "{later:?}");
    // A finger is heard at once.
    let english = target(&k, "English");
    rest(&mut k, english.rect.center());
    assert_eq!(recording.take_texts(), ["English，按钮"]);
}

/// A film's sound makes way for the kiosk's voice as the narration does: lowered while
/// it speaks (the film plays on) and back to full after, through the real pipeline.
#[test]
fn a_films_sound_is_lowered_while_the_kiosk_speaks_and_restored_after() {
    use xinghuo::media::ducking::DUCKED_SHARE;
    use xinghuo::visit::Action;
    let (mut k, recording) = voiced_kiosk();
    turn_on(&mut k, &recording);
    pass(&mut k, Duration::from_secs(30));
    let now = k.clock_now();
    k.app_mut().apply(
        &Action::OpenExhibit {
            id: "party-history-museum".into(),
            panel: 0,
        },
        now,
    );
    k.harness.run();
    // The panel is being read out: a film started now starts lowered.
    assert!(!recording.take_texts().is_empty(), "the panel is read");
    let now = k.clock_now();
    k.app_mut().apply(&Action::PlayFilm, now);
    k.harness.step();
    fn films(k: &Kiosk) -> &xinghuo::media::film_player::FilmPlayer {
        k.app().films()
    }
    assert!(films(&k).is_playing());
    let lowered = f64::from(DUCKED_SHARE);
    assert!(
        (films(&k).playing_volume().unwrap() - lowered).abs() < 1e-6,
        "{:?}",
        films(&k).playing_volume()
    );
    // A short utterance cuts the reading off; after it the film is heard in full.
    let next = target(&k, "下一页");
    rest(&mut k, next.rect.center());
    assert_eq!(recording.take_texts(), ["下一页，按钮"]);
    pass(&mut k, Duration::from_secs(3));
    k.harness.run();
    assert_eq!(films(&k).playing_volume(), Some(1.0));
    assert!(films(&k).is_playing(), "the film played on");
    // The voice again (another button): lowered, still playing; then restored.
    let home = target(&k, "首页");
    rest(&mut k, home.rect.center());
    assert_eq!(recording.take_texts(), ["首页，按钮"]);
    assert!((films(&k).playing_volume().unwrap() - lowered).abs() < 1e-6);
    assert!(films(&k).is_playing(), "ducked, not paused");
    pass(&mut k, Duration::from_secs(3));
    k.harness.run();
    assert_eq!(films(&k).playing_volume(), Some(1.0));
}

/// The colours of the filled shapes the last frame drew.
fn fills(k: &Kiosk) -> Vec<egui::Color32> {
    fn walk(shape: &egui::Shape, out: &mut Vec<egui::Color32>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            egui::Shape::Rect(rect) => out.push(rect.fill),
            egui::Shape::Circle(circle) => out.push(circle.fill),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &k.harness.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

/// How tall the last frame drew `text`.
fn text_height(k: &Kiosk, text: &str) -> f32 {
    fn walk(shape: &egui::Shape, text: &str, out: &mut Option<f32>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, text, out)),
            egui::Shape::Text(shown) if shown.galley.text() == text => {
                *out = Some(shown.galley.size().y);
            }
            _ => {}
        }
    }
    let mut out = None;
    for clipped in &k.harness.output().shapes {
        walk(&clipped.shape, text, &mut out);
    }
    out.unwrap_or_else(|| panic!("`{text}` is not drawn"))
}

/// Large, high-contrast presentation comes with spoken guidance: the screens draw in
/// the high-contrast palette and larger text, and the idle reset takes both away.
#[test]
fn spoken_guidance_brings_high_contrast_and_large_text_and_the_idle_reset_ends_them() {
    use xinghuo::ui::theme::{self, Palette};
    let (standard, high) = (Palette::STANDARD, Palette::HIGH_CONTRAST);
    let (mut k, _) = voiced_kiosk();
    k.app_mut().show("home").unwrap();
    k.harness.run();
    let title = k.app().hall().config.title.get("zh", "zh").to_owned();
    let small = text_height(&k, &title);
    assert!(
        fills(&k).contains(&standard.red),
        "the top bar in the hall's red"
    );
    assert!(!fills(&k).contains(&high.red));

    three_finger_tap(&mut k, egui::pos2(600.0, 500.0));
    k.harness.run();
    let visit = k.app().visit();
    assert!(visit.self_voicing && visit.large_text && visit.high_contrast);
    assert_eq!(theme::palette(), high);
    assert!(
        fills(&k).contains(&high.red),
        "the top bar in the deeper red"
    );
    assert!(!fills(&k).contains(&standard.red));
    assert_eq!(k.harness.ctx.global_style().visuals.panel_fill, high.paper);
    let large = text_height(&k, &title);
    assert!(
        large > small * 1.15,
        "the title grew from {small} to {large}"
    );

    let config = &k.app().hall().config;
    k.clock
        .advance(config.idle_timeout() + Duration::from_secs(1));
    k.harness.step();
    k.harness.run();
    assert_eq!(k.screen(), Screen::Attract);
    let visit = k.app().visit();
    assert!(!visit.self_voicing && !visit.large_text && !visit.high_contrast);
    assert_eq!(theme::palette(), standard);
    // The attract loop draws its covers (no night behind them once one is ready), and
    // nothing of the high-contrast palette.
    assert!(!fills(&k).contains(&high.night));
    assert!(!fills(&k).contains(&high.red));
    assert_eq!(
        k.harness.ctx.global_style().visuals.panel_fill,
        standard.paper
    );
}

/// Plays frames for `time`, a second at a time, as the kiosk would.
fn wait(k: &mut Kiosk, time: Duration) {
    let mut left = time;
    while left > Duration::ZERO {
        let step = left.min(Duration::from_secs(1));
        pass(k, step);
        k.harness.run();
        left -= step;
    }
}

/// A panel whose body is recorded in the visit's language is heard in the recorded
/// voice: the narration starts once the page and heading are said, and the speech
/// engine never gets the body.
#[test]
fn a_recorded_panel_body_is_played_from_its_narration_not_synthesised() {
    for (spec, language) in [
        ("exhibit:xia-minghan:1", "zh"),
        ("english,exhibit:xia-minghan:1", "en"),
    ] {
        let (mut k, recording) = voiced_kiosk();
        turn_on(&mut k, &recording);
        wait(&mut k, Duration::from_secs(30));
        recording.take();
        k.app_mut().show(spec).unwrap();
        k.harness.run();
        pass(&mut k, Duration::from_millis(10));
        let panel = k.app().hall().exhibit("xia-minghan").unwrap().panels[1].clone();
        let (heading, body) = (
            panel.heading.get(language, "zh"),
            panel.body.get(language, "zh"),
        );
        let heard = recording.take_texts().join(" | ");
        assert!(heard.contains(heading), "{language}: {heard}");
        assert!(
            !heard.contains(body),
            "{language}: the body was synthesised: {heard}"
        );
        assert!(
            !k.app().narrator().is_playing(k.clock_now()),
            "{language}: the recording waits for the heading"
        );
        wait(&mut k, Duration::from_secs(15));
        let playing = k.app().narrator().current().cloned();
        assert!(k.app().narrator().is_playing(k.clock_now()), "{language}");
        let playing = playing.unwrap();
        assert_eq!(
            (
                playing.exhibit.as_str(),
                playing.panel,
                playing.language.as_str()
            ),
            ("xia-minghan", 1, language)
        );
        let heard = recording.take_texts().join(" | ");
        assert!(!heard.contains(body), "{language}: {heard}");
    }
}

/// A first finger on a button, two more put down after it, and the first lifted a
/// frame before the others: a three-finger tap, which presses nothing.
#[test]
fn a_three_finger_tap_whose_first_finger_lifts_early_presses_nothing() {
    use egui::TouchPhase::{End, Start};
    let (mut k, _) = voiced_kiosk();
    k.app_mut().show("home").unwrap();
    k.harness.run();
    let english = target(&k, "English").rect.center();
    let (b, c) = (
        english + egui::vec2(-160.0, 220.0),
        english + egui::vec2(-300.0, 260.0),
    );
    // As egui-winit reports them: the first finger is also the pointer.
    k.harness.event(touch(0, Start, english));
    k.harness.event(egui::Event::PointerMoved(english));
    k.harness.event(press(english, true));
    k.harness.step();
    k.harness.event(touch(1, Start, b));
    k.harness.event(touch(2, Start, c));
    k.harness.step();
    k.harness.event(touch(0, End, english));
    k.harness.event(press(english, false));
    k.harness.event(egui::Event::PointerGone);
    k.harness.step();
    // With the pointer's finger gone, egui-winit makes a release of the next to lift.
    k.harness.event(touch(1, End, b));
    k.harness.event(press(b, false));
    k.harness.event(egui::Event::PointerGone);
    k.harness.event(touch(2, End, c));
    k.harness.event(press(c, false));
    k.harness.event(egui::Event::PointerGone);
    k.harness.step();
    k.harness.run();
    pass(&mut k, Duration::from_millis(10));
    assert_eq!(
        k.language(),
        "zh",
        "the button under the first finger was pressed"
    );
    assert!(k.app().visit().self_voicing, "the gesture was heard");
    assert_eq!(k.screen(), Screen::Home);
}

/// One frame's touches, in order: which finger, and what it did.
type TouchFrame = [(u64, egui::TouchPhase)];

/// How the three fingers of a tap reach the glass: each frame's touches, in order.
const THREE_TAP_TIMINGS: [(&str, &[&TouchFrame]); 8] = {
    use egui::TouchPhase::{End, Move, Start};
    [
        (
            "down and up in one frame",
            &[&[
                (0, Start),
                (1, Start),
                (2, Start),
                (0, End),
                (1, End),
                (2, End),
            ]],
        ),
        (
            "down together, up together",
            &[
                &[(0, Start), (1, Start), (2, Start)],
                &[(0, End), (1, End), (2, End)],
            ],
        ),
        (
            "down one a frame, up together",
            &[
                &[(0, Start)],
                &[(1, Start)],
                &[(2, Start)],
                &[(0, End), (1, End), (2, End)],
            ],
        ),
        (
            "down together, up one a frame",
            &[
                &[(0, Start), (1, Start), (2, Start)],
                &[(0, End)],
                &[(1, End)],
                &[(2, End)],
            ],
        ),
        (
            "the first down and up in one frame, the others a frame later",
            &[
                &[(0, Start), (1, Start), (2, Start), (0, End)],
                &[(1, End), (2, End)],
            ],
        ),
        (
            "one a frame down and up, the first lifting first",
            &[
                &[(0, Start)],
                &[(1, Start)],
                &[(2, Start)],
                &[(0, End)],
                &[(2, End)],
                &[(1, End)],
            ],
        ),
        (
            "down together, the first up, the others trembling and up one a frame",
            &[
                &[(0, Start), (1, Start), (2, Start)],
                &[(0, End), (1, Move), (2, Move)],
                &[(1, Move), (2, Move)],
                &[(1, End)],
                &[(2, Move)],
                &[(2, End)],
            ],
        ),
        (
            "trembling, down and up in one frame",
            &[&[
                (0, Start),
                (1, Start),
                (0, Move),
                (2, Start),
                (1, Move),
                (0, End),
                (2, Move),
                (1, End),
                (2, End),
            ]],
        ),
    ]
};

/// Taps three fingers, the first on `at`, in the frames `timing` gives.
fn three_finger_tap_timed(k: &mut Kiosk, at: egui::Pos2, timing: &[&TouchFrame]) {
    let spots = [
        at,
        at + egui::vec2(-160.0, 220.0),
        at + egui::vec2(-300.0, 260.0),
    ];
    let mut glass = crate::touch::Glass::default();
    for frame in timing {
        for &(finger, phase) in *frame {
            let mut spot = spots.get(finger as usize).copied().unwrap_or(at);
            if phase == egui::TouchPhase::Move {
                // A finger resting on glass trembles by a point or two.
                spot += egui::vec2(2.0, 1.0);
            }
            glass.touch(finger, phase, spot);
        }
        glass.frame(k);
        k.clock.advance(Duration::from_millis(16));
    }
    k.harness.run();
    pass(k, Duration::from_millis(10));
    k.harness.run();
}

/// A three-finger tap on the language switch or an exhibit tile of the home screen
/// turns the mode on and presses neither, however its fingers arrive and leave.
#[test]
fn a_three_finger_tap_turns_the_mode_on_and_presses_nothing_in_any_timing() {
    for (timing, frames) in THREE_TAP_TIMINGS {
        for button in ["English", "tile", "voiced English", "voiced tile"] {
            let (mut k, recording) = voiced_kiosk();
            let voiced = button.starts_with("voiced");
            let button = button.trim_start_matches("voiced ");
            if voiced {
                turn_on(&mut k, &recording);
            } else {
                k.app_mut().show("home").unwrap();
            }
            k.harness.run();
            let at = if button == "tile" {
                find(&k, "an exhibit tile", |t| {
                    t.kind == TargetKind::Tap
                        && k.app()
                            .hall()
                            .exhibits
                            .iter()
                            .any(|e| e.title.get("zh", "zh") == t.label)
                })
                .rect
                .center()
            } else {
                target(&k, button).rect.center()
            };
            three_finger_tap_timed(&mut k, at, frames);
            let what = format!("{timing}, on {button}");
            assert_eq!(k.screen(), Screen::Home, "{what}: the tile was opened");
            assert_eq!(k.language(), "zh", "{what}: the switch was pressed");
            if voiced {
                continue;
            }
            assert!(k.app().visit().self_voicing, "{what}: the mode is on");
            assert!(
                recording.take_texts().join(" ").contains("语音导览已开启"),
                "{what}: the welcome is said"
            );
        }
    }
}

/// A finger resting on a panel body whose narration is recorded hears the recording,
/// as a visitor who taps through to the panel does, and the speech engine never gets
/// the body; on a panel without a recording the engine says it.
#[test]
fn a_finger_on_a_recorded_panel_body_plays_its_narration_not_the_synthesiser() {
    for (spec, language) in [
        ("exhibit:xia-minghan:1", "zh"),
        ("english,exhibit:xia-minghan:1", "en"),
    ] {
        let (mut k, recording) = voiced_kiosk();
        turn_on(&mut k, &recording);
        wait(&mut k, Duration::from_secs(30));
        k.app_mut().show(spec).unwrap();
        k.harness.run();
        pass(&mut k, Duration::from_millis(10));
        // A finger on Next at once cuts the page's reading short, and the narration
        // that would follow it.
        let next = target(
            &k,
            if language == "zh" {
                "下一页"
            } else {
                "Next"
            },
        );
        rest(&mut k, next.rect.center());
        wait(&mut k, Duration::from_secs(15));
        assert!(
            !k.app().narrator().is_playing(k.clock_now()),
            "{language}: the finger cut the reading short"
        );
        recording.take();

        let panel = k.app().hall().exhibit("xia-minghan").unwrap().panels[1].clone();
        let body = panel.body.get(language, "zh").to_owned();
        let on_body = target(&k, &body).rect.center();
        rest(&mut k, on_body);
        pass(&mut k, Duration::from_millis(10));
        k.harness.run();
        let heard = recording.take_texts().join(" | ");
        assert!(
            !heard.contains(&body),
            "{language}: the body was synthesised: {heard}"
        );
        assert!(
            k.app().narrator().is_playing(k.clock_now()),
            "{language}: the finger on the body started its recording"
        );
        let playing = k.app().narrator().current().cloned().unwrap();
        assert_eq!(
            (
                playing.exhibit.as_str(),
                playing.panel,
                playing.language.as_str()
            ),
            ("xia-minghan", 1, language)
        );
        assert_eq!(
            k.screen(),
            Screen::Exhibit {
                id: "xia-minghan".into(),
                panel: 1
            },
            "{language}: nothing was pressed"
        );
    }
}

/// The map's pins show their site without a visit action: a three-finger tap on one
/// opens no site card, and neither does a finger lifted on one in the mode.
#[test]
fn a_pin_on_the_map_is_not_opened_by_three_fingers_or_a_finger_lifted_in_the_mode() {
    fn pin(k: &Kiosk) -> Target {
        let sites = &k.app().hall().map.as_ref().unwrap().sites;
        find(k, "a pin", |t| {
            t.role == egui::Role::Button && sites.iter().any(|s| s.name.get("zh", "zh") == t.label)
        })
    }
    for (timing, frames) in THREE_TAP_TIMINGS {
        let (mut k, _) = voiced_kiosk();
        k.app_mut().show("map").unwrap();
        k.harness.run();
        let at = pin(&k).rect.center();
        three_finger_tap_timed(&mut k, at, frames);
        assert!(k.app().visit().self_voicing, "{timing}: the mode is on");
        assert_eq!(k.screen(), Screen::Map, "{timing}");
        assert_eq!(
            k.app().screens().map.site,
            None,
            "{timing}: the pin under the first finger was opened"
        );
    }

    let (mut k, recording) = voiced_kiosk();
    turn_on(&mut k, &recording);
    k.app_mut().show("map").unwrap();
    k.harness.run();
    let pin = pin(&k);
    tap(&mut k, pin.rect.center());
    wait(&mut k, Duration::from_secs(1));
    assert_eq!(
        k.app().screens().map.site,
        None,
        "lifting the finger opened it"
    );
    assert!(
        recording
            .take_texts()
            .iter()
            .any(|t| t.contains(&pin.label)),
        "the tap said the pin"
    );
    // A double tap is what opens it.
    double_tap(&mut k, egui::pos2(300.0, 900.0));
    wait(&mut k, Duration::from_secs(1));
    assert!(
        k.app().screens().map.site.is_some(),
        "the double tap opened it"
    );
}

/// The quiz's other kinds by ear, in either language (a round's draw may not bring
/// them to the whole visit): a picture choice is named by its caption and a map
/// question offers the sites by name, each answered by a finger and a double tap, the
/// verdict and explanation read; an order is checked by voice. Spot-it needs sight and
/// is left out of the spoken visit's rounds.
#[test]
fn picture_map_and_order_questions_are_answered_by_ear_in_either_language() {
    for language in ["zh", "en"] {
        let zh = language == "zh";
        let tr = |zh_text: &'static str, en_text: &'static str| if zh { zh_text } else { en_text };
        for kind in ["quiz-picture", "quiz-map", "quiz-order"] {
            let step = format!("{language}, {kind}");
            let (mut k, recording) = voiced_kiosk();
            turn_on(&mut k, &recording);
            wait(&mut k, Duration::from_secs(30));
            recording.take();
            let spec = if zh {
                kind.to_owned()
            } else {
                format!("english,{kind}")
            };
            k.app_mut().show(&spec).unwrap();
            k.harness.run();
            pass(&mut k, Duration::from_millis(10));
            k.harness.run();
            let hall = k.app().hall().clone();
            let round = k.app().visit().quiz.round.clone().unwrap();
            let current = round.current().unwrap().clone();
            let question = current.question(&hall).unwrap().clone();
            heard_all(
                &recording.take_texts(),
                &[question.prompt.get(language, "zh")],
                &step,
            );
            let explanation = question.explanation.get(language, "zh");
            let verdict = match current.kind {
                QuestionKind::Picture => {
                    let right = current.right_position(&question).unwrap();
                    let caption = question.pictures[current.order[right]]
                        .caption
                        .get(language, "zh");
                    let letter = ["A", "B", "C", "D"][right];
                    let answer = target(&k, &format!("{letter} {caption}"));
                    press_by_voice(&mut k, &recording, &answer)
                }
                QuestionKind::Map => {
                    let site = hall
                        .map
                        .as_ref()
                        .and_then(|map| {
                            map.sites
                                .iter()
                                .find(|s| Some(&s.id) == question.site.as_ref())
                        })
                        .unwrap();
                    let place = target(&k, site.name.get(language, "zh"));
                    press_by_voice(&mut k, &recording, &place)
                }
                QuestionKind::Order => {
                    let check = target(&k, tr("排好了，看看对不对", "Check my order"));
                    press_by_voice(&mut k, &recording, &check)
                }
                other => panic!("{step}: a {other:?} question was shown"),
            };
            heard_all(&verdict, &[explanation], &step);
            let answered = k.app().visit().quiz.round.clone().unwrap();
            let first = answered.questions.first().unwrap();
            assert!(first.is_answered(), "{step}: answered by ear");
            if current.kind != QuestionKind::Order {
                assert!(first.is_right(&hall), "{step}: the right answer by ear");
            }
        }
    }
}
