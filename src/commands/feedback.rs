//! `crm-workbook feedback import FILE`: the instructor's reviews into the learner's
//! progress file, shown on each exercise's result tab.

use std::process::ExitCode;

use super::open_store;
use crate::cli::{Cli, FeedbackCommand};
use crate::grader::feedback;
use crate::strings::grader as msg;

pub fn run(cli: &Cli, command: &FeedbackCommand) -> ExitCode {
    let FeedbackCommand::Import { file } = command;
    let result = (|| {
        let parsed = feedback::read(file)?;
        let store = open_store(cli)?;
        let learner = store.learner().map_err(|e| e.to_string())?;
        let ours = learner.as_ref().map(|l| l.id.as_str()).unwrap_or_default();
        if ours != parsed.learner_id {
            let shown = learner.as_ref().map_or(String::new(), |l| msg::learner_label(&l.name, &l.group));
            return Err(msg::feedback_other_learner(file, &msg::learner_label(&parsed.name, &parsed.group), &shown));
        }
        let added = store.import_feedback(&parsed.reviews).map_err(|e| e.to_string())?;
        Ok(msg::feedback_imported(added, parsed.reviews.len()))
    })();
    super::report(result)
}
