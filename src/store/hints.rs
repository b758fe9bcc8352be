//! Hints revealed: each kept once, with the time it was first shown, for the grader.

use super::{Store, StoreError, encode_time, now};

impl Store {
    /// Records that hint `index` (0-based) of the exercise was shown. Showing it again
    /// changes nothing: the first time stays on record.
    pub fn record_hint(&self, exercise_id: &str, index: u32) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO hint (exercise_id, idx, shown_at) VALUES (?1, ?2, ?3)")
            .and_then(|mut stmt| stmt.execute((exercise_id, index, encode_time(&now()))))
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// How many of the exercise's hints have been shown.
    pub fn hints_shown(&self, exercise_id: &str) -> Result<u32, StoreError> {
        self.conn
            .prepare_cached("SELECT COUNT(*) FROM hint WHERE exercise_id = ?1")
            .and_then(|mut stmt| stmt.query_row([exercise_id], |r| r.get(0)))
            .map_err(|e| self.sqlite(e))
    }
}
