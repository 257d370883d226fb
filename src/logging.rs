//! Where the kiosk's log lines go: stderr, and for the running kiosk a daily file in
//! the hall's data folder. Panics are log lines too, so that one in a worker thread of
//! a kiosk nobody watches is found in `data/logs` and not lost with stderr.

use std::any::Any;
use std::path::Path;

/// Log lines go to stderr and, for the running kiosk, to a daily file in the hall's
/// data folder (two weeks kept). `RUST_LOG` adjusts the level.
pub fn init_logging(log_dir: Option<&Path>) {
    use tracing_subscriber::Layer as _;
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;

    let filter = || {
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new(
                "info,symphonia=warn,winit=warn,eframe=warn,egui_glow=warn,zbus=warn",
            )
        })
    };
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter());
    let file = log_dir.and_then(|dir| {
        // The appender prunes old files before it creates the folder; on a fresh hall
        // that prints a confusing "Error reading the log directory".
        let _ = std::fs::create_dir_all(dir);
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("kiosk")
            .filename_suffix("log")
            .max_log_files(14)
            .build(dir)
            .map_err(|err| {
                eprintln!(
                    "kiosk: logging to stderr only: cannot write logs in {}: {err}",
                    dir.display()
                );
            })
            .ok()
    });
    let file_layer = file.map(|appender| {
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(appender))
            .with_filter(filter())
    });
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(file_layer)
        .try_init();
}

/// Writes every panic, with its thread and place, to the log before the default
/// report on stderr. The kiosk heals what panicked (a reload, a photo decode), so
/// without this the only trace of a defect would be lost with the terminal.
pub fn log_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current();
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(
            "panic in thread `{}`{place}: {}",
            thread.name().unwrap_or("unnamed"),
            panic_message(info.payload())
        );
        previous(info);
    }));
}

/// The message a panic was raised with, for logs and staff.
pub fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}
