//! Photos and narration: background decoding, the texture cache, audio playback and
//! caption timing.

pub mod audio;
pub mod images;
