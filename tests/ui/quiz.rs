//! The quiz: a full round answered right and wrong, learn more and back, play again,
//! language switch mid-round, idle during a round.

use egui_kittest::kittest::Queryable as _;
use xinghuo::quiz::Round;
use xinghuo::visit::Screen;

use crate::common::{Kiosk, LANDSCAPE, PORTRAIT, kiosk, repo};

const LETTERS: [&str; 4] = ["A", "B", "C", "D"];

fn round(k: &Kiosk) -> Round {
    k.app()
        .visit()
        .quiz
        .round
        .clone()
        .expect("a round is under way")
}

/// The accessible name of the answer button at `position` of the current question.
fn choice_label(k: &Kiosk, position: usize) -> String {
    let round = round(k);
    let current = round.current().unwrap();
    let question = current.question(k.app().hall()).unwrap();
    let choice = &question.choices[current.order[position]];
    let language = k.language();
    format!("{} {}", LETTERS[position], choice.get(&language, "zh"))
}

fn right_position(k: &Kiosk) -> usize {
    let round = round(k);
    let current = round.current().unwrap();
    current
        .right_position(current.question(k.app().hall()).unwrap())
        .unwrap()
}

/// Whether the current question is an order question (`quiz_order.rs` plays those).
fn is_order(k: &Kiosk) -> bool {
    round(k).current().unwrap().kind == xinghuo::content::QuestionKind::Order
}

/// Whether the current question is a multiple choice of text (the picture, map and
/// spot-it kinds are answered by `quiz_kinds.rs`).
fn is_choice(k: &Kiosk) -> bool {
    round(k).current().unwrap().kind == xinghuo::content::QuestionKind::Choice
}

/// Answers the current question right: the right choice, or the cards tapped into order.
fn answer_right(k: &mut Kiosk) {
    if !is_order(k) && !is_choice(k) {
        crate::quiz_kinds::answer_by_kind(k, true);
    } else if is_order(k) {
        crate::quiz_order::put_in_order_by_taps(k);
        let check = k.app().visit().language == "zh";
        k.tap(if check {
            "排好了，看看对不对"
        } else {
            "Check my order"
        });
    } else {
        k.tap(&choice_label(k, right_position(k)));
    }
}

fn start_junior_round(k: &mut Kiosk) {
    k.tap("知识问答 · Quiz");
    assert_eq!(k.screen(), Screen::Quiz);
    assert!(k.has("选一选你的年级"));
    k.tap("小学 8–11 岁");
    assert!(k.has("第 1 题 / 共 5 题"));
}

#[test]
fn a_full_round_right_and_wrong_ends_on_the_reward() {
    let mut k = kiosk(&repo(), LANDSCAPE);
    start_junior_round(&mut k);
    let questions = round(&k).questions;
    let exhibits: std::collections::HashSet<&str> =
        questions.iter().map(|q| q.exhibit.as_str()).collect();
    assert_eq!(exhibits.len(), 5, "five questions from five exhibits");

    for n in 0..5 {
        if !is_choice(&k) {
            // Played wrong first when it comes first (an order's cards never start right).
            if n == 0 {
                if is_order(&k) {
                    k.tap("排好了，看看对不对");
                } else {
                    crate::quiz_kinds::answer_by_kind(&mut k, false);
                }
                assert!(k.harness.query_by_label_contains("差一点！").is_some());
            } else {
                answer_right(&mut k);
            }
            k.tap(if n < 4 { "下一题" } else { "看看成绩" });
            continue;
        }
        let right = right_position(&k);
        if n == 0 {
            let wrong = (right + 1) % round(&k).current().unwrap().order.len();
            k.tap(&choice_label(&k, wrong));
            let expected = format!("差一点！正确答案是 {}。", LETTERS[right]);
            assert!(
                k.has(&expected),
                "a wrong answer shows the right one, calmly"
            );
            assert!(
                k.harness.query_by_label_contains("错").is_none(),
                "no word of blame"
            );
        } else {
            k.tap(&choice_label(&k, right));
            assert!(
                ["答对了！", "真棒！", "完全正确！", "好样的！"]
                    .iter()
                    .any(|p| k.has(p))
            );
        }
        // A second tap on another answer changes nothing.
        let score_before = round(&k).score(k.app().hall());
        k.tap(&choice_label(&k, (right + 1) % 3));
        assert_eq!(round(&k).score(k.app().hall()), score_before);
        k.tap(if n < 4 { "下一题" } else { "看看成绩" });
    }
    assert!(k.has("红色小讲解员"));
    assert!(k.has("答对 4 题，共 5 题"));
    assert!(k.has("再看一看这些题"));
    let events = k.harness.state_mut().take_events();
    assert!(events.iter().any(|e| matches!(
        e,
        xinghuo::visit::Event::QuizRound {
            score: 4,
            questions: 5,
            ..
        }
    )));

    k.tap("再玩一次");
    assert!(k.has("第 1 题 / 共 5 题"));
    k.tap("首页");
    assert_eq!(k.screen(), Screen::Home);
}

#[test]
fn learn_more_opens_the_panel_and_back_returns_to_the_question() {
    let mut k = kiosk(&repo(), LANDSCAPE);
    start_junior_round(&mut k);
    answer_right(&mut k);
    k.tap("下一题");
    answer_right(&mut k);
    let before = round(&k);
    let current = before.current().unwrap().clone();
    let panel = current.question(k.app().hall()).unwrap().panel.unwrap_or(0);
    k.tap("了解更多");
    assert_eq!(
        k.screen(),
        Screen::Exhibit {
            id: current.exhibit.clone(),
            panel
        }
    );
    k.tap("返回");
    assert_eq!(k.screen(), Screen::Quiz);
    assert_eq!(round(&k), before, "the round is exactly where it was");
    assert!(k.has("第 2 题 / 共 5 题"));
}

#[test]
fn switching_language_mid_round_keeps_the_question() {
    let mut k = kiosk(&repo(), PORTRAIT);
    start_junior_round(&mut k);
    answer_right(&mut k);
    k.tap("下一题");
    let before = round(&k);
    k.tap("English");
    assert_eq!(round(&k), before);
    assert!(k.has("Question 2 of 5"));
    answer_right(&mut k);
    assert!(
        [
            "That's right!",
            "Well done!",
            "Exactly right!",
            "Great job!"
        ]
        .iter()
        .any(|p| k.has(p))
    );
}

#[test]
fn idle_ends_a_round_silently() {
    let mut k = kiosk(&repo(), LANDSCAPE);
    start_junior_round(&mut k);
    k.wait(95);
    assert_eq!(k.screen(), Screen::Attract);
    assert!(k.app().visit().quiz.round.is_none());
    let events = k.harness.state_mut().take_events();
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, xinghuo::visit::Event::QuizRound { .. })),
        "an unfinished round is not scored"
    );
}

#[test]
fn every_question_of_the_demo_hall_has_its_answer_and_a_reason() {
    let k = kiosk(&repo(), LANDSCAPE);
    let hall = k.app().hall();
    let mut count = 0;
    for exhibit in &hall.exhibits {
        for question in &exhibit.quiz {
            count += 1;
            match question.kind() {
                xinghuo::content::QuestionKind::Choice => {
                    assert!(
                        question.answer.is_some_and(|a| a < question.choices.len()),
                        "{}",
                        exhibit.id
                    );
                    assert!((3..=4).contains(&question.choices.len()), "{}", exhibit.id);
                }
                xinghuo::content::QuestionKind::Picture
                | xinghuo::content::QuestionKind::Map
                | xinghuo::content::QuestionKind::Spot => {
                    assert!(xinghuo::quiz::askable_in(hall, question), "{}", exhibit.id);
                }
                xinghuo::content::QuestionKind::Order => {
                    assert!(xinghuo::quiz::askable(question), "{}", exhibit.id);
                    for event in &question.events {
                        for language in &hall.config.languages {
                            assert!(
                                !event
                                    .text
                                    .0
                                    .get(language)
                                    .is_none_or(|t| t.trim().is_empty()),
                                "{}",
                                exhibit.id
                            );
                        }
                    }
                }
            }
            for language in &hall.config.languages {
                assert!(
                    !question
                        .prompt
                        .0
                        .get(language)
                        .is_none_or(|t| t.trim().is_empty()),
                    "{}",
                    exhibit.id
                );
                assert!(
                    !question
                        .explanation
                        .0
                        .get(language)
                        .is_none_or(|t| t.trim().is_empty()),
                    "{}",
                    exhibit.id
                );
                for choice in &question.choices {
                    assert!(
                        !choice.0.get(language).is_none_or(|t| t.trim().is_empty()),
                        "{}",
                        exhibit.id
                    );
                }
            }
            let panel = question
                .panel
                .expect("every question names the panel holding its answer");
            assert!(panel < exhibit.panels.len());
        }
    }
    assert!(count >= 48);
    // Each kind at least four times across the hall, at both levels.
    let orders: Vec<xinghuo::content::Level> = hall
        .exhibits
        .iter()
        .flat_map(|e| &e.quiz)
        .filter(|q| q.kind() == xinghuo::content::QuestionKind::Order)
        .map(|q| q.level)
        .collect();
    assert!(orders.len() >= 4, "{orders:?}");
    assert!(orders.contains(&xinghuo::content::Level::Junior));
    assert!(orders.contains(&xinghuo::content::Level::Senior));
}
