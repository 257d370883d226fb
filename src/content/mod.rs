//! The curator's files — `kiosk.ron`, exhibits, tours and the map: their types, the one
//! loader, and validation into diagnostics. The model is at the bottom: `config` and
//! `hall` build on it, `load` on all three.

pub mod config;
mod hall;
mod hours;
mod load;
pub mod media_index;
pub use media_index::MediaKind;
mod model;
pub mod read_aloud;
mod slips;
pub mod source;
pub mod update_policy;
mod updates;
pub mod validate;

pub use config::{CONFIG_FILE, Config};
pub use hall::Hall;
pub use load::{
    Counts, FileKind, LoadError, LoadOptions, Loaded, check_bytes, load_hall, load_hall_keeping,
    load_hall_texts_from,
};
pub use model::{
    DEFAULT_MAP_TOLERANCE, Exhibit, Focus, Level, LocalisedPath, Map, MediaRef, Narration, Panel,
    Photo, PictureChoice, Question, QuestionKind, Region, Route, Site, SiteCategory, Stop, Text,
    TimelineEvent, Tour, Video, VideoFile,
};
