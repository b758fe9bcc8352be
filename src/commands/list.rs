//! `crm-workbook list [--json]`: every module and exercise of the course with this
//! student's status, score (the best attempt) and number of attempts.
//!
//! With `--student NAME` and a store that has no student yet, NAME becomes the store's
//! student (with an empty group), as at the workbook's first start. A store that already
//! has a student keeps it: the listing is that student's, and a warning says so.

use std::collections::BTreeMap;
use std::process::ExitCode;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{EXIT_INPUT, load_course, open_store};
use crate::cli::Cli;
use crate::course::{Course, Exercise};
use crate::kinds::Status;
use crate::store::{Progress, Student};
use crate::strings::{list as msg, store as store_msg, verdict};

pub fn run(cli: &Cli, json: bool) -> ExitCode {
    let Ok(course) = load_course(cli) else {
        return ExitCode::from(EXIT_INPUT);
    };
    match read_progress(cli) {
        Ok((student, progress)) => {
            let entries = entries(&course, &progress);
            if json {
                match serde_json::to_string_pretty(&entries) {
                    Ok(text) => println!("{text}"),
                    Err(e) => {
                        eprintln!("{e}");
                        return ExitCode::from(EXIT_INPUT);
                    }
                }
            } else {
                print!("{}", render(&course, student.as_ref(), &entries));
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// Opens the store named by `--db` (or the default one), sets the student from
/// `--student` if it has none, and reads the progress.
fn read_progress(cli: &Cli) -> Result<(Option<Student>, BTreeMap<String, Progress>), String> {
    let store = open_store(cli)?;
    let student = store.student().map_err(|e| e.to_string())?;
    let progress = store.progress().map_err(|e| e.to_string())?;
    Ok((student, progress))
}

/// An exercise's state as `--json` prints it.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    id: &'a str,
    module: &'a str,
    title: &'a str,
    kind: &'a str,
    points: u32,
    status: ListStatus,
    /// The best attempt's points, 0 when not started.
    earned: f64,
    attempts: u32,
}

/// `passed`, `partial`, `failed`, `awaiting_review` as in verdicts, or `not_started`.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
enum ListStatus {
    NotStarted,
    #[serde(untagged)]
    Checked(Status),
}

impl ListStatus {
    fn word(self) -> &'static str {
        match self {
            ListStatus::NotStarted => store_msg::NOT_STARTED,
            ListStatus::Checked(status) => verdict::status(status),
        }
    }
}

/// Every exercise of the course, module by module, with its progress.
fn entries<'a>(course: &'a Course, progress: &BTreeMap<String, Progress>) -> Vec<Entry<'a>> {
    course
        .modules
        .iter()
        .flat_map(|m| course.module_exercises(m))
        .map(|exercise| entry(exercise, progress.get(&exercise.id)))
        .collect()
}

fn entry<'a>(exercise: &'a Exercise, progress: Option<&Progress>) -> Entry<'a> {
    Entry {
        id: &exercise.id,
        module: &exercise.module,
        title: &exercise.title,
        kind: exercise.spec.kind_name(),
        points: exercise.points,
        status: progress.map_or(ListStatus::NotStarted, |p| ListStatus::Checked(p.best_status)),
        earned: progress.map_or(0.0, |p| p.best_earned),
        attempts: progress.map_or(0, |p| p.attempts),
    }
}

/// The listing as text: a heading per module, then one aligned line per exercise.
fn render(course: &Course, student: Option<&Student>, entries: &[Entry]) -> String {
    let rows: Vec<[String; 4]> = entries
        .iter()
        .map(|e| {
            [
                e.id.to_string(),
                e.status.word().to_string(),
                msg::score(e.earned, f64::from(e.points)),
                msg::attempts(e.attempts),
            ]
        })
        .collect();
    let widths: [usize; 4] = std::array::from_fn(|col| rows.iter().map(|row| row[col].width()).max().unwrap_or(0));
    let mut out = format!("{}\n{}\n", course.title, msg::student(student));
    for module in &course.modules {
        let in_module: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].module == module.id).collect();
        let earned = sum(in_module.iter().map(|&i| entries[i].earned));
        let possible = sum(in_module.iter().map(|&i| f64::from(entries[i].points)));
        out.push_str(&format!("\n{}\n", msg::module_heading(&module.title, &module.id, earned, possible)));
        if in_module.is_empty() {
            out.push_str(&format!("  {}\n", msg::no_exercises()));
        }
        for &i in &in_module {
            let cells: Vec<String> = rows[i]
                .iter()
                .zip(widths)
                .filter(|(_, width)| *width > 0)
                .map(|(cell, width)| pad(cell, width))
                .collect();
            out.push_str(&format!("  {}  {}\n", cells.join("  "), entries[i].title));
        }
    }
    let earned = sum(entries.iter().map(|e| e.earned));
    let possible = sum(entries.iter().map(|e| f64::from(e.points)));
    let passed = entries.iter().filter(|e| matches!(e.status, ListStatus::Checked(Status::Passed))).count();
    out.push_str(&format!("\n{}\n", msg::total(earned, possible, passed, entries.len())));
    out
}

/// `text` followed by spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// A sum that is 0, not −0 (what `Iterator::sum` gives for no floats), when empty.
fn sum(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |total, x| total + x)
}
