//! Who the file belongs to, and where the learner left off.

use rusqlite::OptionalExtension;

use super::{Store, StoreError, Student, encode_time, now};

/// `setting` key of the exercise open last.
const LAST_EXERCISE: &str = "last_exercise";

impl Store {
    /// The learner, once set.
    pub fn student(&self) -> Result<Option<Student>, StoreError> {
        self.conn
            .query_row("SELECT name, group_name FROM student WHERE id = 1", [], |r| {
                Ok(Student { name: r.get(0)?, group: r.get(1)? })
            })
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Sets the learner's name and group; the time the student was first set is kept.
    pub fn set_student(&self, name: &str, group: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO student (id, name, group_name, created) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, group_name = excluded.group_name",
                (name, group, encode_time(&now())),
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// The exercise the learner had open last, to resume there.
    pub fn last_exercise(&self) -> Result<Option<String>, StoreError> {
        self.setting(LAST_EXERCISE)
    }

    pub fn set_last_exercise(&self, exercise_id: &str) -> Result<(), StoreError> {
        self.set_setting(LAST_EXERCISE, exercise_id)
    }

    fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .prepare_cached("SELECT value FROM setting WHERE key = ?1")
            .and_then(|mut stmt| stmt.query_row([key], |r| r.get(0)).optional())
            .map_err(|e| self.sqlite(e))
    }

    fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .and_then(|mut stmt| stmt.execute((key, value)))
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }
}
