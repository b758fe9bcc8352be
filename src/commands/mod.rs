//! One module per subcommand; each returns the process's exit code.

mod check;
mod dataset;
mod feedback;
mod grade;
mod list;
mod rfm;
mod submit;
mod validate;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::course::{self, Course, CourseSource, Diagnostic};
use crate::store::{Store, StoreError};
use crate::strings;

/// Exit status for a usage or input error (clap uses the same).
pub const EXIT_INPUT: u8 = 2;

pub fn run(cli: Cli) -> ExitCode {
    match &cli.command {
        None => crate::tui::run(&cli),
        Some(Command::Validate) => validate::run(source(&cli)),
        Some(Command::List { json }) => list::run(&cli, *json),
        Some(Command::Check { id, answer, json }) => check::run(&cli, id, answer, *json),
        Some(Command::Rfm(args)) => rfm::run(args),
        Some(Command::Dataset { command }) => dataset::run(command),
        Some(Command::Submit { out }) => submit::run(&cli, out.as_deref()),
        Some(Command::Grade(args)) => grade::run(&cli, args),
        Some(Command::Feedback { command }) => feedback::run(&cli, command),
    }
}

pub fn source(cli: &Cli) -> CourseSource {
    cli.course.clone().map_or(CourseSource::Embedded, CourseSource::Dir)
}

/// Prints what a command says: its text on stdout (exit 0), or its error on stderr
/// (exit 2).
pub fn report(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// Loads the course, or prints every diagnostic to stderr.
pub fn load_course(cli: &Cli) -> Result<Course, Vec<Diagnostic>> {
    let result = course::load(source(cli)).into_result();
    if let Err(diags) = &result {
        for d in diags {
            eprintln!("{d}");
        }
    }
    result
}

/// Opens the store named by `--db` (or the default one) and sets the student from
/// `--student` if it has none yet, as at the workbook's first start (with an empty
/// group). A store that has a student keeps it, and a warning says so.
pub fn open_store(cli: &Cli) -> Result<Store, String> {
    let path = cli.db.clone().or_else(Store::default_path).ok_or_else(strings::store::no_data_dir)?;
    let store = Store::open(&path).map_err(|e| e.to_string())?;
    adopt_student(&store, cli.student.as_deref()).map_err(|e| e.to_string())?;
    Ok(store)
}

fn adopt_student(store: &Store, given: Option<&str>) -> Result<(), StoreError> {
    let given = given.map(str::trim).filter(|name| !name.is_empty());
    match (store.student()?, given) {
        (None, Some(name)) => store.set_student(name, ""),
        (Some(stored), Some(name)) if stored.name != name => {
            eprintln!("{}", strings::list::other_student(&stored.name, name));
            Ok(())
        }
        _ => Ok(()),
    }
}
