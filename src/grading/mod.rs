//! The one grading service: the workbook, `crm-workbook check` and (later) the grader's
//! re-grading all grade through [`grade`], and read a verdict through [`report`].
//!
//! Pure: an answer, an exercise, the learner and the course's data give a
//! [`GradedAttempt`] — the verdict with what it was graded against (the learner's variant,
//! a fingerprint of the exercise's spec and this grader's version), so that a later
//! re-grade can say what changed and why.

mod learner;
pub mod report;

use serde::{Deserialize, Serialize};

use crate::course::{Course, Exercise};
use crate::kinds::{Answer, Datasets, GradeCtx, KindMismatch, Verdict, stable_hash};

pub use learner::{Learner, name_seed, new_learner_id};

/// This grader's version, stored with every attempt. The number after `grading-` goes up
/// whenever a kind's grading changes what it gives for the same answer.
pub const GRADER_VERSION: &str = concat!("crm-workbook ", env!("CARGO_PKG_VERSION"), " grading-1");

/// A graded answer and what it was graded against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradedAttempt {
    pub verdict: Verdict,
    /// The learner's variant of the exercise (their parameters and data).
    pub variant: u64,
    /// [`spec_fingerprint`] of the exercise as graded.
    pub spec_fingerprint: String,
    /// [`GRADER_VERSION`] of the program that graded.
    pub grader_version: String,
}

/// Grades `answer` to `exercise` for `learner` on the course's data.
pub fn grade(
    course: &Course,
    exercise: &Exercise,
    answer: &Answer,
    learner: &Learner,
) -> Result<GradedAttempt, KindMismatch> {
    grade_on(&course.source, exercise, answer, learner)
}

/// [`grade`] with the datasets given apart from the course (a worker thread holds a copy
/// of the course's source, not the course).
pub fn grade_on(
    datasets: &dyn Datasets,
    exercise: &Exercise,
    answer: &Answer,
    learner: &Learner,
) -> Result<GradedAttempt, KindMismatch> {
    let variant = variant(exercise, learner);
    let outcome = exercise.spec.grade(answer, &GradeCtx { variant, datasets })?;
    Ok(GradedAttempt {
        verdict: Verdict::from_outcome(f64::from(exercise.points), outcome),
        variant,
        spec_fingerprint: spec_fingerprint(exercise),
        grader_version: GRADER_VERSION.to_owned(),
    })
}

/// The learner's variant of the exercise: the same for every exercise of one
/// `variant_group`, so that they work on the same data.
pub fn variant(exercise: &Exercise, learner: &Learner) -> u64 {
    learner.variant(&exercise.variant_key)
}

/// The grading context of the learner on the exercise (for prompts and editors that
/// show the learner's numbers and data).
pub fn context<'a>(datasets: &'a dyn Datasets, exercise: &Exercise, learner: &Learner) -> GradeCtx<'a> {
    GradeCtx { variant: variant(exercise, learner), datasets }
}

/// What the verdict depends on in the exercise: its kind's spec, its points and its
/// variant key, as 16 hex digits. Editing the prompt, hints or explanation, or the file's
/// layout and comments, leaves it as it is; changing a key, a rule or the points does not.
pub fn spec_fingerprint(exercise: &Exercise) -> String {
    // Specs serialize with their fields in declaration order and maps as BTreeMaps: the
    // same spec gives the same JSON.
    let spec = serde_json::to_string(&exercise.spec).unwrap_or_default();
    let points = exercise.points.to_string();
    let hash = stable_hash(&[spec.as_bytes(), b"\x1f", points.as_bytes(), b"\x1f", exercise.variant_key.as_bytes()]);
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{self, CourseSource};
    use crate::kinds::{Status, choice};

    fn builtin() -> Course {
        course::load(CourseSource::Embedded).into_result().expect("the built-in course loads")
    }

    #[test]
    fn a_graded_attempt_carries_variant_fingerprint_and_version() {
        let course = builtin();
        let exercise = course.exercise("theory.nps").expect("theory.nps");
        let learner = Learner::by_name("Иванова Анна");
        let graded = grade(&course, exercise, &exercise.spec.empty_answer(), &learner).expect("same kind");
        assert_eq!(graded.variant, learner.variant("theory.nps"));
        assert_eq!(graded.spec_fingerprint, spec_fingerprint(exercise));
        assert_eq!(graded.spec_fingerprint.len(), 16);
        assert_eq!(graded.grader_version, GRADER_VERSION);
        assert_eq!(graded.verdict.status, Status::Failed);
    }

    #[test]
    fn the_fingerprint_follows_the_key_not_the_words() {
        let course = builtin();
        let exercise =
            course.exercises.iter().find(|e| matches!(e.spec, crate::kinds::Spec::Choice(_))).expect("a choice");
        let mut reworded = exercise.clone();
        reworded.prompt.push_str(" (уточнено)");
        reworded.hints.push("ещё подсказка".into());
        assert_eq!(spec_fingerprint(&reworded), spec_fingerprint(exercise));

        let mut rekeyed = exercise.clone();
        let crate::kinds::Spec::Choice(spec) = &mut rekeyed.spec else { unreachable!() };
        let first: &mut choice::ChoiceOption = spec.options.get_mut().first_mut().expect("an option");
        first.correct = !first.correct;
        assert_ne!(spec_fingerprint(&rekeyed), spec_fingerprint(exercise));

        let mut repointed = exercise.clone();
        repointed.points += 1;
        assert_ne!(spec_fingerprint(&repointed), spec_fingerprint(exercise));
    }

    #[test]
    fn a_wrong_kind_of_answer_is_refused_not_graded() {
        let course = builtin();
        let grid = course.exercise("pp1.target-market").expect("grid");
        let nps = course.exercise("theory.nps").expect("numeric");
        let err = grade(&course, grid, &nps.spec.empty_answer(), &Learner::by_name("А")).expect_err("mismatch");
        assert_eq!((err.spec, err.answer), ("grid", "numeric"));
    }
}
