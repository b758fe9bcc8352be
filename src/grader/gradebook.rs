//! The gradebook: the instructor's own SQLite file of imported bundles, their attempts
//! as re-graded here, and reviews. WAL with a long busy timeout, and every import in one
//! immediate transaction, so that two graders importing into one file at once wait for
//! each other and lose nothing. Migrations as in the progress store: numbered, appended,
//! run in one transaction at open.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Local, SecondsFormat};
use directories::ProjectDirs;
use rayon::prelude::*;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;

use super::regrade::RegradedBundle;
use crate::course::{Course, Exercise};
use crate::grading::{self, GradedAttempt, Learner};
use crate::kinds::{Status, Verdict};
use crate::store::{CriterionPoints, parse_status, status_name};
use crate::strings::grader as msg;

const MIGRATIONS: &[&str] = &[include_str!("schema/g1.sql")];

/// How long a write waits for another grader holding the file: an import of many
/// bundles by a colleague can take a while.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Gradebook {
    conn: Connection,
    path: PathBuf,
}

/// A learner as the gradebook knows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnerRow {
    pub id: String,
    pub name: String,
    pub group: String,
    pub variant_seed: String,
    /// Their latest import.
    pub import_id: i64,
    pub imported_at: String,
    pub time_spent_seconds: i64,
    pub course_hash: String,
    pub imports: u32,
}

impl LearnerRow {
    pub fn learner(&self) -> Learner {
        Learner::new(self.id.clone(), self.name.clone(), self.group.clone(), self.variant_seed.clone())
    }
}

/// An attempt as re-grading needs it: the answer's JSON as stored and the score.
#[derive(Debug, Clone)]
pub struct StoredAnswer {
    pub id: i64,
    pub import_id: i64,
    pub exercise_id: String,
    pub seq: u32,
    pub answer: String,
    pub earned: f64,
    pub possible: f64,
    pub status: Status,
}

/// An attempt as stored, with its re-graded verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptRow {
    pub id: i64,
    pub import_id: i64,
    pub learner_id: String,
    pub exercise_id: String,
    pub seq: u32,
    pub answer: serde_json::Value,
    pub answer_hash: String,
    pub at: String,
    pub hints_shown: u32,
    pub variant: u64,
    pub verdict: Verdict,
    pub spec_fingerprint: String,
    pub grader_version: String,
    pub claimed_earned: Option<f64>,
}

/// A review as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub id: i64,
    pub learner_id: String,
    pub exercise_id: String,
    pub answer_hash: String,
    pub reviewer: String,
    pub at: String,
    pub criteria: Vec<CriterionPoints>,
    pub points: f64,
    pub possible: f64,
    pub comment: String,
}

/// One import: which file, when, by whom, made with which course.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportInfo {
    pub id: i64,
    pub learner_id: String,
    pub file: String,
    pub imported_at: String,
    pub imported_by: String,
    pub course_hash: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportReport {
    pub learner: String,
    /// The same file was imported before: nothing added.
    pub unchanged: bool,
    /// The learner had been imported before.
    pub again: bool,
    pub attempts: usize,
    /// Exercise scores that differ from the learner's previous import: (exercise,
    /// before, now); `None` for no attempt.
    pub changes: Vec<(String, Option<f64>, Option<f64>)>,
    /// Attempts whose score in the bundle differs from the re-grade.
    pub claimed_differs: usize,
}

/// A score that a re-grade changes.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreChange {
    pub attempt_id: i64,
    pub learner: String,
    pub group: String,
    pub exercise_id: String,
    pub seq: u32,
    pub before: (f64, Status),
    pub after: Verdict,
    pub spec_fingerprint: String,
    pub grader_version: String,
}

impl Gradebook {
    /// `gradebook.db` in the platform's data folder for crm-workbook.
    pub fn default_path() -> Option<PathBuf> {
        ProjectDirs::from("", "", "crm-workbook").map(|dirs| dirs.data_dir().join("gradebook.db"))
    }

    pub fn open(path: &Path) -> Result<Gradebook, String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            std::fs::create_dir_all(dir).map_err(|e| msg::gradebook_error(path, &crate::strings::io_error(&e)))?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = crate::data::sql::open_with_flags(path, flags).map_err(|e| sql_error(path, &e))?;
        let book = Gradebook { conn, path: path.to_path_buf() };
        book.configure()?;
        Ok(book)
    }

    fn configure(&self) -> Result<(), String> {
        let e = |err: rusqlite::Error| sql_error(&self.path, &err);
        self.conn.busy_timeout(BUSY_TIMEOUT).map_err(e)?;
        let started = std::time::Instant::now();
        loop {
            match self.conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
                Err(err)
                    if err.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => {
                    other.map_err(e)?;
                    break;
                }
            }
        }
        self.conn.pragma_update(None, "foreign_keys", true).map_err(e)?;
        let version: i64 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(e)?;
        let latest = MIGRATIONS.len() as i64;
        if version == latest {
            return Ok(());
        }
        let tx = self.write()?;
        let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(e)?;
        if found > latest || found < 0 {
            return Err(msg::gradebook_too_new(&self.path, found, latest));
        }
        for sql in &MIGRATIONS[found as usize..] {
            tx.execute_batch(sql).map_err(e)?;
        }
        tx.pragma_update(None, "user_version", latest).map_err(e)?;
        tx.commit().map_err(e)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write(&self) -> Result<Transaction<'_>, String> {
        Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate).map_err(|e| self.err(e))
    }

    fn err(&self, e: rusqlite::Error) -> String {
        sql_error(&self.path, &e)
    }

    /// Adds a re-graded bundle: the learner (name and group updated), the import and
    /// its attempts, in one transaction. The same file imported again adds nothing.
    pub fn import(&self, file: &str, rb: &RegradedBundle, course_hash: &str, by: &str) -> Result<ImportReport, String> {
        let b = &rb.bundle;
        let bundle_hash = super::regrade::answer_hash(&rb.text);
        let tx = self.write()?;
        let e = |err: rusqlite::Error| sql_error(&self.path, &err);
        let mut report =
            ImportReport { learner: msg::learner_label(&b.learner.name, &b.learner.group), ..Default::default() };
        let previous: Option<i64> = tx
            .query_row("SELECT MAX(id) FROM import WHERE learner_id = ?1", [&b.learner.id], |r| r.get(0))
            .map_err(e)?;
        report.again = previous.is_some();
        let same: Option<i64> = tx
            .query_row(
                "SELECT id FROM import WHERE learner_id = ?1 AND bundle_hash = ?2",
                [&b.learner.id, &bundle_hash],
                |r| r.get(0),
            )
            .optional()
            .map_err(e)?;
        if same.is_some() {
            report.unchanged = true;
            return Ok(report);
        }
        let now = now_text();
        tx.execute(
            "INSERT INTO learner (id, name, group_name, variant_seed, first_seen) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, group_name = excluded.group_name,
                 variant_seed = excluded.variant_seed",
            params![b.learner.id, b.learner.name.trim(), b.learner.group.trim(), b.learner.variant_seed, now],
        )
        .map_err(e)?;
        tx.execute(
            "INSERT INTO import (learner_id, file, bundle_hash, bundle, bundle_created, course_hash,
                                 graded_course_hash, time_spent_seconds, imported_at, imported_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                b.learner.id,
                file,
                bundle_hash,
                rb.text,
                b.created.to_rfc3339(),
                b.course.content_hash,
                course_hash,
                b.time_spent.total_seconds,
                now,
                by
            ],
        )
        .map_err(e)?;
        let import_id = tx.last_insert_rowid();
        {
            let mut stmt = tx
                .prepare(
                    "INSERT INTO attempt (import_id, exercise_id, seq, answer, answer_hash, at, hints_shown, variant,
                         earned, possible, status, verdict, spec_fingerprint, grader_version, claimed_earned)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                )
                .map_err(e)?;
            for a in &rb.attempts {
                let v = &a.graded.verdict;
                stmt.execute(params![
                    import_id,
                    a.exercise_id,
                    a.seq,
                    a.answer_json,
                    a.answer_hash,
                    a.at.to_rfc3339(),
                    a.hints_shown,
                    a.graded.variant as i64,
                    v.earned,
                    v.possible,
                    status_name(v.status),
                    serde_json::to_string(v).unwrap_or_default(),
                    a.graded.spec_fingerprint,
                    a.graded.grader_version,
                    a.claimed_earned.is_finite().then_some(a.claimed_earned),
                ])
                .map_err(e)?;
                if (a.claimed_earned - v.earned).abs() > 0.005 {
                    report.claimed_differs += 1;
                }
            }
        }
        report.attempts = rb.attempts.len();
        if let Some(prev) = previous {
            let before = best_by_exercise(&tx, prev).map_err(e)?;
            let after = best_by_exercise(&tx, import_id).map_err(e)?;
            let ids: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
            for id in ids {
                let (b, a) = (before.get(id).copied(), after.get(id).copied());
                if b != a {
                    report.changes.push((id.clone(), b, a));
                }
            }
        }
        tx.commit().map_err(e)?;
        Ok(report)
    }

    /// Every learner with their latest import, by group and name.
    pub fn learners(&self) -> Result<Vec<LearnerRow>, String> {
        self.all(
            "SELECT l.id, l.name, l.group_name, l.variant_seed, i.id, i.imported_at, i.time_spent_seconds,
                    i.course_hash, (SELECT COUNT(*) FROM import x WHERE x.learner_id = l.id)
             FROM learner l JOIN import i ON i.id = (SELECT MAX(id) FROM import WHERE learner_id = l.id)
             ORDER BY l.group_name, l.name, l.id",
            |r| {
                Ok(LearnerRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    group: r.get(2)?,
                    variant_seed: r.get(3)?,
                    import_id: r.get(4)?,
                    imported_at: r.get(5)?,
                    time_spent_seconds: r.get(6)?,
                    course_hash: r.get(7)?,
                    imports: r.get(8)?,
                })
            },
        )
    }

    /// The attempts of each learner's latest import (`current`), or of every import.
    pub fn attempts(&self, current: bool) -> Result<Vec<AttemptRow>, String> {
        let filter = if current {
            "WHERE a.import_id = (SELECT MAX(id) FROM import WHERE learner_id = i.learner_id)"
        } else {
            ""
        };
        let sql = format!(
            "SELECT a.id, a.import_id, i.learner_id, a.exercise_id, a.seq, a.answer, a.answer_hash, a.at,
                    a.hints_shown, a.variant, a.verdict, a.spec_fingerprint, a.grader_version, a.claimed_earned,
                    a.earned, a.possible, a.status
             FROM attempt a JOIN import i ON i.id = a.import_id {filter}
             ORDER BY i.learner_id, a.import_id, a.exercise_id, a.seq"
        );
        self.all(&sql, |r| {
            let answer: String = r.get(5)?;
            let verdict: String = r.get(10)?;
            let status: String = r.get(16)?;
            // The plain columns are the score; the JSON adds the findings.
            let mut verdict: Verdict = serde_json::from_str(&verdict).unwrap_or(Verdict {
                earned: 0.0,
                possible: 0.0,
                status: Status::Failed,
                findings: Vec::new(),
            });
            verdict.earned = r.get(14)?;
            verdict.possible = r.get(15)?;
            verdict.status = parse_status(&status).unwrap_or(Status::Failed);
            Ok(AttemptRow {
                id: r.get(0)?,
                import_id: r.get(1)?,
                learner_id: r.get(2)?,
                exercise_id: r.get(3)?,
                seq: r.get(4)?,
                answer: serde_json::from_str(&answer).unwrap_or(serde_json::Value::Null),
                answer_hash: r.get(6)?,
                at: r.get(7)?,
                hints_shown: r.get(8)?,
                variant: r.get::<_, i64>(9)? as u64,
                verdict,
                spec_fingerprint: r.get(11)?,
                grader_version: r.get(12)?,
                claimed_earned: r.get(13)?,
            })
        })
    }

    /// Every row of `sql` (a query without parameters), each made by `row`.
    fn all<T>(&self, sql: &str, row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>) -> Result<Vec<T>, String> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], row).map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Every attempt of every import, each learner's together, with only what re-grading
    /// reads ([`Gradebook::attempts`] also reads the findings, which it does not need).
    pub fn stored_answers(&self) -> Result<Vec<StoredAnswer>, String> {
        self.all(
            "SELECT a.id, a.import_id, a.exercise_id, a.seq, a.answer, a.earned, a.possible, a.status
             FROM attempt a JOIN import i ON i.id = a.import_id
             ORDER BY i.learner_id, a.import_id, a.exercise_id, a.seq",
            |r| {
                let status: String = r.get(7)?;
                Ok(StoredAnswer {
                    id: r.get(0)?,
                    import_id: r.get(1)?,
                    exercise_id: r.get(2)?,
                    seq: r.get(3)?,
                    answer: r.get(4)?,
                    earned: r.get(5)?,
                    possible: r.get(6)?,
                    status: parse_status(&status).unwrap_or(Status::Failed),
                })
            },
        )
    }

    /// Every imported bundle's learner (as of that import's bundle), for re-grading.
    pub fn import_learners(&self) -> Result<BTreeMap<i64, Learner>, String> {
        self.all(
            "SELECT i.id, l.id, l.name, l.group_name, l.variant_seed FROM import i JOIN learner l ON l.id = i.learner_id",
            |r| Ok((r.get(0)?, Learner::new(r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))),
        )
        .map(|rows| rows.into_iter().collect())
    }

    /// Writes the re-graded scores, in one transaction.
    pub fn apply(&self, changes: &[ScoreChange]) -> Result<(), String> {
        let tx = self.write()?;
        {
            let mut stmt = tx
                .prepare(
                    "UPDATE attempt SET earned = ?2, possible = ?3, status = ?4, verdict = ?5,
                         spec_fingerprint = ?6, grader_version = ?7 WHERE id = ?1",
                )
                .map_err(|e| self.err(e))?;
            for c in changes {
                stmt.execute(params![
                    c.attempt_id,
                    c.after.earned,
                    c.after.possible,
                    status_name(c.after.status),
                    serde_json::to_string(&c.after).unwrap_or_default(),
                    c.spec_fingerprint,
                    c.grader_version,
                ])
                .map_err(|e| self.err(e))?;
            }
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Adds a review (append-only).
    #[allow(clippy::too_many_arguments)]
    pub fn add_review(
        &self,
        learner_id: &str,
        exercise_id: &str,
        answer_hash: &str,
        reviewer: &str,
        criteria: &[CriterionPoints],
        possible: f64,
        comment: &str,
    ) -> Result<Review, String> {
        let points: f64 = (criteria.iter().map(|c| c.points).sum::<f64>() * 100.0).round() / 100.0;
        let at = now_text();
        let criteria_json = serde_json::to_string(criteria).unwrap_or_default();
        self.conn
            .execute(
                "INSERT INTO review (learner_id, exercise_id, answer_hash, reviewer, at, criteria, points, possible, comment)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![learner_id, exercise_id, answer_hash, reviewer, at, criteria_json, points, possible, comment],
            )
            .map_err(|e| self.err(e))?;
        Ok(Review {
            id: self.conn.last_insert_rowid(),
            learner_id: learner_id.into(),
            exercise_id: exercise_id.into(),
            answer_hash: answer_hash.into(),
            reviewer: reviewer.into(),
            at,
            criteria: criteria.to_vec(),
            points,
            possible,
            comment: comment.into(),
        })
    }

    /// Every review, oldest first.
    pub fn reviews(&self) -> Result<Vec<Review>, String> {
        self.all(
            "SELECT id, learner_id, exercise_id, answer_hash, reviewer, at, criteria, points, possible, comment
             FROM review ORDER BY id",
            |r| {
                let criteria: String = r.get(6)?;
                Ok(Review {
                    id: r.get(0)?,
                    learner_id: r.get(1)?,
                    exercise_id: r.get(2)?,
                    answer_hash: r.get(3)?,
                    reviewer: r.get(4)?,
                    at: r.get(5)?,
                    criteria: serde_json::from_str(&criteria).unwrap_or_default(),
                    points: r.get(7)?,
                    possible: r.get(8)?,
                    comment: r.get(9)?,
                })
            },
        )
    }

    /// Every import, oldest first.
    pub fn imports(&self) -> Result<Vec<ImportInfo>, String> {
        self.all("SELECT id, learner_id, file, imported_at, imported_by, course_hash FROM import ORDER BY id", |r| {
            Ok(ImportInfo {
                id: r.get(0)?,
                learner_id: r.get(1)?,
                file: r.get(2)?,
                imported_at: r.get(3)?,
                imported_by: r.get(4)?,
                course_hash: r.get(5)?,
            })
        })
    }

    #[cfg(test)]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// The best earned per exercise among an import's attempts.
fn best_by_exercise(tx: &Transaction<'_>, import_id: i64) -> rusqlite::Result<BTreeMap<String, f64>> {
    let mut stmt =
        tx.prepare("SELECT exercise_id, MAX(earned) FROM attempt WHERE import_id = ?1 GROUP BY exercise_id")?;
    let rows = stmt.query_map([import_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

fn now_text() -> String {
    Local::now().to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A stored time, for sorting and showing.
pub fn parse_time(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text).ok()
}

/// An SQLite error of the gradebook, said as what it means for the grader.
fn sql_error(path: &Path, e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let what = match e.sqlite_error_code() {
        Some(C::NotADatabase | C::DatabaseCorrupt) => msg::gradebook_not_a_database(),
        Some(C::ReadOnly) => msg::gradebook_read_only(),
        Some(C::DatabaseBusy | C::DatabaseLocked) => msg::gradebook_busy(BUSY_TIMEOUT.as_secs()),
        Some(C::DiskFull) => msg::gradebook_disk_full(),
        Some(C::CannotOpen | C::PermissionDenied) => crate::store::cannot_open_reason(path),
        _ => msg::gradebook_sqlite(&e.to_string()),
    };
    msg::gradebook_error(path, &what)
}

/// Re-grades every attempt in the gradebook (every import, history too) with `course`
/// and returns the attempts whose score or status would change. Attempts at exercises
/// the course no longer has, or whose answers no longer read, are left as they are and
/// listed in the second value.
///
/// Grading is pure (answer, exercise, learner's variant → verdict), and a learner's
/// later bundles carry their earlier attempts again: each distinct answer of a learner to
/// an exercise is graded once in the run, and its verdict judged for every attempt that
/// holds it.
pub fn regrade_gradebook(course: &Course, book: &Gradebook) -> Result<(Vec<ScoreChange>, Vec<String>), String> {
    let learners = book.import_learners()?;
    let attempts = book.stored_answers()?;
    // What each attempt asks to grade: its exercise, learner and answer.
    let asks: Vec<Result<(&Exercise, &Learner, crate::kinds::Answer), String>> = attempts
        .par_iter()
        .map(|a| {
            let place = || msg::attempt_place(&a.exercise_id, a.seq as usize + 1);
            let exercise =
                course.exercise(&a.exercise_id).ok_or_else(|| msg::unknown_exercise_in_bundle(&a.exercise_id, 1))?;
            let learner = learners.get(&a.import_id).ok_or_else(|| msg::unreadable_answer(&place(), "?"))?;
            let answer: crate::kinds::Answer =
                serde_json::from_str(&a.answer).map_err(|e| msg::unreadable_answer(&place(), &e.to_string()))?;
            Ok((exercise, learner, answer))
        })
        .collect();
    // The distinct gradings, in the order first met (a learner's attempts stay together,
    // so the learner's variant data is built once), and each attempt's among them. An
    // answer is known by its JSON as stored (written from the parsed answer, so the same
    // answer is stored the same way).
    let mut index: HashMap<(&str, u64, &str), usize> = HashMap::new();
    let mut distinct: Vec<(&Exercise, &Learner, &crate::kinds::Answer)> = Vec::new();
    let which: Vec<Option<usize>> = asks
        .iter()
        .zip(&attempts)
        .map(|(ask, a)| {
            let (exercise, learner, answer) = ask.as_ref().ok()?;
            let key = (exercise.id.as_str(), grading::variant(exercise, learner), a.answer.as_str());
            Some(*index.entry(key).or_insert_with(|| {
                distinct.push((exercise, learner, answer));
                distinct.len() - 1
            }))
        })
        .collect();
    let graded: Vec<Result<GradedAttempt, String>> = distinct
        .par_iter()
        .map(|(exercise, learner, answer)| grading::grade(course, exercise, answer, learner).map_err(|e| e.to_string()))
        .collect();
    let results: Vec<Result<Option<ScoreChange>, String>> = attempts
        .iter()
        .zip(asks)
        .zip(which)
        .map(|((a, ask), which)| {
            let place = || msg::attempt_place(&a.exercise_id, a.seq as usize + 1);
            let (_, learner, _) = ask?;
            let graded = match which.map(|k| &graded[k]) {
                Some(Ok(g)) => g,
                Some(Err(e)) => return Err(msg::unreadable_answer(&place(), e)),
                None => return Err(msg::unreadable_answer(&place(), "?")),
            };
            let changed = (graded.verdict.earned - a.earned).abs() > 1e-9
                || graded.verdict.status != a.status
                || (graded.verdict.possible - a.possible).abs() > 1e-9;
            Ok(changed.then(|| ScoreChange {
                attempt_id: a.id,
                learner: msg::learner_label(&learner.name, &learner.group),
                group: learner.group.clone(),
                exercise_id: a.exercise_id.clone(),
                seq: a.seq,
                before: (a.earned, a.status),
                after: graded.verdict.clone(),
                spec_fingerprint: graded.spec_fingerprint.clone(),
                grader_version: graded.grader_version.clone(),
            }))
        })
        .collect();
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(Some(c)) => changes.push(c),
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    Ok((changes, problems))
}
