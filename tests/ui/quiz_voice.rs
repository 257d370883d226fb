//! The quiz read aloud (the speaker button and the clips it plays), and the question
//! screen's level and warm words, in both languages and orientations.

use std::path::PathBuf;
use std::time::Duration;

use egui_kittest::kittest::Queryable as _;
use xinghuo::content::QuestionKind;
use xinghuo::quiz::Round;
use xinghuo::visit::{Event, Screen};

use crate::common::{Kiosk, LANDSCAPE, PORTRAIT, kiosk, repo};

fn round(k: &Kiosk) -> Round {
    k.app()
        .visit()
        .quiz
        .round
        .clone()
        .expect("a round is under way")
}

/// The texts of the current question in `language`: the prompt, then the choices or
/// events in the order the screen shows them.
fn shown_texts(k: &Kiosk, language: &str) -> Vec<String> {
    let round = round(k);
    let current = round.current().unwrap();
    let question = current.question(k.app().hall()).unwrap();
    let items: Vec<&xinghuo::content::Text> = match question.kind() {
        QuestionKind::Choice => current
            .order
            .iter()
            .map(|&i| &question.choices[i])
            .collect(),
        QuestionKind::Order => current
            .order
            .iter()
            .map(|&i| &question.events[i].text)
            .collect(),
        QuestionKind::Picture => current
            .order
            .iter()
            .map(|&i| &question.pictures[i].caption)
            .collect(),
        QuestionKind::Map | QuestionKind::Spot => Vec::new(),
    };
    std::iter::once(&question.prompt)
        .chain(items)
        .map(|t| t.get(language, "zh").to_owned())
        .collect()
}

/// The generated clip that says `text` in `language`, where the kiosk finds it.
fn clip(k: &Kiosk, language: &str, text: &str) -> PathBuf {
    let hall = k.app().hall();
    hall.config
        .media_dir(&hall.root)
        .join(xinghuo::content::read_aloud::clip_path(language, text))
}

fn start_junior_round(k: &mut Kiosk) {
    k.tap("知识问答 · Quiz");
    k.tap("小学 8–11 岁");
    assert_eq!(k.screen(), Screen::Quiz);
}

/// Answers order questions right until the current one is a multiple choice.
fn to_a_choice_question(k: &mut Kiosk) {
    while round(k).current().unwrap().kind == QuestionKind::Order {
        let zh = k.language() == "zh";
        crate::quiz_order::put_in_order_by_taps(k);
        k.tap(if zh {
            "排好了，看看对不对"
        } else {
            "Check my order"
        });
        k.tap(if zh { "下一题" } else { "Next question" });
    }
}

/// Lets the clip playing now end (the kiosk's tests have no sound card: the narrator
/// runs on the clock, as long as the recording lasts).
fn let_the_clip_end(k: &mut Kiosk) {
    let before = k.app().read_aloud_clip().map(PathBuf::from);
    for _ in 0..40 {
        k.clock.advance(Duration::from_millis(500));
        k.harness.step();
        if k.app().read_aloud_clip().map(PathBuf::from) != before {
            return;
        }
    }
    panic!("the clip {before:?} never ended");
}

#[test]
fn the_speaker_button_reads_the_prompt_then_the_choices_in_the_order_shown() {
    let mut k = kiosk(&repo(), LANDSCAPE);
    start_junior_round(&mut k);
    assert!(k.has("听题目"), "the speaker button, in Chinese");
    let texts = shown_texts(&k, "zh");
    k.tap("听题目");
    assert_eq!(
        k.app().read_aloud_clip(),
        Some(clip(&k, "zh", &texts[0]).as_path()),
        "the prompt first"
    );
    assert!(k.app().narrator().is_active(), "played by the narrator");
    assert!(k.has("停止朗读"), "the button now stops the reading");
    let_the_clip_end(&mut k);
    assert_eq!(
        k.app().read_aloud_clip(),
        Some(clip(&k, "zh", &texts[1]).as_path()),
        "then the item shown first"
    );
    for _ in 2..texts.len() {
        let_the_clip_end(&mut k);
    }
    assert_eq!(
        k.app().read_aloud_clip(),
        Some(clip(&k, "zh", texts.last().unwrap()).as_path()),
        "down to the last item shown"
    );
    let_the_clip_end(&mut k);
    assert_eq!(k.app().read_aloud_clip(), None, "and then it is over");
    k.harness.run();
    assert!(k.has("听题目"));

    k.tap("听题目");
    k.tap("停止朗读");
    assert!(!k.app().narrator().is_active(), "a second tap stops it");
    let events = k.take_events();
    assert!(
        !events.iter().any(|e| matches!(
            e,
            Event::NarrationPlayed { .. }
                | Event::NarrationCompleted { .. }
                | Event::NarrationLeft { .. }
        )),
        "a question read aloud is no narration in the statistics: {events:?}"
    );
}

#[test]
fn in_english_and_portrait_it_reads_the_english_clip_and_answering_stops_it() {
    let mut k = kiosk(&repo(), PORTRAIT);
    start_junior_round(&mut k);
    k.tap("English");
    to_a_choice_question(&mut k);
    assert!(k.has("Read aloud"), "the speaker button, in English");
    let texts = shown_texts(&k, "en");
    k.tap("Read aloud");
    assert_eq!(
        k.app().read_aloud_clip(),
        Some(clip(&k, "en", &texts[0]).as_path())
    );
    assert!(k.has("Stop reading"));
    let right = {
        let round = round(&k);
        let current = round.current().unwrap();
        current
            .right_position(current.question(k.app().hall()).unwrap())
            .unwrap()
    };
    let label = format!("{} {}", ["A", "B", "C", "D"][right], texts[right + 1]);
    k.tap(&label);
    assert!(
        !k.app().narrator().is_active(),
        "answering leaves the question: the reading stops"
    );
    assert!(
        !k.has("Read aloud") && !k.has("Stop reading"),
        "no button on the feedback"
    );
}

#[test]
fn leaving_the_quiz_stops_the_reading() {
    let mut k = kiosk(&repo(), LANDSCAPE);
    start_junior_round(&mut k);
    k.tap("听题目");
    assert!(k.app().narrator().is_active());
    k.tap("首页");
    assert!(!k.app().narrator().is_active());
    assert_eq!(k.app().read_aloud_clip(), None);
}

#[test]
fn the_question_shows_the_level_chosen_in_both_languages() {
    let mut k = kiosk(&repo(), LANDSCAPE);
    start_junior_round(&mut k);
    assert!(k.has("小学"), "the level on the question");
    k.tap("English");
    assert!(k.has("Junior"));
    let mut k = kiosk(&repo(), PORTRAIT);
    k.tap("知识问答 · Quiz");
    k.tap("中学 12–15 岁");
    assert!(k.has("中学"));
    assert!(!k.has("小学"));
}

#[test]
fn a_wrong_choice_begins_with_a_warm_line_in_both_languages() {
    for (english, warm) in [
        (false, "差一点！正确答案是 "),
        (true, "Nearly! The answer is "),
    ] {
        let mut k = kiosk(&repo(), if english { PORTRAIT } else { LANDSCAPE });
        start_junior_round(&mut k);
        if english {
            k.tap("English");
        }
        to_a_choice_question(&mut k);
        let language = k.language();
        let texts = shown_texts(&k, &language);
        let round = round(&k);
        let current = round.current().unwrap();
        let right = current
            .right_position(current.question(k.app().hall()).unwrap())
            .unwrap();
        let wrong = (right + 1) % current.order.len();
        k.tap(&format!(
            "{} {}",
            ["A", "B", "C", "D"][wrong],
            texts[wrong + 1]
        ));
        let letter = ["A", "B", "C", "D"][right];
        let expected = if english {
            format!("{warm}{letter}.")
        } else {
            format!("{warm}{letter}。")
        };
        assert!(k.has(&expected), "{expected}");
    }
}

#[test]
fn the_result_shows_home_once_beside_play_again() {
    for size in [LANDSCAPE, PORTRAIT] {
        let mut k = kiosk(&repo(), size);
        k.app_mut().show("quiz-result").unwrap();
        k.harness.run();
        assert!(k.has("再玩一次"));
        assert_eq!(
            k.harness.query_all_by_label("首页").count(),
            1,
            "Home is in the top bar, not twice"
        );
        k.tap("首页");
        assert_eq!(k.screen(), Screen::Home);
    }
}
