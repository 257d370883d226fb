//! The command line: `kiosk`, `kiosk check`, and the other subcommands.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::content::{LoadOptions, load_hall};
use crate::diagnostics::Style;

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
    },
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    match cli.command {
        Some(Command::Check { dir }) => check(&dir),
        None => run(&cli.hall, cli.windowed),
    }
}

/// `kiosk check`: prints every diagnostic and a summary line.
fn check(dir: &Path) -> ExitCode {
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
    if loaded.diagnostics.error_count() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run(hall: &Path, windowed: bool) -> ExitCode {
    match crate::app::run(hall, windowed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("kiosk: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Log lines go to stderr; `RUST_LOG` adjusts the level.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(
            "info,symphonia=warn,winit=warn,eframe=warn,egui_glow=warn",
        )
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
