//! Picture choices, find it on the map and spot it in the picture, as a child answers
//! them on the demo hall: right and wrong, by a finger on the photo or the map, in both
//! languages and orientations, with the statistics row each answer writes.

use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use xinghuo::content::{Question, QuestionKind};
use xinghuo::quiz::{Round, RoundQuestion};
use xinghuo::visit::{Event, Screen};

use crate::common::{Kiosk, LANDSCAPE, PORTRAIT, edit, kiosk, repo};

fn round(k: &Kiosk) -> Round {
    k.app()
        .visit()
        .quiz
        .round
        .clone()
        .expect("a round is under way")
}

fn current(k: &Kiosk) -> (RoundQuestion, Question) {
    let round = round(k);
    let current = round.current().unwrap().clone();
    let question = current.question(k.app().hall()).unwrap().clone();
    (current, question)
}

/// A round whose first question is of `kind`, opened as `--show` opens it.
fn question_of(kind: QuestionKind, spec: &str, size: egui::Vec2) -> Kiosk {
    let mut k = kiosk(&repo(), size);
    k.app_mut().show(spec).unwrap();
    k.harness.run();
    assert_eq!(current(&k).0.kind, kind, "{spec}");
    k
}

fn answered(k: &mut Kiosk) -> Vec<Event> {
    k.take_events()
        .into_iter()
        .filter(|e| matches!(e, Event::QuizAnswered { .. }))
        .collect()
}

/// The place of the touch target called `label` on the screen, once it is drawn (a
/// photo's target comes when the photo has decoded).
fn target(k: &mut Kiosk, label: &str) -> egui::Rect {
    for _ in 0..200 {
        if let Some(target) = k.app().targets().iter().find(|t| t.label == label) {
            return target.rect;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        k.harness.step();
    }
    panic!("no target {label:?}");
}

/// A finger's tap at `pos`.
fn tap_at(k: &mut Kiosk, pos: egui::Pos2) {
    k.harness.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        k.harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        k.harness.step();
    }
    k.harness.event(egui::Event::PointerGone);
    k.harness.run();
}

/// The accessible name of the picture at `position` on the screen.
fn picture_label(k: &Kiosk, position: usize) -> String {
    let (current, question) = current(k);
    let picture = &question.pictures[current.order[position]];
    let letter = ["A", "B", "C", "D"][position];
    format!("{letter} {}", picture.caption.get(&k.language(), "zh"))
}

fn picture_round(size: egui::Vec2, english: bool, right: bool) {
    let spec = if english {
        "english,quiz-picture"
    } else {
        "quiz-picture"
    };
    let mut k = question_of(QuestionKind::Picture, spec, size);
    let (current, question) = current(&k);
    let answer = question.answer.unwrap();
    let right_at = current.order.iter().position(|&i| i == answer).unwrap();
    let tapped = if right {
        right_at
    } else {
        (right_at + 1) % current.order.len()
    };
    let label = picture_label(&k, tapped);
    k.tap(&label);

    let the_right_one = format!(
        "{}{}",
        picture_label(&k, right_at),
        if english {
            ", the right answer"
        } else {
            "，正确答案"
        }
    );
    assert!(k.has(&the_right_one), "{the_right_one}");
    let nearly = if english { "Nearly!" } else { "差一点！" };
    assert_eq!(
        k.harness.query_by_label_contains(nearly).is_some(),
        !right,
        "a warm line only for a wrong answer"
    );
    assert_eq!(
        answered(&mut k),
        [Event::QuizAnswered {
            exhibit: current.exhibit.clone(),
            question: current.index,
            choice: Some(current.order[tapped]),
            given: None,
            right,
        }]
    );
    k.tap(if english {
        "Next question"
    } else {
        "下一题"
    });
    assert!(k.has(if english {
        "Question 2 of 5"
    } else {
        "第 2 题 / 共 5 题"
    }));
}

/// Answers the current picture, map or spot-it question, right or wrong, as a child
/// would with a finger (the other kinds have their own: `quiz.rs`, `quiz_order.rs`).
pub(crate) fn answer_by_kind(k: &mut Kiosk, right: bool) {
    let (current, question) = current(k);
    match current.kind {
        QuestionKind::Picture => {
            let answer = question.answer.unwrap();
            let right_at = current.order.iter().position(|&i| i == answer).unwrap();
            let at = if right {
                right_at
            } else {
                (right_at + 1) % current.order.len()
            };
            let label = picture_label(k, at);
            k.tap(&label);
        }
        QuestionKind::Map => {
            let (site, _) = asked_site(k);
            let shown = map_target(k);
            let fraction = if right {
                site
            } else {
                egui::pos2(1.0 - site.x, 1.0 - site.y)
            };
            tap_at(k, shown.min + fraction.to_vec2() * shown.size());
        }
        QuestionKind::Spot => {
            let (point, width) = spot_point(&question, right);
            let shown = spot_target(k);
            let scale = shown.width() / width;
            tap_at(k, shown.min + egui::vec2(point[0], point[1]) * scale);
        }
        other => panic!("{other:?} is answered elsewhere"),
    }
}

fn map_target(k: &mut Kiosk) -> egui::Rect {
    let map = k.app().hall().map.as_ref().unwrap();
    let title = map.title.get(&k.language(), "zh").to_owned();
    let label = if k.language() == "en" {
        format!("Map: {title}. Tap the place you think it is")
    } else {
        format!("地图：{title}，点一点你认为的位置")
    };
    target(k, &label)
}

fn spot_target(k: &mut Kiosk) -> egui::Rect {
    let label = if k.language() == "en" {
        "Picture: tap the place you found"
    } else {
        "图片：点一点你找到的地方"
    };
    target(k, label)
}

/// A point of a spot-it question's photo inside its first region, or inside none, in
/// the photo's pixels; and the photo's width.
fn spot_point(question: &Question, inside_a_region: bool) -> ([f32; 2], f32) {
    let file = question.photo.as_ref().and_then(|p| p.file()).unwrap();
    let (width, height) = image::image_dimensions(repo().join("media").join(file)).unwrap();
    let inside = |point: [f32; 2]| question.regions.iter().any(|r| r.contains(point));
    let point = if inside_a_region {
        match question.regions[0] {
            xinghuo::content::Region::Rect {
                x,
                y,
                width,
                height,
            } => [(x + width / 2) as f32, (y + height / 2) as f32],
            xinghuo::content::Region::Circle { x, y, .. } => [x as f32, y as f32],
        }
    } else {
        (1..10)
            .flat_map(|i| (1..10).map(move |j| [i as f32 / 10.0, j as f32 / 10.0]))
            .map(|[fx, fy]| [fx * width as f32, fy * height as f32])
            .find(|&p| !inside(p))
            .unwrap()
    };
    assert_eq!(inside(point), inside_a_region);
    (point, width as f32)
}

#[test]
fn a_picture_choice_answered_right_in_chinese_landscape() {
    picture_round(LANDSCAPE, false, true);
}

#[test]
fn a_picture_choice_answered_wrong_in_english_portrait_names_the_right_one() {
    picture_round(PORTRAIT, true, false);
}

/// The map question's site, as a fraction of the map, and its name.
fn asked_site(k: &Kiosk) -> (egui::Pos2, String) {
    let (_, question) = current(k);
    let map = k.app().hall().map.as_ref().unwrap();
    let site = map
        .sites
        .iter()
        .find(|s| Some(&s.id) == question.site.as_ref())
        .unwrap();
    (
        egui::pos2(site.x, site.y),
        site.name.get(&k.language(), "zh").to_owned(),
    )
}

#[test]
fn a_tap_on_the_map_near_the_site_is_right_and_far_from_it_is_wrong() {
    for (size, english) in [(LANDSCAPE, false), (PORTRAIT, true)] {
        let spec = if english {
            "english,quiz-map"
        } else {
            "quiz-map"
        };
        for right in [true, false] {
            let mut k = question_of(QuestionKind::Map, spec, size);
            let (current, _) = current(&k);
            let (site, name) = asked_site(&k);
            let shown = map_target(&mut k);
            // Right: a little off the pin, as a finger lands. Wrong: the far side.
            let fraction = if right {
                site + egui::vec2(0.01, 0.0)
            } else {
                egui::pos2(1.0 - site.x, 1.0 - site.y)
            };
            assert!(right || (fraction - site).length() > 0.3, "far enough");
            tap_at(&mut k, shown.min + fraction.to_vec2() * shown.size());
            let events = answered(&mut k);
            let [
                Event::QuizAnswered {
                    right: was,
                    given,
                    exhibit,
                    question,
                    ..
                },
            ] = events.as_slice()
            else {
                panic!("one answer recorded: {events:?}");
            };
            assert_eq!(*was, right, "{spec}");
            assert_eq!((exhibit, *question), (&current.exhibit, current.index));
            // Where the finger landed, as a fraction of the map.
            let given = given.as_deref().unwrap_or_default();
            let at: Vec<f32> = given.split(',').filter_map(|n| n.parse().ok()).collect();
            assert!(
                at.len() == 2 && (at[0] - fraction.x).abs() < 0.01,
                "{given} for {fraction:?}"
            );
            // A miss is told where the site is.
            assert!(
                right
                    || k.harness
                        .query_all_by_label_contains(&name)
                        .next()
                        .is_some(),
                "{name} in the feedback"
            );
        }
    }
}

#[test]
fn a_screen_reader_finds_the_map_site_by_name() {
    let mut k = question_of(QuestionKind::Map, "quiz-map", LANDSCAPE);
    let (_, name) = asked_site(&k);
    k.tap(&name);
    let events = answered(&mut k);
    assert!(
        matches!(events.as_slice(), [Event::QuizAnswered { right: true, .. }]),
        "{events:?}"
    );
}

#[test]
fn a_tap_inside_the_region_of_the_picture_is_right_and_outside_it_is_wrong() {
    for (size, english) in [(PORTRAIT, false), (LANDSCAPE, true)] {
        let spec = if english {
            "english,quiz-spot"
        } else {
            "quiz-spot"
        };
        for right in [true, false] {
            let mut k = question_of(QuestionKind::Spot, spec, size);
            let (current, question) = current(&k);
            let (point, width) = spot_point(&question, right);
            let shown = spot_target(&mut k);
            let scale = shown.width() / width;
            tap_at(&mut k, shown.min + egui::vec2(point[0], point[1]) * scale);
            let events = answered(&mut k);
            let [
                Event::QuizAnswered {
                    right: was,
                    given,
                    exhibit,
                    ..
                },
            ] = events.as_slice()
            else {
                panic!("one answer recorded: {events:?}");
            };
            assert_eq!(*was, right, "{spec} at {point:?}");
            assert_eq!(exhibit, &current.exhibit);
            assert!(given.is_some(), "where the finger landed is kept");
            let nearly = if english { "Nearly!" } else { "差一点！" };
            assert_eq!(
                k.harness.query_by_label_contains(nearly).is_some(),
                !right,
                "a warm line only for a wrong answer"
            );
            k.tap(if english {
                "Learn more"
            } else {
                "了解更多"
            });
            assert!(
                matches!(k.screen(), Screen::Exhibit { ref id, .. } if *id == current.exhibit),
                "learn more opens the exhibit"
            );
        }
    }
}

/// The curator points the map question a child is looking at to another site and saves:
/// the question on the screen stays as it was asked (a reload waits for the child's
/// next step), and once they have looked the answer up and come back the round carries
/// on with its next question, never the old words over the new site.
#[test]
fn a_reload_that_moves_the_map_question_to_another_site_mid_round_waits_and_moves_on() {
    let hall = crate::common::demo_hall_copy();
    let mut k = kiosk(hall.path(), LANDSCAPE);
    k.app_mut().show("quiz-map").unwrap();
    k.harness.run();
    let asked = round(&k);
    let (current, question) = current(&k);
    assert_eq!(current.kind, QuestionKind::Map);
    assert!(k.has("第 1 题 / 共 5 题"));
    let (_, name) = asked_site(&k);
    let site = question.site.clone().unwrap();
    let other = k
        .app()
        .hall()
        .map
        .as_ref()
        .unwrap()
        .sites
        .iter()
        .map(|s| s.id.clone())
        .find(|id| *id != site)
        .unwrap();
    let file = std::fs::read_dir(hall.path().join("exhibits"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            std::fs::read_to_string(path)
                .is_ok_and(|text| text.contains(&format!("site: \"{site}\"")))
        })
        .unwrap();
    let file = format!("exhibits/{}", file.file_name().unwrap().to_string_lossy());
    edit(
        hall.path(),
        &file,
        &format!("site: \"{site}\""),
        &format!("site: \"{other}\""),
    );
    k.app_mut().reload_now();
    k.harness.run();
    // Mid-question, the question stays the one asked: its site is still the answer.
    let prompt = question.prompt.get("zh", "zh").to_owned();
    assert!(
        k.harness.query_by_label_contains(&prompt).is_some(),
        "the question is still on the screen"
    );
    k.tap(&name);
    let events = answered(&mut k);
    assert!(
        matches!(events.as_slice(), [Event::QuizAnswered { right: true, .. }]),
        "the old site is still the answer: {events:?}"
    );
    // The child looks the answer up, and comes back to the round.
    k.tap("了解更多");
    k.tap("返回");
    let moved = |k: &Kiosk| {
        k.app()
            .hall()
            .exhibits
            .iter()
            .flat_map(|e| &e.quiz)
            .any(|q| q.prompt == question.prompt && q.site.as_deref() == Some(other.as_str()))
    };
    assert!(moved(&k), "the edit was loaded at the next step");
    assert_eq!(k.screen(), Screen::Quiz);
    let now = round(&k);
    assert_eq!(now.current, 1);
    assert_eq!(
        now.questions[1..],
        asked.questions[1..],
        "the rest unchanged"
    );
    assert!(k.has("第 2 题 / 共 5 题"));
    assert!(
        k.harness.query_by_label_contains(&prompt).is_none(),
        "the moved question is not asked again"
    );
}
