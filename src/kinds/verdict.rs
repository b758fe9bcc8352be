//! What grading says about an answer.

use serde::{Deserialize, Serialize};

use super::Place;

/// The overall state of a graded answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    Partial,
    Failed,
    /// Part of the answer is free text an instructor must read; the points so far are
    /// provisional.
    AwaitingReview,
}

/// How a finding reads: a part that is right, a part that is wrong, a part that is
/// missing, or a remark that does not change the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Correct,
    Wrong,
    Missing,
    Note,
}

/// One remark about one place of the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The place in the answer, that editors highlight; `None` for a remark about the
    /// whole answer. Stored as its short string (`cell:ROW/COL`, `option:ID`, …).
    pub at: Option<Place>,
    pub severity: Severity,
    /// Russian, for the learner.
    pub message: String,
}

impl Finding {
    pub fn new(at: Option<Place>, severity: Severity, message: impl Into<String>) -> Self {
        Finding { at, severity, message: message.into() }
    }
    pub fn correct(at: Place, message: impl Into<String>) -> Self {
        Self::new(Some(at), Severity::Correct, message)
    }
    pub fn wrong(at: Place, message: impl Into<String>) -> Self {
        Self::new(Some(at), Severity::Wrong, message)
    }
    pub fn missing(at: Place, message: impl Into<String>) -> Self {
        Self::new(Some(at), Severity::Missing, message)
    }
    pub fn note(message: impl Into<String>) -> Self {
        Self::new(None, Severity::Note, message)
    }
}

/// What a kind's `grade` returns: credit in the kind's own units (cells, options,
/// probes…), before it is scaled to the exercise's points.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    pub earned: f64,
    pub possible: f64,
    pub findings: Vec<Finding>,
    /// Set when part of the answer waits for an instructor.
    pub needs_review: bool,
}

/// The graded answer, in the exercise's points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub earned: f64,
    pub possible: f64,
    pub status: Status,
    pub findings: Vec<Finding>,
}

/// Scores within this of full or zero count as full or zero (floating-point sums of
/// partial credit).
const EPSILON: f64 = 1e-9;

impl Verdict {
    /// Scales an outcome to `points` and derives the status from it.
    pub fn from_outcome(points: f64, outcome: Outcome) -> Verdict {
        let fraction = if outcome.possible > 0.0 { (outcome.earned / outcome.possible).clamp(0.0, 1.0) } else { 0.0 };
        let earned = round_points(points * fraction);
        let status = if outcome.needs_review {
            Status::AwaitingReview
        } else if fraction >= 1.0 - EPSILON {
            Status::Passed
        } else if fraction <= EPSILON {
            Status::Failed
        } else {
            Status::Partial
        };
        Verdict { earned, possible: points, status, findings: outcome.findings }
    }

    pub fn passed(&self) -> bool {
        self.status == Status::Passed
    }

    /// Findings about one place of the answer.
    pub fn findings_at<'a>(&'a self, at: &'a Place) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings.iter().filter(move |f| f.at.as_ref() == Some(at))
    }
}

/// Points are shown with two decimals; keep stored scores on that grid so that what is
/// shown is what is summed.
fn round_points(p: f64) -> f64 {
    (p * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(earned: f64, possible: f64) -> Outcome {
        Outcome { earned, possible, ..Outcome::default() }
    }

    #[test]
    fn status_follows_the_fraction() {
        assert_eq!(Verdict::from_outcome(10.0, outcome(3.0, 3.0)).status, Status::Passed);
        assert_eq!(Verdict::from_outcome(10.0, outcome(0.0, 3.0)).status, Status::Failed);
        let partial = Verdict::from_outcome(10.0, outcome(1.0, 3.0));
        assert_eq!(partial.status, Status::Partial);
        assert_eq!(partial.earned, 3.33);
    }

    #[test]
    fn nothing_possible_is_a_failure_not_a_division_by_zero() {
        let v = Verdict::from_outcome(5.0, outcome(0.0, 0.0));
        assert_eq!((v.status, v.earned), (Status::Failed, 0.0));
    }

    #[test]
    fn review_overrides_the_score() {
        let mut o = outcome(2.0, 2.0);
        o.needs_review = true;
        assert_eq!(Verdict::from_outcome(4.0, o).status, Status::AwaitingReview);
    }
}
