//! The answer being worked on: one per exercise, overwritten as the learner types, so
//! that nothing typed is lost when the program or the terminal goes away.
//!
//! Beside the answer a draft may keep what the editor was typing that is not part of
//! the answer yet (a field of the RFM form being typed, valid or not): the store keeps
//! it as the editor wrote it and gives it back, knowing nothing of what it says.

use rusqlite::OptionalExtension;

use super::{Store, StoreError, encode_json, encode_time, now};
use crate::kinds::Answer;

/// A draft as it was saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub answer: Answer,
    /// What the editor was typing that is not in `answer` yet; `None` in drafts saved
    /// without it, and in every draft written before it was kept.
    pub pending: Option<String>,
}

impl Store {
    /// Keeps `answer` as the exercise's draft, replacing the previous one (and what was
    /// being typed with it).
    pub fn save_draft(&self, exercise_id: &str, answer: &Answer) -> Result<(), StoreError> {
        self.save_draft_pending(exercise_id, answer, None)
    }

    /// Keeps `answer` and what the editor is typing (`pending`) as the exercise's draft,
    /// replacing the previous one. One statement, cheap enough to call on every key.
    pub fn save_draft_pending(
        &self,
        exercise_id: &str,
        answer: &Answer,
        pending: Option<&str>,
    ) -> Result<(), StoreError> {
        let json = encode_json(answer)?;
        self.conn
            .prepare_cached(
                "INSERT INTO draft (exercise_id, answer, pending, updated) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (exercise_id) DO UPDATE
                 SET answer = excluded.answer, pending = excluded.pending, updated = excluded.updated",
            )
            .and_then(|mut stmt| stmt.execute((exercise_id, json, pending, encode_time(&now()))))
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// The exercise's draft answer; `None` when there is none or it no longer parses (the
    /// exercise changed since): the editor then starts from an empty answer.
    pub fn draft(&self, exercise_id: &str) -> Result<Option<Answer>, StoreError> {
        Ok(self.draft_pending(exercise_id)?.map(|d| d.answer))
    }

    /// The exercise's draft with what was being typed; `None` as for [`Store::draft`].
    pub fn draft_pending(&self, exercise_id: &str) -> Result<Option<Draft>, StoreError> {
        let row: Option<(String, Option<String>)> = self
            .conn
            .prepare_cached("SELECT answer, pending FROM draft WHERE exercise_id = ?1")
            .and_then(|mut stmt| stmt.query_row([exercise_id], |r| Ok((r.get(0)?, r.get(1)?))).optional())
            .map_err(|e| self.sqlite(e))?;
        Ok(row.and_then(|(json, pending)| serde_json::from_str(&json).ok().map(|answer| Draft { answer, pending })))
    }
}
