//! How a verdict reads in words.

use crate::course::Exercise;
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
    // `+ 0.0` turns the -0.0 of an empty sum into 0.
    let s = format!("{:.2}", p + 0.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

/// A verdict as plain text for the terminal: a heading, then one line per finding,
/// led by the place it is about when the kind can name it.
pub fn render_plain(exercise: &Exercise, verdict: &Verdict) -> String {
    let mut out = format!(
        "{} — {}: {} из {} баллов\n",
        exercise.id,
        status(verdict.status),
        points(verdict.earned),
        points(verdict.possible)
    );
    for f in &verdict.findings {
        let mark = severity_mark(f.severity);
        match f.at.as_ref().and_then(|at| exercise.spec.place_label(at)) {
            Some(place) => out.push_str(&format!("  {mark} {place}: {}\n", f.message)),
            None => out.push_str(&format!("  {mark} {}\n", f.message)),
        }
    }
    out
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
