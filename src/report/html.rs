//! `kiosk report --month M --html FILE`: the monthly report a hall hands in. One
//! self-contained HTML file: inline SVG charts written here as text (no script, no
//! file or font fetched from anywhere), a summary a director reads in a minute,
//! Chinese with English beside it, printable on A4.

use std::fmt::Write as _;

use crate::analytics::{Charts, DropOff, KioskFigures};
use crate::content::Hall;

/// What the monthly report is made of.
pub struct Monthly<'a> {
    pub hall: &'a Hall,
    /// `YYYY-MM`.
    pub month: &'a str,
    pub charts: &'a Charts,
    /// Visits in the month before, for the summary's comparison.
    pub previous_visits: Option<i64>,
    /// The kiosks of a merged report (empty for one kiosk's own).
    pub kiosks: &'a [KioskFigures],
}

const STYLE: &str = "
body { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif;
       color: #222; max-width: 180mm; margin: 0 auto; padding: 8mm; line-height: 1.5; }
h1 { color: #a4161a; font-size: 22pt; margin: 0 0 2mm; }
h2 { color: #a4161a; font-size: 14pt; border-bottom: 1px solid #ddd; margin: 7mm 0 2mm; }
.en { color: #666; font-weight: normal; font-size: 0.8em; margin-left: 0.5em; }
.summary { background: #fbf3e8; border-left: 4px solid #a4161a; padding: 3mm 5mm; }
.summary li { margin: 1mm 0; }
table { border-collapse: collapse; font-size: 10pt; }
td, th { padding: 1mm 3mm; border-bottom: 1px solid #eee; text-align: left; }
td.n { text-align: right; }
svg { width: 100%; height: auto; }
svg text { font-family: inherit; }
.key { font-size: 10pt; }
.key .en { margin-left: 0.2em; }
.swatch { display: inline-block; min-width: 1.4em; height: 1.3em; line-height: 1.3em; margin: 0 0.15em;
          text-align: center; font-weight: bold; font-size: 9pt; color: #222; vertical-align: middle;
          -webkit-print-color-adjust: exact; print-color-adjust: exact; }
footer { color: #888; font-size: 9pt; margin-top: 8mm; }
section { break-inside: avoid; page-break-inside: avoid; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { padding: 0; max-width: none; }
  .summary { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
";

const RED: &str = "#a4161a";
const GOLD: &str = "#d4a017";
const GREY: &str = "#b0b0b0";
/// The quiz chart's share answered right.
const RIGHT: &str = "#2a9d8f";
/// The wrong choices' colours, most picked first.
const WRONG: [&str; 4] = ["#e76f51", "#f4a261", "#e9c46a", "#8d99ae"];

/// The report as one HTML document.
pub fn monthly(report: &Monthly) -> String {
    let hall = report.hall;
    let zh =
        |text: &crate::content::Text| text.get("zh", hall.config.default_language()).to_owned();
    let en =
        |text: &crate::content::Text| text.get("en", hall.config.default_language()).to_owned();
    let hall_zh = zh(&hall.config.title);
    let hall_en = en(&hall.config.title);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{} 月度报告 {} · Monthly report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&hall_zh),
        escape(report.month),
    );
    let _ = writeln!(
        out,
        "<h1>{} 月度观众报告<span class=\"en\">{} · Monthly visitor report</span></h1>\n<p>{}</p>",
        escape(&hall_zh),
        escape(&hall_en),
        escape(report.month),
    );
    out += &summary(report);
    let charts = report.charts;

    let days: Vec<(String, f64)> = charts
        .visits_per_day
        .iter()
        .map(|(day, n)| (day.get(8..).unwrap_or(day).to_owned(), *n as f64))
        .collect();
    out += &section("每日访问", "Visits per day", &columns(&days, RED));
    let hours: Vec<(String, f64)> = charts
        .visits_per_hour
        .iter()
        .enumerate()
        .map(|(hour, n)| (format!("{hour}"), *n as f64))
        .collect();
    out += &section(
        "各时段访问",
        "Visits by hour of the day",
        &columns(&hours, GOLD),
    );

    let name = |id: &str| exhibit_name(hall, id);
    let by_visits: Vec<Bar> = charts
        .exhibits
        .iter()
        .take(12)
        .map(|e| Bar::single(name(&e.exhibit), e.visits as f64, e.visits.to_string()))
        .collect();
    out += &section("展品访问排行", "Exhibits by visits", &bars(&by_visits, RED));
    let mut by_dwell: Vec<_> = charts
        .exhibits
        .iter()
        .filter_map(|e| Some((e, e.median_dwell_ms?)))
        .collect();
    by_dwell.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.exhibit.cmp(&b.0.exhibit)));
    let by_dwell: Vec<Bar> = by_dwell
        .into_iter()
        .take(12)
        .map(|(e, ms)| Bar::single(name(&e.exhibit), ms as f64 / 1000.0, seconds(ms)))
        .collect();
    out += &section(
        "展品停留时间（中位数）",
        "Exhibits by median time spent",
        &bars(&by_dwell, GOLD),
    );

    out += &section(
        "讲解收听留存",
        "Narration: listeners remaining at each second",
        &drop_offs(&charts.narrations, hall, ("听完", "heard to the end")),
    );
    // Films, where the kiosk played any, curved as the narrations are.
    if !charts.films.is_empty() {
        out += &section(
            "影片观看留存",
            "Films: viewers remaining at each second",
            &drop_offs(&charts.films, hall, ("看完", "seen to the end")),
        );
    }
    out += &section(
        "测验题目答对率",
        "Quiz questions by share answered right, with the wrong answers picked",
        &questions(charts, hall),
    );
    out += &section(
        "观众的语言、字号与参观如何结束",
        "Visitors: language, large text, how visits ended",
        &visitors(charts),
    );
    out += &section(
        "照片放大",
        "Photos zoomed into, and how far",
        &photos(charts, hall),
    );
    if !report.kiosks.is_empty() {
        out += &section("各台数据", "Kiosks merged", &kiosks_table(report.kiosks));
    }
    let _ = write!(
        out,
        "<footer>由展厅触摸屏 <code>kiosk report</code> 生成；数据匿名，不含任何个人信息。\
         <span class=\"en\">Written by <code>kiosk report</code>; the statistics are anonymous.</span></footer>\n\
         </body>\n</html>\n"
    );
    out
}

fn summary(report: &Monthly) -> String {
    let charts = report.charts;
    let hall = report.hall;
    let mut items: Vec<(String, String)> = Vec::new();
    let change = match report.previous_visits {
        Some(before) if before > 0 => {
            let percent = (charts.visits - before) as f64 * 100.0 / before as f64;
            format!("（上月 {before}，{percent:+.0}%）")
        }
        _ => String::new(),
    };
    items.push((
        format!("本月观众 {} 人次{change}", charts.visits),
        format!("{} visits this month", charts.visits),
    ));
    if let Some(ms) = charts.median_visit_ms {
        items.push((
            format!("每次参观时长中位数 {}", seconds(ms)),
            "median length of a visit".into(),
        ));
    }
    if let Some((day, n)) = charts
        .visits_per_day
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .filter(|d| d.1 > 0)
    {
        items.push((
            format!("最忙的一天 {day}（{n} 人次）"),
            "the busiest day".into(),
        ));
    }
    if let Some((hour, n)) = charts
        .visits_per_hour
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
        .filter(|h| *h.1 > 0)
    {
        items.push((
            format!("最忙的时段 {hour}:00–{}:00（{n} 人次）", hour + 1),
            "the busiest hour".into(),
        ));
    }
    if let Some(top) = charts.exhibits.first() {
        items.push((
            format!(
                "最受欢迎的展品 {}（{} 次）",
                exhibit_name(hall, &top.exhibit),
                top.visits
            ),
            "the most visited exhibit".into(),
        ));
    }
    let (heard, tracked) = charts
        .narrations
        .iter()
        .fold((0, 0), |(h, t), n| (h + n.completed, t + n.tracked()));
    if tracked > 0 {
        items.push((
            format!(
                "讲解听完率 {:.0}%（{heard}/{tracked}）",
                heard as f64 * 100.0 / tracked as f64
            ),
            "narrations heard to the end".into(),
        ));
    }
    let visitors = &charts.visitors;
    if visitors.ended > 0 {
        let languages: Vec<String> = visitors
            .languages
            .iter()
            .map(|(code, n)| format!("{} {:.0}%", language_name(code), visitors.share(*n) * 100.0))
            .collect();
        items.push((
            format!(
                "参观语言 {}；使用大字 {:.0}%；因闲置结束 {:.0}%",
                languages.join("，"),
                visitors.share(visitors.large_text) * 100.0,
                visitors.share(visitors.idle) * 100.0
            ),
            "visits by language, with large text, ended by the idle reset".into(),
        ));
    }
    if let Some(photo) = charts.photos.first() {
        items.push((
            format!(
                "放大最多的照片：{} 第 {} 页（{} 次，最大 {}%）",
                exhibit_name(hall, &photo.exhibit),
                photo.panel.saturating_add(1),
                photo.zoomed,
                photo.deepest_percent
            ),
            "the photo zoomed into most".into(),
        ));
    }
    if let Some(hardest) = charts.questions.first().filter(|q| q.asked > 0) {
        items.push((
            format!(
                "最难的题目：{}（答对 {:.0}%）",
                question_prompt(hall, &hardest.exhibit, hardest.question),
                hardest.share_right() * 100.0
            ),
            "the question most often missed".into(),
        ));
    }
    let mut out = String::from(
        "<section class=\"summary\">\n<h2>一分钟摘要<span class=\"en\">Summary in a minute</span></h2>\n<ul>\n",
    );
    for (zh, en) in items {
        let _ = writeln!(
            out,
            "<li>{}<span class=\"en\">{}</span></li>",
            escape(&zh),
            escape(&en)
        );
    }
    out += "</ul>\n</section>\n";
    out
}

fn section(zh: &str, en: &str, body: &str) -> String {
    format!(
        "<section>\n<h2>{}<span class=\"en\">{}</span></h2>\n{body}</section>\n",
        escape(zh),
        escape(en)
    )
}

/// Vertical columns with a label under each (days, hours).
fn columns(values: &[(String, f64)], colour: &str) -> String {
    if values.iter().all(|(_, v)| *v <= 0.0) {
        return no_data();
    }
    let (width, height, bottom, left) = (680.0, 200.0, 22.0, 34.0);
    let top = values.iter().map(|v| v.1).fold(0.0, f64::max).max(1.0);
    let step = (width - left) / values.len().max(1) as f64;
    let plot = height - bottom - 10.0;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    );
    axis(&mut svg, left, width, height - bottom, plot, top);
    for (i, (label, value)) in values.iter().enumerate() {
        let h = value / top * plot;
        let x = left + i as f64 * step;
        let _ = writeln!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{colour}\"><title>{} {value}</title></rect>",
            x + step * 0.15,
            height - bottom - h,
            step * 0.7,
            escape(label),
        );
        // Every label when they fit, else every other one.
        if values.len() <= 24 || i % 2 == 0 {
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
                x + step / 2.0,
                height - 6.0,
                escape(label)
            );
        }
    }
    svg += "</svg>\n";
    svg
}

/// The value axis: zero, the middle and the top, with faint lines.
fn axis(svg: &mut String, left: f64, right: f64, base: f64, plot: f64, top: f64) {
    for fraction in [0.0, 0.5, 1.0] {
        let y = base - plot * fraction;
        let value = top * fraction;
        let _ = writeln!(
            svg,
            "<line x1=\"{left}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{}</text>",
            left - 4.0,
            y + 3.0,
            round(value)
        );
    }
}

/// One row of a horizontal bar chart: a label and stacked parts.
struct Bar {
    label: String,
    parts: Vec<Part>,
    value: String,
}

/// A stacked part: its length, its colour ("" is the chart's) and the tag written on
/// it where it is wide enough (the wrong choices' numbers), so colour is never alone.
struct Part {
    value: f64,
    colour: &'static str,
    tag: String,
}

impl Part {
    fn plain(value: f64, colour: &'static str) -> Self {
        Self {
            value,
            colour,
            tag: String::new(),
        }
    }
}

impl Bar {
    fn single(label: String, value: f64, text: String) -> Self {
        Self {
            label,
            parts: vec![Part::plain(value, "")],
            value: text,
        }
    }
}

/// Horizontal bars, longest scale first; a part's colour "" is `colour`.
fn bars(rows: &[Bar], colour: &str) -> String {
    if rows.is_empty() {
        return no_data();
    }
    let (width, row_h, label_w) = (680.0, 24.0, 250.0);
    let top = rows
        .iter()
        .map(|r| r.parts.iter().map(|p| p.value).sum::<f64>())
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    let scale = (width - label_w - 60.0) / top;
    let height = row_h * rows.len() as f64 + 4.0;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    );
    for (i, row) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 2.0;
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            label_w - 6.0,
            y + row_h * 0.65,
            escape(&shorten(&row.label, 22))
        );
        let mut x = label_w;
        for part in &row.parts {
            let w = part.value * scale;
            let fill = if part.colour.is_empty() {
                colour
            } else {
                part.colour
            };
            let _ = writeln!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{fill}\"/>",
                y + 3.0,
                row_h - 6.0
            );
            if !part.tag.is_empty() && w >= 14.0 {
                let _ = writeln!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#222\">{}</text>",
                    x + w / 2.0,
                    y + row_h * 0.65,
                    escape(&part.tag)
                );
            }
            x += w;
        }
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{}</text>",
            x + 4.0,
            y + row_h * 0.65,
            escape(&row.value)
        );
    }
    svg += "</svg>\n";
    svg
}

/// The three most played narrations' (or films') curves, as shares of their
/// listeners; `(zh, en)` names reaching the end.
fn drop_offs(recordings: &[DropOff], hall: &Hall, (end_zh, end_en): (&str, &str)) -> String {
    let curves: Vec<_> = recordings
        .iter()
        .filter(|n| n.tracked() > 0)
        .take(3)
        .collect();
    if curves.is_empty() {
        return no_data();
    }
    let (width, height, left, bottom) = (680.0, 220.0, 40.0, 24.0);
    let plot = height - bottom - 10.0;
    let longest = curves
        .iter()
        .map(|n| n.curve().len())
        .max()
        .unwrap_or(1)
        .max(2) as f64
        - 1.0;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    );
    for fraction in [0.0, 0.5, 1.0] {
        let y = height - bottom - plot * fraction;
        let _ = writeln!(
            svg,
            "<line x1=\"{left}\" x2=\"{width}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{:.0}%</text>",
            left - 4.0,
            y + 3.0,
            fraction * 100.0
        );
    }
    let _ = writeln!(
        svg,
        "<text x=\"{left}\" y=\"{:.1}\" font-size=\"10\">0 秒 s</text>\
         <text x=\"{width}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{longest:.0} 秒 s</text>",
        height - 6.0,
        height - 6.0
    );
    let colours = [RED, GOLD, "#2a9d8f"];
    let mut legend = String::from("<table>\n");
    for (narration, colour) in curves.iter().zip(colours) {
        let panel = narration.panel.saturating_add(1);
        let tracked = narration.tracked().max(1) as f64;
        let points: Vec<String> = narration
            .curve()
            .iter()
            .map(|(s, n)| {
                format!(
                    "{:.1},{:.1}",
                    left + f64::from(*s) / longest * (width - left),
                    height - bottom - *n as f64 / tracked * plot
                )
            })
            .collect();
        let _ = writeln!(
            svg,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" points=\"{}\"/>",
            points.join(" ")
        );
        let _ = writeln!(
            legend,
            "<tr><td><span style=\"color:{colour}\">■</span> {} · 第 {panel} 段 panel {panel}</td>\
             <td class=\"n\">{} 次播放 plays</td><td class=\"n\">{} {end_zh} {end_en}</td></tr>",
            escape(&exhibit_name(hall, &narration.exhibit)),
            narration.plays,
            narration.completed
        );
    }
    svg += "</svg>\n";
    legend += "</table>\n";
    svg + &legend
}

/// The questions missed most, each as a bar split into right, each wrong choice and
/// time run out.
fn questions(charts: &Charts, hall: &Hall) -> String {
    let rows: Vec<Bar> = charts
        .questions
        .iter()
        .filter(|q| q.asked > 0)
        .take(10)
        .map(|q| {
            let mut parts = vec![Part::plain(q.share_right() * 100.0, RIGHT)];
            for (i, (_, count)) in q.wrong_choices.iter().enumerate() {
                parts.push(Part {
                    value: q.share(*count) * 100.0,
                    colour: WRONG[i.min(WRONG.len() - 1)],
                    tag: wrong_tag(i),
                });
            }
            let given: i64 = q.wrong_given.iter().map(|(_, n)| n).sum();
            parts.push(Part::plain(q.share(given) * 100.0, WRONG[WRONG.len() - 1]));
            parts.push(Part::plain(q.share(q.timed_out) * 100.0, GREY));
            Bar {
                label: question_prompt(hall, &q.exhibit, q.question),
                parts,
                value: format!("{:.0}%", q.share_right() * 100.0),
            }
        })
        .collect();
    if rows.is_empty() {
        return no_data();
    }
    let mut out = wrong_choice_key();
    out += &bars(&rows, RED);
    out += "<table>\n<tr><th>题目 Question</th><th>答对 Right</th><th>错误答案（按选择次数） Wrong answers, most picked first</th></tr>\n";
    for q in charts.questions.iter().filter(|q| q.asked > 0).take(10) {
        let mut wrong: Vec<String> = q
            .wrong_choices
            .iter()
            .enumerate()
            .map(|(i, (choice, n))| {
                format!(
                    "{} {}（{:.0}%）",
                    wrong_tag(i),
                    choice_text(hall, &q.exhibit, q.question, *choice),
                    q.share(*n) * 100.0
                )
            })
            .collect();
        wrong.extend(given_texts(hall, q));
        let wrong = if wrong.is_empty() {
            "—".to_owned()
        } else {
            wrong.join("；")
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}/{}</td><td>{}</td></tr>",
            escape(&question_prompt(hall, &q.exhibit, q.question)),
            q.right,
            q.asked,
            escape(&wrong)
        );
    }
    out += "</table>\n";
    out
}

/// A language's name for the report: Chinese and English for the two the kiosk ships
/// with, the code for any other.
fn language_name(code: &str) -> String {
    match code {
        "zh" => "中文 Chinese".to_owned(),
        "en" => "英文 English".to_owned(),
        other => other.to_owned(),
    }
}

/// The visits that ended: by language, large text, and what ended them.
fn visitors(charts: &Charts) -> String {
    let visitors = &charts.visitors;
    if visitors.ended <= 0 {
        return no_data();
    }
    let share = |count: i64| {
        format!(
            "{count}（{:.0}%）",
            (visitors.share(count) * 100.0).clamp(0.0, 100.0)
        )
    };
    let mut rows: Vec<Bar> = visitors
        .languages
        .iter()
        .map(|(code, n)| {
            Bar::single(
                format!("语言 {}", language_name(code)),
                visitors.share(*n) * 100.0,
                share(*n),
            )
        })
        .collect();
    rows.push(Bar::single(
        "使用大字 Large text".to_owned(),
        visitors.share(visitors.large_text) * 100.0,
        share(visitors.large_text),
    ));
    for (name, n) in visitors.endings() {
        let (zh, en) = crate::report::ENDINGS
            .iter()
            .find(|(ending, _, _)| *ending == name)
            .map_or((name, name), |(_, zh, en)| (*zh, *en));
        rows.push(Bar {
            label: format!("{zh} {en}"),
            parts: vec![Part::plain(visitors.share(n) * 100.0, GOLD)],
            value: share(n),
        });
    }
    let mut out = format!(
        "<p>记录了结束的参观 {} 次；以下为所占比例（参观结束时所用的语言）。\
         <span class=\"en\">{} visits with a recorded end; shares of them (the language a visit ended in).</span></p>\n",
        visitors.ended, visitors.ended
    );
    out += &bars(&rows, RED);
    out
}

/// The photos zoomed into most often, with their deepest and median zoom.
fn photos(charts: &Charts, hall: &Hall) -> String {
    let shown: Vec<_> = charts.photos.iter().take(10).collect();
    if shown.is_empty() {
        return no_data();
    }
    let name = |photo: &crate::analytics::PhotoZoom| {
        let caption = hall
            .exhibit(&photo.exhibit)
            .and_then(|e| e.panels.get(photo.panel))
            .and_then(|p| p.photos.get(photo.photo))
            .and_then(|p| p.caption.as_ref())
            .map(|c| c.get("zh", hall.config.default_language()).to_owned());
        match caption {
            Some(caption) => format!("{} · {caption}", exhibit_name(hall, &photo.exhibit)),
            None => format!(
                "{} · 第 {} 页 图 {}",
                exhibit_name(hall, &photo.exhibit),
                photo.panel.saturating_add(1),
                photo.photo.saturating_add(1)
            ),
        }
    };
    // The bars name the photo by its place, short enough to read; the table by its
    // caption too.
    let place = |photo: &crate::analytics::PhotoZoom| {
        let fallback = hall.config.default_language();
        let title = hall
            .exhibit(&photo.exhibit)
            .map_or(photo.exhibit.as_str(), |e| e.title.get("zh", fallback));
        format!(
            "{} 第 {} 页 图 {}",
            shorten(title, 12),
            photo.panel.saturating_add(1),
            photo.photo.saturating_add(1)
        )
    };
    let rows: Vec<Bar> = shown
        .iter()
        .map(|p| Bar::single(place(p), p.zoomed as f64, format!("{} 次", p.zoomed)))
        .collect();
    let mut out = bars(&rows, RED);
    out += "<table>\n<tr><th>照片 Photo</th><th>展品页 Panel</th><th>放大次数 Times zoomed</th>\
            <th>最大放大 Deepest zoom</th><th>中位数 Median zoom</th></tr>\n";
    for photo in shown {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}%</td><td class=\"n\">{}</td></tr>",
            escape(&name(photo)),
            photo.panel.saturating_add(1),
            photo.zoomed,
            photo.deepest_percent,
            photo
                .median_percent
                .map_or("—".to_owned(), |p| format!("{p}%"))
        );
    }
    out += "</table>\n<p>100% 为照片的原始显示大小。<span class=\"en\">100% is the photo as first shown, fitted to the screen.</span></p>\n";
    out
}

/// The number a wrong choice's part carries: 1 for the one picked most. Past the
/// fourth, the parts share the last colour, so their numbers tell them apart.
fn wrong_tag(index: usize) -> String {
    format!("{}", index.saturating_add(1))
}

/// The quiz chart's colour key, in words beside each colour.
fn wrong_choice_key() -> String {
    let swatch = |colour: &str, tag: &str| {
        format!(
            "<span class=\"swatch\" style=\"background:{colour}\">{}</span>",
            escape(tag)
        )
    };
    let wrong: String = WRONG
        .iter()
        .enumerate()
        .map(|(i, colour)| swatch(colour, &wrong_tag(i)))
        .collect();
    format!(
        "<p class=\"key\">{} 答对 <span class=\"en\">Right</span>　{wrong} 错误答案，1 为选得最多的 \
         <span class=\"en\">Wrong answers, 1 picked most</span>　{} 超时 <span class=\"en\">Time ran out</span></p>\n",
        swatch(RIGHT, ""),
        swatch(GREY, "")
    )
}

fn kiosks_table(kiosks: &[KioskFigures]) -> String {
    let mut out = String::from(
        "<table>\n<tr><th>触摸屏 Kiosk</th><th>观众（全部时间） Visits (all time)</th></tr>\n",
    );
    for kiosk in kiosks {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(&kiosk.name),
            kiosk.visits
        );
    }
    out += "</table>\n";
    out
}

fn no_data() -> String {
    "<p>本月无数据 <span class=\"en\">No figures this month</span></p>\n".into()
}

/// The exhibit's Chinese title with its English one beside it, or its id if it is gone.
fn exhibit_name(hall: &Hall, id: &str) -> String {
    let fallback = hall.config.default_language();
    match hall.exhibit(id) {
        Some(exhibit) => {
            let zh = exhibit.title.get("zh", fallback);
            let en = exhibit.title.get("en", fallback);
            if zh == en {
                zh.to_owned()
            } else {
                format!("{zh} {en}")
            }
        }
        None => id.to_owned(),
    }
}

/// The question's prompt in the hall's first language, or where it was if it is gone.
fn question_prompt(hall: &Hall, exhibit: &str, question: usize) -> String {
    let fallback = hall.config.default_language();
    hall.exhibit(exhibit)
        .and_then(|e| e.quiz.get(question))
        .map_or_else(
            || format!("{exhibit} #{}", question + 1),
            |q| q.prompt.get(fallback, fallback).to_owned(),
        )
}

fn choice_text(hall: &Hall, exhibit: &str, question: usize, choice: usize) -> String {
    let fallback = hall.config.default_language();
    hall.exhibit(exhibit)
        .and_then(|e| e.quiz.get(question))
        .and_then(|q| crate::quiz::choice_in_words(q, choice, fallback))
        .unwrap_or_else(|| format!("#{}", choice + 1))
}

/// The wrong answers that were not a choice, in words (`quiz::wrong_given_in_words`).
fn given_texts(hall: &Hall, q: &crate::analytics::QuestionFigures) -> Vec<String> {
    let question = hall
        .exhibit(&q.exhibit)
        .and_then(|e| e.quiz.get(q.question));
    let language = hall.config.default_language();
    crate::quiz::wrong_given_in_words(hall, question, &q.wrong_given, language)
        .into_iter()
        .map(|(words, n)| format!("{words}（{:.0}%）", q.share(n) * 100.0))
        .collect()
}

fn seconds(ms: i64) -> String {
    let s = ms / 1000;
    if s >= 60 {
        format!("{} 分 {} 秒", s / 60, s % 60)
    } else {
        format!("{s} 秒")
    }
}

fn round(value: f64) -> String {
    if value >= 10.0 || value == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_owned()
    } else {
        text.chars()
            .take(chars.saturating_sub(1))
            .collect::<String>()
            + "…"
    }
}

/// Text safe inside an element or a quoted attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out += "&amp;",
            '<' => out += "&lt;",
            '>' => out += "&gt;",
            '"' => out += "&quot;",
            '\'' => out += "&#39;",
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::Store;
    use crate::analytics::sample::{self, Plan, SampleHall};
    use crate::content::{LoadOptions, load_hall};
    use crate::visit::Ending;
    use crate::visit::Event;

    /// A generated November in the hall at +08:00: the events, written to `store`.
    fn november(store: &mut Store, hall: &Hall) -> Vec<(i64, Event)> {
        const NOV_1: i64 = 1_793_462_400_000; // 2026-11-01 00:00 at +08:00
        let plan = Plan::days_from(NOV_1, 30, crate::schedule::CHINA);
        let events = sample::visits(&SampleHall::of(hall), &plan);
        store.insert(&events).unwrap();
        events
    }

    #[test]
    fn the_monthly_report_has_its_summary_and_every_chart_self_contained() {
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let hall = load_hall(&base, LoadOptions::default()).unwrap().hall;
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.sqlite")).unwrap();
        let events = november(&mut store, &hall);
        let count = |kind: fn(&Event) -> bool| events.iter().filter(|(_, e)| kind(e)).count();
        let visits = count(|e| matches!(e, Event::VisitStarted { .. }));
        let completed = count(|e| matches!(e, Event::NarrationCompleted { .. }));
        let left = count(|e| matches!(e, Event::NarrationLeft { .. }));
        let charts = store
            .charts(store.month("2026-11", crate::schedule::CHINA).unwrap())
            .unwrap();
        assert_eq!(usize::try_from(charts.visits).unwrap(), visits);
        let html = monthly(&Monthly {
            hall: &hall,
            month: "2026-11",
            charts: &charts,
            previous_visits: Some(112),
            kiosks: &[],
        });
        for heading in [
            "月度观众报告",
            "一分钟摘要",
            "Summary in a minute",
            "每日访问",
            "Visits per day",
            "各时段访问",
            "展品访问排行",
            "展品停留时间（中位数）",
            "讲解收听留存",
            "测验题目答对率",
            "观众的语言、字号与参观如何结束",
            "照片放大",
        ] {
            assert!(html.contains(heading), "no heading {heading}");
        }
        let change = (visits as f64 - 112.0) * 100.0 / 112.0;
        assert!(html.contains(&format!(
            "本月观众 {visits} 人次（上月 112，{change:+.0}%）"
        )));
        let heard = completed as f64 * 100.0 / (completed + left) as f64;
        assert!(html.contains(&format!(
            "讲解听完率 {heard:.0}%（{completed}/{}）",
            completed + left
        )));
        assert_eq!(html.matches("<svg").count(), 8);
        assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
        assert!(html.contains("@media print"));
        assert!(
            !html.contains("影片观看留存"),
            "no films played, no films' section"
        );
        // Nothing from anywhere: no script, no link, no address but SVG's namespace.
        assert!(!html.contains("<script"));
        assert!(!html.contains("<link"));
        assert_eq!(
            html.matches("http").count(),
            html.matches("http://www.w3.org/2000/svg").count()
        );
    }

    #[test]
    fn an_empty_month_says_so_and_names_no_figures() {
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let hall = load_hall(&base, LoadOptions::default()).unwrap().hall;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("v.sqlite")).unwrap();
        let charts = store
            .charts(store.month("2026-02", crate::schedule::CHINA).unwrap())
            .unwrap();
        assert_eq!(charts.visits_per_day.len(), 28);
        let html = monthly(&Monthly {
            hall: &hall,
            month: "2026-02",
            charts: &charts,
            previous_visits: Some(0),
            kiosks: &[],
        });
        assert!(html.contains("本月观众 0 人次"));
        assert_eq!(html.matches("本月无数据").count(), 8);
    }

    /// Four visits ended in November: three in zh (one in large text), one in en; two
    /// idle resets, one tour ended, one hall closed. Alpha's photo zoomed to 150 %,
    /// 380 % and 200 %.
    #[test]
    fn the_report_shows_languages_large_text_endings_and_the_photos_zoomed() {
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let hall = load_hall(&base, LoadOptions::default()).unwrap().hall;
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.sqlite")).unwrap();
        const NOV_10: i64 = 1_794_312_000_000;
        let ended = |language: &str, large_text: bool, ending: Ending| Event::VisitEnded {
            duration: std::time::Duration::from_secs(60),
            language: language.into(),
            large_text,
            ending,
        };
        let zoomed = |zoom_percent: u32| Event::PhotoZoomed {
            exhibit: "alpha".into(),
            panel: 0,
            photo: 0,
            zoom_percent,
        };
        let events = [
            ended("zh", true, Ending::Idle),
            ended("zh", false, Ending::Idle),
            ended("en", false, Ending::TourEnded),
            ended("zh", false, Ending::HallClosed),
            zoomed(150),
            zoomed(380),
            zoomed(200),
        ];
        let events: Vec<(i64, Event)> = events
            .into_iter()
            .enumerate()
            .map(|(n, e)| (NOV_10 + n as i64, e))
            .collect();
        store.insert(&events).unwrap();
        let charts = store
            .charts(store.month("2026-11", crate::schedule::CHINA).unwrap())
            .unwrap();
        let html = monthly(&Monthly {
            hall: &hall,
            month: "2026-11",
            charts: &charts,
            previous_visits: None,
            kiosks: &[],
        });
        let row = |label: &str, value: &str| {
            let label = format!(">{}</text>", escape(label));
            let at = html
                .find(&label)
                .unwrap_or_else(|| panic!("no bar {label}"));
            let value = format!(">{value}</text>");
            let next = html[at..].find("</text>").map_or(0, |n| at + n + 7);
            assert!(
                html[next..].find(&value).is_some_and(|n| n < 400),
                "{label} then {value}"
            );
        };
        row("语言 中文 Chinese", "3（75%）");
        row("语言 英文 English", "1（25%）");
        row("使用大字 Large text", "1（25%）");
        row("闲置重置 idle reset", "2（50%）");
        row("导览结束 tour ended", "1（25%）");
        row("闭馆 hall closed", "1（25%）");
        assert!(html.contains("记录了结束的参观 4 次"));
        assert!(
            html.contains(
                "参观语言 中文 Chinese 75%，英文 English 25%；使用大字 25%；因闲置结束 50%"
            )
        );
        // The photo by its caption, three times, at most 380 %, median 200 %.
        row("甲展品 第 1 页 图 1", "3 次");
        assert!(html.contains(
            "<td>甲展品 Exhibit Alpha · 甲图</td><td class=\"n\">1</td><td class=\"n\">3</td><td class=\"n\">380%</td><td class=\"n\">200%</td>"
        ));
        assert!(html.contains("放大最多的照片：甲展品 Exhibit Alpha 第 1 页（3 次，最大 380%）"));
    }

    /// Films played: their own section, curved as the narrations are. Alpha's second
    /// panel's film played three times: left at 3.5 s and 9 s, seen to the end once.
    #[test]
    fn films_played_have_their_own_drop_off_section() {
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let hall = load_hall(&base, LoadOptions::default()).unwrap().hall;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.sqlite");
        let mut store = Store::open(&path).unwrap();
        november(&mut store, &hall);
        let db = rusqlite::Connection::open(&path).unwrap();
        const NOV_10: i64 = 1_794_312_000_000;
        for (at, kind, left_ms) in [
            (1, "film_played", None),
            (2, "film_left", Some(3_500)),
            (3, "film_played", None),
            (4, "film_left", Some(9_000)),
            (5, "film_played", None),
            (6, "film_completed", None),
        ] {
            db.execute(
                "INSERT INTO events (at_ms, kind, exhibit, panel, language, duration_ms)
                 VALUES (?1, ?2, 'alpha', 1, 'zh', ?3)",
                rusqlite::params![NOV_10 + at, kind, left_ms],
            )
            .unwrap();
        }
        let charts = store
            .charts(store.month("2026-11", crate::schedule::CHINA).unwrap())
            .unwrap();
        let html = monthly(&Monthly {
            hall: &hall,
            month: "2026-11",
            charts: &charts,
            previous_visits: None,
            kiosks: &[],
        });
        assert!(html.contains("影片观看留存"));
        assert!(html.contains("Films: viewers remaining at each second"));
        assert_eq!(html.matches("<svg").count(), 9);
        assert!(html.contains(
            "甲展品 Exhibit Alpha · 第 2 段 panel 2</td>\
             <td class=\"n\">3 次播放 plays</td><td class=\"n\">1 看完 seen to the end</td>"
        ));
        // The narrations' section is the narrations' alone.
        let narrations = html
            .split("讲解收听留存")
            .nth(1)
            .and_then(|rest| rest.split("影片观看留存").next())
            .unwrap();
        assert!(!narrations.contains("第 2 段"));
    }

    #[test]
    fn text_from_content_is_escaped() {
        assert_eq!(
            escape("<b>\"A&B\"</b>"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
        );
    }
}
