//! The course: its model, where it comes from (embedded or a folder), and loading with
//! validation that reports every problem as `path:line:column: message`.

mod diag;
mod load;
mod model;
mod source;

pub use diag::{Diagnostic, line_column};
pub use load::{Loaded, load, toml_error_message};
pub use model::{Course, Exercise, GradeBand, Module};
pub use source::{CourseSource, SourceFile};
