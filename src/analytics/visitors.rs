//! Who the visits were and how they went, from the events that close them: each visit's
//! last language, whether it used large text, what ended it; and which photos were
//! zoomed into and how far. Shared by `kiosk report`'s tables and the monthly report.

use std::collections::BTreeMap;

use rusqlite::params;

use super::{Store, median};

/// The visits whose end is recorded (`visit_ended`), as a whole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visitors {
    /// Visits with a recorded end: the 100 % of the figures below.
    pub ended: i64,
    /// Visits that used large text at some time.
    pub large_text: i64,
    /// Visits by the language they ended in (the one they were read in), most first.
    pub languages: Vec<(String, i64)>,
    /// Cut short by the idle reset: the visitor walked away.
    pub idle: i64,
    /// Ended by the guide's End tour.
    pub tour_ended: i64,
    /// Ended by the hall closing.
    pub hall_closed: i64,
}

impl Visitors {
    /// The share of the ended visits that `count` is, 0 to 1.
    pub fn share(&self, count: i64) -> f64 {
        if self.ended <= 0 {
            0.0
        } else {
            count as f64 / self.ended as f64
        }
    }

    /// `(ending's name in the database, visits)` in a fixed order.
    pub fn endings(&self) -> [(&'static str, i64); 3] {
        [
            ("idle", self.idle),
            ("tour_ended", self.tour_ended),
            ("hall_closed", self.hall_closed),
        ]
    }
}

/// One photo that visitors zoomed into.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PhotoZoom {
    pub exhibit: String,
    pub panel: usize,
    /// The photo's index in its panel.
    pub photo: usize,
    /// Times zoomed into (one for each time a visitor left it zoomed).
    pub zoomed: i64,
    /// The deepest zoom, in percent of the fitted size.
    pub deepest_percent: i64,
    pub median_percent: Option<i64>,
}

impl Store {
    /// [`Visitors`] of the visits that ended from `from_ms` up to `until_ms`.
    pub fn visitors(&self, from_ms: i64, until_ms: i64) -> rusqlite::Result<Visitors> {
        // See `Row::of`: the ending in `level`, large text (1 or 0) in `score`.
        let mut statement = self.conn.prepare(
            "SELECT language, level, score FROM events
             WHERE kind = 'visit_ended' AND at_ms >= ?1 AND at_ms < ?2",
        )?;
        let mut visitors = Visitors::default();
        let mut languages: BTreeMap<String, i64> = BTreeMap::new();
        for row in statement.query_map(params![from_ms, until_ms], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })? {
            let (language, ending, large_text) = row?;
            visitors.ended += 1;
            if large_text == Some(1) {
                visitors.large_text += 1;
            }
            // Visits recorded before the kiosk noted these have neither.
            if let Some(language) = language {
                *languages.entry(language).or_default() += 1;
            }
            match ending.as_deref() {
                Some("idle") => visitors.idle += 1,
                Some("tour_ended") => visitors.tour_ended += 1,
                Some("hall_closed") => visitors.hall_closed += 1,
                _ => {}
            }
        }
        visitors.languages = languages.into_iter().collect();
        visitors
            .languages
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(visitors)
    }

    /// The photos zoomed into from `from_ms` up to `until_ms`, most often first.
    pub fn photo_zooms(&self, from_ms: i64, until_ms: i64) -> rusqlite::Result<Vec<PhotoZoom>> {
        // See `Row::of`: the photo's index in `score`, the zoom in percent in `questions`.
        let mut statement = self.conn.prepare(
            "SELECT exhibit, panel, score, questions FROM events
             WHERE kind = 'photo_zoomed' AND exhibit IS NOT NULL AND panel >= 0 AND score >= 0
             AND questions IS NOT NULL AND at_ms >= ?1 AND at_ms < ?2",
        )?;
        let mut photos: BTreeMap<(String, usize, usize), Vec<i64>> = BTreeMap::new();
        for row in statement.query_map(params![from_ms, until_ms], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })? {
            let (exhibit, panel, photo, percent) = row?;
            let (Ok(panel), Ok(photo)) = (usize::try_from(panel), usize::try_from(photo)) else {
                continue;
            };
            photos
                .entry((exhibit, panel, photo))
                .or_default()
                .push(percent);
        }
        let mut photos: Vec<PhotoZoom> = photos
            .into_iter()
            .map(|((exhibit, panel, photo), mut percents)| {
                percents.sort_unstable();
                PhotoZoom {
                    exhibit,
                    panel,
                    photo,
                    zoomed: i64::try_from(percents.len()).unwrap_or(i64::MAX),
                    deepest_percent: percents.last().copied().unwrap_or(0),
                    median_percent: median(&percents),
                }
            })
            .collect();
        photos.sort_by(|a, b| {
            b.zoomed
                .cmp(&a.zoomed)
                .then(b.deepest_percent.cmp(&a.deepest_percent))
                .then_with(|| (&a.exhibit, a.panel, a.photo).cmp(&(&b.exhibit, b.panel, b.photo)))
        });
        Ok(photos)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::visit::{Ending, Event};

    fn ended(language: &str, large_text: bool, ending: Ending) -> Event {
        Event::VisitEnded {
            duration: Duration::from_secs(60),
            language: language.into(),
            large_text,
            ending,
        }
    }

    fn zoomed(exhibit: &str, panel: usize, photo: usize, zoom_percent: u32) -> Event {
        Event::PhotoZoomed {
            exhibit: exhibit.into(),
            panel,
            photo,
            zoom_percent,
        }
    }

    fn store_of(events: Vec<Event>) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.sqlite")).unwrap();
        let events: Vec<(i64, Event)> = events
            .into_iter()
            .enumerate()
            .map(|(at, e)| (1_000 + at as i64, e))
            .collect();
        store.insert(&events).unwrap();
        (dir, store)
    }

    #[test]
    fn visits_by_language_large_text_and_ending() {
        // Five visits: three ended in zh (one in large text, idle), two in en (one in
        // large text); three idle resets, one tour ended, one hall closed. A visit that
        // only started is not counted.
        let (_dir, store) = store_of(vec![
            Event::VisitStarted {
                language: "zh".into(),
            },
            ended("zh", true, Ending::Idle),
            ended("zh", false, Ending::Idle),
            ended("en", true, Ending::TourEnded),
            ended("zh", false, Ending::HallClosed),
            ended("en", false, Ending::Idle),
            Event::VisitStarted {
                language: "zh".into(),
            },
        ]);
        let visitors = store.visitors(0, i64::MAX).unwrap();
        assert_eq!(
            visitors,
            Visitors {
                ended: 5,
                large_text: 2,
                languages: vec![("zh".into(), 3), ("en".into(), 2)],
                idle: 3,
                tour_ended: 1,
                hall_closed: 1,
            }
        );
        assert!((visitors.share(visitors.large_text) - 0.4).abs() < 1e-9);
        assert!((visitors.share(3) - 0.6).abs() < 1e-9);
        // The range: the last two events only (at 1_004 and 1_005).
        let later = store.visitors(1_004, 1_006).unwrap();
        assert_eq!((later.ended, later.hall_closed, later.idle), (2, 1, 1));
        assert_eq!(Visitors::default().share(0), 0.0);
    }

    #[test]
    fn photos_by_times_zoomed_with_the_deepest_and_median_zoom() {
        // a 0/1: 150, 400, 200 (deepest 400, median 200); b 1/0: 300 and 120 (median
        // 210); a 0/0 once at 250.
        let (_dir, store) = store_of(vec![
            zoomed("a", 0, 1, 150),
            zoomed("b", 1, 0, 300),
            zoomed("a", 0, 1, 400),
            zoomed("a", 0, 0, 250),
            zoomed("a", 0, 1, 200),
            zoomed("b", 1, 0, 120),
        ]);
        let photos = store.photo_zooms(0, i64::MAX).unwrap();
        let photo = |exhibit: &str, panel, photo, zoomed, deepest_percent, median| PhotoZoom {
            exhibit: exhibit.into(),
            panel,
            photo,
            zoomed,
            deepest_percent,
            median_percent: Some(median),
        };
        assert_eq!(
            photos,
            [
                photo("a", 0, 1, 3, 400, 200),
                photo("b", 1, 0, 2, 300, 210),
                photo("a", 0, 0, 1, 250, 250),
            ]
        );
    }
}
