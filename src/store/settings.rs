//! Who the file belongs to, and where the learner left off.

use rusqlite::OptionalExtension;

use super::{Store, StoreError, Student, encode_time, now};
use crate::grading::{Learner, name_seed, new_learner_id};

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

    /// The learner with their id and variant seed, once set.
    pub fn learner(&self) -> Result<Option<Learner>, StoreError> {
        self.conn
            .query_row("SELECT learner_id, name, group_name, variant_seed FROM student WHERE id = 1", [], |r| {
                let (id, name, group, seed): (Option<String>, String, String, Option<String>) =
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                // Filled in at open (`fill_in_identity`); a row another program wrote since
                // still reads as that would fill it.
                let seed = seed.unwrap_or_else(|| name_seed(&name));
                Ok(Learner::new(id.unwrap_or_default(), name, group, seed))
            })
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Sets the learner's name and group. The first time, the learner gets an id and
    /// their variants are drawn from it; later changes keep the id, the variants and the
    /// time the student was first set.
    pub fn set_student(&self, name: &str, group: &str) -> Result<(), StoreError> {
        let id = new_learner_id();
        self.conn
            .execute(
                "INSERT INTO student (id, name, group_name, created, learner_id, variant_seed)
                 VALUES (1, ?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, group_name = excluded.group_name",
                (name, group, encode_time(&now()), id),
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// Writes a learner whole, id and variant seed included: a learner known elsewhere (a
    /// gradebook's, a test's fixed one). The time the student was first set is kept.
    pub fn set_learner(&self, learner: &Learner) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO student (id, name, group_name, created, learner_id, variant_seed)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, group_name = excluded.group_name,
                     learner_id = excluded.learner_id, variant_seed = excluded.variant_seed",
                (&learner.name, &learner.group, encode_time(&now()), &learner.id, learner.variant_seed()),
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// Gives a learner recorded before schema version 3 an id, and keeps drawing their
    /// variants from their name as it was then. Does nothing for any other file, and
    /// nothing when another program did it first.
    pub(super) fn fill_in_identity(&self) -> Result<(), StoreError> {
        let name: Option<String> = self
            .conn
            .query_row("SELECT name FROM student WHERE id = 1 AND learner_id IS NULL", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.sqlite(e))?;
        let Some(name) = name else { return Ok(()) };
        self.conn
            .execute(
                "UPDATE student SET learner_id = ?1, variant_seed = COALESCE(variant_seed, ?2)
                 WHERE id = 1 AND learner_id IS NULL",
                (new_learner_id(), name_seed(&name)),
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
