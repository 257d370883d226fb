//! Photos, narration and films: background decoding, the texture cache, audio playback and
//! caption timing.

pub mod audio;
pub mod cover_shade;
pub mod derived;
pub mod ducking;
pub mod film;
pub mod film_player;
pub mod images;
pub mod jpeg;
