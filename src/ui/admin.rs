//! The staff's screens: the discreet corner-hold mark, the PIN pad, and the admin
//! overlay with diagnostics, reload, statistics, mode, default language and quit.

use std::time::Duration;

use eframe::egui::{self, Align2, Color32, Rect, Sense, Stroke, pos2, vec2};

use super::statistics::{self, StatisticsView};
use super::theme::{self, Metrics};
use super::widgets::{self, Icon, Look};
use crate::admin::{Gate, PadNote, Stage};
use crate::analytics::Summary;

/// The label of staff's "keep on" toggle.
pub const KEEP_ON: &str = "闭馆后保持亮屏 · Keep on outside opening hours";

/// What staff asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminAction {
    Digit(char),
    Backspace,
    Submit,
    Close,
    Reload,
    LeaveSafeMode,
    /// Make the version before the live one live again (a hall that follows a source).
    RollBack,
    GuidedMode,
    SetDefaultLanguage(String),
    /// Keep the kiosk on outside opening hours (until the hall next opens), or not.
    KeepOn(bool),
    /// First tap on quit: ask to confirm.
    AskQuit,
    Quit,
    Touched,
    /// The statistics page, at this topic (opening it, or a tab or narration chosen).
    ShowStatistics(statistics::Page),
    /// Back from the statistics page to the overlay.
    CloseStatistics,
}

/// What the overlay shows.
pub struct AdminView<'a> {
    pub diagnostics: &'a str,
    pub summary_line: &'a str,
    pub stats: Option<&'a Summary>,
    /// Whether the figures are still being counted (else, with none, they cannot be).
    pub stats_pending: bool,
    /// A fault of the statistics database, said for staff.
    pub statistics_note: Option<String>,
    pub languages: &'a [String],
    pub default_language: &'a str,
    pub reload_note: Option<&'a str>,
    /// Why the kiosk is in safe mode, if it is.
    pub safe_mode: Option<String>,
    /// Which version is live, what waits, what was refused: a hall that follows a source.
    pub updates: Option<&'a str>,
    pub confirm_quit: bool,
    pub has_tours: bool,
    /// The opening hours now, if the hall has any.
    pub hours_note: Option<String>,
    /// Staff keep the kiosk on outside opening hours.
    pub kept_on: bool,
    /// The latest self-test; `None` until the first is done.
    pub selftest: Option<&'a crate::selftest::Report>,
    pub now: Duration,
    pub hall: &'a crate::content::Hall,
    /// The statistics page, when staff opened it: drawn instead of the overlay's body.
    pub statistics: Option<StatisticsView<'a>>,
}

impl AdminView<'_> {
    /// An exhibit's title in the default language, or its id if it is gone.
    fn exhibit_title<'s>(&'s self, id: &'s str) -> &'s str {
        let language = self.hall.config.default_language();
        self.hall
            .exhibit(id)
            .map_or(id, |e| e.title.get(language, language))
    }
}

/// The corner where the hidden gesture starts: the top-left, clear of every button.
pub fn corner(m: &Metrics, screen: Rect) -> Rect {
    Rect::from_min_size(screen.min, vec2(m.px(44.0), m.px(44.0)))
}

/// A faint ring in the corner while the hold is under way (after a second, so that
/// visitors brushing the corner see nothing).
pub fn hold_mark(ui: &egui::Ui, m: &Metrics, screen: Rect, progress: f32) {
    if progress < 0.33 {
        return;
    }
    let centre = corner(m, screen).center() + vec2(m.px(20.0), m.px(20.0));
    let radius = m.px(26.0);
    let points: Vec<egui::Pos2> = (0..=40)
        .map(|i| {
            let a =
                -std::f32::consts::FRAC_PI_2 + progress * std::f32::consts::TAU * i as f32 / 40.0;
            centre + radius * vec2(a.cos(), a.sin())
        })
        .collect();
    ui.painter()
        .line(points, Stroke::new(m.px(5.0), theme::GOLD));
}

pub fn admin_ui(
    ui: &mut egui::Ui,
    m: &Metrics,
    gate: &Gate,
    view: &AdminView<'_>,
) -> Vec<AdminAction> {
    let mut actions = Vec::new();
    let screen = ui.max_rect();
    // Block everything underneath; any touch keeps the overlay open.
    let backdrop = ui.interact(
        screen,
        ui.scope_id().with("admin-backdrop"),
        Sense::click_and_drag(),
    );
    if backdrop.clicked() || backdrop.dragged() {
        actions.push(AdminAction::Touched);
    }
    // So the screen's own targets beneath are not counted as reachable.
    widgets::cover(ui, screen);
    ui.painter()
        .rect_filled(screen, 0.0, Color32::from_black_alpha(190));
    match &gate.stage {
        Stage::Closed => {}
        Stage::Pad(pad) => pad_ui(
            ui,
            m,
            screen,
            &pad.entered,
            pad.note.as_ref(),
            gate.lockout_left(view.now),
            &mut actions,
        ),
        Stage::Overlay => overlay_ui(ui, m, screen, view, &mut actions),
    }
    actions
}

fn pad_ui(
    ui: &mut egui::Ui,
    m: &Metrics,
    screen: Rect,
    entered: &str,
    note: Option<&PadNote>,
    lockout: Option<Duration>,
    actions: &mut Vec<AdminAction>,
) {
    let key = m.target() * 1.25;
    let gap = m.px(18.0);
    let width = key * 3.0 + gap * 2.0 + m.px(200.0);
    let height = key * 4.0 + gap * 3.0 + m.px(260.0);
    let card = Rect::from_center_size(screen.center(), vec2(width, height));
    widgets::card(ui, m, card, widgets::Card::Dialog);
    let title = "管理员 · Staff";
    ui.painter().text(
        pos2(card.center().x, card.min.y + m.px(50.0)),
        Align2::CENTER_CENTER,
        title,
        m.strong(34.0),
        theme::INK,
    );
    widgets::accessible_text(
        ui,
        Rect::from_center_size(
            pos2(card.center().x, card.min.y + m.px(50.0)),
            vec2(width, m.px(44.0)),
        ),
        "pad-title",
        title,
    );

    // One dot per digit; never the digits themselves.
    let dots_y = card.min.y + m.px(110.0);
    let slots = entered.len().max(4);
    for i in 0..slots {
        let centre = pos2(
            card.center().x + (i as f32 - (slots as f32 - 1.0) / 2.0) * m.px(36.0),
            dots_y,
        );
        if i < entered.len() {
            ui.painter().circle_filled(centre, m.px(11.0), theme::INK);
        } else {
            ui.painter()
                .circle_stroke(centre, m.px(11.0), Stroke::new(m.px(2.0), theme::INK_SOFT));
        }
    }
    let message = match (note, lockout) {
        (_, Some(left)) => {
            let seconds = left.as_secs_f32().ceil();
            format!("请稍候 {seconds} 秒 · Locked for {seconds} s")
        }
        (Some(PadNote::Wrong { tries_left }), _) => {
            format!("密码不对 · Wrong PIN ({tries_left} tries left)")
        }
        (Some(PadNote::NoPin), _) => {
            "未设置密码：请运行 kiosk set-pin · No PIN set: run kiosk set-pin".to_owned()
        }
        (Some(PadNote::Locked), None) | (None, None) => String::new(),
    };
    if !message.is_empty() {
        let rect = Rect::from_center_size(
            pos2(card.center().x, dots_y + m.px(50.0)),
            vec2(width - m.px(40.0), m.px(36.0)),
        );
        widgets::fitted_label(
            ui,
            rect,
            &message,
            m.regular(22.0),
            theme::RED,
            Align2::CENTER_CENTER,
        );
        widgets::accessible_text(ui, rect, "pad-message", &message);
    }

    let keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"];
    let top = card.min.y + m.px(200.0);
    for (i, label) in keys.iter().enumerate() {
        let (row, column) = (i / 3, i % 3);
        let rect = Rect::from_min_size(
            pos2(
                card.min.x + m.px(100.0) + column as f32 * (key + gap),
                top + row as f32 * (key + gap),
            ),
            vec2(key, key),
        );
        let (name, look) = match *label {
            "⌫" => ("删除 Delete", Look::Secondary),
            "OK" => ("确定 OK", Look::Primary),
            digit => (digit, Look::Secondary),
        };
        let response = if *label == "⌫" {
            widgets::icon_button_at(ui, m, rect, Icon::Back, name, look)
        } else {
            widgets::button_at(
                ui,
                m,
                rect,
                None,
                if *label == "OK" { "OK" } else { label },
                look,
            )
        };
        if response.clicked() {
            actions.push(match *label {
                "⌫" => AdminAction::Backspace,
                "OK" => AdminAction::Submit,
                digit => AdminAction::Digit(digit.chars().next().unwrap_or('0')),
            });
        }
    }
    let close = Rect::from_min_size(
        pos2(
            card.max.x - m.target() - m.px(10.0),
            card.min.y + m.px(10.0),
        ),
        vec2(m.target(), m.target()),
    );
    if widgets::icon_button_at(ui, m, close, Icon::Close, "关闭 Close", Look::Secondary).clicked()
    {
        actions.push(AdminAction::Close);
    }
}

fn overlay_ui(
    ui: &mut egui::Ui,
    m: &Metrics,
    screen: Rect,
    view: &AdminView<'_>,
    actions: &mut Vec<AdminAction>,
) {
    let card = screen.shrink(m.margin());
    ui.painter().rect(
        card,
        m.px(18.0),
        theme::PAPER,
        Stroke::new(m.px(4.0), theme::GOLD),
        egui::StrokeKind::Inside,
    );
    let pad = m.px(32.0);
    let title = "管理 · Administration";
    ui.painter().text(
        card.min + vec2(pad, pad),
        Align2::LEFT_TOP,
        title,
        m.strong(40.0),
        theme::RED,
    );
    widgets::accessible_text(
        ui,
        Rect::from_min_size(card.min + vec2(pad, pad), vec2(m.px(600.0), m.px(50.0))),
        "admin-title",
        title,
    );
    let version = format!("星火 Xinghuo {}", env!("CARGO_PKG_VERSION"));
    ui.painter().text(
        card.min + vec2(pad, pad + m.px(56.0)),
        Align2::LEFT_TOP,
        &version,
        m.regular(22.0),
        theme::INK_SOFT,
    );
    let close = Rect::from_min_size(
        pos2(card.max.x - pad - m.target(), card.min.y + pad),
        vec2(m.target(), m.target()),
    );
    if widgets::icon_button_at(ui, m, close, Icon::Close, "关闭 Close", Look::Secondary).clicked()
    {
        actions.push(AdminAction::Close);
    }

    let body = Rect::from_min_max(
        pos2(card.min.x + pad, card.min.y + m.px(130.0)),
        card.max - vec2(pad, pad),
    );
    if let Some(page) = &view.statistics {
        statistics::statistics_ui(ui, m, body, page, actions);
        return;
    }
    let (left, right) = if m.portrait {
        let h = body.height() * 0.52;
        (
            Rect::from_min_size(body.min, vec2(body.width(), h)),
            Rect::from_min_max(pos2(body.min.x, body.min.y + h + pad), body.max),
        )
    } else {
        let w = body.width() * 0.42;
        (
            Rect::from_min_size(body.min, vec2(w, body.height())),
            Rect::from_min_max(pos2(body.min.x + w + pad, body.min.y), body.max),
        )
    };

    // Controls.
    let row = m.target();
    let gap = m.px(14.0);
    let mut y = left.min.y;
    let button = |ui: &mut egui::Ui, label: &str, icon: Option<Icon>, look: Look, y: &mut f32| {
        let rect = Rect::from_min_size(pos2(left.min.x, *y), vec2(left.width(), row));
        *y += row + gap;
        widgets::button_at(ui, m, rect, icon, label, look).clicked()
    };
    if let Some(notice) = &view.safe_mode {
        // Red, first, and worded for staff: the kiosk is not showing the hall's files.
        let inset = m.px(14.0);
        let galley = widgets::paragraph(
            ui,
            notice,
            m.regular(18.0),
            theme::CREAM,
            left.width() - 2.0 * inset,
        );
        let card = Rect::from_min_size(
            pos2(left.min.x, y),
            vec2(left.width(), galley.size().y + 2.0 * inset),
        );
        ui.painter().rect_filled(card, m.px(10.0), theme::RED);
        ui.painter()
            .galley(card.min + vec2(inset, inset), galley, theme::CREAM);
        widgets::accessible_text(ui, card, "safe-mode", notice);
        y = card.max.y + gap;
        if button(
            ui,
            "离开安全模式 · Leave safe mode",
            Some(Icon::Restart),
            Look::Primary,
            &mut y,
        ) {
            actions.push(AdminAction::LeaveSafeMode);
        }
    }
    if button(
        ui,
        "重新载入内容 · Reload content now",
        Some(Icon::Restart),
        Look::Secondary,
        &mut y,
    ) {
        actions.push(AdminAction::Reload);
    }
    if let Some(note) = view.reload_note {
        // A failed reload names the reason and a path: wrapped in the column.
        let galley = widgets::paragraph(ui, note, m.regular(20.0), theme::INK_SOFT, left.width());
        let top = y - gap / 2.0;
        let height = galley.size().y;
        ui.painter()
            .galley(pos2(left.min.x, top), galley, theme::INK_SOFT);
        widgets::accessible_text(
            ui,
            Rect::from_min_size(pos2(left.min.x, top), vec2(left.width(), height)),
            "reload-note",
            note,
        );
        y = top + height + gap;
    }
    if let Some(status) = view.updates {
        let galley = widgets::paragraph(ui, status, m.regular(18.0), theme::INK_SOFT, left.width());
        let height = galley.size().y;
        ui.painter()
            .galley(pos2(left.min.x, y), galley, theme::INK_SOFT);
        widgets::accessible_text(
            ui,
            Rect::from_min_size(pos2(left.min.x, y), vec2(left.width(), height)),
            "updates",
            status,
        );
        y += height + gap;
        if button(
            ui,
            "回退到上一版本 · Roll back to the earlier version",
            Some(Icon::Restart),
            Look::Secondary,
            &mut y,
        ) {
            actions.push(AdminAction::RollBack);
        }
    }
    if view.has_tours
        && button(
            ui,
            "导游模式 · Guided mode",
            Some(Icon::Guide),
            Look::Secondary,
            &mut y,
        )
    {
        actions.push(AdminAction::GuidedMode);
    }
    if let Some(note) = &view.hours_note {
        let look = if view.kept_on {
            Look::Selected
        } else {
            Look::Secondary
        };
        if button(ui, KEEP_ON, None, look, &mut y) {
            actions.push(AdminAction::KeepOn(!view.kept_on));
        }
        let line = if view.kept_on {
            format!("{note} · 保持亮屏至下次开馆 Kept on until the hall next opens")
        } else {
            note.clone()
        };
        let galley = widgets::paragraph(ui, &line, m.regular(20.0), theme::INK_SOFT, left.width());
        let top = y - gap / 2.0;
        let height = galley.size().y;
        ui.painter()
            .galley(pos2(left.min.x, top), galley, theme::INK_SOFT);
        widgets::accessible_text(
            ui,
            Rect::from_min_size(pos2(left.min.x, top), vec2(left.width(), height)),
            "hours-note",
            &line,
        );
        y = top + height + gap;
    }
    ui.painter().text(
        pos2(left.min.x, y + m.px(4.0)),
        Align2::LEFT_TOP,
        "默认语言 · Default language",
        m.strong(24.0),
        theme::INK,
    );
    y += m.px(44.0);
    let switch = Rect::from_min_size(
        pos2(left.min.x, y),
        vec2(
            left.width()
                .min(widgets::language_switch_width(ui, m, view.languages) * 1.3),
            row,
        ),
    );
    if let Some(language) =
        widgets::language_switch(ui, m, switch, view.languages, view.default_language, false)
    {
        actions.push(AdminAction::SetDefaultLanguage(language));
    }
    y += row + gap * 2.0;
    let quit_label = if view.confirm_quit {
        "再按一次确认退出 · Tap again to quit"
    } else {
        "退出星火 · Quit the kiosk"
    };
    if button(ui, quit_label, Some(Icon::Close), Look::Primary, &mut y) {
        actions.push(if view.confirm_quit {
            AdminAction::Quit
        } else {
            AdminAction::AskQuit
        });
    }

    // Statistics: a few figures here, the charts on a page of their own.
    y += gap;
    ui.painter().text(
        pos2(left.min.x, y + row / 2.0),
        Align2::LEFT_CENTER,
        "参观统计 · Visits",
        m.strong(28.0),
        theme::RED,
    );
    let charts_width = widgets::button_width(ui, m, None, statistics::OPEN).min(left.width() * 0.6);
    let charts_button =
        Rect::from_min_size(pos2(left.max.x - charts_width, y), vec2(charts_width, row));
    if widgets::button_at(
        ui,
        m,
        charts_button,
        None,
        statistics::OPEN,
        Look::Secondary,
    )
    .clicked()
    {
        actions.push(AdminAction::ShowStatistics(statistics::Page::default()));
    }
    y += row + m.px(8.0);
    let stats = match view.stats {
        Some(s) => vec![
            format!(
                "今天 Today: {} 次参观 visits · {} 个展品 exhibits opened",
                s.visits_today, s.exhibits_today
            ),
            format!(
                "讲解 Narrations: {} · 问答 Quiz rounds: {}",
                s.narrations_today, s.quiz_rounds_today
            ),
            format!(
                "近 7 天 Last 7 days: {} 次参观 visits · {} 轮问答 quiz rounds",
                s.visits_week, s.quiz_rounds_week
            ),
            format!(
                "最受关注 Most opened: {}",
                s.top_exhibit_week
                    .as_deref()
                    .map_or("—", |id| view.exhibit_title(id))
            ),
        ],
        None if view.stats_pending => vec!["正在统计…… · Counting…".to_owned()],
        None => vec!["统计暂不可用 · Statistics unavailable".to_owned()],
    };
    let stats = stats.into_iter().chain(view.statistics_note.clone());
    for line in stats {
        let galley = widgets::paragraph(ui, &line, m.regular(22.0), theme::INK, left.width());
        let h = galley.size().y;
        ui.painter().galley(pos2(left.min.x, y), galley, theme::INK);
        widgets::accessible_text(
            ui,
            Rect::from_min_size(pos2(left.min.x, y), vec2(left.width(), h)),
            ("stat", y as i32),
            &line,
        );
        y += h + m.px(6.0);
    }

    let used = selftest_card(ui, m, right, view.selftest);
    let right = Rect::from_min_max(right.min + vec2(0.0, used + m.px(20.0)), right.max);

    // Diagnostics: the same text `kiosk check` prints.
    ui.painter().text(
        right.min,
        Align2::LEFT_TOP,
        "内容检查 · Content check",
        m.strong(28.0),
        theme::RED,
    );
    ui.painter().text(
        right.min + vec2(0.0, m.px(44.0)),
        Align2::LEFT_TOP,
        view.summary_line,
        m.regular(22.0),
        theme::INK,
    );
    widgets::accessible_text(
        ui,
        Rect::from_min_size(
            right.min + vec2(0.0, m.px(44.0)),
            vec2(right.width(), m.px(30.0)),
        ),
        "check-summary",
        view.summary_line,
    );
    let text_rect = Rect::from_min_max(right.min + vec2(0.0, m.px(90.0)), right.max);
    ui.painter().rect_filled(text_rect, m.px(8.0), theme::CARD);
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(text_rect.shrink(m.px(12.0)))
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    egui::ScrollArea::both()
        .scroll_source(widgets::touch_scrolling())
        .id_salt("admin-diagnostics")
        .auto_shrink([false, false])
        .show(&mut child, |ui| {
            let text = if view.diagnostics.is_empty() {
                "没有问题 · No problems"
            } else {
                view.diagnostics
            };
            ui.label(
                egui::RichText::new(text)
                    .font(egui::FontId::monospace(m.px(17.0).max(13.0)))
                    .color(theme::INK),
            );
        });
}

/// Items of a red or green card named one by one; the rest are counted.
const SELFTEST_ITEMS_SHOWN: usize = 3;

/// The self-test's card at the top of `column`: green (with its warnings) or red (with
/// each problem and what to do). Returns the height it took.
fn selftest_card(
    ui: &mut egui::Ui,
    m: &Metrics,
    column: Rect,
    report: Option<&crate::selftest::Report>,
) -> f32 {
    let pad = m.px(14.0);
    let width = column.width() - 2.0 * pad;
    let (title, colour, items) = match report {
        None => (
            "自检进行中…… · Self-test running…".to_owned(),
            theme::INK_SOFT,
            Vec::new(),
        ),
        Some(report) => {
            let listed: Vec<&crate::selftest::Item> = if report.is_green() {
                report.warnings().collect()
            } else {
                report.problems().collect()
            };
            let colour = if report.is_green() {
                theme::RIGHT
            } else {
                theme::RED
            };
            let mut lines: Vec<(String, egui::Color32)> = Vec::new();
            for item in listed.iter().take(SELFTEST_ITEMS_SHOWN) {
                lines.push((item.line(), theme::INK));
                if let Some(todo) = item.todo_line() {
                    lines.push((todo, theme::INK_SOFT));
                }
            }
            if listed.len() > SELFTEST_ITEMS_SHOWN {
                let more = listed.len() - SELFTEST_ITEMS_SHOWN;
                lines.push((
                    format!("另有 {more} 项 · {more} more: run kiosk selftest for all"),
                    theme::INK_SOFT,
                ));
            }
            (report.title(), colour, lines)
        }
    };
    let title_galley = widgets::paragraph(ui, &title, m.strong(26.0), colour, width);
    let galleys: Vec<_> = items
        .iter()
        .map(|(text, ink)| {
            (
                text,
                widgets::paragraph(ui, text, m.regular(19.0), *ink, width),
            )
        })
        .collect();
    let gap = m.px(4.0);
    let height = (pad * 2.0
        + title_galley.size().y
        + galleys.iter().map(|(_, g)| g.size().y + gap).sum::<f32>())
    .min(column.height() * 0.45);
    let card = Rect::from_min_size(column.min, vec2(column.width(), height));
    ui.painter().rect(
        card,
        m.px(10.0),
        theme::CARD,
        Stroke::new(m.px(4.0), colour),
        egui::StrokeKind::Inside,
    );
    let painter = ui.painter().with_clip_rect(card);
    let mut y = card.min.y + pad;
    let title_height = title_galley.size().y;
    painter.galley(pos2(card.min.x + pad, y), title_galley, colour);
    widgets::accessible_text(
        ui,
        Rect::from_min_size(pos2(card.min.x + pad, y), vec2(width, title_height)),
        "selftest-title",
        &title,
    );
    y += title_height + gap;
    for (n, (text, galley)) in galleys.into_iter().enumerate() {
        let h = galley.size().y;
        if y + h > card.max.y {
            break;
        }
        painter.galley(pos2(card.min.x + pad, y), galley, theme::INK);
        widgets::accessible_text(
            ui,
            Rect::from_min_size(pos2(card.min.x + pad, y), vec2(width, h)),
            ("selftest-item", n),
            text,
        );
        y += h + gap;
    }
    height
}
