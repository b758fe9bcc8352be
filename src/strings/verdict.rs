//! How a verdict reads in words.

use crate::kinds::{Severity, Status, Verdict};

pub fn unknown_exercise(id: &str) -> String {
    format!("нет упражнения «{id}»; список упражнений: crm-workbook list")
}

pub fn status(status: Status) -> &'static str {
    match status {
        Status::Passed => "зачтено",
        Status::Partial => "частично",
        Status::Failed => "не зачтено",
        Status::AwaitingReview => "ждёт проверки преподавателем",
    }
}

pub fn severity_mark(severity: Severity) -> &'static str {
    match severity {
        Severity::Correct => "✓",
        Severity::Wrong => "✗",
        Severity::Missing => "○",
        Severity::Note => "•",
    }
}

/// Points as shown everywhere: «12», «7,5», «3,33» (Russian decimal comma).
pub fn points(p: f64) -> String {
    crate::base::number::format_number(p, Some(2))
}

/// The first line of a verdict in plain text: «pp1.target-market — частично: 7,5 из 12 баллов».
pub fn heading(exercise_id: &str, verdict: &Verdict) -> String {
    format!(
        "{exercise_id} — {}: {} из {} баллов",
        status(verdict.status),
        points(verdict.earned),
        points(verdict.possible)
    )
}

/// One finding as a line: «✗ place: message», or «✗ message» without a place.
pub fn finding_line(mark: &str, place: Option<&str>, message: &str) -> String {
    match place {
        Some(place) => format!("{mark} {place}: {message}"),
        None => format!("{mark} {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_use_a_decimal_comma_and_drop_zeros() {
        assert_eq!(points(12.0), "12");
        assert_eq!(points(7.5), "7,5");
        assert_eq!(points(3.333), "3,33");
        assert_eq!(points(-0.0), "0");
    }
}
