//! The course: its model, where it comes from (embedded or a folder), and loading with
//! validation that reports every problem as `path:line:column: message`.

mod diag;
mod load;
mod model;
mod rubric;
mod source;

pub use crate::base::text::{line_column, toml_error_message};
pub use diag::Diagnostic;
pub use load::{Checks, Loaded, load, load_with};
pub use model::{Course, Exercise, GradeBand, Module};
pub use rubric::{ReviewCriterion, criterion_key, read_rubric};
pub use source::{CourseSource, SourceFile};
