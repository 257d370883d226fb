//! Exhibits, tours and the map: their types, the one loader, and validation into
//! diagnostics.

mod load;
pub mod media_index;
pub use media_index::MediaKind;
mod model;
pub mod source;
pub mod validate;

pub use load::{
    Counts, FileKind, LoadError, LoadOptions, Loaded, check_bytes, load_hall, load_hall_keeping,
};
pub use model::{
    Exhibit, Hall, Level, LocalisedPath, Map, Narration, Panel, Photo, Question, Route, Site,
    SiteCategory, Stop, Text, Tour,
};
