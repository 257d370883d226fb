//! The red-sites map: the hall's sites as pins on a schematic map, zoom and pan as in
//! the photo viewer, category filters, suggested routes drawn as lines and stepped
//! through, and a card per site that opens its exhibit.

use std::collections::BTreeSet;

use eframe::egui::{self, Align2, Color32, Pos2, Rect, Sense, Stroke, pos2, vec2};

use super::FrameContext;
use super::photo::ViewerState;
use super::theme;
use super::widgets::{self, Fit, Icon, Look};
use crate::content::{Map, Site, SiteCategory};
use crate::media::images::{ImageState, Priority};
use crate::visit::Action;

/// Where the visitor is on the map; kept while they look at an exhibit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapState {
    pub view: ViewerState,
    pub hidden: BTreeSet<SiteCategory>,
    pub site: Option<String>,
    /// The route being followed and the step (index into its sites).
    pub route: Option<(String, usize)>,
}

pub fn map_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>) {
    let Some(map) = frame.hall.map.as_ref() else {
        frame.act(Action::GoHome);
        return;
    };
    let rect = ui.max_rect();
    let m = frame.m;
    ui.painter().rect_filled(rect, 0.0, theme::palette().paper);
    let title = map.title.get(frame.language(), frame.fallback()).to_owned();
    let bar = super::top_bar::top_bar_ui(ui, frame, rect, &title);
    let body = Rect::from_min_max(pos2(rect.min.x, bar.max.y), rect.max);

    let site = frame
        .state
        .map
        .site
        .clone()
        .and_then(|id| map.sites.iter().find(|s| s.id == id));
    // Landscape: routes, or the chosen site's card, on the right; portrait: below. The
    // card never covers the map, so the pins near it and a route's stops stay in sight.
    let side = if m.portrait {
        body.height() * if site.is_some() { 0.4 } else { 0.3 }
    } else {
        m.px(560.0)
    };
    let (map_area, list_area) = if m.portrait {
        (
            Rect::from_min_max(body.min, pos2(body.max.x, body.max.y - side)),
            Rect::from_min_max(pos2(body.min.x, body.max.y - side), body.max),
        )
    } else {
        (
            Rect::from_min_max(body.min, pos2(body.max.x - side, body.max.y)),
            Rect::from_min_max(pos2(body.max.x - side, body.min.y), body.max),
        )
    };
    let chips = chip_layout(ui, frame, map, map_area);
    let chips_bottom = chips
        .iter()
        .map(|(_, _, rect)| rect.max.y)
        .fold(map_area.min.y, f32::max);
    let view = Rect::from_min_max(
        pos2(map_area.min.x, chips_bottom + m.px(12.0)),
        map_area.max,
    );
    map_view_ui(ui, frame, map, view);
    chips_ui(
        ui,
        frame,
        Rect::from_min_max(map_area.min, pos2(map_area.max.x, view.min.y)),
        chips,
    );
    match site {
        Some(site) => site_column_ui(ui, frame, map, site, list_area),
        None => routes_ui(ui, frame, map, list_area),
    }
}

/// The map picture with zoom and pan, the route line and the pins.
fn map_view_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, map: &Map, view: Rect) {
    let m = frame.m;
    ui.painter()
        .rect_filled(view, 0.0, Color32::from_rgb(0xE9, 0xDF, 0xCB));
    let side = frame.pixels(view.width().max(view.height()) * 1.5);
    let state = frame.photo(&map.image, side, Priority::Now);
    // Without its picture (still loading, or broken) the map still shows its pins,
    // on a neutral ground the size of the picture's frame.
    let (texture, picture_size) = match &state {
        ImageState::Ready { texture, .. } => (Some(texture.clone()), texture.size_vec2()),
        _ => (None, egui::vec2(3.0, 2.0)),
    };
    let (fitted_rect, _) = widgets::fitted(view, picture_size, Fit::Contain);
    let response = ui.interact(
        view,
        ui.scope_id().with("map-view"),
        Sense::click_and_drag(),
    );
    widgets::register(ui, view, "map", widgets::TargetKind::Zoom);
    let (language, fallback) = (frame.language().to_owned(), frame.fallback().to_owned());
    // Named apart from the title bar's heading, which says the same title.
    let title = map.title.get(&language, &fallback);
    let name = if language == "zh" {
        format!("地图：{title}")
    } else {
        format!("Map: {title}")
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &name));
    if let Some(alt) = &map.alt {
        widgets::describe(ui, response.id, alt.get(&language, &fallback));
    }
    let (zoom_delta, centre, translation) = ui.input(|i| {
        let multi = i.multi_touch();
        (
            i.zoom_delta(),
            multi.map(|t| t.center_pos).or(i.pointer.hover_pos()),
            multi.map(|t| t.translation_delta),
        )
    });
    let viewer = &mut frame.state.map.view;
    if response.hovered() || translation.is_some() {
        if (zoom_delta - 1.0).abs() > f32::EPSILON {
            super::photo::zoom_about(
                viewer,
                view.center(),
                centre.unwrap_or(view.center()),
                viewer.zoom * zoom_delta,
            );
        }
        if let Some(t) = translation {
            viewer.pan += t;
        }
    }
    if response.dragged() && translation.is_none() {
        viewer.pan += response.drag_delta();
    }
    if response.double_clicked() {
        let at = response.interact_pointer_pos().unwrap_or(view.center());
        let target = if viewer.zoom > 1.05 { 1.0 } else { 2.0 };
        super::photo::zoom_about(viewer, view.center(), at, target);
    }
    viewer.clamp(fitted_rect.size(), view.size(), 4.0);
    let viewer = viewer.clone();
    let shown =
        Rect::from_center_size(view.center() + viewer.pan, fitted_rect.size() * viewer.zoom);
    let painter = ui.painter_at(view);
    match &texture {
        Some(texture) => {
            painter.image(
                texture.id(),
                shown,
                Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                Color32::WHITE,
            );
        }
        None => {
            widgets::photo(ui, shown, &state, Fit::Contain, Color32::WHITE);
        }
    }
    let at = |site: &Site| {
        pos2(
            shown.min.x + site.x * shown.width(),
            shown.min.y + site.y * shown.height(),
        )
    };

    // The followed route: a line through its sites in order, and their numbers, drawn
    // over the pins and labels so that no stop's number is hidden.
    let mut badges: Vec<(Pos2, usize)> = Vec::new();
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    if let Some((route_id, step)) = frame.state.map.route.clone()
        && let Some(route) = map.routes.iter().find(|r| r.id == route_id)
    {
        let points: Vec<Pos2> = route
            .sites
            .iter()
            .filter_map(|id| map.sites.iter().find(|s| &s.id == id))
            .map(at)
            .collect();
        painter.line(
            points.clone(),
            Stroke::new(
                m.px(12.0),
                Color32::from_rgba_unmultiplied(0xFF, 0xF8, 0xE7, 200),
            ),
        );
        painter.line(points.clone(), Stroke::new(m.px(6.0), theme::palette().red));
        badges = points.into_iter().map(|p| (p, step)).collect();
    }

    // Pins, with labels placed where they do not overlap.
    let mut taken: Vec<Rect> = Vec::new();
    let pin = m.target() * 0.5;
    let visible: Vec<&Site> = map
        .sites
        .iter()
        .filter(|s| !frame.state.map.hidden.contains(&s.category))
        .collect();
    // Sites too close to touch apart get their pins moved sideways, each joined to its
    // true place by a leader line.
    let places: Vec<Pos2> = visible.iter().map(|s| at(s)).collect();
    let tips = spread(&places, pin, m.target(), m.px(12.0), view);
    for tip in &tips {
        taken.push(Rect::from_center_size(
            *tip - vec2(0.0, pin),
            vec2(pin * 1.4, pin * 2.0),
        ));
    }
    for ((site, place), tip) in visible.into_iter().zip(places).zip(tips) {
        if tip != place {
            painter.line_segment(
                [place, tip],
                Stroke::new(m.px(3.0), theme::palette().ink_soft),
            );
            painter.circle_filled(place, m.px(6.0), theme::palette().ink_soft);
        }
        let selected = frame.state.map.site.as_deref() == Some(site.id.as_str());
        let name = site.name.get(&language, &fallback).to_owned();
        let target = Rect::from_center_size(tip - vec2(0.0, pin), vec2(m.target(), m.target()));
        let response = widgets::touch(
            ui,
            target.intersect(view),
            ("pin", &site.id),
            egui::Role::Button,
            &name,
        );
        paint_pin(
            &painter,
            tip,
            pin,
            category_colour(site.category),
            selected || response.is_pointer_button_down_on(),
        );
        let galley = painter.layout_no_wrap(name.clone(), m.strong(22.0), theme::palette().ink);
        let size = galley.size() + vec2(m.px(16.0), m.px(8.0));
        let candidates = [
            Rect::from_min_size(tip + vec2(pin * 0.8, -pin * 1.6), size),
            Rect::from_min_size(tip + vec2(-pin * 0.8 - size.x, -pin * 1.6), size),
            Rect::from_min_size(tip + vec2(-size.x / 2.0, m.px(6.0)), size),
            Rect::from_min_size(tip + vec2(-size.x / 2.0, -pin * 2.2 - size.y), size),
        ];
        if let Some(label) = candidates
            .into_iter()
            .find(|c| view.contains_rect(*c) && !taken.iter().any(|t| t.intersects(*c)))
        {
            taken.push(label);
            painter.rect_filled(
                label,
                m.px(6.0),
                Color32::from_rgba_unmultiplied(0xFF, 0xFB, 0xF0, 230),
            );
            painter.galley(
                label.min + vec2(m.px(8.0), m.px(4.0)),
                galley,
                theme::palette().ink,
            );
        }
        if response.clicked() {
            frame.state.map.site = Some(site.id.clone());
        }
    }
    for (i, (point, step)) in badges.into_iter().enumerate() {
        let current = i == step;
        let centre = point + vec2(0.0, m.px(34.0));
        painter.circle(
            centre,
            m.px(if current { 20.0 } else { 16.0 }),
            if current {
                theme::palette().gold
            } else {
                theme::palette().cream
            },
            Stroke::new(m.px(3.0), theme::palette().red),
        );
        painter.text(
            centre,
            Align2::CENTER_CENTER,
            (i + 1).to_string(),
            m.strong(20.0),
            theme::palette().red,
        );
    }
    if response.clicked() && frame.state.map.site.is_some() {
        frame.state.map.site = None;
    }
}

/// Where to draw each pin (tip) so that no two touch targets of `target` size come
/// closer than `gap`: in order, a pin whose target would crowd one placed before it is
/// moved sideways, right or left, by whole targets, staying in `view`; one that cannot
/// be moved stays where it is.
fn spread(places: &[Pos2], pin: f32, target: f32, gap: f32, view: Rect) -> Vec<Pos2> {
    let area = |tip: Pos2| Rect::from_center_size(tip - vec2(0.0, pin), vec2(target, target));
    let mut placed: Vec<Rect> = Vec::new();
    let mut tips = Vec::with_capacity(places.len());
    for &place in places {
        let free = |tip: Pos2, placed: &[Rect]| {
            let rect = area(tip);
            view.contains_rect(rect) && !placed.iter().any(|p| p.expand(gap).intersects(rect))
        };
        let step = target + gap;
        let tip = if free(place, &placed) || !view.contains(place) {
            place
        } else {
            (1..=4)
                .flat_map(|k| [k as f32, -(k as f32)])
                .map(|k| place + vec2(k * step, 0.0))
                .find(|&tip| free(tip, &placed))
                .unwrap_or(place)
        };
        placed.push(area(tip));
        tips.push(tip);
    }
    tips
}

pub(super) fn paint_pin(
    painter: &egui::Painter,
    tip: Pos2,
    size: f32,
    colour: Color32,
    active: bool,
) {
    let head = tip - vec2(0.0, size * 1.25);
    let radius = size * if active { 0.72 } else { 0.6 };
    painter.add(egui::Shape::convex_polygon(
        vec![
            tip,
            head + vec2(-radius * 0.8, radius * 0.55),
            head + vec2(radius * 0.8, radius * 0.55),
        ],
        colour,
        Stroke::NONE,
    ));
    painter.circle(
        head,
        radius,
        colour,
        Stroke::new(size * 0.08, theme::palette().cream),
    );
    painter.circle_filled(head, radius * 0.38, theme::palette().cream);
    if active {
        painter.circle_stroke(
            head,
            radius * 1.25,
            Stroke::new(size * 0.1, theme::palette().gold),
        );
    }
}

pub(super) fn category_colour(category: SiteCategory) -> Color32 {
    match category {
        SiteCategory::MemorialHall => theme::palette().red,
        SiteCategory::Museum => Color32::from_rgb(0xA8, 0x3A, 0x1E),
        SiteCategory::FormerResidence => Color32::from_rgb(0x6B, 0x3E, 0x8E),
        SiteCategory::RelicSite => Color32::from_rgb(0x8A, 0x5A, 0x12),
        SiteCategory::ScenicSpot => Color32::from_rgb(0x2E, 0x6B, 0x3A),
        SiteCategory::EducationSite => Color32::from_rgb(0x1F, 0x5A, 0x8A),
    }
}

/// A filter chip: its category (`None` for "all"), label and place.
type Chip = (Option<SiteCategory>, String, Rect);

/// One chip per category on the map, plus "all", in rows across the top of `area`: a
/// narrow screen takes a second row rather than hiding a category.
fn chip_layout(ui: &egui::Ui, frame: &FrameContext<'_>, map: &Map, area: Rect) -> Vec<Chip> {
    let m = frame.m;
    let present: BTreeSet<SiteCategory> = map.sites.iter().map(|s| s.category).collect();
    let language = frame.language();
    let left = area.min.x + m.margin() * 0.6;
    let right = area.max.x - m.margin() * 0.6;
    let gap = m.px(12.0);
    let mut chips = vec![(None, frame.tr("全部", "All").to_owned(), 0.0)];
    for category in SiteCategory::ALL
        .into_iter()
        .filter(|c| present.contains(c))
    {
        let label = category.label(language).to_owned();
        // Room for the colour dot before the label.
        let width = widgets::button_width(ui, &m, None, &label) + m.px(20.0);
        chips.push((Some(category), label, width));
    }
    let mut x = left;
    let mut y = area.min.y + gap;
    let mut placed = Vec::with_capacity(chips.len());
    for (category, label, width) in chips {
        let width = if category.is_none() {
            widgets::button_width(ui, &m, None, &label)
        } else {
            width
        };
        if x > left && x + width > right {
            x = left;
            y += m.target() + gap;
        }
        placed.push((
            category,
            label,
            Rect::from_min_size(pos2(x, y), vec2(width.min(right - left), m.target())),
        ));
        x += width + gap;
    }
    placed
}

/// The category chips: "all" shows every pin; a chip shows only its category when all
/// show, and otherwise adds or removes it.
fn chips_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, area: Rect, chips: Vec<Chip>) {
    let m = frame.m;
    ui.painter().rect_filled(area, 0.0, theme::palette().paper);
    for (category, label, chip) in chips {
        let Some(category) = category else {
            let look = if frame.state.map.hidden.is_empty() {
                Look::Selected
            } else {
                Look::Secondary
            };
            if widgets::button_at(ui, &m, chip, None, &label, look).clicked() {
                frame.state.map.hidden.clear();
            }
            continue;
        };
        let shown = !frame.state.map.hidden.contains(&category);
        let look = if shown && !frame.state.map.hidden.is_empty() {
            Look::Selected
        } else {
            Look::Secondary
        };
        if widgets::button_at(ui, &m, chip, None, &label, look).clicked() {
            let hidden = &mut frame.state.map.hidden;
            if hidden.is_empty() {
                hidden.extend(SiteCategory::ALL.into_iter().filter(|c| *c != category));
            } else if shown {
                hidden.insert(category);
                if hidden.len() == SiteCategory::ALL.len() {
                    hidden.clear();
                }
            } else {
                hidden.remove(&category);
            }
        }
        ui.painter().circle_filled(
            pos2(chip.min.x + m.px(20.0), chip.center().y),
            m.px(8.0),
            category_colour(category),
        );
    }
}

/// The suggested routes; tapping one draws it and steps through its sites.
fn routes_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, map: &Map, area: Rect) {
    let m = frame.m;
    let painter = ui.painter();
    painter.rect_filled(area, 0.0, theme::palette().card);
    painter.line_segment(
        [area.left_top(), area.left_bottom()],
        Stroke::new(2.0, theme::palette().line),
    );
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    // A hall's routes are its own suggestions; visitors must not take them for official ones.
    let heading = frame
        .tr(
            "本馆建议线路（非官方）",
            "This hall's routes (not official)",
        )
        .to_owned();
    let inner = area.shrink(m.px(24.0));
    // Wrapped: the English heading is wider than a narrow side column.
    let heading = widgets::paragraph(
        ui,
        &heading,
        m.strong(32.0),
        theme::palette().red,
        inner.width(),
    );
    let heading_height = heading.size().y;
    ui.painter()
        .galley(inner.min, heading, theme::palette().red);
    widgets::scroll_column(
        ui,
        Rect::from_min_max(
            pos2(inner.min.x, inner.min.y + heading_height + m.px(12.0)),
            inner.max,
        ),
        "routes",
        |ui| {
            let width = inner.width();
            for route in &map.routes {
                let title = route.title.get(&language, &fallback).to_owned();
                let duration = route
                    .duration
                    .as_ref()
                    .map(|d| d.get(&language, &fallback).to_owned());
                let selected = frame
                    .state
                    .map
                    .route
                    .as_ref()
                    .is_some_and(|(id, _)| *id == route.id);
                let title_galley = widgets::paragraph(
                    ui,
                    &title,
                    m.strong(26.0),
                    if selected {
                        theme::palette().cream
                    } else {
                        theme::palette().ink
                    },
                    width - m.px(32.0),
                );
                let height = (title_galley.size().y + m.px(56.0)).max(m.target());
                let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::click());
                widgets::register_widget(
                    ui,
                    rect,
                    Some(response.id),
                    egui::Role::Button,
                    &title,
                    widgets::TargetKind::Tap,
                );
                response.widget_info(|| {
                    egui::WidgetInfo::selected(egui::Role::Button, true, selected, &title)
                });
                let fill = if selected {
                    theme::palette().red
                } else if response.is_pointer_button_down_on() {
                    theme::palette().line
                } else {
                    theme::palette().paper
                };
                ui.painter().rect(
                    rect,
                    m.px(12.0),
                    fill,
                    Stroke::new(1.5, theme::palette().outline),
                    egui::StrokeKind::Inside,
                );
                ui.painter().galley(
                    rect.min + vec2(m.px(16.0), m.px(12.0)),
                    title_galley,
                    theme::palette().ink,
                );
                let stops = if language == "zh" {
                    format!("{} 站", route.sites.len())
                } else {
                    format!("{} stops", route.sites.len())
                };
                let meta = match duration {
                    Some(duration) => format!("{stops} · {duration}"),
                    None => stops,
                };
                ui.painter().text(
                    pos2(rect.min.x + m.px(16.0), rect.max.y - m.px(12.0)),
                    Align2::LEFT_BOTTOM,
                    meta,
                    m.regular(22.0),
                    if selected {
                        theme::palette().gold
                    } else {
                        theme::palette().ink_soft
                    },
                );
                if response.clicked() {
                    if selected {
                        frame.state.map.route = None;
                        frame.state.map.site = None;
                    } else {
                        frame.state.map.route = Some((route.id.clone(), 0));
                        frame.state.map.site = route.sites.first().cloned();
                        frame.state.map.hidden.clear();
                    }
                }
                ui.add_space(m.px(12.0));
            }
        },
    );
}

/// The chosen site in the side column: while following a route, the route and the
/// stop's number first; the site's name, category, description and practical notes
/// (scrolled when long); its exhibit and the route's previous and next stop at the bottom.
fn site_column_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    map: &Map,
    site: &Site,
    area: Rect,
) {
    let m = frame.m;
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let painter = ui.painter();
    painter.rect_filled(area, 0.0, theme::palette().card);
    painter.line_segment(
        [area.left_top(), area.left_bottom()],
        Stroke::new(2.0, theme::palette().line),
    );
    painter.line_segment(
        [area.left_top(), area.right_top()],
        Stroke::new(2.0, theme::palette().line),
    );
    let inner = area.shrink(m.px(24.0));
    let gap = m.px(14.0);
    let row = m.target();
    let route = frame.state.map.route.clone().and_then(|(id, step)| {
        map.routes
            .iter()
            .find(|r| r.id == id)
            .map(|r| (r.clone(), step))
    });

    // The top: the route and the stop's number beside the close button.
    let close_label = frame.tr("关闭", "Close").to_owned();
    let close = Rect::from_min_size(pos2(inner.max.x - row, inner.min.y), vec2(row, row));
    if widgets::icon_button_at(ui, &m, close, Icon::Close, &close_label, Look::Secondary).clicked()
    {
        frame.state.map.site = None;
    }
    let mut top = inner.min.y;
    if let Some((route, step)) = &route {
        let title = route.title.get(&language, &fallback);
        let line = if language == "zh" {
            format!("{title}\n第 {} 站 / 共 {} 站", step + 1, route.sites.len())
        } else {
            format!("{title}\nStop {} of {}", step + 1, route.sites.len())
        };
        let galley = widgets::paragraph(
            ui,
            &line,
            m.strong(24.0),
            theme::palette().red,
            inner.width() - row - gap,
        );
        let height = galley.size().y;
        let rect = Rect::from_min_size(inner.min, vec2(inner.width() - row - gap, height));
        ui.painter().galley(inner.min, galley, theme::palette().red);
        widgets::accessible_text(ui, rect, "route-step", &line);
        top += height.max(row) + gap;
    }

    // The bottom: its exhibit, and the route's neighbours.
    let exhibit = site
        .exhibit
        .as_ref()
        .filter(|id| frame.hall.exhibit(id).is_some());
    let rows = usize::from(exhibit.is_some()) + usize::from(route.is_some());
    let mut y = inner.max.y - rows as f32 * (row + gap) + gap;
    let bottom = y - gap;
    // Only an exhibit that exists (a curator may have removed it) gets a button.
    if let Some(exhibit) = exhibit {
        let label = frame.tr("看展品", "See the exhibit").to_owned();
        let rect = Rect::from_min_size(pos2(inner.min.x, y), vec2(inner.width(), row));
        if widgets::button_at(ui, &m, rect, Some(Icon::Next), &label, Look::Primary).clicked() {
            frame.act(Action::OpenExhibit {
                id: exhibit.clone(),
                panel: 0,
            });
        }
        y += row + gap;
    }
    if let Some((route, step)) = &route {
        let step = *step;
        let half = (inner.width() - gap) / 2.0;
        let prev = Rect::from_min_size(pos2(inner.min.x, y), vec2(half, row));
        let next = prev.translate(vec2(half + gap, 0.0));
        let prev_label = frame.tr("上一站", "Previous stop").to_owned();
        let next_label = frame.tr("下一站", "Next stop").to_owned();
        let go = |frame: &mut FrameContext<'_>, step: usize| {
            frame.state.map.route = Some((route.id.clone(), step));
            frame.state.map.site = route.sites.get(step).cloned();
        };
        if step > 0
            && widgets::button_at(
                ui,
                &m,
                prev,
                Some(Icon::Previous),
                &prev_label,
                Look::Secondary,
            )
            .clicked()
        {
            go(frame, step - 1);
        }
        if step + 1 < route.sites.len()
            && widgets::button_at(ui, &m, next, Some(Icon::Next), &next_label, Look::Secondary)
                .clicked()
        {
            go(frame, step + 1);
        }
    }

    // Between them, the site itself.
    let name = site.name.get(&language, &fallback).to_owned();
    let text_top = if route.is_some() { top } else { inner.min.y };
    // Without a route line the name sits beside the close button.
    let name_width = if route.is_some() {
        inner.width()
    } else {
        inner.width() - row - gap
    };
    let text = Rect::from_min_max(pos2(inner.min.x, text_top), pos2(inner.max.x, bottom));
    let mut notes = Vec::new();
    for (label_zh, label_en, value) in [
        ("地址", "Address", &site.address),
        ("开放时间", "Opening hours", &site.hours),
    ] {
        if let Some(value) = value {
            notes.push(format!(
                "{}：{}",
                widgets::tr(&language, label_zh, label_en),
                value.get(&language, &fallback)
            ));
        }
    }
    let category = site.category.label(&language).to_owned();
    let description = site.description.get(&language, &fallback).to_owned();
    widgets::scroll_column(ui, text, ("site", &site.id), |ui| {
        let width = ui.available_width();
        let line = |ui: &mut egui::Ui, text: &str, font, colour, width: f32| {
            let galley = widgets::paragraph(ui, text, font, colour, width);
            let (rect, _) = ui.allocate_exact_size(galley.size(), Sense::hover());
            ui.painter().galley(rect.min, galley, colour);
            widgets::accessible_text(ui, rect, ("site-line", text.len()), text);
            ui.add_space(m.px(10.0));
        };
        line(
            ui,
            &name,
            m.strong(36.0),
            theme::palette().ink,
            name_width.min(width),
        );
        line(
            ui,
            &category,
            m.strong(24.0),
            category_colour(site.category),
            width,
        );
        line(
            ui,
            &description,
            m.regular(28.0),
            theme::palette().ink,
            width,
        );
        for note in &notes {
            line(ui, note, m.regular(24.0), theme::palette().ink_soft, width);
        }
    });
}
