//! `crm-workbook check ID --answer FILE`: grade an answer file with the same code the
//! workbook uses.

use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_INPUT, load_course};
use crate::cli::Cli;
use crate::strings::{self, verdict as msg};

pub fn run(cli: &Cli, id: &str, answer_path: &Path, json: bool) -> ExitCode {
    let Ok(course) = load_course(cli) else {
        return ExitCode::from(EXIT_INPUT);
    };
    let Some(exercise) = course.exercise(id) else {
        eprintln!("{}", msg::unknown_exercise(id));
        return ExitCode::from(EXIT_INPUT);
    };
    let text = match std::fs::read_to_string(answer_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {}", answer_path.display(), strings::io_error(&e));
            return ExitCode::from(EXIT_INPUT);
        }
    };
    let answer = match exercise.spec.parse_answer_file(&text) {
        Ok(a) => a,
        Err(message) => {
            eprintln!("{}:{message}", answer_path.display());
            return ExitCode::from(EXIT_INPUT);
        }
    };
    let student = cli.student.as_deref().unwrap_or_default();
    let ctx = course.grade_ctx(student, exercise);
    let verdict = match exercise.spec.grade(&answer, &ctx) {
        Ok(outcome) => crate::kinds::Verdict::from_outcome(f64::from(exercise.points), outcome),
        Err(mismatch) => {
            eprintln!("{mismatch}");
            return ExitCode::from(EXIT_INPUT);
        }
    };
    if json {
        match serde_json::to_string_pretty(&verdict) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(EXIT_INPUT);
            }
        }
    } else {
        print!("{}", msg::render_plain(exercise, &verdict));
    }
    if verdict.passed() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
