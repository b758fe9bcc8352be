//! Re-grading from answers: every answer of a bundle graded from scratch with the course
//! at hand, in the learner's own variant (drawn from the seed the bundle carries), in
//! parallel over bundles. A score the bundle states is never used.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::bundle::{self, Bundle};
use crate::course::Course;
use crate::grading::{self, GradedAttempt};
use crate::kinds::stable_hash;
use crate::strings::grader as msg;

/// One attempt of a bundle, re-graded.
#[derive(Debug, Clone)]
pub struct Regraded {
    pub exercise_id: String,
    /// Its place among the exercise's attempts in the bundle (0-based).
    pub seq: u32,
    /// The answer as compact JSON, as stored.
    pub answer_json: String,
    pub answer_hash: String,
    pub at: chrono::DateTime<chrono::FixedOffset>,
    pub hints_shown: u32,
    pub graded: GradedAttempt,
    /// What the bundle said it earned (information only).
    pub claimed_earned: f64,
}

/// A bundle re-graded: its attempts and every problem met on the way (an exercise the
/// course does not have, an answer that does not read, a variant that differs).
#[derive(Debug, Clone)]
pub struct RegradedBundle {
    pub bundle: Bundle,
    /// The file's text as read (kept in the gradebook).
    pub text: String,
    pub attempts: Vec<Regraded>,
    pub problems: Vec<String>,
    /// The bundle was made with another version of the course than the one grading it.
    pub other_course: bool,
}

/// A hash of an answer's JSON: equal answers have equal hashes.
pub fn answer_hash(answer_json: &str) -> String {
    format!("{:016x}", stable_hash(&[answer_json.as_bytes()]))
}

/// Re-grades every attempt of a bundle with `course`.
pub fn regrade_bundle(course: &Course, bundle: Bundle, text: String) -> RegradedBundle {
    let learner = bundle.learner();
    let mut problems = Vec::new();
    let other_course = bundle.course.content_hash != course.content_hash;
    if other_course {
        problems.push(msg::other_course_version(
            &bundle.course.title,
            &bundle.course.content_hash,
            &course.content_hash,
        ));
    }
    let mut attempts = Vec::new();
    // A learner often checks the same answer again: each distinct answer to an exercise is
    // graded once (grading is pure: the same answer, exercise and learner, the same verdict).
    let mut graded_before: std::collections::HashMap<(&str, String), GradedAttempt> = std::collections::HashMap::new();
    for ex in &bundle.exercises {
        let Some(exercise) = course.exercise(&ex.id) else {
            problems.push(msg::unknown_exercise_in_bundle(&ex.id, ex.attempts.len()));
            continue;
        };
        for (seq, attempt) in ex.attempts.iter().enumerate() {
            let place = || msg::attempt_place(&ex.id, seq + 1);
            let answer = match attempt.parse_answer() {
                Ok(a) => a,
                Err(e) => {
                    problems.push(msg::unreadable_answer(&place(), &e));
                    continue;
                }
            };
            let answer_json = serde_json::to_string(&answer).unwrap_or_default();
            let key = (ex.id.as_str(), answer_json.clone());
            let graded = match graded_before.get(&key) {
                Some(g) => g.clone(),
                None => match grading::grade(course, exercise, &answer, &learner) {
                    Ok(g) => graded_before.entry(key).or_insert(g).clone(),
                    Err(mismatch) => {
                        problems.push(msg::unreadable_answer(&place(), &mismatch.to_string()));
                        continue;
                    }
                },
            };
            if let Some(v) = attempt.variant.filter(|v| *v != graded.variant) {
                problems.push(msg::variant_differs(&place(), v, graded.variant));
            }
            attempts.push(Regraded {
                exercise_id: ex.id.clone(),
                seq: seq as u32,
                answer_hash: answer_hash(&answer_json),
                answer_json,
                at: attempt.at,
                hints_shown: attempt.hints_shown,
                graded,
                claimed_earned: attempt.informational.earned,
            });
        }
    }
    RegradedBundle { bundle, text, attempts, problems, other_course }
}

/// Reads and re-grades each file on every core (rayon's pool), and hands each result to
/// `each` on the calling thread in the order of `paths`, as soon as it and every file
/// before it are done: the caller stores one bundle while the next ones are graded. The
/// files are taken in order, so a result waits little for the ones before it. A file
/// that cannot be read as a bundle gives its error and spoils nothing else.
pub fn regrade_files(course: &Course, paths: &[PathBuf], mut each: impl FnMut(&Path, Result<RegradedBundle, String>)) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        // The graders: each takes the next file not yet taken. The sender is moved in, so
        // the channel closes when they are all done.
        s.spawn(move || {
            let next = AtomicUsize::new(0);
            rayon::scope(|r| {
                for _ in 0..rayon::current_num_threads() {
                    let (tx, next) = (tx.clone(), &next);
                    r.spawn(move |_| {
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(path) = paths.get(i) else { break };
                            if tx.send((i, regrade_file(course, path))).is_err() {
                                break;
                            }
                        }
                    });
                }
            });
        });
        // Results that came before an earlier file's, until it comes.
        let mut waiting = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, result) in rx {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&due) {
                each(&paths[due], result);
                due += 1;
            }
        }
    });
}

fn regrade_file(course: &Course, path: &Path) -> Result<RegradedBundle, String> {
    let text = bundle::read_text(path)?;
    let bundle = bundle::parse(&text).map_err(|what| msg::bundle_error(path, &what))?;
    Ok(regrade_bundle(course, bundle, text))
}
