//! The answer being worked on: one per exercise, overwritten as the learner types, so
//! that nothing typed is lost when the program or the terminal goes away.

use rusqlite::OptionalExtension;

use super::{Store, StoreError, encode_json, encode_time, now};
use crate::kinds::Answer;

impl Store {
    /// Keeps `answer` as the exercise's draft, replacing the previous one. One statement,
    /// cheap enough to call on every change.
    pub fn save_draft(&self, exercise_id: &str, answer: &Answer) -> Result<(), StoreError> {
        let json = encode_json(answer)?;
        self.conn
            .prepare_cached(
                "INSERT INTO draft (exercise_id, answer, updated) VALUES (?1, ?2, ?3)
                 ON CONFLICT (exercise_id) DO UPDATE SET answer = excluded.answer, updated = excluded.updated",
            )
            .and_then(|mut stmt| stmt.execute((exercise_id, json, encode_time(&now()))))
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// The exercise's draft; `None` when there is none or it no longer parses (the
    /// exercise changed since): the editor then starts from an empty answer.
    pub fn draft(&self, exercise_id: &str) -> Result<Option<Answer>, StoreError> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT answer FROM draft WHERE exercise_id = ?1")
            .and_then(|mut stmt| stmt.query_row([exercise_id], |r| r.get(0)).optional())
            .map_err(|e| self.sqlite(e))?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }
}
