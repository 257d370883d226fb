//! Xinghuo (星火): a fullscreen touch kiosk for party-history exhibition halls.
//!
//! The binary (`src/main.rs`) only parses the command line; everything lives here so
//! that tests drive the same app the kiosk runs. See `ARCHITECTURE.md`.

pub mod admin;
pub mod analytics;
pub mod app;
pub mod autopilot;
pub mod bench;
pub mod captions;
pub mod cli;
pub mod clock;
pub mod content;
pub mod cpu_time;
pub mod diagnostics;
pub mod fonts;
pub mod logging;
pub mod media;
pub mod memory;
pub mod pin;
pub mod quiz;
pub mod reload;
pub mod report;
pub mod safe_mode;
pub mod schedule;
pub mod selftest;
pub mod soak;
pub mod speech;
pub mod supervision;
pub mod synthetic_hall;
pub mod tour;
pub mod typeset;
pub mod ui;
pub mod updates;
pub mod visit;
