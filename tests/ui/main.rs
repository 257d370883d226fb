//! The kiosk driven as visitors drive it: widgets found by role and label, a hand-driven
//! clock for everything timed, no window and no sound card.

mod common;
mod faults;
mod guided;
mod map;
mod quiz;
mod soak;
mod staff;
mod visitor;
