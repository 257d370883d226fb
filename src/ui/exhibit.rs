//! An exhibit: its panels paged by swipe or by large arrows, each with a heading,
//! body, photos with captions and narration with synced captions. Back and home are
//! always one tap away.

use std::time::Duration;

use eframe::egui::accesskit::Live;
use eframe::egui::{self, Align2, Color32, Rect, Sense, Stroke, pos2, vec2};

use super::FrameContext;
use super::theme::{self, Metrics};
use super::widgets::{self, Fit, Icon, Look};
use crate::content::{Exhibit, Panel};
use crate::media::images::{ImageState, Priority};
use crate::visit::Action;

/// A swipe must travel this share of the content width to turn the page.
const SWIPE_SHARE: f32 = 0.12;

pub fn exhibit_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, id: &str, panel_index: usize) {
    let Some(exhibit) = frame.hall.exhibit(id) else {
        frame.act(Action::GoHome);
        return;
    };
    let rect = ui.max_rect();
    let m = frame.m;
    ui.painter().rect_filled(rect, 0.0, theme::palette().paper);

    let Some(panel) = exhibit.panels.get(panel_index) else {
        return;
    };
    // Full screen, the film is all there is: not even the top bar is drawn under it.
    if frame.state.film_full_screen
        && let Some(video) = &panel.video
        && frame
            .film
            .as_ref()
            .is_some_and(|v| v.key.exhibit == id && v.key.panel == panel_index)
    {
        super::film::full_screen_ui(ui, frame, video, rect);
        return;
    }
    let title = exhibit
        .title
        .get(frame.language(), frame.fallback())
        .to_owned();
    let bar = super::top_bar::top_bar_ui(ui, frame, rect, &title);
    let nav_height = m.target() + m.px(32.0);
    let nav = Rect::from_min_max(pos2(rect.min.x, rect.max.y - nav_height), rect.max);
    let content = Rect::from_min_max(pos2(rect.min.x, bar.max.y), pos2(rect.max.x, nav.min.y));
    let panel_count = exhibit.panels.len();

    // Swipe: the page follows the finger and turns on release, one page per gesture
    // however long or fast. Read from the raw pointer, so that it works over the
    // text (which scrolls vertically) and the photo (which opens on a tap).
    let (pressed, released, down, latest, velocity) = ui.input(|i| {
        (
            i.pointer.primary_pressed(),
            i.pointer.primary_released(),
            i.pointer.primary_down(),
            i.pointer.latest_pos(),
            i.pointer.velocity(),
        )
    });
    widgets::register(ui, content, "page", widgets::TargetKind::Swipe);
    // Where the narration controls were drawn last frame: no swipe starts there.
    let controls = frame
        .state
        .narration_bar
        .filter(|_| panel.narration.is_some());
    let (photo_area, _) = panel_layout(&m, content, panel);
    let film_controls = frame.state.film_bar.filter(|_| panel.video.is_some());
    if pressed {
        frame.state.swipe_from = ui.input(|i| i.pointer.press_origin()).filter(|p| {
            content.contains(*p)
                && !controls.is_some_and(|c| c.contains(*p))
                && !film_controls.is_some_and(|c| c.contains(*p))
        });
    }
    let travel = match (frame.state.swipe_from, latest) {
        (Some(from), Some(to)) => {
            let delta = to - from;
            // Mostly sideways: a vertical scroll of the text is not a swipe.
            if delta.x.abs() > delta.y.abs() * 1.5 {
                delta.x
            } else {
                0.0
            }
        }
        _ => 0.0,
    };
    let mut offset = 0.0;
    if down && travel != 0.0 && !frame.reduced_motion {
        offset = travel;
        // Resist at the ends.
        if (offset > 0.0 && panel_index == 0) || (offset < 0.0 && panel_index + 1 >= panel_count) {
            offset *= 0.25;
        }
    }
    if released && frame.state.swipe_from.take().is_some() {
        let far = travel.abs() > content.width() * SWIPE_SHARE;
        let fast = velocity.x.abs() > 900.0 && travel.abs() > m.px(40.0);
        if far || fast {
            if travel < 0.0 && panel_index + 1 < panel_count {
                frame.act(Action::ShowPanel(panel_index + 1));
            } else if travel > 0.0 && panel_index > 0 {
                frame.act(Action::ShowPanel(panel_index - 1));
            }
        }
    }
    if ui.input(|i| i.key_pressed(egui::Key::ArrowRight)) && panel_index + 1 < panel_count {
        frame.act(Action::ShowPanel(panel_index + 1));
    }
    if ui.input(|i| i.key_pressed(egui::Key::ArrowLeft)) && panel_index > 0 {
        frame.act(Action::ShowPanel(panel_index - 1));
    }

    let page = content.translate(vec2(offset, 0.0));
    let mut page_ui = ui.new_child(egui::UiBuilder::new().max_rect(page).id_salt((
        "page",
        id,
        panel_index,
    )));
    page_ui.set_clip_rect(content);
    panel_ui(&mut page_ui, frame, exhibit, panel_index, panel, page);

    nav_ui(ui, frame, nav, panel_index, panel_count);
    captions_ui(ui, frame, id, panel_index, content, photo_area);

    // Prefetch the neighbouring panels' photos so turning the page is instant.
    for neighbour in [panel_index + 1, panel_index.wrapping_sub(1)] {
        if let Some(next) = exhibit.panels.get(neighbour) {
            for photo in &next.photos {
                let side = photo_side(frame, &m, content);
                frame.prefetch(&photo.file, side);
            }
        }
    }
}

/// Pixels for a panel photo: decoded once at screen size, so the same texture also
/// serves the full-screen viewer.
fn photo_side(frame: &FrameContext<'_>, _m: &Metrics, _content: Rect) -> u32 {
    frame.pixels(frame.m.screen.x.max(frame.m.screen.y))
}

/// Where the photos and the text go on a page: side by side in landscape, stacked in
/// portrait.
fn panel_layout(m: &Metrics, page: Rect, panel: &Panel) -> (Rect, Rect) {
    let inner = page.shrink2(vec2(m.margin(), m.px(28.0)));
    if m.portrait {
        let photo_height = match &panel.video {
            // The film across the screen's width with its captions below, and a row
            // of photos under it.
            Some(_) => {
                let photos = if panel.photos.is_empty() {
                    0.0
                } else {
                    portrait_photo_row(m) + m.px(16.0)
                };
                (super::film::cell_height(m, inner.width()) + photos).min(inner.height() * 0.62)
            }
            None => (inner.height() * 0.42).min(inner.width() * 0.8),
        };
        (
            Rect::from_min_size(inner.min, vec2(inner.width(), photo_height)),
            Rect::from_min_max(
                pos2(inner.min.x, inner.min.y + photo_height + m.px(24.0)),
                inner.max,
            ),
        )
    } else {
        let photo_width = inner.width() * 0.54;
        (
            Rect::from_min_size(inner.min, vec2(photo_width, inner.height())),
            Rect::from_min_max(
                pos2(inner.min.x + photo_width + m.px(48.0), inner.min.y),
                inner.max,
            ),
        )
    }
}

fn panel_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    exhibit: &Exhibit,
    panel_index: usize,
    panel: &Panel,
    page: Rect,
) {
    let (photo_rect, text_rect) = panel_layout(&frame.m, page, panel);
    photos_ui(ui, frame, exhibit, panel_index, panel, photo_rect);
    text_ui(ui, frame, exhibit, panel_index, panel, text_rect);
}

/// How high the row of photos under a portrait panel's film is.
fn portrait_photo_row(m: &Metrics) -> f32 {
    m.target() * 2.0
}

/// The film's place (first, if the panel has one) and each photo's in the photo area:
/// stacked in landscape; in portrait the film above a row of photos side by side.
fn photo_cells(m: &Metrics, area: Rect, panel: &Panel) -> (Option<Rect>, Vec<Rect>) {
    let gap = m.px(16.0);
    let (film, area) = match &panel.video {
        None => (None, area),
        Some(_) if panel.photos.is_empty() => (Some(area), Rect::NOTHING),
        Some(_) => {
            let film_height = if m.portrait {
                // All the photo area but the photos' row (`panel_layout` made it so).
                (area.height() - gap - portrait_photo_row(m)).max(area.height() * 0.6)
            } else {
                // The photos under it keep room for a picture a finger can find and
                // their captions (two lines in large text on a small screen).
                (area.height() * 0.6)
                    .min(area.height() - gap - m.target() * 2.5)
                    .max(area.height() * 0.4)
            };
            (
                Some(Rect::from_min_size(
                    area.min,
                    vec2(area.width(), film_height),
                )),
                Rect::from_min_max(pos2(area.min.x, area.min.y + film_height + gap), area.max),
            )
        }
    };
    let count = panel.photos.len() as f32;
    let cells = (0..panel.photos.len())
        .map(|i| {
            // Several photos share the area side by side (portrait) or stacked
            // (landscape).
            if m.portrait || film.is_some() {
                let w = (area.width() - gap * (count - 1.0)) / count;
                Rect::from_min_size(
                    pos2(area.min.x + i as f32 * (w + gap), area.min.y),
                    vec2(w, area.height()),
                )
            } else {
                let h = (area.height() - gap * (count - 1.0)) / count;
                Rect::from_min_size(
                    pos2(area.min.x, area.min.y + i as f32 * (h + gap)),
                    vec2(area.width(), h),
                )
            }
        })
        .collect();
    (film, cells)
}

fn photos_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    exhibit: &Exhibit,
    panel_index: usize,
    panel: &Panel,
    area: Rect,
) {
    let m = frame.m;
    let (film_cell, cells) = photo_cells(&m, area, panel);
    if let (Some(cell), Some(video)) = (film_cell, &panel.video) {
        super::film::film_cell_ui(ui, frame, &exhibit.id, panel_index, video, cell);
    }
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let side = photo_side(frame, &m, area);
    for (i, (photo, cell)) in panel.photos.iter().zip(cells).enumerate() {
        let caption = photo
            .caption
            .as_ref()
            .map(|c| c.get(&language, &fallback).to_owned());
        let caption_galley = caption.as_ref().map(|text| {
            ui.painter().layout(
                text.clone(),
                m.small(),
                theme::palette().ink_soft,
                cell.width(),
            )
        });
        let caption_height = caption_galley
            .as_ref()
            .map_or(0.0, |g| g.size().y + m.px(12.0));
        let frame_rect =
            Rect::from_min_max(cell.min, pos2(cell.max.x, cell.max.y - caption_height));
        let state = frame.photo(&photo.file, side, Priority::Now);
        let painter = ui.painter();
        painter.rect_filled(frame_rect, m.px(8.0), Color32::from_rgb(0xEC, 0xE2, 0xCE));
        let shown = widgets::photo(ui, frame_rect, &state, Fit::Contain, Color32::WHITE);
        if let Some(galley) = caption_galley {
            ui.painter().galley(
                pos2(cell.min.x, frame_rect.max.y + m.px(10.0)),
                galley,
                theme::palette().ink_soft,
            );
        }
        let label = caption
            .clone()
            .unwrap_or_else(|| frame.tr("照片", "Photo").to_owned());
        let open_label = format!("{} {}", frame.tr("放大查看", "Enlarge"), label);
        let response = widgets::touch(
            ui,
            shown,
            ("photo", &exhibit.id, i),
            egui::Role::Button,
            &open_label,
        );
        if matches!(state, ImageState::Ready { .. }) {
            // A small "enlarge" mark so visitors know the photo opens.
            let mark = Rect::from_min_size(
                shown.right_bottom() - vec2(m.px(64.0), m.px(64.0)),
                vec2(m.px(52.0), m.px(52.0)),
            );
            ui.painter()
                .circle_filled(mark.center(), m.px(26.0), Color32::from_black_alpha(150));
            let s = m.px(12.0);
            let c = mark.center();
            let stroke = Stroke::new(m.px(3.0), theme::palette().cream);
            ui.painter()
                .line_segment([c + vec2(-s, -s), c + vec2(s, s)], stroke);
            ui.painter().line(
                vec![
                    c + vec2(-s, -s * 0.2),
                    c + vec2(-s, -s),
                    c + vec2(-s * 0.2, -s),
                ],
                stroke,
            );
            ui.painter().line(
                vec![c + vec2(s, s * 0.2), c + vec2(s, s), c + vec2(s * 0.2, s)],
                stroke,
            );
        }
        if response.is_pointer_button_down_on() {
            ui.painter().rect_stroke(
                shown,
                0.0,
                Stroke::new(m.px(4.0), theme::palette().gold),
                egui::StrokeKind::Inside,
            );
        }
        if response.clicked() {
            frame.act(Action::OpenPhoto(i));
        }
    }
}

fn text_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    exhibit: &Exhibit,
    panel_index: usize,
    panel: &Panel,
    area: Rect,
) {
    let m = frame.m;
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let narration_height = if panel.narration.is_some() {
        m.target() + m.px(24.0)
    } else {
        0.0
    };
    let text_area = Rect::from_min_max(area.min, pos2(area.max.x, area.max.y - narration_height));
    let width = text_area.width().min(m.measure());
    let heading = panel.heading.get(&language, &fallback).to_owned();
    let body = panel.body.get(&language, &fallback).to_owned();
    let text_bottom = widgets::scroll_column(
        ui,
        text_area,
        ("text-scroll", &exhibit.id, panel_index),
        |ui| {
            let (page, count) = (panel_index + 1, exhibit.panels.len());
            let (kicker, spoken) = if language == "zh" {
                (
                    format!("第 {page} 页 / 共 {count} 页"),
                    format!("第 {page} 页，共 {count} 页"),
                )
            } else {
                let kicker = format!("Panel {page} of {count}");
                (kicker.clone(), kicker)
            };
            let galley = ui
                .painter()
                .layout_no_wrap(kicker, m.strong(24.0), theme::palette().red);
            let (rect, _) = ui.allocate_exact_size(galley.size(), Sense::hover());
            ui.painter().galley(rect.min, galley, theme::palette().red);
            // A turned page is announced, as a screen reader's user cannot see it turn.
            widgets::announce(ui, rect, "page", &spoken, Live::Polite);
            ui.add_space(m.px(4.0));
            let heading_galley =
                ui.painter()
                    .layout(heading.clone(), m.heading(), theme::palette().ink, width);
            let (rect, _) = ui.allocate_exact_size(heading_galley.size(), Sense::hover());
            ui.painter()
                .galley(rect.min, heading_galley, theme::palette().ink);
            widgets::accessible_text(ui, rect, "heading", &heading);
            let rule = Rect::from_min_size(
                pos2(rect.min.x, rect.max.y + m.px(14.0)),
                vec2(m.px(72.0), m.px(5.0)),
            );
            ui.painter()
                .rect_filled(rule, 2.0, theme::palette().gold_deep);
            ui.add_space(m.px(34.0));
            let galley = widgets::paragraph(ui, &body, m.body(), theme::palette().ink, width);
            let (rect, _) = ui.allocate_exact_size(galley.size(), Sense::hover());
            ui.painter().galley(rect.min, galley, theme::palette().ink);
            widgets::accessible_text(ui, rect, "body", &body);
            ui.add_space(m.px(12.0));
            rect.max.y
        },
    );
    if panel.narration.is_some() {
        // In portrait a short text would leave the controls alone at the bottom, a
        // hand's width below what they read aloud: they follow the text instead.
        let lowest = area.max.y - narration_height + m.px(24.0);
        let top = if m.portrait {
            (text_bottom + m.px(56.0)).min(lowest)
        } else {
            lowest
        };
        let bar = Rect::from_min_size(pos2(area.min.x, top), vec2(area.width(), m.target()));
        frame.state.narration_bar = Some(bar);
        narration_bar_ui(ui, frame, &exhibit.id, panel_index, bar);
    }
}

/// Play/pause, a seekable progress bar with times, captions and transcript toggles.
fn narration_bar_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    id: &str,
    panel: usize,
    bar: Rect,
) {
    let m = frame.m;
    let view = frame
        .narration
        .clone()
        .filter(|v| v.key.exhibit == id && v.key.panel == panel);
    let size = bar.height();
    let Some(view) = view else {
        let label = frame.tr("收听讲解", "Listen").to_owned();
        let width = widgets::button_width(ui, &m, Some(Icon::Play), &label);
        let rect = Rect::from_min_size(bar.min, vec2(width, size));
        if widgets::button_at(ui, &m, rect, Some(Icon::Play), &label, Look::Primary).clicked() {
            frame.act(Action::PlayNarration);
        }
        return;
    };

    let (icon, label) = if view.playing {
        (Icon::Pause, frame.tr("暂停讲解", "Pause"))
    } else if view.position >= view.duration && view.duration > Duration::ZERO {
        (Icon::Restart, frame.tr("重新播放", "Play again"))
    } else {
        (Icon::Play, frame.tr("继续播放", "Play"))
    };
    let label = label.to_owned();
    let play_rect = Rect::from_min_size(bar.min, vec2(size, size));
    if widgets::icon_button_at(ui, &m, play_rect, icon, &label, Look::Primary).clicked() {
        frame.act(if view.playing {
            Action::PauseNarration
        } else if icon == Icon::Restart {
            Action::SeekNarration(Duration::ZERO)
        } else {
            Action::PlayNarration
        });
        if icon == Icon::Restart {
            frame.act(Action::PlayNarration);
        }
    }

    let cc_label = frame.tr("字幕", "Captions").to_owned();
    let text_label = frame.tr("讲解全文", "Transcript").to_owned();
    let transcript_rect = Rect::from_min_size(pos2(bar.max.x - size, bar.min.y), vec2(size, size));
    let cc_rect = transcript_rect.translate(vec2(-size - m.px(12.0), 0.0));
    // On is filled red; off is the plain card with the icon struck through, so neither
    // state is read from a thin border alone.
    let shown = frame.state.captions_shown;
    let cc_look = if shown {
        Look::Primary
    } else {
        Look::Secondary
    };
    let cc = widgets::icon_button_at(ui, &m, cc_rect, Icon::Captions, &cc_label, cc_look);
    cc.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, shown, &cc_label));
    if !shown {
        let strike = cc_rect.shrink(size * 0.25);
        ui.painter().line_segment(
            [strike.left_bottom(), strike.right_top()],
            Stroke::new(m.px(4.0), theme::palette().ink),
        );
    }
    if cc.clicked() {
        frame.act(Action::ToggleCaptions);
    }
    if view.transcript.is_some()
        && widgets::icon_button_at(
            ui,
            &m,
            transcript_rect,
            Icon::Transcript,
            &text_label,
            Look::Secondary,
        )
        .clicked()
    {
        frame.act(Action::ToggleTranscript);
    }

    // The progress bar: tap or drag to seek.
    let times = format!(
        "{} / {}",
        widgets::clock(view.position),
        widgets::clock(view.duration)
    );
    let times_width = ui
        .painter()
        .layout_no_wrap(times.clone(), m.small(), theme::palette().ink)
        .size()
        .x;
    let track_area = Rect::from_min_max(
        pos2(play_rect.max.x + m.px(20.0), bar.min.y),
        pos2(cc_rect.min.x - times_width - m.px(36.0), bar.max.y),
    );
    let response = ui.interact(
        track_area,
        ui.scope_id().with(("seek", id, panel)),
        Sense::click_and_drag(),
    );
    widgets::register(ui, track_area, "seek", widgets::TargetKind::Tap);
    response.widget_info(|| {
        egui::WidgetInfo::slider(
            true,
            view.position.as_secs_f64(),
            frame.tr("讲解进度", "Narration position"),
        )
    });
    let track = Rect::from_center_size(track_area.center(), vec2(track_area.width(), m.px(10.0)));
    widgets::seek_track(
        ui.painter(),
        &m,
        track,
        widgets::played_fraction(view.position, view.duration),
        response.dragged(),
    );
    let painter = ui.painter();
    painter.text(
        pos2(track_area.max.x + m.px(18.0), bar.center().y),
        Align2::LEFT_CENTER,
        times,
        m.small(),
        theme::palette().ink_soft,
    );
    if (response.clicked() || response.drag_stopped() || response.dragged())
        && let Some(pointer) = response.interact_pointer_pos()
    {
        let t = ((pointer.x - track.min.x) / track.width()).clamp(0.0, 1.0);
        frame.act(Action::SeekNarration(view.duration.mul_f32(t)));
    }
    if view.playing {
        // The captions and the progress bar move with the audio.
        frame.repaint_in(Duration::from_millis(100));
    }
    if view.silent {
        let note = frame
            .tr("本机暂无声音，显示字幕", "No sound here: captions only")
            .to_owned();
        ui.painter().text(
            pos2(track_area.min.x, track_area.min.y - m.px(2.0)),
            Align2::LEFT_BOTTOM,
            note,
            m.regular(20.0),
            theme::palette().ink_soft,
        );
    }
}

/// The current caption, large, over the bottom of the photo area (never over the
/// controls); or, when asked for, the whole transcript.
fn captions_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    id: &str,
    panel: usize,
    content: Rect,
    photo_area: Rect,
) {
    let m = frame.m;
    let Some(view) = frame
        .narration
        .clone()
        .filter(|v| v.key.exhibit == id && v.key.panel == panel)
    else {
        return;
    };
    if frame.state.transcript_open {
        let Some(text) = &view.transcript else {
            return;
        };
        let card = content.shrink(m.margin());
        ui.painter()
            .rect_filled(content, 0.0, Color32::from_black_alpha(140));
        widgets::card(ui, &m, card, widgets::Card::Inset);
        let close_label = frame.tr("关闭全文", "Close transcript").to_owned();
        let close = Rect::from_min_size(
            pos2(
                card.max.x - m.target() - m.px(16.0),
                card.min.y + m.px(16.0),
            ),
            vec2(m.target(), m.target()),
        );
        // Block taps from reaching what is underneath.
        let _ = ui.interact(
            content,
            ui.scope_id().with("transcript-block"),
            Sense::click_and_drag(),
        );
        if widgets::icon_button_at(ui, &m, close, Icon::Close, &close_label, Look::Primary)
            .clicked()
        {
            frame.act(Action::ToggleTranscript);
        }
        let text_rect = Rect::from_min_max(
            pos2(card.min.x + m.px(40.0), close.max.y + m.px(8.0)),
            card.max - vec2(m.px(40.0), m.px(24.0)),
        );
        widgets::scroll_column(ui, text_rect, "transcript", |ui| {
            let galley = widgets::paragraph(
                ui,
                text,
                m.body(),
                theme::palette().ink,
                text_rect.width().min(m.measure()),
            );
            let (rect, _) = ui.allocate_exact_size(galley.size(), Sense::hover());
            ui.painter().galley(rect.min, galley, theme::palette().ink);
            widgets::accessible_text(ui, rect, "transcript", text);
        });
        return;
    }
    if !frame.state.captions_shown {
        return;
    }
    let Some(caption) = &view.caption else {
        return;
    };
    let width = photo_area.width();
    let galley = ui.painter().layout(
        caption.clone(),
        m.strong(34.0),
        theme::palette().cream,
        width - m.px(48.0),
    );
    let size = galley.size() + vec2(m.px(48.0), m.px(28.0));
    let rect = Rect::from_center_size(
        pos2(
            photo_area.center().x,
            photo_area.max.y - m.px(72.0) - size.y / 2.0,
        ),
        size,
    );
    ui.painter()
        .rect_filled(rect, m.px(12.0), Color32::from_black_alpha(205));
    ui.painter().galley(
        rect.min + vec2(m.px(24.0), m.px(14.0)),
        galley,
        theme::palette().cream,
    );
    widgets::accessible_text(ui, rect, "caption", caption);
}

/// Large previous/next arrows and page dots.
fn nav_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    nav: Rect,
    panel_index: usize,
    panel_count: usize,
) {
    let m = frame.m;
    let painter = ui.painter();
    painter.rect_filled(nav, 0.0, theme::palette().card);
    painter.line_segment(
        [nav.left_top(), nav.right_top()],
        Stroke::new(2.0, theme::palette().line),
    );
    let row = m.target();
    let y = nav.center().y - row / 2.0;
    let prev_label = frame.tr("上一页", "Previous").to_owned();
    let next_label = frame.tr("下一页", "Next").to_owned();
    let width = widgets::button_width(ui, &m, Some(Icon::Previous), &prev_label)
        .max(widgets::button_width(ui, &m, Some(Icon::Next), &next_label))
        .max(m.px(220.0));
    let prev_rect = Rect::from_min_size(pos2(nav.min.x + m.margin(), y), vec2(width, row));
    let next_rect = Rect::from_min_size(pos2(nav.max.x - m.margin() - width, y), vec2(width, row));
    if panel_index > 0
        && widgets::button_at(
            ui,
            &m,
            prev_rect,
            Some(Icon::Previous),
            &prev_label,
            Look::Secondary,
        )
        .clicked()
    {
        frame.act(Action::ShowPanel(panel_index - 1));
    }
    if panel_index + 1 < panel_count {
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
            frame.act(Action::ShowPanel(panel_index + 1));
        }
    } else {
        // On the last panel the way forward is back to all exhibits.
        let label = frame.tr("看其他展品", "More exhibits").to_owned();
        let width = widgets::button_width(ui, &m, Some(Icon::Home), &label).max(width);
        let rect = Rect::from_min_size(pos2(nav.max.x - m.margin() - width, y), vec2(width, row));
        if widgets::button_at(ui, &m, rect, Some(Icon::Home), &label, Look::Primary).clicked() {
            frame.act(Action::GoHome);
        }
    }
    // Dots: each one a target of its own, apart enough that a finger meant for one
    // does not touch the next.
    let dot_cell = m.target() * 0.8;
    let step = dot_cell + m.px(12.0);
    let total = step * panel_count as f32 - m.px(12.0);
    let start = nav.center().x - total / 2.0;
    for i in 0..panel_count {
        let cell = Rect::from_min_size(
            pos2(start + i as f32 * step, nav.center().y - dot_cell / 2.0),
            vec2(dot_cell, dot_cell),
        );
        let label = if frame.language() == "zh" {
            format!("第 {} 页", i + 1)
        } else {
            format!("Panel {}", i + 1)
        };
        let response = ui.interact(cell, ui.scope_id().with(("dot", i)), Sense::click());
        widgets::register_widget(
            ui,
            cell,
            Some(response.id),
            egui::Role::Button,
            &label,
            widgets::TargetKind::Tap,
        );
        response.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::Button, true, i == panel_index, &label)
        });
        let current = i == panel_index;
        let radius = if current { m.px(13.0) } else { m.px(9.0) };
        let painter = ui.painter();
        if current {
            painter.circle_filled(cell.center(), radius, theme::palette().red);
        } else {
            painter.circle(
                cell.center(),
                radius,
                theme::palette().card,
                Stroke::new(m.px(3.0), theme::palette().ink_soft),
            );
        }
        if response.clicked() && !current {
            frame.act(Action::ShowPanel(i));
        }
    }
}
