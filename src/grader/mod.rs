//! The grader's side: submission bundles the learners hand in, the gradebook they are
//! imported into (every answer re-graded from scratch with the instructor's course),
//! reviews, likely copies, exports and feedback files. See docs/grading.md.

pub mod bundle;
pub mod export;
pub mod feedback;
pub mod gradebook;
pub mod regrade;
pub mod rubric;
pub mod sheet;
pub mod similarity;
#[cfg(test)]
mod tests;

pub use gradebook::Gradebook;
pub use sheet::Book;
