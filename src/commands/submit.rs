//! `crm-workbook submit [--out FILE]`: the learner's whole record as a bundle for the
//! instructor.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{EXIT_INPUT, load_course, open_store};
use crate::cli::Cli;
use crate::grader::bundle;

pub fn run(cli: &Cli, out: Option<&Path>) -> ExitCode {
    let Ok(course) = load_course(cli) else {
        return ExitCode::from(EXIT_INPUT);
    };
    let result = open_store(cli).and_then(|store| {
        let learner = store.learner().map_err(|e| e.to_string())?;
        let out = match (out, learner) {
            (Some(p), _) => p.to_path_buf(),
            (None, Some(l)) => PathBuf::from(bundle::default_file_name(&l)),
            (None, None) => PathBuf::from("-"),
        };
        bundle::submit(&store, &course, &out)
            .map(|(path, exercises, attempts)| crate::strings::grader::submitted(&path, exercises, attempts))
    });
    super::report(result)
}
