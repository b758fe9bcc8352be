//! Checked attempts: recorded once, never changed; the best one is the exercise's score.

use std::collections::BTreeMap;

use rusqlite::{Row, params};

use super::{Attempt, GradedWith, Progress, Store, StoreError, decode_time, encode_json, encode_time, now};
use crate::grading::GradedAttempt;
use crate::kinds::{Answer, Status, Verdict};
use crate::strings::store as msg;

impl Store {
    /// Records a checked answer with the hints revealed so far and what it was graded
    /// against, and returns it as stored.
    pub fn record_attempt(
        &self,
        exercise_id: &str,
        answer: &Answer,
        graded: &GradedAttempt,
    ) -> Result<Attempt, StoreError> {
        let verdict = &graded.verdict;
        let answer_json = encode_json(answer)?;
        let verdict_json = encode_json(verdict)?;
        let at = now();
        let tx = self.write_transaction()?;
        let hints_shown: u32 = tx
            .query_row("SELECT COUNT(*) FROM hint WHERE exercise_id = ?1", [exercise_id], |r| r.get(0))
            .map_err(|e| self.sqlite(e))?;
        tx.execute(
            "INSERT INTO attempt (exercise_id, answer, verdict, earned, possible, status, hints_shown, at,
                                  variant, spec_fingerprint, grader_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                exercise_id,
                answer_json,
                verdict_json,
                finite_or_zero(verdict.earned),
                finite_or_zero(verdict.possible),
                status_name(verdict.status),
                hints_shown,
                encode_time(&at),
                // The variant's bits as SQLite's signed 64-bit integer.
                graded.variant as i64,
                graded.spec_fingerprint,
                graded.grader_version,
            ],
        )
        .map_err(|e| self.sqlite(e))?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(|e| self.sqlite(e))?;
        Ok(Attempt {
            id,
            exercise_id: exercise_id.to_string(),
            answer: answer.clone(),
            verdict: verdict.clone(),
            graded_with: Some(GradedWith {
                variant: graded.variant,
                spec_fingerprint: graded.spec_fingerprint.clone(),
                grader_version: graded.grader_version.clone(),
            }),
            hints_shown,
            at,
        })
    }

    /// The exercise's attempts, oldest first, leaving out those whose answer or verdict
    /// no longer parses (see [`Store::unreadable_attempts`]).
    pub fn attempts(&self, exercise_id: &str) -> Result<Vec<Attempt>, StoreError> {
        Ok(self.read_attempts(exercise_id)?.into_iter().flatten().collect())
    }

    /// How many of the exercise's attempts [`Store::attempts`] leaves out because they
    /// were stored by a version of the course whose answers read differently.
    pub fn unreadable_attempts(&self, exercise_id: &str) -> Result<u32, StoreError> {
        let n = self.read_attempts(exercise_id)?.iter().filter(|a| a.is_none()).count();
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Every attempt of the exercise, oldest first; `None` for one that does not parse.
    fn read_attempts(&self, exercise_id: &str) -> Result<Vec<Option<Attempt>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, exercise_id, answer, verdict, hints_shown, at, variant, spec_fingerprint, grader_version
                 FROM attempt WHERE exercise_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt.query_map([exercise_id], decode_attempt).map_err(|e| self.sqlite(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.sqlite(e))
    }

    /// Per exercise with at least one attempt: its best attempt (highest earned, the
    /// latest among equals), the number of attempts and of hints revealed.
    pub fn progress(&self) -> Result<BTreeMap<String, Progress>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.exercise_id, a.earned, a.possible, a.status, a.attempts,
                        (SELECT COUNT(*) FROM hint h WHERE h.exercise_id = a.exercise_id)
                 FROM (SELECT exercise_id, earned, possible, status,
                              COUNT(*) OVER (PARTITION BY exercise_id) AS attempts,
                              ROW_NUMBER() OVER (PARTITION BY exercise_id ORDER BY earned DESC, id DESC) AS rank
                       FROM attempt) a
                 WHERE a.rank = 1",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?, r.get(4)?, r.get(5)?))
            })
            .map_err(|e| self.sqlite(e))?;
        let mut progress = BTreeMap::new();
        for row in rows {
            let (exercise_id, best_earned, possible, status, attempts, hints_shown) =
                row.map_err(|e| self.sqlite(e))?;
            let best_status = parse_status(&status).ok_or_else(|| StoreError::Corrupt {
                path: self.path.clone(),
                what: msg::bad_column("attempt", "status", &status),
            })?;
            progress.insert(exercise_id, Progress { best_earned, possible, best_status, attempts, hints_shown });
        }
        Ok(progress)
    }
}

/// A row as an attempt, or `None` when its JSON or time no longer parses.
fn decode_attempt(row: &Row<'_>) -> rusqlite::Result<Option<Attempt>> {
    let answer: String = row.get(2)?;
    let verdict: String = row.get(3)?;
    let at: String = row.get(5)?;
    let (Ok(answer), Ok(verdict), Some(at)) =
        (serde_json::from_str::<Answer>(&answer), serde_json::from_str::<Verdict>(&verdict), decode_time(&at))
    else {
        return Ok(None);
    };
    let graded_with = match (row.get::<_, Option<i64>>(6)?, row.get(7)?, row.get(8)?) {
        (Some(variant), Some(spec_fingerprint), Some(grader_version)) => {
            Some(GradedWith { variant: variant as u64, spec_fingerprint, grader_version })
        }
        _ => None,
    };
    Ok(Some(Attempt {
        id: row.get(0)?,
        exercise_id: row.get(1)?,
        answer,
        verdict,
        graded_with,
        hints_shown: row.get(4)?,
        at,
    }))
}

/// The names the `status` column allows (schema v1's CHECK). A new status needs a
/// migration that widens the CHECK: the compiler points here when one is added.
pub(crate) fn status_name(status: Status) -> &'static str {
    match status {
        Status::Passed => "passed",
        Status::Partial => "partial",
        Status::Failed => "failed",
        Status::AwaitingReview => "awaiting_review",
    }
}

pub(crate) fn parse_status(name: &str) -> Option<Status> {
    [Status::Passed, Status::Partial, Status::Failed, Status::AwaitingReview]
        .into_iter()
        .find(|s| status_name(*s) == name)
}

/// SQLite stores NaN as NULL, which the NOT NULL columns refuse; an attempt is worth
/// more on record with 0 than lost.
fn finite_or_zero(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}
