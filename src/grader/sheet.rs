//! The grade sheet: each learner's score per exercise, total and grade, built from the
//! gradebook's re-graded attempts and reviews with the course at hand. Exports, the
//! feedback files and the grader's screen all read it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::gradebook::{AttemptRow, Gradebook, LearnerRow, Review};
use crate::course::{Course, Exercise, criterion_key};
use crate::kinds::Status;
use crate::store::CriterionPoints;
use crate::strings::grader as msg;

/// What a cell of the sheet stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    NotStarted,
    Passed,
    Partial,
    Failed,
    /// An attempt waits for a reviewer; its points are provisional.
    AwaitingReview,
    /// A reviewer's points stand.
    Reviewed,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub earned: f64,
    pub status: CellStatus,
    pub attempts: u32,
    pub hints: u32,
    /// The attempt the score comes from.
    pub best_attempt: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentRow {
    pub learner: LearnerRow,
    /// In the course's exercise order.
    pub cells: Vec<Cell>,
    pub total: f64,
    pub percent: f64,
    pub grade: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseColumn {
    pub id: String,
    pub title: String,
    pub points: u32,
}

/// Per exercise, over the sheet's learners (those who never tried count with 0).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseSummary {
    pub id: String,
    pub mean: f64,
    pub pass_rate: f64,
    /// Hints revealed by all learners together, and by how many learners.
    pub hints_used: u32,
    pub learners_with_hints: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    pub course_title: String,
    pub course_hash: String,
    pub total_points: f64,
    pub exercises: Vec<ExerciseColumn>,
    pub students: Vec<StudentRow>,
    pub summary: Vec<ExerciseSummary>,
}

pub use super::rubric::{Criterion, rubric};

/// Checks points given per criterion against the rubric: every criterion named once
/// (case, ё/е and repeated spaces do not matter), none unknown, each within 0..=max.
/// The points come back in the rubric's order.
pub fn check_points(rubric: &[Criterion], given: &[(String, f64)]) -> Result<Vec<CriterionPoints>, String> {
    let mut out: Vec<Option<CriterionPoints>> = vec![None; rubric.len()];
    let mut unknown: Vec<&str> = Vec::new();
    for (name, points) in given {
        let key = criterion_key(name);
        let Some(i) = rubric.iter().position(|c| criterion_key(&c.name) == key) else {
            unknown.push(name);
            continue;
        };
        let c = &rubric[i];
        if !points.is_finite() || *points < 0.0 || *points > c.max + 1e-9 {
            return Err(msg::points_out_of_range(&c.name, *points, c.max));
        }
        if out[i].is_some() {
            return Err(msg::criterion_twice(&c.name));
        }
        out[i] = Some(CriterionPoints { name: c.name.clone(), points: *points, max: c.max });
    }
    let missing: Vec<&str> =
        rubric.iter().zip(&out).filter(|(_, p)| p.is_none()).map(|(c, _)| c.name.as_str()).collect();
    if !unknown.is_empty() || !missing.is_empty() {
        let known: Vec<&str> = rubric.iter().map(|c| c.name.as_str()).collect();
        return Err(msg::criteria_problems(&unknown, &missing, &known));
    }
    Ok(out.into_iter().flatten().collect())
}

/// Everything the sheet is built from, read once, with the attempts and reviews indexed
/// by learner and exercise (a sheet of 300 learners × 34 exercises looks up 10 000 cells).
pub struct Book {
    pub learners: Vec<LearnerRow>,
    pub attempts: Vec<AttemptRow>,
    pub reviews: Vec<Review>,
    /// (learner, exercise) → indexes into `attempts`, oldest first.
    by_cell: BTreeMap<(String, String), Vec<usize>>,
    /// (learner, exercise, answer hash) → index of the latest review.
    latest_review: BTreeMap<(String, String, String), usize>,
}

impl Book {
    pub fn read(gradebook: &Gradebook) -> Result<Book, String> {
        Ok(Book::new(gradebook.learners()?, gradebook.attempts(true)?, gradebook.reviews()?))
    }

    pub fn new(learners: Vec<LearnerRow>, attempts: Vec<AttemptRow>, reviews: Vec<Review>) -> Book {
        let mut by_cell: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for (i, a) in attempts.iter().enumerate() {
            by_cell.entry((a.learner_id.clone(), a.exercise_id.clone())).or_default().push(i);
        }
        let latest_review = reviews
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.learner_id.clone(), r.exercise_id.clone(), r.answer_hash.clone()), i))
            .collect();
        Book { learners, attempts, reviews, by_cell, latest_review }
    }

    /// The latest review of this learner's answer to the exercise.
    pub fn review_of(&self, learner_id: &str, exercise_id: &str, answer_hash: &str) -> Option<&Review> {
        let key = (learner_id.to_owned(), exercise_id.to_owned(), answer_hash.to_owned());
        self.latest_review.get(&key).map(|&i| &self.reviews[i])
    }

    /// The learner's current attempts at the exercise, oldest first.
    pub fn attempts_of<'a>(&'a self, learner_id: &str, exercise_id: &str) -> impl Iterator<Item = &'a AttemptRow> + 'a {
        let key = (learner_id.to_owned(), exercise_id.to_owned());
        self.by_cell.get(&key).into_iter().flatten().map(|&i| &self.attempts[i])
    }

    /// Attempts awaiting review that no review covers yet, one per learner, exercise and
    /// answer (the latest), by group, name and the course's order.
    pub fn review_queue<'a>(&'a self, course: &'a Course) -> Vec<&'a AttemptRow> {
        let mut queue: Vec<&'a AttemptRow> = Vec::new();
        for l in &self.learners {
            for e in &course.exercises {
                for a in self.attempts_of(&l.id, &e.id).collect::<Vec<_>>().into_iter().rev() {
                    if a.verdict.status == Status::AwaitingReview
                        && self.review_of(&l.id, &e.id, &a.answer_hash).is_none()
                        && !queue
                            .iter()
                            .any(|q| q.learner_id == l.id && q.exercise_id == e.id && q.answer_hash == a.answer_hash)
                    {
                        queue.push(a);
                    }
                }
            }
        }
        queue
    }

    /// The cell of one learner and exercise: the best of their attempts, where a reviewed
    /// answer counts with the reviewer's points (the highest score, the latest among
    /// equals).
    pub fn cell(&self, learner_id: &str, exercise: &Exercise) -> Cell {
        let mut cell = Cell { earned: 0.0, status: CellStatus::NotStarted, attempts: 0, hints: 0, best_attempt: None };
        let mut best: Option<(f64, CellStatus, i64)> = None;
        for a in self.attempts_of(learner_id, &exercise.id) {
            cell.attempts += 1;
            cell.hints = cell.hints.max(a.hints_shown);
            let (earned, status) = match self.review_of(learner_id, &exercise.id, &a.answer_hash) {
                Some(r) => (r.points, CellStatus::Reviewed),
                None => (
                    a.verdict.earned,
                    match a.verdict.status {
                        Status::Passed => CellStatus::Passed,
                        Status::Partial => CellStatus::Partial,
                        Status::Failed => CellStatus::Failed,
                        Status::AwaitingReview => CellStatus::AwaitingReview,
                    },
                ),
            };
            if best.is_none_or(|(b, _, _)| earned >= b) {
                best = Some((earned, status, a.id));
            }
        }
        if let Some((earned, status, id)) = best {
            cell.earned = earned;
            cell.status = status;
            cell.best_attempt = Some(id);
        }
        cell
    }

    /// The sheet of every learner, or of one group's.
    pub fn sheet(&self, course: &Course, group: Option<&str>) -> Sheet {
        let exercises: Vec<ExerciseColumn> = course
            .exercises
            .iter()
            .map(|e| ExerciseColumn { id: e.id.clone(), title: e.title.clone(), points: e.points })
            .collect();
        let total_points = course.total_points();
        let students: Vec<StudentRow> = self
            .learners
            .iter()
            .filter(|l| group.is_none_or(|g| l.group.trim() == g.trim()))
            .map(|l| {
                let cells: Vec<Cell> = course.exercises.iter().map(|e| self.cell(&l.id, e)).collect();
                let total = (cells.iter().map(|c| c.earned).sum::<f64>() * 100.0).round() / 100.0;
                let percent = if total_points > 0.0 { (total / total_points * 10000.0).round() / 100.0 } else { 0.0 };
                StudentRow {
                    learner: l.clone(),
                    cells,
                    total,
                    percent,
                    grade: course.grade_for(total).map(str::to_owned),
                }
            })
            .collect();
        let n = students.len().max(1) as f64;
        let summary = exercises
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let cells = students.iter().map(|s| &s.cells[i]);
                ExerciseSummary {
                    id: e.id.clone(),
                    mean: (cells.clone().map(|c| c.earned).sum::<f64>() / n * 100.0).round() / 100.0,
                    pass_rate: (cells
                        .clone()
                        .filter(|c| {
                            c.status == CellStatus::Passed
                                || (c.status == CellStatus::Reviewed && c.earned >= f64::from(e.points) - 1e-9)
                        })
                        .count() as f64
                        / n
                        * 10000.0)
                        .round()
                        / 100.0,
                    hints_used: cells.clone().map(|c| c.hints).sum(),
                    learners_with_hints: cells.filter(|c| c.hints > 0).count() as u32,
                }
            })
            .collect();
        Sheet {
            course_title: course.title.clone(),
            course_hash: course.content_hash.clone(),
            total_points,
            exercises,
            students,
            summary,
        }
    }

    /// The groups, sorted.
    pub fn groups(&self) -> Vec<String> {
        let set: std::collections::BTreeSet<String> = self.learners.iter().map(|l| l.group.trim().to_owned()).collect();
        set.into_iter().collect()
    }

    /// Reviews per learner, for the feedback files.
    pub fn reviews_by_learner(&self) -> BTreeMap<&str, Vec<&Review>> {
        let mut out: BTreeMap<&str, Vec<&Review>> = BTreeMap::new();
        for r in &self.reviews {
            out.entry(r.learner_id.as_str()).or_default().push(r);
        }
        out
    }
}
