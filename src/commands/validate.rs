//! `crm-workbook validate`: every problem of a course, then a summary line.

use std::process::ExitCode;

use crate::course::{self, CourseSource};
use crate::strings::course::summary;

pub fn run(source: CourseSource) -> ExitCode {
    let loaded = course::load(source);
    for d in &loaded.diagnostics {
        println!("{d}");
    }
    println!("{}", summary(loaded.module_count, loaded.exercise_count, loaded.diagnostics.len()));
    if loaded.diagnostics.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
