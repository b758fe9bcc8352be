//! `crm-workbook submit [--out FILE]`: the learner's whole record as a bundle for the
//! instructor.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{EXIT_INPUT, load_course, open_store};
use crate::cli::Cli;
use crate::course::Course;
use crate::grader::bundle;
use crate::store::Store;
use crate::strings::{self, grader as msg};

pub fn run(cli: &Cli, out: Option<&Path>) -> ExitCode {
    let Ok(course) = load_course(cli) else {
        return ExitCode::from(EXIT_INPUT);
    };
    let store = match open_store(cli) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_INPUT);
        }
    };
    match submit(&store, &course, out) {
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

/// Writes the bundle (to `out`, else to the default name in the current folder) and
/// returns what to tell the learner. The TUI's submit key calls this too.
pub fn submit(store: &Store, course: &Course, out: Option<&Path>) -> Result<String, String> {
    let bundle = bundle::collect(store, course).map_err(|e| e.to_string())?;
    let path: PathBuf = match out {
        Some(p) => p.to_path_buf(),
        None => PathBuf::from(bundle::default_file_name(&bundle.learner())),
    };
    bundle::write(&bundle, &path).map_err(|e| msg::bundle_error(&path, &strings::io_error(&e)))?;
    let shown = std::path::absolute(&path).unwrap_or(path);
    let attempts = bundle.exercises.iter().map(|e| e.attempts.len()).sum();
    Ok(msg::submitted(&shown, bundle.exercises.len(), attempts))
}
