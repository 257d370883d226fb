//! Shared widgets: large touch buttons with painted icons, the language switch,
//! photos with placeholders, and the UI's own bilingual strings.

use eframe::egui::{
    self, Align2, Color32, CornerRadius, FontId, Pos2, Rect, Response, Sense, Shape, Stroke, Ui,
    Vec2, pos2, vec2,
};

use super::theme::{self, Metrics};
use crate::media::images::ImageState;
use crate::typeset;

/// The UI's own text in the visitor's language. Halls with more languages than
/// Chinese and English see English for these few words.
pub fn tr<'a>(language: &str, zh: &'a str, en: &'a str) -> &'a str {
    if language == "zh" { zh } else { en }
}

/// A language's name in its own script, never a flag.
pub fn language_name(code: &str) -> String {
    match code {
        "zh" => "中文".to_owned(),
        "en" => "English".to_owned(),
        "ja" => "日本語".to_owned(),
        "ko" => "한국어".to_owned(),
        "fr" => "Français".to_owned(),
        "de" => "Deutsch".to_owned(),
        "ru" => "Русский".to_owned(),
        "es" => "Español".to_owned(),
        other => other.to_uppercase(),
    }
}

/// Painted icons: independent of what the font can draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Back,
    Home,
    Previous,
    Next,
    Play,
    Pause,
    Restart,
    Close,
    Quiz,
    Map,
    TextSize,
    Transcript,
    Captions,
    Star,
    /// A magnifier with a plus: show the photo larger.
    Enlarge,
    /// A guide's pennant on its pole: guided tours.
    Guide,
    /// Four corners pointing out: fill the screen.
    FullScreen,
    /// Four corners pointing in: back to the panel.
    ExitFullScreen,
    /// A loudspeaker with two sound waves: read this aloud.
    Speaker,
}

/// Something a visitor can touch, as drawn in the last frame: what the autopilot and
/// the soak test tap, the way a finger would.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub label: String,
    pub rect: Rect,
    pub kind: TargetKind,
    /// What it is, as the screen-reader tree says (button, text).
    pub role: egui::Role,
    /// The widget, for activating it as a screen reader would (an AccessKit click).
    pub id: Option<egui::Id>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    Tap,
    /// A page that turns with a sideways swipe.
    Swipe,
    /// A photo or map that zooms and pans.
    Zoom,
    /// Text to read (a heading, a panel's body): nothing happens on a tap. Only the
    /// self-voicing mode reads these; the autopilot leaves them alone.
    Read,
}

/// The touch targets of the frame being drawn.
#[derive(Clone, Debug, Default)]
pub struct Targets(pub Vec<Target>);

fn targets_id() -> egui::Id {
    egui::Id::unique("xinghuo-touch-targets")
}

/// Records a touch target (only the part that is on screen and in the clip rect).
pub fn register(ui: &Ui, rect: Rect, label: &str, kind: TargetKind) {
    let role = match kind {
        TargetKind::Tap => egui::Role::Button,
        TargetKind::Swipe => egui::Role::Group,
        TargetKind::Zoom => egui::Role::Image,
        TargetKind::Read => egui::Role::Label,
    };
    register_widget(ui, rect, None, role, label, kind);
}

/// Records the touch target of a widget whose id, role and accessible name are known.
pub fn register_widget(
    ui: &Ui,
    rect: Rect,
    id: Option<egui::Id>,
    role: egui::Role,
    label: &str,
    kind: TargetKind,
) {
    let visible = rect.intersect(ui.clip_rect());
    if visible.width() < 4.0 || visible.height() < 4.0 || !ui.is_enabled() {
        return;
    }
    let screen = ui.ctx().content_rect();
    if !screen.expand(0.5).contains_rect(rect) {
        ui.ctx().data_mut(|d| {
            d.get_temp_mut_or_default::<CutTargets>(cut_targets_id())
                .0
                .push(CutTarget {
                    label: label.to_owned(),
                    whole: rect,
                    shown: visible,
                });
        });
    }
    ui.ctx().data_mut(|d| {
        d.get_temp_mut_or_default::<Targets>(targets_id())
            .0
            .push(Target {
                label: label.to_owned(),
                rect: visible,
                kind,
                role,
                id,
            });
    });
}

/// Marks `cover` as drawn over what came before it (a card, the guide's panel): the
/// targets recorded so far lose the part under it, since a finger there reaches the
/// cover. A target the cover spans in one direction is cut back in the other; one
/// under it entirely is gone.
pub fn cover(ui: &Ui, cover: Rect) {
    ui.ctx().data_mut(|d| {
        let targets = &mut d.get_temp_mut_or_default::<Targets>(targets_id()).0;
        for target in targets.iter_mut() {
            target.rect = uncovered(target.rect, cover);
        }
        targets.retain(|t| t.rect.width() >= 4.0 && t.rect.height() >= 4.0);
    });
}

/// What of `rect` stays visible beside `cover`, as one rectangle.
fn uncovered(rect: Rect, cover: Rect) -> Rect {
    if !rect.intersects(cover) {
        return rect;
    }
    let mut out = rect;
    if cover.min.y <= rect.min.y && cover.max.y >= rect.max.y {
        if cover.min.x <= rect.min.x {
            out.min.x = cover.max.x.min(rect.max.x);
        } else if cover.max.x >= rect.max.x {
            out.max.x = cover.min.x.max(rect.min.x);
        }
    }
    if cover.min.x <= rect.min.x && cover.max.x >= rect.max.x {
        if cover.min.y <= rect.min.y {
            out.min.y = cover.max.y.min(rect.max.y);
        } else if cover.max.y >= rect.max.y {
            out.max.y = cover.min.y.max(rect.min.y);
        }
    }
    if cover.contains_rect(rect) {
        return Rect::NOTHING;
    }
    out
}

/// A touch target that reaches past the edge of the screen: only its part on screen
/// is recorded as a target. A list item half scrolled out of a list that ends at the
/// screen's edge is one; a button laid out too wide is another (the layout test tells
/// them apart by the scroll areas).
#[derive(Clone, Debug)]
pub struct CutTarget {
    pub label: String,
    pub whole: Rect,
    pub shown: Rect,
}

#[derive(Clone, Debug, Default)]
struct CutTargets(Vec<CutTarget>);

fn cut_targets_id() -> egui::Id {
    egui::Id::unique("xinghuo-cut-touch-targets")
}

/// Takes the targets cut by the screen's edge recorded so far.
pub fn take_cut_targets(ctx: &egui::Context) -> Vec<CutTarget> {
    ctx.data_mut(|d| {
        std::mem::take(&mut d.get_temp_mut_or_default::<CutTargets>(cut_targets_id()).0)
    })
}

/// Takes the targets recorded so far (call at the start of a frame for the last one).
pub fn take_targets(ctx: &egui::Context) -> Vec<Target> {
    ctx.data_mut(|d| std::mem::take(&mut d.get_temp_mut_or_default::<Targets>(targets_id()).0))
}

/// The viewports of the frame's scroll areas: text cut at their edges is scrolled
/// into view by a finger, not lost (the layout test tells the two apart).
#[derive(Clone, Debug, Default)]
struct Scrolls(Vec<Rect>);

fn scrolls_id() -> egui::Id {
    egui::Id::unique("xinghuo-scroll-viewports")
}

/// Records a scroll area's viewport.
pub fn register_scroll(ui: &Ui, viewport: Rect) {
    ui.ctx().data_mut(|d| {
        d.get_temp_mut_or_default::<Scrolls>(scrolls_id())
            .0
            .push(viewport);
    });
}

/// Takes the scroll viewports recorded so far (with [`take_targets`]).
pub fn take_scrolls(ctx: &egui::Context) -> Vec<Rect> {
    ctx.data_mut(|d| std::mem::take(&mut d.get_temp_mut_or_default::<Scrolls>(scrolls_id()).0))
}

/// Scroll areas follow the finger (egui does so only when it detects a touch screen,
/// and a kiosk's touch screen may report itself as a mouse).
pub fn touch_scrolling() -> egui::containers::scroll_area::ScrollSource {
    egui::containers::scroll_area::ScrollSource {
        drag: egui::containers::scroll_area::DragScroll::Always,
        ..Default::default()
    }
}

/// A column filling `rect` that scrolls under the finger: the screens' lists and long
/// texts. `id_salt` tells it from the other columns drawn on the same screen (two
/// panels during a slide).
pub fn scroll_column<R>(
    ui: &mut Ui,
    rect: Rect,
    id_salt: impl egui::AsIdSalt,
    add_contents: impl FnOnce(&mut Ui) -> R,
) -> R {
    let id = egui::IdSalt::new(id_salt);
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect)
            .layout(egui::Layout::top_down(egui::Align::Min))
            .id_salt(id),
    );
    let output = egui::ScrollArea::vertical()
        .scroll_source(touch_scrolling())
        .id_salt(id)
        .auto_shrink([false, false])
        .show(&mut child, add_contents);
    register_scroll(&child, output.inner_rect);
    output.inner
}

/// Where a card stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Card {
    /// A dialog over the whole screen (the PIN pad, "Still there?"): a broad gold edge.
    Dialog,
    /// A card over part of a screen (a map site, the transcript): a fine deep-gold edge.
    Inset,
}

/// Paints a gold-edged card on `rect`, the cream of the panels inside.
pub fn card(ui: &Ui, m: &Metrics, rect: Rect, look: Card) {
    let (radius, stroke) = match look {
        Card::Dialog => (m.px(20.0), Stroke::new(m.px(4.0), theme::palette().gold)),
        Card::Inset => (
            m.px(18.0),
            Stroke::new(m.px(3.0), theme::palette().gold_deep),
        ),
    };
    ui.painter().rect(
        rect,
        radius,
        theme::palette().card,
        stroke,
        egui::StrokeKind::Inside,
    );
}

/// A touch area with an accessible name: the one way screens make things tappable.
pub fn touch(
    ui: &mut Ui,
    rect: Rect,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    role: egui::Role,
    label: &str,
) -> Response {
    let response = ui.interact(rect, ui.scope_id().with(id_salt), Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(role, ui.is_enabled(), label));
    register_widget(ui, rect, Some(response.id), role, label, TargetKind::Tap);
    response
}

/// How a button looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// Red with cream text: the main way forward.
    Primary,
    /// Paper card with ink text and a thin line.
    Secondary,
    /// Cream outline on a red or dark ground.
    OnDark,
    /// Selected item in a group.
    Selected,
}

/// A large touch button of exactly `size`, with an optional icon and an accessible
/// name (`label`). Pressed buttons darken at once, so every touch shows.
pub fn button(
    ui: &mut Ui,
    m: &Metrics,
    size: Vec2,
    icon: Option<Icon>,
    label: &str,
    look: Look,
) -> Response {
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    paint_button(ui, m, rect, &response, icon, label, look, m.button());
    response
}

/// A button at a given place.
pub fn button_at(
    ui: &mut Ui,
    m: &Metrics,
    rect: Rect,
    icon: Option<Icon>,
    label: &str,
    look: Look,
) -> Response {
    let id = ui
        .scope_id()
        .with(("button", label, rect.min.x as i32, rect.min.y as i32));
    let response = ui.interact(rect, id, Sense::click());
    register_widget(
        ui,
        rect,
        Some(id),
        egui::Role::Button,
        label,
        TargetKind::Tap,
    );
    paint_button(ui, m, rect, &response, icon, label, look, m.button());
    response
}

/// An icon-only button: `label` is still its accessible name.
pub fn icon_button_at(
    ui: &mut Ui,
    m: &Metrics,
    rect: Rect,
    icon: Icon,
    label: &str,
    look: Look,
) -> Response {
    let id = ui
        .scope_id()
        .with(("icon", label, rect.min.x as i32, rect.min.y as i32));
    let response = ui.interact(rect, id, Sense::click());
    register_widget(
        ui,
        rect,
        Some(id),
        egui::Role::Button,
        label,
        TargetKind::Tap,
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label));
    let pressed = response.is_pointer_button_down_on();
    let (fill, stroke, fg) = colours(look, pressed);
    let painter = ui.painter();
    painter.rect(
        rect,
        CornerRadius::same(radius(m)),
        fill,
        stroke,
        egui::StrokeKind::Inside,
    );
    let side = rect.height().min(rect.width()) * 0.42;
    paint_icon(
        painter,
        icon,
        Rect::from_center_size(rect.center(), Vec2::splat(side)),
        fg,
    );
    response
}

/// Width a button needs for its label and icon.
pub fn button_width(ui: &Ui, m: &Metrics, icon: Option<Icon>, label: &str) -> f32 {
    let text = ui
        .painter()
        .layout_no_wrap(label.to_owned(), m.button(), theme::palette().ink)
        .size()
        .x;
    let icon = if icon.is_some() {
        m.button().size * 1.3
    } else {
        0.0
    };
    (text + icon + m.px(56.0)).max(m.target())
}

fn radius(m: &Metrics) -> u8 {
    m.px(14.0).clamp(4.0, 40.0) as u8
}

fn colours(look: Look, pressed: bool) -> (Color32, Stroke, Color32) {
    match (look, pressed) {
        (Look::Primary, false) => (theme::palette().red, Stroke::NONE, theme::palette().cream),
        (Look::Primary, true) => (
            theme::palette().red_dark,
            Stroke::NONE,
            theme::palette().cream,
        ),
        (Look::Secondary, false) => (
            theme::palette().card,
            Stroke::new(2.0, theme::palette().outline),
            theme::palette().ink,
        ),
        (Look::Secondary, true) => (
            theme::palette().line,
            Stroke::new(2.0, theme::palette().gold_deep),
            theme::palette().ink,
        ),
        (Look::OnDark, false) => (
            Color32::from_black_alpha(60),
            Stroke::new(2.0, theme::palette().cream),
            theme::palette().cream,
        ),
        (Look::OnDark, true) => (
            Color32::from_white_alpha(60),
            Stroke::new(2.0, theme::palette().gold),
            theme::palette().cream,
        ),
        (Look::Selected, _) => (
            theme::palette().cream,
            Stroke::new(3.0, theme::palette().gold),
            theme::palette().red,
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn paint_button(
    ui: &Ui,
    m: &Metrics,
    rect: Rect,
    response: &Response,
    icon: Option<Icon>,
    label: &str,
    look: Look,
    font: FontId,
) {
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, ui.is_enabled(), label));
    paint_button_look(
        ui,
        m,
        rect,
        response.is_pointer_button_down_on(),
        icon,
        label,
        look,
        font,
    );
}

/// Paints a button inside a larger touch target (a card that is itself the button).
pub fn paint_static_button(
    ui: &Ui,
    m: &Metrics,
    rect: Rect,
    icon: Option<Icon>,
    label: &str,
    look: Look,
) {
    paint_button_look(ui, m, rect, false, icon, label, look, m.button());
}

#[allow(clippy::too_many_arguments)]
fn paint_button_look(
    ui: &Ui,
    m: &Metrics,
    rect: Rect,
    pressed: bool,
    icon: Option<Icon>,
    label: &str,
    look: Look,
    font: FontId,
) {
    let (fill, stroke, fg) = colours(look, pressed);
    // Unavailable buttons fade rather than vanish, so the layout stays put.
    let (fill, stroke, fg) = if ui.is_enabled() {
        (fill, stroke, fg)
    } else {
        (
            fill.gamma_multiply(0.4),
            Stroke::new(stroke.width, stroke.color.gamma_multiply(0.4)),
            fg.gamma_multiply(0.4),
        )
    };
    let painter = ui.painter();
    painter.rect(
        rect,
        CornerRadius::same(radius(m)),
        fill,
        stroke,
        egui::StrokeKind::Inside,
    );
    let galley = painter.layout(
        label.to_owned(),
        font.clone(),
        fg,
        rect.width() - m.px(24.0),
    );
    let icon_side = font.size * 0.95;
    let gap = if icon.is_some() && !label.is_empty() {
        font.size * 0.4
    } else {
        0.0
    };
    let icon_width = if icon.is_some() { icon_side } else { 0.0 };
    let total = icon_width + gap + galley.size().x;
    let left = rect.center().x - total / 2.0;
    // "Next" reads left to right: its arrow follows the word.
    let trailing = icon == Some(Icon::Next);
    let (icon_x, text_x) = if trailing {
        (left + galley.size().x + gap, left)
    } else {
        (left, left + icon_width + gap)
    };
    if let Some(icon) = icon {
        let icon_rect = Rect::from_min_size(
            pos2(icon_x, rect.center().y - icon_side / 2.0),
            Vec2::splat(icon_side),
        );
        paint_icon(painter, icon, icon_rect, fg);
    }
    let text_pos = pos2(text_x, rect.center().y - galley.size().y / 2.0);
    painter.galley(text_pos, galley, fg);
}

/// Draws `icon` inside `rect` in `colour`.
pub fn paint_icon(painter: &egui::Painter, icon: Icon, rect: Rect, colour: Color32) {
    let s = rect.width().min(rect.height());
    let c = rect.center();
    let w = (s * 0.12).max(2.0);
    let stroke = Stroke::new(w, colour);
    let p = |x: f32, y: f32| pos2(c.x + x * s / 2.0, c.y + y * s / 2.0);
    match icon {
        Icon::Back | Icon::Previous => {
            painter.line(vec![p(0.35, -0.8), p(-0.45, 0.0), p(0.35, 0.8)], stroke);
        }
        Icon::Next => {
            painter.line(vec![p(-0.35, -0.8), p(0.45, 0.0), p(-0.35, 0.8)], stroke);
        }
        Icon::Home => {
            painter.line(vec![p(-0.9, 0.0), p(0.0, -0.85), p(0.9, 0.0)], stroke);
            painter.line(
                vec![p(-0.6, -0.2), p(-0.6, 0.85), p(0.6, 0.85), p(0.6, -0.2)],
                stroke,
            );
        }
        Icon::Speaker => {
            painter.rect_filled(
                Rect::from_min_max(p(-0.85, -0.3), p(-0.4, 0.3)),
                1.0,
                colour,
            );
            painter.add(Shape::convex_polygon(
                vec![p(-0.45, -0.3), p(0.05, -0.8), p(0.05, 0.8), p(-0.45, 0.3)],
                colour,
                Stroke::NONE,
            ));
            for radius in [0.4, 0.75] {
                let arc: Vec<Pos2> = (0..=12)
                    .map(|i| {
                        let a = -0.9 + (i as f32 / 12.0) * 1.8;
                        p(0.1 + radius * a.cos(), radius * a.sin())
                    })
                    .collect();
                painter.line(arc, stroke);
            }
        }
        Icon::Play => {
            painter.add(Shape::convex_polygon(
                vec![p(-0.6, -0.85), p(0.85, 0.0), p(-0.6, 0.85)],
                colour,
                Stroke::NONE,
            ));
        }
        Icon::Pause => {
            for x in [-0.45, 0.2] {
                painter.rect_filled(Rect::from_min_max(p(x, -0.8), p(x + 0.3, 0.8)), 2.0, colour);
            }
        }
        Icon::Restart => {
            let points: Vec<Pos2> = (0..=20)
                .map(|i| {
                    let a = -0.6 + (i as f32 / 20.0) * 5.0;
                    p(0.75 * a.cos(), 0.75 * a.sin())
                })
                .collect();
            let end = *points.last().unwrap_or(&c);
            painter.line(points, stroke);
            painter.add(Shape::convex_polygon(
                vec![
                    end + vec2(-s * 0.2, -s * 0.05),
                    end + vec2(s * 0.2, -s * 0.1),
                    end + vec2(0.0, s * 0.2),
                ],
                colour,
                Stroke::NONE,
            ));
        }
        Icon::Close => {
            painter.line_segment([p(-0.7, -0.7), p(0.7, 0.7)], stroke);
            painter.line_segment([p(0.7, -0.7), p(-0.7, 0.7)], stroke);
        }
        Icon::Quiz => {
            painter.circle_stroke(c, s * 0.48, stroke);
            painter.text(
                c,
                Align2::CENTER_CENTER,
                "?",
                FontId::new(s * 0.7, theme::bold()),
                colour,
            );
        }
        Icon::Map => {
            painter.circle_stroke(p(0.0, -0.3), s * 0.28, stroke);
            painter.line(vec![p(-0.48, -0.1), p(0.0, 0.9), p(0.48, -0.1)], stroke);
        }
        Icon::TextSize => {
            painter.text(
                p(-0.35, 0.1),
                Align2::CENTER_CENTER,
                "A",
                FontId::new(s * 0.75, theme::bold()),
                colour,
            );
            painter.text(
                p(0.55, -0.25),
                Align2::CENTER_CENTER,
                "+",
                FontId::new(s * 0.6, theme::bold()),
                colour,
            );
        }
        Icon::Transcript => {
            for (i, len) in [1.6, 1.6, 1.6, 1.0].iter().enumerate() {
                let y = -0.7 + i as f32 * 0.45;
                painter.line_segment([p(-0.8, y), p(-0.8 + len, y)], stroke);
            }
        }
        Icon::Captions => {
            painter.rect_stroke(
                Rect::from_min_max(p(-0.9, -0.6), p(0.9, 0.6)),
                s * 0.08,
                stroke,
                egui::StrokeKind::Middle,
            );
            painter.line_segment([p(-0.55, 0.2), p(-0.05, 0.2)], stroke);
            painter.line_segment([p(0.15, 0.2), p(0.55, 0.2)], stroke);
        }
        Icon::Star => paint_star(painter, c, s * 0.5, colour, Stroke::NONE),
        Icon::Enlarge => {
            painter.circle_stroke(p(-0.2, -0.2), s * 0.3, stroke);
            painter.line_segment([p(0.22, 0.22), p(0.8, 0.8)], stroke);
            painter.line_segment([p(-0.45, -0.2), p(0.05, -0.2)], stroke);
            painter.line_segment([p(-0.2, -0.45), p(-0.2, 0.05)], stroke);
        }
        Icon::Guide => {
            painter.line_segment([p(-0.5, -0.85), p(-0.5, 0.9)], stroke);
            painter.add(Shape::convex_polygon(
                vec![p(-0.5, -0.85), p(0.75, -0.45), p(-0.5, -0.05)],
                colour,
                Stroke::NONE,
            ));
        }
        Icon::FullScreen | Icon::ExitFullScreen => {
            // Each corner an L; pointing out from the middle, or in towards it.
            let (tip, arm) = if icon == Icon::FullScreen {
                (0.85, 0.45)
            } else {
                (0.3, 0.75)
            };
            for (x, y) in [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)] {
                painter.line(
                    vec![
                        p(x * tip, y * arm),
                        p(x * tip, y * tip),
                        p(x * arm, y * tip),
                    ],
                    stroke,
                );
            }
        }
    }
}

/// A five-pointed star.
pub fn paint_star(
    painter: &egui::Painter,
    centre: Pos2,
    radius: f32,
    fill: Color32,
    stroke: Stroke,
) {
    let points: Vec<Pos2> = (0..10)
        .map(|i| {
            let r = if i % 2 == 0 { radius } else { radius * 0.45 };
            let a = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::PI / 5.0;
            pos2(centre.x + r * a.cos(), centre.y + r * a.sin())
        })
        .collect();
    // Not convex: fan it from the centre.
    for i in 0..10 {
        let a = points[i];
        let b = points[(i + 1) % 10];
        painter.add(Shape::convex_polygon(
            vec![centre, a, b],
            fill,
            Stroke::NONE,
        ));
    }
    if stroke != Stroke::NONE {
        let mut closed = points.clone();
        closed.push(points[0]);
        painter.line(closed, stroke);
    }
}

/// The language switch: each language named in its own script; the current one
/// marked. Returns the language tapped.
pub fn language_switch(
    ui: &mut Ui,
    m: &Metrics,
    rect: Rect,
    languages: &[String],
    current: &str,
    on_dark: bool,
) -> Option<String> {
    // Each button as wide as its own name needs ("English" is wider than "中文"),
    // shared out in proportion when the rectangle is not exactly the switch's width.
    let needed: Vec<f32> = languages
        .iter()
        .map(|code| button_width(ui, m, None, &language_name(code)) + m.px(LANGUAGE_GAP))
        .collect();
    let scale = rect.width() / needed.iter().sum::<f32>().max(1.0);
    let mut x = rect.min.x;
    let mut chosen = None;
    for (code, needed) in languages.iter().zip(needed) {
        let width = needed * scale;
        let cell = Rect::from_min_size(pos2(x, rect.min.y), vec2(width, rect.height()))
            .shrink2(vec2(m.px(LANGUAGE_GAP / 2.0), 0.0));
        x += width;
        let selected = code == current;
        let look = match (selected, on_dark) {
            (true, _) => Look::Selected,
            (false, true) => Look::OnDark,
            (false, false) => Look::Secondary,
        };
        let name = language_name(code);
        let response = button_at(ui, m, cell, None, &name, look);
        if response.clicked() && !selected {
            chosen = Some(code.clone());
        }
    }
    chosen
}

/// Width the language switch needs.
pub fn language_switch_width(ui: &Ui, m: &Metrics, languages: &[String]) -> f32 {
    languages
        .iter()
        .map(|code| button_width(ui, m, None, &language_name(code)))
        .sum::<f32>()
        + m.px(LANGUAGE_GAP) * languages.len() as f32
}

/// The space between two language buttons (and half of it at the switch's ends): more
/// than the 8 px at 1080p that keeps a finger from touching both.
const LANGUAGE_GAP: f32 = 12.0;

/// How a photo fills its frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// Whole photo visible, letterboxed.
    Contain,
    /// Frame filled, photo cropped.
    Cover,
    /// Frame filled, photo cropped about this point (fractions of its width and height)
    /// rather than its middle: the curator's `cover_focus`.
    CoverAround(Vec2),
}

impl Fit {
    /// How an exhibit's cover fills a frame: about its focus, if the curator gave one.
    pub fn cover(focus: Option<crate::content::Focus>) -> Self {
        focus.map_or(Fit::Cover, |focus| Fit::CoverAround(vec2(focus.x, focus.y)))
    }
}

/// Paints a photo (or a calm placeholder while it loads or when it cannot be shown).
/// Returns the rectangle the photo occupies.
pub fn photo(ui: &Ui, rect: Rect, state: &ImageState, fit: Fit, tint: Color32) -> Rect {
    let painter = ui.painter_at(rect);
    match state {
        ImageState::Ready { texture, .. } => {
            let size = texture.size_vec2();
            let (shown, uv) = fitted(rect, size, fit);
            painter.image(texture.id(), shown, uv, tint);
            shown
        }
        ImageState::Loading => {
            painter.rect_filled(rect, 0.0, Color32::from_rgb(0xE4, 0xD8, 0xC0));
            rect
        }
        ImageState::Failed => {
            placeholder(&painter, rect);
            rect
        }
    }
}

/// A neutral frame for a photo that cannot be shown: no error text for visitors.
pub fn placeholder(painter: &egui::Painter, rect: Rect) {
    painter.rect_filled(rect, 0.0, Color32::from_rgb(0xDD, 0xD2, 0xBD));
    let s = rect.width().min(rect.height()) * 0.18;
    let c = rect.center();
    let stroke = Stroke::new((s * 0.06).max(2.0), Color32::from_rgb(0xB8, 0xA8, 0x8A));
    painter.rect_stroke(
        Rect::from_center_size(c, vec2(s * 1.6, s * 1.2)),
        s * 0.1,
        stroke,
        egui::StrokeKind::Middle,
    );
    painter.line(
        vec![
            c + vec2(-s * 0.7, s * 0.45),
            c + vec2(-s * 0.15, -s * 0.15),
            c + vec2(s * 0.25, s * 0.25),
            c + vec2(s * 0.7, -s * 0.2),
        ],
        stroke,
    );
}

/// Where an image of `size` goes in `rect`, and which part of it shows.
pub fn fitted(rect: Rect, size: Vec2, fit: Fit) -> (Rect, Rect) {
    let full_uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
    if size.x <= 0.0 || size.y <= 0.0 {
        return (rect, full_uv);
    }
    let scale_x = rect.width() / size.x;
    let scale_y = rect.height() / size.y;
    match fit {
        Fit::Contain => {
            let scale = scale_x.min(scale_y);
            (Rect::from_center_size(rect.center(), size * scale), full_uv)
        }
        Fit::Cover => (rect, cropped(rect, size, vec2(0.5, 0.5))),
        Fit::CoverAround(focus) => (rect, cropped(rect, size, focus)),
    }
}

/// The part of an image of `size` (as texture coordinates) that fills `rect`, centred
/// on `focus` as far as the image's edges allow.
fn cropped(rect: Rect, size: Vec2, focus: Vec2) -> Rect {
    let scale = (rect.width() / size.x).max(rect.height() / size.y);
    let window = rect.size() / (size * scale);
    let centre = |focus: f32, window: f32| {
        let half = window / 2.0;
        if half >= 0.5 {
            0.5
        } else {
            focus.clamp(half, 1.0 - half)
        }
    };
    let middle = pos2(centre(focus.x, window.x), centre(focus.y, window.y));
    Rect::from_center_size(middle, window.min(Vec2::splat(1.0)))
}

/// `text` broken into lines of at most `width` in `font` by [`crate::typeset`]'s rules.
fn typeset_lines(
    painter: &egui::Painter,
    text: &str,
    font: &FontId,
    width: f32,
    kind: typeset::Kind,
) -> Vec<String> {
    painter.fonts_mut(|fonts| {
        let mut width_of = |s: &str| -> f32 { s.chars().map(|c| fonts.glyph_width(font, c)).sum() };
        // Summed advances miss kerning: a little room keeps egui from wrapping again.
        typeset::lines(text, width * 0.98, kind, &mut width_of)
    })
}

/// Lays out text to fit `width`, with generous line spacing for standing readers.
/// The lines are broken by [`crate::typeset`] (line-breaking rules for Chinese, line
/// length limits) and handed to egui already broken, since egui's own wrapping breaks
/// Chinese text before any character.
pub fn paragraph(
    ui: &Ui,
    text: &str,
    font: FontId,
    colour: Color32,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    let painter = ui.painter();
    let lines = typeset_lines(painter, text, &font, width, typeset::Kind::Body);
    let format = egui::TextFormat {
        font_id: font.clone(),
        color: colour,
        line_height: Some(font.size * 1.6),
        ..Default::default()
    };
    let tight = egui::TextFormat {
        extra_letter_spacing: -0.5 * font.size,
        ..format.clone()
    };
    let mut job = egui::text::LayoutJob::default();
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            job.append("\n", 0.0, format.clone());
        }
        let mut at = 0;
        for range in typeset::compressed_punctuation(line) {
            if let (Some(before), Some(mark)) = (line.get(at..range.start), line.get(range.clone()))
            {
                job.append(before, 0.0, format.clone());
                job.append(mark, 0.0, tight.clone());
                at = range.end;
            }
        }
        job.append(line.get(at..).unwrap_or_default(), 0.0, format.clone());
    }
    job.wrap.max_width = width;
    painter.layout_job(job)
}

/// A short label (a caption, a name) broken into centred lines of at most `width`, by
/// the same line-breaking rules as [`paragraph`]. A centred galley lays its rows out
/// around x = 0: paint it with [`paint_centred`].
pub fn centred_lines(
    ui: &Ui,
    text: &str,
    font: FontId,
    colour: Color32,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    let painter = ui.painter();
    let lines = typeset_lines(painter, text, &font, width, typeset::Kind::Label);
    let mut job = egui::text::LayoutJob::simple(lines.join("\n"), font, colour, width.max(1.0));
    job.halign = egui::Align::Center;
    painter.layout_job(job)
}

/// Paints a galley from [`centred_lines`] centred in `rect`; returns where it is.
pub fn paint_centred(
    painter: &egui::Painter,
    galley: std::sync::Arc<egui::Galley>,
    rect: Rect,
) -> Rect {
    let at = Align2::CENTER_CENTER.align_size_within_rect(galley.size(), rect);
    painter.galley(pos2(at.center().x, at.min.y), galley, Color32::PLACEHOLDER);
    at
}

/// Paints `text` centred in `rect` on one line, shrinking it to fit if needed.
pub fn fitted_label(ui: &Ui, rect: Rect, text: &str, font: FontId, colour: Color32, align: Align2) {
    let painter = ui.painter();
    let mut font = font;
    let mut galley = painter.layout_no_wrap(text.to_owned(), font.clone(), colour);
    while galley.size().x > rect.width() && font.size > 14.0 {
        font.size *= 0.92;
        galley = painter.layout_no_wrap(text.to_owned(), font.clone(), colour);
    }
    let pos = align.align_size_within_rect(galley.size(), rect).min;
    painter.galley(pos, galley, colour);
}

/// A non-interactive accessible label for text painted by hand, so screen readers
/// (and tests) can read it.
pub fn accessible_text(
    ui: &mut Ui,
    rect: Rect,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    text: &str,
) {
    let response = ui.interact(rect, ui.scope_id().with(id_salt), Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    register_widget(
        ui,
        rect,
        Some(response.id),
        egui::Role::Label,
        text,
        TargetKind::Read,
    );
}

/// Texts read one after another, each ending as a sentence (a full stop added only
/// where a text has no closing mark of its own).
pub fn sentences(texts: &[&str], language: &str) -> String {
    let (stop, gap) = if language == "zh" {
        ("。", "")
    } else {
        (".", " ")
    };
    let mut out = String::new();
    for text in texts {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(gap);
        }
        out.push_str(text);
        let closed = text
            .chars()
            .last()
            .is_some_and(|c| "。！？.!?…”\"".contains(c));
        if !closed {
            out.push_str(stop);
        }
    }
    out
}

/// Gives a widget's screen-reader node a description: what a picture shows, said
/// after its name.
pub fn describe(ui: &Ui, id: egui::Id, description: &str) {
    ui.ctx()
        .accesskit_node_builder(id, |node| node.set_description(description));
}

/// Text that tells of a change (the page turned, an answer judged, the visit about to
/// end): a live region, so that a screen reader says it when it appears or changes, and
/// a text the self-voicing mode reads as it appears. Say it in words (`spoken`), as
/// what the screen shows may be signs ("2 / 3").
pub fn announce(
    ui: &mut Ui,
    rect: Rect,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    spoken: &str,
    urgency: egui::accesskit::Live,
) -> egui::Id {
    let response = ui.interact(rect, ui.scope_id().with(id_salt), Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Status, true, spoken));
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_live(urgency));
    register_widget(
        ui,
        rect,
        Some(response.id),
        egui::Role::Status,
        spoken,
        TargetKind::Read,
    );
    response.id
}

/// How much of `duration` has played at `position`, from 0 to 1 (0 while the length is
/// not known).
pub fn played_fraction(position: std::time::Duration, duration: std::time::Duration) -> f32 {
    if duration > std::time::Duration::ZERO {
        (position.as_secs_f32() / duration.as_secs_f32()).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// The seek bar of narration and film: the track, the part played, and the knob a
/// finger drags (larger while dragged).
pub fn seek_track(painter: &egui::Painter, m: &Metrics, track: Rect, fraction: f32, dragged: bool) {
    painter.rect_filled(track, m.px(5.0), theme::palette().line);
    painter.rect_filled(
        Rect::from_min_size(track.min, vec2(track.width() * fraction, track.height())),
        m.px(5.0),
        theme::palette().red,
    );
    painter.circle(
        pos2(track.min.x + track.width() * fraction, track.center().y),
        m.px(if dragged { 20.0 } else { 15.0 }),
        theme::palette().red,
        Stroke::new(m.px(3.0), theme::palette().card),
    );
}

/// `m:ss`.
pub fn clock(duration: std::time::Duration) -> String {
    let secs = duration.as_secs();
    format!("{}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANDSCAPE_PICTURE: Vec2 = vec2(1920.0, 1080.0);
    const PORTRAIT_SCREEN: Rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(1080.0, 1920.0));

    #[test]
    fn a_cover_is_cropped_about_its_middle_unless_it_names_a_focus() {
        let (_, middle) = fitted(PORTRAIT_SCREEN, LANDSCAPE_PICTURE, Fit::Cover);
        // A 16:9 picture on a 9:16 screen shows (9/16)² of its width.
        let width = (9.0f32 / 16.0).powi(2);
        assert!((middle.width() - width).abs() < 1e-4, "{middle:?}");
        assert!((middle.center().x - 0.5).abs() < 1e-4, "{middle:?}");
        assert!((middle.height() - 1.0).abs() < 1e-4, "{middle:?}");

        let (_, right) = fitted(
            PORTRAIT_SCREEN,
            LANDSCAPE_PICTURE,
            Fit::CoverAround(vec2(0.8, 0.5)),
        );
        assert!((right.center().x - 0.8).abs() < 1e-4, "{right:?}");
        assert!((right.width() - width).abs() < 1e-4, "{right:?}");
    }

    #[test]
    fn a_focus_near_an_edge_never_shows_beyond_the_picture() {
        for focus in [vec2(1.0, 0.5), vec2(0.0, 0.0), vec2(0.97, 1.0)] {
            let (_, uv) = fitted(PORTRAIT_SCREEN, LANDSCAPE_PICTURE, Fit::CoverAround(focus));
            assert!(uv.min.x >= 0.0 && uv.max.x <= 1.0, "{focus:?}: {uv:?}");
            assert!(uv.min.y >= 0.0 && uv.max.y <= 1.0, "{focus:?}: {uv:?}");
        }
        let (_, uv) = fitted(
            PORTRAIT_SCREEN,
            LANDSCAPE_PICTURE,
            Fit::CoverAround(vec2(1.0, 0.5)),
        );
        assert!(
            (uv.max.x - 1.0).abs() < 1e-4,
            "pressed against the right edge: {uv:?}"
        );
    }

    #[test]
    fn a_target_past_the_screen_edge_is_recorded_whole_as_cut() {
        let ctx = egui::Context::default();
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0))),
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, |ui| {
            register(
                ui,
                Rect::from_min_size(pos2(10.0, 10.0), vec2(100.0, 60.0)),
                "inside",
                TargetKind::Tap,
            );
            register(
                ui,
                Rect::from_min_size(pos2(740.0, 10.0), vec2(100.0, 60.0)),
                "past",
                TargetKind::Tap,
            );
        });
        output.textures_delta.clear();
        let targets = take_targets(&ctx);
        let cut = take_cut_targets(&ctx);
        assert_eq!(targets.len(), 2);
        let past = targets.iter().find(|t| t.label == "past").unwrap();
        assert_eq!(past.rect.max.x, 800.0, "the target is its part on screen");
        assert_eq!(cut.len(), 1);
        assert_eq!(cut[0].label, "past");
        assert_eq!(cut[0].whole.max.x, 840.0);
    }
}
