//! The red bar at the top of every screen after home: back, home, the screen's title,
//! large text and the language switch, always one tap away.

use std::sync::Arc;

use eframe::egui::text::LayoutJob;
use eframe::egui::{self, Align, Align2, FontId, Galley, Rect, Stroke, pos2, vec2};

use super::FrameContext;
use super::theme::{self, Metrics};
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
    let back_label = frame.tr("返回", "Back").to_owned();
    let home_label = frame.tr("首页", "Home").to_owned();
    let languages = frame.hall.config.languages.clone();
    let layout = BarLayout::new(ui, &m, rect, &back_label, &home_label, &languages);
    let title_place = place_title(ui, &m, title, layout.title, rect.width());
    let bar = match &title_place {
        TitlePlace::Below(galley) => Rect::from_min_size(
            rect.min,
            vec2(
                rect.width(),
                layout.buttons.height() + galley.size().y + layout.pad,
            ),
        ),
        _ => layout.buttons,
    };
    ui.painter().rect_filled(bar, 0.0, theme::palette().red);
    ui.painter().line_segment(
        [bar.left_bottom(), bar.right_bottom()],
        Stroke::new(m.px(4.0), theme::palette().gold),
    );

    let back = widgets::button_at(
        ui,
        &m,
        layout.back,
        Some(Icon::Back),
        &back_label,
        Look::OnDark,
    );
    if back.clicked() {
        frame.act(Action::Back);
    }
    let home = widgets::button_at(
        ui,
        &m,
        layout.home,
        Some(Icon::Home),
        &home_label,
        Look::OnDark,
    );
    if home.clicked() {
        frame.act(Action::GoHome);
    }
    let language = frame.language().to_owned();
    if let Some(chosen) =
        widgets::language_switch(ui, &m, layout.switch, &languages, &language, true)
    {
        frame.act(Action::SetLanguage(chosen));
    }
    // Large text on every screen, not only at home: a visitor finds the panel's text
    // too small when reading it.
    let text_label = frame.tr("大字", "Large text").to_owned();
    let look = if frame.visit.large_text {
        Look::Selected
    } else {
        Look::OnDark
    };
    if widgets::icon_button_at(ui, &m, layout.text_size, Icon::TextSize, &text_label, look)
        .clicked()
    {
        frame.act(Action::ToggleLargeText);
    }
    let title_rect = match title_place {
        TitlePlace::None => None,
        TitlePlace::Beside(galley) => Some(paint_title(ui, galley, layout.title)),
        TitlePlace::Below(galley) => {
            let band =
                Rect::from_min_max(pos2(bar.min.x, layout.buttons.max.y - layout.pad), bar.max);
            Some(paint_title(ui, galley, band))
        }
    };
    if let Some(title_rect) = title_rect {
        widgets::accessible_text(ui, title_rect, "screen-title", title);
    }
    bar
}

/// Where the bar's buttons go, and the room left between them for the title.
struct BarLayout {
    pad: f32,
    /// The row of buttons (the whole bar unless the title needs lines below it).
    buttons: Rect,
    back: Rect,
    home: Rect,
    text_size: Rect,
    switch: Rect,
    title: Rect,
}

impl BarLayout {
    fn new(
        ui: &egui::Ui,
        m: &Metrics,
        rect: Rect,
        back_label: &str,
        home_label: &str,
        languages: &[String],
    ) -> Self {
        let pad = m.px(14.0);
        let row = m.target();
        let buttons = Rect::from_min_size(rect.min, vec2(rect.width(), row + 2.0 * pad));
        let top = buttons.min.y + pad;
        let back_width = widgets::button_width(ui, m, Some(Icon::Back), back_label);
        let back = Rect::from_min_size(
            pos2(buttons.min.x + m.margin() * 0.6, top),
            vec2(back_width, row),
        );
        let home_width = widgets::button_width(ui, m, Some(Icon::Home), home_label);
        let home = Rect::from_min_size(pos2(back.max.x + pad, top), vec2(home_width, row));
        let switch_width = widgets::language_switch_width(ui, m, languages);
        let switch = Rect::from_min_size(
            pos2(buttons.max.x - m.margin() * 0.6 - switch_width, top),
            vec2(switch_width, row),
        );
        let text_size =
            Rect::from_min_size(pos2(switch.min.x - pad * 2.0 - row, top), vec2(row, row));
        let left = home.max.x + pad * 2.0;
        let right = (text_size.min.x - pad * 2.0).max(left);
        let title = Rect::from_min_max(pos2(left, buttons.min.y), pos2(right, buttons.max.y));
        Self {
            pad,
            buttons,
            back,
            home,
            text_size,
            switch,
            title,
        }
    }
}

/// Where the screen's title goes: beside the buttons on one or two lines when it fits
/// there at the title size, or else on lines of its own below them. A title is never
/// shrunk: on a portrait screen in large text it would fall under the smallest size.
enum TitlePlace {
    None,
    Beside(Arc<Galley>),
    Below(Arc<Galley>),
}

fn place_title(ui: &egui::Ui, m: &Metrics, title: &str, slot: Rect, width: f32) -> TitlePlace {
    if title.is_empty() {
        return TitlePlace::None;
    }
    let font = m.title();
    let beside = wrapped(ui, title, font.clone(), slot.width());
    let whole_words = widest_word(ui, title, &font) <= slot.width();
    if whole_words && beside.rows.len() <= 2 && beside.size().y <= slot.height() {
        return TitlePlace::Beside(beside);
    }
    TitlePlace::Below(wrapped(ui, title, font, width - 2.0 * m.margin()))
}

fn wrapped(ui: &egui::Ui, text: &str, font: FontId, width: f32) -> Arc<Galley> {
    let mut job = LayoutJob::simple(
        text.to_owned(),
        font,
        theme::palette().cream,
        width.max(1.0),
    );
    job.halign = Align::Center;
    ui.painter().layout_job(job)
}

/// A word wider than the room would be broken in the middle.
fn widest_word(ui: &egui::Ui, text: &str, font: &FontId) -> f32 {
    text.split_whitespace()
        .map(|word| {
            ui.painter()
                .layout_no_wrap(word.to_owned(), font.clone(), theme::palette().cream)
                .size()
                .x
        })
        .fold(0.0, f32::max)
}

/// Paints the title centred in `room`; returns where it is.
fn paint_title(ui: &egui::Ui, galley: Arc<Galley>, room: Rect) -> Rect {
    let rect = Align2::CENTER_CENTER.align_size_within_rect(galley.size(), room);
    // A centred job lays its rows out around x = 0.
    let origin = pos2(rect.center().x, rect.min.y);
    ui.painter().galley(origin, galley, theme::palette().cream);
    rect
}
