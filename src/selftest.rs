//! The self-test before opening, free of egui: every photo, recording and caption file
//! of the hall decodes, the audio device opens, the fonts load and draw the hall's
//! text, the statistics database takes a write, the data folder has room, and the
//! clock is plausible. `kiosk selftest` runs it once; the kiosk runs it on a
//! [`Background`] thread at start and once a day ([`due`]), slowly, and shows the
//! [`Report`] on the admin overlay as a green or red card.
//!
//! Each [`Item`] is fine, a warning (the kiosk works, staff should know) or a problem
//! (a visitor will meet it), in English and Chinese, with what to do.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::{Duration, SystemTime};

use rodio::Source as _;

use crate::clock::Clock;
use crate::content::media_index::{open_audio, read_captions};
use crate::content::{Loaded, MediaKind, MediaRef};
use crate::media::audio::DeviceMode;
use crate::media::images::{ImageKey, decode};

/// A year before this on the kiosk's clock is a clock that lost its time (a dead
/// clock battery starts it in 2000): statistics and log files would be misdated.
pub const EARLIEST_PLAUSIBLE_YEAR: i32 = 2024;
/// A year after this is as wrong as one before [`EARLIEST_PLAUSIBLE_YEAR`].
pub const LATEST_PLAUSIBLE_YEAR: i32 = 2100;
/// Below this much free space where the statistics and logs are written, a problem: a
/// year of statistics and two weeks of logs take well under this (docs/RELIABILITY.md).
pub const MIN_FREE_BYTES: u64 = 500 * 1024 * 1024;
/// Below this, a warning: room for months still, but someone should look.
pub const LOW_FREE_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// On a day the hall does not open, or for a hall without opening hours, the daily run
/// happens at or after this local hour.
pub const DAILY_HOUR: u8 = 6;
/// On a day the hall opens, the daily run happens this long before the opening: time
/// for staff arriving to see a red card and act on it before the first visitor.
pub const BEFORE_OPENING: Duration = Duration::from_secs(30 * 60);
/// Photos are decoded to at most this many pixels a side: the whole file is read and
/// decoded (a JPEG at its smallest DCT scale), which is what can fail, without the
/// cost of a full-size image.
const DECODE_SIDE: u32 = 64;
/// Audio samples decoded from the start of each recording.
const AUDIO_SAMPLES: usize = 16_384;

/// How an item came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Ok,
    /// The kiosk works, but staff should know (no audio device: captions only).
    Warning,
    /// A visitor will meet it: the card is red.
    Problem,
}

/// One finding, for staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub status: Status,
    /// What was checked: a file under the hall (`media/photos/a.jpg`) or a part of the
    /// kiosk (`clock`, `audio device`).
    pub subject: String,
    pub en: String,
    pub zh: String,
    /// What to do, for a warning or a problem: (English, Chinese).
    pub todo: Option<(String, String)>,
}

impl Item {
    fn ok(subject: impl Into<String>, en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            status: Status::Ok,
            subject: subject.into(),
            en: en.into(),
            zh: zh.into(),
            todo: None,
        }
    }

    fn problem(subject: impl Into<String>, en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            status: Status::Problem,
            ..Self::ok(subject, en, zh)
        }
    }

    fn warning(subject: impl Into<String>, en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            status: Status::Warning,
            ..Self::ok(subject, en, zh)
        }
    }

    fn todo(mut self, en: impl Into<String>, zh: impl Into<String>) -> Self {
        self.todo = Some((en.into(), zh.into()));
        self
    }

    /// `media/photos/a.jpg: the photo cannot be decoded (…) · 照片无法解码`
    pub fn line(&self) -> String {
        format!("{}: {} · {}", self.subject, self.en, self.zh)
    }

    /// `what to do: … · …`, for a warning or a problem.
    pub fn todo_line(&self) -> Option<String> {
        self.todo
            .as_ref()
            .map(|(en, zh)| format!("what to do: {en} · 处理：{zh}"))
    }
}

/// What one run of the self-test found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub items: Vec<Item>,
    /// The kiosk's calendar time when the run began.
    pub at: SystemTime,
}

impl Report {
    fn count(&self, status: Status) -> usize {
        self.items.iter().filter(|i| i.status == status).count()
    }

    pub fn problems(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.status == Status::Problem)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.status == Status::Warning)
    }

    /// Green: no problems (warnings allowed).
    pub fn is_green(&self) -> bool {
        self.count(Status::Problem) == 0
    }

    /// `self-test: 2 problems, 1 warning, 7 fine · 自检：2 个问题，1 个提醒`
    pub fn summary(&self) -> String {
        let problems = self.count(Status::Problem);
        let warnings = self.count(Status::Warning);
        let fine = self.count(Status::Ok);
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        let zh = match (problems, warnings) {
            (0, 0) => "自检通过".to_owned(),
            (0, w) => format!("自检通过，{w} 个提醒"),
            (p, 0) => format!("自检：{p} 个问题"),
            (p, w) => format!("自检：{p} 个问题，{w} 个提醒"),
        };
        format!(
            "self-test: {}, {}, {} fine · {zh}",
            plural(problems, "problem"),
            plural(warnings, "warning"),
            fine
        )
    }

    /// The card's title: `自检通过 · Self-test passed`, or `自检：1 个问题 · Self-test: 1 problem`.
    pub fn title(&self) -> String {
        match self.count(Status::Problem) {
            0 => "自检通过 · Self-test passed".to_owned(),
            1 => "自检：1 个问题 · Self-test: 1 problem".to_owned(),
            n => format!("自检：{n} 个问题 · Self-test: {n} problems"),
        }
    }

    /// The one log line of a run: the summary, then every problem and warning.
    pub fn log_line(&self) -> String {
        let mut line = self.summary();
        for item in self.problems().chain(self.warnings()) {
            line.push_str("; ");
            line.push_str(&format!("{}: {}", item.subject, item.en));
        }
        line
    }

    /// What `kiosk selftest` prints: every item, what to do under each that needs it,
    /// and the summary.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            let tag = match item.status {
                Status::Ok => "ok",
                Status::Warning => "warning",
                Status::Problem => "problem",
            };
            out.push_str(&format!("{tag}: {}\n", item.line()));
            if let Some(todo) = item.todo_line() {
                out.push_str(&format!("  = {todo}\n"));
            }
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }
}

/// How the self-test meets the world: the audio device to try, and a pause between
/// files (in the kiosk) that may also end the run.
pub struct Environment<'a> {
    pub audio: DeviceMode,
    /// Set while the kiosk's narrator holds the device (it may then refuse a second
    /// opening although it works).
    pub narrator_has_device: Option<&'a AtomicBool>,
    /// Called after each media file; `false` ends the run (the kiosk is closing).
    pub between_files: &'a mut dyn FnMut() -> bool,
}

impl Environment<'_> {
    /// The command line: the real device, no pauses.
    pub fn immediate(between_files: &mut dyn FnMut() -> bool) -> Environment<'_> {
        Environment {
            audio: DeviceMode::System,
            narrator_has_device: None,
            between_files,
        }
    }
}

/// Runs every check on a loaded hall, with `wall` the kiosk's calendar time. Never
/// stops at the first problem.
pub fn run(loaded: &Loaded, wall: SystemTime, env: &mut Environment<'_>) -> Report {
    let mut items = vec![clock(wall, loaded.hall.utc_offset())];
    let hall = &loaded.hall;
    let media_dir = &hall.config.media_dir;
    let mut files = Files::default();
    for exhibit in &hall.exhibits {
        files.photos.extend([entry(&exhibit.cover)]);
        for panel in &exhibit.panels {
            for photo in &panel.photos {
                files.photos.extend([entry(&photo.file)]);
            }
            if let Some(narration) = &panel.narration {
                files.audio.extend(narration.audio.values().map(entry));
                if let Some(captions) = &narration.captions {
                    files.captions.extend(captions.values().map(entry));
                }
            }
            if let Some(video) = &panel.video {
                files
                    .films
                    .extend(video.file.files().into_iter().map(|(_, f)| entry(f)));
                files.photos.extend(video.poster.iter().map(entry));
                if let Some(captions) = &video.captions {
                    files.captions.extend(captions.values().map(entry));
                }
            }
        }
    }
    if let Some(map) = &hall.map {
        files.photos.extend([entry(&map.image)]);
    }

    let kinds = [
        (MediaKind::Image, &files.photos, "photos", "张照片"),
        (MediaKind::Audio, &files.audio, "recordings", "段讲解录音"),
        (
            MediaKind::Captions,
            &files.captions,
            "caption files",
            "个字幕文件",
        ),
        (MediaKind::Video, &files.films, "films", "部影片"),
    ];
    'kinds: for (kind, paths, noun, zh_noun) in kinds {
        let mut fine = 0;
        for (relative, file) in paths {
            let subject = format!("{media_dir}/{relative}");
            let result = match file {
                None => Err(hall
                    .media
                    .check(relative, kind)
                    .err()
                    .map_or_else(|| "the file cannot be used".to_owned(), |p| p.message)),
                Some(path) => guarded(|| check_file(path, kind)),
            };
            match result {
                Ok(()) => fine += 1,
                Err(reason) => items.push(broken_file(kind, subject, &reason)),
            }
            if !(env.between_files)() {
                break 'kinds;
            }
        }
        if !paths.is_empty() {
            items.push(Item::ok(
                noun,
                format!("{fine} of {} decode", paths.len()),
                format!("{fine} {zh_noun}可以正常读取"),
            ));
        }
    }

    items.push(audio_device(env));
    items.extend(speech(env, &hall.config.languages));
    items.extend(fonts(loaded));
    let data_dir = hall
        .config
        .analytics_path(&hall.root)
        .parent()
        .map_or_else(|| hall.root.join("data"), Path::to_path_buf);
    items.push(statistics(
        &hall.config.analytics_path(&hall.root),
        &data_dir,
        &hall.config.analytics.path,
    ));
    items.push(free_space(&data_dir));
    // Problems first, then warnings, in the order found.
    items.sort_by_key(|item| std::cmp::Reverse(item.status));
    Report { items, at: wall }
}

#[derive(Default)]
/// Each file once, by the path the content names it with, and the file it opens (none
/// for a path the load did not accept).
struct Files {
    photos: BTreeMap<String, Option<PathBuf>>,
    audio: BTreeMap<String, Option<PathBuf>>,
    captions: BTreeMap<String, Option<PathBuf>>,
    films: BTreeMap<String, Option<PathBuf>>,
}

fn entry(media: &MediaRef) -> (String, Option<PathBuf>) {
    (
        media.written().to_owned(),
        media.file().map(Path::to_path_buf),
    )
}

/// Runs `check` with a panic in a decoding crate (a malformed file can reach one) made
/// into that file's problem.
fn guarded(check: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    std::panic::catch_unwind(AssertUnwindSafe(check)).unwrap_or_else(|panic| {
        Err(format!(
            "the decoder failed: {}",
            crate::logging::panic_message(panic.as_ref())
        ))
    })
}

fn check_file(path: &Path, kind: MediaKind) -> Result<(), String> {
    match kind {
        MediaKind::Image => decode(&ImageKey {
            path: path.to_path_buf(),
            max_side: DECODE_SIDE,
            region: None,
            cover: None,
        })
        .map(|_| ())
        .map_err(|err| err.to_string()),
        MediaKind::Audio => {
            // The narrator opens recordings with the same call.
            let decoder = open_audio(path).map_err(|err| err.to_string())?;
            let says_long = decoder.total_duration().is_some_and(|d| !d.is_zero());
            if decoder.take(AUDIO_SAMPLES).count() == 0 && says_long {
                return Err("no sound could be decoded from its start".to_owned());
            }
            Ok(())
        }
        MediaKind::Captions => read_captions(path).map(|_| ()).map_err(|p| p.message),
        MediaKind::Video => crate::content::media_index::probe_film(path)
            .map(|_| ())
            .map_err(|p| p.message),
    }
}

fn broken_file(kind: MediaKind, subject: String, reason: &str) -> Item {
    match kind {
        MediaKind::Image => Item::problem(
            subject,
            format!("the photo cannot be shown: {reason}"),
            "照片无法显示",
        )
        .todo(
            "copy the photo again from the original, or save it again as JPEG or PNG",
            "从原件重新复制照片，或重新存为 JPEG 或 PNG",
        ),
        MediaKind::Audio => Item::problem(
            subject,
            format!("the recording cannot be played: {reason}"),
            "讲解录音无法播放",
        )
        .todo(
            "copy the recording again from the original (Ogg Vorbis, MP3, WAV or FLAC)",
            "从原件重新复制录音（Ogg Vorbis、MP3、WAV 或 FLAC）",
        ),
        MediaKind::Captions => Item::problem(
            subject,
            format!("the captions cannot be read: {reason}"),
            "字幕无法读取",
        )
        .todo(
            "copy the caption file again, or correct it at the line named",
            "重新复制字幕文件，或按所示行号修改",
        ),
        MediaKind::Video => Item::problem(
            subject,
            format!("the film cannot be played: {reason}"),
            "影片无法播放",
        )
        .todo(
            "copy the film again from the original, or run kiosk check for what to install",
            "从原件重新复制影片，或运行 kiosk check 查看需要安装的软件包",
        ),
    }
}

/// The calendar is plausible: a dead clock battery starts the year at 2000.
pub fn clock(wall: SystemTime, offset: time::UtcOffset) -> Item {
    let time = crate::clock::local(wall, offset);
    let date = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        time.year(),
        u8::from(time.month()),
        time.day(),
        time.hour(),
        time.minute()
    );
    if (EARLIEST_PLAUSIBLE_YEAR..=LATEST_PLAUSIBLE_YEAR).contains(&time.year()) {
        Item::ok("clock", format!("the date is {date}"), "日期时间正常")
    } else {
        Item::problem(
            "clock",
            format!(
                "the date is {date}: the clock battery may be dead; statistics and logs are misdated"
            ),
            "日期错误：主板时钟电池可能已耗尽，统计和日志的日期会出错",
        )
        .todo(
            "set the date and time (in the computer's setup, or `timedatectl set-time`), and have the clock battery replaced",
            "设置正确的日期和时间（在电脑的设置界面或用 timedatectl set-time），并更换主板时钟电池",
        )
    }
}

fn audio_device(env: &Environment<'_>) -> Item {
    let subject = "audio device";
    if env.audio == DeviceMode::Silent {
        return Item::warning(
            subject,
            "not tried: this kiosk runs without sound",
            "未检查：本机以静音方式运行",
        );
    }
    match guarded(|| crate::media::audio::try_default_device().map_err(|err| err.to_string())) {
        Ok(()) => Item::ok(subject, "the sound output opens", "音频输出正常"),
        Err(_)
            if env
                .narrator_has_device
                .is_some_and(|open| open.load(Ordering::SeqCst)) =>
        {
            Item::ok(subject, "in use by the narration", "正在用于讲解播放")
        }
        Err(reason) => Item::warning(
            subject,
            format!("no sound output ({reason}); narration shows captions only"),
            "没有音频输出，讲解只显示字幕",
        )
        .todo(
            "check that the speakers are plugged in and switched on (or the screen's HDMI sound), then run the self-test again; the kiosk tries the device again at each narration",
            "检查扬声器（或显示器的 HDMI 声音）已连接并打开，然后重新自检；每次讲解时会自动重试",
        ),
    }
}

/// The speech engine of the self-voicing mode: without it the mode's button is not
/// offered, and the kiosk runs as before.
/// A kiosk run without sound has no speech either: nothing to look at.
fn speech(env: &Environment<'_>, languages: &[String]) -> Option<Item> {
    use crate::speech::{EngineStatus, SpeechDispatcher};
    let subject = "speech";
    if env.audio == DeviceMode::Silent {
        return None;
    }
    let engine = SpeechDispatcher::start(languages.to_vec(), None);
    Some(match engine.wait_for_probe(Duration::from_secs(5)) {
        EngineStatus::Ready { languages } => Item::ok(
            subject,
            format!("speech-dispatcher speaks {}", languages.join(", ")),
            "语音引导可用",
        ),
        EngineStatus::Probing => Item::warning(
            subject,
            "speech-dispatcher did not answer within 5 s; spoken guidance is not offered",
            "语音服务无响应，不提供语音引导",
        ),
        EngineStatus::Unavailable(why) => Item::warning(
            subject,
            format!("{why}; spoken guidance (无障碍 button) is not offered"),
            "没有语音合成，不提供语音引导（无障碍按钮）",
        )
        .todo(
            "install speech-dispatcher and speech-dispatcher-espeak-ng (Mandarin and English voices), then restart the kiosk",
            "安装 speech-dispatcher 和 speech-dispatcher-espeak-ng（普通话和英语语音），然后重启本机",
        ),
    })
}

/// The hall's fonts load and draw every character of its texts.
fn fonts(loaded: &Loaded) -> Vec<Item> {
    let hall = &loaded.hall;
    let dir = hall.config.media_dir(&hall.root).join("fonts");
    let subject = format!("{}/fonts", hall.config.media_dir);
    let files = crate::fonts::FontFiles::find(&dir);
    let Some(regular) = files.regular() else {
        return vec![
            Item::problem(
                subject,
                "no font file found; Chinese text cannot be shown",
                "没有字体文件，中文无法显示",
            )
            .todo(
                "copy the hall's fonts (.otf) into media/fonts/ again",
                "把展厅的字体文件（.otf）重新复制到 media/fonts/",
            ),
        ];
    };
    let mut items = Vec::new();
    let mut coverage = None;
    let mut loaded_faces = 0;
    for face in files.all() {
        let name = face.strip_prefix(&hall.root).unwrap_or(face).display();
        match crate::fonts::Coverage::load(face) {
            Ok(read) => {
                loaded_faces += 1;
                if face == regular {
                    coverage = Some(read);
                }
            }
            Err(err) => items.push(
                Item::problem(
                    name.to_string(),
                    format!("the font cannot be read: {err}"),
                    "字体文件无法读取",
                )
                .todo(
                    "copy the font file again from the original",
                    "从原件重新复制字体文件",
                ),
            ),
        }
    }
    if let Some(coverage) = coverage {
        let missing: Vec<char> = loaded
            .characters
            .iter()
            .copied()
            .filter(|c| !c.is_control() && !coverage.contains(*c))
            .collect();
        if missing.is_empty() {
            items.push(Item::ok(
                subject,
                format!(
                    "{loaded_faces} of {} font files load and draw all {} characters of the hall",
                    files.all().count(),
                    loaded.characters.len()
                ),
                "字体正常，展厅文字都能显示",
            ));
        } else {
            let list: String = missing.iter().take(20).collect();
            items.push(
                Item::warning(
                    subject,
                    format!(
                        "the fonts cannot draw {} characters of the hall: {list}",
                        missing.len()
                    ),
                    "字体缺少展厅文字中的部分字符，会显示为方框",
                )
                .todo(
                    "ask the curator to add them to the font subset (kiosk check names where they are)",
                    "请策展人把这些字加入字体子集（kiosk check 会指出位置）",
                ),
            );
        }
    }
    items
}

/// The statistics database takes a write (rolled back) and the data folder takes a
/// file (deleted): a full or read-only disk, or a file owned by someone else, shows.
fn statistics(database: &Path, data_dir: &Path, configured: &str) -> Item {
    let subject = configured.to_owned();
    let todo = |item: Item| {
        item.todo(
            "check that the disk is not full and the kiosk's user owns the data folder; restart the kiosk",
            "检查磁盘未满、数据文件夹属于运行星火的用户，然后重启星火",
        )
    };
    if let Err(err) = write_probe(data_dir) {
        return todo(Item::problem(
            subject,
            format!(
                "the data folder {} cannot be written: {err}",
                data_dir.display()
            ),
            "数据文件夹无法写入，参观统计和日志会丢失",
        ));
    }
    match crate::analytics::check_writable(database) {
        Ok(true) => Item::ok(
            subject,
            "the statistics database takes a write",
            "参观统计数据库可以写入",
        ),
        Ok(false) => Item::ok(
            subject,
            "no statistics yet; the data folder can be written",
            "尚无统计数据，数据文件夹可以写入",
        ),
        Err(err) => todo(Item::problem(
            subject,
            format!("the statistics database cannot be written: {err}"),
            "参观统计数据库无法写入",
        )),
    }
}

/// Writes, syncs and deletes a small file in `dir`, making the folder as the kiosk does.
fn write_probe(dir: &Path) -> std::io::Result<()> {
    use std::io::Write as _;
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::Builder::new()
        .prefix(".selftest-")
        .tempfile_in(dir)?;
    file.write_all(&[0; 4096])?;
    file.as_file().sync_all()?;
    file.close()
}

fn free_space(dir: &Path) -> Item {
    let subject = "disk";
    let Some(free) = free_bytes(dir) else {
        return Item::warning(
            subject,
            format!("the free space of {} cannot be read", dir.display()),
            "无法读取磁盘剩余空间",
        );
    };
    let gb = |bytes: u64| format!("{:.1} GB", bytes as f64 / 1e9);
    let todo = |item: Item| {
        item.todo(
            "delete what is not needed on the kiosk's disk (old copies of halls, downloads), or fit a larger one",
            "删除不需要的文件（旧的展厅副本、下载），或更换更大的硬盘",
        )
    };
    if free < MIN_FREE_BYTES {
        todo(Item::problem(
            subject,
            format!("only {} free for statistics and logs", gb(free)),
            "磁盘空间不足，统计和日志即将无法写入",
        ))
    } else if free < LOW_FREE_BYTES {
        todo(Item::warning(
            subject,
            format!("{} free for statistics and logs; getting low", gb(free)),
            "磁盘空间偏少",
        ))
    } else {
        Item::ok(subject, format!("{} free", gb(free)), "磁盘空间充足")
    }
}

#[cfg(unix)]
fn free_bytes(dir: &Path) -> Option<u64> {
    let stat = rustix::fs::statvfs(dir).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize))
}

#[cfg(not(unix))]
fn free_bytes(_dir: &Path) -> Option<u64> {
    None
}

/// When each day's self-test is due, in the hall's own time: [`BEFORE_OPENING`] the
/// hall's opening that day (never before midnight), or [`DAILY_HOUR`] on a day it stays
/// closed and for a hall without opening hours.
#[derive(Clone, Debug)]
pub struct Morning {
    offset: time::UtcOffset,
    schedule: Option<crate::schedule::Schedule>,
}

impl Morning {
    /// Every day at [`DAILY_HOUR`] in a time zone `offset` from UTC.
    pub fn at_daily_hour(offset: time::UtcOffset) -> Self {
        Self {
            offset,
            schedule: None,
        }
    }

    /// Before the hall opens, by its opening hours (which carry their own offset).
    pub fn before_opening(schedule: crate::schedule::Schedule) -> Self {
        Self {
            offset: schedule.offset(),
            schedule: Some(schedule),
        }
    }

    /// The hall's; a hall without opening hours runs at [`DAILY_HOUR`] Beijing time.
    pub fn of_hall(hall: &crate::content::Hall) -> Self {
        match &hall.schedule {
            Some(schedule) => Self::before_opening(schedule.clone()),
            None => Self::at_daily_hour(hall.utc_offset()),
        }
    }

    fn local(&self, wall: SystemTime) -> time::OffsetDateTime {
        crate::clock::local(wall, self.offset)
    }

    /// The local time of the run on the local date of `wall`.
    fn run_time(&self, wall: SystemTime) -> time::Time {
        let daily = time::Time::from_hms(DAILY_HOUR, 0, 0).unwrap_or(time::Time::MIDNIGHT);
        let Some(opening) = self
            .schedule
            .as_ref()
            .and_then(|schedule| schedule.opening_today(wall))
        else {
            return daily;
        };
        let today = self.local(wall).date();
        let run = self.local(opening.checked_sub(BEFORE_OPENING).unwrap_or(opening));
        if run.date() == today {
            run.time()
        } else {
            time::Time::MIDNIGHT
        }
    }

    /// Whether the day's run is due at `wall`, after the last run at `last` (`None`:
    /// none yet since start, so it is due at once): when the local date differs from
    /// the last run's and the day's run time has come. "Differs", not "later": a clock
    /// set back from a wrong year still gets its run.
    pub fn due(&self, wall: SystemTime, last: Option<SystemTime>) -> bool {
        let Some(last) = last else {
            return true;
        };
        let (now, last) = (self.local(wall), self.local(last));
        now.date() != last.date() && now.time() >= self.run_time(wall)
    }
}

/// What the background thread runs: the self-test at a calendar time, with the pause
/// between files that may end it.
pub type Job = Box<dyn FnMut(SystemTime, &mut dyn FnMut() -> bool) -> Report + Send>;

/// The kiosk's self-test thread: runs the job at start and whenever [`Morning::due`], pausing
/// between files so that visitors never notice, and hands each report over. A panic
/// in a run is a report with one red item; the thread ends when this is dropped.
pub struct Background {
    reports: Receiver<Report>,
    /// Dropped to stop the thread (its pauses wait on this).
    _stop: Sender<()>,
}

/// The self-test thread has ended.
#[derive(Debug, thiserror::Error)]
#[error("the self-test thread has ended")]
pub struct Gone;

/// How often the thread asks whether the daily run is due.
const POLL: Duration = Duration::from_secs(60);

impl Background {
    /// Starts the thread; its first run begins after `first_after` (the kiosk lets its
    /// first frames be drawn before). `pause` is the wait between two files; `notify` is
    /// called after each report (the kiosk draws a frame to pick it up).
    pub fn start(
        mut job: Job,
        clock: Arc<dyn Clock>,
        first_after: Duration,
        pause: Duration,
        morning: Morning,
        notify: Box<dyn Fn() + Send>,
    ) -> std::io::Result<Self> {
        let (stop, stopped) = channel::<()>();
        let (reports, receiver) = channel();
        std::thread::Builder::new()
            .name("self-test".into())
            .spawn(move || {
                if !matches!(
                    stopped.recv_timeout(first_after),
                    Err(RecvTimeoutError::Timeout)
                ) {
                    return;
                }
                let mut last = None;
                loop {
                    let wall = clock.wall();
                    if morning.due(wall, last) {
                        last = Some(wall);
                        let mut ended = false;
                        let mut between = || match stopped.recv_timeout(pause) {
                            Err(RecvTimeoutError::Timeout) => true,
                            _ => {
                                ended = true;
                                false
                            }
                        };
                        let report =
                            std::panic::catch_unwind(AssertUnwindSafe(|| job(wall, &mut between)))
                                .unwrap_or_else(|panic| {
                                    failed(
                                        wall,
                                        &format!(
                                            "the self-test stopped: {}",
                                            crate::logging::panic_message(panic.as_ref())
                                        ),
                                    )
                                });
                        if ended {
                            return;
                        }
                        log(&report);
                        if reports.send(report).is_err() {
                            return;
                        }
                        notify();
                    }
                    match stopped.recv_timeout(POLL) {
                        Err(RecvTimeoutError::Timeout) => {}
                        _ => return,
                    }
                }
            })?;
        Ok(Self {
            reports: receiver,
            _stop: stop,
        })
    }

    /// The kiosk's own job: the hall loaded from `root` as it is on disk now.
    pub fn kiosk_job(root: PathBuf, audio: DeviceMode, narrator: Arc<AtomicBool>) -> Job {
        Box::new(move |wall, between_files| {
            match crate::content::load_hall(&root, crate::content::LoadOptions::default()) {
                Ok(loaded) => run(
                    &loaded,
                    wall,
                    &mut Environment {
                        audio,
                        narrator_has_device: Some(&narrator),
                        between_files,
                    },
                ),
                Err(err) => failed(wall, &format!("the hall cannot be loaded: {err}")),
            }
        })
    }

    /// The latest report, if a run finished since the last call. [`Gone`] when the
    /// thread has ended (it never does on its own while this lives).
    pub fn poll(&self) -> Result<Option<Report>, Gone> {
        let mut latest = None;
        loop {
            match self.reports.try_recv() {
                Ok(report) => latest = Some(report),
                Err(TryRecvError::Empty) => return Ok(latest),
                Err(TryRecvError::Disconnected) => return latest.map(Some).ok_or(Gone),
            }
        }
    }
}

/// A run that could not check anything: one red item.
pub fn failed(wall: SystemTime, reason: &str) -> Report {
    Report {
        items: vec![
            Item::problem("self-test", reason, "自检未能完成").todo(
                "restart the kiosk; if this stays, send the files in data/logs to whoever looks after the kiosk",
                "重启星火；若仍出现，请把 data/logs 中的文件发给维护人员",
            ),
        ],
        at: wall,
    }
}

/// The one log line of a run.
fn log(report: &Report) {
    if report.is_green() {
        tracing::info!("{}", report.log_line());
    } else {
        tracing::warn!("{}", report.log_line());
    }
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;
    use crate::clock::ManualClock;

    fn beijing() -> time::UtcOffset {
        time::UtcOffset::from_hms(8, 0, 0).unwrap()
    }

    /// The runs `morning` makes over a week of the kiosk's clock in ten-minute steps
    /// from the ManualClock's Monday 09:00 in Beijing to the next Monday 08:50.
    fn runs_over_a_week(morning: &Morning) -> Vec<String> {
        let clock = ManualClock::default();
        let mut last = None;
        let mut runs = Vec::new();
        for _ in 0..(7 * 24 * 6) {
            let wall = clock.wall();
            if morning.due(wall, last) {
                last = Some(wall);
                let t = time::OffsetDateTime::from(wall).to_offset(beijing());
                runs.push(format!("{} {:02}:{:02}", t.weekday(), t.hour(), t.minute()));
            }
            clock.advance(Duration::from_secs(600));
        }
        runs
    }

    /// Without opening hours: a run at start, then one each morning at 06:00 (eight
    /// dates, eight runs), no more.
    #[test]
    fn without_hours_the_self_test_runs_at_start_and_at_six_each_day_of_a_week() {
        assert_eq!(
            runs_over_a_week(&Morning::at_daily_hour(beijing())),
            [
                "Monday 09:00",
                "Tuesday 06:00",
                "Wednesday 06:00",
                "Thursday 06:00",
                "Friday 06:00",
                "Saturday 06:00",
                "Sunday 06:00",
                "Monday 06:00",
            ]
        );
    }

    /// A museum's week: 09:00–17:00, Saturday 10:00, closed on Mondays, and a dated
    /// exception opening at 00:10 (a night of commemoration): half an hour before each
    /// opening, at midnight when that would be the day before, and at 06:00 on the
    /// closed Monday.
    #[test]
    fn with_hours_the_self_test_runs_half_an_hour_before_each_opening() {
        let at = |h, m| time::Time::from_hms(h, m, 0).unwrap();
        let day = crate::schedule::Hours::new(at(9, 0), at(17, 0));
        let saturday = crate::schedule::Hours::new(at(10, 0), at(17, 0));
        let night = crate::schedule::Hours::new(at(0, 10), at(17, 0));
        let week = [None, day, day, day, day, saturday, day];
        let thursday = time::Date::from_calendar_date(2026, time::Month::June, 4).unwrap();
        let schedule = crate::schedule::Schedule::new(
            beijing(),
            week,
            std::collections::BTreeMap::from([(thursday, night)]),
        );
        assert_eq!(
            runs_over_a_week(&Morning::before_opening(schedule)),
            [
                "Monday 09:00",
                "Tuesday 08:30",
                "Wednesday 08:30",
                "Thursday 00:00",
                "Friday 08:30",
                "Saturday 09:30",
                "Sunday 08:30",
                "Monday 06:00",
            ]
        );
    }

    #[test]
    fn a_start_before_six_still_runs_that_morning_only_once() {
        let morning = Morning::at_daily_hour(beijing());
        // 04:00 in Beijing on Monday 1 June 2026.
        let start = UNIX_EPOCH + Duration::from_secs(1_780_275_600 - 5 * 3600);
        assert!(morning.due(start, None));
        let later = start + Duration::from_secs(3 * 3600);
        assert!(!morning.due(later, Some(start)), "same day, 07:00");
        let tomorrow = start + Duration::from_secs(26 * 3600);
        assert!(morning.due(tomorrow, Some(start)), "Tuesday 06:00");
    }

    #[test]
    fn a_clock_set_back_from_a_wrong_year_runs_again() {
        let wrong = UNIX_EPOCH + Duration::from_secs(4_102_444_800 + 8 * 3600); // 2100-01-01
        let right = UNIX_EPOCH + Duration::from_secs(1_780_275_600);
        assert!(Morning::at_daily_hour(beijing()).due(right, Some(wrong)));
    }

    #[test]
    fn a_clock_gone_wild_is_a_red_item_not_a_panic() {
        // Beyond year 9999, where `time`'s `From<SystemTime>` would panic.
        let wild = UNIX_EPOCH + Duration::from_secs(400_000 * 365 * 86_400);
        let morning = Morning::at_daily_hour(beijing());
        assert!(morning.due(wild, Some(UNIX_EPOCH)));
        assert_eq!(clock(wild, beijing()).status, Status::Problem);
    }

    #[test]
    fn a_clock_in_2000_is_red_and_says_to_set_the_date() {
        let item = clock(
            UNIX_EPOCH + Duration::from_secs(946_684_800 + 12 * 3600),
            beijing(),
        );
        assert_eq!(item.status, Status::Problem);
        assert!(
            item.en.contains("the clock battery may be dead"),
            "{}",
            item.en
        );
        assert!(item.todo_line().unwrap().contains("set the date and time"));
        assert_eq!(
            clock(ManualClock::default().wall(), beijing()).status,
            Status::Ok
        );
    }

    /// The thread survives a panicking run: it reports it as a red item.
    #[test]
    fn a_panic_in_a_run_is_a_red_item() {
        let clock = Arc::new(ManualClock::default());
        let job: Job = Box::new(|_, _| panic!("injected self-test fault"));
        let background = Background::start(
            job,
            clock,
            Duration::ZERO,
            Duration::ZERO,
            Morning::at_daily_hour(beijing()),
            Box::new(|| {}),
        )
        .unwrap();
        let report = loop {
            if let Some(report) = background.poll().unwrap() {
                break report;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        assert!(!report.is_green());
        assert_eq!(
            report.problems().next().map(Item::line).as_deref(),
            Some("self-test: the self-test stopped: injected self-test fault · 自检未能完成")
        );
    }
}
