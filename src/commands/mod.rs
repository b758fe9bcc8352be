//! One module per subcommand; each returns the process's exit code.

mod check;
mod dataset;
mod list;
mod rfm;
mod validate;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::course::{self, Course, CourseSource, Diagnostic};

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
    }
}

pub fn source(cli: &Cli) -> CourseSource {
    cli.course.clone().map_or(CourseSource::Embedded, CourseSource::Dir)
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
