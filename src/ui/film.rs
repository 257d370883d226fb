//! A panel's film: the poster at once with a large play button, then the picture with
//! controls as big as the narration's (play/pause, replay, a seek bar that can be
//! dragged, elapsed/total, captions, full screen), captions below the picture where
//! there is room (over its bottom where not), and the
//! poster with a neutral message when the film cannot be played.

use std::time::Duration;

use eframe::egui::{self, Align2, Color32, Rect, Sense, Stroke, pos2, vec2};

use super::FrameContext;
use super::theme::{self, Metrics};
use super::widgets::{self, Fit, Icon, Look};
use crate::content::Video;
use crate::media::film_player::FilmView;
use crate::media::images::{ImageState, Priority};
use crate::visit::Action;

/// The controls' row under (or, full screen, over the bottom of) the picture.
pub fn controls_rect(m: &Metrics, cell: Rect) -> Rect {
    Rect::from_min_max(pos2(cell.min.x, cell.max.y - m.target()), cell.max)
}

/// The room under the picture for two lines of captions, where the place has it.
fn caption_strip(m: &Metrics) -> f32 {
    m.strong(CAPTION_POINTS).size * 1.3 * 2.0 + m.px(24.0)
}

/// The captions' size in points (before large text).
const CAPTION_POINTS: f32 = 34.0;

/// The space between the picture (or its captions) and the controls.
fn controls_gap(m: &Metrics) -> f32 {
    m.px(12.0)
}

/// How high a film's place `width` wide must be to show a 16:9 picture across the
/// whole width with two lines of captions below it and the controls below them (the
/// portrait panel's film).
pub fn cell_height(m: &Metrics, width: f32) -> f32 {
    width * 9.0 / 16.0 + caption_strip(m) + controls_gap(m) + m.target()
}

/// Where the picture and its captions go in `area`: the picture as wide as the film's
/// shape lets it, and the captions in a strip below it if `area` has the room (then
/// both at the top of `area`, or in its middle if `centre`), or over the picture's
/// bottom if it has not (`None`).
fn picture_places(m: &Metrics, area: Rect, aspect: f32, centre: bool) -> (Rect, Option<Rect>) {
    let strip = caption_strip(m);
    let natural = area.width() / aspect.max(0.1);
    if area.height() >= natural + strip {
        let top = if centre {
            area.center().y - (natural + strip) / 2.0
        } else {
            area.min.y
        };
        let picture = Rect::from_min_size(pos2(area.min.x, top), vec2(area.width(), natural));
        let captions = Rect::from_min_size(picture.left_bottom(), vec2(area.width(), strip));
        (picture, Some(captions))
    } else {
        (area, None)
    }
}

/// The shape of the film's picture: the picture's own, or the poster's, or 16:9.
fn aspect_of(view: Option<&FilmView>, poster: &ImageState) -> f32 {
    view.and_then(|v| v.picture)
        .map(|(_, size)| size.x / size.y.max(1.0))
        .or(match poster {
            ImageState::Ready { source_size, .. } => {
                Some(source_size[0] as f32 / source_size[1].max(1) as f32)
            }
            _ => None,
        })
        .unwrap_or(16.0 / 9.0)
}

/// The film's place on a panel: the picture above, its captions below it where there
/// is room (over its bottom where not), the controls below.
pub fn film_cell_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    exhibit: &str,
    panel: usize,
    video: &Video,
    cell: Rect,
) {
    let m = frame.m;
    let view = film_of(frame, exhibit, panel);
    let above_bar = Rect::from_min_max(
        cell.min,
        pos2(cell.max.x, cell.max.y - m.target() - controls_gap(&m)),
    );
    let poster = poster_state(frame, video, above_bar);
    let aspect = aspect_of(view.as_ref(), &poster);
    let (picture, captions) = picture_places(&m, above_bar, aspect, false);
    // The controls follow the captions' strip instead of waiting at the cell's bottom.
    let bar = match captions {
        Some(strip) => Rect::from_min_size(
            pos2(cell.min.x, strip.max.y + controls_gap(&m)),
            vec2(cell.width(), m.target()),
        ),
        None => controls_rect(&m, cell),
    };
    // Decoded at the width it is shown.
    let shown_width = picture.width().min(picture.height() * aspect);
    frame.state.film_pixels = frame.pixels(shown_width);

    picture_ui(ui, frame, view.as_ref(), &poster, picture, captions);
    frame.state.film_bar = None;
    match &view {
        Some(view) if !view.failed && !view.muted_loop => {
            frame.state.film_bar = Some(bar);
            controls_ui(ui, frame, view, bar, false);
        }
        _ => {}
    }
}

/// The film over the whole screen, its controls along the bottom.
pub fn full_screen_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, video: &Video, rect: Rect) {
    let m = frame.m;
    ui.painter().rect_filled(rect, 0.0, Color32::BLACK);
    // Nothing underneath takes a touch.
    let _ = ui.interact(
        rect,
        ui.scope_id().with("film-full-screen"),
        Sense::click_and_drag(),
    );
    let Some(view) = frame.film.clone() else {
        return;
    };
    let bar = controls_rect(&m, rect.shrink(m.margin()));
    let area = Rect::from_min_max(rect.min, pos2(rect.max.x, bar.min.y - m.px(16.0)));
    let poster = poster_state(frame, video, area);
    let aspect = aspect_of(Some(&view), &poster);
    // A portrait screen has room below the picture: the captions go there.
    let (picture, captions) = picture_places(&m, area, aspect, true);
    // Decoded at the size of the screen, not enlarged from the panel's pictures.
    frame.state.film_pixels = frame.pixels(picture.width().min(picture.height() * aspect));
    picture_ui(ui, frame, Some(&view), &poster, picture, captions);
    if !view.failed {
        controls_ui(ui, frame, &view, bar, true);
    }
}

/// The film open for this panel, if it is this panel's.
fn film_of(frame: &FrameContext<'_>, exhibit: &str, panel: usize) -> Option<FilmView> {
    frame
        .film
        .clone()
        .filter(|v| v.key.exhibit == exhibit && v.key.panel == panel)
}

fn poster_state(frame: &mut FrameContext<'_>, video: &Video, picture: Rect) -> ImageState {
    let side = frame.pixels(picture.width().max(picture.height()));
    match &video.poster {
        Some(poster) => frame.photo(poster, side, Priority::Now),
        None => ImageState::Failed,
    }
}

/// The picture (or the poster until the first picture comes, or when the film fails),
/// the large play button before the film plays with sound, and the caption: in
/// `below`, the strip under the picture, or over the picture's bottom without one (or
/// when a long caption does not fit the strip).
fn picture_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    view: Option<&FilmView>,
    poster: &ImageState,
    rect: Rect,
    below: Option<Rect>,
) {
    let m = frame.m;
    // With captions on, the strip below is part of the film's dark frame.
    let dark = match below {
        Some(strip) if frame.state.captions_shown => rect.union(strip),
        _ => rect,
    };
    ui.painter().rect_filled(dark, m.px(8.0), Color32::BLACK);
    let picture = view.filter(|v| !v.failed).and_then(|v| v.picture);
    let shown = match picture {
        Some((texture, size)) => {
            let (shown, uv) = widgets::fitted(rect, size, Fit::Contain);
            ui.painter_at(rect)
                .image(texture, shown, uv, Color32::WHITE);
            shown
        }
        None => match poster {
            ImageState::Failed => rect,
            _ => widgets::photo(ui, rect, poster, Fit::Contain, Color32::WHITE),
        },
    };
    if view.is_some_and(|v| v.failed) {
        let note = frame
            .tr("影片暂时无法播放", "This film cannot be played just now")
            .to_owned();
        let galley = ui.painter().layout(
            note.clone(),
            m.body(),
            theme::palette().cream,
            rect.width() * 0.8,
        );
        let card =
            Rect::from_center_size(rect.center(), galley.size() + vec2(m.px(48.0), m.px(28.0)));
        ui.painter()
            .rect_filled(card, m.px(12.0), Color32::from_black_alpha(190));
        ui.painter().galley(
            card.min + vec2(m.px(24.0), m.px(14.0)),
            galley,
            theme::palette().cream,
        );
        widgets::accessible_text(ui, card, "film-note", &note);
        return;
    }
    let with_sound = view.is_some_and(|v| !v.muted_loop);
    if with_sound {
        // Tapping the picture pauses or plays, as the button below does.
        let label = frame.tr("影片画面", "Film picture").to_owned();
        // Inset by the least gap between targets: full screen, the picture can reach
        // the screen's edge, where the guide's panel handle may be.
        let response = widgets::touch(
            ui,
            shown.shrink(m.px(8.0)),
            "film-picture",
            egui::Role::Button,
            &label,
        );
        if response.clicked()
            && let Some(view) = view
        {
            frame.act(if view.playing {
                Action::PauseFilm
            } else {
                Action::PlayFilm
            });
        }
    } else {
        // Before a tap (or over a muted loop): one large play button on the poster.
        let label = frame.tr("播放影片", "Play film").to_owned();
        let side = (m.target() * 1.6).min(rect.height() * 0.5);
        let button = Rect::from_center_size(rect.center(), vec2(side, side));
        let response = widgets::touch(ui, button, "film-play", egui::Role::Button, &label);
        let fill = if response.is_pointer_button_down_on() {
            theme::palette().red_dark
        } else {
            theme::palette().red
        };
        ui.painter().circle(
            button.center(),
            side / 2.0,
            fill,
            Stroke::new(m.px(4.0), theme::palette().cream),
        );
        widgets::paint_icon(
            ui.painter(),
            Icon::Play,
            Rect::from_center_size(
                button.center() + vec2(side * 0.04, 0.0),
                vec2(side, side) * 0.4,
            ),
            theme::palette().cream,
        );
        if response.clicked() {
            frame.act(Action::PlayFilm);
        }
    }
    if let Some(caption) = view
        .filter(|_| frame.state.captions_shown)
        .and_then(|v| v.caption.clone())
    {
        // Over the picture, a caption may use the dark bars beside it too.
        let width = below.map_or(rect.width(), |strip| strip.width()) - m.px(48.0);
        let galley = ui.painter().layout(
            caption.clone(),
            m.strong(CAPTION_POINTS),
            theme::palette().cream,
            width,
        );
        let size = galley.size() + vec2(m.px(40.0), m.px(20.0));
        match below.filter(|strip| strip.height() >= size.y) {
            Some(strip) => {
                let place = Rect::from_center_size(strip.center(), size);
                ui.painter().galley(
                    place.min + vec2(m.px(20.0), m.px(10.0)),
                    galley,
                    theme::palette().cream,
                );
                widgets::accessible_text(ui, place, "film-caption", &caption);
            }
            None => {
                let mut place = Rect::from_center_size(
                    pos2(rect.center().x, shown.max.y - m.px(24.0) - size.y / 2.0),
                    size,
                );
                // A long caption over a small picture stays inside the film's place.
                if place.min.y < rect.min.y {
                    place = place.translate(vec2(0.0, rect.min.y - place.min.y));
                }
                ui.painter()
                    .rect_filled(place, m.px(10.0), Color32::from_black_alpha(205));
                ui.painter().galley(
                    place.min + vec2(m.px(20.0), m.px(10.0)),
                    galley,
                    theme::palette().cream,
                );
                widgets::accessible_text(ui, place, "film-caption", &caption);
            }
        }
    }
}

/// Play/pause, replay, the seek bar with its times, captions and full screen.
fn controls_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    view: &FilmView,
    bar: Rect,
    full_screen: bool,
) {
    let m = frame.m;
    let size = bar.height();
    let gap = m.px(12.0);
    let (icon, label, action) = if view.playing {
        (
            Icon::Pause,
            frame.tr("暂停影片", "Pause film"),
            Action::PauseFilm,
        )
    } else {
        (
            Icon::Play,
            frame.tr("播放影片", "Play film"),
            Action::PlayFilm,
        )
    };
    let label = label.to_owned();
    let play = Rect::from_min_size(bar.min, vec2(size, size));
    if widgets::icon_button_at(ui, &m, play, icon, &label, Look::Primary).clicked() {
        frame.act(action);
    }
    let replay = play.translate(vec2(size + gap, 0.0));
    let replay_label = frame.tr("重播影片", "Replay film").to_owned();
    if widgets::icon_button_at(
        ui,
        &m,
        replay,
        Icon::Restart,
        &replay_label,
        Look::Secondary,
    )
    .clicked()
    {
        frame.act(Action::SeekFilm(Duration::ZERO));
        frame.act(Action::PlayFilm);
    }

    let screen = Rect::from_min_size(pos2(bar.max.x - size, bar.min.y), vec2(size, size));
    let (screen_icon, screen_label) = if full_screen {
        (
            Icon::ExitFullScreen,
            frame.tr("退出全屏", "Exit full screen"),
        )
    } else {
        (Icon::FullScreen, frame.tr("全屏观看", "Full screen"))
    };
    let screen_label = screen_label.to_owned();
    if widgets::icon_button_at(ui, &m, screen, screen_icon, &screen_label, Look::Secondary)
        .clicked()
    {
        frame.act(Action::ToggleFilmFullScreen);
    }
    let cc = screen.translate(vec2(-size - gap, 0.0));
    let cc_label = frame.tr("影片字幕", "Film captions").to_owned();
    let cc_look = if frame.state.captions_shown {
        Look::Selected
    } else {
        Look::Secondary
    };
    let cc_response = widgets::icon_button_at(ui, &m, cc, Icon::Captions, &cc_label, cc_look);
    if cc_response.clicked() {
        frame.act(Action::ToggleCaptions);
    }

    let times = format!(
        "{} / {}",
        widgets::clock(view.position),
        widgets::clock(view.duration)
    );
    let on_dark = full_screen;
    let times_colour = if on_dark {
        theme::palette().cream
    } else {
        theme::palette().ink_soft
    };
    let times_width = ui
        .painter()
        .layout_no_wrap(times.clone(), m.small(), times_colour)
        .size()
        .x;
    let track_area = Rect::from_min_max(
        pos2(replay.max.x + m.px(20.0), bar.min.y),
        // Room for the thumb's radius past the end of the track.
        pos2(cc.min.x - times_width - m.px(52.0), bar.max.y),
    );
    if track_area.width() > m.px(40.0) {
        seek_bar_ui(ui, frame, view, track_area);
    }
    ui.painter().text(
        pos2(cc.min.x - m.px(16.0), bar.center().y),
        Align2::RIGHT_CENTER,
        times,
        m.small(),
        times_colour,
    );
}

/// The seek bar: a tap or a drag moves the film there.
fn seek_bar_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, view: &FilmView, area: Rect) {
    let m = frame.m;
    let response = ui.interact(
        area,
        ui.scope_id().with("film-seek"),
        Sense::click_and_drag(),
    );
    let label = frame.tr("影片进度", "Film position").to_owned();
    widgets::register_widget(
        ui,
        area,
        Some(response.id),
        egui::Role::Slider,
        &label,
        widgets::TargetKind::Tap,
    );
    response.widget_info(|| egui::WidgetInfo::slider(true, view.position.as_secs_f64(), &label));
    let track = Rect::from_center_size(area.center(), vec2(area.width() - m.px(40.0), m.px(10.0)));
    widgets::seek_track(
        ui.painter(),
        &m,
        track,
        widgets::played_fraction(view.position, view.duration),
        response.dragged(),
    );
    if (response.clicked() || response.drag_stopped() || response.dragged())
        && view.duration > Duration::ZERO
        && let Some(pointer) = response.interact_pointer_pos()
    {
        let t = ((pointer.x - track.min.x) / track.width()).clamp(0.0, 1.0);
        frame.act(Action::SeekFilm(view.duration.mul_f32(t)));
    }
}
