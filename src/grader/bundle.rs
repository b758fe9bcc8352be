//! The submission bundle: one readable JSON file with everything a learner hands in —
//! who they are (with the seed their variants are drawn from), which course, every
//! attempt at every exercise, and the time spent. Scores in it are informational: the
//! grader re-grades every answer from scratch.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Local};
use serde::{Deserialize, Serialize};

use crate::course::Course;
use crate::grading::{GRADER_VERSION, Learner};
use crate::kinds::{Answer, Status};
use crate::store::{Store, StoreError};
use crate::strings::grader as msg;

/// What the `format` field of every bundle says.
pub const FORMAT: &str = "crm-workbook-submission";
/// The bundle format this build writes and reads.
pub const VERSION: u32 = 1;

/// A pause longer than this between two recorded actions is a break, not work.
pub const SESSION_GAP_MINUTES: i64 = 15;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    pub created: DateTime<FixedOffset>,
    /// The program that wrote it ([`GRADER_VERSION`]).
    pub program: String,
    pub learner: BundleLearner,
    pub course: BundleCourse,
    pub time_spent: TimeSpent,
    /// Every exercise of the course the learner opened or checked, in the course's order.
    pub exercises: Vec<BundleExercise>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleLearner {
    pub id: String,
    pub name: String,
    pub group: String,
    /// What the learner's variants are drawn from: re-grading uses it so that each answer
    /// is graded in the variant the learner was shown.
    pub variant_seed: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleCourse {
    pub title: String,
    /// [`Course::content_hash`] of the learner's copy.
    pub content_hash: String,
}

/// Time spent, derived from the times the progress file records (see [`time_spent`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeSpent {
    pub total_seconds: i64,
    pub sessions: u32,
    pub per_exercise_seconds: BTreeMap<String, i64>,
    /// How it was counted, in words.
    pub method: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleExercise {
    pub id: String,
    pub hints_shown: u32,
    /// Attempts the learner's program could no longer read (the course changed since);
    /// not in `attempts`.
    #[serde(default)]
    pub unreadable_attempts: u32,
    pub attempts: Vec<BundleAttempt>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleAttempt {
    /// The answer as the kind stores it (JSON with its `kind`); read one by one, so that
    /// one answer that does not parse spoils only itself.
    pub answer: serde_json::Value,
    pub at: DateTime<FixedOffset>,
    /// Hints revealed by then.
    pub hints_shown: u32,
    /// What it was graded against on the learner's computer; absent for attempts made
    /// before that was recorded.
    #[serde(default)]
    pub variant: Option<u64>,
    #[serde(default)]
    pub spec_fingerprint: Option<String>,
    #[serde(default)]
    pub grader_version: Option<String>,
    /// The learner's program's score: for information only, never imported.
    pub informational: InformationalScore,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InformationalScore {
    pub earned: f64,
    pub possible: f64,
    pub status: Status,
}

impl Bundle {
    pub fn learner(&self) -> Learner {
        let l = &self.learner;
        Learner::new(l.id.clone(), l.name.clone(), l.group.clone(), l.variant_seed.clone())
    }
}

impl BundleAttempt {
    /// The answer, or why it cannot be read.
    pub fn parse_answer(&self) -> Result<Answer, String> {
        serde_json::from_value(self.answer.clone()).map_err(|e| e.to_string())
    }
}

/// Why a submission could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{}", msg::submit_no_learner())]
    NoLearner,
}

/// Gathers the learner's whole record from the progress file into a bundle.
pub fn collect(store: &Store, course: &Course) -> Result<Bundle, SubmitError> {
    let learner = store.learner()?.ok_or(SubmitError::NoLearner)?;
    let progress = store.progress()?;
    let hint_log = store.hint_log()?;
    let drafts = store.draft_times()?;
    let mut exercises = Vec::new();
    let mut events: Vec<(DateTime<Local>, String)> = Vec::new();
    for exercise in &course.exercises {
        let attempts = store.attempts(&exercise.id)?;
        let unreadable = store.unreadable_attempts(&exercise.id)?;
        let hints_shown = progress.get(&exercise.id).map_or(store.hints_shown(&exercise.id)?, |p| p.hints_shown);
        events.extend(attempts.iter().map(|a| (a.at, exercise.id.clone())));
        if attempts.is_empty() && unreadable == 0 && hints_shown == 0 {
            continue;
        }
        exercises.push(BundleExercise {
            id: exercise.id.clone(),
            hints_shown,
            unreadable_attempts: unreadable,
            attempts: attempts
                .into_iter()
                .map(|a| BundleAttempt {
                    answer: serde_json::to_value(&a.answer).unwrap_or(serde_json::Value::Null),
                    at: a.at.fixed_offset(),
                    hints_shown: a.hints_shown,
                    variant: a.graded_with.as_ref().map(|g| g.variant),
                    spec_fingerprint: a.graded_with.as_ref().map(|g| g.spec_fingerprint.clone()),
                    grader_version: a.graded_with.as_ref().map(|g| g.grader_version.clone()),
                    informational: InformationalScore {
                        earned: a.verdict.earned,
                        possible: a.verdict.possible,
                        status: a.verdict.status,
                    },
                })
                .collect(),
        });
    }
    events.extend(hint_log.into_iter().map(|(id, _, at)| (at, id)));
    events.extend(drafts.into_iter().map(|(id, at)| (at, id)));
    Ok(Bundle {
        format: FORMAT.to_owned(),
        version: VERSION,
        created: Local::now().fixed_offset(),
        program: GRADER_VERSION.to_owned(),
        learner: BundleLearner {
            id: learner.id.clone(),
            name: learner.name.clone(),
            group: learner.group.clone(),
            variant_seed: learner.variant_seed().to_owned(),
        },
        course: BundleCourse { title: course.title.clone(), content_hash: course.content_hash.clone() },
        time_spent: time_spent(events),
        exercises,
    })
}

/// Time spent from the recorded actions (checked attempts, hints revealed, drafts saved;
/// a draft only keeps its last save): the gaps between consecutive actions, each
/// credited to the exercise of the later action, leaving out gaps longer than
/// [`SESSION_GAP_MINUTES`] (a break). It is a lower bound: reading before the first
/// action of a session is not seen.
pub fn time_spent(mut events: Vec<(DateTime<Local>, String)>) -> TimeSpent {
    events.sort();
    let mut spent = TimeSpent { method: msg::time_spent_method(SESSION_GAP_MINUTES), ..TimeSpent::default() };
    let mut previous: Option<DateTime<Local>> = None;
    for (at, exercise) in events {
        match previous {
            Some(p) if (at - p).num_minutes() < SESSION_GAP_MINUTES => {
                let gap = (at - p).num_seconds().max(0);
                spent.total_seconds += gap;
                *spent.per_exercise_seconds.entry(exercise).or_default() += gap;
            }
            _ => spent.sessions += 1,
        }
        previous = Some(at);
    }
    spent
}

/// The bundle as the file holds it: pretty JSON, so that a person can read it.
pub fn to_json(bundle: &Bundle) -> String {
    serde_json::to_string_pretty(bundle).unwrap_or_default()
}

/// Writes the bundle next to nothing else: a temporary file renamed into place, so that
/// a cut-off write never leaves half a bundle under the real name.
pub fn write(bundle: &Bundle, path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.part");
    std::fs::write(&tmp, to_json(bundle) + "\n")?;
    std::fs::rename(&tmp, path)
}

/// Collects and writes the learner's bundle to `out`, and returns where the file is and
/// how many exercises and attempts it holds. `crm-workbook submit` and the map's submit
/// key both call it.
pub fn submit(store: &Store, course: &Course, out: &Path) -> Result<(std::path::PathBuf, usize, usize), String> {
    let bundle = collect(store, course).map_err(|e| e.to_string())?;
    write(&bundle, out).map_err(|e| msg::bundle_error(out, &crate::strings::io_error(&e)))?;
    let shown = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let attempts = bundle.exercises.iter().map(|e| e.attempts.len()).sum();
    Ok((shown, bundle.exercises.len(), attempts))
}

/// A file name for the learner's bundle: `сдача-ГРУППА-ИМЯ.json`, with what a file
/// system refuses replaced.
pub fn default_file_name(learner: &Learner) -> String {
    let mut parts = vec![msg::BUNDLE_FILE_PREFIX.to_owned()];
    parts.extend(
        [learner.group.as_str(), learner.name.as_str()].iter().filter(|s| !s.trim().is_empty()).map(|s| safe_name(s)),
    );
    format!("{}.json", parts.join("-"))
}

/// `s` with path separators, control and reserved characters replaced by `_`.
pub fn safe_name(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) || c.is_whitespace() { '_' } else { c })
        .collect()
}

/// The most a bundle file may hold. A learner's whole course with hundreds of attempts
/// is a few megabytes; a larger file is something else named `.json`.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a bundle, or says in words what is wrong with the file: unreadable, too large,
/// not JSON (with line and column), not a bundle, a newer format, or a field missing or
/// wrong.
pub fn read(path: &Path) -> Result<Bundle, String> {
    parse(&read_text(path)?).map_err(|what| msg::bundle_error(path, &what))
}

/// A bundle file's text (at most [`MAX_BYTES`]), or what is wrong with the file.
pub fn read_text(path: &Path) -> Result<String, String> {
    crate::base::file::read_text(path, MAX_BYTES).map_err(|what| msg::bundle_error(path, &what))
}

/// [`read`] of a text already in memory; the error says what is wrong, without the file.
pub fn parse(text: &str) -> Result<Bundle, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let format = value.get("format").and_then(|f| f.as_str());
    if format != Some(FORMAT) {
        return Err(msg::not_a_bundle(format));
    }
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => return Err(msg::bundle_too_new(v, VERSION)),
        other => return Err(msg::bundle_bad_version(other)),
    }
    let bundle: Bundle = serde_json::from_value(value).map_err(|e| msg::bundle_bad_field(&e.to_string()))?;
    if bundle.learner.id.trim().is_empty() || bundle.learner.variant_seed.is_empty() {
        return Err(msg::bundle_no_identity());
    }
    Ok(bundle)
}

fn json_error(e: &serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Eof => msg::bundle_truncated(e.line(), e.column()),
        _ => msg::bundle_not_json(e.line(), e.column(), &e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Local> {
        Local.with_ymd_and_hms(2026, 11, 3, h, m, 0).single().expect("a time")
    }

    #[test]
    fn time_spent_sums_gaps_within_sessions_and_credits_the_later_exercise() {
        let events = vec![
            (at(10, 0), "a".to_string()),
            (at(10, 5), "a".to_string()),
            (at(10, 12), "b".to_string()),
            // a break of an hour: a new session, nothing counted for it
            (at(11, 30), "b".to_string()),
            (at(11, 31), "b".to_string()),
        ];
        let spent = time_spent(events);
        assert_eq!(spent.sessions, 2);
        assert_eq!(spent.total_seconds, (5 + 7 + 1) * 60);
        assert_eq!(spent.per_exercise_seconds["a"], 5 * 60);
        assert_eq!(spent.per_exercise_seconds["b"], 8 * 60);
        assert!(spent.method.contains("15"), "{}", spent.method);
    }

    #[test]
    fn a_bundle_round_trips_and_bad_files_say_what_is_wrong() {
        let store = Store::open_in_memory().expect("store");
        store.set_student("Иванова Анна", "Р-21").expect("student");
        let course = crate::course::load(crate::course::CourseSource::Embedded).into_result().expect("course");
        let exercise = course.exercise("theory.nps").expect("nps");
        let learner = store.learner().expect("read").expect("set");
        let answer = exercise.spec.empty_answer();
        let graded = crate::grading::grade(&course, exercise, &answer, &learner).expect("graded");
        store.record_attempt("theory.nps", &answer, &graded).expect("recorded");
        let bundle = collect(&store, &course).expect("collected");
        assert_eq!(bundle.learner.variant_seed, learner.variant_seed());
        assert_eq!(bundle.exercises.len(), 1);
        assert_eq!(bundle.exercises[0].attempts[0].variant, Some(graded.variant));
        let text = to_json(&bundle);
        assert_eq!(parse(&text).expect("parses"), bundle);

        // Cut halfway, at a character's boundary (the file holds Cyrillic text).
        let half = (text.len() / 2..text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
        let cut = &text[..half];
        assert!(parse(cut).expect_err("truncated").contains("обрывается"), "{}", parse(cut).unwrap_err());
        assert!(parse("{\"format\": \"other\"}").expect_err("not ours").contains("не файл сдачи"));
        let newer = text.replacen("\"version\": 1", "\"version\": 9", 1);
        assert!(parse(&newer).expect_err("newer").contains("9"));
        let no_seed =
            text.replacen(&format!("\"variant_seed\": \"{}\"", learner.variant_seed()), "\"variant_seed\": \"\"", 1);
        assert!(parse(&no_seed).is_err());
        let missing = text.replacen("\"hints_shown\"", "\"hints\"", 1);
        let err = parse(&missing).expect_err("a field renamed");
        assert!(err.contains("hints"), "{err}");
    }
}
