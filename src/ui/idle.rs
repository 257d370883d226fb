//! The "Still there?" warning before an idle reset: a countdown and a large
//! "Continue". Any touch counts as an answer.

use eframe::egui::accesskit::Live;
use eframe::egui::{self, Align2, Color32, Rect, Sense, Stroke, pos2, vec2};

use super::FrameContext;
use super::theme;
use super::widgets::{self, Look};
use crate::visit::Action;

pub fn idle_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, remaining: std::time::Duration) {
    let rect = ui.max_rect();
    let m = frame.m;
    let backdrop = ui.interact(
        rect,
        ui.scope_id().with("idle-backdrop"),
        Sense::click_and_drag(),
    );
    // Nothing of the screen behind can be reached: a touch there answers the question.
    widgets::cover(ui, rect);
    ui.painter()
        .rect_filled(rect, 0.0, Color32::from_black_alpha(170));

    let card_size = vec2(
        m.px(880.0).min(rect.width() - 2.0 * m.margin()),
        m.px(520.0),
    );
    let card = Rect::from_center_size(rect.center(), card_size);
    widgets::card(ui, &m, card, widgets::Card::Dialog);

    let question = frame.tr("还在看吗？", "Still there?").to_owned();
    let other = if frame.language() == "zh" {
        "Still there?"
    } else {
        "还在看吗？"
    };
    let painter = ui.painter();
    painter.text(
        pos2(card.center().x, card.min.y + m.px(90.0)),
        Align2::CENTER_CENTER,
        &question,
        m.strong(52.0),
        theme::palette().ink,
    );
    painter.text(
        pos2(card.center().x, card.min.y + m.px(150.0)),
        Align2::CENTER_CENTER,
        other,
        m.regular(28.0),
        theme::palette().ink_soft,
    );
    let seconds = remaining.as_secs_f32().ceil() as u64;
    painter.circle(
        pos2(card.center().x, card.min.y + m.px(250.0)),
        m.px(52.0),
        theme::palette().paper,
        Stroke::new(m.px(5.0), theme::palette().red),
    );
    painter.text(
        pos2(card.center().x, card.min.y + m.px(250.0)),
        Align2::CENTER_CENTER,
        seconds.to_string(),
        m.strong(48.0),
        theme::palette().red,
    );
    // Announced at once, with what it means; in the seconds it began with, as a region
    // that changed every second would be read out every second.
    let warned = frame.hall.config.idle_warning().as_secs();
    let ending = if frame.language() == "zh" {
        format!("参观将在 {warned} 秒后结束。")
    } else {
        format!("The visit ends in {warned} seconds.")
    };
    let id = widgets::announce(ui, card, "idle-question", &question, Live::Assertive);
    widgets::describe(ui, id, &ending);

    // Both languages, as the question above it: whoever walks up can answer it.
    let label = frame.tr("继续 · Continue", "Continue · 继续").to_owned();
    let width = widgets::button_width(ui, &m, None, &label).max(m.px(360.0));
    let button = Rect::from_center_size(
        pos2(card.center().x, card.max.y - m.px(90.0)),
        vec2(width, m.target() * 1.15),
    );
    let continued = widgets::button_at(ui, &m, button, None, &label, Look::Primary).clicked();
    if continued || backdrop.clicked() || backdrop.drag_started() {
        frame.act(Action::StillHere);
    }
    // The countdown ticks once a second.
    frame.repaint_in(std::time::Duration::from_millis(250));
}
