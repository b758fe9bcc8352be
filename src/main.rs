use std::process::ExitCode;

use clap::Parser;
use crm_workbook::cli::Cli;

fn main() -> ExitCode {
    crm_workbook::commands::run(Cli::parse())
}
