//! The loaded hall: the settings, exhibits, tours and map that passed the check,
//! with what the load found under `media/`.

use std::path::PathBuf;
use std::sync::Arc;

use super::config::Config;
use super::media_index::{MediaIndex, MediaKind};
use super::model::{Exhibit, Map, Tour};

/// A loaded, validated hall: what the kiosk shows.
#[derive(Clone, Debug)]
pub struct Hall {
    pub root: PathBuf,
    pub config: Config,
    /// The opening hours checked from `config.schedule`; `None` is always on.
    pub schedule: Option<crate::schedule::Schedule>,
    pub exhibits: Vec<Exhibit>,
    pub tours: Vec<Tour>,
    pub map: Option<Map>,
    /// What the load found under `media/`: the only way from a path the curator wrote
    /// to a file the kiosk opens (see [`Hall::media_path`]).
    pub media: Arc<MediaIndex>,
}

impl Hall {
    pub fn exhibit(&self, id: &str) -> Option<&Exhibit> {
        self.exhibits.iter().find(|e| e.id == id)
    }

    /// The themes the home screen shows, in its order: the curator's `theme_order`,
    /// then the other themes as their first exhibit appears.
    pub fn home_themes(&self) -> Vec<String> {
        let used: Vec<&str> = self.exhibits.iter().map(|e| e.theme.as_str()).collect();
        let mut order: Vec<String> = self
            .config
            .theme_order
            .iter()
            .filter(|t| used.contains(&t.as_str()))
            .cloned()
            .collect();
        for theme in used {
            if !order.iter().any(|t| t == theme) {
                order.push(theme.to_owned());
            }
        }
        order
    }

    /// The exhibits in the order of the home screen's tiles.
    pub fn home_order(&self) -> Vec<&Exhibit> {
        self.home_themes()
            .iter()
            .flat_map(|theme| self.exhibits.iter().filter(move |e| &e.theme == theme))
            .collect()
    }

    /// The home screen's timeline: the dated exhibits by year, in the hall's order
    /// within a year.
    pub fn timeline(&self) -> Vec<(i32, &Exhibit)> {
        let mut stops: Vec<(i32, &Exhibit)> = self
            .exhibits
            .iter()
            .filter_map(|e| e.year.map(|year| (year, e)))
            .collect();
        stops.sort_by_key(|(year, _)| *year);
        stops
    }

    pub fn exhibit_index(&self, id: &str) -> Option<usize> {
        self.exhibits.iter().position(|e| e.id == id)
    }

    pub fn tour(&self, id: &str) -> Option<&Tour> {
        self.tours.iter().find(|t| t.id == id)
    }

    /// The file a media path of the content names, if validation accepts it: inside
    /// `media/` (no `..`, no absolute path, no link leading out), of the right kind,
    /// and there when the hall was loaded. A path `kiosk check` rejects never becomes a
    /// file to open, so the screens show their placeholder instead.
    pub fn media_path(&self, relative: &str, kind: MediaKind) -> Option<PathBuf> {
        self.media
            .accepts(relative, kind)
            .then(|| self.config.media_dir(&self.root).join(relative))
    }
}
