//! Feedback files: one per learner, with their scores as re-graded, their total and
//! grade, and every review with its points per criterion and comment. The learner
//! imports theirs (`crm-workbook feedback import FILE`) and reads the reviews on the
//! exercise's result tab.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::sheet::{Book, CellStatus, Sheet};
use crate::store::Feedback;
use crate::strings::grader as msg;

pub const FORMAT: &str = "crm-workbook-feedback";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackFile {
    pub format: String,
    pub version: u32,
    pub learner_id: String,
    pub name: String,
    pub group: String,
    pub course_title: String,
    pub total: f64,
    pub possible: f64,
    pub grade: Option<String>,
    pub scores: Vec<Score>,
    pub reviews: Vec<Feedback>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub exercise_id: String,
    pub earned: f64,
    pub possible: f64,
    pub status: CellStatus,
}

/// One file per learner of the sheet: (file name, contents).
pub fn files(sheet: &Sheet, book: &Book) -> Vec<(String, FeedbackFile)> {
    let by_learner = book.reviews_by_learner();
    sheet
        .students
        .iter()
        .map(|s| {
            let l = &s.learner;
            let reviews = by_learner
                .get(l.id.as_str())
                .map(|rs| {
                    rs.iter()
                        .map(|r| Feedback {
                            exercise_id: r.exercise_id.clone(),
                            reviewer: r.reviewer.clone(),
                            reviewed_at: super::gradebook::parse_time(&r.at)
                                .map_or_else(chrono::Local::now, |t| t.with_timezone(&chrono::Local)),
                            points: r.points,
                            possible: r.possible,
                            criteria: r.criteria.clone(),
                            comment: r.comment.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let scores = sheet
                .exercises
                .iter()
                .zip(&s.cells)
                .filter(|(_, c)| c.status != CellStatus::NotStarted)
                .map(|(e, c)| Score {
                    exercise_id: e.id.clone(),
                    earned: c.earned,
                    possible: f64::from(e.points),
                    status: c.status,
                })
                .collect();
            let name = format!(
                "{}-{}-{}.json",
                msg::FEEDBACK_FILE_PREFIX,
                super::bundle::safe_name(if l.group.trim().is_empty() { msg::NO_GROUP } else { &l.group }),
                super::bundle::safe_name(&l.name)
            );
            let name =
                if sheet.students.iter().filter(|o| o.learner.name == l.name && o.learner.group == l.group).count() > 1
                {
                    name.replace(".json", &format!("-{}.json", l.id))
                } else {
                    name
                };
            (
                name,
                FeedbackFile {
                    format: FORMAT.into(),
                    version: VERSION,
                    learner_id: l.id.clone(),
                    name: l.name.clone(),
                    group: l.group.clone(),
                    course_title: sheet.course_title.clone(),
                    total: s.total,
                    possible: sheet.total_points,
                    grade: s.grade.clone(),
                    scores,
                    reviews,
                },
            )
        })
        .collect()
}

/// Reads a feedback file, or says what is wrong with it.
pub fn read(path: &Path) -> Result<FeedbackFile, String> {
    // Reviews and comments for one learner: far below a bundle's limit.
    let text = crate::base::file::read_text(path, super::bundle::MAX_BYTES)
        .map_err(|what| msg::feedback_error(path, &what))?;
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| msg::feedback_error(path, &e.to_string()))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(msg::feedback_error(path, msg::NOT_FEEDBACK));
    }
    let file: FeedbackFile = serde_json::from_value(value).map_err(|e| msg::feedback_error(path, &e.to_string()))?;
    if file.version > VERSION {
        return Err(msg::feedback_error(path, &msg::bundle_too_new(u64::from(file.version), VERSION)));
    }
    Ok(file)
}
