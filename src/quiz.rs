//! Quiz rounds, free of egui: drawing questions spread across exhibits, shuffling
//! choices while tracking the right answer by identity, scoring and the review.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::content::{Hall, Level, Question, QuestionKind, Text};

/// The visitor's place in the quiz, kept while they look something up ("learn more").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuizState {
    pub round: Option<Round>,
    /// When the current question appeared (for the optional time limit).
    pub question_since: Duration,
    /// Rotates the words of praise.
    pub praise: usize,
}

/// One question of a round: which exhibit question, and the order its choices show in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundQuestion {
    pub exhibit: String,
    /// Index into the exhibit's `quiz` when drawn.
    pub index: usize,
    /// The question's prompt and kind when drawn. A reload may reorder or rewrite the
    /// exhibit's questions mid-round: the question is found again by its prompt, and one
    /// that changed is never shown with another's choices and answer.
    pub prompt: Text,
    pub kind: QuestionKind,
    /// `order[position]` is the index in `choices` (or `events`) of the item shown at
    /// `position`. An order question's cards are moved by the visitor, so this is
    /// their arrangement now.
    pub order: Vec<usize>,
    /// The choice (index into `choices`) the visitor picked, once answered.
    pub picked: Option<usize>,
    /// An order question's arrangement when the visitor checked it.
    pub placed: Option<Vec<usize>>,
    /// The card tapped first, waiting for a second tap to swap with.
    pub selected: Option<usize>,
    /// Time ran out before an answer (only with a time limit).
    pub timed_out: bool,
    /// A map or spot-it question's site or photo when drawn (`Question::answer_key`).
    pub target: Option<String>,
    /// Where a map or spot-it question was tapped, once answered.
    pub tap: Option<Tap>,
}

/// A tap that answered a map or spot-it question.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tap {
    /// On the map: fractions of its width and height; on a photo: its own pixels.
    pub at: [f32; 2],
    /// Whether it was within the site's tolerance or inside a region, judged when
    /// tapped (the map's proportions are the screen's to know).
    pub right: bool,
}

// `Tap` holds floats, but never a NaN: the screens give only positions on the picture.
impl Eq for Tap {}

/// Whether a round can ask `question`: what the check lets through, looked at again so
/// that no screen has to trust the content.
pub fn askable(question: &Question) -> bool {
    (match question.kind() {
        QuestionKind::Choice => {
            question.choices.len() >= 2
                && question.answer.is_some_and(|a| a < question.choices.len())
        }
        QuestionKind::Order => {
            (3..=4).contains(&question.events.len()) && question.choices.is_empty() && {
                let mut years: Vec<i32> = question.events.iter().map(|e| e.year).collect();
                years.sort_unstable();
                years.windows(2).all(|w| w[0] != w[1])
            }
        }
        QuestionKind::Picture => {
            (2..=4).contains(&question.pictures.len())
                && question.answer.is_some_and(|a| a < question.pictures.len())
        }
        QuestionKind::Map => question.tolerance.is_none_or(|t| t > 0.0 && t <= 0.2),
        QuestionKind::Spot => question.photo.is_some() && !question.regions.is_empty(),
    }) && question.kinds_given().iter().all(|(kind, _)| {
        *kind == question.kind()
            || (question.kind() == QuestionKind::Order && *kind == QuestionKind::Choice)
    })
}

/// A wrong choice as the statistics name it: the choice's text or the picture's caption
/// in `language`.
pub fn choice_in_words(question: &Question, choice: usize, language: &str) -> Option<String> {
    let text = match question.kind() {
        QuestionKind::Picture => question.pictures.get(choice).map(|p| &p.caption),
        _ => question.choices.get(choice),
    }?;
    Some(text.get(language, language).to_owned())
}

/// A wrong answer that is not a choice, as the statistics name it: an order placed, as
/// its years in the order the child put them ("1922 → 1919 → 1944"). A tap on a map or
/// a photo has no words (`None`): the statistics count those together.
pub fn given_in_words(question: &Question, given: &str) -> Option<String> {
    if question.kind() != QuestionKind::Order {
        return None;
    }
    let years: Option<Vec<String>> = given
        .split(',')
        .map(|i| {
            let event = question.events.get(i.trim().parse::<usize>().ok()?)?;
            Some(event.year.to_string())
        })
        .collect();
    years.filter(|y| !y.is_empty()).map(|y| y.join(" → "))
}

/// The wrong answers to `question` that were not a choice, in words for the statistics
/// page and the report, most often first: the three orders placed most often, then map
/// taps by the site nearest to where they landed (the three most often: what children
/// take the place for), then the rest together as taps elsewhere. `given` is each wrong
/// answer as recorded and how often it was given.
pub fn wrong_given_in_words(
    hall: &Hall,
    question: Option<&Question>,
    given: &[(String, i64)],
    language: &str,
) -> Vec<(String, i64)> {
    let mut orders: Vec<(String, i64)> = Vec::new();
    let mut near: Vec<(String, i64)> = Vec::new();
    let mut elsewhere = 0;
    for (answer, times) in given {
        let order = question.and_then(|q| given_in_words(q, answer));
        let site = question
            .filter(|q| q.kind() == QuestionKind::Map)
            .and_then(|_| nearest_site(hall, answer))
            .map(|site| site.name.get(language, language).to_owned());
        match (order, site) {
            (Some(words), _) if orders.len() < 3 => {
                orders.push((format!("排成 placed {words}"), *times));
            }
            (Some(_), _) => {}
            (None, Some(name)) => match near.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => *count = count.saturating_add(*times),
                None => near.push((name, *times)),
            },
            (None, None) => elsewhere += times,
        }
    }
    near.sort_by_key(|(_, times)| std::cmp::Reverse(*times));
    for (_, times) in near.iter().skip(3) {
        elsewhere += times;
    }
    near.truncate(3);
    orders
        .into_iter()
        .chain(
            near.into_iter()
                .map(|(name, times)| (format!("点在“{name}”附近 tapped near {name}"), times)),
        )
        .chain((elsewhere > 0).then(|| ("点错位置 tapped elsewhere".to_owned(), elsewhere)))
        .collect()
}

/// The map site nearest to a tap recorded as "x,y" (fractions of the map).
fn nearest_site<'h>(hall: &'h Hall, tap: &str) -> Option<&'h crate::content::Site> {
    let mut parts = tap.split(',').map(|n| n.trim().parse::<f32>().ok());
    let (x, y) = (parts.next()??, parts.next()??);
    hall.map.as_ref()?.sites.iter().min_by(|a, b| {
        let d = |s: &crate::content::Site| (s.x - x).hypot(s.y - y);
        d(a).total_cmp(&d(b))
    })
}

/// Whether a round in `hall` can ask `question`: askable, and a map question's site is
/// on the hall's map.
pub fn askable_in(hall: &Hall, question: &Question) -> bool {
    askable(question)
        && match question.site.as_deref() {
            Some(site) if question.kind() == QuestionKind::Map => hall
                .map
                .as_ref()
                .is_some_and(|map| map.sites.iter().any(|s| s.id == site)),
            _ => true,
        }
}

impl RoundQuestion {
    fn new(exhibit: &str, index: usize, question: &Question, rng: &mut fastrand::Rng) -> Self {
        let count = question.item_count();
        let mut order: Vec<usize> = (0..count).collect();
        rng.shuffle(&mut order);
        if question.kind() == QuestionKind::Order && order == question.events_in_order() {
            // Never hand out an order question already solved.
            order.rotate_left(1);
        }
        Self {
            exhibit: exhibit.to_owned(),
            index,
            prompt: question.prompt.clone(),
            kind: question.kind(),
            order,
            picked: None,
            placed: None,
            selected: None,
            timed_out: false,
            target: question.answer_key().map(str::to_owned),
            tap: None,
        }
    }

    /// The exhibit question this is, if it still exists (content may have reloaded).
    pub fn question<'h>(&self, hall: &'h Hall) -> Option<&'h Question> {
        let quiz = &hall.exhibit(&self.exhibit)?.quiz;
        let same = |q: &&Question| {
            q.prompt == self.prompt
                && q.kind() == self.kind
                && q.item_count() == self.order.len()
                && q.answer_key() == self.target.as_deref()
        };
        quiz.get(self.index)
            .filter(same)
            .or_else(|| quiz.iter().find(same))
    }

    /// Where the right answer shows (a choice question).
    pub fn right_position(&self, question: &Question) -> Option<usize> {
        let answer = question.answer?;
        self.order.iter().position(|&choice| choice == answer)
    }

    pub fn is_answered(&self) -> bool {
        self.picked.is_some() || self.placed.is_some() || self.tap.is_some() || self.timed_out
    }

    pub fn is_right(&self, hall: &Hall) -> bool {
        let Some(question) = self.question(hall) else {
            return false;
        };
        match question.kind() {
            QuestionKind::Choice | QuestionKind::Picture => {
                self.picked.is_some() && self.picked == question.answer
            }
            QuestionKind::Map | QuestionKind::Spot => self.tap.is_some_and(|tap| tap.right),
            QuestionKind::Order => self
                .placed
                .as_ref()
                .is_some_and(|placed| *placed == question.events_in_order()),
        }
    }

    /// For each position of the checked arrangement, whether its card was in its place.
    pub fn in_place(&self, question: &Question) -> Vec<bool> {
        let right = question.events_in_order();
        self.placed
            .as_ref()
            .map(|placed| {
                placed
                    .iter()
                    .zip(&right)
                    .map(|(given, right)| given == right)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What the visitor gave, written out for the statistics: an order question's
    /// events (as written, counted from 0) in the order placed, e.g. `2,0,1`; where a
    /// map question was tapped, in fractions of the map (`0.352,0.742`), or a spot-it
    /// question, in the photo's pixels (`812,344`).
    pub fn given(&self) -> Option<String> {
        if let Some(tap) = self.tap {
            return Some(match self.kind {
                // Fractions of the map, to a thousandth.
                QuestionKind::Map => format!("{:.3},{:.3}", tap.at[0], tap.at[1]),
                // Whole pixels of the photo.
                _ => format!("{:.0},{:.0}", tap.at[0], tap.at[1]),
            });
        }
        let placed = self.placed.as_ref()?;
        Some(
            placed
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(","),
        )
    }
}

/// Why no round could be drawn.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuizError {
    #[error("there are no quiz questions for this level yet")]
    NoQuestions,
}

/// A round of questions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Round {
    pub level: Level,
    pub questions: Vec<RoundQuestion>,
    pub current: usize,
    /// A shared round led by a guide for one stop's questions.
    pub group: bool,
}

/// Questions asked at `level`: the level's own and those for all.
fn fits(question: &Question, level: Level) -> bool {
    question.level == level || question.level == Level::All || level == Level::All
}

/// How many usable questions `hall` has for `level`.
pub fn available(hall: &Hall, level: Level) -> usize {
    hall.exhibits
        .iter()
        .flat_map(|e| &e.quiz)
        .filter(|q| fits(q, level))
        .count()
}

impl Round {
    /// Draws up to `count` questions at `level`: no question twice, taken from the
    /// exhibits in turn so that one exhibit does not fill the round, and each
    /// question's choices shuffled. A bank smaller than `count` gives a shorter round.
    pub fn draw(hall: &Hall, level: Level, count: usize, seed: u64) -> Result<Self, QuizError> {
        Self::draw_without(hall, level, count, seed, &[])
    }

    /// A round as [`Round::draw`] makes it, without questions of the kinds `left_out`:
    /// a visitor who cannot see is never asked to spot a thing in a picture.
    pub fn draw_without(
        hall: &Hall,
        level: Level,
        count: usize,
        seed: u64,
        left_out: &[QuestionKind],
    ) -> Result<Self, QuizError> {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut by_exhibit: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (e, exhibit) in hall.exhibits.iter().enumerate() {
            let fitting: Vec<usize> = exhibit
                .quiz
                .iter()
                .enumerate()
                .filter(|(_, q)| {
                    fits(q, level) && askable_in(hall, q) && !left_out.contains(&q.kind())
                })
                .map(|(i, _)| i)
                .collect();
            if !fitting.is_empty() {
                by_exhibit.insert(e, fitting);
            }
        }
        if by_exhibit.is_empty() {
            return Err(QuizError::NoQuestions);
        }
        let mut exhibits: Vec<usize> = by_exhibit.keys().copied().collect();
        rng.shuffle(&mut exhibits);
        for list in by_exhibit.values_mut() {
            rng.shuffle(list);
        }
        // Round-robin over the shuffled exhibits.
        let mut picked = Vec::new();
        while picked.len() < count {
            let mut took = false;
            for &e in &exhibits {
                if picked.len() >= count {
                    break;
                }
                if let Some(index) = by_exhibit.get_mut(&e).and_then(Vec::pop) {
                    picked.push((e, index));
                    took = true;
                }
            }
            if !took {
                break;
            }
        }
        let questions = picked
            .into_iter()
            .filter_map(|(e, index)| {
                let exhibit = hall.exhibits.get(e)?;
                let question = exhibit.quiz.get(index)?;
                Some(RoundQuestion::new(&exhibit.id, index, question, &mut rng))
            })
            .collect();
        Ok(Self {
            level,
            questions,
            current: 0,
            group: false,
        })
    }

    /// A group round for a guided stop: every question of one exhibit, in order, choices shuffled.
    pub fn for_exhibit(hall: &Hall, exhibit_id: &str, seed: u64) -> Result<Self, QuizError> {
        let mut rng = fastrand::Rng::with_seed(seed);
        let exhibit = hall.exhibit(exhibit_id).ok_or(QuizError::NoQuestions)?;
        let questions: Vec<RoundQuestion> = exhibit
            .quiz
            .iter()
            .enumerate()
            .filter(|(_, q)| askable_in(hall, q))
            .map(|(index, question)| RoundQuestion::new(&exhibit.id, index, question, &mut rng))
            .collect();
        if questions.is_empty() {
            return Err(QuizError::NoQuestions);
        }
        Ok(Self {
            level: Level::All,
            questions,
            current: 0,
            group: true,
        })
    }

    /// Makes the first question the hall's first of `kind` at the round's level, so
    /// that `--show` previews the same question every time: moved to the front if it
    /// was drawn, else in the first question's place. Without one the round stays.
    pub fn put_first(&mut self, hall: &Hall, kind: QuestionKind, seed: u64) {
        let mut rng = fastrand::Rng::with_seed(seed);
        let Some(found) = hall.exhibits.iter().find_map(|exhibit| {
            exhibit.quiz.iter().enumerate().find_map(|(index, q)| {
                (q.kind() == kind && fits(q, self.level) && askable_in(hall, q))
                    .then(|| RoundQuestion::new(&exhibit.id, index, q, &mut rng))
            })
        }) else {
            return;
        };
        let drawn = self
            .questions
            .iter()
            .position(|q| q.exhibit == found.exhibit && q.index == found.index);
        match drawn {
            Some(at) => self.questions.swap(0, at),
            None => {
                if let Some(first) = self.questions.first_mut() {
                    *first = found;
                }
            }
        }
    }

    pub fn current(&self) -> Option<&RoundQuestion> {
        self.questions.get(self.current)
    }

    /// Answers the current question with the choice shown at `position`; returns
    /// whether it was right. A second answer to the same question is ignored.
    pub fn answer(&mut self, hall: &Hall, position: usize) -> Option<bool> {
        let question = self.questions.get_mut(self.current)?;
        if question.is_answered()
            || !matches!(question.kind, QuestionKind::Choice | QuestionKind::Picture)
        {
            return None;
        }
        let choice = *question.order.get(position)?;
        question.picked = Some(choice);
        Some(question.is_right(hall))
    }

    /// The current order question's card at `position` was tapped: the first tap picks
    /// it up, a tap on another card swaps the two, a tap on the same card puts it down.
    pub fn tap_card(&mut self, position: usize) {
        let Some(question) = self.unanswered_order_question() else {
            return;
        };
        if position >= question.order.len() {
            return;
        }
        match question.selected.take() {
            None => question.selected = Some(position),
            Some(first) if first == position => {}
            Some(first) => question.order.swap(first, position),
        }
    }

    /// The current order question's card at `from` was dragged to `to`; the cards
    /// between move up or down one place.
    pub fn move_card(&mut self, from: usize, to: usize) {
        let Some(question) = self.unanswered_order_question() else {
            return;
        };
        if from >= question.order.len() || to >= question.order.len() {
            return;
        }
        question.selected = None;
        let card = question.order.remove(from);
        question.order.insert(to, card);
    }

    /// The visitor checks the current order question's arrangement; returns whether it
    /// was right. A second check of the same question is ignored.
    pub fn check_order(&mut self, hall: &Hall) -> Option<bool> {
        let question = self.unanswered_order_question()?;
        question.selected = None;
        question.placed = Some(question.order.clone());
        Some(question.is_right(hall))
    }

    fn unanswered_order_question(&mut self) -> Option<&mut RoundQuestion> {
        self.questions
            .get_mut(self.current)
            .filter(|q| q.kind == QuestionKind::Order && !q.is_answered())
    }

    /// The current map question was tapped at `at` (fractions of the map's width and
    /// height) on a map `aspect` times as high as it is wide; returns whether it was
    /// within the site's tolerance. A second tap is ignored.
    pub fn tap_map(&mut self, hall: &Hall, at: [f32; 2], aspect: f32) -> Option<bool> {
        let site = {
            let current = self.current()?;
            let question = current.question(hall)?;
            let id = question.site.as_deref()?;
            let site = hall.map.as_ref()?.sites.iter().find(|s| s.id == id)?;
            ((site.x, site.y), question.map_tolerance())
        };
        let ((x, y), tolerance) = site;
        let (dx, dy) = (at[0] - x, (at[1] - y) * aspect);
        let right = (dx * dx + dy * dy).sqrt() <= tolerance;
        self.tap_current(QuestionKind::Map, at, right)
    }

    /// The current spot-it question's photo was tapped at `at` (its own pixels);
    /// returns whether that is inside one of its regions. A second tap is ignored.
    pub fn tap_photo(&mut self, hall: &Hall, at: [f32; 2]) -> Option<bool> {
        let right = {
            let question = self.current()?.question(hall)?;
            question.regions.iter().any(|region| region.contains(at))
        };
        self.tap_current(QuestionKind::Spot, at, right)
    }

    fn tap_current(&mut self, kind: QuestionKind, at: [f32; 2], right: bool) -> Option<bool> {
        let question = self
            .questions
            .get_mut(self.current)
            .filter(|q| q.kind == kind && !q.is_answered())?;
        if !at.iter().all(|v| v.is_finite()) {
            return None;
        }
        question.tap = Some(Tap { at, right });
        Some(right)
    }

    /// The time limit ran out on the current question.
    pub fn time_out(&mut self) {
        if let Some(question) = self.questions.get_mut(self.current)
            && !question.is_answered()
        {
            question.timed_out = true;
        }
    }

    /// Moves on; returns whether there is another question.
    pub fn advance(&mut self) -> bool {
        if self.current < self.questions.len() {
            self.current += 1;
        }
        self.current < self.questions.len()
    }

    pub fn is_finished(&self) -> bool {
        self.current >= self.questions.len()
    }

    pub fn score(&self, hall: &Hall) -> usize {
        self.questions.iter().filter(|q| q.is_right(hall)).count()
    }

    /// One to three stars: finishing always earns one.
    pub fn stars(&self, hall: &Hall) -> u8 {
        let total = self.questions.len().max(1);
        let score = self.score(hall);
        if score == total {
            3
        } else if score * 5 >= total * 3 {
            2
        } else {
            1
        }
    }

    /// The questions answered wrongly or not at all, for the review.
    pub fn missed<'a>(&'a self, hall: &'a Hall) -> impl Iterator<Item = &'a RoundQuestion> {
        self.questions.iter().filter(move |q| !q.is_right(hall))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::PathBuf;

    use super::*;
    use crate::content::Config;
    use crate::content::Exhibit;

    fn text(s: &str) -> Text {
        Text::from_pairs([("zh", s), ("en", s)])
    }

    fn question(level: Level, answer: usize) -> Question {
        Question {
            level,
            prompt: text("?"),
            prompt_audio: None,
            choices: vec![text("a"), text("b"), text("c"), text("d")],
            answer: Some(answer),
            events: Vec::new(),
            pictures: Vec::new(),
            site: None,
            tolerance: None,
            photo: None,
            regions: Vec::new(),
            explanation: text("because"),
            panel: None,
        }
    }

    /// `exhibits[i]` questions for exhibit i, all at `level`.
    #[test]
    fn an_order_given_is_named_by_its_years_and_a_tap_by_nothing() {
        use crate::content::TimelineEvent;
        let event = |year| TimelineEvent {
            text: text("e"),
            year,
            photo: None,
        };
        let order = Question {
            events: vec![event(1944), event(1919), event(1922)],
            ..question(Level::Junior, 0)
        };
        assert_eq!(
            given_in_words(&order, "1,0,2").as_deref(),
            Some("1919 → 1944 → 1922")
        );
        assert_eq!(
            given_in_words(&order, "1,7,2"),
            None,
            "an event that is gone"
        );
        let choice = question(Level::Junior, 0);
        assert_eq!(given_in_words(&choice, "0.352,0.742"), None);
    }

    fn hall(per_exhibit: &[usize], level: Level) -> Hall {
        let exhibits = per_exhibit
            .iter()
            .enumerate()
            .map(|(e, &n)| Exhibit {
                id: format!("e{e}"),
                title: text("t"),
                summary: None,
                theme: "t".into(),
                year: None,
                cover: Default::default(),
                cover_focus: None,
                panels: Vec::new(),
                guide_notes: None,
                quiz: (0..n)
                    .map(|i| Question {
                        prompt: text(&format!("e{e} q{i}?")),
                        ..question(level, i % 4)
                    })
                    .collect(),
                source: PathBuf::new(),
            })
            .collect();
        Hall {
            root: PathBuf::new(),
            config: Config::fallback(),
            schedule: None,
            exhibits,
            tours: Vec::new(),
            map: None,
            media: Default::default(),
        }
    }

    #[test]
    fn draws_spread_across_exhibits_without_repeats() {
        let hall = hall(&[10, 10, 10, 10, 10], Level::Junior);
        for seed in 0..50 {
            let round = Round::draw(&hall, Level::Junior, 5, seed).unwrap();
            assert_eq!(round.questions.len(), 5);
            let exhibits: HashSet<&str> =
                round.questions.iter().map(|q| q.exhibit.as_str()).collect();
            assert_eq!(exhibits.len(), 5, "one question from each of five exhibits");
            let identities: HashSet<(&str, usize)> = round
                .questions
                .iter()
                .map(|q| (q.exhibit.as_str(), q.index))
                .collect();
            assert_eq!(identities.len(), 5);
        }
    }

    #[test]
    fn a_small_exhibit_does_not_stop_the_spread() {
        let hall = hall(&[1, 8], Level::Senior);
        let round = Round::draw(&hall, Level::Senior, 5, 7).unwrap();
        assert_eq!(
            round.questions.iter().filter(|q| q.exhibit == "e0").count(),
            1
        );
        assert_eq!(round.questions.len(), 5);
    }

    #[test]
    fn shuffling_keeps_the_right_answer() {
        let hall = hall(&[4, 4, 4], Level::Junior);
        let mut moved = false;
        for seed in 0..20 {
            let mut round = Round::draw(&hall, Level::Junior, 3, seed).unwrap();
            while !round.is_finished() {
                let current = round.current().unwrap().clone();
                let question = current.question(&hall).unwrap();
                let position = current.right_position(question).unwrap();
                moved |= Some(position) != question.answer;
                assert_eq!(round.answer(&hall, position), Some(true));
                round.advance();
            }
            assert_eq!(round.score(&hall), 3);
            assert_eq!(round.stars(&hall), 3);
        }
        assert!(moved, "choices are shuffled");
    }

    #[test]
    fn scoring_counts_wrong_answers_and_keeps_them_for_review() {
        let hall = hall(&[5], Level::Junior);
        let mut round = Round::draw(&hall, Level::Junior, 5, 1).unwrap();
        for n in 0..5 {
            let current = round.current().unwrap().clone();
            let question = current.question(&hall).unwrap();
            let right = current.right_position(question).unwrap();
            let position = if n < 2 { (right + 1) % 4 } else { right };
            assert_eq!(round.answer(&hall, position), Some(n >= 2));
            assert_eq!(
                round.answer(&hall, right),
                None,
                "no second try at the same question"
            );
            round.advance();
        }
        assert!(round.is_finished());
        assert_eq!(round.score(&hall), 3);
        assert_eq!(round.stars(&hall), 2);
        assert_eq!(round.missed(&hall).count(), 2);
    }

    #[test]
    fn questions_for_all_join_both_levels() {
        let hall = hall(&[3], Level::All);
        assert_eq!(available(&hall, Level::Junior), 3);
        assert_eq!(available(&hall, Level::Senior), 3);
    }

    #[test]
    fn too_few_questions_give_a_shorter_round_and_none_an_error() {
        let hall = hall(&[2], Level::Junior);
        assert_eq!(
            Round::draw(&hall, Level::Junior, 5, 0)
                .unwrap()
                .questions
                .len(),
            2
        );
        assert_eq!(
            Round::draw(&hall, Level::Senior, 5, 0),
            Err(QuizError::NoQuestions)
        );
    }

    #[test]
    fn finishing_always_earns_a_star() {
        let hall = hall(&[3], Level::Junior);
        let mut round = Round::draw(&hall, Level::Junior, 3, 0).unwrap();
        while !round.is_finished() {
            round.time_out();
            round.advance();
        }
        assert_eq!(round.score(&hall), 0);
        assert_eq!(round.stars(&hall), 1);
    }

    #[test]
    fn a_reload_mid_round_finds_each_question_again_by_its_prompt() {
        let before = hall(&[3], Level::Junior);
        let round = Round::for_exhibit(&before, "e0", 0).unwrap();
        let first = round.questions[0].clone();
        let prompt = |q: &Question| q.prompt.get("zh", "zh").to_owned();
        let asked = prompt(first.question(&before).unwrap());

        // The curator moved the first question to the end: it is still the one asked.
        let mut reordered = before.clone();
        reordered.exhibits[0].quiz.rotate_left(1);
        assert_eq!(prompt(first.question(&reordered).unwrap()), asked);

        // The curator rewrote it: it is gone, never another question in its place.
        let mut rewritten = before.clone();
        rewritten.exhibits[0].quiz[0].prompt = rewritten.exhibits[0].quiz[1].prompt.clone();
        rewritten.exhibits[0].quiz[1].prompt = before.exhibits[0].quiz[2].prompt.clone();
        rewritten.exhibits[0].quiz[2].prompt = before.exhibits[0].quiz[0].prompt.clone();
        rewritten.exhibits[0].quiz[2].choices.pop();
        assert_eq!(first.question(&rewritten), None);
        assert!(!first.is_right(&rewritten));
    }

    #[test]
    fn a_group_round_asks_one_exhibits_questions_in_order() {
        let hall = hall(&[2, 3], Level::Senior);
        let round = Round::for_exhibit(&hall, "e1", 0).unwrap();
        assert!(round.group);
        let indices: Vec<usize> = round.questions.iter().map(|q| q.index).collect();
        assert_eq!(indices, [0, 1, 2]);
    }

    fn event(text_: &str, year: i32) -> crate::content::TimelineEvent {
        crate::content::TimelineEvent {
            text: text(text_),
            year,
            photo: None,
        }
    }

    /// One exhibit whose only question puts 1919, 1922, 1944 in order (written out of order).
    fn order_hall() -> Hall {
        let mut hall = hall(&[1], Level::Junior);
        hall.exhibits[0].quiz[0] = Question {
            choices: Vec::new(),
            answer: None,
            events: vec![event("c", 1944), event("a", 1919), event("b", 1922)],
            ..question(Level::Junior, 0)
        };
        hall
    }

    #[test]
    fn an_order_question_is_never_handed_out_solved() {
        let hall = order_hall();
        for seed in 0..40 {
            let round = Round::draw(&hall, Level::Junior, 1, seed).unwrap();
            assert_ne!(round.questions[0].order, [1, 2, 0], "seed {seed}");
        }
    }

    #[test]
    fn two_taps_swap_two_cards_and_a_tap_on_the_same_card_puts_it_down() {
        let hall = order_hall();
        let mut round = Round::draw(&hall, Level::Junior, 1, 3).unwrap();
        let before = round.questions[0].order.clone();
        round.tap_card(0);
        assert_eq!(round.questions[0].selected, Some(0));
        round.tap_card(0);
        assert_eq!(round.questions[0].selected, None);
        assert_eq!(round.questions[0].order, before, "nothing moved");
        round.tap_card(2);
        round.tap_card(0);
        assert_eq!(round.questions[0].order, [before[2], before[1], before[0]]);
        assert_eq!(round.questions[0].selected, None);
        round.tap_card(9);
        assert_eq!(
            round.questions[0].selected, None,
            "a card not shown is ignored"
        );
    }

    #[test]
    fn dragging_moves_a_card_and_the_others_make_room() {
        let hall = order_hall();
        let mut round = Round::draw(&hall, Level::Junior, 1, 3).unwrap();
        round.questions[0].order = vec![0, 1, 2];
        round.move_card(0, 2);
        assert_eq!(round.questions[0].order, [1, 2, 0]);
        round.move_card(2, 7);
        assert_eq!(
            round.questions[0].order,
            [1, 2, 0],
            "off the end is ignored"
        );
        assert_eq!(round.check_order(&hall), Some(true));
        assert_eq!(round.check_order(&hall), None, "checked once");
        round.move_card(0, 1);
        assert_eq!(
            round.questions[0].order,
            [1, 2, 0],
            "no moves after the check"
        );
        assert_eq!(round.questions[0].given().as_deref(), Some("1,2,0"));
        assert_eq!(round.score(&hall), 1);
    }

    #[test]
    fn a_wrong_order_marks_the_cards_already_in_place() {
        let hall = order_hall();
        let mut round = Round::draw(&hall, Level::Junior, 1, 3).unwrap();
        // 1919 first (right), then 1944 and 1922 swapped.
        round.questions[0].order = vec![1, 0, 2];
        assert_eq!(round.check_order(&hall), Some(false));
        let current = round.current().unwrap();
        let question = current.question(&hall).unwrap();
        assert_eq!(current.in_place(question), [true, false, false]);
        assert_eq!(current.given().as_deref(), Some("1,0,2"));
        assert_eq!(
            round.answer(&hall, 0),
            None,
            "an order is not answered by a choice"
        );
    }

    #[test]
    fn a_reload_that_makes_an_order_question_a_choice_one_never_shows_it_in_its_place() {
        let before = order_hall();
        let round = Round::draw(&before, Level::Junior, 1, 0).unwrap();
        let asked = round.questions[0].clone();
        assert!(asked.question(&before).is_some());
        // Same prompt, now with three choices: another question, not this one.
        let mut rewritten = before.clone();
        rewritten.exhibits[0].quiz[0] = question(Level::Junior, 0);
        rewritten.exhibits[0].quiz[0].choices.pop();
        assert_eq!(rewritten.exhibits[0].quiz[0].prompt, asked.prompt);
        assert_eq!(asked.question(&rewritten), None);
        // An event more: the cards shown no longer fit it.
        let mut longer = before.clone();
        longer.exhibits[0].quiz[0].events.push(event("d", 2021));
        assert_eq!(asked.question(&longer), None);
    }

    #[test]
    fn order_questions_with_a_shared_year_or_too_few_events_are_not_asked() {
        let mut hall = order_hall();
        hall.exhibits[0].quiz[0].events[2].year = 1944;
        assert!(!askable(&hall.exhibits[0].quiz[0]));
        hall.exhibits[0].quiz[0].events.truncate(2);
        assert!(!askable(&hall.exhibits[0].quiz[0]));
        assert_eq!(
            Round::draw(&hall, Level::Junior, 1, 0),
            Err(QuizError::NoQuestions)
        );
    }

    /// One exhibit with a map question on site `s` at (0.5, 0.5) and a spot-it question
    /// with a rectangle and a circle, on a hall whose map has that site.
    fn place_hall() -> Hall {
        let mut hall = hall(&[2], Level::Junior);
        let bare = |q: Question| Question {
            choices: Vec::new(),
            answer: None,
            ..q
        };
        hall.exhibits[0].quiz[0] = Question {
            site: Some("s".into()),
            ..bare(question(Level::Junior, 0))
        };
        hall.exhibits[0].quiz[1] = Question {
            prompt: text("where?"),
            photo: Some(crate::content::MediaRef::default()),
            regions: vec![
                crate::content::Region::Rect {
                    x: 10,
                    y: 10,
                    width: 20,
                    height: 10,
                },
                crate::content::Region::Circle {
                    x: 100,
                    y: 100,
                    radius: 10,
                },
            ],
            ..bare(question(Level::Junior, 0))
        };
        hall.map = Some(crate::content::Map {
            title: text("map"),
            image: Default::default(),
            alt: None,
            sites: vec![crate::content::Site {
                id: "s".into(),
                name: text("site"),
                category: crate::content::SiteCategory::Museum,
                x: 0.5,
                y: 0.5,
                description: text("d"),
                exhibit: None,
                address: None,
                hours: None,
            }],
            routes: Vec::new(),
            source: PathBuf::new(),
        });
        hall
    }

    #[test]
    fn a_map_tap_within_the_tolerance_is_right_and_is_recorded_where_it_was() {
        let hall = place_hall();
        let mut round = Round::for_exhibit(&hall, "e0", 0).unwrap();
        assert_eq!(round.questions[0].kind, QuestionKind::Map);
        // 0.04 of the width to the right: inside the default 0.05.
        assert_eq!(round.tap_map(&hall, [0.54, 0.5], 0.5), Some(true));
        assert_eq!(round.tap_map(&hall, [0.9, 0.9], 0.5), None, "one tap");
        assert_eq!(round.questions[0].given().as_deref(), Some("0.540,0.500"));
        assert!(round.questions[0].is_right(&hall));
        // 0.08 down on a map half as high as wide is 0.04 of the width: still right;
        // 0.12 down is 0.06: wrong.
        for (y, right) in [(0.58, true), (0.62, false)] {
            let mut round = Round::for_exhibit(&hall, "e0", 0).unwrap();
            assert_eq!(round.tap_map(&hall, [0.5, y], 0.5), Some(right), "{y}");
        }
        // A question's own tolerance.
        let mut wide = hall.clone();
        wide.exhibits[0].quiz[0].tolerance = Some(0.1);
        let mut round = Round::for_exhibit(&wide, "e0", 0).unwrap();
        assert_eq!(round.tap_map(&wide, [0.58, 0.5], 0.5), Some(true));
    }

    #[test]
    fn a_spot_tap_inside_any_region_is_right() {
        let hall = place_hall();
        for (at, right) in [
            ([15.0, 15.0], true),
            ([105.0, 95.0], true),
            ([50.0, 50.0], false),
        ] {
            let mut round = Round::for_exhibit(&hall, "e0", 0).unwrap();
            round.advance();
            assert_eq!(round.tap_map(&hall, at, 1.0), None, "not a map question");
            assert_eq!(round.tap_photo(&hall, at), Some(right), "{at:?}");
            assert_eq!(round.questions[1].is_right(&hall), right);
        }
        let mut round = Round::for_exhibit(&hall, "e0", 0).unwrap();
        round.advance();
        round.tap_photo(&hall, [812.4, 344.6]);
        assert_eq!(round.questions[1].given().as_deref(), Some("812,345"));
    }

    #[test]
    fn a_map_question_whose_site_is_gone_is_not_asked_and_a_changed_one_not_shown() {
        let hall = place_hall();
        let round = Round::for_exhibit(&hall, "e0", 0).unwrap();
        let asked = round.questions[0].clone();
        // The curator points the same prompt at another site: not the question asked.
        let mut moved = hall.clone();
        moved.exhibits[0].quiz[0].site = Some("t".into());
        assert_eq!(asked.question(&moved), None);
        assert!(!askable_in(&moved, &moved.exhibits[0].quiz[0]));
        // Or changes the spot-it question's photo.
        let spot = round.questions[1].clone();
        let mut other_photo = hall.clone();
        other_photo.exhibits[0].quiz[1].photo = Some(crate::content::MediaRef::from(
            "photos/other.jpg".to_owned(),
        ));
        assert_eq!(spot.question(&other_photo), None);
        assert!(spot.question(&hall).is_some());
    }

    #[test]
    fn wrong_map_taps_are_named_by_the_site_nearest_to_them() {
        let mut hall = place_hall();
        let map = hall.map.as_mut().unwrap();
        let mut other = map.sites[0].clone();
        other.id = "t".into();
        other.name = text("other");
        other.x = 0.9;
        map.sites.push(other);
        let question = hall.exhibits[0].quiz[0].clone();
        let given = [
            ("0.88,0.52".to_owned(), 3),
            ("0.6,0.5".to_owned(), 1),
            ("0.91,0.47".to_owned(), 2),
            ("no tap".to_owned(), 4),
        ];
        assert_eq!(
            wrong_given_in_words(&hall, Some(&question), &given, "en"),
            [
                ("点在“other”附近 tapped near other".to_owned(), 5),
                ("点在“site”附近 tapped near site".to_owned(), 1),
                ("点错位置 tapped elsewhere".to_owned(), 4),
            ]
        );
        // A spot-it photo's taps have no sites: all elsewhere.
        let spot = hall.exhibits[0].quiz[1].clone();
        assert_eq!(
            wrong_given_in_words(&hall, Some(&spot), &given[..2], "en"),
            [("点错位置 tapped elsewhere".to_owned(), 4)]
        );
    }
}
