-- Schema version 3: who the learner is and what each attempt was graded against.
-- `learner_id` is generated once per file and `variant_seed` is what the learner's
-- variants are drawn from: its id for a file made now; for a file made before, the
-- lowercased name as variants were drawn then (the program fills both in when it opens
-- such a file, since SQLite's lower() knows no Cyrillic).
ALTER TABLE student ADD COLUMN learner_id TEXT;
ALTER TABLE student ADD COLUMN variant_seed TEXT;

-- The learner's variant (a 64-bit number stored as its signed bit pattern), the
-- fingerprint of the exercise's spec and the grader's version; NULL for attempts
-- recorded before version 3.
ALTER TABLE attempt ADD COLUMN variant INTEGER;
ALTER TABLE attempt ADD COLUMN spec_fingerprint TEXT;
ALTER TABLE attempt ADD COLUMN grader_version TEXT;
