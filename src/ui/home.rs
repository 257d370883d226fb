//! Home: exhibit tiles grouped by theme, a timeline strip by year, and the quiz, map,
//! large-text and language buttons, always visible.

use eframe::egui::{self, Align2, Color32, Rect, Sense, Stroke, pos2, vec2};

use super::theme::{self, Metrics};
use super::widgets::{self, Fit, Icon, Look};
use super::{FrameContext, THUMB_PX};
use crate::content::Exhibit;
use crate::media::images::Priority;
use crate::visit::Action;

pub fn home_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>) {
    let rect = ui.max_rect();
    let m = frame.m;
    ui.painter().rect_filled(rect, 0.0, theme::palette().paper);
    let header = header_ui(ui, frame, rect);
    let timeline_height = if timeline_items(frame).is_empty() {
        0.0
    } else {
        m.px(150.0)
    };
    let body = Rect::from_min_max(
        pos2(rect.min.x, header.max.y),
        pos2(rect.max.x, rect.max.y - timeline_height),
    );
    tiles_ui(ui, frame, body);
    if timeline_height > 0.0 {
        let strip = Rect::from_min_max(pos2(rect.min.x, rect.max.y - timeline_height), rect.max);
        timeline_ui(ui, frame, strip);
    }
}

/// The red band: title, then the quiz, map, text-size and language buttons.
/// Returns its rectangle.
fn header_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, rect: Rect) -> Rect {
    let m = frame.m;
    let pad = m.px(18.0);
    let row = m.target();
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let quiz_label = frame.tr("知识问答", "Quiz").to_owned();
    let map_label = frame.tr("红色地图", "Red map").to_owned();
    let text_label = frame.tr("大字", "Large text").to_owned();
    let languages = frame.hall.config.languages.clone();

    let has_quiz = frame.hall.exhibits.iter().any(|e| !e.quiz.is_empty());
    let has_map = frame.hall.map.is_some();
    let mut buttons: Vec<(Icon, String, Action, bool)> = Vec::new();
    if has_quiz {
        buttons.push((Icon::Quiz, quiz_label, Action::OpenQuiz, false));
    }
    if has_map {
        buttons.push((Icon::Map, map_label, Action::OpenMap, false));
    }
    buttons.push((
        Icon::TextSize,
        text_label,
        Action::ToggleLargeText,
        frame.visit.large_text,
    ));
    let widths: Vec<f32> = buttons
        .iter()
        .map(|(icon, label, _, _)| widgets::button_width(ui, &m, Some(*icon), label))
        .collect();
    let switch_width = widgets::language_switch_width(ui, &m, &languages);
    let controls_width =
        widths.iter().sum::<f32>() + switch_width + pad * (buttons.len() as f32 + 1.0);

    let title = frame.hall.config.title.get(&language, &fallback).to_owned();
    let title_width = ui
        .painter()
        .layout_no_wrap(title.clone(), m.title(), theme::palette().cream)
        .size()
        .x;
    // Two rows when the title and the controls do not fit side by side; three when the
    // controls do not fit one row either (large text in portrait): the language
    // switch above the buttons.
    let one_row = title_width + controls_width + 3.0 * m.margin() < rect.width();
    let split = !one_row && controls_width + 2.0 * m.margin() > rect.width();
    let height = if one_row {
        row + 2.0 * pad
    } else if split {
        3.0 * row + 4.0 * pad
    } else {
        2.0 * row + 3.0 * pad
    };
    let band = Rect::from_min_size(rect.min, vec2(rect.width(), height));
    ui.painter().rect_filled(band, 0.0, theme::palette().red);
    ui.painter().line_segment(
        [band.left_bottom(), band.right_bottom()],
        Stroke::new(m.px(4.0), theme::palette().gold),
    );

    let title_rect = Rect::from_min_size(
        pos2(band.min.x + m.margin(), band.min.y + pad),
        vec2(
            if one_row {
                band.width() - controls_width - 2.0 * m.margin()
            } else {
                band.width() - 2.0 * m.margin()
            },
            row,
        ),
    );
    widgets::fitted_label(
        ui,
        title_rect,
        &title,
        m.title(),
        theme::palette().cream,
        Align2::LEFT_CENTER,
    );
    widgets::accessible_text(ui, title_rect, "hall-title", &title);

    let controls_top = if one_row {
        band.min.y + pad
    } else {
        band.min.y + 2.0 * pad + row
    };
    let mut x = band.max.x - m.margin() - switch_width;
    let switch_rect = Rect::from_min_size(pos2(x, controls_top), vec2(switch_width, row));
    if let Some(chosen) = widgets::language_switch(ui, &m, switch_rect, &languages, &language, true)
    {
        frame.act(Action::SetLanguage(chosen));
    }
    let buttons_top = if split {
        // The buttons on a row of their own, from the right margin.
        x = band.max.x - m.margin() + pad;
        controls_top + row + pad
    } else {
        controls_top
    };
    for ((icon, label, action, selected), width) in buttons.into_iter().zip(widths).rev() {
        x -= pad + width;
        let look = if selected {
            Look::Selected
        } else {
            Look::OnDark
        };
        let button_rect = Rect::from_min_size(pos2(x, buttons_top), vec2(width, row));
        if widgets::button_at(ui, &m, button_rect, Some(icon), &label, look).clicked() {
            frame.act(action);
        }
    }
    band
}

/// Exhibits grouped by theme, in a scrolling column of tiles.
fn tiles_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, body: Rect) {
    let m = frame.m;
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let themes = frame.hall.home_themes();
    let margin = m.margin();
    let gap = m.px(28.0);
    let inner_width = body.width() - 2.0 * margin;
    let columns = ((inner_width + gap) / (m.px(420.0) + gap))
        .floor()
        .clamp(1.0, 6.0) as usize;
    let tile_width = (inner_width - gap * (columns as f32 - 1.0)) / columns as f32;
    let image_height = tile_width * 9.0 / 16.0;
    let tile_height = image_height + m.px(190.0) * m.text_scale;

    widgets::scroll_column(ui, body, "home-tiles", |ui| {
        ui.add_space(m.px(24.0));
        for theme_id in themes {
            let exhibits: Vec<&Exhibit> = frame
                .hall
                .exhibits
                .iter()
                .filter(|e| e.theme == theme_id)
                .collect();
            if exhibits.is_empty() {
                continue;
            }
            let name = frame
                .hall
                .config
                .themes
                .get(&theme_id)
                .map_or(theme_id.clone(), |t| t.get(&language, &fallback).to_owned());
            let (heading_rect, _) = ui.allocate_exact_size(
                vec2(body.width(), m.px(64.0) * m.text_scale),
                Sense::hover(),
            );
            let painter = ui.painter();
            let bar = Rect::from_min_size(
                pos2(
                    heading_rect.min.x + margin,
                    heading_rect.center().y - m.px(18.0),
                ),
                vec2(m.px(8.0), m.px(36.0)),
            );
            painter.rect_filled(bar, 2.0, theme::palette().red);
            painter.text(
                pos2(bar.max.x + m.px(16.0), heading_rect.center().y),
                Align2::LEFT_CENTER,
                &name,
                m.strong(34.0),
                theme::palette().red,
            );
            widgets::accessible_text(ui, heading_rect, ("theme", &theme_id), &name);

            for chunk in exhibits.chunks(columns) {
                let (row_rect, _) =
                    ui.allocate_exact_size(vec2(body.width(), tile_height), Sense::hover());
                for (i, exhibit) in chunk.iter().enumerate() {
                    let tile = Rect::from_min_size(
                        pos2(
                            row_rect.min.x + margin + i as f32 * (tile_width + gap),
                            row_rect.min.y,
                        ),
                        vec2(tile_width, tile_height - gap * 0.6),
                    );
                    let visible = ui.is_rect_visible(tile);
                    if visible && tile_ui(ui, frame, &m, tile, image_height, exhibit) {
                        frame.act(Action::OpenExhibit {
                            id: exhibit.id.clone(),
                            panel: 0,
                        });
                    } else if !visible
                        && ui
                            .clip_rect()
                            .expand2(vec2(0.0, tile_height))
                            .intersects(tile)
                    {
                        // The row about to scroll in, either way, is decoded before it does.
                        frame.prefetch(&exhibit.cover, THUMB_PX);
                    }
                }
            }
            ui.add_space(m.px(16.0));
        }
        ui.add_space(m.px(24.0));
    });
}

/// One exhibit tile; returns whether it was tapped.
fn tile_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    m: &Metrics,
    tile: Rect,
    image_height: f32,
    exhibit: &Exhibit,
) -> bool {
    let language = frame.language();
    let fallback = frame.fallback();
    let title = exhibit.title.get(language, fallback).to_owned();
    let summary = exhibit
        .summary
        .as_ref()
        .map(|s| s.get(language, fallback).to_owned());
    let response = widgets::touch(ui, tile, ("tile", &exhibit.id), egui::Role::Button, &title);
    let pressed = response.is_pointer_button_down_on();

    let radius = m.px(12.0);
    let painter = ui.painter();
    painter.rect_filled(
        tile.translate(vec2(0.0, m.px(4.0))),
        radius,
        Color32::from_black_alpha(24),
    );
    painter.rect(
        tile,
        radius,
        if pressed {
            theme::palette().line
        } else {
            theme::palette().card
        },
        Stroke::new(
            if pressed { 3.0 } else { 1.5 },
            if pressed {
                theme::palette().gold_deep
            } else {
                theme::palette().outline
            },
        ),
        egui::StrokeKind::Inside,
    );
    let image_rect =
        Rect::from_min_size(tile.min, vec2(tile.width(), image_height)).shrink(m.px(6.0));
    let state = frame.photo(&exhibit.cover, THUMB_PX, Priority::Now);
    widgets::photo(
        ui,
        image_rect,
        &state,
        Fit::cover(exhibit.cover_focus),
        Color32::WHITE,
    );

    let text_left = tile.min.x + m.px(20.0);
    let text_width = tile.width() - m.px(40.0);
    let painter = ui.painter();
    let mut y = image_rect.max.y + m.px(14.0);
    if let Some(year) = exhibit.year {
        let badge =
            painter.layout_no_wrap(year.to_string(), m.strong(22.0), theme::palette().cream);
        let badge_rect = Rect::from_min_size(
            pos2(
                image_rect.min.x + m.px(12.0),
                image_rect.max.y - badge.size().y - m.px(24.0),
            ),
            badge.size() + vec2(m.px(20.0), m.px(8.0)),
        );
        painter.rect_filled(badge_rect, m.px(6.0), theme::palette().red);
        painter.galley(
            badge_rect.min + vec2(m.px(10.0), m.px(4.0)),
            badge,
            theme::palette().cream,
        );
    }
    let title_galley = painter.layout(title, m.strong(30.0), theme::palette().ink, text_width);
    let title_height = title_galley.size().y;
    painter.galley(pos2(text_left, y), title_galley, theme::palette().ink);
    y += title_height + m.px(6.0);
    if let Some(summary) = summary {
        let room = tile.max.y - y - m.px(10.0);
        if let Some(galley) = teaser(painter, &summary, m.small(), text_width, room) {
            painter.galley(pos2(text_left, y), galley, theme::palette().ink_soft);
        }
    }
    response.clicked()
}

/// A summary in the lines that fit in `room`, at its own size; when they are too few,
/// the last one shown ends in "…" (the exhibit tells the rest). None when not even one
/// line fits.
fn teaser(
    painter: &egui::Painter,
    summary: &str,
    font: egui::FontId,
    width: f32,
    room: f32,
) -> Option<std::sync::Arc<egui::Galley>> {
    let layout =
        |text: String| painter.layout(text, font.clone(), theme::palette().ink_soft, width);
    let galley = layout(summary.to_owned());
    if galley.size().y <= room + 1.0 {
        return Some(galley);
    }
    let row_height = galley.rows.first()?.height().max(1.0);
    let rows = ((room + 1.0) / row_height).floor() as usize;
    if rows == 0 {
        return None;
    }
    let mut kept: String = galley.rows.iter().take(rows).map(|r| r.text()).collect();
    // Shortened a character at a time until the ellipsis fits on the last line.
    for _ in 0..summary.chars().count() {
        let shown = layout(format!("{}…", kept.trim_end()));
        if shown.rows.len() <= rows {
            return Some(shown);
        }
        kept.pop();
    }
    None
}

/// Exhibits with a year, in time order.
fn timeline_items<'a>(frame: &FrameContext<'a>) -> Vec<(i32, &'a Exhibit)> {
    frame.hall.timeline()
}

/// The timeline: one stop per dated exhibit, evenly spaced in time order.
fn timeline_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, strip: Rect) {
    let m = frame.m;
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let items = timeline_items(frame);
    let painter = ui.painter();
    painter.rect_filled(strip, 0.0, theme::palette().card);
    painter.line_segment(
        [strip.left_top(), strip.right_top()],
        Stroke::new(2.0, theme::palette().line),
    );
    let label = frame.tr("时间线", "Timeline").to_owned();
    let label_width = m.px(150.0);
    let label_rect = Rect::from_min_size(strip.min, vec2(label_width + m.margin(), strip.height()));
    widgets::fitted_label(
        ui,
        label_rect.shrink2(vec2(m.px(16.0), 0.0)),
        &label,
        m.strong(28.0),
        theme::palette().red,
        Align2::RIGHT_CENTER,
    );

    let whole = Rect::from_min_max(
        pos2(label_rect.max.x + m.px(16.0), strip.min.y),
        pos2(strip.max.x - m.px(16.0), strip.max.y),
    );
    let min_item_width = m.px(230.0);
    let overflows = min_item_width * items.len() as f32 > whole.width();
    // When the years run past the screen, an arrow at each end says so and pages the
    // strip: a visitor who never thinks of swiping sideways still reaches 1949.
    let arrow_width = if overflows { m.target() } else { 0.0 };
    let gap = m.px(12.0);
    let area = if overflows {
        Rect::from_min_max(
            pos2(whole.min.x + arrow_width + gap, whole.min.y),
            pos2(whole.max.x - arrow_width - gap, whole.max.y),
        )
    } else {
        whole
    };
    let item_width = (area.width() / items.len().max(1) as f32).max(min_item_width);
    let page_request = ui.scope_id().with("timeline-page");
    let requested: Option<f32> = ui.data_mut(|d| d.remove_temp(page_request));
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(area)
            .layout(egui::Layout::left_to_right(egui::Align::Min)),
    );
    let output = egui::ScrollArea::horizontal()
        .scroll_source(widgets::touch_scrolling())
        .id_salt("timeline")
        .auto_shrink([false, false])
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysHidden)
        .show(&mut child, |ui| {
            if let Some(delta) = requested {
                ui.scroll_with_delta(vec2(delta, 0.0));
            }
            let (row, _) = ui.allocate_exact_size(
                vec2(item_width * items.len() as f32, area.height()),
                Sense::hover(),
            );
            let line_y = row.min.y + m.px(46.0);
            ui.painter().line_segment(
                [pos2(row.min.x, line_y), pos2(row.max.x, line_y)],
                Stroke::new(m.px(3.0), theme::palette().gold_deep),
            );
            for (i, (year, exhibit)) in items.iter().enumerate() {
                let cell = Rect::from_min_size(
                    pos2(row.min.x + i as f32 * item_width, row.min.y),
                    vec2(item_width, row.height()),
                )
                .shrink2(vec2(m.px(6.0), m.px(8.0)));
                let title = exhibit.title.get(&language, &fallback);
                let name = format!("{year} {title}");
                let response = widgets::touch(
                    ui,
                    cell,
                    ("timeline", &exhibit.id),
                    egui::Role::Button,
                    &name,
                );
                let pressed = response.is_pointer_button_down_on();
                let painter = ui.painter();
                if pressed {
                    painter.rect_filled(cell, m.px(10.0), theme::palette().line);
                }
                painter.circle(
                    pos2(cell.center().x, line_y),
                    m.px(11.0),
                    theme::palette().red,
                    Stroke::new(m.px(3.0), theme::palette().card),
                );
                painter.text(
                    pos2(cell.center().x, line_y - m.px(18.0)),
                    Align2::CENTER_BOTTOM,
                    year.to_string(),
                    m.strong(24.0),
                    theme::palette().red,
                );
                let text_rect = Rect::from_min_max(
                    pos2(cell.min.x + m.px(6.0), line_y + m.px(18.0)),
                    pos2(cell.max.x - m.px(6.0), cell.max.y),
                );
                // Two lines at the label size, or else at the smallest size the theme
                // allows: never shrunk further, never cut.
                let mut galley = widgets::paragraph(
                    ui,
                    title,
                    m.regular(24.0),
                    theme::palette().ink,
                    text_rect.width(),
                );
                if galley.rows.len() > 2 || galley.size().y > text_rect.height() {
                    let smallest = egui::FontId::new(m.smallest_text(), m.regular(24.0).family);
                    galley = widgets::paragraph(
                        ui,
                        title,
                        smallest,
                        theme::palette().ink,
                        text_rect.width(),
                    );
                }
                let pos = pos2(
                    text_rect.center().x - galley.size().x / 2.0,
                    text_rect.min.y,
                );
                ui.painter().galley(pos, galley, theme::palette().ink);
                if response.clicked() {
                    frame.act(Action::OpenExhibit {
                        id: exhibit.id.clone(),
                        panel: 0,
                    });
                }
            }
        });
    widgets::register_scroll(&child, output.inner_rect);
    if overflows {
        timeline_arrows(ui, frame, &output, whole, arrow_width, page_request);
    }
}

/// The arrows either side of a timeline too long for the screen: each shows while there
/// are years hidden on its side, over a fade that lets the hidden cards show through, and
/// a tap turns the strip by most of its width.
fn timeline_arrows(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    output: &egui::scroll_area::ScrollAreaOutput<()>,
    whole: Rect,
    arrow_width: f32,
    page_request: egui::Id,
) {
    let m = frame.m;
    let viewport = output.inner_rect;
    let offset = output.state.clamped_offset().x;
    let hidden_after = output.content_size.x - viewport.width() - offset;
    let page = (viewport.width() * 0.8).max(m.px(230.0));
    let arrow_height = m.target().min(whole.height() - m.px(16.0));
    let sides = [
        (
            offset > 1.0,
            whole.min.x,
            viewport.min.x,
            Icon::Previous,
            frame.tr("较早的年份", "Earlier years"),
            -page,
        ),
        (
            hidden_after > 1.0,
            whole.max.x - arrow_width,
            viewport.max.x,
            Icon::Next,
            frame.tr("较晚的年份", "Later years"),
            page,
        ),
    ];
    for (shown, left, edge, icon, label, delta) in sides {
        if !shown {
            continue;
        }
        fade_edge(ui.painter(), viewport, edge, m.px(90.0));
        let rect = Rect::from_min_size(
            pos2(left, whole.center().y - arrow_height / 2.0),
            vec2(arrow_width, arrow_height),
        );
        if widgets::icon_button_at(ui, &m, rect, icon, label, Look::Secondary).clicked() {
            // A positive scroll delta moves the content right, showing what is before.
            ui.data_mut(|d| d.insert_temp(page_request, -delta));
            ui.ctx().request_repaint();
        }
    }
}

/// A band at the scrolling strip's `edge`, from clear to the strip's card colour, so
/// cards run out under it rather than being cut.
fn fade_edge(painter: &egui::Painter, viewport: Rect, edge: f32, width: f32) {
    let inner = if edge <= viewport.center().x {
        edge + width
    } else {
        edge - width
    };
    let (left, right) = (edge.min(inner), edge.max(inner));
    let solid = theme::palette().card;
    let clear = Color32::from_rgba_unmultiplied(solid.r(), solid.g(), solid.b(), 0);
    let (left_colour, right_colour) = if edge < inner {
        (solid, clear)
    } else {
        (clear, solid)
    };
    let mut mesh = egui::Mesh::default();
    let top = viewport.min.y;
    let bottom = viewport.max.y;
    mesh.colored_vertex(pos2(left, top), left_colour);
    mesh.colored_vertex(pos2(right, top), right_colour);
    mesh.colored_vertex(pos2(right, bottom), right_colour);
    mesh.colored_vertex(pos2(left, bottom), left_colour);
    mesh.add_triangle(0, 1, 2);
    mesh.add_triangle(0, 2, 3);
    painter.add(egui::Shape::mesh(mesh));
}
