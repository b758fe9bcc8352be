//! What the benchmark examples share: the built-in course, and each exercise's answers
//! from tests/answers.

use std::path::PathBuf;

use crm_workbook::course::{self, Course, CourseSource, Exercise};
use crm_workbook::kinds::Answer;

/// The built-in course; the process ends with its problems if it does not load.
pub fn course() -> Course {
    match course::load(CourseSource::Embedded).into_result() {
        Ok(c) => c,
        Err(d) => {
            eprintln!("the built-in course does not load: {d:?}");
            std::process::exit(2);
        }
    }
}

/// The exercise's wrong answer (`tests/answers/ID.wrong.toml` or `.sql`) and its
/// reference answer (`ID.toml` or `ID.sql`), where they are and read.
pub fn answers(e: &Exercise) -> (Option<Answer>, Option<Answer>) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/answers");
    let read = |tag: &str| {
        ["toml", "sql"]
            .iter()
            .find_map(|ext| std::fs::read_to_string(dir.join(format!("{}{tag}.{ext}", e.id))).ok())
            .and_then(|t| e.spec.parse_answer_file(&t).ok())
    };
    (read(".wrong"), read(""))
}
