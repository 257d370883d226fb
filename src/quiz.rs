//! Quiz rounds, free of egui: drawing questions spread across exhibits, shuffling
//! choices while tracking the right answer by identity, scoring and the review.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::content::{Hall, Level, Question, Text};

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
    /// The question's prompt when drawn. A reload may reorder or rewrite the exhibit's
    /// questions mid-round: the question is found again by its prompt, and one that
    /// changed is never shown with another's choices and answer.
    pub prompt: Text,
    /// `order[position]` is the index in `choices` of the choice shown at `position`.
    pub order: Vec<usize>,
    /// The choice (index into `choices`) the visitor picked, once answered.
    pub picked: Option<usize>,
    /// Time ran out before an answer (only with a time limit).
    pub timed_out: bool,
}

impl RoundQuestion {
    /// The exhibit question this is, if it still exists (content may have reloaded).
    pub fn question<'h>(&self, hall: &'h Hall) -> Option<&'h Question> {
        let quiz = &hall.exhibit(&self.exhibit)?.quiz;
        let same = |q: &&Question| q.prompt == self.prompt && q.choices.len() == self.order.len();
        quiz.get(self.index)
            .filter(same)
            .or_else(|| quiz.iter().find(same))
    }

    /// Where the right answer shows.
    pub fn right_position(&self, question: &Question) -> Option<usize> {
        self.order
            .iter()
            .position(|&choice| choice == question.answer)
    }

    pub fn is_answered(&self) -> bool {
        self.picked.is_some() || self.timed_out
    }

    pub fn is_right(&self, hall: &Hall) -> bool {
        match (self.picked, self.question(hall)) {
            (Some(picked), Some(question)) => picked == question.answer,
            _ => false,
        }
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
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut by_exhibit: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (e, exhibit) in hall.exhibits.iter().enumerate() {
            let fitting: Vec<usize> = exhibit
                .quiz
                .iter()
                .enumerate()
                .filter(|(_, q)| {
                    fits(q, level) && q.choices.len() >= 2 && q.answer < q.choices.len()
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
                let mut order: Vec<usize> = (0..question.choices.len()).collect();
                rng.shuffle(&mut order);
                Some(RoundQuestion {
                    exhibit: exhibit.id.clone(),
                    index,
                    prompt: question.prompt.clone(),
                    order,
                    picked: None,
                    timed_out: false,
                })
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
            .filter(|(_, q)| q.choices.len() >= 2 && q.answer < q.choices.len())
            .map(|(index, question)| {
                let mut order: Vec<usize> = (0..question.choices.len()).collect();
                rng.shuffle(&mut order);
                RoundQuestion {
                    exhibit: exhibit.id.clone(),
                    index,
                    prompt: question.prompt.clone(),
                    order,
                    picked: None,
                    timed_out: false,
                }
            })
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

    pub fn current(&self) -> Option<&RoundQuestion> {
        self.questions.get(self.current)
    }

    /// Answers the current question with the choice shown at `position`; returns
    /// whether it was right. A second answer to the same question is ignored.
    pub fn answer(&mut self, hall: &Hall, position: usize) -> Option<bool> {
        let question = self.questions.get_mut(self.current)?;
        if question.is_answered() {
            return None;
        }
        let choice = *question.order.get(position)?;
        question.picked = Some(choice);
        Some(question.is_right(hall))
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
            choices: vec![text("a"), text("b"), text("c"), text("d")],
            answer,
            explanation: text("because"),
            panel: None,
        }
    }

    /// `exhibits[i]` questions for exhibit i, all at `level`.
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
                moved |= position != question.answer;
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
}
