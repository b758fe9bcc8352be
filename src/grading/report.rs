//! A verdict as rows a person reads: the same rows for `crm-workbook check`, the
//! workbook's result tab and, later, exported grade sheets.

use crate::course::Exercise;
use crate::kinds::{Finding, Severity, Verdict};
use crate::strings::verdict as msg;

/// One finding as it is read: its mark, the place it is about when the kind can name it,
/// and the message.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub severity: Severity,
    /// «Снижение оттока — Показатель (KPI)»; `None` for a remark on the whole answer or a
    /// message that says where it is itself.
    pub place: Option<String>,
    pub message: String,
}

impl Row {
    pub fn mark(&self) -> &'static str {
        msg::severity_mark(self.severity)
    }

    /// «✗ place: message», or «✗ message» without a place.
    pub fn text(&self) -> String {
        msg::finding_line(self.mark(), self.place.as_deref(), &self.message)
    }
}

/// The verdict's findings as rows, in the order the kind gave them.
pub fn rows(exercise: &Exercise, verdict: &Verdict) -> Vec<Row> {
    verdict.findings.iter().map(|f| row(exercise, f)).collect()
}

/// The rows with what to fix first, then remarks, then what is right: a long verdict's
/// problems are on its first screen. The kind's order is kept within each.
pub fn rows_problems_first(exercise: &Exercise, verdict: &Verdict) -> Vec<Row> {
    let mut rows = rows(exercise, verdict);
    rows.sort_by_key(|r| match r.severity {
        Severity::Wrong | Severity::Missing => 0,
        Severity::Note => 1,
        Severity::Correct => 2,
    });
    rows
}

fn row(exercise: &Exercise, finding: &Finding) -> Row {
    Row {
        severity: finding.severity,
        place: finding.at.as_ref().and_then(|at| exercise.spec.place_label(at)),
        message: finding.message.clone(),
    }
}

/// A verdict as plain text for the terminal: a heading, then one line per finding.
pub fn plain(exercise: &Exercise, verdict: &Verdict) -> String {
    let mut out = msg::heading(&exercise.id, verdict);
    out.push('\n');
    for row in rows(exercise, verdict) {
        out.push_str("  ");
        out.push_str(&row.text());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{self, CourseSource};
    use crate::kinds::{Answer, grid};

    #[test]
    fn rows_name_places_and_put_problems_first() {
        let course = course::load(CourseSource::Embedded).into_result().expect("built-in course");
        let exercise = course.exercise("pp1.target-market").expect("grid");
        let answer = Answer::Grid(grid::Answer::default());
        let graded = crate::grading::grade(&course, exercise, &answer, &crate::grading::Learner::by_name("А"))
            .expect("same kind");
        let rows = rows_problems_first(exercise, &graded.verdict);
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r.place.is_some()), "every grid finding names its cell: {rows:?}");
        let plain = plain(exercise, &graded.verdict);
        assert!(plain.starts_with("pp1.target-market — не зачтено: 0 из"), "{plain}");
        assert_eq!(plain.lines().count(), rows.len() + 1);
        let first_problem = rows.iter().position(|r| matches!(r.severity, Severity::Wrong | Severity::Missing));
        let last_problem = rows.iter().rposition(|r| matches!(r.severity, Severity::Wrong | Severity::Missing));
        let first_right = rows.iter().position(|r| r.severity == Severity::Correct);
        if let (Some(_), Some(last), Some(right)) = (first_problem, last_problem, first_right) {
            assert!(last < right);
        }
        assert!(rows[0].text().starts_with("○ ") || rows[0].text().starts_with("✗ "), "{}", rows[0].text());
    }
}
