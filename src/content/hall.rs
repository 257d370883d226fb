//! The loaded hall: the settings, exhibits, tours and map that passed the check,
//! with what the load found under `media/`.

use std::path::PathBuf;
use std::sync::Arc;

use super::config::Config;
use super::media_index::{MediaIndex, MediaKind};
use super::model::{Exhibit, Map, MediaRef, Tour};

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
    /// What the load found under `media/`.
    pub media: Arc<MediaIndex>,
}

impl Hall {
    /// Puts a loaded hall together. This is the only way from a path the curator wrote to
    /// a file the kiosk opens: every [`MediaRef`] of the content gets its file here, and
    /// only if the media index accepts the path (inside `media/`, no `..`, no absolute
    /// path, no link leading out, of the right kind, there when the hall was loaded). A
    /// version kept from an earlier load is looked at again against today's `media/`.
    pub fn new(
        root: PathBuf,
        mut config: Config,
        schedule: Option<crate::schedule::Schedule>,
        mut exhibits: Vec<Exhibit>,
        tours: Vec<Tour>,
        mut map: Option<Map>,
        media: MediaIndex,
    ) -> Self {
        let media_dir = config.media_dir(&root);
        let accept = |reference: &mut MediaRef, kind: MediaKind| {
            let file = media
                .accepts(reference.written(), kind)
                .then(|| media_dir.join(reference.written()));
            reference.set_file(file);
        };
        for exhibit in &mut exhibits {
            accept(&mut exhibit.cover, MediaKind::Image);
            for audio in exhibit
                .quiz
                .iter_mut()
                .flat_map(|q| q.prompt_audio.iter_mut().flat_map(|a| a.values_mut()))
            {
                accept(audio, MediaKind::Audio);
            }
            for event in exhibit.quiz.iter_mut().flat_map(|q| &mut q.events) {
                if let Some(photo) = &mut event.photo {
                    accept(photo, MediaKind::Image);
                }
            }
            for question in &mut exhibit.quiz {
                for picture in &mut question.pictures {
                    accept(&mut picture.photo, MediaKind::Image);
                }
                if let Some(photo) = &mut question.photo {
                    accept(photo, MediaKind::Image);
                }
            }
            for panel in &mut exhibit.panels {
                for photo in &mut panel.photos {
                    accept(&mut photo.file, MediaKind::Image);
                }
                if let Some(narration) = &mut panel.narration {
                    for audio in narration.audio.values_mut() {
                        accept(audio, MediaKind::Audio);
                    }
                    for captions in narration.captions.iter_mut().flat_map(|c| c.values_mut()) {
                        accept(captions, MediaKind::Captions);
                    }
                }
                if let Some(video) = &mut panel.video {
                    for file in video.file.files_mut() {
                        accept(file, MediaKind::Video);
                    }
                    if let Some(poster) = &mut video.poster {
                        accept(poster, MediaKind::Image);
                    }
                    for captions in video.captions.iter_mut().flat_map(|c| c.values_mut()) {
                        accept(captions, MediaKind::Captions);
                    }
                }
            }
        }
        if let Some(map) = &mut map {
            accept(&mut map.image, MediaKind::Image);
        }
        for clip in &mut config.attract.clips {
            accept(clip, MediaKind::Video);
        }
        Self {
            root,
            config,
            schedule,
            exhibits,
            tours,
            map,
            media: Arc::new(media),
        }
    }

    /// The hall's data folder (statistics, logs, the safe-mode ledger): where its
    /// database is.
    pub fn data_dir(&self) -> std::path::PathBuf {
        self.config
            .analytics_path(&self.root)
            .parent()
            .map_or_else(|| self.root.join("data"), std::path::Path::to_path_buf)
    }

    /// The hall's local time as an offset from UTC: its schedule's `utc_offset`, else
    /// Beijing time. Never the computer's time zone (kiosk images are often left on UTC).
    pub fn utc_offset(&self) -> time::UtcOffset {
        self.schedule
            .as_ref()
            .map_or(crate::schedule::CHINA, crate::schedule::Schedule::offset)
    }

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
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::content::{LoadOptions, load_hall, load_hall_keeping};

    fn base_hall() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        crate::soak::copy_tree(&base, dir.path()).unwrap();
        dir
    }

    fn edit(root: &Path, file: &str, from: &str, to: &str) {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} holds {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    #[test]
    fn accepted_paths_open_files_inside_media_and_rejected_ones_none() {
        let dir = base_hall();
        let root = dir.path();
        edit(
            root,
            "exhibits/01-alpha.ron",
            "cover: \"photos/alpha.jpg\"",
            "cover: \"../kiosk.ron\"",
        );
        edit(
            root,
            "exhibits/01-alpha.ron",
            "\"en\": \"audio/en/alpha-1.ogg\"",
            "\"en\": \"/etc/passwd\"",
        );
        let hall = load_hall(root, LoadOptions::default()).unwrap().hall;
        let alpha = hall.exhibit("alpha").unwrap();

        assert_eq!(alpha.cover.written(), "../kiosk.ron");
        assert_eq!(alpha.cover.file(), None, "a path leading out opens nothing");
        let narration = alpha.panels[0].narration.as_ref().unwrap();
        assert_eq!(
            narration.audio["en"].file(),
            None,
            "an absolute path opens nothing"
        );
        assert_eq!(
            narration.audio["zh"].file(),
            Some(root.join("media/audio/zh/alpha-1.ogg").as_path())
        );
        assert_eq!(
            alpha.panels[0].photos[0].file.file(),
            Some(root.join("media/photos/alpha.jpg").as_path())
        );
        let map = hall.map.as_ref().unwrap();
        assert!(
            map.image
                .file()
                .is_some_and(|f| f.starts_with(root.join("media")))
        );
    }

    #[test]
    fn the_halls_local_time_is_beijing_unless_its_schedule_says_otherwise() {
        let dir = base_hall();
        let root = dir.path();
        let hall = load_hall(root, LoadOptions::default()).unwrap().hall;
        assert_eq!(hall.utc_offset(), crate::schedule::CHINA);
        edit(
            root,
            "kiosk.ron",
            "languages: [",
            "schedule: Some(Schedule(open: \"09:00\", close: \"17:00\", utc_offset: \"+09:00\")),\n    languages: [",
        );
        let hall = load_hall(root, LoadOptions::default()).unwrap().hall;
        assert_eq!(
            hall.utc_offset(),
            time::UtcOffset::from_hms(9, 0, 0).unwrap()
        );
    }

    #[test]
    fn a_version_kept_from_an_earlier_load_is_checked_against_todays_media() {
        let dir = base_hall();
        let root = dir.path();
        let first = load_hall(root, LoadOptions::default()).unwrap().hall;
        // The exhibit's file breaks (so its earlier version is kept) and its photo goes.
        edit(root, "exhibits/01-alpha.ron", "panels: [", "panels: [[");
        std::fs::remove_file(root.join("media/photos/beta.png")).unwrap();

        let loaded = load_hall_keeping(root, LoadOptions::default(), Some(&first)).unwrap();
        let alpha = loaded
            .hall
            .exhibit("alpha")
            .expect("the earlier version is kept");
        assert!(alpha.panels[0].photos[0].file.file().is_some());
        assert_eq!(
            alpha.panels[1].photos[0].file.file(),
            None,
            "a photo deleted since the earlier load is not opened"
        );
    }
}
