//! The quiz for young visitors: choose a level, answer with big buttons, see at once
//! why an answer is right (kindly, never a buzzer), and end on a reward: stars, a
//! badge drawn by the app, and a review of the questions to look at again.

use std::sync::Arc;
use std::time::Duration;

use eframe::egui::accesskit::Live;
use eframe::egui::{self, Align2, Color32, Rect, Sense, Stroke, pos2, vec2};

use super::FrameContext;
use super::theme::{self, Metrics};
use super::widgets::{self, Icon, Look};
use crate::content::{Level, Question, QuestionKind};
use crate::media::images::Priority;
use crate::quiz::{Round, RoundQuestion};
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
    ui.painter().rect_filled(rect, 0.0, theme::palette().paper);
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
        theme::palette().ink,
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
        let fill = if pressed {
            theme::palette().line
        } else {
            theme::palette().card
        };
        painter.rect(
            card,
            m.px(24.0),
            fill,
            Stroke::new(
                m.px(4.0),
                if level == Level::Junior {
                    theme::palette().gold_deep
                } else {
                    theme::palette().red
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
            theme::palette().red,
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
            theme::palette().ink_soft,
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
    widgets::paint_star(painter, c, r * 0.7, theme::palette().red, Stroke::NONE);
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
            theme::palette().gold_deep,
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
        theme::palette().ink,
        Stroke::NONE,
    ));
    painter.rect_filled(
        Rect::from_center_size(c + vec2(0.0, -r * 0.1), vec2(r * 0.42, r * 0.14)),
        r * 0.04,
        theme::palette().gold_deep,
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
    painter.add(flame(1.0, theme::palette().red));
    painter.add(flame(0.6, Color32::from_rgb(0xE8, 0x8A, 0x2A)));
    painter.add(flame(0.3, theme::palette().gold));
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
    let progress_rect = painter.text(
        pos2(body.min.x + margin, y),
        Align2::LEFT_TOP,
        &progress,
        m.strong(26.0),
        theme::palette().red,
    );
    let dot_gap = m.px(30.0);
    for (i, q) in round.questions.iter().enumerate() {
        let centre = pos2(
            body.max.x - margin - (round.questions.len() - i) as f32 * dot_gap + dot_gap / 2.0,
            y + m.px(16.0),
        );
        let colour = if i < round.current || q.is_answered() {
            theme::palette().gold_deep
        } else if i == round.current {
            theme::palette().red
        } else {
            theme::palette().outline
        };
        painter.circle_filled(centre, m.px(9.0), colour);
    }
    widgets::accessible_text(
        ui,
        Rect::from_min_size(pos2(body.min.x + margin, y), vec2(m.px(400.0), m.px(36.0))),
        "quiz-progress",
        &progress,
    );
    level_tag(ui, frame, round.level, progress_rect);
    y += m.px(60.0);

    let speaker_width =
        read_aloud_button(ui, frame, &current, question, pos2(body.max.x - margin, y));
    let prompt = question.prompt.get(&language, &fallback).to_owned();
    let galley = ui.painter().layout(
        prompt.clone(),
        m.strong(42.0),
        theme::palette().ink,
        width - speaker_width,
    );
    let prompt_height = galley.size().y;
    ui.painter()
        .galley(pos2(body.min.x + margin, y), galley, theme::palette().ink);
    widgets::accessible_text(
        ui,
        Rect::from_min_size(
            pos2(body.min.x + margin, y),
            vec2(width - speaker_width, prompt_height),
        ),
        "quiz-question",
        &prompt,
    );
    // The speaker button may stand taller than a one-line prompt.
    let speaker_height = if speaker_width > 0.0 { m.target() } else { 0.0 };
    y += prompt_height.max(speaker_height) + m.px(28.0);

    let answered = current.is_answered();
    // Answered in landscape, a map or a spot-it photo keeps the left of the screen
    // and the card stands beside it, as tall as the screen allows: below it, both
    // would be too small to read.
    let beside = answered
        && !m.portrait
        && matches!(question.kind(), QuestionKind::Map | QuestionKind::Spot);
    let card_width = if beside { width * 0.46 } else { width };
    let feedback = answered.then(|| feedback_text(ui, frame, &current, question, card_width));
    let feedback_height = match (&feedback, question.kind()) {
        (None, _) => 0.0,
        // A picture or a map gives up all the room the card needs: it shrinks, and
        // its captions and labels stay in sight above the card.
        (Some(text), QuestionKind::Picture | QuestionKind::Map | QuestionKind::Spot) => text.needed,
        // In portrait the feedback's text column is narrow beside its buttons: more
        // lines. A longer explanation raises the card over the answers.
        (Some(_), _) => m.px(if m.portrait { 400.0 } else { 250.0 }) * m.text_scale,
    };
    let area = if beside {
        Rect::from_min_max(
            pos2(body.min.x + margin, y),
            pos2(
                body.max.x - margin - card_width - m.px(24.0),
                body.max.y - m.px(16.0),
            ),
        )
    } else {
        Rect::from_min_max(
            pos2(body.min.x + margin, y),
            pos2(
                body.max.x - margin,
                body.max.y - feedback_height - m.px(16.0),
            ),
        )
    };
    y = match question.kind() {
        QuestionKind::Choice => choice_buttons(ui, frame, &round, &current, question, area),
        QuestionKind::Order => order_cards(ui, frame, &round, &current, question, area),
        QuestionKind::Picture => {
            super::quiz_kinds::picture_choices(ui, frame, &round, &current, question, area)
        }
        QuestionKind::Map => {
            super::quiz_kinds::map_question(ui, frame, &round, &current, question, area)
        }
        QuestionKind::Spot => {
            super::quiz_kinds::spot_question(ui, frame, &round, &current, question, area)
        }
    };

    if let Some(text) = feedback {
        let card = if beside {
            Rect::from_min_max(
                pos2(body.max.x - margin - card_width, area.min.y),
                pos2(body.max.x - margin, body.max.y - m.px(16.0)),
            )
        } else {
            Rect::from_min_size(
                pos2(body.min.x + margin, y),
                vec2(width, feedback_height.min(body.max.y - y - m.px(16.0))),
            )
        };
        feedback_ui(
            ui,
            frame,
            &round,
            text,
            card,
            area.min.y,
            body.max.y - m.px(16.0),
        );
    } else if let Some(limit) = frame.hall.config.quiz.seconds_per_question {
        // The optional time limit: a calm bar, never a countdown in red.
        let limit = Duration::from_secs(limit.max(5));
        let spent = frame.now.saturating_sub(frame.visit.quiz.question_since);
        let left = 1.0 - (spent.as_secs_f32() / limit.as_secs_f32()).min(1.0);
        let bar = Rect::from_min_size(pos2(body.min.x + margin, y), vec2(width, m.px(12.0)));
        ui.painter()
            .rect_filled(bar, m.px(6.0), theme::palette().line);
        ui.painter().rect_filled(
            Rect::from_min_size(bar.min, vec2(bar.width() * left, bar.height())),
            m.px(6.0),
            theme::palette().gold_deep,
        );
        if spent >= limit {
            frame.act(Action::QuizTimeUp);
        } else {
            frame.repaint_in(Duration::from_millis(200));
        }
    }
}

/// A multiple choice's answer buttons from the top of `area`; returns where they end.
fn choice_buttons(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    round: &Round,
    current: &RoundQuestion,
    question: &Question,
    area: Rect,
) -> f32 {
    let m = frame.m;
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let answered = current.is_answered();
    let width = area.width();
    let y = area.min.y;
    let left = area.min.x;
    // Answer buttons: each at least a sixth of the screen high.
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
    let button_width = (width - gap * (columns as f32 - 1.0)) / columns as f32;
    for (position, &choice) in current.order.iter().enumerate() {
        let Some(text) = question.choices.get(choice) else {
            continue;
        };
        let text = text.get(&language, &fallback);
        let (row, column) = (position / columns, position % columns);
        let cell = Rect::from_min_size(
            pos2(
                left + column as f32 * (button_width + gap),
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
                theme::palette().right,
                Stroke::new(m.px(5.0), theme::palette().gold),
                theme::palette().cream,
            )
        } else if answered && picked_here {
            (theme::palette().calm, Stroke::NONE, theme::palette().cream)
        } else if response.is_pointer_button_down_on() && !answered {
            (
                theme::palette().line,
                Stroke::new(m.px(3.0), theme::palette().gold_deep),
                theme::palette().ink,
            )
        } else {
            (
                theme::palette().card,
                Stroke::new(m.px(2.0), theme::palette().outline),
                if answered {
                    theme::palette().ink_soft
                } else {
                    theme::palette().ink
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
                theme::palette().red
            },
        );
        painter.text(
            badge.center(),
            Align2::CENTER_CENTER,
            letter,
            m.strong(36.0),
            theme::palette().cream,
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
                Stroke::new(m.px(6.0), theme::palette().cream),
            );
        }
        if !answered && response.clicked() {
            frame.act(Action::QuizAnswer(position));
        }
    }
    y + rows as f32 * (button_height + gap)
}

/// Where a dragged card was last seen and where the finger holds it, between frames.
#[derive(Clone, Copy, Default)]
struct Drag {
    pointer: egui::Pos2,
    grip: egui::Vec2,
}

/// An order question's cards, earliest first (left to right, or top to bottom in
/// portrait): one finger drags a card to its place, or taps two cards to swap them.
/// Once checked they stand in the order they happened, each with its year, and those
/// the visitor had in their place carry a gold tick. Returns where the cards end.
fn order_cards(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    round: &Round,
    current: &RoundQuestion,
    question: &Question,
    area: Rect,
) -> f32 {
    let m = frame.m;
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let answered = current.is_answered();
    let mut y = area.min.y;
    let hint = if answered {
        frame.tr("从早到晚：", "From earliest to latest:")
    } else {
        frame.tr(
            "把卡片按发生的先后排好：拖动一张，或者先后点两张交换位置。",
            "Put the cards in the order they happened: drag one, or tap two to swap them.",
        )
    }
    .to_owned();
    let galley = widgets::paragraph(
        ui,
        &hint,
        m.regular(28.0),
        theme::palette().ink_soft,
        area.width(),
    );
    let hint_height = galley.size().y;
    ui.painter()
        .galley(pos2(area.min.x, y), galley, theme::palette().ink_soft);
    widgets::accessible_text(
        ui,
        Rect::from_min_size(pos2(area.min.x, y), vec2(area.width(), hint_height)),
        "quiz-order-hint",
        &hint,
    );
    y += hint_height + m.px(18.0);

    // The timeline's direction, so that "order" needs no explaining.
    let axis_y = y + m.px(18.0);
    let earlier = frame.tr("早", "Earlier").to_owned();
    let later = frame.tr("晚", "Later").to_owned();
    let axis_font = m.strong(26.0);
    let painter = ui.painter();
    let left = painter.text(
        pos2(area.min.x, axis_y),
        Align2::LEFT_CENTER,
        &earlier,
        axis_font.clone(),
        theme::palette().gold_deep,
    );
    let right = painter.text(
        pos2(area.max.x, axis_y),
        Align2::RIGHT_CENTER,
        &later,
        axis_font,
        theme::palette().gold_deep,
    );
    let (from, to) = (
        pos2(left.max.x + m.px(16.0), axis_y),
        pos2(right.min.x - m.px(16.0), axis_y),
    );
    let stroke = Stroke::new(m.px(3.0), theme::palette().gold_deep);
    painter.line_segment([from, to], stroke);
    painter.line_segment([to, to + vec2(-m.px(14.0), -m.px(9.0))], stroke);
    painter.line_segment([to, to + vec2(-m.px(14.0), m.px(9.0))], stroke);
    y += m.px(48.0);

    let count = current.order.len().max(1);
    let check_height = if answered {
        0.0
    } else {
        m.target() + m.px(24.0)
    };
    let gap = m.px(24.0);
    let room = Rect::from_min_max(
        pos2(area.min.x, y),
        pos2(area.max.x, (area.max.y - check_height).max(y + m.target())),
    );
    let pictures = question.events.iter().any(|e| e.photo.is_some());
    let slots: Vec<Rect> = (0..count)
        .map(|i| {
            let i = i as f32;
            if m.portrait {
                let h = ((room.height() - gap * (count as f32 - 1.0)) / count as f32)
                    .clamp(m.target(), m.px(260.0));
                Rect::from_min_size(
                    pos2(room.min.x, room.min.y + i * (h + gap)),
                    vec2(room.width(), h),
                )
            } else {
                let w = (room.width() - gap * (count as f32 - 1.0)) / count as f32;
                let tallest = if pictures { m.px(440.0) } else { m.px(260.0) };
                let h = room.height().clamp(m.target(), tallest);
                Rect::from_min_size(pos2(room.min.x + i * (w + gap), room.min.y), vec2(w, h))
            }
        })
        .collect();
    let shown = if answered {
        question.events_in_order()
    } else {
        current.order.clone()
    };
    // Which events (as written) the visitor had in their place.
    let had_in_place: Vec<usize> = current
        .placed
        .iter()
        .flatten()
        .zip(current.in_place(question))
        .filter(|(_, in_place)| *in_place)
        .map(|(&event, _)| event)
        .collect();

    let drag_id = ui.scope_id().with(("quiz-order-drag", round.current));
    let mut dragging: Option<(usize, Drag)> = None;
    for (position, &event_index) in shown.iter().enumerate() {
        let (Some(&slot), Some(event)) = (slots.get(position), question.events.get(event_index))
        else {
            continue;
        };
        let text = event.text.get(&language, &fallback);
        let label = if answered {
            let mark = if had_in_place.contains(&event_index) {
                frame.tr("，你放对了", ", you had this in place")
            } else {
                ""
            };
            format!("{} {text}{mark}", year_text(event.year, &language))
        } else if current.selected == Some(position) {
            if language == "zh" {
                format!("第 {} 张：{text}（已拿起，再点一张交换）", position + 1)
            } else {
                format!(
                    "Card {}: {text} (picked up; tap another to swap)",
                    position + 1
                )
            }
        } else if language == "zh" {
            format!("第 {} 张：{text}", position + 1)
        } else {
            format!("Card {}: {text}", position + 1)
        };
        let id = ui
            .scope_id()
            .with(("quiz-order-card", round.current, event_index));
        let sense = if answered {
            Sense::hover()
        } else {
            Sense::click_and_drag()
        };
        let response = ui.interact(slot, id, sense);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, !answered, &label));
        widgets::register_widget(
            ui,
            slot,
            Some(id),
            egui::Role::Button,
            &label,
            widgets::TargetKind::Tap,
        );
        if answered {
            continue;
        }
        if response.clicked() {
            frame.act(Action::QuizTapCard(position));
        }
        if response.drag_started() || response.dragged() {
            let grip = ui
                .input(|i| i.pointer.press_origin())
                .map_or(slot.size() / 2.0, |origin| origin - slot.min);
            let before: Option<Drag> = ui.ctx().data(|d| d.get_temp(drag_id));
            let drag = Drag {
                pointer: response.interact_pointer_pos().unwrap_or(slot.min + grip),
                grip: before.map_or(grip, |b| b.grip),
            };
            ui.ctx().data_mut(|d| d.insert_temp(drag_id, drag));
            dragging = Some((position, drag));
        }
        if response.drag_stopped() {
            let drag: Option<Drag> = ui.ctx().data_mut(|d| d.remove_temp(drag_id));
            if let Some(drag) = drag {
                let centre = drag.pointer - drag.grip + slot.size() / 2.0;
                let to = nearest_slot(&slots, centre);
                if to != position {
                    frame.act(Action::QuizMoveCard { from: position, to });
                }
            }
        }
    }
    let target = dragging.map(|(position, drag)| {
        let size = slots.get(position).map_or(vec2(1.0, 1.0), |s| s.size());
        nearest_slot(&slots, drag.pointer - drag.grip + size / 2.0)
    });
    for (position, &event_index) in shown.iter().enumerate() {
        let (Some(&slot), Some(event)) = (slots.get(position), question.events.get(event_index))
        else {
            continue;
        };
        if dragging.is_some_and(|(p, _)| p == position) {
            // Its place stays marked while it is carried.
            ui.painter().rect_stroke(
                slot,
                m.px(18.0),
                Stroke::new(m.px(3.0), theme::palette().line),
                egui::StrokeKind::Inside,
            );
            continue;
        }
        let look = if answered {
            if had_in_place.contains(&event_index) {
                CardLook::InPlace
            } else {
                CardLook::Shown
            }
        } else if current.selected == Some(position) || target == Some(position) {
            CardLook::Picked
        } else {
            CardLook::Waiting
        };
        paint_order_card(ui, frame, slot, event, position, answered, look, pictures);
    }
    if let Some((position, drag)) = dragging
        && let (Some(&slot), Some(event)) = (
            slots.get(position),
            shown.get(position).and_then(|&e| question.events.get(e)),
        )
    {
        let carried = Rect::from_min_size(drag.pointer - drag.grip, slot.size());
        // Over everything else, as the finger holds it.
        let layer = egui::LayerId::new(egui::Order::Tooltip, drag_id);
        let mut carried_ui = ui.new_child(egui::UiBuilder::new().layer_id(layer).max_rect(carried));
        paint_order_card(
            &mut carried_ui,
            frame,
            carried,
            event,
            position,
            false,
            CardLook::Carried,
            pictures,
        );
        frame.repaint_in(Duration::from_millis(16));
    }
    let cards_end = slots.last().map_or(room.min.y, |s| s.max.y);
    if answered {
        return cards_end + m.px(20.0);
    }
    let label = frame.tr("排好了，看看对不对", "Check my order").to_owned();
    let width = m.px(460.0).min(area.width());
    let check = Rect::from_min_size(
        pos2(area.center().x - width / 2.0, cards_end + m.px(24.0)),
        vec2(width, m.target()),
    );
    if widgets::button_at(ui, &m, check, Some(Icon::Next), &label, Look::Primary).clicked() {
        frame.act(Action::QuizCheckOrder);
    }
    check.max.y + m.px(20.0)
}

/// The slot whose centre is nearest `point`.
fn nearest_slot(slots: &[Rect], point: egui::Pos2) -> usize {
    slots
        .iter()
        .enumerate()
        .min_by(|(_, a), (_, b)| {
            a.center()
                .distance_sq(point)
                .total_cmp(&b.center().distance_sq(point))
        })
        .map_or(0, |(i, _)| i)
}

/// How an order card looks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CardLook {
    /// Waiting to be moved.
    Waiting,
    /// Tapped once (waiting for its swap), or the place a carried card would land.
    Picked,
    /// Under the finger.
    Carried,
    /// In the right order after the check.
    Shown,
    /// In the right order, and the visitor had it there.
    InPlace,
}

#[allow(clippy::too_many_arguments)]
fn paint_order_card(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    rect: Rect,
    event: &crate::content::TimelineEvent,
    position: usize,
    answered: bool,
    look: CardLook,
    // Whether any card of the question has a picture: texts then line up below them.
    pictures: bool,
) {
    let m = frame.m;
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let (fill, stroke) = match look {
        CardLook::Waiting => (
            theme::palette().card,
            Stroke::new(m.px(2.0), theme::palette().outline),
        ),
        CardLook::Picked => (
            theme::palette().line,
            Stroke::new(m.px(5.0), theme::palette().gold_deep),
        ),
        CardLook::Carried => (
            theme::palette().card,
            Stroke::new(m.px(5.0), theme::palette().red),
        ),
        CardLook::Shown => (
            theme::palette().card,
            Stroke::new(m.px(3.0), theme::palette().calm),
        ),
        CardLook::InPlace => (
            theme::palette().card,
            Stroke::new(m.px(5.0), theme::palette().right),
        ),
    };
    let painter = ui.painter().clone();
    if look == CardLook::Carried {
        painter.rect_filled(
            rect.translate(vec2(m.px(6.0), m.px(8.0))),
            m.px(18.0),
            Color32::from_black_alpha(50),
        );
    }
    painter.rect(rect, m.px(18.0), fill, stroke, egui::StrokeKind::Inside);
    let inner = rect.shrink(m.px(16.0));
    // The badge: the card's place now, or its year once checked.
    let badge_text = if answered {
        year_text(event.year, &language)
    } else {
        (position + 1).to_string()
    };
    let badge_font = m.strong(if answered { 30.0 } else { 34.0 });
    let badge_galley = painter.layout_no_wrap(badge_text, badge_font, theme::palette().cream);
    let badge_size = vec2(
        (badge_galley.size().x + m.px(28.0)).max(m.px(60.0)),
        m.px(60.0),
    );
    let badge = Rect::from_min_size(inner.min, badge_size);
    let badge_fill = match look {
        CardLook::InPlace => theme::palette().right,
        CardLook::Shown => theme::palette().calm,
        _ => theme::palette().red,
    };
    painter.rect_filled(badge, m.px(30.0), badge_fill);
    painter.galley(
        badge.center() - badge_galley.size() / 2.0,
        badge_galley,
        theme::palette().cream,
    );
    if look == CardLook::InPlace {
        let c = pos2(inner.max.x - m.px(26.0), badge.center().y);
        let s = m.px(16.0);
        painter.circle_filled(c, m.px(24.0), theme::palette().gold);
        painter.line(
            vec![
                c + vec2(-s * 0.7, 0.0),
                c + vec2(-s * 0.2, s * 0.5),
                c + vec2(s * 0.7, -s * 0.5),
            ],
            Stroke::new(m.px(5.0), theme::palette().right),
        );
    }
    // Text beside the badge in portrait, under it in landscape; a picture fills the rest.
    let text = event.text.get(&language, &fallback).to_owned();
    let (text_rect, picture_rect) = if m.portrait {
        let picture_width = if event.photo.is_some() {
            (inner.height() * 1.4).min(inner.width() * 0.35)
        } else {
            0.0
        };
        (
            Rect::from_min_max(
                pos2(badge.max.x + m.px(20.0), inner.min.y),
                pos2(inner.max.x - picture_width - m.px(16.0), inner.max.y),
            ),
            Rect::from_min_max(pos2(inner.max.x - picture_width, inner.min.y), inner.max),
        )
    } else {
        let top = badge.max.y + m.px(14.0);
        let picture_height = if pictures {
            (inner.height() - m.px(150.0)).clamp(0.0, inner.width() * 0.62)
        } else {
            0.0
        };
        (
            Rect::from_min_max(
                pos2(inner.min.x, top + picture_height + m.px(10.0)),
                inner.max,
            ),
            Rect::from_min_size(pos2(inner.min.x, top), vec2(inner.width(), picture_height)),
        )
    };
    if let Some(photo) = &event.photo
        && picture_rect.width() > m.px(40.0)
        && picture_rect.height() > m.px(40.0)
    {
        let side = frame.pixels(picture_rect.width().max(picture_rect.height()));
        let state = frame.photo(photo, side, Priority::Now);
        widgets::photo(
            ui,
            picture_rect,
            &state,
            widgets::Fit::Cover,
            Color32::WHITE,
        );
    }
    let galley = widgets::paragraph(
        ui,
        &text,
        m.strong(32.0),
        theme::palette().ink,
        text_rect.width().max(1.0),
    );
    let text_pos = if m.portrait {
        pos2(
            text_rect.min.x,
            text_rect.center().y - galley.size().y / 2.0,
        )
    } else {
        text_rect.min
    };
    ui.painter()
        .with_clip_rect(rect)
        .galley(text_pos, galley, theme::palette().ink);
}

/// The feedback card's texts, laid out for a card `width` wide before the answers are
/// drawn, so that the answers can leave room for all of it.
struct FeedbackText {
    headline: String,
    headline_galley: Arc<egui::Galley>,
    explanation: String,
    galley: Arc<egui::Galley>,
    accent: Color32,
    text_width: f32,
    buttons_width: f32,
    /// The buttons under the texts rather than beside them.
    stacked: bool,
    /// The card's height that holds the texts and the buttons beside them.
    needed: f32,
}

/// Praise or the right answer and the explanation, laid out.
fn feedback_text(
    ui: &egui::Ui,
    frame: &FrameContext<'_>,
    current: &RoundQuestion,
    question: &Question,
    width: f32,
) -> FeedbackText {
    let m = frame.m;
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
    } else if question.kind() == QuestionKind::Order {
        let placed = current.in_place(question).iter().filter(|&&p| p).count();
        match (language == "zh", current.timed_out) {
            (true, true) => "时间到了。看看它们发生的先后。".to_owned(),
            (false, true) => "Time's up. Here is the order they happened in.".to_owned(),
            (true, false) => format!("差一点！你放对了 {placed} 张。这是它们发生的先后。"),
            (false, false) => {
                format!("Nearly! {placed} in place. Here is the right order.")
            }
        }
    } else if let Some(headline) = super::quiz_kinds::missed_headline(
        current, question, frame.hall, &language, &fallback, letter,
    ) {
        headline
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
    let headline = warm_headline(headline, right, current.timed_out, &language);
    let accent = if right {
        theme::palette().right
    } else {
        theme::palette().calm
    };
    // The texts are laid out first: the card grows (down to `bottom`) to hold them.
    let inner_width = width - 2.0 * m.px(36.0);
    // A narrow card (beside a map) keeps its texts whole-width, the buttons under them.
    let stacked = width < m.px(1100.0);
    let (buttons_width, text_width) = if stacked {
        (inner_width, inner_width)
    } else {
        let buttons = m.px(560.0).min(inner_width * 0.45);
        (buttons, inner_width - buttons - m.px(24.0))
    };
    let headline_galley = widgets::paragraph(ui, &headline, m.strong(36.0), accent, text_width);
    let headline_height = headline_galley.size().y;
    let explanation = question.explanation.get(&language, &fallback).to_owned();
    let galley = widgets::paragraph(
        ui,
        &explanation,
        m.regular(28.0),
        theme::palette().ink,
        text_width,
    );
    let texts = headline_height + m.px(14.0) + galley.size().y;
    let buttons = 2.0 * m.target() + m.px(16.0);
    let needed = if stacked {
        texts + m.px(24.0) + buttons
    } else {
        texts.max(buttons)
    } + 2.0 * m.px(20.0);
    FeedbackText {
        headline,
        headline_galley,
        explanation,
        galley,
        accent,
        text_width,
        buttons_width,
        stacked,
        needed,
    }
}

/// The feedback card: praise or the right answer, the explanation, "learn more" and
/// "next".
fn feedback_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    round: &Round,
    text: FeedbackText,
    card: Rect,
    ceiling: f32,
    bottom: f32,
) {
    let m = frame.m;
    let FeedbackText {
        headline,
        headline_galley,
        explanation,
        galley,
        accent,
        text_width,
        buttons_width,
        stacked,
        needed,
    } = text;
    let headline_height = headline_galley.size().y;
    let height = galley.size().y;
    // A long explanation that would run off the screen raises the card over the
    // answers (answered, they take no more taps), never above where they begin.
    let top = card.min.y.min((bottom - needed).max(ceiling));
    let card = Rect::from_min_size(
        pos2(card.min.x, top),
        vec2(card.width(), card.height().max(needed.min(bottom - top))),
    );
    widgets::cover(ui, card);
    let painter = ui.painter();
    painter.rect(
        card,
        m.px(18.0),
        theme::palette().card,
        Stroke::new(m.px(3.0), accent),
        egui::StrokeKind::Inside,
    );
    painter.rect_filled(
        Rect::from_min_size(card.min, vec2(m.px(12.0), card.height())),
        m.px(6.0),
        accent,
    );
    let inner = card.shrink2(vec2(m.px(36.0), m.px(20.0)));
    ui.painter().galley(inner.min, headline_galley, accent);
    // Said at once: praise, or the right answer, calmly (no word of blame).
    widgets::announce(
        ui,
        Rect::from_min_size(inner.min, vec2(text_width, headline_height)),
        "quiz-feedback",
        &headline,
        Live::Assertive,
    );
    let explanation_pos = pos2(inner.min.x, inner.min.y + headline_height + m.px(14.0));
    ui.painter()
        .galley(explanation_pos, galley, theme::palette().ink);
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
    let buttons_top = if stacked {
        inner.max.y - 2.0 * row - m.px(16.0)
    } else {
        inner.min.y
    };
    let next_rect = Rect::from_min_size(
        pos2(inner.max.x - buttons_width, buttons_top),
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
        theme::palette().red,
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
                theme::palette().gold,
                Stroke::new(m.px(2.0), theme::palette().gold_deep),
            );
        } else {
            widgets::paint_star(
                ui.painter(),
                centre,
                m.px(40.0),
                theme::palette().card,
                Stroke::new(m.px(3.0), theme::palette().outline),
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
        theme::palette().ink,
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
    // A visitor's round has Home in the top bar already: Play again alone, centred.
    let again_x = if round.group {
        reward.center().x - button_width - m.px(12.0)
    } else {
        reward.center().x - button_width / 2.0
    };
    let again_rect = Rect::from_min_size(pos2(again_x, buttons_y), vec2(button_width, row));
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
    if round.group
        && widgets::button_at(ui, &m, home_rect, Some(Icon::Home), &home, Look::Secondary).clicked()
    {
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
        theme::palette().ink,
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
            let galley = widgets::paragraph(ui, note, m.body(), theme::palette().ink_soft, width);
            let (rect, _) = ui.allocate_exact_size(galley.size(), Sense::hover());
            ui.painter()
                .galley(rect.min, galley, theme::palette().ink_soft);
        }
        for q in &missed {
            let Some(question) = q.question(frame.hall) else {
                continue;
            };
            let prompt = question.prompt.get(&language, &fallback);
            let answer = review_answer(question, frame.hall, &language, &fallback);
            let explanation = question.explanation.get(&language, &fallback);
            let answer_line = if language == "zh" {
                format!("答案：{answer}")
            } else {
                format!("Answer: {answer}")
            };
            let galleys = [
                widgets::paragraph(
                    ui,
                    prompt,
                    m.strong(28.0),
                    theme::palette().ink,
                    width - m.px(32.0),
                ),
                widgets::paragraph(
                    ui,
                    &answer_line,
                    m.strong(28.0),
                    theme::palette().right,
                    width - m.px(32.0),
                ),
                widgets::paragraph(
                    ui,
                    explanation,
                    m.regular(26.0),
                    theme::palette().ink_soft,
                    width - m.px(32.0),
                ),
            ];
            let height: f32 = galleys.iter().map(|g| g.size().y).sum::<f32>() + m.px(56.0);
            let (rect, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
            ui.painter().rect(
                rect,
                m.px(14.0),
                theme::palette().card,
                Stroke::new(2.0, theme::palette().line),
                egui::StrokeKind::Inside,
            );
            let mut y = rect.min.y + m.px(18.0);
            for galley in galleys {
                let h = galley.size().y;
                ui.painter().galley(
                    pos2(rect.min.x + m.px(16.0), y),
                    galley,
                    theme::palette().ink,
                );
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

/// The right answer in a line of the review: the choice, or the events with their years.
fn review_answer(
    question: &Question,
    hall: &crate::content::Hall,
    language: &str,
    fallback: &str,
) -> String {
    match question.kind() {
        QuestionKind::Choice => question
            .answer
            .and_then(|a| question.choices.get(a))
            .map_or("", |c| c.get(language, fallback))
            .to_owned(),
        QuestionKind::Order => question
            .events_in_order()
            .iter()
            .filter_map(|&i| question.events.get(i))
            .map(|e| year_text(e.year, language) + " " + e.text.get(language, fallback))
            .collect::<Vec<_>>()
            .join(" → "),
        QuestionKind::Picture => question
            .answer
            .and_then(|a| question.pictures.get(a))
            .map_or("", |p| p.caption.get(language, fallback))
            .to_owned(),
        QuestionKind::Map | QuestionKind::Spot => {
            super::quiz_kinds::review_place(question, hall, language, fallback)
        }
    }
}

/// Every kind's feedback begins with a warm line: the praise of a right answer is one;
/// otherwise "差一点！" / "Nearly!" (or, when time ran out, "没关系！" / "Never mind!")
/// before the right answer, unless the headline begins with it already. Never blame.
fn warm_headline(headline: String, right: bool, timed_out: bool, language: &str) -> String {
    if right {
        return headline;
    }
    let warm = match (language == "zh", timed_out) {
        (true, false) => "差一点！",
        (true, true) => "没关系！",
        (false, false) => "Nearly!",
        (false, true) => "Never mind!",
    };
    if headline.starts_with(warm) {
        headline
    } else if language == "zh" {
        format!("{warm}{headline}")
    } else {
        format!("{warm} {headline}")
    }
}

/// The level the visitor chose, as a small tag after the progress line (`progress`
/// is where that line was drawn).
fn level_tag(ui: &mut egui::Ui, frame: &FrameContext<'_>, level: Level, progress: Rect) {
    let m = frame.m;
    let name = match level {
        Level::Junior => frame.tr("小学", "Junior"),
        Level::Senior => frame.tr("中学", "Senior"),
        Level::All => return,
    };
    let galley =
        ui.painter()
            .layout_no_wrap(name.to_owned(), m.strong(22.0), theme::palette().cream);
    let pad = vec2(m.px(16.0), m.px(4.0));
    let tag = Rect::from_min_size(
        pos2(
            progress.max.x + m.px(20.0),
            progress.center().y - galley.size().y / 2.0 - pad.y,
        ),
        galley.size() + 2.0 * pad,
    );
    ui.painter()
        .rect_filled(tag, tag.height() / 2.0, theme::palette().gold_deep);
    ui.painter()
        .galley(tag.min + pad, galley, theme::palette().cream);
    widgets::accessible_text(ui, tag, "quiz-level", name);
}

/// The speaker button at the right of the question (`top_right`): one tap reads the
/// question and its choices aloud, another stops it. Not shown once answered, nor when
/// the question has neither its clips nor a speech engine to say it. Returns the width
/// it takes from the prompt's line.
fn read_aloud_button(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    current: &RoundQuestion,
    question: &Question,
    top_right: egui::Pos2,
) -> f32 {
    let m = frame.m;
    if current.is_answered()
        || crate::content::read_aloud::reading(
            frame.hall,
            question,
            &current.order,
            frame.language(),
            frame.state.speech_ready,
        )
        .is_none()
    {
        return 0.0;
    }
    let (icon, label, look) = if frame.state.reading_aloud {
        (
            Icon::Pause,
            frame.tr("停止朗读", "Stop reading"),
            Look::Primary,
        )
    } else {
        (
            Icon::Speaker,
            frame.tr("听题目", "Read aloud"),
            Look::Secondary,
        )
    };
    let label = label.to_owned();
    let width = widgets::button_width(ui, &m, Some(icon), &label);
    let rect = Rect::from_min_size(
        pos2(top_right.x - width, top_right.y),
        vec2(width, m.target()),
    );
    if widgets::button_at(ui, &m, rect, Some(icon), &label, look).clicked() {
        frame.act(Action::QuizReadAloud);
    }
    width + m.px(24.0)
}

/// A year as a card shows it: `1919年` or `1919`.
fn year_text(year: i32, language: &str) -> String {
    if language == "zh" {
        format!("{year}年")
    } else {
        year.to_string()
    }
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
            theme::palette().red,
            Stroke::NONE,
        ));
        painter.add(egui::Shape::convex_polygon(
            vec![points[1], points[2], points[3]],
            theme::palette().red,
            Stroke::NONE,
        ));
        painter.add(egui::Shape::convex_polygon(
            vec![points[0], points[3], points[4]],
            theme::palette().red_dark,
            Stroke::NONE,
        ));
    }
    painter.circle(
        centre,
        radius,
        theme::palette().gold,
        Stroke::new(m.px(6.0), theme::palette().gold_deep),
    );
    painter.circle_stroke(
        centre,
        radius * 0.8,
        Stroke::new(m.px(3.0), theme::palette().gold_deep),
    );
    widgets::paint_star(
        painter,
        centre,
        radius * 0.55,
        theme::palette().red,
        Stroke::NONE,
    );
}
