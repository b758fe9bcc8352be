-- Schema version 4: the instructor's reviews of the learner's answers, imported from a
-- feedback file (`crm-workbook feedback import`). Each review is kept once: importing
-- the same file again adds nothing. `criteria` is the JSON list of points per criterion
-- ([{"name": …, "points": …, "max": …}]).
CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    exercise_id TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    points      REAL NOT NULL,
    possible    REAL NOT NULL,
    criteria    TEXT NOT NULL,
    comment     TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (exercise_id, reviewer, reviewed_at)
);
