//! The quiz for young visitors: choose a level, answer with big buttons, see at once
//! why an answer is right (kindly, never a buzzer), and end on a reward: stars, a
//! badge drawn by the app, and a review of the questions to look at again.

use std::time::Duration;

use eframe::egui::accesskit::Live;
use eframe::egui::{self, Align2, Color32, Rect, Sense, Stroke, pos2, vec2};

use super::FrameContext;
use super::theme::{self, Metrics};
use super::widgets::{self, Icon, Look};
use crate::content::Level;
use crate::quiz::Round;
use crate::visit::Action;

const PRAISE_ZH: [&str; 4] = ["答对了！", "真棒！", "完全正确！", "好样的！"];
const PRAISE_EN: [&str; 4] = [
    "That's right!",
    "Well done!",
    "Exactly right!",
    "Great job!",
];
const LETTERS: [&str; 6] = ["A", "B", "C", "D", "E", "F"];

pub fn quiz_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>) {
    let rect = ui.max_rect();
    ui.painter().rect_filled(rect, 0.0, theme::PAPER);
    let title = if frame.visit.quiz.round.as_ref().is_some_and(|r| r.group) {
        frame.tr("集体问答", "Group quiz")
    } else {
        frame.tr("知识问答", "Quiz")
    }
    .to_owned();
    let bar = super::top_bar::top_bar_ui(ui, frame, rect, &title);
    let body = Rect::from_min_max(pos2(rect.min.x, bar.max.y), rect.max);
    match &frame.visit.quiz.round {
        None => level_ui(ui, frame, body),
        Some(round) if round.is_finished() => results_ui(ui, frame, body),
        Some(_) => question_ui(ui, frame, body),
    }
}

/// Two large illustrated buttons: primary-school and middle-school level.
fn level_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, body: Rect) {
    let m = frame.m;
    let margin = m.margin() * 1.5;
    let prompt = frame.tr("选一选你的年级", "Choose your level").to_owned();
    ui.painter().text(
        pos2(body.center().x, body.min.y + m.px(90.0)),
        Align2::CENTER_CENTER,
        &prompt,
        m.heading(),
        theme::INK,
    );
    widgets::accessible_text(
        ui,
        Rect::from_center_size(
            pos2(body.center().x, body.min.y + m.px(90.0)),
            vec2(m.px(600.0), m.px(60.0)),
        ),
        "quiz-prompt",
        &prompt,
    );
    let area = Rect::from_min_max(
        pos2(body.min.x + margin, body.min.y + m.px(170.0)),
        body.max - vec2(margin, margin),
    );
    let gap = m.px(40.0);
    let cards = if m.portrait {
        let h = (area.height() - gap) / 2.0;
        [
            Rect::from_min_size(area.min, vec2(area.width(), h)),
            Rect::from_min_size(
                pos2(area.min.x, area.min.y + h + gap),
                vec2(area.width(), h),
            ),
        ]
    } else {
        let w = (area.width() - gap) / 2.0;
        [
            Rect::from_min_size(area.min, vec2(w, area.height())),
            Rect::from_min_size(
                pos2(area.min.x + w + gap, area.min.y),
                vec2(w, area.height()),
            ),
        ]
    };
    let levels = [
        (
            Level::Junior,
            frame.tr("小学", "Junior"),
            frame.tr("8–11 岁", "Ages 8–11"),
        ),
        (
            Level::Senior,
            frame.tr("中学", "Senior"),
            frame.tr("12–15 岁", "Ages 12–15"),
        ),
    ];
    for ((level, name, ages), card) in levels.into_iter().zip(cards) {
        let available = crate::quiz::available(frame.hall, level) > 0;
        let label = format!("{name} {ages}");
        let response = ui
            .add_enabled_ui(available, |ui| {
                widgets::touch(ui, card, ("level", name), egui::Role::Button, &label)
            })
            .inner;
        let pressed = response.is_pointer_button_down_on();
        let painter = ui.painter();
        let fill = if pressed { theme::LINE } else { theme::CARD };
        painter.rect(
            card,
            m.px(24.0),
            fill,
            Stroke::new(
                m.px(4.0),
                if level == Level::Junior {
                    theme::GOLD_DEEP
                } else {
                    theme::RED
                },
            ),
            egui::StrokeKind::Inside,
        );
        let art = Rect::from_center_size(
            pos2(card.center().x, card.min.y + card.height() * 0.38),
            Vec2Ext::square(card.height().min(card.width()) * 0.45),
        );
        if level == Level::Junior {
            paint_junior(painter, art);
        } else {
            paint_senior(painter, art);
        }
        painter.text(
            pos2(card.center().x, card.min.y + card.height() * 0.74),
            Align2::CENTER_CENTER,
            name,
            m.strong(56.0),
            theme::RED,
        );
        painter.text(
            pos2(card.center().x, card.min.y + card.height() * 0.87),
            Align2::CENTER_CENTER,
            if available {
                ages
            } else {
                frame.tr("暂无题目", "No questions yet")
            },
            m.regular(32.0),
            theme::INK_SOFT,
        );
        if available && response.clicked() {
            frame.act(Action::QuizStart(level));
        }
    }
}

/// A helper for square sizes.
struct Vec2Ext;
impl Vec2Ext {
    fn square(side: f32) -> egui::Vec2 {
        vec2(side, side)
    }
}

/// A red star among small sparkles: for younger children.
fn paint_junior(painter: &egui::Painter, rect: Rect) {
    let c = rect.center();
    let r = rect.width() / 2.0;
    painter.circle_filled(c, r * 0.95, Color32::from_rgb(0xF3, 0xE3, 0xB5));
    widgets::paint_star(painter, c, r * 0.7, theme::RED, Stroke::NONE);
    for (dx, dy, s) in [
        (-0.75, -0.55, 0.16),
        (0.72, -0.62, 0.12),
        (0.8, 0.5, 0.14),
        (-0.7, 0.6, 0.1),
    ] {
        widgets::paint_star(
            painter,
            c + vec2(dx * r, dy * r),
            r * s,
            theme::GOLD_DEEP,
            Stroke::NONE,
        );
    }
}

/// A torch with a flame: for older children.
fn paint_senior(painter: &egui::Painter, rect: Rect) {
    let c = rect.center();
    let r = rect.width() / 2.0;
    painter.circle_filled(c, r * 0.95, Color32::from_rgb(0xF1, 0xDA, 0xCF));
    let handle = vec![
        c + vec2(-r * 0.12, -r * 0.05),
        c + vec2(r * 0.12, -r * 0.05),
        c + vec2(r * 0.06, r * 0.8),
        c + vec2(-r * 0.06, r * 0.8),
    ];
    painter.add(egui::Shape::convex_polygon(
        handle,
        theme::INK,
        Stroke::NONE,
    ));
    painter.rect_filled(
        Rect::from_center_size(c + vec2(0.0, -r * 0.1), vec2(r * 0.42, r * 0.14)),
        r * 0.04,
        theme::GOLD_DEEP,
    );
    let flame = |scale: f32, colour: Color32| {
        let points: Vec<egui::Pos2> = (0..=24)
            .map(|i| {
                let t = i as f32 / 24.0 * std::f32::consts::TAU;
                let x = t.sin() * 0.32 * scale;
                let y = -0.48 - 0.34 * scale * (1.0 - t.cos()) + 0.1 * (1.0 - scale);
                c + vec2(x * r * (1.0 - 0.35 * (1.0 - t.cos()) / 2.0), y * r)
            })
            .collect();
        egui::Shape::convex_polygon(points, colour, Stroke::NONE)
    };
    painter.add(flame(1.0, theme::RED));
    painter.add(flame(0.6, Color32::from_rgb(0xE8, 0x8A, 0x2A)));
    painter.add(flame(0.3, theme::GOLD));
}

fn question_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, body: Rect) {
    let m = frame.m;
    let Some(round) = frame.visit.quiz.round.clone() else {
        return;
    };
    let Some(current) = round.current().cloned() else {
        return;
    };
    let Some(question) = current.question(frame.hall) else {
        // The question vanished in a content reload: move on quietly.
        frame.act(Action::QuizNext);
        return;
    };
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let margin = m.margin() * 1.2;
    let width = body.width() - 2.0 * margin;
    let mut y = body.min.y + m.px(28.0);

    // Progress: "Question 2 of 5" and one dot per question.
    let progress = if language == "zh" {
        format!(
            "第 {} 题 / 共 {} 题",
            round.current + 1,
            round.questions.len()
        )
    } else {
        format!(
            "Question {} of {}",
            round.current + 1,
            round.questions.len()
        )
    };
    let painter = ui.painter();
    painter.text(
        pos2(body.min.x + margin, y),
        Align2::LEFT_TOP,
        &progress,
        m.strong(26.0),
        theme::RED,
    );
    let dot_gap = m.px(30.0);
    for (i, q) in round.questions.iter().enumerate() {
        let centre = pos2(
            body.max.x - margin - (round.questions.len() - i) as f32 * dot_gap + dot_gap / 2.0,
            y + m.px(16.0),
        );
        let colour = if i < round.current || q.is_answered() {
            theme::GOLD_DEEP
        } else if i == round.current {
            theme::RED
        } else {
            theme::OUTLINE
        };
        painter.circle_filled(centre, m.px(9.0), colour);
    }
    widgets::accessible_text(
        ui,
        Rect::from_min_size(pos2(body.min.x + margin, y), vec2(m.px(400.0), m.px(36.0))),
        "quiz-progress",
        &progress,
    );
    y += m.px(60.0);

    let prompt = question.prompt.get(&language, &fallback).to_owned();
    let galley = ui
        .painter()
        .layout(prompt.clone(), m.strong(42.0), theme::INK, width);
    let prompt_height = galley.size().y;
    ui.painter()
        .galley(pos2(body.min.x + margin, y), galley, theme::INK);
    widgets::accessible_text(
        ui,
        Rect::from_min_size(pos2(body.min.x + margin, y), vec2(width, prompt_height)),
        "quiz-question",
        &prompt,
    );
    y += prompt_height + m.px(28.0);

    // Answer buttons: each at least a sixth of the screen high.
    let answered = current.is_answered();
    let right_position = current.right_position(question);
    let count = current.order.len();
    // One column, or one row of three, or two columns of an even count: never a grid
    // with an empty cell.
    let columns = match (m.portrait, count) {
        (true, _) | (false, 0..=2) => 1,
        (false, 3) => 3,
        (false, n) if n % 2 == 0 => 2,
        _ => 1,
    };
    let rows = count.div_ceil(columns);
    let gap = m.px(20.0);
    let button_height = (m.screen.y / 6.0).max(m.target());
    let feedback_height = if answered {
        m.px(250.0) * m.text_scale
    } else {
        0.0
    };
    let button_width = (width - gap * (columns as f32 - 1.0)) / columns as f32;
    for (position, &choice) in current.order.iter().enumerate() {
        let Some(text) = question.choices.get(choice) else {
            continue;
        };
        let text = text.get(&language, &fallback);
        let (row, column) = (position / columns, position % columns);
        let cell = Rect::from_min_size(
            pos2(
                body.min.x + margin + column as f32 * (button_width + gap),
                y + row as f32 * (button_height + gap),
            ),
            vec2(button_width, button_height),
        );
        let letter = LETTERS.get(position).copied().unwrap_or("·");
        let label = format!("{letter} {text}");
        let response = ui
            .add_enabled_ui(!answered, |ui| {
                widgets::touch(
                    ui,
                    cell,
                    ("choice", round.current, position),
                    egui::Role::Button,
                    &label,
                )
            })
            .inner;
        let picked_here = current.picked == Some(choice);
        let is_right = right_position == Some(position);
        let (fill, stroke, ink) = if answered && is_right {
            (
                theme::RIGHT,
                Stroke::new(m.px(5.0), theme::GOLD),
                theme::CREAM,
            )
        } else if answered && picked_here {
            (theme::CALM, Stroke::NONE, theme::CREAM)
        } else if response.is_pointer_button_down_on() && !answered {
            (
                theme::LINE,
                Stroke::new(m.px(3.0), theme::GOLD_DEEP),
                theme::INK,
            )
        } else {
            (
                theme::CARD,
                Stroke::new(m.px(2.0), theme::OUTLINE),
                if answered {
                    theme::INK_SOFT
                } else {
                    theme::INK
                },
            )
        };
        let painter = ui.painter();
        painter.rect(cell, m.px(18.0), fill, stroke, egui::StrokeKind::Inside);
        let badge = Rect::from_center_size(
            pos2(cell.min.x + m.px(60.0), cell.center().y),
            vec2(m.px(72.0), m.px(72.0)),
        );
        painter.circle_filled(
            badge.center(),
            m.px(36.0),
            if answered && (is_right || picked_here) {
                Color32::from_white_alpha(60)
            } else {
                theme::RED
            },
        );
        painter.text(
            badge.center(),
            Align2::CENTER_CENTER,
            letter,
            m.strong(36.0),
            theme::CREAM,
        );
        let text_rect = Rect::from_min_max(
            pos2(badge.max.x + m.px(24.0), cell.min.y),
            pos2(cell.max.x - m.px(70.0), cell.max.y),
        );
        let galley = ui
            .painter()
            .layout(text.to_owned(), m.strong(34.0), ink, text_rect.width());
        let pos = pos2(text_rect.min.x, cell.center().y - galley.size().y / 2.0);
        ui.painter().galley(pos, galley, ink);
        if answered && is_right {
            let c = pos2(cell.max.x - m.px(44.0), cell.center().y);
            let s = m.px(16.0);
            ui.painter().line(
                vec![
                    c + vec2(-s, 0.0),
                    c + vec2(-s * 0.3, s * 0.7),
                    c + vec2(s, -s * 0.8),
                ],
                Stroke::new(m.px(6.0), theme::CREAM),
            );
        }
        if !answered && response.clicked() {
            frame.act(Action::QuizAnswer(position));
        }
    }
    y += rows as f32 * (button_height + gap);

    if answered {
        let card = Rect::from_min_size(
            pos2(body.min.x + margin, y),
            vec2(width, feedback_height.min(body.max.y - y - m.px(16.0))),
        );
        feedback_ui(ui, frame, &round, card);
    } else if let Some(limit) = frame.hall.config.quiz.seconds_per_question {
        // The optional time limit: a calm bar, never a countdown in red.
        let limit = Duration::from_secs(limit.max(5));
        let spent = frame.now.saturating_sub(frame.visit.quiz.question_since);
        let left = 1.0 - (spent.as_secs_f32() / limit.as_secs_f32()).min(1.0);
        let bar = Rect::from_min_size(pos2(body.min.x + margin, y), vec2(width, m.px(12.0)));
        ui.painter().rect_filled(bar, m.px(6.0), theme::LINE);
        ui.painter().rect_filled(
            Rect::from_min_size(bar.min, vec2(bar.width() * left, bar.height())),
            m.px(6.0),
            theme::GOLD_DEEP,
        );
        if spent >= limit {
            frame.act(Action::QuizTimeUp);
        } else {
            frame.repaint_in(Duration::from_millis(200));
        }
    }
}

/// Praise or the right answer, the explanation, "learn more" and "next".
fn feedback_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, round: &Round, card: Rect) {
    let m = frame.m;
    let Some(current) = round.current() else {
        return;
    };
    let Some(question) = current.question(frame.hall) else {
        // The question vanished in a content reload: on to the next one.
        frame.act(Action::QuizNext);
        return;
    };
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let right = current.is_right(frame.hall);
    let praise = frame.visit.quiz.praise % PRAISE_ZH.len();
    let letter = current
        .right_position(question)
        .and_then(|p| LETTERS.get(p))
        .copied()
        .unwrap_or("");
    let headline = if right {
        widgets::tr(&language, PRAISE_ZH[praise], PRAISE_EN[praise]).to_owned()
    } else if current.timed_out {
        if language == "zh" {
            format!("时间到了。正确答案是 {letter}。")
        } else {
            format!("Time's up. The answer is {letter}.")
        }
    } else if language == "zh" {
        format!("正确答案是 {letter}。")
    } else {
        format!("The answer is {letter}.")
    };
    let painter = ui.painter();
    let accent = if right { theme::RIGHT } else { theme::CALM };
    painter.rect(
        card,
        m.px(18.0),
        theme::CARD,
        Stroke::new(m.px(3.0), accent),
        egui::StrokeKind::Inside,
    );
    painter.rect_filled(
        Rect::from_min_size(card.min, vec2(m.px(12.0), card.height())),
        m.px(6.0),
        accent,
    );
    let inner = card.shrink2(vec2(m.px(36.0), m.px(20.0)));
    let buttons_width = m.px(560.0).min(inner.width() * 0.45);
    let text_width = inner.width() - buttons_width - m.px(24.0);
    painter.text(
        inner.min,
        Align2::LEFT_TOP,
        &headline,
        m.strong(36.0),
        accent,
    );
    // Said at once: praise, or the right answer, calmly (no word of blame).
    widgets::announce(
        ui,
        Rect::from_min_size(inner.min, vec2(text_width, m.px(48.0))),
        "quiz-feedback",
        &headline,
        Live::Assertive,
    );
    let explanation = question.explanation.get(&language, &fallback).to_owned();
    let galley = widgets::paragraph(ui, &explanation, m.regular(28.0), theme::INK, text_width);
    let explanation_pos = pos2(inner.min.x, inner.min.y + m.px(58.0));
    let height = galley.size().y;
    ui.painter().galley(explanation_pos, galley, theme::INK);
    widgets::accessible_text(
        ui,
        Rect::from_min_size(explanation_pos, vec2(text_width, height)),
        "quiz-explanation",
        &explanation,
    );

    let last = round.current + 1 >= round.questions.len();
    let next_label = if last {
        frame.tr("看看成绩", "See my result")
    } else {
        frame.tr("下一题", "Next question")
    }
    .to_owned();
    let more_label = frame.tr("了解更多", "Learn more").to_owned();
    let row = m.target();
    let next_rect = Rect::from_min_size(
        pos2(inner.max.x - buttons_width, inner.min.y),
        vec2(buttons_width, row),
    );
    if widgets::button_at(
        ui,
        &m,
        next_rect,
        Some(Icon::Next),
        &next_label,
        Look::Primary,
    )
    .clicked()
    {
        frame.act(Action::QuizNext);
    }
    if !round.group {
        let more_rect = next_rect.translate(vec2(0.0, row + m.px(16.0)));
        if widgets::button_at(
            ui,
            &m,
            more_rect,
            Some(Icon::Transcript),
            &more_label,
            Look::Secondary,
        )
        .clicked()
        {
            frame.act(Action::QuizLearnMore);
        }
    }
}

fn results_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, body: Rect) {
    let m = frame.m;
    let Some(round) = frame.visit.quiz.round.clone() else {
        return;
    };
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let score = round.score(frame.hall);
    let total = round.questions.len();
    let stars = round.stars(frame.hall);
    let margin = m.margin() * 1.2;

    let (reward, review) = if m.portrait {
        let h = body.height() * 0.46;
        (
            Rect::from_min_size(body.min, vec2(body.width(), h)),
            Rect::from_min_max(pos2(body.min.x, body.min.y + h), body.max),
        )
    } else {
        let w = body.width() * 0.44;
        (
            Rect::from_min_size(body.min, vec2(w, body.height())),
            Rect::from_min_max(pos2(body.min.x + w, body.min.y), body.max),
        )
    };

    // The reward: a badge and stars.
    let badge_centre = pos2(reward.center().x, reward.min.y + reward.height() * 0.3);
    let badge_radius = (reward.width().min(reward.height()) * 0.2).min(m.px(150.0));
    paint_badge(ui.painter(), &m, badge_centre, badge_radius);
    let badge_name = if round.group {
        frame.tr("集体问答完成", "Group quiz done")
    } else {
        frame.tr("红色小讲解员", "Young Red Guide")
    }
    .to_owned();
    // Below the ribbon's tails (1.45 radii under the centre).
    let name_pos = pos2(
        reward.center().x,
        badge_centre.y + badge_radius * 1.45 + m.px(34.0),
    );
    ui.painter().text(
        name_pos,
        Align2::CENTER_CENTER,
        &badge_name,
        m.strong(44.0),
        theme::RED,
    );
    widgets::accessible_text(
        ui,
        Rect::from_center_size(name_pos, vec2(m.px(500.0), m.px(56.0))),
        "badge",
        &badge_name,
    );
    let star_y = name_pos.y + m.px(80.0);
    for i in 0..3u8 {
        let centre = pos2(
            reward.center().x + (f32::from(i) - 1.0) * m.px(96.0),
            star_y,
        );
        if i < stars {
            widgets::paint_star(
                ui.painter(),
                centre,
                m.px(40.0),
                theme::GOLD,
                Stroke::new(m.px(2.0), theme::GOLD_DEEP),
            );
        } else {
            widgets::paint_star(
                ui.painter(),
                centre,
                m.px(40.0),
                theme::CARD,
                Stroke::new(m.px(3.0), theme::OUTLINE),
            );
        }
    }
    let score_text = if language == "zh" {
        format!("答对 {score} 题，共 {total} 题")
    } else {
        format!("{score} of {total} right")
    };
    let score_pos = pos2(reward.center().x, star_y + m.px(80.0));
    ui.painter().text(
        score_pos,
        Align2::CENTER_CENTER,
        &score_text,
        m.strong(34.0),
        theme::INK,
    );
    widgets::accessible_text(
        ui,
        Rect::from_center_size(score_pos, vec2(m.px(500.0), m.px(48.0))),
        "score",
        &score_text,
    );

    let row = m.target();
    let again = frame.tr("再玩一次", "Play again").to_owned();
    // A group round returns to the tour's stop; a visitor's round to home.
    let home = if round.group {
        frame.tr("回到本站", "Back to the stop")
    } else {
        frame.tr("首页", "Home")
    }
    .to_owned();
    let button_width = m.px(300.0);
    let buttons_y = (score_pos.y + m.px(60.0)).min(reward.max.y - row - m.px(20.0));
    let again_rect = Rect::from_min_size(
        pos2(reward.center().x - button_width - m.px(12.0), buttons_y),
        vec2(button_width, row),
    );
    let home_rect = Rect::from_min_size(
        pos2(reward.center().x + m.px(12.0), buttons_y),
        vec2(button_width, row),
    );
    if !round.group
        && widgets::button_at(
            ui,
            &m,
            again_rect,
            Some(Icon::Restart),
            &again,
            Look::Primary,
        )
        .clicked()
    {
        frame.act(Action::QuizPlayAgain);
    }
    if widgets::button_at(ui, &m, home_rect, Some(Icon::Home), &home, Look::Secondary).clicked() {
        frame.act(if round.group {
            Action::Back
        } else {
            Action::GoHome
        });
    }

    // The review: what to look at again, with the right answers and the reasons.
    let review = review.shrink2(vec2(margin, m.px(28.0)));
    let missed: Vec<_> = round.missed(frame.hall).cloned().collect();
    let heading = if missed.is_empty() {
        frame.tr("全部答对了！", "All right!")
    } else {
        frame.tr("再看一看这些题", "Have another look at these")
    }
    .to_owned();
    ui.painter().text(
        review.min,
        Align2::LEFT_TOP,
        &heading,
        m.strong(34.0),
        theme::INK,
    );
    widgets::accessible_text(
        ui,
        Rect::from_min_size(review.min, vec2(review.width(), m.px(48.0))),
        "review-heading",
        &heading,
    );
    let list = Rect::from_min_max(pos2(review.min.x, review.min.y + m.px(64.0)), review.max);
    widgets::scroll_column(ui, list, "quiz-review", |ui| {
        let width = list.width() - m.px(24.0);
        if missed.is_empty() {
            let note = widgets::tr(
                &language,
                "每一题都答对了，你对衡阳的红色历史了解得真多！",
                "You answered every question right. You know a lot about this history!",
            );
            let galley = widgets::paragraph(ui, note, m.body(), theme::INK_SOFT, width);
            let (rect, _) = ui.allocate_exact_size(galley.size(), Sense::hover());
            ui.painter().galley(rect.min, galley, theme::INK_SOFT);
        }
        for q in &missed {
            let Some(question) = q.question(frame.hall) else {
                continue;
            };
            let prompt = question.prompt.get(&language, &fallback);
            let answer = question
                .choices
                .get(question.answer)
                .map_or("", |c| c.get(&language, &fallback));
            let explanation = question.explanation.get(&language, &fallback);
            let answer_line = if language == "zh" {
                format!("答案：{answer}")
            } else {
                format!("Answer: {answer}")
            };
            let galleys = [
                widgets::paragraph(ui, prompt, m.strong(28.0), theme::INK, width - m.px(32.0)),
                widgets::paragraph(
                    ui,
                    &answer_line,
                    m.strong(28.0),
                    theme::RIGHT,
                    width - m.px(32.0),
                ),
                widgets::paragraph(
                    ui,
                    explanation,
                    m.regular(26.0),
                    theme::INK_SOFT,
                    width - m.px(32.0),
                ),
            ];
            let height: f32 = galleys.iter().map(|g| g.size().y).sum::<f32>() + m.px(56.0);
            let (rect, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
            ui.painter().rect(
                rect,
                m.px(14.0),
                theme::CARD,
                Stroke::new(2.0, theme::LINE),
                egui::StrokeKind::Inside,
            );
            let mut y = rect.min.y + m.px(18.0);
            for galley in galleys {
                let h = galley.size().y;
                ui.painter()
                    .galley(pos2(rect.min.x + m.px(16.0), y), galley, theme::INK);
                y += h + m.px(6.0);
            }
            widgets::accessible_text(
                ui,
                rect,
                ("review", &q.exhibit, q.index),
                &format!("{prompt} {answer_line}"),
            );
            ui.add_space(m.px(14.0));
        }
    });
}

/// The "Young Red Guide" badge: a gold medal with a red star on a red ribbon.
fn paint_badge(painter: &egui::Painter, m: &Metrics, centre: egui::Pos2, radius: f32) {
    let ribbon = |dx: f32| {
        vec![
            centre + vec2(dx * radius * 0.2, radius * 0.4),
            centre + vec2(dx * radius * 0.85, radius * 0.4),
            centre + vec2(dx * radius * 0.7, radius * 1.45),
            centre + vec2(dx * radius * 0.45, radius * 1.2),
            centre + vec2(dx * radius * 0.2, radius * 1.45),
        ]
    };
    for dx in [-1.0, 1.0] {
        let points = ribbon(dx);
        // Two triangles per ribbon tail (the outline is not convex).
        painter.add(egui::Shape::convex_polygon(
            vec![points[0], points[1], points[3]],
            theme::RED,
            Stroke::NONE,
        ));
        painter.add(egui::Shape::convex_polygon(
            vec![points[1], points[2], points[3]],
            theme::RED,
            Stroke::NONE,
        ));
        painter.add(egui::Shape::convex_polygon(
            vec![points[0], points[3], points[4]],
            theme::RED_DARK,
            Stroke::NONE,
        ));
    }
    painter.circle(
        centre,
        radius,
        theme::GOLD,
        Stroke::new(m.px(6.0), theme::GOLD_DEEP),
    );
    painter.circle_stroke(
        centre,
        radius * 0.8,
        Stroke::new(m.px(3.0), theme::GOLD_DEEP),
    );
    widgets::paint_star(painter, centre, radius * 0.55, theme::RED, Stroke::NONE);
}
