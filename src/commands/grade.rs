//! `crm-workbook grade …`: the instructor's gradebook (see docs/grading.md).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{EXIT_INPUT, load_course};
use crate::cli::{Cli, ExportFormatArg, GradeArgs, GradeCommand};
use crate::course::Course;
use crate::grader::export::{self, ExportFormat};
use crate::grader::gradebook::Gradebook;
use crate::grader::sheet::{self, Book};
use crate::grader::{feedback, regrade, similarity};
use crate::strings::{self, grader as msg};

pub fn run(cli: &Cli, args: &GradeArgs) -> ExitCode {
    let Ok(course) = load_course(cli) else {
        return ExitCode::from(EXIT_INPUT);
    };
    let path = match args.gradebook.clone().or_else(Gradebook::default_path) {
        Some(p) => p,
        None => {
            eprintln!("{}", msg::no_gradebook_dir());
            return ExitCode::from(EXIT_INPUT);
        }
    };
    let book = match Gradebook::open(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_INPUT);
        }
    };
    let result = match &args.command {
        None => {
            let reviewer = who(None);
            return match crate::tui::grader::GraderApp::new(
                course,
                book,
                reviewer,
                crate::tui::theme::Theme::from_env(),
            ) {
                Ok(mut app) => match crate::tui::run_grader(&mut app) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("{e}");
                        e.exit_code()
                    }
                },
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(EXIT_INPUT)
                }
            };
        }
        Some(GradeCommand::List) => list(&course, &book),
        Some(GradeCommand::Import { bundles, by }) => return import(&course, &book, bundles, by.as_deref()),
        Some(GradeCommand::Regrade { dry_run }) => regrade_all(&course, &book, *dry_run),
        Some(GradeCommand::Queue) => queue(&course, &book),
        Some(GradeCommand::Review { student, exercise, points, comment, by }) => {
            review(&course, &book, student, exercise, points, comment, by.as_deref())
        }
        Some(GradeCommand::Copies) => copies(&course, &book),
        Some(GradeCommand::Export { format, group, plain, out }) => {
            export_to(&course, &book, *format, *plain, group.as_deref(), out)
        }
        Some(GradeCommand::Feedback { out }) => feedback_files(&course, &book, out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// Who is acting: `--by`, else the system user's name.
pub fn who(by: Option<&str>) -> String {
    by.map(str::to_owned)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "?".into())
}

/// Imports every file; a file that fails is reported and the others still import.
/// Exit status 0 when every file imported, 2 when any did not.
fn import(course: &Course, book: &Gradebook, args: &[PathBuf], by: Option<&str>) -> ExitCode {
    let by = who(by);
    let (files, unusable) = bundle_files(args);
    let (mut ok, mut failed) = (0, unusable.len());
    for e in &unusable {
        eprintln!("{e}");
    }
    let files = &files[..];
    regrade::regrade_files(course, files, |path, result| {
        let stored = result.and_then(|rb| {
            let file = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string();
            book.import(&file, &rb, &course.content_hash, &by).map(|report| (rb, report))
        });
        match stored {
            Err(e) => {
                eprintln!("{e}");
                failed += 1;
            }
            Ok((rb, report)) => {
                ok += 1;
                if report.unchanged {
                    println!("{}", msg::imported_unchanged(path, &report.learner));
                    return;
                }
                println!("{}", msg::imported(path, &report.learner, report.attempts));
                if report.again {
                    println!("{}", msg::imported_again(report.changes.len()));
                    for (exercise, before, after) in &report.changes {
                        println!("{}", msg::score_change(exercise, *before, *after));
                    }
                }
                if report.claimed_differs > 0 {
                    println!("{}", msg::claimed_differs(report.claimed_differs));
                }
                for p in &rb.problems {
                    println!("{}", msg::problem(p));
                }
            }
        }
    });
    println!("{}", msg::import_summary(ok, failed));
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(EXIT_INPUT) }
}

/// The files to import: each file named; the `.json` files right in each folder named;
/// the files a pattern such as `сдачи\*.json` names, where the shell left it as it was
/// (a college's Windows shell expands no `*`); and what is wrong with a folder or a
/// pattern that gives none.
fn bundle_files(args: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut unusable = Vec::new();
    for arg in args {
        let pattern = arg.file_name().and_then(|n| n.to_str()).filter(|n| n.contains(['*', '?']) && !arg.exists());
        let (folder, wanted): (&Path, &dyn Fn(&str) -> bool) = if arg.is_dir() {
            (arg, &|name| Path::new(name).extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
        } else if let Some(pattern) = pattern {
            let folder = arg.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            (folder, &move |name| wildcard_match(pattern, name))
        } else {
            files.push(arg.clone());
            continue;
        };
        let entries = match std::fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(e) => {
                unusable.push(msg::bundle_error(arg, &strings::io_error(&e)));
                continue;
            }
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|p| p.is_file() && p.file_name().and_then(|n| n.to_str()).is_some_and(wanted))
            .collect();
        if found.is_empty() {
            let why = if pattern.is_some() { msg::no_files_match() } else { msg::no_bundles_in_folder() };
            unusable.push(msg::bundle_error(arg, &why));
        }
        found.sort();
        files.extend(found);
    }
    (files, unusable)
}

/// Whether `name` fits `pattern`, where `*` stands for any run of characters and `?` for
/// one, letters compared without case (as Windows names them).
fn wildcard_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let n: Vec<char> = name.to_lowercase().chars().collect();
    // Where the last `*` stood, and the character of the name it had reached.
    let (mut star, mut i, mut j) = (None, 0, 0);
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            // The `*` takes one more character.
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

fn regrade_all(course: &Course, book: &Gradebook, dry_run: bool) -> Result<(), String> {
    let (changes, problems) = crate::grader::gradebook::regrade_gradebook(course, book)?;
    for c in &changes {
        println!(
            "{}",
            msg::regrade_change(
                &c.learner,
                &c.exercise_id,
                c.seq,
                c.before.0,
                c.after.earned,
                strings::verdict::status(c.after.status)
            )
        );
    }
    for p in &problems {
        println!("{}", msg::problem(p));
    }
    if !dry_run && !changes.is_empty() {
        book.apply(&changes)?;
    }
    println!("{}", msg::regrade_summary(changes.len(), dry_run));
    Ok(())
}

fn list(course: &Course, book: &Gradebook) -> Result<(), String> {
    let data = Book::read(book)?;
    let sheet = data.sheet(course, None);
    for s in &sheet.students {
        println!(
            "{}\t{}\t{} из {}\t{} %\t{}",
            s.learner.id,
            msg::learner_label(&s.learner.name, &s.learner.group),
            strings::verdict::points(s.total),
            strings::verdict::points(sheet.total_points),
            strings::verdict::points(s.percent),
            s.grade.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

fn queue(course: &Course, book: &Gradebook) -> Result<(), String> {
    let data = Book::read(book)?;
    let queue = data.review_queue(course);
    if queue.is_empty() {
        println!("{}", msg::queue_empty());
    }
    for a in queue {
        let l = data.learners.iter().find(|l| l.id == a.learner_id);
        let label = l.map_or(a.learner_id.clone(), |l| msg::learner_label(&l.name, &l.group));
        println!("{}", msg::queue_line(&label, &a.exercise_id, a.seq, a.verdict.earned));
    }
    Ok(())
}

/// The learner named by id, by name, or by «name (group)».
fn find_learner<'a>(data: &'a Book, who: &str) -> Result<&'a crate::grader::gradebook::LearnerRow, String> {
    let who_t = who.trim();
    let found: Vec<_> = data
        .learners
        .iter()
        .filter(|l| {
            l.id == who_t
                || l.name.to_lowercase() == who_t.to_lowercase()
                || msg::learner_label(&l.name, &l.group).to_lowercase() == who_t.to_lowercase()
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(msg::no_such_learner(who)),
        many => Err(msg::ambiguous_learner(who, many.len())),
    }
}

/// `КРИТЕРИЙ=БАЛЛЫ`, with a decimal comma or point.
pub fn parse_points(arg: &str) -> Result<(String, f64), String> {
    let (name, value) = arg.rsplit_once('=').ok_or_else(|| msg::bad_points_arg(arg))?;
    let value: f64 = value.trim().replace(',', ".").parse().map_err(|_| msg::bad_points_arg(arg))?;
    Ok((name.trim().to_owned(), value))
}

fn review(
    course: &Course,
    book: &Gradebook,
    student: &str,
    exercise_id: &str,
    points: &[String],
    comment: &str,
    by: Option<&str>,
) -> Result<(), String> {
    let exercise = course.exercise(exercise_id).ok_or_else(|| strings::verdict::unknown_exercise(exercise_id))?;
    let data = Book::read(book)?;
    let learner = find_learner(&data, student)?;
    let label = msg::learner_label(&learner.name, &learner.group);
    // The answer reviewed: the latest one awaiting review, else the one the score comes from.
    let attempts: Vec<_> = data.attempts_of(&learner.id, exercise_id).collect();
    let attempt = attempts
        .iter()
        .rev()
        .find(|a| a.verdict.status == crate::kinds::Status::AwaitingReview)
        .copied()
        .or_else(|| {
            let best = data.cell(&learner.id, exercise).best_attempt;
            attempts.iter().find(|a| Some(a.id) == best).copied()
        })
        .ok_or_else(|| msg::no_attempt(&label, exercise_id))?;
    let given = points.iter().map(|p| parse_points(p)).collect::<Result<Vec<_>, _>>()?;
    let criteria = sheet::check_points(&sheet::rubric(exercise), &given)?;
    let r = book.add_review(
        &learner.id,
        exercise_id,
        &attempt.answer_hash,
        &who(by),
        &criteria,
        f64::from(exercise.points),
        comment,
    )?;
    println!("{}", msg::reviewed(&label, exercise_id, r.points, r.possible));
    Ok(())
}

fn copies(course: &Course, book: &Gradebook) -> Result<(), String> {
    let data = Book::read(book)?;
    let flags = similarity::find_copies(course, &data);
    let label = |id: &str| {
        data.learners.iter().find(|l| l.id == id).map_or(id.to_owned(), |l| msg::learner_label(&l.name, &l.group))
    };
    if flags.is_empty() {
        println!("{}", msg::no_copies());
    }
    for f in flags {
        let line = match f.why {
            similarity::Why::SimilarText { similarity } => {
                msg::copy_similar(&f.exercise_id, &label(&f.a), &label(&f.b), similarity)
            }
            similarity::Why::AnswerForOtherVariant { b_earned_own, b_earned_in_a } => {
                msg::copy_other_variant(&f.exercise_id, &label(&f.a), &label(&f.b), b_earned_own, b_earned_in_a)
            }
        };
        println!("{line}");
    }
    Ok(())
}

fn export_to(
    course: &Course,
    book: &Gradebook,
    format: ExportFormatArg,
    plain: bool,
    group: Option<&str>,
    out: &std::path::Path,
) -> Result<(), String> {
    let data = Book::read(book)?;
    if let Some(g) = group {
        let groups = data.groups();
        if !groups.iter().any(|k| k == g.trim()) {
            return Err(msg::unknown_group(g, &groups));
        }
    }
    let sheet = data.sheet(course, group);
    let format = match (format, plain) {
        (ExportFormatArg::Csv, false) => ExportFormat::CsvExcel,
        (ExportFormatArg::Csv, true) => ExportFormat::CsvPlain,
        (ExportFormatArg::Xlsx, _) => ExportFormat::Xlsx,
        (ExportFormatArg::Json, _) => ExportFormat::Json,
        (ExportFormatArg::Moodle, _) => ExportFormat::Moodle,
    };
    export::write(format, course, book, &data, &sheet, out)?;
    println!("{}", msg::exported(out, sheet.students.len()));
    Ok(())
}

fn feedback_files(course: &Course, book: &Gradebook, out: &std::path::Path) -> Result<(), String> {
    let data = Book::read(book)?;
    let sheet = data.sheet(course, None);
    let io = |e: std::io::Error| msg::export_error(out, &strings::io_error(&e));
    std::fs::create_dir_all(out).map_err(io)?;
    let files = feedback::files(&sheet, &data);
    for (name, file) in &files {
        let text = serde_json::to_string_pretty(file).map_err(|e| msg::export_error(out, &e.to_string()))?;
        std::fs::write(out.join(name), text + "\n").map_err(io)?;
    }
    println!("{}", msg::feedback_written(out, files.len()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wildcard_match;

    #[test]
    fn wildcards_match_as_a_shell_would_without_case() {
        for (pattern, name, fits) in [
            ("*.json", "anna.json", true),
            ("*.json", "Boris.JSON", true),
            ("*.json", "notes.txt", false),
            ("*.json", ".json", true),
            ("сдача-*.json", "сдача-Р-21-Иванова.json", true),
            ("сдача-*.json", "отзыв-Р-21.json", false),
            ("?.json", "a.json", true),
            ("?.json", "ab.json", false),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXcYYb", false),
            ("*", "", true),
            ("", "x", false),
        ] {
            assert_eq!(wildcard_match(pattern, name), fits, "{pattern} ~ {name}");
        }
    }
}
