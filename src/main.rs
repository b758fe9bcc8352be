use std::process::ExitCode;

use crm_workbook::cli::Cli;
use crm_workbook::commands::EXIT_INPUT;

fn main() -> ExitCode {
    let cli = match Cli::try_parse_russian(std::env::args_os()) {
        Ok(cli) => cli,
        // Help and version go to stdout with status 0, errors to stderr with status 2.
        Err(e) => e.exit(),
    };
    match cli.resolved() {
        Ok(cli) => crm_workbook::commands::run(cli),
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}
