//! A guided tour under way, free of egui: which stop, how long the stop and the tour
//! have taken against the plan, and stops skipped because their exhibit is gone.

use std::time::Duration;

use crate::content::{Hall, Text, Tour};

/// One stop as planned when the tour started.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedStop {
    pub exhibit: String,
    pub minutes: u32,
    pub notes: Option<Text>,
}

/// Time against the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    pub stop_elapsed: Duration,
    pub stop_planned: Duration,
    pub tour_elapsed: Duration,
    pub tour_planned: Duration,
}

impl Timing {
    pub fn stop_over(&self) -> bool {
        self.stop_elapsed > self.stop_planned
    }

    pub fn tour_over(&self) -> bool {
        self.tour_elapsed > self.tour_planned
    }
}

/// A tour being led.
#[derive(Clone, Debug, PartialEq)]
pub struct TourRun {
    pub tour_id: String,
    pub title: Text,
    pub stops: Vec<PlannedStop>,
    pub current: usize,
    started_at: Duration,
    stop_started_at: Duration,
    /// Exhibits skipped because they no longer exist (for a note to the guide).
    pub skipped: Vec<String>,
}

impl TourRun {
    /// Starts `tour` at its first stop that exists in `hall`.
    pub fn start(tour: &Tour, hall: &Hall, now: Duration) -> Option<Self> {
        let mut run = Self {
            tour_id: tour.id.clone(),
            title: tour.title.clone(),
            stops: tour
                .stops
                .iter()
                .map(|s| PlannedStop {
                    exhibit: s.exhibit.clone(),
                    minutes: s.minutes,
                    notes: s.notes.clone(),
                })
                .collect(),
            current: 0,
            started_at: now,
            stop_started_at: now,
            skipped: Vec::new(),
        };
        run.settle(hall, true);
        run.stop().is_some().then_some(run)
    }

    pub fn stop(&self) -> Option<&PlannedStop> {
        self.stops.get(self.current)
    }

    /// The stop after this one that exists in `hall`.
    pub fn next_stop<'a>(&'a self, hall: &Hall) -> Option<&'a PlannedStop> {
        self.stops
            .iter()
            .skip(self.current + 1)
            .find(|s| hall.exhibit(&s.exhibit).is_some())
    }

    pub fn is_last(&self, hall: &Hall) -> bool {
        self.next_stop(hall).is_none()
    }

    pub fn is_first(&self, hall: &Hall) -> bool {
        !self.stops[..self.current.min(self.stops.len())]
            .iter()
            .any(|s| hall.exhibit(&s.exhibit).is_some())
    }

    /// Moves to the next stop that exists; returns whether it moved.
    pub fn advance(&mut self, hall: &Hall, now: Duration) -> bool {
        let Some(next) = (self.current + 1..self.stops.len()).find(|&i| self.exists(hall, i))
        else {
            return false;
        };
        self.note_skipped(hall, self.current + 1..next);
        self.current = next;
        self.stop_started_at = now;
        true
    }

    /// Moves to the previous stop that exists; returns whether it moved.
    pub fn back(&mut self, hall: &Hall, now: Duration) -> bool {
        let Some(previous) = (0..self.current).rev().find(|&i| self.exists(hall, i)) else {
            return false;
        };
        self.current = previous;
        self.stop_started_at = now;
        true
    }

    fn exists(&self, hall: &Hall, index: usize) -> bool {
        self.stops
            .get(index)
            .is_some_and(|s| hall.exhibit(&s.exhibit).is_some())
    }

    fn note_skipped(&mut self, hall: &Hall, range: std::ops::Range<usize>) {
        for index in range {
            if let Some(stop) = self.stops.get(index)
                && hall.exhibit(&stop.exhibit).is_none()
                && !self.skipped.contains(&stop.exhibit)
            {
                self.skipped.push(stop.exhibit.clone());
            }
        }
    }

    /// After a content reload: if the current stop's exhibit is gone, moves on to the
    /// next stop that exists (or back to the last one that does), with a note.
    pub fn settle(&mut self, hall: &Hall, forward: bool) {
        if self.exists(hall, self.current) {
            return;
        }
        let gone = self.current;
        let next = (gone + 1..self.stops.len()).find(|&i| self.exists(hall, i));
        let previous = (0..gone).rev().find(|&i| self.exists(hall, i));
        let target = if forward {
            next.or(previous)
        } else {
            previous.or(next)
        };
        self.note_skipped(hall, gone..gone + 1);
        if let Some(target) = target {
            if target > gone {
                self.note_skipped(hall, gone..target);
            }
            self.current = target;
        } else {
            self.current = self.stops.len();
        }
    }

    pub fn timing(&self, now: Duration) -> Timing {
        // Validation bounds a stop's minutes; the plan must still never overflow when
        // a tour was built from unchecked data.
        let planned = |m: u64| Duration::from_secs(m.saturating_mul(60));
        let tour_minutes = self
            .stops
            .iter()
            .fold(0_u64, |sum, s| sum.saturating_add(u64::from(s.minutes)));
        Timing {
            stop_elapsed: now.saturating_sub(self.stop_started_at),
            stop_planned: self
                .stop()
                .map_or(Duration::ZERO, |s| planned(u64::from(s.minutes))),
            tour_elapsed: now.saturating_sub(self.started_at),
            tour_planned: planned(tour_minutes),
        }
    }

    /// Whether the tour has run longer than idle suspension allows.
    pub fn exceeded(&self, now: Duration, max_minutes: u32) -> bool {
        now.saturating_sub(self.started_at)
            > Duration::from_secs(u64::from(max_minutes.max(1)) * 60)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::content::Config;
    use crate::content::{Exhibit, Stop};

    fn text(s: &str) -> Text {
        Text::from_pairs([("zh", s), ("en", s)])
    }

    fn hall(ids: &[&str]) -> Hall {
        Hall {
            root: PathBuf::new(),
            config: Config::fallback(),
            schedule: None,
            exhibits: ids
                .iter()
                .map(|id| Exhibit {
                    id: (*id).to_owned(),
                    title: text(id),
                    summary: None,
                    theme: "t".into(),
                    year: None,
                    cover: Default::default(),
                    cover_focus: None,
                    panels: Vec::new(),
                    guide_notes: None,
                    quiz: Vec::new(),
                    source: PathBuf::new(),
                })
                .collect(),
            tours: Vec::new(),
            map: None,
            media: Default::default(),
        }
    }

    fn tour(stops: &[(&str, u32)]) -> Tour {
        Tour {
            id: "t".into(),
            title: text("Tour"),
            description: None,
            stops: stops
                .iter()
                .map(|(e, m)| Stop {
                    exhibit: (*e).to_owned(),
                    minutes: *m,
                    notes: None,
                })
                .collect(),
            source: PathBuf::new(),
        }
    }

    fn min(n: u64) -> Duration {
        Duration::from_secs(n * 60)
    }

    #[test]
    fn timing_turns_over_plan_per_stop_and_for_the_tour() {
        let hall = hall(&["a", "b"]);
        let mut run = TourRun::start(&tour(&[("a", 5), ("b", 3)]), &hall, min(10)).unwrap();
        let timing = run.timing(min(14));
        assert_eq!(timing.stop_elapsed, min(4));
        assert_eq!(timing.stop_planned, min(5));
        assert_eq!(timing.tour_planned, min(8));
        assert!(!timing.stop_over());
        assert!(run.timing(min(16)).stop_over());

        assert!(run.advance(&hall, min(16)));
        let timing = run.timing(min(18));
        assert_eq!(timing.stop_elapsed, min(2), "the stop clock restarts");
        assert!(!timing.stop_over());
        assert!(!timing.tour_over());
        assert!(run.timing(min(19)).tour_over());
        assert!(!run.advance(&hall, min(19)), "no stop after the last");
        assert!(run.back(&hall, min(20)));
        assert_eq!(run.current, 0);
    }

    #[test]
    fn planned_minutes_too_large_to_add_up_saturate() {
        let hall = hall(&["a", "b"]);
        let long = tour(&[("a", u32::MAX), ("b", u32::MAX)]);
        assert_eq!(long.planned_minutes(), u32::MAX);
        let run = TourRun::start(&long, &hall, min(0)).unwrap();
        let timing = run.timing(min(1));
        assert_eq!(timing.stop_planned, min(u64::from(u32::MAX)));
        assert_eq!(timing.tour_planned, min(2 * u64::from(u32::MAX)));
        assert!(!timing.tour_over());
    }

    #[test]
    fn a_missing_exhibit_is_skipped_with_a_note() {
        let hall = hall(&["a", "c"]);
        let mut run =
            TourRun::start(&tour(&[("a", 2), ("gone", 2), ("c", 2)]), &hall, min(0)).unwrap();
        assert_eq!(run.next_stop(&hall).map(|s| s.exhibit.as_str()), Some("c"));
        assert!(run.advance(&hall, min(1)));
        assert_eq!(run.stop().map(|s| s.exhibit.as_str()), Some("c"));
        assert_eq!(run.skipped, ["gone"]);
        assert!(run.back(&hall, min(2)));
        assert_eq!(run.current, 0);
    }

    #[test]
    fn an_exhibit_removed_during_the_tour_moves_it_on() {
        let full = hall(&["a", "b", "c"]);
        let mut run =
            TourRun::start(&tour(&[("a", 2), ("b", 2), ("c", 2)]), &full, min(0)).unwrap();
        run.advance(&full, min(1));
        let reloaded = hall(&["a", "c"]);
        run.settle(&reloaded, true);
        assert_eq!(run.stop().map(|s| s.exhibit.as_str()), Some("c"));
        assert_eq!(run.skipped, ["b"]);
    }

    #[test]
    fn a_tour_whose_first_stops_are_gone_starts_at_the_first_that_exists() {
        let hall = hall(&["c"]);
        let run = TourRun::start(&tour(&[("a", 2), ("b", 2), ("c", 2)]), &hall, min(0)).unwrap();
        assert_eq!(run.stop().map(|s| s.exhibit.as_str()), Some("c"));
        assert!(run.is_first(&hall) && run.is_last(&hall));
        assert!(TourRun::start(&tour(&[("x", 1)]), &hall, min(0)).is_none());
    }

    #[test]
    fn the_idle_suspension_has_a_limit() {
        let hall = hall(&["a"]);
        let run = TourRun::start(&tour(&[("a", 2)]), &hall, min(0)).unwrap();
        assert!(!run.exceeded(min(119), 120));
        assert!(run.exceeded(min(121), 120));
    }
}
