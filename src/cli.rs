//! The command line: `kiosk`, `kiosk check`, `kiosk selftest`, `kiosk report`,
//! `kiosk set-pin`, `kiosk publish`, `kiosk update`.
//! Exit codes: 0 fine, 1 problems found, 2 could not run.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::content::CONFIG_FILE;
use crate::content::{LoadOptions, load_hall};
use crate::diagnostics::Style;
use crate::logging::init_logging;
use crate::pin::PinKind;

/// Xinghuo (星火): a touch kiosk for party-history exhibition halls.
#[derive(Debug, Parser)]
#[command(name = "kiosk", version, about)]
pub struct Cli {
    /// The hall folder (holding kiosk.ron) to run.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub hall: PathBuf,

    /// Run in a window instead of fullscreen (for curators and development).
    #[arg(long)]
    pub windowed: bool,

    /// Open on a screen, e.g. `exhibit:xia-minghan:2` to preview a panel you wrote;
    /// `--show help` lists the screens.
    #[arg(long, value_name = "SCREEN")]
    pub show: Option<String>,

    /// Drive the kiosk by itself as visitors would, and report on it.
    #[arg(long)]
    pub autopilot: bool,

    /// Autopilot: the seed of its random touches.
    #[arg(long, default_value_t = 1, requires = "autopilot")]
    pub seed: u64,

    /// Autopilot: how long to run, e.g. `90s`, `30m`, `2h` [default: 10m; with --pass
    /// or --passes, as long as the passes take]. The run ends then, even mid-pass.
    #[arg(long, value_parser = parse_duration, requires = "autopilot")]
    pub duration: Option<std::time::Duration>,

    /// Autopilot: one ordered pass over all content, then exit.
    #[arg(long, requires = "autopilot")]
    pub pass: bool,

    /// Autopilot: this many ordered passes, then exit (memory must stay flat).
    #[arg(long, requires = "autopilot")]
    pub passes: Option<usize>,

    /// Autopilot: write the report (JSON) here too.
    #[arg(long, value_name = "FILE", requires = "autopilot")]
    pub report: Option<PathBuf>,

    /// Write the number of frames drawn so far into FILE after every frame (for
    /// `scripts/measure-attract`; frames, not time, so an idle kiosk writes nothing).
    #[arg(long, value_name = "FILE")]
    pub count_frames: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate everything a visitor could reach; exit 0 = no errors, 1 = errors.
    Check {
        /// The hall folder.
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Also make the photo cache in the data folder (`data/thumbs/`): every
        /// exhibit's home tile and its attract cover for a screen of WIDTHxHEIGHT pixels
        /// (1920x1080 when not given), and report how many were made.
        #[arg(long, value_name = "WIDTHxHEIGHT", num_args = 0..=1,
              default_missing_value = "1920x1080", value_parser = parse_screen)]
        thumbs: Option<(u32, u32)>,
    },
    /// The self-test before opening: every photo, recording and caption file decodes,
    /// the sound output opens, the fonts load, the statistics database and the disk
    /// take a write, the clock is plausible. Exit 0 = no problems, 1 = problems.
    Selftest {
        /// The hall folder.
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Visit statistics from the hall's database.
    Report {
        /// The hall folder.
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Only visits from this day on (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Comma-separated values for a spreadsheet, instead of tables.
        #[arg(long)]
        csv: bool,
        /// The hall's kiosks together: their exported databases (files, or folders
        /// of them) instead of this kiosk's own. Each event counts once.
        #[arg(long, value_name = "PATH", num_args = 1..)]
        merge: Vec<PathBuf>,
        /// The calendar month of the HTML report (YYYY-MM).
        #[arg(long, value_name = "MONTH", requires = "html")]
        month: Option<String>,
        /// Write the month's report with charts into this HTML file, to print or hand in.
        #[arg(long, value_name = "FILE", requires = "month")]
        html: Option<PathBuf>,
    },
    /// Write a consistent copy of this kiosk's statistics into a folder (a USB stick),
    /// for `kiosk report --merge` on the curators' computer.
    ExportStats {
        /// The hall folder.
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        #[arg(long, value_name = "FOLDER")]
        to: PathBuf,
    },
    /// Measure the performance budgets on a generated hall (see docs/PERFORMANCE.md).
    Bench {
        #[arg(long, default_value_t = 300)]
        exhibits: usize,
        #[arg(long, default_value_t = 10)]
        photos: usize,
        #[arg(long, default_value_t = 12)]
        megapixels: u32,
        /// Distinct photo files (the others are hard links to them).
        #[arg(long, default_value_t = 12)]
        distinct: usize,
        /// Keep the generated hall here (for `kiosk --autopilot --hall DIR`).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Fonts for the frame measurements.
        #[arg(long, value_name = "DIR", default_value = "media/fonts")]
        fonts: PathBuf,
        /// Passes over every photo for the memory figures (0 to skip them).
        #[arg(long, default_value_t = 2)]
        memory_passes: usize,
    },
    /// A year of the hall in well under an hour: the kiosk headless on a fast clock,
    /// with random visitors, daily edits and restarts; resident memory, database, logs
    /// and open files written down each month (see docs/RELIABILITY.md). Exit 1 if
    /// anything failed on the way.
    Soak {
        /// The hall folder (copied; the copy is run).
        #[arg(value_name = "DIR", default_value = ".")]
        hall: PathBuf,
        #[arg(long, default_value_t = 365)]
        days: u32,
        /// Visits a day, drawn from this range: `300-800`.
        #[arg(long, value_name = "MIN-MAX", default_value = "300-800", value_parser = parse_range)]
        visits: std::ops::RangeInclusive<u32>,
        /// Touches a visit, after the tap that wakes the kiosk: `2-16`.
        #[arg(long, value_name = "MIN-MAX", default_value = "2-16", value_parser = parse_range)]
        touches: std::ops::RangeInclusive<u32>,
        /// Keep statistics this many days instead of the hall's setting.
        #[arg(long, value_name = "DAYS")]
        retention_days: Option<u32>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Keep the hall copy, its database and logs here (a new folder).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Also write the figures as JSON here.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// For demonstrations and tests only: fill a hall's statistics database, which
    /// must hold no events yet, with made-up visits to the hall's own exhibits over the
    /// last DAYS days up to now, so that the charts and reports have something to show.
    /// Use it on a copy of a hall, never on a kiosk in use.
    SampleStatistics {
        /// The hall folder (a copy).
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        #[arg(long, default_value_t = 62, value_parser = clap::value_parser!(u32).range(1..=400))]
        days: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Set up a hall folder for a new site: a copy of the demo hall's settings,
    /// exhibits and media. Refuses a folder that is not empty.
    Init {
        /// The new hall folder.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The hall to copy.
        #[arg(long, value_name = "DIR", default_value = DEMO_HALL)]
        from: PathBuf,
    },
    /// Write why the kiosk's session ended to the hall's log (the systemd unit's
    /// ExecStopPost; reads systemd's SERVICE_RESULT, EXIT_CODE and EXIT_STATUS).
    RecordExit {
        /// The hall folder.
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Publish the hall (a git repository) as a new version for the kiosks: check it
    /// in full, refuse it with errors, commit what changed and tag it `v<N>` (signed
    /// when git has a signing key). See docs/FLEET.md.
    Publish {
        /// The curators' hall folder.
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Also write every version into this file, for kiosks updated from a USB stick.
        #[arg(long, value_name = "FILE")]
        bundle: Option<PathBuf>,
    },
    /// Take the newest published version from the hall's source (a git repository, or
    /// a folder with `.bundle` files), check it, and make it live. Exit 0 = live or
    /// nothing new, 1 = refused (the live version stays), 2 = could not run.
    Update {
        /// The hall root (holding `current`, `versions/`, `data/`; see docs/FLEET.md).
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// The source instead of the live kiosk.ron's `updates` (needed for the first
        /// version; remembered for this kiosk from then on).
        #[arg(long, value_name = "SOURCE", conflicts_with_all = ["status", "rollback"])]
        source: Option<String>,
        /// Say which version is live, since when, what waits and what was refused.
        #[arg(long, conflicts_with = "rollback")]
        status: bool,
        /// Make the version before the live one live again; the one rolled back is not
        /// taken again.
        #[arg(long)]
        rollback: bool,
    },
    /// Store a new PIN (hashed) in kiosk.ron. Reads it from the terminal, or from
    /// standard input when that is not a terminal.
    SetPin {
        /// The hall folder.
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Set the guide PIN (opens guided mode only) instead of the admin PIN.
        #[arg(long)]
        guide: bool,
    },
}

/// Where the Debian package puts the demo hall.
pub const DEMO_HALL: &str = "/usr/share/xinghuo/demo-hall";

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { dir, thumbs }) => {
            init_logging(None);
            check(&hall_folder(&dir), thumbs)
        }
        Some(Command::Selftest { dir }) => {
            init_logging(None);
            selftest(&hall_folder(&dir))
        }
        Some(Command::Report {
            dir,
            since,
            csv,
            merge,
            month,
            html,
        }) => {
            init_logging(None);
            let dir = hall_folder(&dir);
            match month.zip(html) {
                Some((month, html)) => monthly_report(&dir, &month, &html, &merge),
                None => report(&dir, since.as_deref(), csv, &merge),
            }
        }
        Some(Command::ExportStats { dir, to }) => {
            init_logging(None);
            export_stats(&hall_folder(&dir), &to)
        }
        Some(Command::Bench {
            exhibits,
            photos,
            megapixels,
            distinct,
            dir,
            fonts,
            memory_passes,
        }) => {
            init_logging(None);
            let config = crate::bench::BenchConfig {
                exhibits,
                photos_per_exhibit: photos,
                megapixels,
                distinct_photos: distinct,
                dir,
                fonts,
                memory_passes,
            };
            match crate::bench::run(&config) {
                Ok(report) => {
                    print!("{report}");
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("kiosk: bench: {err:#}");
                    ExitCode::from(2)
                }
            }
        }
        Some(Command::Soak {
            hall,
            days,
            visits,
            touches,
            retention_days,
            seed,
            dir,
            report,
        }) => {
            init_logging(None);
            let config = crate::soak::SoakConfig {
                hall,
                dir,
                days,
                visits_per_day: visits,
                touches_per_visit: touches,
                retention_days,
                seed,
            };
            soak(&config, report.as_deref())
        }
        Some(Command::Init { dir, from }) => {
            init_logging(None);
            init(&dir, &from)
        }
        Some(Command::SampleStatistics { dir, days, seed }) => {
            init_logging(None);
            sample_statistics(&hall_folder(&dir), days, seed)
        }
        Some(Command::RecordExit { dir }) => record_exit(&hall_folder(&dir)),
        Some(Command::Publish { dir, bundle }) => {
            init_logging(None);
            publish(&dir, bundle.as_deref())
        }
        Some(Command::Update {
            dir,
            source,
            status,
            rollback,
        }) => {
            init_logging(None);
            update(&dir, source, status, rollback)
        }
        Some(Command::SetPin { dir, guide }) => {
            init_logging(None);
            set_pin(
                &dir,
                if guide {
                    PinKind::Guide
                } else {
                    PinKind::Admin
                },
            )
        }
        None => {
            let autopilot = cli.autopilot.then(|| crate::autopilot::AutopilotConfig {
                seed: cli.seed,
                duration: match (cli.duration, cli.pass || cli.passes.is_some()) {
                    (Some(limit), _) => Some(limit),
                    (None, true) => None,
                    (None, false) => Some(std::time::Duration::from_secs(600)),
                },
                pass_only: cli.pass || cli.passes.is_some(),
                passes: cli.passes.unwrap_or(1),
                report: cli.report.clone(),
            });
            if cli.show.as_deref() == Some("help") {
                println!(
                    "kiosk --show SCREEN[,SCREEN…], the screens: {}",
                    crate::app::SCREENS
                );
                return ExitCode::SUCCESS;
            }
            run(
                &hall_folder(&cli.hall),
                cli.windowed,
                autopilot,
                cli.show.clone(),
                cli.count_frames.clone(),
            )
        }
    }
}

/// The hall folder a command runs on: `DIR` itself, or for a hall root that follows
/// a source (no kiosk.ron of its own), its live version `DIR/current`.
fn hall_folder(dir: &Path) -> PathBuf {
    let live = dir.join("current");
    if !dir.join(CONFIG_FILE).is_file() && live.join(CONFIG_FILE).is_file() {
        live
    } else {
        dir.to_path_buf()
    }
}

/// `kiosk publish`.
fn publish(dir: &Path, bundle: Option<&Path>) -> ExitCode {
    use crate::updates::publish::Published;
    match crate::updates::publish::publish(dir, bundle) {
        Ok(Published::Refused(loaded)) => {
            println!("{}", loaded.diagnostics.render(Style::Plain));
            println!("{}", loaded.summary());
            eprintln!(
                "kiosk: not published: fix the errors above first (nothing was committed or tagged)"
            );
            ExitCode::from(1)
        }
        Ok(Published::AlreadyPublished { tag, bundle }) => {
            println!("Nothing changed since {tag}; it is published already.");
            if let Some(bundle) = bundle {
                println!("Bundle for a USB stick: {}", bundle.display());
            }
            ExitCode::SUCCESS
        }
        Ok(Published::Tagged {
            tag,
            committed,
            signed,
            bundle,
        }) => {
            println!(
                "Published {tag}{}{}.",
                if committed {
                    " (changes committed)"
                } else {
                    ""
                },
                if signed { ", signed" } else { ", not signed" }
            );
            if let Some(bundle) = bundle {
                println!("Bundle for a USB stick: {}", bundle.display());
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("kiosk: publish: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// `kiosk update`, `--status`, `--rollback`.
fn update(dir: &Path, source: Option<String>, status: bool, rollback: bool) -> ExitCode {
    use crate::updates::{HallRoot, Report, Request};
    let root = HallRoot::of_hall_dir(dir).unwrap_or_else(|| HallRoot::new(dir));
    if root.path().join(CONFIG_FILE).is_file() {
        eprintln!(
            "kiosk: update: {} is a hall folder itself; a kiosk that follows a source needs a new folder of its own (see docs/FLEET.md)",
            dir.display()
        );
        return ExitCode::from(2);
    }
    let now = std::time::SystemTime::now();
    if status {
        println!("{}", crate::updates::status_text(&root));
        return ExitCode::SUCCESS;
    }
    if rollback {
        return match crate::updates::roll_back(&root, "rolled back by staff", now) {
            Ok(version) => {
                println!("{version} is live again; restart the kiosk to show it.");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("kiosk: update: {err:#}");
                ExitCode::from(2)
            }
        };
    }
    let request = Request {
        source,
        switch: true,
    };
    match crate::updates::update(&root, &request, now) {
        Ok(report) => {
            println!("{report}");
            if let Report::Taken { fetched_bytes, .. } = &report {
                println!("fetched: {fetched_bytes} bytes");
            }
            if matches!(report, Report::Refused { .. }) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(err) => {
            eprintln!("kiosk: update: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn soak(config: &crate::soak::SoakConfig, report_path: Option<&Path>) -> ExitCode {
    let report = match crate::soak::run(config) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("kiosk: soak: {err:#}");
            return ExitCode::from(2);
        }
    };
    print!("{}", report.table());
    if let Some(path) = report_path {
        let written = serde_json::to_string_pretty(&report)
            .map_err(std::io::Error::other)
            .and_then(|json| std::fs::write(path, json + "\n"));
        if let Err(err) = written {
            eprintln!("kiosk: soak: cannot write {}: {err}", path.display());
            return ExitCode::from(2);
        }
    }
    if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `300-800`, or one number for both ends.
fn parse_range(text: &str) -> Result<std::ops::RangeInclusive<u32>, String> {
    let number = |part: &str| {
        part.trim()
            .parse::<u32>()
            .map_err(|_| format!("`{part}` is not a whole number"))
    };
    let (low, high) = match text.split_once('-') {
        Some((low, high)) => (number(low)?, number(high)?),
        None => (number(text)?, number(text)?),
    };
    if low > high {
        return Err(format!("{low} is more than {high}"));
    }
    Ok(low..=high)
}

/// `90s`, `30m`, `2h`, or plain seconds.
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let value: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration like 90s, 30m or 2h"))?;
    let seconds = match unit {
        "" | "s" => value,
        "m" => value * 60,
        "h" => value * 3600,
        _ => return Err(format!("`{text}` is not a duration like 90s, 30m or 2h")),
    };
    Ok(std::time::Duration::from_secs(seconds))
}

/// A screen's size in pixels, written `1920x1080` (or with `×`).
fn parse_screen(text: &str) -> Result<(u32, u32), String> {
    let bad = || format!("`{text}` is not a screen size like 1920x1080");
    let (width, height) = text.split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let side = |s: &str| {
        s.trim()
            .parse::<u32>()
            .ok()
            .filter(|v| (1..=16384).contains(v))
    };
    Ok((side(width).ok_or_else(bad)?, side(height).ok_or_else(bad)?))
}

/// `kiosk check --thumbs`: makes the photo cache's entries for the hall on every core
/// and prints what was made. Exit 2 if none could be written.
fn make_thumbs(hall: &crate::content::Hall, (width, height): (u32, u32)) -> ExitCode {
    use crate::media::derived::{DEFAULT_LIMIT_BYTES, DerivedStore, FOLDER};
    use crate::media::images::{Made, ScreenCover, hall_keys, make_entries};
    let store = DerivedStore::new(
        hall.data_dir().join(FOLDER),
        &[crate::ui::THUMB_PX],
        DEFAULT_LIMIT_BYTES,
    );
    let screen = ScreenCover {
        width,
        height,
        // As the kiosk's layout decides it (`ui::theme::Metrics`).
        portrait: f64::from(height) > f64::from(width) * 1.05,
        focus: ScreenCover::MIDDLE,
    };
    // Any graphics card takes a texture of the screen's size.
    let texture_limit = width.max(height);
    let keys: Vec<_> = hall_keys(hall, screen, crate::ui::THUMB_PX)
        .into_iter()
        .map(|key| (key, texture_limit))
        .collect();
    let started = std::time::Instant::now();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let share = keys.len().div_ceil(threads).max(1);
    let made = std::thread::scope(|scope| {
        let parts: Vec<_> = keys
            .chunks(share)
            .map(|part| {
                let (store, stop) = (&store, &stop);
                scope.spawn(move || make_entries(store, part, std::time::Duration::ZERO, stop))
            })
            .collect();
        parts.into_iter().fold(Made::default(), |all, part| {
            let part = part.join().unwrap_or(Made {
                failed: share,
                ..Made::default()
            });
            Made {
                made: all.made + part.made,
                present: all.present + part.present,
                failed: all.failed + part.failed,
            }
        })
    });
    let bytes = store.trim();
    println!(
        "photo cache for a {width}×{height} screen: {} tiles and covers made, {} already there, {} not made, in {:.1} s; {:.1} MB in {}",
        made.made,
        made.present,
        made.failed,
        started.elapsed().as_secs_f64(),
        bytes as f64 / 1_048_576.0,
        store.dir().display()
    );
    if made.made + made.present == 0 && made.failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// `kiosk check`: prints every diagnostic and a summary line; with `thumbs`, also
/// makes the photo cache.
fn check(dir: &Path, thumbs: Option<(u32, u32)>) -> ExitCode {
    let loaded = match load_hall(dir, LoadOptions { probe_media: true }) {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("kiosk: {err}");
            return ExitCode::from(2);
        }
    };
    let style = if std::io::stdout().is_terminal() {
        Style::Ansi
    } else {
        Style::Plain
    };
    if !loaded.diagnostics.is_empty() {
        println!("{}", loaded.diagnostics.render(style));
    }
    println!("{}", loaded.summary());
    let thumbs = thumbs.map(|screen| make_thumbs(&loaded.hall, screen));
    if loaded.diagnostics.error_count() > 0 {
        ExitCode::from(1)
    } else {
        thumbs.unwrap_or(ExitCode::SUCCESS)
    }
}

/// `kiosk selftest`: every item, what to do, and a summary line.
fn selftest(dir: &Path) -> ExitCode {
    let loaded = match load_hall(dir, LoadOptions::default()) {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("kiosk: {err}");
            return ExitCode::from(2);
        }
    };
    let mut no_pause = || true;
    let report = crate::selftest::run(
        &loaded,
        std::time::SystemTime::now(),
        &mut crate::selftest::Environment::immediate(&mut no_pause),
    );
    print!("{}", report.render());
    if report.is_green() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `kiosk export-stats`.
fn export_stats(dir: &Path, to: &Path) -> ExitCode {
    let loaded = match load_hall(dir, LoadOptions::default()) {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("kiosk: {err}");
            return ExitCode::from(2);
        }
    };
    let config = &loaded.hall.config;
    let database = config.analytics_path(&loaded.hall.root);
    match crate::analytics::export(&database, &config.analytics.kiosk_name(), to) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("kiosk: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// `kiosk report`.
fn report(dir: &Path, since: Option<&str>, csv: bool, merge: &[PathBuf]) -> ExitCode {
    if let Some(Err(err)) = since.map(crate::report::check_date) {
        eprintln!("kiosk: {err}");
        return ExitCode::from(2);
    }
    let loaded = match load_hall(dir, LoadOptions::default()) {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("kiosk: {err}");
            return ExitCode::from(2);
        }
    };
    if !merge.is_empty() {
        return merged_report(&loaded.hall, since, csv, merge);
    }
    let path = loaded.hall.config.analytics_path(&loaded.hall.root);
    if !path.is_file() {
        eprintln!(
            "kiosk: no statistics yet: {} does not exist",
            path.display()
        );
        return ExitCode::from(2);
    }
    let offset = loaded.hall.utc_offset();
    let result = crate::analytics::Store::open(&path).and_then(|store| store.report(since, offset));
    let source = format!("the statistics in {}", path.display());
    print_report(result, &loaded.hall, csv, &[], &source)
}

/// `kiosk report --month M --html FILE`: the month's report with charts.
fn monthly_report(dir: &Path, month: &str, html: &Path, merge: &[PathBuf]) -> ExitCode {
    if let Err(err) = crate::report::check_month(month) {
        eprintln!("kiosk: {err}");
        return ExitCode::from(2);
    }
    let loaded = match load_hall(dir, LoadOptions::default()) {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("kiosk: {err}");
            return ExitCode::from(2);
        }
    };
    let hall = &loaded.hall;
    let own;
    let merged;
    let (store, kiosks) = if merge.is_empty() {
        let path = hall.config.analytics_path(&hall.root);
        if !path.is_file() {
            eprintln!(
                "kiosk: no statistics yet: {} does not exist",
                path.display()
            );
            return ExitCode::from(2);
        }
        own = match crate::analytics::Store::open(&path) {
            Ok(store) => store,
            Err(err) => {
                eprintln!("kiosk: cannot read {}: {err}", path.display());
                return ExitCode::from(2);
            }
        };
        (&own, &[][..])
    } else {
        merged = match crate::analytics::merge(merge, hall.utc_offset()) {
            Ok(merged) => merged,
            Err(err) => {
                eprintln!("kiosk: {err:#}");
                return ExitCode::from(2);
            }
        };
        (&merged.store, &merged.kiosks[..])
    };
    let offset = hall.utc_offset();
    let figures = store.month(month, offset).and_then(|period| {
        let charts = store.charts(period)?;
        let previous = match crate::report::previous_month(month) {
            Some(previous) => Some(store.visits_in(store.month(&previous, offset)?)?),
            None => None,
        };
        Ok((charts, previous))
    });
    let (charts, previous_visits) = match figures {
        Ok(figures) => figures,
        Err(err) => {
            eprintln!("kiosk: cannot read the statistics: {err}");
            return ExitCode::from(2);
        }
    };
    let text = crate::report::html::monthly(&crate::report::html::Monthly {
        hall,
        month,
        charts: &charts,
        previous_visits,
        kiosks,
    });
    match write_new_version(html, &text) {
        Ok(()) => {
            println!("kiosk: wrote the report for {month} to {}", html.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("kiosk: cannot write {}: {err}", html.display());
            ExitCode::from(2)
        }
    }
}

/// Writes `text` to `path` whole or not at all: a report interrupted half-way never
/// replaces the one there was.
fn write_new_version(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(folder)?;
    file.write_all(text.as_bytes())?;
    // A report is to be read by others (a temporary file is private by default).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}

/// `kiosk report --merge`: the hall as a whole, then kiosk by kiosk.
fn merged_report(
    hall: &crate::content::Hall,
    since: Option<&str>,
    csv: bool,
    sources: &[PathBuf],
) -> ExitCode {
    let merged = match crate::analytics::merge(sources, hall.utc_offset()) {
        Ok(merged) => merged,
        Err(err) => {
            eprintln!("kiosk: {err:#}");
            return ExitCode::from(2);
        }
    };
    let result = merged.store.report(since, hall.utc_offset());
    print_report(result, hall, csv, &merged.kiosks, "the merged statistics")
}

/// Prints the report's tables or CSV; a merged report's `kiosks` come first in the
/// tables and last in the CSV.
fn print_report(
    result: rusqlite::Result<crate::analytics::Report>,
    hall: &crate::content::Hall,
    csv: bool,
    kiosks: &[crate::analytics::KioskFigures],
    source: &str,
) -> ExitCode {
    match result {
        Ok(figures) => {
            let text = if csv {
                crate::report::csv(&figures, hall) + &crate::report::kiosks_csv(kiosks)
            } else if kiosks.is_empty() {
                crate::report::tables(&figures, hall)
            } else {
                crate::report::kiosks_table(kiosks) + "\n" + &crate::report::tables(&figures, hall)
            };
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("kiosk: cannot read {source}: {err}");
            ExitCode::from(2)
        }
    }
}

/// `kiosk init`: a new hall folder from the demo (or `from`).
/// `kiosk sample-statistics`: generated visits into an empty statistics database.
fn sample_statistics(dir: &Path, days: u32, seed: u64) -> ExitCode {
    use crate::analytics::sample::{self, Plan, SampleHall};
    let loaded = match load_hall(dir, LoadOptions::default()) {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("kiosk: {err}");
            return ExitCode::from(2);
        }
    };
    let hall = &loaded.hall;
    let path = hall.config.analytics_path(&hall.root);
    let mut store = match crate::analytics::Store::open(&path) {
        Ok(store) => store,
        Err(err) => {
            eprintln!("kiosk: cannot open {}: {err}", path.display());
            return ExitCode::from(2);
        }
    };
    match store.count() {
        Ok(0) => {}
        Ok(_) => {
            eprintln!(
                "kiosk: {} already holds statistics: made-up visits go only into an empty database (on a copy of the hall)",
                path.display()
            );
            return ExitCode::from(2);
        }
        Err(err) => {
            eprintln!("kiosk: cannot read {}: {err}", path.display());
            return ExitCode::from(2);
        }
    }
    let now = crate::clock::wall_ms(&crate::clock::SystemClock::default());
    let plan = Plan {
        seed,
        ..Plan::days_until(now, days, hall.utc_offset())
    };
    let events = sample::visits(&SampleHall::of(hall), &plan);
    let visits = events
        .iter()
        .filter(|(_, e)| matches!(e, crate::visit::Event::VisitStarted { .. }))
        .count();
    if let Err(err) = store.insert(&events) {
        eprintln!("kiosk: cannot write {}: {err}", path.display());
        return ExitCode::from(2);
    }
    println!(
        "{visits} made-up visits over the last {days} days written to {}",
        path.display()
    );
    ExitCode::SUCCESS
}

fn init(dir: &Path, from: &Path) -> ExitCode {
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied {
        eprintln!(
            "kiosk: {} is not empty; choose a new folder (nothing was copied)",
            dir.display()
        );
        return ExitCode::from(1);
    }
    if !from.join(CONFIG_FILE).is_file() {
        eprintln!(
            "kiosk: no hall to copy: {} does not exist",
            from.join(CONFIG_FILE).display()
        );
        return ExitCode::from(2);
    }
    match crate::soak::copy_hall(from, dir) {
        Ok(()) => {
            println!(
                "A new hall is in {0}. Set its PINs with `kiosk set-pin {0}` and \
                 `kiosk set-pin {0} --guide`, then check it with `kiosk check {0}`.",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("kiosk: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// `kiosk record-exit`: one log line in the hall's `data/logs` saying how the session
/// ended, from what systemd passes to `ExecStopPost`.
fn record_exit(dir: &Path) -> ExitCode {
    let loaded = match load_hall(dir, LoadOptions::default()) {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("kiosk: {err}");
            return ExitCode::from(2);
        }
    };
    init_logging(Some(&crate::app::data_dir(&loaded.hall).join("logs")));
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| "unknown".to_owned());
    let (result, code, status) = (var("SERVICE_RESULT"), var("EXIT_CODE"), var("EXIT_STATUS"));
    let line = format!(
        "the kiosk session ended: {} (result `{result}`, {code} {status}); \
         systemd starts it again unless it was stopped on purpose",
        exit_reason(&result, &code, &status)
    );
    if result == "success" {
        tracing::info!("{line}");
    } else {
        tracing::error!("{line}");
    }
    ExitCode::SUCCESS
}

/// systemd's `SERVICE_RESULT`, `EXIT_CODE` and `EXIT_STATUS`, in a technician's words.
fn exit_reason(result: &str, code: &str, status: &str) -> &'static str {
    match (result, code, status) {
        ("watchdog", ..) => "the screen stopped drawing frames (watchdog)",
        (_, "killed" | "dumped", "ABRT") => "it crashed (aborted); see the panic above",
        (_, "killed" | "dumped", "SEGV") => "it crashed (segmentation fault)",
        (_, "killed", "TERM" | "INT" | "HUP") => "it was stopped",
        (_, "exited", "0") => "it was quit",
        (_, "exited", "101") => "it panicked; see the panic above",
        ("timeout", ..) => "it did not draw its first frame in time",
        ("oom-kill", ..) => "it ran out of memory",
        (_, "exited", _) => "it exited with an error",
        _ => "the reason is in systemd's words",
    }
}

/// `kiosk set-pin`: writes only the PIN line of kiosk.ron.
fn set_pin(dir: &Path, kind: PinKind) -> ExitCode {
    let path = dir.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("kiosk: cannot read {}: {err}", path.display());
            return ExitCode::from(2);
        }
    };
    let who = match kind {
        PinKind::Admin => "admin",
        PinKind::Guide => "guide",
    };
    let pin = match read_pin(&format!("New {who} PIN (4 to 8 digits): "))
        .and_then(|first| read_pin("Once more: ").map(|second| (first, second)))
    {
        Ok((first, second)) if first != second => {
            eprintln!("kiosk: the two PINs differ; nothing was changed");
            return ExitCode::from(1);
        }
        Ok((pin, _)) => pin,
        Err(err) => {
            eprintln!("kiosk: cannot read the PIN: {err}");
            return ExitCode::from(2);
        }
    };
    if !crate::pin::is_valid_pin(&pin) {
        eprintln!("kiosk: a PIN is 4 to 8 digits; nothing was changed");
        return ExitCode::from(1);
    }
    let updated =
        crate::pin::hash_pin(&pin).and_then(|hash| crate::pin::with_pin_hash(&text, kind, &hash));
    let updated = match updated {
        Ok(updated) => updated,
        Err(err) => {
            eprintln!("kiosk: cannot set the PIN: {err}");
            return ExitCode::from(2);
        }
    };
    // Write next to it, then rename: a power cut never leaves half a kiosk.ron.
    let temporary = dir.join(format!(".{CONFIG_FILE}.new"));
    let written =
        std::fs::write(&temporary, updated).and_then(|()| std::fs::rename(&temporary, &path));
    match written {
        Ok(()) => {
            println!("The {who} PIN is set in {}.", path.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            let _ = std::fs::remove_file(&temporary);
            eprintln!("kiosk: cannot write {}: {err}", path.display());
            ExitCode::from(2)
        }
    }
}

fn read_pin(prompt: &str) -> std::io::Result<String> {
    if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt).map(|pin| pin.trim().to_owned())
    } else {
        let _ = std::io::stderr().write_all(prompt.as_bytes());
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim().to_owned())
    }
}

fn run(
    hall: &Path,
    windowed: bool,
    autopilot: Option<crate::autopilot::AutopilotConfig>,
    show: Option<String>,
    count_frames: Option<PathBuf>,
) -> ExitCode {
    let report_path = autopilot.as_ref().and_then(|a| a.report.clone());
    match crate::app::run(hall, windowed, autopilot, show, count_frames) {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(report)) => {
            let json = serde_json::to_string_pretty(&report).unwrap_or_default();
            println!("{json}");
            if let Some(path) = report_path
                && let Err(err) = std::fs::write(&path, &json)
            {
                eprintln!(
                    "kiosk: cannot write the report to {}: {err}",
                    path.display()
                );
            }
            for failure in &report.failures {
                eprintln!("kiosk: autopilot: {failure}");
            }
            if report.passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(err) => {
            eprintln!("kiosk: {err:#}");
            ExitCode::from(2)
        }
    }
}
