//! The terminal interface.

use std::process::ExitCode;

use crate::cli::Cli;

pub fn run(_cli: &Cli) -> ExitCode {
    todo!("the TUI")
}
