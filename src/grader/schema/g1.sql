-- Gradebook schema version 1. Imports and attempts are only ever added (a later import
-- of the same learner is history, not a replacement); re-grading updates the graded
-- columns of attempts; reviews are append-only (the triggers refuse UPDATE and DELETE).

-- Every learner seen, by the id of their progress file.
CREATE TABLE learner (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    group_name   TEXT NOT NULL,
    variant_seed TEXT NOT NULL,
    first_seen   TEXT NOT NULL
) WITHOUT ROWID;

-- One bundle imported: the file as it was read (`bundle`, so that a re-grade needs no
-- file), which course it was made with and which course re-graded it.
CREATE TABLE import (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    learner_id         TEXT NOT NULL REFERENCES learner (id),
    file               TEXT NOT NULL,
    bundle_hash        TEXT NOT NULL,
    bundle             TEXT NOT NULL,
    bundle_created     TEXT NOT NULL,
    course_hash        TEXT NOT NULL,
    graded_course_hash TEXT NOT NULL,
    time_spent_seconds INTEGER NOT NULL,
    imported_at        TEXT NOT NULL,
    imported_by        TEXT NOT NULL
);
CREATE INDEX import_by_learner ON import (learner_id, id);

-- Every attempt of every import, re-graded here. `claimed_*` is what the bundle said
-- (never used for a score).
CREATE TABLE attempt (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    import_id        INTEGER NOT NULL REFERENCES import (id),
    exercise_id      TEXT NOT NULL,
    seq              INTEGER NOT NULL,
    answer           TEXT NOT NULL,
    answer_hash      TEXT NOT NULL,
    at               TEXT NOT NULL,
    hints_shown      INTEGER NOT NULL,
    variant          INTEGER NOT NULL,
    earned           REAL NOT NULL,
    possible         REAL NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('passed', 'partial', 'failed', 'awaiting_review')),
    verdict          TEXT NOT NULL,
    spec_fingerprint TEXT NOT NULL,
    grader_version   TEXT NOT NULL,
    claimed_earned   REAL,
    UNIQUE (import_id, exercise_id, seq)
);
CREATE INDEX attempt_by_import ON attempt (import_id, exercise_id);

-- A reviewer's points for one answer (by its hash: a re-import of the same answer keeps
-- its review), per criterion, with a comment.
CREATE TABLE review (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    learner_id  TEXT NOT NULL REFERENCES learner (id),
    exercise_id TEXT NOT NULL,
    answer_hash TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    at          TEXT NOT NULL,
    criteria    TEXT NOT NULL,
    points      REAL NOT NULL,
    possible    REAL NOT NULL,
    comment     TEXT NOT NULL
);
CREATE INDEX review_by_answer ON review (learner_id, exercise_id, answer_hash);
CREATE TRIGGER review_is_append_only_update BEFORE UPDATE ON review
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER review_is_append_only_delete BEFORE DELETE ON review
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
