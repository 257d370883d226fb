//! The red bar at the top of every screen after home: back, home, the screen's title,
//! large text and the language switch, always one tap away.

use eframe::egui::{self, Align2, Rect, Stroke, pos2, vec2};

use super::FrameContext;
use super::theme;
use super::widgets::{self, Icon, Look};
use crate::visit::Action;

/// The red bar: back, home, the screen's title and the language switch. Returns its rectangle.
pub fn top_bar_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    rect: Rect,
    title: &str,
) -> Rect {
    let m = frame.m;
    let pad = m.px(14.0);
    let row = m.target();
    let bar = Rect::from_min_size(rect.min, vec2(rect.width(), row + 2.0 * pad));
    ui.painter().rect_filled(bar, 0.0, theme::RED);
    ui.painter().line_segment(
        [bar.left_bottom(), bar.right_bottom()],
        Stroke::new(m.px(4.0), theme::GOLD),
    );

    let back_label = frame.tr("返回", "Back").to_owned();
    let home_label = frame.tr("首页", "Home").to_owned();
    let mut x = bar.min.x + m.margin() * 0.6;
    let back_width = widgets::button_width(ui, &m, Some(Icon::Back), &back_label);
    if widgets::button_at(
        ui,
        &m,
        Rect::from_min_size(pos2(x, bar.min.y + pad), vec2(back_width, row)),
        Some(Icon::Back),
        &back_label,
        Look::OnDark,
    )
    .clicked()
    {
        frame.act(Action::Back);
    }
    x += back_width + pad;
    let home_width = widgets::button_width(ui, &m, Some(Icon::Home), &home_label);
    if widgets::button_at(
        ui,
        &m,
        Rect::from_min_size(pos2(x, bar.min.y + pad), vec2(home_width, row)),
        Some(Icon::Home),
        &home_label,
        Look::OnDark,
    )
    .clicked()
    {
        frame.act(Action::GoHome);
    }
    x += home_width + pad;

    let languages = frame.hall.config.languages.clone();
    let switch_width = widgets::language_switch_width(ui, &m, &languages);
    let switch_rect = Rect::from_min_size(
        pos2(bar.max.x - m.margin() * 0.6 - switch_width, bar.min.y + pad),
        vec2(switch_width, row),
    );
    let language = frame.language().to_owned();
    if let Some(chosen) = widgets::language_switch(ui, &m, switch_rect, &languages, &language, true)
    {
        frame.act(Action::SetLanguage(chosen));
    }
    // Large text on every screen, not only at home: a visitor finds the panel's text
    // too small when reading it.
    let large = frame.visit.large_text;
    let text_size = Rect::from_min_size(
        pos2(switch_rect.min.x - pad * 2.0 - row, bar.min.y + pad),
        vec2(row, row),
    );
    let text_label = frame.tr("大字", "Large text").to_owned();
    let look = if large { Look::Selected } else { Look::OnDark };
    if widgets::icon_button_at(ui, &m, text_size, Icon::TextSize, &text_label, look).clicked() {
        frame.act(Action::ToggleLargeText);
    }
    if !title.is_empty() {
        let title_rect = Rect::from_min_max(
            pos2(x + pad, bar.min.y),
            pos2(text_size.min.x - pad * 2.0, bar.max.y),
        );
        widgets::fitted_label(
            ui,
            title_rect,
            title,
            m.title(),
            theme::CREAM,
            Align2::CENTER_CENTER,
        );
        widgets::accessible_text(ui, title_rect, "screen-title", title);
    }
    bar
}
