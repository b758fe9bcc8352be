//! `crm-workbook check ID --answer FILE`: grade an answer file with the same code the
//! workbook uses.

use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_INPUT, load_course};
use crate::cli::Cli;
use crate::grading::{self, Learner};
use crate::store::Store;
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
    let Ok(learner) = learner(cli) else {
        return ExitCode::from(EXIT_INPUT);
    };
    let verdict = match grading::grade(&course, exercise, &answer, &learner) {
        Ok(graded) => graded.verdict,
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
        print!("{}", grading::report::plain(exercise, &verdict));
    }
    if verdict.passed() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// Whose variant the answer is graded in: the progress file's learner (`--db`, else the
/// default file when it exists) — the one the workbook showed the exercise to — whatever
/// `--student` says; for a file with no learner, the one `--student` names, with the
/// variants a name alone gives. `check` never writes a learner into a file.
fn learner(cli: &Cli) -> Result<Learner, ()> {
    let path = cli.db.clone().or_else(|| Store::default_path().filter(|p| p.exists()));
    let stored = match path {
        Some(path) => {
            let store = Store::open(&path).map_err(|e| eprintln!("{e}"))?;
            store.learner().map_err(|e| eprintln!("{e}"))?
        }
        None => None,
    };
    if let (Some(stored), Some(given)) = (&stored, cli.student.as_deref())
        && stored.name != given.trim()
    {
        eprintln!("{}", strings::list::other_student(&stored.name, given));
    }
    Ok(stored.unwrap_or_else(|| Learner::by_name(cli.student.as_deref().unwrap_or_default())))
}
