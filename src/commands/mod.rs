//! One module per subcommand; each returns the process's exit code.

mod check;
mod dataset;
mod feedback;
mod grade;
mod list;
mod rfm;
mod scenario;
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
    crate::data::sql::limit_heap();
    match &cli.command {
        None => workbook(&cli),
        Some(Command::Validate { .. }) => validate::run(source(&cli)),
        Some(Command::List { json, .. }) => list::run(&cli, *json),
        Some(Command::Check { id, answer, json, .. }) => check::run(&cli, id, answer, *json),
        Some(Command::Rfm(args)) => rfm::run(args),
        Some(Command::Dataset { command }) => dataset::run(command),
        Some(Command::Scenario { command }) => scenario::run(command),
        Some(Command::Submit { out, .. }) => submit::run(&cli, out.as_deref()),
        Some(Command::Grade(args)) => grade::run(&cli, args),
        Some(Command::Feedback { command }) => feedback::run(&cli, command),
    }
}

/// The workbook in the terminal; a broken course is refused with the same messages
/// `validate` prints.
fn workbook(cli: &Cli) -> ExitCode {
    let Ok(course) = load_course(cli) else {
        return ExitCode::FAILURE;
    };
    let store = match open_store(cli) {
        Ok(store) => store,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(EXIT_INPUT);
        }
    };
    match crate::tui::run(course, store) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            e.exit_code()
        }
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

/// Loads the course, or prints every diagnostic to stderr. The built-in course is checked
/// for structure only (its data checks run in every build's tests); a course from disk is
/// checked on its data too, since nobody else has.
pub fn load_course(cli: &Cli) -> Result<Course, Vec<Diagnostic>> {
    let source = source(cli);
    let checks = match source {
        CourseSource::Embedded => course::Checks::Structure,
        CourseSource::Dir(_) => course::Checks::Data,
    };
    let result = course::load_with(source, checks).into_result();
    if let Err(diags) = &result {
        for d in diags {
            eprintln!("{d}");
        }
    }
    result
}

/// Opens the store named by `--db` (or the default one) and sets the student from
/// `--student` (and `--group`) if it has none yet, as at the workbook's first start.
/// A store that has a student keeps it, and a warning says so.
pub fn open_store(cli: &Cli) -> Result<Store, String> {
    let path = cli.db.clone().or_else(Store::default_path).ok_or_else(strings::store::no_data_dir)?;
    let store = Store::open(&path).map_err(|e| e.to_string())?;
    adopt_student(&store, cli.student.as_deref(), cli.group.as_deref()).map_err(|e| e.to_string())?;
    Ok(store)
}

fn adopt_student(store: &Store, given: Option<&str>, group: Option<&str>) -> Result<(), StoreError> {
    let given = given.map(str::trim).filter(|name| !name.is_empty());
    match (store.student()?, given) {
        (None, Some(name)) => store.set_student(name, group.map_or("", str::trim)),
        (Some(stored), Some(name)) if stored.name != name => {
            eprintln!("{}", strings::list::other_student(&stored.name, name));
            Ok(())
        }
        _ => Ok(()),
    }
}
