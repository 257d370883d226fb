//! The admin overlay's statistics page: the last 30 days as charts drawn with
//! egui_plot, one topic at a time behind big tabs. Every figure a chart shows is also
//! written beside it, so nothing needs a hover, and the plots take no touches (a finger
//! on a chart must not pan it away). The figures come from the statistics writer's
//! thread ([`crate::analytics::Analytics::request_charts`]); this only draws them.

use eframe::egui::{self, Align2, Color32, Rect, Sense, pos2, vec2};
use egui_plot::{Bar, BarChart, GridMark, Line, Plot, PlotPoint, PlotPoints, PlotTransform};

use super::admin::AdminAction;
use super::theme::{self, Metrics};
use super::widgets::{self, Icon, Look};
use crate::analytics::{Charts, DropOff, Medium, QuestionFigures};
use crate::content::Hall;

/// The days the page covers, today included.
pub const DAYS: u32 = 30;

/// Exhibits and questions listed at most: what fits at arm's length.
const ROWS: usize = 8;
const QUESTION_ROWS: usize = 5;
/// Narrations offered as buttons, most played first.
const NARRATION_BUTTONS: usize = 6;

/// The label of the overlay's button to this page.
pub const OPEN: &str = "统计图表 · Statistics charts";
pub const BACK: &str = "返回 · Back";

/// One topic of the page, chosen with a tab.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Topic {
    #[default]
    Visits,
    Exhibits,
    Narration,
    Quiz,
}

impl Topic {
    pub const ALL: [Topic; 4] = [
        Topic::Visits,
        Topic::Exhibits,
        Topic::Narration,
        Topic::Quiz,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Topic::Visits => "参观时间 · When",
            Topic::Exhibits => "展品 · Exhibits",
            Topic::Narration => "讲解 · Narration",
            Topic::Quiz => "问答 · Quiz",
        }
    }
}

/// What the page shows: a topic and, for narration, which one (an index into the
/// narrations and films offered, [`offered`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Page {
    pub topic: Topic,
    pub narration: usize,
}

/// What the page is drawn from.
pub struct StatisticsView<'a> {
    pub page: Page,
    pub charts: Option<&'a Charts>,
    /// Whether the figures are still being counted.
    pub pending: bool,
    pub hall: &'a Hall,
}

impl StatisticsView<'_> {
    /// Content text in the overlay's language (the hall's default language).
    fn language(&self) -> &str {
        self.hall.config.default_language()
    }

    fn exhibit_title(&self, id: &str) -> String {
        let language = self.language();
        self.hall.exhibit(id).map_or_else(
            || id.to_owned(),
            |e| e.title.get(language, language).to_owned(),
        )
    }

    fn narration_name(&self, narration: &DropOff) -> String {
        let language = self.language();
        let title = self.exhibit_title(&narration.exhibit);
        let heading = self
            .hall
            .exhibit(&narration.exhibit)
            .and_then(|e| e.panels.get(narration.panel))
            .map(|p| p.heading.get(language, language).to_owned());
        let name = match heading {
            Some(heading) if !heading.is_empty() => format!("{title} · {heading}"),
            _ => format!("{title} · {}", narration.panel.saturating_add(1)),
        };
        match narration.medium {
            Medium::Narration => name,
            Medium::Film if language == "zh" => format!("影片 · {name}"),
            Medium::Film => format!("Film · {name}"),
        }
    }
}

/// The curves offered as buttons: the most played narrations and, where films were
/// played, up to half the buttons for the most played films after them.
pub fn offered(charts: &Charts) -> Vec<&DropOff> {
    let films = charts.films.len().min(NARRATION_BUTTONS / 2);
    let narrations = charts.narrations.len().min(NARRATION_BUTTONS - films);
    charts
        .narrations
        .iter()
        .take(narrations)
        .chain(charts.films.iter().take(films))
        .collect()
}

/// Draws the page in `body` (below the overlay's title).
pub fn statistics_ui(
    ui: &mut egui::Ui,
    m: &Metrics,
    body: Rect,
    view: &StatisticsView<'_>,
    actions: &mut Vec<AdminAction>,
) {
    let row = m.target();
    let gap = m.px(14.0);
    // Back, then one tab per topic, across the top.
    let back_width = widgets::button_width(ui, m, Some(Icon::Back), BACK);
    let back = Rect::from_min_size(body.min, vec2(back_width, row));
    if widgets::button_at(ui, m, back, Some(Icon::Back), BACK, Look::Secondary).clicked() {
        actions.push(AdminAction::CloseStatistics);
    }
    // The tabs beside Back in landscape; in portrait, two by two below it, where each
    // has the width for its two languages.
    let (tabs_origin, columns) = if m.portrait {
        (pos2(body.min.x, body.min.y + row + gap), 2)
    } else {
        (pos2(back.max.x + gap * 2.0, body.min.y), Topic::ALL.len())
    };
    let tab_width = ((body.max.x - tabs_origin.x) - gap * (columns as f32 - 1.0)) / columns as f32;
    let mut tabs_bottom = body.min.y + row;
    for (n, topic) in Topic::ALL.into_iter().enumerate() {
        let rect = Rect::from_min_size(
            tabs_origin
                + vec2(
                    (n % columns) as f32 * (tab_width + gap),
                    (n / columns) as f32 * (row + gap),
                ),
            vec2(tab_width, row),
        );
        tabs_bottom = tabs_bottom.max(rect.max.y);
        let look = if view.page.topic == topic {
            Look::Selected
        } else {
            Look::Secondary
        };
        if widgets::button_at(ui, m, rect, None, topic.label(), look).clicked() {
            actions.push(AdminAction::ShowStatistics(Page {
                topic,
                narration: view.page.narration,
            }));
        }
    }
    let mut top = tabs_bottom + gap * 1.5;

    let Some(charts) = view.charts else {
        let line = if view.pending {
            "正在统计…… · Counting…"
        } else {
            "统计暂不可用 · Statistics unavailable"
        };
        text_line(
            ui,
            m,
            pos2(body.min.x, top),
            body.width(),
            line,
            26.0,
            "stats-note",
        );
        return;
    };
    let median = charts.median_visit_ms.map_or("—".to_owned(), minutes);
    let period = [
        format!(
            "近 {DAYS} 天（含今天）共 {} 次参观，中位时长 {median}",
            charts.visits
        ),
        format!(
            "Last {DAYS} days, today included: {} visits, median visit {median}",
            charts.visits
        ),
    ];
    // One line where it fits (landscape), the two languages one above the other if not.
    for (n, line) in packed_lines(ui, &period, m.regular(24.0), body.width())
        .iter()
        .enumerate()
    {
        text_line(
            ui,
            m,
            pos2(body.min.x, top),
            body.width(),
            line,
            24.0,
            ("stats-period", n),
        );
        top += m.px(40.0);
    }
    top += m.px(8.0);
    let area = Rect::from_min_max(pos2(body.min.x, top), body.max);
    match view.page.topic {
        Topic::Visits => visits(ui, m, area, charts),
        Topic::Exhibits => exhibits(ui, m, area, view, charts),
        Topic::Narration => narration(ui, m, area, view, charts, actions),
        Topic::Quiz => quiz(ui, m, area, view, charts),
    }
}

/// One line of text, shrunk to fit `width`, with its accessible name.
fn text_line(
    ui: &mut egui::Ui,
    m: &Metrics,
    at: egui::Pos2,
    width: f32,
    text: &str,
    points: f32,
    id: impl std::hash::Hash + std::fmt::Debug,
) -> Rect {
    let rect = Rect::from_min_size(at, vec2(width, m.px(points * 1.5)));
    widgets::fitted_label(
        ui,
        rect,
        text,
        m.regular(points),
        theme::INK,
        Align2::LEFT_CENTER,
    );
    widgets::accessible_text(ui, rect, id, text);
    rect
}

/// A chart's heading above its plot; returns the rect left for the plot.
fn heading(ui: &mut egui::Ui, m: &Metrics, rect: Rect, text: &str) -> Rect {
    let height = m.px(44.0);
    let line = Rect::from_min_size(rect.min, vec2(rect.width(), height));
    widgets::fitted_label(
        ui,
        line,
        text,
        m.strong(28.0),
        theme::RED,
        Align2::LEFT_CENTER,
    );
    widgets::accessible_text(ui, line, ("chart-heading", text), text);
    Rect::from_min_max(pos2(rect.min.x, rect.min.y + height + m.px(6.0)), rect.max)
}

/// A plot that takes no touches and shows no hover labels, its tick labels large.
fn still_plot<'a>(m: &Metrics, id: &str) -> Plot<'a> {
    let tick = m.regular(20.0);
    Plot::new(id)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .allow_axis_zoom_drag(false)
        .show_x(false)
        .show_y(false)
        .show_crosshair(false)
        .sense(Sense::hover())
        .custom_x_axes(vec![
            egui_plot::AxisHints::new_x().tick_label_font(tick.clone()),
        ])
        .custom_y_axes(vec![egui_plot::AxisHints::new_y().tick_label_font(tick)])
}

/// Shows `plot` filling `rect`; returns where its values land on screen.
fn show_plot<'a>(
    ui: &mut egui::Ui,
    rect: Rect,
    plot: Plot<'a>,
    build: impl FnOnce(&mut egui_plot::PlotUi<'a>) + 'a,
) -> PlotTransform {
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect)
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    child.style_mut().visuals.extreme_bg_color = theme::CARD;
    plot.width(rect.width())
        .height(rect.height())
        .show(&mut child, build)
        .transform
}

fn minutes(ms: i64) -> String {
    let seconds = ms.max(0) / 1000;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn percent(share: f64) -> String {
    format!("{:.0}%", (share * 100.0).clamp(0.0, 100.0))
}

/// Whole numbers only on a count axis.
fn whole(mark: GridMark, _range: &std::ops::RangeInclusive<f64>) -> String {
    if mark.value.fract().abs() < 1e-9 && mark.value >= 0.0 {
        format!("{:.0}", mark.value)
    } else {
        String::new()
    }
}

/// Halves side by side in landscape, one above the other in portrait.
fn halves(m: &Metrics, area: Rect) -> (Rect, Rect) {
    let gap = m.px(40.0);
    if m.portrait {
        let h = (area.height() - gap) / 2.0;
        (
            Rect::from_min_size(area.min, vec2(area.width(), h)),
            Rect::from_min_max(pos2(area.min.x, area.min.y + h + gap), area.max),
        )
    } else {
        let w = (area.width() - gap) / 2.0;
        (
            Rect::from_min_size(area.min, vec2(w, area.height())),
            Rect::from_min_max(pos2(area.min.x + w + gap, area.min.y), area.max),
        )
    }
}

fn visits(ui: &mut egui::Ui, m: &Metrics, area: Rect, charts: &Charts) {
    let (left, right) = halves(m, area);
    let note_height = m.px(42.0);

    let plot_rect = heading(ui, m, left, "每小时参观人次 · Visits by hour of the day");
    let plot_rect = Rect::from_min_max(plot_rect.min, plot_rect.max - vec2(0.0, note_height));
    let bars: Vec<Bar> = charts
        .visits_per_hour
        .iter()
        .enumerate()
        .map(|(hour, &n)| Bar::new(hour as f64, n as f64).fill(theme::RED))
        .collect();
    let plot = still_plot(m, "stats-hours")
        .include_y(1.0)
        .include_x(-0.5)
        .include_x(23.5)
        .x_axis_formatter(|mark, _| {
            let hour = mark.value;
            if hour.fract() == 0.0 && (0.0..24.0).contains(&hour) && hour as i64 % 3 == 0 {
                format!("{hour:.0}时")
            } else {
                String::new()
            }
        })
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [24.0, 3.0, 1.0]))
        .y_axis_formatter(whole);
    show_plot(ui, plot_rect, plot, move |p| {
        p.bar_chart(
            BarChart::new("visits by hour", bars)
                .width(0.8)
                .allow_hover(false),
        );
    });
    let busiest = charts
        .visits_per_hour
        .iter()
        .enumerate()
        .max_by_key(|&(hour, &n)| (n, std::cmp::Reverse(hour)))
        .filter(|&(_, &n)| n > 0);
    let note = match busiest {
        Some((hour, n)) => format!(
            "最忙 {hour}:00–{}:00，{n} 次 · Busiest {hour}:00–{}:00, {n} visits",
            hour + 1,
            hour + 1
        ),
        None => "还没有参观 · No visits yet".to_owned(),
    };
    text_line(
        ui,
        m,
        pos2(left.min.x, plot_rect.max.y + m.px(6.0)),
        left.width(),
        &note,
        22.0,
        "busiest-hour",
    );

    let plot_rect = heading(ui, m, right, "每天参观人次 · Visits per day");
    let plot_rect = Rect::from_min_max(plot_rect.min, plot_rect.max - vec2(0.0, note_height));
    let days: Vec<String> = charts
        .visits_per_day
        .iter()
        .map(|(day, _)| day.get(5..).unwrap_or(day).to_owned())
        .collect();
    let bars: Vec<Bar> = charts
        .visits_per_day
        .iter()
        .enumerate()
        .map(|(n, (_, visits))| Bar::new(n as f64, *visits as f64).fill(theme::GOLD_DEEP))
        .collect();
    let last = days.len().saturating_sub(1) as f64;
    let plot = still_plot(m, "stats-days")
        .include_y(1.0)
        .include_x(-0.5)
        .include_x(last + 0.5)
        .x_axis_formatter(move |mark, _| {
            let index = mark.value;
            if index.fract() != 0.0 || index < 0.0 {
                return String::new();
            }
            days.get(index as usize).cloned().unwrap_or_default()
        })
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [28.0, 7.0, 1.0]))
        .y_axis_formatter(whole);
    show_plot(ui, plot_rect, plot, move |p| {
        p.bar_chart(
            BarChart::new("visits per day", bars)
                .width(0.8)
                .allow_hover(false),
        );
    });
    let busiest = charts
        .visits_per_day
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(day, n)| (*n, std::cmp::Reverse(day.clone())));
    let note = match busiest {
        Some((day, n)) => format!("最多 {day}，{n} 次 · Busiest day {day}, {n} visits"),
        None => "还没有参观 · No visits yet".to_owned(),
    };
    text_line(
        ui,
        m,
        pos2(right.min.x, plot_rect.max.y + m.px(6.0)),
        right.width(),
        &note,
        22.0,
        "busiest-day",
    );
}

/// A ranking: names on the left, bars of `values` on the right, each bar's figure
/// written after it. Row 0 is the top.
fn ranking(
    ui: &mut egui::Ui,
    m: &Metrics,
    rect: Rect,
    id: &str,
    rows: &[(String, f64, String)],
    colour: Color32,
) {
    if rows.is_empty() {
        text_line(
            ui,
            m,
            rect.min,
            rect.width(),
            "还没有数据 · Nothing yet",
            22.0,
            (id, "empty"),
        );
        return;
    }
    let names = rect.width() * 0.48;
    let plot_rect = Rect::from_min_max(pos2(rect.min.x + names, rect.min.y), rect.max);
    let count = rows.len();
    let most = rows.iter().map(|(_, v, _)| *v).fold(0.0, f64::max).max(1.0);
    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(n, (_, value, _))| Bar::new((count - 1 - n) as f64, *value).fill(colour))
        .collect();
    let plot = still_plot(m, id)
        .show_axes([false, false])
        .show_grid([false, false])
        .include_x(0.0)
        // Room after the longest bar for its figure.
        .include_x(most * 1.45)
        .include_y(-0.5)
        .include_y(count as f64 - 0.5)
        .set_margin_fraction(vec2(0.0, 0.02));
    let transform = show_plot(ui, plot_rect, plot, move |p| {
        p.bar_chart(
            BarChart::new(id.to_owned(), bars)
                .horizontal()
                .width(0.7)
                .allow_hover(false),
        );
    });
    let row_height = (transform.frame().height() / count as f32).min(m.px(80.0));
    for (n, (name, value, figure)) in rows.iter().enumerate() {
        let y = transform.position_from_point_y((count - 1 - n) as f64);
        let label = Rect::from_center_size(
            pos2(rect.min.x + names / 2.0, y),
            vec2(names - m.px(16.0), row_height),
        );
        // A long name on two lines where the row has room for them, else shrunk.
        let wrapped = ui
            .painter()
            .layout(name.clone(), m.regular(24.0), theme::INK, label.width());
        if wrapped.rows.len() <= 2 && wrapped.size().y <= label.height() {
            let at = Align2::RIGHT_CENTER
                .align_size_within_rect(wrapped.size(), label)
                .min;
            ui.painter().galley(at, wrapped, theme::INK);
        } else {
            widgets::fitted_label(
                ui,
                label,
                name,
                m.regular(24.0),
                theme::INK,
                Align2::RIGHT_CENTER,
            );
        }
        widgets::accessible_text(ui, label, (id, "name", n), name);
        let end = transform
            .position_from_point(&PlotPoint::new(*value, 0.0))
            .x;
        let figure_rect = Rect::from_min_max(
            pos2(end + m.px(10.0), y - row_height / 2.0),
            pos2(plot_rect.max.x, y + row_height / 2.0),
        );
        widgets::fitted_label(
            ui,
            figure_rect,
            figure,
            m.strong(24.0),
            theme::INK,
            Align2::LEFT_CENTER,
        );
        widgets::accessible_text(ui, figure_rect, (id, "figure", n), figure);
    }
}

fn exhibits(
    ui: &mut egui::Ui,
    m: &Metrics,
    area: Rect,
    view: &StatisticsView<'_>,
    charts: &Charts,
) {
    let (left, right) = halves(m, area);
    let by_visits: Vec<(String, f64, String)> = charts
        .exhibits
        .iter()
        .take(ROWS)
        .map(|e| {
            (
                view.exhibit_title(&e.exhibit),
                e.visits as f64,
                e.visits.to_string(),
            )
        })
        .collect();
    let rect = heading(ui, m, left, "打开次数 · Opened most");
    ranking(ui, m, rect, "stats-exhibit-visits", &by_visits, theme::RED);

    let mut by_dwell: Vec<(&str, i64)> = charts
        .exhibits
        .iter()
        .filter_map(|e| Some((e.exhibit.as_str(), e.median_dwell_ms?)))
        .collect();
    by_dwell.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let by_dwell: Vec<(String, f64, String)> = by_dwell
        .into_iter()
        .take(ROWS)
        .map(|(id, ms)| (view.exhibit_title(id), ms as f64 / 1000.0, minutes(ms)))
        .collect();
    let rect = heading(ui, m, right, "停留时间中位数 · Median time spent (min:s)");
    ranking(
        ui,
        m,
        rect,
        "stats-exhibit-dwell",
        &by_dwell,
        theme::GOLD_DEEP,
    );
}

fn narration(
    ui: &mut egui::Ui,
    m: &Metrics,
    area: Rect,
    view: &StatisticsView<'_>,
    charts: &Charts,
    actions: &mut Vec<AdminAction>,
) {
    let offered = offered(charts);
    if offered.is_empty() {
        text_line(
            ui,
            m,
            area.min,
            area.width(),
            "还没有人收听讲解 · No narration heard yet",
            24.0,
            "no-narration",
        );
        return;
    }
    // The choice: big buttons, two rows of three at most.
    let row = m.target();
    let gap = m.px(14.0);
    let columns = 3;
    let width = (area.width() - gap * (columns as f32 - 1.0)) / columns as f32;
    let chosen = view.page.narration.min(offered.len().saturating_sub(1));
    for (n, figures) in offered.iter().enumerate() {
        let rect = Rect::from_min_size(
            pos2(
                area.min.x + (n % columns) as f32 * (width + gap),
                area.min.y + (n / columns) as f32 * (row + gap),
            ),
            vec2(width, row),
        );
        let look = if n == chosen {
            Look::Selected
        } else {
            Look::Secondary
        };
        let name = view.narration_name(figures);
        if widgets::button_at(ui, m, rect, None, &name, look).clicked() {
            actions.push(AdminAction::ShowStatistics(Page {
                topic: Topic::Narration,
                narration: n,
            }));
        }
    }
    let rows = offered.len().div_ceil(columns);
    let mut top = area.min.y + rows as f32 * (row + gap) + gap;
    let Some(figures) = offered.get(chosen).copied() else {
        return;
    };
    let film = figures.medium == Medium::Film;
    let tracked = figures.tracked();
    let (plays, completed) = (figures.plays, figures.completed);
    // The listener in the middle of those whose end is known: when half had gone.
    let middle = usize::try_from(tracked.saturating_add(1) / 2)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    let (heard_zh, heard_en) = if film {
        ("看完", "seen")
    } else {
        ("听完", "heard")
    };
    let line = match figures.left_at_s.get(middle) {
        Some(second) => format!(
            "{plays} 次播放，{completed} 次{heard_zh}，一半的人在第 {second} 秒前离开 · {plays} plays, {completed} {heard_en} to the end, half had left by {second} s"
        ),
        None => format!(
            "{plays} 次播放，{completed} 次{heard_zh}，过半{heard_zh} · {plays} plays, {completed} {heard_en} to the end, more than half to the end"
        ),
    };
    text_line(
        ui,
        m,
        pos2(area.min.x, top),
        area.width(),
        &line,
        22.0,
        "narration-figures",
    );
    top += m.px(40.0);
    let rect = heading(
        ui,
        m,
        Rect::from_min_max(pos2(area.min.x, top), area.max),
        if film {
            "还在看的人数（按秒）· Viewers still there, second by second"
        } else {
            "还在听的人数（按秒）· Listeners still there, second by second"
        },
    );
    let points: Vec<[f64; 2]> = figures
        .curve()
        .into_iter()
        .map(|(second, left)| [f64::from(second), left as f64])
        .collect();
    let plot = still_plot(m, "stats-drop-off")
        .include_y(0.0)
        .include_y(tracked.max(1) as f64)
        .include_x(0.0)
        .x_axis_formatter(|mark, _| {
            if mark.value >= 0.0 && mark.value.fract() == 0.0 {
                format!("{:.0} 秒", mark.value)
            } else {
                String::new()
            }
        })
        .y_axis_formatter(whole);
    show_plot(ui, rect, plot, move |p| {
        p.line(
            Line::new("listeners", PlotPoints::from(points))
                .color(theme::RED)
                .width(4.0)
                .fill(0.0)
                .allow_hover(false),
        );
    });
}

/// The wrong choices' shades, most picked first; their numbers are in the key.
const WRONG_SHADES: [Color32; 4] = [theme::RED, theme::AMBER, theme::GOLD_DEEP, theme::CALM];

/// The text on a wrong choice's shade: white on the dark red, ink on the others.
fn on_shade(slot: usize) -> Color32 {
    if slot == 0 {
        Color32::WHITE
    } else {
        theme::INK
    }
}

/// The colour key's words.
pub const KEY_RIGHT: &str = "答对 · Right";
pub const KEY_WRONG: &str = "错误答案，1 为选得最多的 · Wrong answers, 1 picked most";

/// The colour key above the quiz chart: the right share's shade, then the numbered
/// shades of the wrong choices, in words. Returns the area below it.
fn wrong_choice_key(ui: &mut egui::Ui, m: &Metrics, area: Rect) -> Rect {
    let height = m.px(40.0);
    let swatch = vec2(m.px(34.0), m.px(30.0));
    let gap = m.px(10.0);
    let y = area.min.y + height / 2.0;
    let painter = ui.painter().clone();
    let swatch_at = |x: f32, fill: Color32, number: Option<usize>| {
        let rect = Rect::from_center_size(pos2(x + swatch.x / 2.0, y), swatch);
        painter.rect_filled(rect, m.px(4.0), fill);
        if let Some(slot) = number {
            painter.text(
                rect.center(),
                Align2::CENTER_CENTER,
                format!("{}", slot + 1),
                m.strong(20.0),
                on_shade(slot),
            );
        }
        rect.max.x
    };
    let mut x = swatch_at(area.min.x, theme::RIGHT, None) + gap;
    let right_width = painter
        .layout_no_wrap(KEY_RIGHT.to_owned(), m.regular(22.0), theme::INK)
        .size()
        .x;
    let rect = Rect::from_min_size(pos2(x, area.min.y), vec2(right_width + gap, height));
    widgets::fitted_label(
        ui,
        rect,
        KEY_RIGHT,
        m.regular(22.0),
        theme::INK,
        Align2::LEFT_CENTER,
    );
    widgets::accessible_text(ui, rect, "quiz-key-right", KEY_RIGHT);
    x = rect.max.x + gap * 2.0;
    for (slot, &shade) in WRONG_SHADES.iter().enumerate() {
        x = swatch_at(x, shade, Some(slot)) + gap / 2.0;
    }
    let rect = Rect::from_min_max(
        pos2(x + gap / 2.0, area.min.y),
        pos2(area.max.x, area.min.y + height),
    );
    widgets::fitted_label(
        ui,
        rect,
        KEY_WRONG,
        m.regular(22.0),
        theme::INK,
        Align2::LEFT_CENTER,
    );
    widgets::accessible_text(ui, rect, "quiz-key-wrong", KEY_WRONG);
    Rect::from_min_max(pos2(area.min.x, area.min.y + height + m.px(8.0)), area.max)
}

fn quiz(ui: &mut egui::Ui, m: &Metrics, area: Rect, view: &StatisticsView<'_>, charts: &Charts) {
    let area = heading(
        ui,
        m,
        area,
        "最常答错的题 · Questions answered right least often",
    );
    let questions: Vec<&QuestionFigures> = charts
        .questions
        .iter()
        .filter(|q| q.asked > 0)
        .take(QUESTION_ROWS)
        .collect();
    if questions.is_empty() {
        text_line(
            ui,
            m,
            area.min,
            area.width(),
            "还没有人答题 · No quiz answered yet",
            24.0,
            "no-quiz",
        );
        return;
    }
    let language = view.language();
    let text_width = area.width() * 0.62;
    let area = wrong_choice_key(ui, m, area);
    let plot_rect = Rect::from_min_max(
        pos2(area.min.x + text_width + m.px(24.0), area.min.y),
        area.max,
    );
    let count = questions.len();
    // Stacked: the share right, then each wrong choice, most picked first.
    let wrong_shades = WRONG_SHADES;
    let mut charts_drawn: Vec<BarChart> = Vec::new();
    let y_of = |n: usize| (count - 1 - n) as f64;
    let right: Vec<Bar> = questions
        .iter()
        .enumerate()
        .map(|(n, q)| Bar::new(y_of(n), q.share_right() * 100.0).fill(theme::RIGHT))
        .collect();
    charts_drawn.push(
        BarChart::new("right", right)
            .horizontal()
            .width(0.6)
            .allow_hover(false),
    );
    let most_wrong = questions
        .iter()
        .map(|q| q.wrong_choices.len())
        .max()
        .unwrap_or(0)
        .min(wrong_shades.len());
    for (slot, &shade) in wrong_shades.iter().enumerate().take(most_wrong) {
        let bars: Vec<Bar> = questions
            .iter()
            .enumerate()
            .map(|(n, q)| {
                let share = q
                    .wrong_choices
                    .get(slot)
                    .map_or(0.0, |&(_, times)| q.share(times));
                Bar::new(y_of(n), share * 100.0).fill(shade)
            })
            .collect();
        let below: Vec<&BarChart> = charts_drawn.iter().collect();
        let chart = BarChart::new(format!("wrong {slot}"), bars)
            .horizontal()
            .width(0.6)
            .allow_hover(false)
            .stack_on(&below);
        charts_drawn.push(chart);
    }
    let plot = still_plot(m, "stats-quiz")
        .include_x(0.0)
        .include_x(100.0)
        .include_y(-0.5)
        .include_y(count as f64 - 0.5)
        .show_axes([true, false])
        .show_grid([true, false])
        .x_axis_formatter(|mark, _| {
            if (0.0..=100.0).contains(&mark.value) && mark.value % 25.0 == 0.0 {
                format!("{:.0}%", mark.value)
            } else {
                String::new()
            }
        })
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [100.0, 50.0, 25.0]));
    let transform = show_plot(ui, plot_rect, plot, move |p| {
        for chart in charts_drawn {
            p.bar_chart(chart);
        }
    });
    let row_height = transform.frame().height() / count as f32;
    for (n, q) in questions.iter().enumerate() {
        let y = transform.position_from_point_y(y_of(n));
        // Each wrong choice's segment carries its number, as the key and the text do.
        let mut from = q.share_right() * 100.0;
        for (slot, &(_, times)) in q.wrong_choices.iter().take(wrong_shades.len()).enumerate() {
            let to = from + q.share(times) * 100.0;
            let left = transform.position_from_point(&PlotPoint::new(from, 0.0)).x;
            let right = transform.position_from_point(&PlotPoint::new(to, 0.0)).x;
            if right - left >= m.px(26.0) {
                ui.painter().text(
                    pos2((left + right) / 2.0, y),
                    Align2::CENTER_CENTER,
                    format!("{}", slot + 1),
                    m.strong(20.0),
                    on_shade(slot),
                );
            }
            from = to;
        }
        let question = view
            .hall
            .exhibit(&q.exhibit)
            .and_then(|e| e.quiz.get(q.question));
        let prompt = question.map_or_else(
            || format!("{} · {}", q.exhibit, q.question.saturating_add(1)),
            |question| question.prompt.get(language, language).to_owned(),
        );
        let choice = |index: usize| {
            question
                .and_then(|question| crate::quiz::choice_in_words(question, index, language))
                .unwrap_or_else(|| format!("{}", index.saturating_add(1)))
        };
        let mut shares = vec![format!("答对 {} right", percent(q.share_right()))];
        for (slot, &(index, times)) in q.wrong_choices.iter().take(wrong_shades.len()).enumerate() {
            shares.push(format!(
                "{} “{}” {}",
                slot + 1,
                choice(index),
                percent(q.share(times))
            ));
        }
        for (words, times) in
            crate::quiz::wrong_given_in_words(view.hall, question, &q.wrong_given, language)
        {
            shares.push(format!("{words} {}", percent(q.share(times))));
        }
        if q.timed_out > 0 {
            shares.push(format!("超时 timed out {}", percent(q.share(q.timed_out))));
        }
        // The shares on as many lines as they need at their size, never shrunk.
        let lines = packed_lines(ui, &shares, m.regular(22.0), text_width);
        // Wrapped where the row has the room (portrait), else each line shrunk to fit.
        let painter = ui.painter().clone();
        // At the page's sizes, or a little smaller down to the theme's smallest.
        let wrapped = [(24.0, 22.0), (22.0, 21.0), (20.0, 20.0)]
            .into_iter()
            .map(|(prompt_points, line_points)| {
                let prompt_galley = painter.layout(
                    prompt.clone(),
                    m.strong(prompt_points),
                    theme::INK,
                    text_width,
                );
                let line_galleys: Vec<_> = lines
                    .iter()
                    .map(|line| {
                        painter.layout(
                            line.clone(),
                            m.regular(line_points),
                            theme::INK_SOFT,
                            text_width,
                        )
                    })
                    .collect();
                let total =
                    prompt_galley.size().y + line_galleys.iter().map(|g| g.size().y).sum::<f32>();
                (prompt_galley, line_galleys, total)
            })
            .find(|(_, _, total)| *total <= row_height);
        if let Some((prompt_galley, line_galleys, total)) = wrapped {
            let mut top = y - total / 2.0;
            let texts = std::iter::once((prompt_galley, &prompt))
                .chain(line_galleys.into_iter().zip(lines.iter()));
            for (i, (galley, text)) in texts.enumerate() {
                let rect = Rect::from_min_size(pos2(area.min.x, top), galley.size());
                top += galley.size().y;
                painter.galley(rect.min, galley, theme::INK);
                let id = if i == 0 {
                    ("quiz-prompt", n, 0)
                } else {
                    ("quiz-shares", n, i - 1)
                };
                widgets::accessible_text(ui, rect, id, text);
            }
            continue;
        }
        let line_height = (row_height / (1 + lines.len()) as f32).min(m.px(44.0));
        let block_top = y - line_height * (1 + lines.len()) as f32 / 2.0;
        let prompt_rect =
            Rect::from_min_size(pos2(area.min.x, block_top), vec2(text_width, line_height));
        widgets::fitted_label(
            ui,
            prompt_rect,
            &prompt,
            m.strong(24.0),
            theme::INK,
            Align2::LEFT_CENTER,
        );
        widgets::accessible_text(ui, prompt_rect, ("quiz-prompt", n, 0), &prompt);
        for (i, line) in lines.iter().enumerate() {
            let shares_rect = Rect::from_min_size(
                pos2(area.min.x, prompt_rect.max.y + i as f32 * line_height),
                vec2(text_width, line_height),
            );
            widgets::fitted_label(
                ui,
                shares_rect,
                line,
                m.regular(22.0),
                theme::INK_SOFT,
                Align2::LEFT_CENTER,
            );
            widgets::accessible_text(ui, shares_rect, ("quiz-shares", n, i), line);
        }
    }
}

/// `pieces` joined with " · " into lines no wider than `width` in `font`; a piece wider
/// than the width on its own gets a line of its own (and is shrunk to fit there).
fn packed_lines(ui: &egui::Ui, pieces: &[String], font: egui::FontId, width: f32) -> Vec<String> {
    let fits = |text: &str| {
        ui.painter()
            .layout_no_wrap(text.to_owned(), font.clone(), theme::INK)
            .size()
            .x
            <= width
    };
    let mut lines: Vec<String> = Vec::new();
    for piece in pieces {
        match lines.last_mut() {
            Some(line) if fits(&format!("{line} · {piece}")) => {
                line.push_str(" · ");
                line.push_str(piece);
            }
            _ => lines.push(piece.clone()),
        }
    }
    lines
}
