//! `crm-workbook list [--json]`: the exercises with this student's status and score.

use std::process::ExitCode;

use crate::cli::Cli;

pub fn run(_cli: &Cli, _json: bool) -> ExitCode {
    todo!("list needs the progress store")
}
