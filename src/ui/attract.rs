//! The attract loop: exhibit covers in a slow crossfade, the hall's title, and
//! "touch to begin". Any touch starts a visit.

use std::time::Duration;

use eframe::egui::{self, Align2, Color32, Rect, pos2, vec2};

use super::FrameContext;
use super::theme;
use super::widgets::{self, Fit, Icon, Look};
use crate::content::MediaRef;
use crate::media::images::{ImageState, Priority};
use crate::visit::Action;

pub fn attract_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>) {
    let rect = ui.max_rect();
    let m = frame.m;
    ui.painter().rect_filled(rect, 0.0, theme::NIGHT);

    let covers: Vec<(&MediaRef, Fit)> = frame
        .hall
        .exhibits
        .iter()
        .map(|e| (&e.cover, Fit::cover(e.cover_focus)))
        .collect();
    let slide = frame.hall.config.attract.slide_secs.max(2) as f32;
    let fade = if frame.reduced_motion {
        0.0
    } else {
        // Slow: never more than one change every two seconds.
        frame.hall.config.attract.fade_secs.clamp(0.0, slide / 2.0)
    };
    let elapsed = frame
        .now
        .saturating_sub(frame.state.attract_since)
        .as_secs_f32();
    let count = covers.len().max(1);
    let index = (elapsed / slide) as usize % count;
    let into = elapsed % slide;
    let next = (index + 1) % count;
    let side = frame.pixels(rect.width().max(rect.height()));

    let whole = widgets::touch(
        ui,
        rect,
        "attract-touch",
        egui::Role::Button,
        "点击开始 Touch to begin",
    );

    frame.state.film_pixels = frame.pixels(rect.width());
    // An attract clip, once its first picture has come, takes the covers' place.
    let clip = frame
        .film
        .as_ref()
        .filter(|f| f.key.exhibit == crate::media::film_player::ATTRACT_LOOP && !f.failed)
        .and_then(|f| f.picture);
    if let Some((texture, size)) = clip {
        let (shown, uv) = widgets::fitted(rect, size, Fit::Cover);
        ui.painter_at(rect)
            .image(texture, shown, uv, Color32::WHITE);
    } else if let Some(&(cover, fit)) = covers.get(index) {
        let state = frame.photo(cover, side, Priority::Now);
        widgets::photo(ui, rect, &state, fit, Color32::WHITE);
        if let Some(&(next_cover, next_fit)) = covers.get(next) {
            if fade > 0.0 && into > slide - fade {
                let t = ((into - (slide - fade)) / fade).clamp(0.0, 1.0);
                let next_state = frame.photo(next_cover, side, Priority::Now);
                if matches!(next_state, ImageState::Ready { .. }) {
                    widgets::photo(
                        ui,
                        rect,
                        &next_state,
                        next_fit,
                        Color32::from_white_alpha((t * 255.0) as u8),
                    );
                }
                frame.repaint_in(Duration::from_millis(33));
            } else {
                frame.prefetch(next_cover, side);
                let until_change = if fade > 0.0 {
                    slide - fade - into
                } else {
                    slide - into
                };
                frame.repaint_in(Duration::from_secs_f32(until_change.max(0.05)));
            }
        }
    }

    // A dark band under the text keeps it legible on any cover.
    let band_height = rect.height() * if m.portrait { 0.42 } else { 0.5 };
    let band = Rect::from_min_max(pos2(rect.min.x, rect.max.y - band_height), rect.max);
    let mut mesh = egui::Mesh::default();
    let top = Color32::from_black_alpha(0);
    let bottom = Color32::from_black_alpha(225);
    mesh.colored_vertex(band.left_top(), top);
    mesh.colored_vertex(band.right_top(), top);
    mesh.colored_vertex(band.right_bottom(), bottom);
    mesh.colored_vertex(band.left_bottom(), bottom);
    mesh.add_triangle(0, 1, 2);
    mesh.add_triangle(0, 2, 3);
    // And from the left, where the title sits (covers keep that corner calm): a
    // small grid, so the shade fades both rightwards and upwards.
    let scrim = Rect::from_min_max(
        pos2(rect.min.x, rect.min.y + rect.height() * 0.25),
        pos2(rect.min.x + rect.width() * 0.75, rect.max.y),
    );
    let steps = 8;
    let base = mesh.vertices.len() as u32;
    for row in 0..=steps {
        for column in 0..=steps {
            let fx = column as f32 / steps as f32;
            let fy = row as f32 / steps as f32;
            let alpha = 175.0 * (1.0 - fx) * (fy * 1.6).min(1.0);
            mesh.colored_vertex(
                pos2(
                    scrim.min.x + fx * scrim.width(),
                    scrim.min.y + fy * scrim.height(),
                ),
                Color32::from_black_alpha(alpha as u8),
            );
        }
    }
    let at = |row: u32, column: u32| base + row * (steps + 1) + column;
    for row in 0..steps {
        for column in 0..steps {
            mesh.add_triangle(
                at(row, column),
                at(row, column + 1),
                at(row + 1, column + 1),
            );
            mesh.add_triangle(
                at(row, column),
                at(row + 1, column + 1),
                at(row + 1, column),
            );
        }
    }
    ui.painter().add(mesh);

    let margin = m.margin() * 1.5;
    let language = frame.hall.config.default_language();
    let width = rect.width() - 2.0 * margin;
    // Title in the first language, then the others, then the subtitle, bottom-up
    // above the call to action.
    let config = &frame.hall.config;
    let title = config.title.get(language, language);
    let mut lines = vec![(title.to_owned(), m.display(), theme::CREAM)];
    for other in config.languages.iter().skip(1) {
        let text = config.title.get(other, language);
        if text != title {
            lines.push((text.to_owned(), m.regular(36.0), theme::CREAM));
        }
    }
    if let Some(subtitle) = &config.subtitle {
        lines.push((
            subtitle.get(language, language).to_owned(),
            m.regular(32.0),
            theme::GOLD,
        ));
    }
    let painter = ui.painter();
    let galleys: Vec<_> = lines
        .into_iter()
        .map(|(text, font, colour)| painter.layout(text, font, colour, width))
        .collect();
    let gap = m.px(12.0);
    let total: f32 = galleys.iter().map(|g| g.size().y + gap).sum();
    let mut y = rect.max.y - margin - m.px(150.0) - total;
    for galley in galleys {
        let height = galley.size().y;
        painter.galley(pos2(rect.min.x + margin, y), galley, theme::CREAM);
        y += height + gap;
    }
    widgets::accessible_text(
        ui,
        Rect::from_min_size(rect.min, vec2(1.0, 1.0)),
        "hall-title",
        title,
    );

    // "Touch to begin" in every language, as a wide, calm call to action.
    let prompt = frame
        .hall
        .config
        .languages
        .iter()
        .map(|l| widgets::tr(l, "点击开始", "Touch to begin"))
        .collect::<Vec<_>>()
        .join("  ·  ");
    let prompt_rect = Rect::from_min_size(
        pos2(rect.min.x + margin, rect.max.y - margin - m.px(96.0)),
        vec2(m.px(640.0).min(width), m.px(96.0)),
    );
    let pill = ui.painter();
    pill.rect_filled(prompt_rect, m.px(48.0), theme::RED);
    pill.rect_stroke(
        prompt_rect,
        m.px(48.0),
        egui::Stroke::new(m.px(3.0), theme::GOLD),
        egui::StrokeKind::Inside,
    );
    widgets::fitted_label(
        ui,
        prompt_rect.shrink(m.px(20.0)),
        &prompt,
        m.strong(34.0),
        theme::CREAM,
        Align2::CENTER_CENTER,
    );

    // Children go straight to the quiz.
    let quiz_label = frame
        .hall
        .config
        .languages
        .iter()
        .map(|l| widgets::tr(l, "知识问答", "Quiz"))
        .collect::<Vec<_>>()
        .join(" · ");
    let quiz_width = widgets::button_width(ui, &m, Some(Icon::Quiz), &quiz_label);
    let quiz_rect = Rect::from_min_size(
        pos2(
            rect.max.x - margin - quiz_width,
            rect.max.y - margin - m.target(),
        ),
        vec2(quiz_width, m.target()),
    );
    let quiz_enabled = frame.hall.exhibits.iter().any(|e| !e.quiz.is_empty());
    if quiz_enabled
        && widgets::button_at(
            ui,
            &m,
            quiz_rect,
            Some(Icon::Quiz),
            &quiz_label,
            Look::OnDark,
        )
        .clicked()
    {
        frame.act(Action::OpenQuiz);
        return;
    }
    if frame.voicing_offered && voicing_button(ui, frame, margin) {
        return;
    }
    if whole.clicked() || whole.drag_started() {
        frame.act(Action::StartVisit);
    }
}

/// How long the accessibility button is held to turn the spoken guidance on: long
/// enough that a passing tap does not, short enough for staff to announce ("hold the
/// yellow button").
pub const VOICING_HOLD: Duration = Duration::from_secs(1);

/// The 无障碍 · Accessibility button, top centre (the corners are staff's hidden
/// hold): large, yellow on black (legible to low vision on any cover). Held for [`VOICING_HOLD`], the visit starts spoken; a
/// short tap starts an ordinary visit. Returns whether it took the touch.
fn voicing_button(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, margin: f32) -> bool {
    // Not a corner: those are staff's.
    let m = frame.m;
    let rect = ui.max_rect();
    let label = "无障碍 · Accessibility";
    let font = m.strong(40.0);
    let text_width = ui
        .painter()
        .layout_no_wrap(label.to_owned(), font.clone(), theme::CREAM)
        .size()
        .x;
    let size = vec2(text_width + m.px(80.0), m.target() * 1.5);
    let button = Rect::from_min_size(
        pos2(rect.center().x - size.x / 2.0, rect.min.y + margin),
        size,
    );
    let response = widgets::touch(ui, button, "voicing", egui::Role::Button, label);
    // Held as long as the finger that pressed it stays down on it (egui stops calling a
    // press "down on" a click widget after a while).
    let held = ui.input(|i| {
        i.pointer.primary_down()
            && i.pointer.press_origin().is_some_and(|p| button.contains(p))
            && i.pointer.latest_pos().is_some_and(|p| button.contains(p))
    });
    let yellow = Color32::from_rgb(0xFF, 0xD5, 0x00);
    // Near black: a contrast of about 14:1 with the yellow.
    let ink_black = Color32::from_rgb(0x12, 0x0E, 0x0A);
    let (fill, ink) = if held {
        (yellow, ink_black)
    } else {
        (ink_black, yellow)
    };
    let painter = ui.painter();
    painter.rect(
        button,
        m.px(20.0),
        fill,
        egui::Stroke::new(m.px(6.0), yellow),
        egui::StrokeKind::Inside,
    );
    widgets::fitted_label(
        ui,
        button.shrink(m.px(16.0)),
        label,
        font,
        ink,
        Align2::CENTER_CENTER,
    );
    if held {
        let since = *frame.state.voicing_held_since.get_or_insert(frame.now);
        let progress =
            (frame.now.saturating_sub(since).as_secs_f32() / VOICING_HOLD.as_secs_f32()).min(1.0);
        let bar = Rect::from_min_size(
            pos2(button.min.x, button.max.y + m.px(8.0)),
            vec2(button.width() * progress, m.px(10.0)),
        );
        ui.painter().rect_filled(bar, m.px(5.0), yellow);
        if progress >= 1.0 {
            frame.state.voicing_held_since = None;
            frame.act(Action::StartSelfVoicing);
        } else {
            frame.repaint_in(Duration::from_millis(50));
        }
        return true;
    }
    frame.state.voicing_held_since = None;
    if response.clicked() {
        frame.act(Action::StartVisit);
        return true;
    }
    false
}
