//! A panel's film: the poster at once with a large play button, then the picture with
//! controls as big as the narration's (play/pause, replay, a seek bar that can be
//! dragged, elapsed/total, captions, full screen), captions over the picture, and the
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

/// The film's place on a panel: the picture above, its controls below.
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
    let bar = controls_rect(&m, cell);
    let picture = Rect::from_min_max(cell.min, pos2(cell.max.x, bar.min.y - m.px(12.0)));
    let poster = poster_state(frame, video, picture);
    // Decoded at the width it is shown: the picture's shape, or the poster's, or 16:9.
    let aspect = view
        .as_ref()
        .and_then(|v| v.picture)
        .map(|(_, size)| size.x / size.y.max(1.0))
        .or(match &poster {
            ImageState::Ready { source_size, .. } => {
                Some(source_size[0] as f32 / source_size[1].max(1) as f32)
            }
            _ => None,
        })
        .unwrap_or(16.0 / 9.0);
    let shown_width = picture.width().min(picture.height() * aspect);
    frame.state.film_pixels = frame.pixels(shown_width);

    picture_ui(ui, frame, view.as_ref(), &poster, picture);
    match &view {
        Some(view) if !view.failed && !view.muted_loop => {
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
    let picture = Rect::from_min_max(rect.min, pos2(rect.max.x, bar.min.y - m.px(16.0)));
    let poster = poster_state(frame, video, picture);
    picture_ui(ui, frame, Some(&view), &poster, picture);
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
/// the large play button before the film plays with sound, and the caption.
fn picture_ui(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    view: Option<&FilmView>,
    poster: &ImageState,
    rect: Rect,
) {
    let m = frame.m;
    ui.painter().rect_filled(rect, m.px(8.0), Color32::BLACK);
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
        let galley = ui
            .painter()
            .layout(note.clone(), m.body(), theme::CREAM, rect.width() * 0.8);
        let card =
            Rect::from_center_size(rect.center(), galley.size() + vec2(m.px(48.0), m.px(28.0)));
        ui.painter()
            .rect_filled(card, m.px(12.0), Color32::from_black_alpha(190));
        ui.painter().galley(
            card.min + vec2(m.px(24.0), m.px(14.0)),
            galley,
            theme::CREAM,
        );
        widgets::accessible_text(ui, card, "film-note", &note);
        return;
    }
    let with_sound = view.is_some_and(|v| !v.muted_loop);
    if with_sound {
        // Tapping the picture pauses or plays, as the button below does.
        let label = frame.tr("影片画面", "Film picture").to_owned();
        let response = widgets::touch(ui, shown, "film-picture", egui::Role::Button, &label);
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
            theme::RED_DARK
        } else {
            theme::RED
        };
        ui.painter().circle(
            button.center(),
            side / 2.0,
            fill,
            Stroke::new(m.px(4.0), theme::CREAM),
        );
        widgets::paint_icon(
            ui.painter(),
            Icon::Play,
            Rect::from_center_size(
                button.center() + vec2(side * 0.04, 0.0),
                vec2(side, side) * 0.4,
            ),
            theme::CREAM,
        );
        if response.clicked() {
            frame.act(Action::PlayFilm);
        }
    }
    if let Some(caption) = view
        .filter(|_| frame.state.captions_shown)
        .and_then(|v| v.caption.clone())
    {
        let galley = ui.painter().layout(
            caption.clone(),
            m.strong(34.0),
            theme::CREAM,
            shown.width() - m.px(48.0),
        );
        let size = galley.size() + vec2(m.px(40.0), m.px(20.0));
        let place = Rect::from_center_size(
            pos2(shown.center().x, shown.max.y - m.px(24.0) - size.y / 2.0),
            size,
        );
        ui.painter()
            .rect_filled(place, m.px(10.0), Color32::from_black_alpha(205));
        ui.painter().galley(
            place.min + vec2(m.px(20.0), m.px(10.0)),
            galley,
            theme::CREAM,
        );
        widgets::accessible_text(ui, place, "film-caption", &caption);
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
        theme::CREAM
    } else {
        theme::INK_SOFT
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
