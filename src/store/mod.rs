//! Progress: the learner, every checked attempt, drafts. SQLite through rusqlite.
