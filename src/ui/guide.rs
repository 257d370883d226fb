//! Guided mode for student guides: picking a tour, and the guide's view — notes in
//! large type, time against the plan, the next stop, and the controls — shown on a
//! second display, or behind a small handle on the only one.

use eframe::egui::{self, Align2, Color32, Rect, Sense, Stroke, pos2, vec2};

use super::FrameContext;
use super::theme::{self, Metrics};
use super::widgets::{self, Icon, Look};
use crate::visit::{Action, Screen};

/// The tour picker: title, stops and planned minutes of each tour.
pub fn tours_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>) {
    let rect = ui.max_rect();
    let m = frame.m;
    ui.painter().rect_filled(rect, 0.0, theme::palette().paper);
    let title = frame.tr("选择导览路线", "Choose a tour").to_owned();
    let bar = super::top_bar::top_bar_ui(ui, frame, rect, &title);
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let area = Rect::from_min_max(
        pos2(rect.min.x + m.margin(), bar.max.y + m.px(32.0)),
        rect.max - vec2(m.margin(), m.margin()),
    );
    widgets::scroll_column(ui, area, "tours", |ui| {
        if frame.hall.tours.is_empty() {
            let note = frame.tr(
                "本展厅还没有导览路线：请在 exhibits/tours/ 中添加。",
                "This hall has no tours yet: add them in exhibits/tours/.",
            );
            ui.label(
                egui::RichText::new(note)
                    .font(m.body())
                    .color(theme::palette().ink_soft),
            );
        }
        for tour in &frame.hall.tours {
            let name = tour.title.get(&language, &fallback).to_owned();
            let stops = tour.stops.len();
            let minutes = tour.planned_minutes();
            let meta = if language == "zh" {
                format!("{stops} 站 · 约 {minutes} 分钟")
            } else {
                format!("{stops} stops · about {minutes} minutes")
            };
            let description = tour
                .description
                .as_ref()
                .map(|d| d.get(&language, &fallback).to_owned());
            let width = area.width();
            let name_galley = ui.painter().layout(
                name.clone(),
                m.strong(36.0),
                theme::palette().ink,
                width - m.px(380.0),
            );
            let description_galley = description.as_ref().map(|d| {
                widgets::paragraph(
                    ui,
                    d,
                    m.regular(26.0),
                    theme::palette().ink_soft,
                    width - m.px(380.0),
                )
            });
            let height = name_galley.size().y
                + description_galley.as_ref().map_or(0.0, |g| g.size().y)
                + m.px(90.0);
            let (card, response) =
                ui.allocate_exact_size(vec2(width, height.max(m.target() * 1.6)), Sense::click());
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            widgets::register_widget(
                ui,
                card,
                Some(response.id),
                egui::Role::Button,
                &name,
                widgets::TargetKind::Tap,
            );
            let fill = if response.is_pointer_button_down_on() {
                theme::palette().line
            } else {
                theme::palette().card
            };
            ui.painter().rect(
                card,
                m.px(16.0),
                fill,
                Stroke::new(2.0, theme::palette().line),
                egui::StrokeKind::Inside,
            );
            let mut y = card.min.y + m.px(24.0);
            let h = name_galley.size().y;
            ui.painter().galley(
                pos2(card.min.x + m.px(28.0), y),
                name_galley,
                theme::palette().ink,
            );
            y += h + m.px(8.0);
            ui.painter().text(
                pos2(card.min.x + m.px(28.0), y),
                Align2::LEFT_TOP,
                &meta,
                m.strong(26.0),
                theme::palette().red,
            );
            y += m.px(40.0);
            if let Some(galley) = description_galley {
                ui.painter().galley(
                    pos2(card.min.x + m.px(28.0), y),
                    galley,
                    theme::palette().ink_soft,
                );
            }
            let start = frame.tr("开始导览", "Start").to_owned();
            let button = Rect::from_min_size(
                pos2(card.max.x - m.px(320.0), card.center().y - m.target() / 2.0),
                vec2(m.px(290.0), m.target()),
            );
            widgets::paint_static_button(ui, &m, button, Some(Icon::Next), &start, Look::Primary);
            if response.clicked() {
                frame.act(Action::StartTour(tour.id.clone()));
            }
            ui.add_space(m.px(20.0));
        }
    });
}

/// The handle's size: a tab at the screen's right edge.
fn handle_size(m: &Metrics) -> egui::Vec2 {
    vec2(m.px(60.0), m.px(160.0))
}

/// On one display during a tour, the part of `screen` the visitors' screen keeps: all
/// but a strip for the handle, or, in landscape with the panel open, the width left of
/// it. In portrait the open panel is drawn over the screen (there is no width to share).
/// `None` when no tour is under way or the guide has a display of their own.
pub fn room_beside_the_guide(screen: Rect, frame: &FrameContext<'_>) -> Option<Rect> {
    if frame.visit.tour.is_none() || frame.state.guide_window {
        return None;
    }
    let m = frame.m;
    let mut right = screen.max.x - handle_size(&m).x;
    if frame.state.guide_open && !m.portrait {
        right -= panel_width(&m, screen);
    }
    Some(Rect::from_min_max(screen.min, pos2(right, screen.max.y)))
}

/// The small tab on the visitors' screen that opens the guide's controls (one display).
pub fn handle_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>) {
    let m = frame.m;
    let rect = ui.max_rect();
    let size = handle_size(&m);
    // The strip the visitors' screen leaves for the handle, in the guide's colour.
    ui.painter().rect_filled(
        Rect::from_min_max(pos2(rect.max.x - size.x, rect.min.y), rect.max),
        0.0,
        theme::palette().night,
    );
    let open = frame.state.guide_open;
    let x = if open {
        rect.max.x - panel_width(&m, rect) - size.x
    } else {
        rect.max.x - size.x
    };
    let tab = Rect::from_min_size(pos2(x, rect.center().y - size.y / 2.0), size);
    let label = if open {
        frame.tr("收起导游面板", "Hide guide panel")
    } else {
        frame.tr("导游面板", "Guide panel")
    }
    .to_owned();
    widgets::cover(ui, tab);
    let response = widgets::touch(ui, tab, "guide-handle", egui::Role::Button, &label);
    ui.painter().rect_filled(
        tab,
        egui::CornerRadius {
            nw: 14,
            sw: 14,
            ne: 0,
            se: 0,
        },
        Color32::from_rgba_unmultiplied(0x8B, 0x1A, 0x1A, 230),
    );
    widgets::paint_icon(
        ui.painter(),
        if open { Icon::Next } else { Icon::Previous },
        Rect::from_center_size(tab.center(), vec2(m.px(24.0), m.px(24.0))),
        theme::palette().cream,
    );
    if response.clicked() {
        frame.act(Action::ToggleGuidePanel);
    }
    if open {
        let panel = Rect::from_min_max(
            pos2(rect.max.x - panel_width(&m, rect), rect.min.y),
            rect.max,
        );
        let _ = ui.interact(
            panel,
            ui.scope_id().with("guide-panel-block"),
            Sense::click_and_drag(),
        );
        widgets::cover(ui, panel);
        guide_view_ui(ui, frame, panel, true);
    }
}

fn panel_width(m: &Metrics, screen: Rect) -> f32 {
    (screen.width() * if m.portrait { 0.9 } else { 0.46 }).min(m.px(900.0))
}

/// How long the second tap on 结束导览 is waited for.
const END_TOUR_CONFIRM: std::time::Duration = std::time::Duration::from_secs(5);

/// A guide control: icon, Chinese and English label, and its action when available.
type Control<'a> = (Icon, &'a str, &'a str, Option<Action>);

/// The guide's view: notes, timing, next stop and controls, in `area`.
pub fn guide_view_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, area: Rect, compact: bool) {
    let m = frame.m;
    let Some(tour) = frame.visit.tour.clone() else {
        return;
    };
    let Some(stop) = tour.stop().cloned() else {
        return;
    };
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let painter = ui.painter();
    painter.rect_filled(area, 0.0, theme::palette().night);
    let pad = m.px(28.0);
    let inner = area.shrink(pad);
    let exhibit = frame.hall.exhibit(&stop.exhibit);
    let stop_title = exhibit.map_or(stop.exhibit.clone(), |e| {
        e.title.get(&language, &fallback).to_owned()
    });
    let index = tour.current + 1;
    let heading = if language == "zh" {
        format!("第 {index} 站 / 共 {} 站 · {stop_title}", tour.stops.len())
    } else {
        format!("Stop {index} of {} · {stop_title}", tour.stops.len())
    };
    painter.text(
        inner.min,
        Align2::LEFT_TOP,
        tour.title.get(&language, &fallback),
        m.regular(24.0),
        theme::palette().gold,
    );
    let heading_galley = painter.layout(
        heading.clone(),
        m.strong(36.0),
        theme::palette().cream,
        inner.width(),
    );
    let heading_height = heading_galley.size().y;
    painter.galley(
        inner.min + vec2(0.0, m.px(36.0)),
        heading_galley,
        theme::palette().cream,
    );
    widgets::accessible_text(
        ui,
        Rect::from_min_size(
            inner.min + vec2(0.0, m.px(36.0)),
            vec2(inner.width(), heading_height),
        ),
        "guide-heading",
        &heading,
    );
    let mut y = inner.min.y + m.px(36.0) + heading_height + m.px(12.0);

    // Time against the plan: amber when over.
    let timing = tour.timing(frame.now);
    let clock = |d: std::time::Duration| widgets::clock(d);
    let stop_line = format!(
        "{} {} / {}",
        frame.tr("本站", "This stop"),
        clock(timing.stop_elapsed),
        clock(timing.stop_planned)
    );
    let tour_line = format!(
        "{} {} / {}",
        frame.tr("全程", "Whole tour"),
        clock(timing.tour_elapsed),
        clock(timing.tour_planned)
    );
    let amber = |over: bool| {
        if over {
            theme::palette().amber
        } else {
            theme::palette().cream
        }
    };
    let half = inner.width() / 2.0;
    for (i, (text, over)) in [
        (stop_line, timing.stop_over()),
        (tour_line, timing.tour_over()),
    ]
    .into_iter()
    .enumerate()
    {
        let cell = Rect::from_min_size(
            pos2(inner.min.x + i as f32 * half, y),
            vec2(half - m.px(12.0), m.px(64.0)),
        );
        ui.painter().rect_filled(
            cell,
            m.px(10.0),
            if over {
                Color32::from_rgb(0x3A, 0x26, 0x0C)
            } else {
                Color32::from_rgb(0x2A, 0x24, 0x21)
            },
        );
        ui.painter().text(
            cell.left_center() + vec2(m.px(16.0), 0.0),
            Align2::LEFT_CENTER,
            &text,
            m.strong(30.0),
            amber(over),
        );
        widgets::accessible_text(ui, cell, ("timing", i), &text);
    }
    frame.repaint_in(std::time::Duration::from_millis(500));
    y += m.px(80.0);

    // Controls at the bottom.
    let row = m.target();
    let gap = m.px(12.0);
    let controls_height = row * 3.0 + gap * 2.0;
    let controls = Rect::from_min_max(pos2(inner.min.x, inner.max.y - controls_height), inner.max);
    let next_preview = tour.next_stop(frame.hall).map(|next| {
        let title = frame
            .hall
            .exhibit(&next.exhibit)
            .map_or(next.exhibit.clone(), |e| {
                e.title.get(&language, &fallback).to_owned()
            });
        if language == "zh" {
            format!("下一站：{title}（{} 分钟）", next.minutes)
        } else {
            format!("Next: {title} ({} min)", next.minutes)
        }
    });
    let preview_height = m.px(48.0);
    let notes_area = Rect::from_min_max(
        pos2(inner.min.x, y),
        pos2(inner.max.x, controls.min.y - preview_height - gap),
    );

    // Notes: the exhibit's guide notes and the stop's own, in large type.
    let mut notes = Vec::new();
    if !tour.skipped.is_empty() {
        let skipped = tour.skipped.join(", ");
        notes.push((
            if language == "zh" {
                format!("已跳过（展品已不在）：{skipped}")
            } else {
                format!("Skipped (exhibit no longer here): {skipped}")
            },
            theme::palette().amber,
        ));
    }
    if let Some(text) = &stop.notes {
        notes.push((
            text.get(&language, &fallback).to_owned(),
            theme::palette().gold,
        ));
    }
    if let Some(text) = exhibit.and_then(|e| e.guide_notes.as_ref()) {
        notes.push((
            text.get(&language, &fallback).to_owned(),
            theme::palette().cream,
        ));
    }
    // At least 36 px at 1080p: read at arm's length while talking.
    let notes_font = m.regular(if compact { 36.0 } else { 40.0 });
    widgets::scroll_column(ui, notes_area, "guide-notes", |ui| {
        for (i, (text, colour)) in notes.iter().enumerate() {
            let galley = widgets::paragraph(
                ui,
                text,
                notes_font.clone(),
                *colour,
                notes_area.width() - m.px(16.0),
            );
            let (rect, _) = ui.allocate_exact_size(galley.size(), Sense::hover());
            ui.painter().galley(rect.min, galley, *colour);
            widgets::accessible_text(ui, rect, ("note", i), text);
            ui.add_space(m.px(18.0));
        }
    });
    if let Some(preview) = &next_preview {
        let rect = Rect::from_min_size(
            pos2(inner.min.x, controls.min.y - preview_height - gap / 2.0),
            vec2(inner.width(), preview_height),
        );
        widgets::fitted_label(
            ui,
            rect,
            preview,
            m.strong(26.0),
            theme::palette().gold,
            Align2::LEFT_CENTER,
        );
        widgets::accessible_text(ui, rect, "next-stop", preview);
    }

    // Three rows of controls.
    let on_photo = matches!(frame.visit.screen, Screen::Photo { .. });
    let panel = match &frame.visit.screen {
        Screen::Exhibit { panel, .. } | Screen::Photo { panel, .. } => Some(*panel),
        _ => None,
    };
    let panels = exhibit.map_or(0, |e| e.panels.len());
    let has_photo = panel
        .and_then(|p| exhibit.and_then(|e| e.panels.get(p)))
        .is_some_and(|p| !p.photos.is_empty());
    let playing = frame.narration.as_ref().is_some_and(|n| n.playing);
    let has_quiz = exhibit.is_some_and(|e| !e.quiz.is_empty());
    let first = tour.is_first(frame.hall);
    let last = tour.is_last(frame.hall);
    // A tour ended by a slip of the finger cannot be resumed: the first tap asks again.
    let confirming = frame
        .state
        .end_tour_asked_at
        .is_some_and(|asked| frame.now < asked + END_TOUR_CONFIRM);
    let rows: [Vec<Control<'_>>; 3] = [
        vec![
            (
                Icon::Previous,
                "上一站",
                "Previous stop",
                (!first).then_some(Action::GuidePreviousStop),
            ),
            (
                Icon::Next,
                "下一站",
                "Next stop",
                (!last).then_some(Action::GuideNextStop),
            ),
        ],
        vec![
            (
                Icon::Previous,
                "上一展板",
                "Previous panel",
                panel.filter(|p| *p > 0).map(|p| Action::ShowPanel(p - 1)),
            ),
            (
                if playing { Icon::Pause } else { Icon::Play },
                if playing {
                    "暂停播放"
                } else {
                    "播放讲解"
                },
                if playing {
                    "Pause narration"
                } else {
                    "Play narration"
                },
                Some(if playing {
                    Action::PauseNarration
                } else {
                    Action::PlayNarration
                }),
            ),
            (
                Icon::Next,
                "下一展板",
                "Next panel",
                panel
                    .filter(|p| p + 1 < panels)
                    .map(|p| Action::ShowPanel(p + 1)),
            ),
        ],
        vec![
            (
                if on_photo { Icon::Close } else { Icon::Enlarge },
                if on_photo {
                    "关闭照片"
                } else {
                    "放大照片"
                },
                if on_photo {
                    "Close photo"
                } else {
                    "Show photo"
                },
                if on_photo {
                    Some(Action::ClosePhoto)
                } else {
                    has_photo.then_some(Action::OpenPhoto(0))
                },
            ),
            (
                Icon::Quiz,
                "集体问答",
                "Group quiz",
                has_quiz.then_some(Action::GuideGroupQuiz),
            ),
            if confirming {
                (
                    Icon::Close,
                    "再点一次结束",
                    "Tap again to end",
                    Some(Action::EndTour),
                )
            } else {
                (Icon::Close, "结束导览", "End tour", Some(Action::EndTour))
            },
        ],
    ];
    for (r, buttons) in rows.iter().enumerate() {
        let count = buttons.len() as f32;
        // 结束导览 stands apart from the buttons a guide taps all the time.
        let apart = if r == 2 { gap * 3.0 } else { 0.0 };
        let width = (controls.width() - gap * (count - 1.0) - apart) / count;
        for (i, (icon, zh, en, action)) in buttons.iter().enumerate() {
            let last = i + 1 == buttons.len();
            let rect = Rect::from_min_size(
                pos2(
                    controls.min.x + i as f32 * (width + gap) + if last { apart } else { 0.0 },
                    controls.min.y + r as f32 * (row + gap),
                ),
                vec2(width, row),
            );
            let label = widgets::tr(&language, zh, en);
            let look = if action.is_none() {
                Look::OnDark
            } else if matches!(action, Some(Action::GuideNextStop)) {
                Look::Primary
            } else {
                Look::OnDark
            };
            let enabled = action.is_some();
            let response = ui
                .add_enabled_ui(enabled, |ui| {
                    widgets::button_at(ui, &m, rect, Some(*icon), label, look)
                })
                .inner;
            if let Some(action) = action
                && response.clicked()
            {
                if matches!(action, Action::EndTour) && !confirming {
                    frame.state.end_tour_asked_at = Some(frame.now);
                } else {
                    frame.act(action.clone());
                }
            }
        }
    }
}

/// The guide's second window, when a second display exists.
pub fn guide_window_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>) {
    let rect = ui.max_rect();
    if frame.visit.tour.is_some() {
        guide_view_ui(ui, frame, rect, false);
    } else {
        ui.painter().rect_filled(rect, 0.0, theme::palette().night);
    }
}
