//! The full-screen photo viewer: pinch or double-tap to zoom, drag to pan, limits that
//! keep the photo on screen, caption and credit, and a large close button. Zoomed in
//! beyond the screen-size texture, the visible part is decoded again at full detail.

use std::time::Duration;

use eframe::egui::{self, Align2, Color32, Rect, Sense, Vec2, pos2, vec2};

use super::FrameContext;
use super::theme;
use super::widgets::{self, Icon, Look};
use crate::media::images::{ImageKey, ImageState, Priority, Region};
use crate::visit::Action;

/// Double-tap zooms to this (or to the most the photo allows).
const DOUBLE_TAP_ZOOM: f32 = 2.5;
/// Wait this long after the last zoom or pan before decoding the detail.
const DETAIL_DELAY: Duration = Duration::from_millis(180);

/// Zoom and pan of the photo being viewed.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewerState {
    /// Which photo this is for; anything else resets.
    pub photo: Option<(String, usize, usize)>,
    /// 1.0 = the whole photo fits the screen.
    pub zoom: f32,
    /// Offset of the photo's centre from the screen's, in points.
    pub pan: Vec2,
    pub last_change: Duration,
}

impl Default for ViewerState {
    fn default() -> Self {
        Self {
            photo: None,
            zoom: 1.0,
            pan: Vec2::ZERO,
            last_change: Duration::ZERO,
        }
    }
}

impl ViewerState {
    /// Keeps zoom within `[1, max_zoom]` and the photo covering as much of `view` as it can.
    pub fn clamp(&mut self, fitted: Vec2, view: Vec2, max_zoom: f32) {
        self.zoom = self.zoom.clamp(1.0, max_zoom.max(1.0));
        let scaled = fitted * self.zoom;
        let limit = ((scaled - view) / 2.0).max(Vec2::ZERO);
        self.pan = self.pan.clamp(-limit, limit);
    }
}

pub fn photo_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    id: &str,
    panel: usize,
    index: usize,
) {
    let Some(photo) = frame
        .hall
        .exhibit(id)
        .and_then(|e| e.panels.get(panel))
        .and_then(|p| p.photos.get(index))
    else {
        frame.act(Action::ClosePhoto);
        return;
    };
    let rect = ui.max_rect();
    let m = frame.m;
    ui.painter().rect_filled(rect, 0.0, theme::palette().night);
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let key = (id.to_owned(), panel, index);
    if frame.state.photo.photo.as_ref() != Some(&key) {
        frame.state.photo = ViewerState {
            photo: Some(key),
            last_change: frame.now,
            ..ViewerState::default()
        };
    }

    let caption = photo
        .caption
        .as_ref()
        .map(|c| c.get(&language, &fallback).to_owned());
    let credit = photo.credit.clone();
    let text_width = rect.width() - 2.0 * m.margin();
    let caption_galley = caption.as_ref().map(|text| {
        ui.painter()
            .layout(text.clone(), m.body(), theme::palette().cream, text_width)
    });
    let credit_galley = credit.as_ref().map(|text| {
        ui.painter()
            .layout(text.clone(), m.small(), theme::palette().gold, text_width)
    });
    let band_height = m.px(36.0)
        + caption_galley.as_ref().map_or(0.0, |g| g.size().y)
        + credit_galley
            .as_ref()
            .map_or(0.0, |g| g.size().y + m.px(8.0));
    let view = Rect::from_min_max(rect.min, pos2(rect.max.x, rect.max.y - band_height));

    let path = photo.file.file();
    let side = frame.pixels(m.screen.x.max(m.screen.y));
    let state = match frame.photo(&photo.file, side, Priority::Now) {
        // The panel's smaller copy until the screen-size one is decoded.
        ImageState::Loading => path
            .and_then(|path| frame.images.best_ready(path))
            .unwrap_or(ImageState::Loading),
        state => state,
    };
    let response = ui.interact(
        view,
        ui.scope_id().with(("viewer", id, panel, index)),
        Sense::click_and_drag(),
    );
    widgets::register(ui, view, "photo", widgets::TargetKind::Zoom);
    let alt = photo
        .alt
        .as_ref()
        .map(|alt| alt.get(&language, &fallback).to_owned());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Image, true, caption.clone().unwrap_or_default())
    });
    // A screen reader says the caption as the photo's name, then what it shows.
    if let Some(alt) = &alt {
        widgets::describe(ui, response.id, alt);
    }
    // The self-voicing mode reads the caption and then the description, as a photo.
    let spoken = [caption.as_deref(), alt.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    if !spoken.is_empty() {
        widgets::register_widget(
            ui,
            view,
            None,
            egui::Role::Image,
            &widgets::sentences(&spoken, &language),
            widgets::TargetKind::Read,
        );
    }

    match &state {
        ImageState::Ready {
            texture,
            source_size,
        } => {
            let texture_size = texture.size_vec2();
            let (fitted_rect, _) = widgets::fitted(view, texture_size, widgets::Fit::Contain);
            let fitted = fitted_rect.size();
            // Zoom until one photo pixel is two screen pixels.
            let source_points =
                vec2(source_size[0] as f32, source_size[1] as f32) / frame.pixels_per_point;
            let max_zoom = (source_points.x / fitted.x * 2.0).clamp(DOUBLE_TAP_ZOOM, 12.0);
            let viewer = &mut frame.state.photo;
            let before = (viewer.zoom, viewer.pan);

            // Pinch (two fingers) or ctrl+wheel, about the pinch centre.
            let (zoom_delta, pinch_centre, multi_translation) = ui.input(|i| {
                let multi = i.multi_touch();
                (
                    i.zoom_delta(),
                    multi.map(|t| t.center_pos).or(i.pointer.hover_pos()),
                    multi.map(|t| t.translation_delta),
                )
            });
            if response.hovered() || multi_translation.is_some() {
                if (zoom_delta - 1.0).abs() > f32::EPSILON {
                    let centre = pinch_centre.unwrap_or(view.center());
                    zoom_about(viewer, view.center(), centre, viewer.zoom * zoom_delta);
                }
                if let Some(translation) = multi_translation {
                    viewer.pan += translation;
                }
            }
            if response.dragged() && multi_translation.is_none() {
                viewer.pan += response.drag_delta();
            }
            if response.double_clicked() {
                let centre = response.interact_pointer_pos().unwrap_or(view.center());
                let target = if viewer.zoom > 1.05 {
                    1.0
                } else {
                    DOUBLE_TAP_ZOOM.min(max_zoom)
                };
                zoom_about(viewer, view.center(), centre, target);
            }
            viewer.clamp(fitted, view.size(), max_zoom);
            if (viewer.zoom, viewer.pan) != before {
                viewer.last_change = frame.now;
                if viewer.zoom > 1.05 {
                    frame.actions.push(Action::PhotoZoom(viewer.zoom));
                }
            }
            let viewer = frame.state.photo.clone();
            let shown = Rect::from_center_size(view.center() + viewer.pan, fitted * viewer.zoom);
            let painter = ui.painter_at(view);
            painter.image(
                texture.id(),
                shown,
                Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                Color32::WHITE,
            );
            if let Some(path) = &path {
                detail_ui(ui, frame, path, *source_size, shown, view, texture_size);
            }
        }
        ImageState::Loading => {
            ui.painter().text(
                view.center(),
                Align2::CENTER_CENTER,
                frame.tr("正在打开……", "Opening…"),
                m.body(),
                theme::palette().cream,
            );
        }
        ImageState::Failed => widgets::placeholder(ui.painter(), view.shrink(m.margin() * 2.0)),
    }

    // Caption and credit on a dark band.
    let band = Rect::from_min_max(pos2(rect.min.x, view.max.y), rect.max);
    ui.painter()
        .rect_filled(band, 0.0, Color32::from_rgb(0x0C, 0x0A, 0x09));
    let mut y = band.min.y + m.px(18.0);
    if let Some(galley) = caption_galley {
        let height = galley.size().y;
        ui.painter().galley(
            pos2(rect.min.x + m.margin(), y),
            galley,
            theme::palette().cream,
        );
        // The caption is already the photo's accessible name.
        y += height + m.px(8.0);
    }
    if let Some(galley) = credit_galley {
        ui.painter().galley(
            pos2(rect.min.x + m.margin(), y),
            galley,
            theme::palette().gold,
        );
    }

    if frame.state.photo.zoom <= 1.01 {
        // On a dark pill: over a bright photo, bare text would be lost.
        let hint = frame.tr("双指或双击放大", "Pinch or double-tap to zoom");
        let galley =
            ui.painter()
                .layout_no_wrap(hint.to_owned(), m.small(), theme::palette().cream);
        let pill = Rect::from_center_size(
            pos2(
                view.center().x,
                view.max.y - m.px(20.0) - galley.size().y / 2.0 - m.px(6.0),
            ),
            galley.size() + vec2(m.px(36.0), m.px(12.0)),
        );
        ui.painter()
            .rect_filled(pill, pill.height() / 2.0, Color32::from_black_alpha(180));
        let at = pill.center() - galley.size() / 2.0;
        ui.painter().galley(at, galley, theme::palette().cream);
    }

    // Home stays one tap away, even here.
    let home_label = frame.tr("首页", "Home").to_owned();
    let home_width = widgets::button_width(ui, &m, Some(Icon::Home), &home_label);
    let home = Rect::from_min_size(
        pos2(rect.min.x + m.margin(), rect.min.y + m.margin()),
        vec2(home_width, m.target()),
    );
    if widgets::button_at(ui, &m, home, Some(Icon::Home), &home_label, Look::OnDark).clicked() {
        frame.act(Action::GoHome);
    }
    let close_label = frame.tr("关闭", "Close").to_owned();
    let size = m.target() * 1.15;
    let close = Rect::from_min_size(
        pos2(rect.max.x - m.margin() - size, rect.min.y + m.margin()),
        vec2(size, size),
    );
    if widgets::icon_button_at(ui, &m, close, Icon::Close, &close_label, Look::Secondary).clicked()
        || ui.input(|i| i.key_pressed(egui::Key::Escape))
    {
        frame.act(Action::ClosePhoto);
    }
}

/// Zooms to `target`, keeping the photo point under `centre` in place.
pub(super) fn zoom_about(
    viewer: &mut ViewerState,
    view_centre: egui::Pos2,
    centre: egui::Pos2,
    target: f32,
) {
    let factor = target / viewer.zoom;
    let from_centre = centre - view_centre;
    viewer.pan = from_centre - (from_centre - viewer.pan) * factor;
    viewer.zoom = target;
}

/// When zoomed in beyond the texture's own resolution, decodes the visible part of
/// the photo at full detail and draws it over the screen-size texture.
fn detail_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    path: &std::path::Path,
    source_size: [u32; 2],
    shown: Rect,
    view: Rect,
    texture_size: Vec2,
) {
    let screen_pixels_per_texture_pixel = shown.width() * frame.pixels_per_point / texture_size.x;
    if screen_pixels_per_texture_pixel < 1.15 {
        return;
    }
    let visible = shown.intersect(view);
    if visible.width() <= 0.0 || visible.height() <= 0.0 {
        return;
    }
    // The visible part in photo pixels, padded a little and snapped to a grid so small
    // pans reuse the same decode.
    let scale = source_size[0] as f32 / shown.width();
    let grid = 128.0;
    let x0 = (((visible.min.x - shown.min.x) * scale - grid) / grid)
        .floor()
        .max(0.0)
        * grid;
    let y0 = (((visible.min.y - shown.min.y) * scale - grid) / grid)
        .floor()
        .max(0.0)
        * grid;
    let x1 = (((visible.max.x - shown.min.x) * scale + grid) / grid).ceil() * grid;
    let y1 = (((visible.max.y - shown.min.y) * scale + grid) / grid).ceil() * grid;
    let x1 = x1.min(source_size[0] as f32);
    let y1 = y1.min(source_size[1] as f32);
    let region = Region {
        x: x0 as u32,
        y: y0 as u32,
        width: (x1 - x0).max(1.0) as u32,
        height: (y1 - y0).max(1.0) as u32,
    };
    let side = frame.pixels(view.width().max(view.height()) * 1.3);
    let key = ImageKey {
        path: path.to_path_buf(),
        max_side: side,
        region: Some(region),
        cover: None,
    };
    let settled = frame.now.saturating_sub(frame.state.photo.last_change) >= DETAIL_DELAY;
    if !settled {
        frame.repaint_in(DETAIL_DELAY);
        return;
    }
    if let ImageState::Ready { texture, .. } = frame.images.request_key(key, Priority::Now) {
        let min = pos2(shown.min.x + x0 / scale, shown.min.y + y0 / scale);
        let max = pos2(shown.min.x + x1 / scale, shown.min.y + y1 / scale);
        ui.painter_at(view).image(
            texture.id(),
            Rect::from_min_max(min, max),
            Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            Color32::WHITE,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_photo_never_leaves_the_screen() {
        let mut viewer = ViewerState {
            zoom: 3.0,
            pan: vec2(5000.0, -5000.0),
            ..ViewerState::default()
        };
        viewer.clamp(vec2(1000.0, 500.0), vec2(1000.0, 800.0), 4.0);
        // 3000×1500 on a 1000×800 view: at most 1000 right and 350 up.
        assert_eq!(viewer.pan, vec2(1000.0, -350.0));

        viewer.zoom = 0.2;
        viewer.clamp(vec2(1000.0, 500.0), vec2(1000.0, 800.0), 4.0);
        assert_eq!(viewer.zoom, 1.0);
        assert_eq!(viewer.pan, Vec2::ZERO);
    }

    #[test]
    fn zooming_keeps_the_point_under_the_fingers() {
        let mut viewer = ViewerState::default();
        zoom_about(&mut viewer, pos2(500.0, 400.0), pos2(700.0, 400.0), 2.0);
        // The point 200 right of centre stays put: the photo moves 200 left.
        assert_eq!(viewer.pan, vec2(-200.0, 0.0));
    }
}
