//! Order questions: cards put in the order they happened by tapping two to swap them or
//! by dragging one with a finger (a second finger changes nothing), in both languages
//! and orientations; the feedback with the years and the cards already in place, learn
//! more, the statistics row, and a reload mid-round that changes the question.

use egui_kittest::kittest::Queryable as _;
use xinghuo::content::QuestionKind;
use xinghuo::quiz::Round;
use xinghuo::visit::{Event, Screen};

use crate::common::{Kiosk, LANDSCAPE, PORTRAIT, edit, kiosk, repo};
use crate::touch::{FIRST, SECOND, Session, frame};

fn round(k: &Kiosk) -> Round {
    k.app()
        .visit()
        .quiz
        .round
        .clone()
        .expect("a round is under way")
}

/// A junior round whose first question is the demo hall's 1919, 1922, 1944 question.
fn order_question(size: eframe::egui::Vec2, english: bool) -> Kiosk {
    let mut k = kiosk(&repo(), size);
    let spec = if english {
        "english,quiz-order"
    } else {
        "quiz-order"
    };
    k.app_mut().show(spec).unwrap();
    k.harness.run();
    let current = round(&k).current().unwrap().clone();
    assert_eq!(current.kind, QuestionKind::Order);
    k
}

/// The card's accessible name at `position`, as the screen gives it now.
pub(crate) fn card_label(k: &Kiosk, position: usize) -> String {
    let round = round(k);
    let current = round.current().unwrap();
    let question = current.question(k.app().hall()).unwrap();
    let event = &question.events[current.order[position]];
    let text = event.text.get(&k.language(), "zh").to_owned();
    let picked = current.selected == Some(position);
    match (k.language() == "zh", picked) {
        (true, false) => format!("第 {} 张：{text}", position + 1),
        (true, true) => format!("第 {} 张：{text}（已拿起，再点一张交换）", position + 1),
        (false, false) => format!("Card {}: {text}", position + 1),
        (false, true) => format!(
            "Card {}: {text} (picked up; tap another to swap)",
            position + 1
        ),
    }
}

/// Puts the cards in the right order by tapping pairs, as a child would.
pub(crate) fn put_in_order_by_taps(k: &mut Kiosk) {
    let right = {
        let round = round(k);
        let current = round.current().unwrap();
        current.question(k.app().hall()).unwrap().events_in_order()
    };
    for (position, event) in right.iter().enumerate() {
        let at = round(k)
            .current()
            .unwrap()
            .order
            .iter()
            .position(|e| e == event)
            .unwrap();
        if at != position {
            k.tap(&card_label(k, position));
            k.tap(&card_label(k, at));
        }
    }
    assert_eq!(round(k).current().unwrap().order, right);
}

fn answered(k: &mut Kiosk) -> Vec<Event> {
    k.take_events()
        .into_iter()
        .filter(|e| matches!(e, Event::QuizAnswered { .. }))
        .collect()
}

fn right_in_both_languages_by_tapping(size: eframe::egui::Vec2, english: bool) {
    let mut k = order_question(size, english);
    let check = if english {
        "Check my order"
    } else {
        "排好了，看看对不对"
    };
    put_in_order_by_taps(&mut k);
    k.tap(check);
    let praise: &[&str] = if english {
        &[
            "That's right!",
            "Well done!",
            "Exactly right!",
            "Great job!",
        ]
    } else {
        &["答对了！", "真棒！", "完全正确！", "好样的！"]
    };
    assert!(praise.iter().any(|p| k.has(p)), "praise");
    // The right order with the years, every card marked as in its place.
    let first = if english {
        "1919 The Xiangnan Student Union is founded at the Fuqiao Gongsuo, you had this in place"
    } else {
        "1919年 湘南学联在浮桥公所成立，你放对了"
    };
    assert!(k.has(first), "{first}");
    assert!(k.harness.query_by_label(check).is_none(), "checked once");
    let events = answered(&mut k);
    let written: Vec<usize> = {
        let round = round(&k);
        let current = round.current().unwrap();
        current.question(k.app().hall()).unwrap().events_in_order()
    };
    let given = written
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",");
    assert_eq!(
        events,
        [Event::QuizAnswered {
            exhibit: "xiangnan-student-union".into(),
            question: round(&k).current().unwrap().index,
            choice: None,
            given: Some(given),
            right: true,
        }]
    );
}

#[test]
fn tapping_two_cards_swaps_them_until_the_order_is_right_in_chinese_landscape() {
    right_in_both_languages_by_tapping(LANDSCAPE, false);
}

#[test]
fn tapping_two_cards_swaps_them_until_the_order_is_right_in_english_portrait() {
    right_in_both_languages_by_tapping(PORTRAIT, true);
}

/// One finger carries the card at `from` to the card at `to`; a second finger touches
/// down and moves on the way when `second` is set.
fn drag_by_finger(k: &mut Kiosk, session: Session, from: usize, to: usize, second: bool) {
    let start = k.harness.get_by_label(&card_label(k, from)).rect().center();
    let end = k.harness.get_by_label(&card_label(k, to)).rect().center();
    let elsewhere = eframe::egui::pos2(start.x + 40.0, start.y + 200.0);
    frame(k, FIRST.down(session, start));
    for step in 1..=8 {
        let at = start + (end - start) * (step as f32 / 8.0);
        let mut events = FIRST.moved(session, at);
        if second && step == 3 {
            events.extend(SECOND.down(session, elsewhere));
        }
        if second && (4..=6).contains(&step) {
            events.extend(SECOND.moved(
                session,
                elsewhere + eframe::egui::vec2(30.0 * step as f32, 0.0),
            ));
        }
        if second && step == 7 {
            events.extend(SECOND.up(session, elsewhere));
        }
        frame(k, events);
    }
    frame(k, FIRST.up(session, end));
    k.harness.run();
}

fn dragging(session: Session, size: eframe::egui::Vec2) {
    let mut k = order_question(size, false);
    let before = round(&k).current().unwrap().order.clone();
    drag_by_finger(&mut k, session, 0, 2, false);
    let mut moved = before.clone();
    let card = moved.remove(0);
    moved.insert(2, card);
    assert_eq!(
        round(&k).current().unwrap().order,
        moved,
        "the first card went last"
    );
    assert_eq!(
        round(&k).current().unwrap().selected,
        None,
        "a drag is not a tap"
    );

    // Back again, with a second finger touching and moving on the way.
    drag_by_finger(&mut k, session, 2, 0, true);
    assert_eq!(round(&k).current().unwrap().order, before);
    assert!(
        !round(&k).current().unwrap().is_answered(),
        "nothing else happened"
    );
    assert_eq!(k.screen(), Screen::Quiz);
}

#[test]
fn a_finger_drags_a_card_to_its_place_under_wayland_in_landscape() {
    dragging(Session::Wayland, LANDSCAPE);
}

#[test]
fn a_finger_drags_a_card_to_its_place_under_x11_in_portrait() {
    dragging(Session::X11, PORTRAIT);
}

#[test]
fn a_wrong_order_shows_the_right_one_with_the_cards_already_in_place_and_learn_more() {
    let mut k = order_question(LANDSCAPE, false);
    put_in_order_by_taps(&mut k);
    // The earliest in place, the other two swapped.
    k.tap(&card_label(&k, 1));
    k.tap(&card_label(&k, 2));
    k.tap("排好了，看看对不对");
    assert!(k.has("差一点！你放对了 1 张。这是它们发生的先后。"));
    assert!(
        k.harness.query_by_label_contains("错").is_none(),
        "no word of blame"
    );
    assert!(k.has("1919年 湘南学联在浮桥公所成立，你放对了"));
    assert!(k.has("1922年 水口山工人俱乐部在康家戏台成立"));
    assert!(k.has("1944年 衡阳守军坚守衡阳47天"));
    let events = answered(&mut k);
    let [
        Event::QuizAnswered {
            given,
            right,
            choice,
            ..
        },
    ] = events.as_slice()
    else {
        panic!("one answer recorded: {events:?}");
    };
    assert!(!right);
    assert_eq!(*choice, None);
    // Written 1944, 1919, 1922: placed 1919, 1944, 1922.
    assert_eq!(given.as_deref(), Some("1,0,2"));

    let before = round(&k);
    k.tap("了解更多");
    assert_eq!(
        k.screen(),
        Screen::Exhibit {
            id: "xiangnan-student-union".into(),
            panel: 0
        }
    );
    k.tap("返回");
    assert_eq!(round(&k), before, "the round is exactly where it was");
    k.tap("下一题");
    assert!(k.has("第 2 题 / 共 5 题"));
}

#[test]
fn a_reload_that_changes_the_order_question_mid_round_never_shows_another_in_its_place() {
    let hall = crate::common::demo_hall_copy();
    let mut k = kiosk(hall.path(), LANDSCAPE);
    k.app_mut().show("quiz-order").unwrap();
    k.harness.run();
    k.tap("排好了，看看对不对");
    let asked = round(&k);
    assert_eq!(asked.current().unwrap().kind, QuestionKind::Order);
    // The visitor looks it up; meanwhile the curator adds a fourth event to it.
    k.tap("了解更多");
    edit(
        hall.path(),
        "exhibits/01-xiangnan-student-union.ron",
        "year: 1922),\n",
        "year: 1922),\n                Event(text: {\"zh\": \"衡阳党史馆开馆\", \"en\": \"The Hengyang Party History Museum opens\"}, year: 2021),\n",
    );
    k.app_mut().reload_now();
    k.tap("返回");
    assert!(
        k.app()
            .hall()
            .exhibit("xiangnan-student-union")
            .is_some_and(|e| e.quiz.iter().any(|q| q.events.len() == 4)),
        "the edit was loaded"
    );
    assert_eq!(k.screen(), Screen::Quiz);
    let round = round(&k);
    assert_eq!(
        round.current, 1,
        "the changed question was left for the next one"
    );
    assert_eq!(round.questions[1..], asked.questions[1..]);
    assert!(k.has("第 2 题 / 共 5 题"));
    assert!(
        k.harness
            .query_by_label_contains("衡阳党史馆开馆")
            .is_none(),
        "the changed question is not shown with the old cards"
    );
}
