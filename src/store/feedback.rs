//! The instructor's reviews, imported from a feedback file, and the times a submission
//! derives the time spent from.

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, decode_time, encode_json, encode_time, now};

/// Points given for one criterion of an exercise's rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionPoints {
    pub name: String,
    pub points: f64,
    pub max: f64,
}

/// One review of one exercise as the learner reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    pub exercise_id: String,
    pub reviewer: String,
    pub reviewed_at: DateTime<Local>,
    pub points: f64,
    pub possible: f64,
    pub criteria: Vec<CriterionPoints>,
    pub comment: String,
}

impl Store {
    /// Keeps the reviews not kept yet (one per exercise, reviewer and time) and returns
    /// how many were new. One transaction: a file is imported whole or not at all.
    pub fn import_feedback(&self, reviews: &[Feedback]) -> Result<usize, StoreError> {
        let tx = self.write_transaction()?;
        let mut added = 0;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO feedback
                     (exercise_id, reviewer, reviewed_at, points, possible, criteria, comment, imported_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(|e| self.sqlite(e))?;
            let imported_at = encode_time(&now());
            for r in reviews {
                added += stmt
                    .execute(rusqlite::params![
                        r.exercise_id,
                        r.reviewer,
                        encode_time(&r.reviewed_at),
                        finite(r.points),
                        finite(r.possible),
                        encode_json(&r.criteria)?,
                        r.comment,
                        imported_at,
                    ])
                    .map_err(|e| self.sqlite(e))?;
            }
        }
        tx.commit().map_err(|e| self.sqlite(e))?;
        Ok(added)
    }

    /// The exercise's reviews, oldest first.
    pub fn feedback(&self, exercise_id: &str) -> Result<Vec<Feedback>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT exercise_id, reviewer, reviewed_at, points, possible, criteria, comment
                 FROM feedback WHERE exercise_id = ?1 ORDER BY reviewed_at, id",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([exercise_id], |r| {
                let at: String = r.get(2)?;
                let criteria: String = r.get(5)?;
                Ok(Feedback {
                    exercise_id: r.get(0)?,
                    reviewer: r.get(1)?,
                    reviewed_at: decode_time(&at).unwrap_or_else(now),
                    points: r.get(3)?,
                    possible: r.get(4)?,
                    criteria: serde_json::from_str(&criteria).unwrap_or_default(),
                    comment: r.get(6)?,
                })
            })
            .map_err(|e| self.sqlite(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.sqlite(e))
    }

    /// Every hint revealed, as (exercise, index, when), oldest first.
    pub fn hint_log(&self) -> Result<Vec<(String, u32, DateTime<Local>)>, StoreError> {
        self.timed_rows("SELECT exercise_id, idx, shown_at FROM hint ORDER BY shown_at")
    }

    /// When each exercise's draft was last saved.
    pub fn draft_times(&self) -> Result<Vec<(String, DateTime<Local>)>, StoreError> {
        let rows = self.timed_rows("SELECT exercise_id, 0, updated FROM draft ORDER BY updated")?;
        Ok(rows.into_iter().map(|(id, _, at)| (id, at)).collect())
    }

    /// When the learner was first set (the file's first start).
    pub fn learner_since(&self) -> Result<Option<DateTime<Local>>, StoreError> {
        let rows = self.timed_rows("SELECT '', 0, created FROM student WHERE id = 1")?;
        Ok(rows.into_iter().next().map(|(_, _, at)| at))
    }

    fn timed_rows(&self, sql: &str) -> Result<Vec<(String, u32, DateTime<Local>)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?, r.get::<_, String>(2)?)))
            .map_err(|e| self.sqlite(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, idx, at) = row.map_err(|e| self.sqlite(e))?;
            // A time that does not parse is left out: it cannot be placed.
            if let Some(at) = decode_time(&at) {
                out.push((id, idx, at));
            }
        }
        Ok(out)
    }
}

fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}
