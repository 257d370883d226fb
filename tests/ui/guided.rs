//! Guided mode: a three-stop tour from the guide PIN to the end, with notes, timing,
//! narration, a group quiz, a vanished stop, and the second display.

use std::time::Duration;

use xinghuo::pin::{PinKind, hash_pin, with_pin_hash};
use xinghuo::visit::Screen;

use crate::common::{Kiosk, LANDSCAPE, base_hall, kiosk};
use crate::support::copy_dir;

/// The base hall with a third exhibit, a three-stop tour and a guide PIN (1357).
fn tour_hall() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&base_hall(), dir.path());
    let beta = std::fs::read_to_string(dir.path().join("exhibits/02-beta.ron")).unwrap();
    let gamma = beta
        .replace("id: \"beta\"", "id: \"gamma\"")
        .replace("乙展品", "丙展品")
        .replace("Exhibit Beta", "Exhibit Gamma");
    std::fs::write(dir.path().join("exhibits/03-gamma.ron"), gamma).unwrap();
    std::fs::write(
        dir.path().join("exhibits/tours/three.ron"),
        r#"Tour(
    id: "three",
    title: {"zh": "三站路线", "en": "Three stops"},
    stops: [
        Stop(exhibit: "alpha", minutes: 3, notes: Some({"zh": "先看甲。", "en": "Alpha first."})),
        Stop(exhibit: "beta", minutes: 2, notes: Some({"zh": "再看乙。", "en": "Then beta."})),
        Stop(exhibit: "gamma", minutes: 2),
    ],
)
"#,
    )
    .unwrap();
    let path = dir.path().join("kiosk.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        with_pin_hash(&text, PinKind::Guide, &hash_pin("1357").unwrap()).unwrap(),
    )
    .unwrap();
    dir
}

fn open_with_guide_pin(k: &mut Kiosk) {
    k.harness.state_mut().open_pin_pad();
    k.harness.run();
    for digit in "1357".chars() {
        k.tap(&digit.to_string());
    }
    k.tap("OK");
    assert_eq!(k.screen(), Screen::Tours);
}

fn stop(k: &Kiosk) -> usize {
    k.app()
        .visit()
        .tour
        .as_ref()
        .expect("a tour is under way")
        .current
}

#[test]
fn a_three_stop_tour_from_start_to_end() {
    let hall = tour_hall();
    let mut k = kiosk(hall.path(), LANDSCAPE);
    open_with_guide_pin(&mut k);
    assert!(k.has("三站路线"));
    k.tap("三站路线");
    assert_eq!(
        k.screen(),
        Screen::Exhibit {
            id: "alpha".into(),
            panel: 0
        }
    );

    // One display: the notes stay hidden until the guide opens the panel.
    assert!(!k.has("先看甲。") && !k.has("请指着图。"));
    k.tap("导游面板");
    assert!(k.has("先看甲。"), "the stop's notes");
    assert!(k.has("请指着图。"), "the exhibit's guide notes");
    assert!(k.has("第 1 站 / 共 3 站 · 甲展品"));
    assert!(k.has("下一站：乙展品（2 分钟）"));

    k.tap("下一展板");
    assert_eq!(
        k.screen(),
        Screen::Exhibit {
            id: "alpha".into(),
            panel: 1
        }
    );
    k.tap("上一展板");
    k.tap("播放讲解");
    assert!(k.app().narrator().is_active());
    k.tap("暂停播放");
    assert!(k.has("播放讲解"));

    k.tap("下一站");
    assert_eq!(stop(&k), 1);
    assert_eq!(
        k.screen(),
        Screen::Exhibit {
            id: "beta".into(),
            panel: 0
        }
    );
    assert!(
        !k.app().narrator().is_active(),
        "narration stops with the stop"
    );
    k.tap("上一站");
    assert_eq!(stop(&k), 0);
    k.tap("下一站");

    // A group quiz on this stop's questions, and back to the stop.
    k.tap("集体问答");
    assert_eq!(k.screen(), Screen::Quiz);
    let round = k.app().visit().quiz.round.clone().unwrap();
    assert!(round.group && round.questions.iter().all(|q| q.exhibit == "beta"));
    k.tap("A 一页");
    k.tap("看看成绩");
    k.tap("回到本站");
    assert_eq!(
        k.screen(),
        Screen::Exhibit {
            id: "beta".into(),
            panel: 0
        }
    );
    assert_eq!(stop(&k), 1, "the tour is where it was");

    k.tap("导游面板");
    k.take_events();
    // One tap asks again, and the question lapses; a second tap within it ends the tour.
    k.tap("结束导览");
    assert!(
        k.app().visit().tour.is_some(),
        "one tap does not end the tour"
    );
    assert!(k.has("再点一次结束"));
    k.wait(6);
    assert!(k.has("结束导览"), "the question lapses");
    k.tap("结束导览");
    k.tap("再点一次结束");
    assert_eq!(k.screen(), Screen::Attract);
    assert!(k.app().visit().tour.is_none());
    let events = k.take_events();
    assert!(
        events.iter().any(|e| matches!(
            e,
            xinghuo::visit::Event::VisitEnded {
                ending: xinghuo::visit::Ending::TourEnded,
                ..
            }
        )),
        "the visit is recorded as ended with the tour: {events:?}"
    );
}

#[test]
fn timing_turns_amber_and_idle_waits_for_the_guide() {
    let hall = tour_hall();
    let mut k = kiosk(hall.path(), LANDSCAPE);
    open_with_guide_pin(&mut k);
    k.tap("三站路线");
    k.tap("导游面板");
    k.wait(100);
    assert_eq!(
        k.screen(),
        Screen::Exhibit {
            id: "alpha".into(),
            panel: 0
        },
        "no idle reset during a tour"
    );
    assert!(k.has("本站 1:40 / 3:00"));
    k.wait(100);
    assert!(k.has("本站 3:20 / 3:00"));
    let timing = k.app().visit().tour.as_ref().unwrap().timing(k.clock_now());
    assert!(timing.stop_over() && !timing.tour_over());
    // A tour longer than max_tour_minutes (120) ends and the kiosk resets.
    for _ in 0..13 {
        k.wait(600);
    }
    assert_eq!(k.screen(), Screen::Attract);
}

#[test]
fn a_stop_whose_exhibit_vanished_is_skipped_with_a_note() {
    let hall = tour_hall();
    let mut k = kiosk(hall.path(), LANDSCAPE);
    open_with_guide_pin(&mut k);
    k.tap("三站路线");
    std::fs::remove_file(hall.path().join("exhibits/02-beta.ron")).unwrap();
    k.harness.state_mut().reload_now();
    k.harness.run();
    k.tap("导游面板");
    // The edit waits for the guide's next step, like a visitor's.
    k.tap("下一站");
    assert_eq!(
        k.screen(),
        Screen::Exhibit {
            id: "gamma".into(),
            panel: 0
        }
    );
    assert!(k.has("已跳过（展品已不在）：beta"));
}

#[test]
fn with_two_displays_the_guide_view_has_its_own_window() {
    let hall = tour_hall();
    let mut k = kiosk(hall.path(), LANDSCAPE);
    k.harness.state_mut().set_displays(2);
    open_with_guide_pin(&mut k);
    k.tap("三站路线");
    assert!(!k.has("导游面板"), "no handle on the visitors' screen");
    assert!(k.has("先看甲。"), "the notes are in the guide's window");
    k.tap("下一站");
    assert_eq!(
        k.screen(),
        Screen::Exhibit {
            id: "beta".into(),
            panel: 0
        }
    );
}

#[test]
fn staff_can_start_guided_mode_from_the_overlay() {
    let hall = tour_hall();
    let mut k = kiosk(hall.path(), LANDSCAPE);
    let path = hall.path().join("kiosk.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        with_pin_hash(&text, PinKind::Admin, &hash_pin("2468").unwrap()).unwrap(),
    )
    .unwrap();
    k.harness.state_mut().reload_now();
    k.harness.state_mut().open_pin_pad();
    k.harness.run();
    for digit in "2468".chars() {
        k.tap(&digit.to_string());
    }
    k.tap("OK");
    k.tap("导游模式 · Guided mode");
    assert_eq!(k.screen(), Screen::Tours);
    let _ = Duration::ZERO;
}
