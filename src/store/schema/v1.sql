-- Schema version 1: the student, every checked attempt, a draft per exercise, the
-- hints shown, and small settings. Times are RFC 3339 text with the local offset.

-- One student per file: the row with id 1.
CREATE TABLE student (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    name       TEXT NOT NULL,
    group_name TEXT NOT NULL,
    created    TEXT NOT NULL
);

-- Every checked attempt, never updated nor deleted: the grader's record. `answer` and
-- `verdict` are the JSON of kinds::Answer and kinds::Verdict; `earned`, `possible` and
-- `status` repeat the verdict's so that scores can be read even when the JSON no longer
-- parses after the course changed.
CREATE TABLE attempt (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    exercise_id TEXT NOT NULL,
    answer      TEXT NOT NULL,
    verdict     TEXT NOT NULL,
    earned      REAL NOT NULL,
    possible    REAL NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('passed', 'partial', 'failed', 'awaiting_review')),
    hints_shown INTEGER NOT NULL CHECK (hints_shown >= 0),
    at          TEXT NOT NULL
);
CREATE INDEX attempt_by_exercise ON attempt (exercise_id, id);

-- The answer being worked on, one per exercise, overwritten as the learner types.
CREATE TABLE draft (
    exercise_id TEXT PRIMARY KEY,
    answer      TEXT NOT NULL,
    updated     TEXT NOT NULL
) WITHOUT ROWID;

-- Each hint revealed, once: when it was first shown.
CREATE TABLE hint (
    exercise_id TEXT NOT NULL,
    idx         INTEGER NOT NULL CHECK (idx >= 0),
    shown_at    TEXT NOT NULL,
    PRIMARY KEY (exercise_id, idx)
) WITHOUT ROWID;

-- Small named values (`last_exercise`).
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
