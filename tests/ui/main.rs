//! The kiosk driven as visitors drive it: widgets found by role and label, a hand-driven
//! clock for everything timed, no window and no sound card.

mod common;
#[path = "../support/mod.rs"]
mod support;

mod faults;
mod film;
mod guided;
mod hours;
mod layout;
mod map;
mod quiz;
mod quiz_kinds;
mod quiz_order;
mod quiz_voice;
mod safe_mode;
mod soak;
mod staff;
mod statistics;
mod touch;
mod updates;
mod visitor;
mod voicing;
