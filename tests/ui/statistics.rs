//! The admin overlay's statistics page, reached behind the PIN as staff reach it and
//! drawn from a real statistics database: its headings and figures in Chinese and
//! English, every tab, the narration chosen by its button, nothing outside the screen.

use std::time::Duration;

use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use xinghuo::analytics::Store;
use xinghuo::clock::{ManualClock, wall_ms};
use xinghuo::visit::Event;

use crate::common::{Kiosk, LANDSCAPE, PORTRAIT, kiosk_on};
use crate::staff::{enter, hall_with_pins, hold_corner};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// Three days of visits before the manual clock's start: exhibit alpha opened each
/// day and beta once, alpha's narration left at 12 s and heard to the end once, its
/// quiz question answered right twice and with "图" (choice 1) once.
fn fill(database: &std::path::Path, now_ms: i64) {
    let mut store = Store::open(database).unwrap();
    let text = |s: &str| s.to_owned();
    let mut events = Vec::new();
    for day in 0..3 {
        let at = now_ms - day * DAY - 2 * HOUR;
        events.push((
            at,
            Event::VisitStarted {
                language: text("zh"),
            },
        ));
        events.push((
            at + 1,
            Event::ExhibitOpened {
                exhibit: text("alpha"),
            },
        ));
        events.push((
            at + 2,
            Event::NarrationPlayed {
                exhibit: text("alpha"),
                panel: 0,
                language: text("zh"),
            },
        ));
        events.push((
            at + 3,
            if day == 0 {
                Event::NarrationCompleted {
                    exhibit: text("alpha"),
                    panel: 0,
                    language: text("zh"),
                }
            } else {
                Event::NarrationLeft {
                    exhibit: text("alpha"),
                    panel: 0,
                    language: text("zh"),
                    at: Duration::from_secs(12),
                }
            },
        ));
        events.push((
            at + 4,
            Event::ExhibitClosed {
                exhibit: text("alpha"),
                dwell: Duration::from_secs(90),
            },
        ));
        events.push((
            at + 5,
            Event::QuizAnswered {
                exhibit: text("alpha"),
                question: 0,
                choice: Some(if day == 2 { 1 } else { 0 }),
                given: None,
                right: day != 2,
            },
        ));
        events.push((
            at + 6,
            Event::VisitEnded {
                duration: Duration::from_secs(300),
                language: text("zh"),
                large_text: false,
                ending: xinghuo::visit::Ending::Idle,
            },
        ));
    }
    events.push((
        now_ms - HOUR,
        Event::ExhibitOpened {
            exhibit: text("beta"),
        },
    ));
    store.insert(&events).unwrap();
    // Alpha's second panel's film, as the film module records it (the narration's
    // columns): played twice, left at 4.2 s once and seen to the end once.
    let db = rusqlite::Connection::open(database).unwrap();
    for (at, kind, left_ms) in [
        (1, "film_played", None),
        (2, "film_left", Some(4_200)),
        (3, "film_played", None),
        (4, "film_completed", None),
    ] {
        db.execute(
            "INSERT INTO events (at_ms, kind, exhibit, panel, language, duration_ms)
             VALUES (?1, ?2, 'alpha', 1, 'zh', ?3)",
            rusqlite::params![now_ms - 3 * HOUR + at, kind, left_ms],
        )
        .unwrap();
    }
}

/// A kiosk on a hall with PINs and three days of statistics, the overlay open.
fn overlay_with_statistics(size: egui::Vec2) -> (Kiosk, tempfile::TempDir) {
    let hall = hall_with_pins();
    let clock = ManualClock::default();
    fill(&hall.path().join("data/visits.sqlite"), wall_ms(&clock));
    let mut k = kiosk_on(hall.path(), size, clock, |o| o.statistics = true);
    hold_corner(&mut k, 3);
    enter(&mut k, "2468");
    (k, hall)
}

/// Steps in real time until `label` shows (the charts are counted on the writer's
/// thread), at most 20 s.
fn wait_for(k: &mut Kiosk, label: &str) {
    let started = std::time::Instant::now();
    while !k.has(label) && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
        k.harness.step();
    }
    k.harness.run();
    assert!(k.has(label), "{label} shows");
}

/// Every label given is on the page, and each place it shows is inside the screen.
fn all_inside(k: &Kiosk, size: egui::Vec2, labels: &[&str]) {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
    for label in labels {
        let mut found = 0;
        for node in k.harness.query_all_by_label(label) {
            let rect = node.rect();
            assert!(
                screen.contains_rect(rect) && rect.width() > 1.0 && rect.height() > 1.0,
                "{label} at {rect:?} is inside the screen {screen:?}"
            );
            found += 1;
        }
        assert!(found > 0, "{label} shows");
    }
}

#[test]
fn staff_see_the_charts_of_the_last_30_days_tab_by_tab() {
    let (mut k, _hall) = overlay_with_statistics(LANDSCAPE);
    k.tap("统计图表 · Statistics charts");
    wait_for(
        &mut k,
        "近 30 天（含今天）共 3 次参观，中位时长 5:00 · Last 30 days, today included: 3 visits, median visit 5:00",
    );
    let tabs = [
        "参观时间 · When",
        "展品 · Exhibits",
        "讲解 · Narration",
        "问答 · Quiz",
    ];
    // The clock starts at 09:00 in the hall: each visit began at 07:00.
    let when = [
        "每小时参观人次 · Visits by hour of the day",
        "每天参观人次 · Visits per day",
        "最忙 7:00–8:00，3 次 · Busiest 7:00–8:00, 3 visits",
    ];
    all_inside(
        &k,
        LANDSCAPE,
        &[&tabs[..], &when[..], &["返回 · Back"]].concat(),
    );

    k.tap("展品 · Exhibits");
    let exhibits = [
        "打开次数 · Opened most",
        "停留时间中位数 · Median time spent (min:s)",
        "甲展品",
        "乙展品",
        "3",
        "1",
        "1:30",
    ];
    all_inside(&k, LANDSCAPE, &exhibits);
    assert!(
        !k.has("每小时参观人次 · Visits by hour of the day"),
        "one topic at a time"
    );

    k.tap("讲解 · Narration");
    let narration = [
        "甲展品 · 第一页",
        "还在听的人数（按秒）· Listeners still there, second by second",
        "3 次播放，1 次听完，一半的人在第 12 秒前离开 · 3 plays, 1 heard to the end, half had left by 12 s",
    ];
    all_inside(&k, LANDSCAPE, &narration);
    k.tap("甲展品 · 第一页");
    assert!(k.has(narration[2]), "the chosen narration's figures");
    // The film beside the narration, with its own curve.
    k.tap("影片 · 甲展品 · 第二页");
    all_inside(
        &k,
        LANDSCAPE,
        &[
            "2 次播放，1 次看完，一半的人在第 4 秒前离开 · 2 plays, 1 seen to the end, half had left by 4 s",
            "还在看的人数（按秒）· Viewers still there, second by second",
        ],
    );
    assert!(!k.has(narration[2]), "one curve at a time");

    k.tap("问答 · Quiz");
    let quiz = [
        "最常答错的题 · Questions answered right least often",
        "第一页讲什么？",
        "答对 67% right · 1 “图” 33%",
        // The colour key, in words.
        xinghuo::ui::statistics::KEY_RIGHT,
        xinghuo::ui::statistics::KEY_WRONG,
    ];
    all_inside(&k, LANDSCAPE, &quiz);

    k.tap("返回 · Back");
    assert!(k.has("管理 · Administration"));
    assert!(k.has("退出星火 · Quit the kiosk"), "back on the overlay");
}

#[test]
fn the_page_reads_in_english_when_english_is_the_default_language() {
    let (mut k, _hall) = overlay_with_statistics(LANDSCAPE);
    k.tap("English");
    k.tap("统计图表 · Statistics charts");
    wait_for(&mut k, "每小时参观人次 · Visits by hour of the day");
    k.tap("展品 · Exhibits");
    all_inside(&k, LANDSCAPE, &["Exhibit Alpha", "Exhibit Beta"]);
    k.tap("讲解 · Narration");
    all_inside(&k, LANDSCAPE, &["Exhibit Alpha · Page one"]);
    k.tap("问答 · Quiz");
    all_inside(
        &k,
        LANDSCAPE,
        &[
            "What is page one about?",
            "答对 67% right · 1 “Picture” 33%",
        ],
    );
}

#[test]
fn the_page_fits_a_portrait_screen() {
    let (mut k, _hall) = overlay_with_statistics(PORTRAIT);
    k.tap("统计图表 · Statistics charts");
    wait_for(&mut k, "每天参观人次 · Visits per day");
    for (tab, labels) in [
        (
            "参观时间 · When",
            &[
                "每小时参观人次 · Visits by hour of the day",
                "每天参观人次 · Visits per day",
            ][..],
        ),
        (
            "展品 · Exhibits",
            &["甲展品", "停留时间中位数 · Median time spent (min:s)"][..],
        ),
        (
            "讲解 · Narration",
            &[
                "甲展品 · 第一页",
                "还在听的人数（按秒）· Listeners still there, second by second",
            ][..],
        ),
        (
            "问答 · Quiz",
            &["第一页讲什么？", "答对 67% right · 1 “图” 33%"][..],
        ),
    ] {
        k.tap(tab);
        all_inside(&k, PORTRAIT, labels);
        all_inside(&k, PORTRAIT, &[tab, "返回 · Back"]);
    }
}

#[test]
fn without_statistics_the_page_says_so_and_closing_the_overlay_leaves_it() {
    let hall = hall_with_pins();
    let mut k = crate::common::kiosk(hall.path(), LANDSCAPE);
    hold_corner(&mut k, 3);
    enter(&mut k, "2468");
    k.tap("统计图表 · Statistics charts");
    assert!(k.has("统计暂不可用 · Statistics unavailable"));
    k.tap("关闭 Close");
    hold_corner(&mut k, 3);
    enter(&mut k, "2468");
    assert!(
        k.has("退出星火 · Quit the kiosk"),
        "the overlay opens on its first page"
    );
}

/// What one row of the events table holds, as the test reads it.
type Row = (
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

fn rows(database: &std::path::Path, kind: &str) -> Vec<Row> {
    let db = rusqlite::Connection::open(database).unwrap();
    let mut statement = db
        .prepare(
            "SELECT kind, exhibit, panel, language, level, score, questions, duration_ms
             FROM events WHERE kind = ?1 ORDER BY id",
        )
        .unwrap();
    statement
        .query_map([kind], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_visit_is_written_with_its_language_text_size_photo_zoom_narration_and_ending() {
    let hall = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&crate::common::base_hall(), hall.path());
    let mut k = kiosk_on(hall.path(), LANDSCAPE, ManualClock::default(), |o| {
        o.statistics = true
    });
    k.tap("点击开始 Touch to begin");
    k.tap("大字");
    k.tap("甲展品");
    // Narration left after a second and a half, for the next page.
    k.tap("收听讲解");
    k.clock.advance(Duration::from_millis(1500));
    k.harness.step();
    k.tap("下一页");
    k.tap("上一页");
    // The first photo zoomed in twice by a pinch (ctrl+wheel), then closed.
    k.tap("放大查看 甲图");
    let centre = egui::pos2(960.0, 480.0);
    for _ in 0..2 {
        k.harness.event(egui::Event::PointerMoved(centre));
        k.harness.event(egui::Event::Zoom(1.5));
        k.harness.step();
    }
    k.harness.run();
    k.tap("关闭");
    k.tap("English");
    // The visitor walks away: the idle reset ends the visit.
    k.wait(61);
    k.wait(30);
    assert_eq!(k.screen(), xinghuo::visit::Screen::Attract);
    k.app().flush_statistics();

    let database = hall.path().join("data/visits.sqlite");
    let zoomed = rows(&database, "photo_zoomed");
    assert_eq!(zoomed.len(), 1, "{zoomed:?}");
    let (_, exhibit, panel, _, _, photo, zoom_percent, _) = &zoomed[0];
    assert_eq!(
        (exhibit.as_deref(), *panel, *photo),
        (Some("alpha"), Some(0), Some(0))
    );
    assert!(
        zoom_percent.is_some_and(|z| (200..=240).contains(&z)),
        "zoomed 1.5 × 1.5 = 2.25 times: {zoom_percent:?}"
    );
    let left = rows(&database, "narration_left");
    assert_eq!(left.len(), 1, "{left:?}");
    let (_, exhibit, panel, language, _, _, _, heard_ms) = &left[0];
    assert_eq!((exhibit.as_deref(), *panel), (Some("alpha"), Some(0)));
    assert_eq!(language.as_deref(), Some("zh"));
    assert!(
        heard_ms.is_some_and(|ms| (1_000..2_000).contains(&ms)),
        "left at 1.5 s: {heard_ms:?}"
    );
    let ended = rows(&database, "visit_ended");
    assert_eq!(ended.len(), 1, "{ended:?}");
    let (_, _, _, language, ending, large_text, _, _) = &ended[0];
    assert_eq!(
        language.as_deref(),
        Some("en"),
        "the visit ended in English"
    );
    assert_eq!(ending.as_deref(), Some("idle"), "the idle reset ended it");
    assert_eq!(*large_text, Some(1), "large text was used");
}
