//! The checks of the question kinds that answer with a picture or a place: picture
//! choices, finding a site on the map, spotting something in a photo; and the check
//! that a question's fields are of one kind.

use super::{FileCheck, MediaKind, Position, Probe, Severity};
use crate::content::model::{Question, QuestionKind, Site};
use crate::msg;

/// A question's key span: from its `prompt:` to the next question's.
type Span = (Option<Position>, Option<Position>);

/// The largest tolerance a map question may set: a fifth of the map is half a county.
const MAX_MAP_TOLERANCE: f32 = 0.2;

/// How a kind is named in a message: "a picture choice".
pub fn kind_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Choice => "a multiple choice",
        QuestionKind::Order => "an order question",
        QuestionKind::Picture => "a picture choice",
        QuestionKind::Map => "a map question",
        QuestionKind::Spot => "a spot-it question",
    }
}

impl FileCheck<'_, '_> {
    /// Every answer field belongs to the question's own kind; returns whether it does.
    /// `choices` with `events` has a message of its own in the order check.
    pub(super) fn one_kind(&mut self, question: &Question, field: &str, span: Span) -> bool {
        let kind = question.kind();
        let mut one = true;
        for (other, key) in question.kinds_given() {
            if other == kind || (kind == QuestionKind::Order && other == QuestionKind::Choice) {
                continue;
            }
            self.report(
                Severity::Error,
                self.key_within(key, span).or(span.0),
                &format!("{field}.{key}"),
                msg!(
                    "`{key}` belongs to {}, but this question is {}",
                    kind_name(other),
                    kind_name(kind)
                ),
                Some(format!(
                    "a question is of one kind: remove `{key}`, or write it as a question of its own"
                )),
            );
            one = false;
        }
        one
    }

    /// A map or spot-it question answers by a tap, not by `answer` (a warning).
    fn no_answer_needed(&mut self, question: &Question, field: &str, span: Span) {
        if question.answer.is_some() {
            self.report(
                Severity::Warning,
                self.key_within("answer", span),
                &format!("{field}.answer"),
                msg!(
                    "{} needs no `answer`; it is ignored",
                    kind_name(question.kind())
                ),
                Some("the visitor answers by tapping the place: remove `answer`".to_owned()),
            );
        }
    }

    /// Photos to choose from; returns whether the quiz can ask it.
    pub(super) fn picture_question(
        &mut self,
        question: &Question,
        field: &str,
        span: Span,
    ) -> bool {
        let mut usable = true;
        let pictures_position = self.key_within("pictures", span);
        let photos = self.keys_within("photo", span);
        let captions = self.keys_within("caption", span);
        for (p, picture) in question.pictures.iter().enumerate() {
            let picture_field = format!("{field}.pictures[{p}]");
            let photo_position = photos.get(p).copied().or(pictures_position);
            self.media(
                picture.photo.written(),
                MediaKind::Image,
                photo_position,
                &format!("{picture_field}.photo"),
            );
            self.text_at(
                &picture.caption,
                captions.get(p).copied().or(photo_position),
                &format!("{picture_field}.caption"),
            );
            if let Some(first) = question
                .pictures
                .iter()
                .take(p)
                .position(|earlier| earlier.photo.written() == picture.photo.written())
            {
                let position = self.value_position(photo_position, picture.photo.written());
                self.report(
                    Severity::Error,
                    position,
                    &format!("{picture_field}.photo"),
                    msg!("pictures {first} and {p} are the same photo"),
                    Some("each picture to choose from needs a photo of its own".to_owned()),
                );
                usable = false;
            }
        }
        let count = question.pictures.len();
        if !(2..=4).contains(&count) {
            self.report(
                Severity::Error,
                pictures_position,
                &format!("{field}.pictures"),
                msg!("a picture choice needs 2 to 4 pictures, found {}", count),
                Some("the photos must be large enough to tell apart on one screen".to_owned()),
            );
            usable = false;
        }
        match question.answer {
            None => {
                self.report(
                    Severity::Error,
                    pictures_position,
                    &format!("{field}.answer"),
                    msg!("this question has pictures but no `answer`"),
                    Some(format!(
                        "add `answer:` with the right picture's number, counting from 0 (0 to {})",
                        count.saturating_sub(1)
                    )),
                );
                false
            }
            Some(answer) if answer >= count => {
                self.report(
                    Severity::Error,
                    self.key_within("answer", span),
                    &format!("{field}.answer"),
                    msg!(
                        "the answer is picture {}, but there are only {} pictures",
                        answer,
                        count
                    ),
                    Some(format!(
                        "pictures count from 0: use 0 to {}",
                        count.saturating_sub(1)
                    )),
                );
                false
            }
            Some(_) => usable,
        }
    }

    /// A site to find on the red-sites map; returns whether the quiz can ask it.
    pub(super) fn map_question(&mut self, question: &Question, field: &str, span: Span) -> bool {
        let mut usable = true;
        self.no_answer_needed(question, field, span);
        let site_position = self.key_within("site", span);
        let site = question.site.as_deref().unwrap_or_default();
        let position = self.value_position(site_position, site);
        match self.ctx.map_sites {
            // The map cannot be read: its own errors are reported.
            None => {}
            Some([]) => {
                self.report(
                    Severity::Error,
                    position,
                    &format!("{field}.site"),
                    msg!("the hall has no map to find `{site}` on"),
                    Some(
                        "add exhibits/map.ron with this site, or make this question another kind"
                            .to_owned(),
                    ),
                );
                usable = false;
            }
            Some(sites) if !sites.iter().any(|s| s.id == site) => {
                let hint =
                    match crate::diagnostics::closest(site, sites.iter().map(|s| s.id.as_str())) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!(
                            "the map's sites are: {}",
                            sites
                                .iter()
                                .map(|s| s.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                self.report(
                    Severity::Error,
                    position,
                    &format!("{field}.site"),
                    msg!("the map has no site with the id `{site}`"),
                    Some(hint),
                );
                usable = false;
            }
            Some(sites) => self.neighbours_within_tolerance(question, sites, field, position),
        }
        if let Some(tolerance) = question.tolerance
            && !(tolerance > 0.0 && tolerance <= MAX_MAP_TOLERANCE)
        {
            self.report(
                Severity::Error,
                self.key_within("tolerance", span),
                &format!("{field}.tolerance"),
                msg!(
                    "the tolerance {} is outside 0 to {}",
                    tolerance,
                    MAX_MAP_TOLERANCE
                ),
                Some(format!(
                    "it is a fraction of the map's width: leave it out for {}, or write e.g. `tolerance: 0.08`",
                    crate::content::DEFAULT_MAP_TOLERANCE
                )),
            );
            usable = false;
        }
        usable
    }

    /// Warns when another site lies within the question's tolerance of the one asked
    /// about: a child who taps the neighbour would be told they were right. Measured
    /// as the kiosk judges a tap, in widths of the map, when its picture can be read.
    fn neighbours_within_tolerance(
        &mut self,
        question: &Question,
        sites: &[Site],
        field: &str,
        position: Option<Position>,
    ) {
        let (Some(aspect), Some(asked)) = (
            self.ctx.map_aspect,
            sites
                .iter()
                .find(|s| Some(s.id.as_str()) == question.site.as_deref()),
        ) else {
            return;
        };
        let tolerance = question.map_tolerance();
        if !(tolerance > 0.0 && tolerance <= MAX_MAP_TOLERANCE) {
            return; // reported as a tolerance of its own
        }
        let distance = |s: &Site| (s.x - asked.x).hypot((s.y - asked.y) * aspect);
        let near = sites
            .iter()
            .filter(|s| s.id != asked.id && distance(s) <= tolerance)
            .min_by(|a, b| distance(a).total_cmp(&distance(b)));
        if let Some(near) = near {
            self.report(
                Severity::Warning,
                position,
                &format!("{field}.site"),
                msg!(
                    "the site `{}` is within this question's tolerance of `{}`: a tap on it counts as right",
                    near.id,
                    asked.id
                ),
                // Rounded down, so that the tolerance the hint names leaves it out.
                Some(match (distance(near) * 100.0).floor() / 100.0 {
                    under if under >= 0.01 => format!(
                        "set a `tolerance` under {under:.2}, or ask about a site farther from the others"
                    ),
                    _ => "the two are too close to tell apart: ask about another site".to_owned(),
                }),
            );
        }
    }

    /// Regions to spot in a photo; returns whether the quiz can ask it.
    pub(super) fn spot_question(&mut self, question: &Question, field: &str, span: Span) -> bool {
        let mut usable = true;
        self.no_answer_needed(question, field, span);
        let photo_position = self.key_within("photo", span);
        let size = match &question.photo {
            None => {
                self.report(
                    Severity::Error,
                    self.key_within("regions", span).or(span.0),
                    &format!("{field}.photo"),
                    msg!("a spot-it question needs the `photo` its regions are in"),
                    Some("add `photo: \"photos/….jpg\"`, one of the hall's photos".to_owned()),
                );
                usable = false;
                None
            }
            Some(photo) => match self.media(
                photo.written(),
                MediaKind::Image,
                photo_position,
                &format!("{field}.photo"),
            ) {
                Some(Probe::Image { width, height }) => Some((width, height)),
                _ => None,
            },
        };
        let regions_position = self.key_within("regions", span);
        if question.regions.is_empty() {
            self.report(
                Severity::Error,
                regions_position.or(photo_position),
                &format!("{field}.regions"),
                msg!("a spot-it question needs at least one region"),
                Some(
                    "add `regions: [Rect(x: …, y: …, width: …, height: …)]` or `Circle(x: …, y: …, radius: …)`, in the photo's pixels"
                        .to_owned(),
                ),
            );
            usable = false;
        }
        // A region's first key is its `x:`.
        let starts = self.keys_within("x", span);
        for (r, region) in question.regions.iter().enumerate() {
            let position = starts.get(r).copied().or(regions_position);
            let region_field = format!("{field}.regions[{r}]");
            let (near_x, near_y) = region.near_corner();
            let (far_x, far_y) = region.far_corner();
            if far_x <= near_x.max(0).unsigned_abs() || far_y <= near_y.max(0).unsigned_abs() {
                self.report(
                    Severity::Error,
                    position,
                    &region_field,
                    msg!("region {r} has no size"),
                    Some(
                        "give a rectangle a `width` and `height`, a circle a `radius`, in pixels"
                            .to_owned(),
                    ),
                );
                usable = false;
                continue;
            }
            if let Some((width, height)) = size
                && (near_x < 0
                    || near_y < 0
                    || far_x > u64::from(width)
                    || far_y > u64::from(height))
            {
                self.report(
                    Severity::Error,
                    position,
                    &region_field,
                    msg!(
                        "region {r} goes outside the photo, which is {}×{} px",
                        width,
                        height
                    ),
                    Some(
                        "regions are in the photo's own pixels from its top left corner: read them off the photo at full size"
                            .to_owned(),
                    ),
                );
                usable = false;
            }
        }
        usable
    }
}
