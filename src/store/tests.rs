use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::thread;

use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;

use super::*;
use crate::grading::GradedAttempt;
use crate::kinds::{Finding, choice, grid};

fn grid_answer(cells: &[(&str, &[&str])]) -> Answer {
    let cells: BTreeMap<String, Vec<String>> =
        cells.iter().map(|(cell, cards)| (cell.to_string(), cards.iter().map(|c| c.to_string()).collect())).collect();
    Answer::Grid(grid::Answer { cells })
}

fn choice_answer(selected: &[&str]) -> Answer {
    Answer::Choice(choice::Answer { selected: selected.iter().map(|s| s.to_string()).collect() })
}

fn graded(earned: f64, possible: f64, status: Status) -> GradedAttempt {
    let verdict = Verdict {
        earned,
        possible,
        status,
        findings: vec![Finding::wrong(crate::kinds::Place::cell("a", "b"), "не та карточка")],
    };
    GradedAttempt { verdict, variant: 7, spec_fingerprint: "0123456789abcdef".into(), grader_version: "test".into() }
}

fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.db");
    (dir, path)
}

/// A plain connection to inspect or tamper with the file behind the store's back.
fn raw(path: &Path) -> Connection {
    crate::data::sql::open_with_flags(path, OpenFlags::default()).expect("raw connection")
}

fn tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn everything_survives_closing_and_reopening_the_file() {
    let (_dir, path) = temp_db();
    let first;
    let second;
    {
        let store = Store::open(&path).unwrap();
        store.set_student("Иванова Анна", "ИС-21").unwrap();
        store.record_hint("pp1.target-market", 0).unwrap();
        first = store
            .record_attempt("pp1.target-market", &grid_answer(&[("a/b", &["c1"])]), &graded(4.0, 12.0, Status::Partial))
            .unwrap();
        second = store
            .record_attempt(
                "pp1.target-market",
                &grid_answer(&[("a/b", &["c1", "c2"])]),
                &graded(12.0, 12.0, Status::Passed),
            )
            .unwrap();
        store.save_draft("pp1.target-market", &grid_answer(&[("x/y", &["c9"])])).unwrap();
        store.save_draft("theory.q1", &choice_answer(&["b"])).unwrap();
        store.set_last_exercise("theory.q1").unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.student().unwrap(), Some(Student { name: "Иванова Анна".into(), group: "ИС-21".into() }));
    assert_eq!(store.attempts("pp1.target-market").unwrap(), vec![first.clone(), second.clone()]);
    assert_eq!(first.hints_shown, 1);
    assert!(first.id < second.id && first.at <= second.at);
    assert_eq!(store.draft("pp1.target-market").unwrap(), Some(grid_answer(&[("x/y", &["c9"])])));
    assert_eq!(store.draft("theory.q1").unwrap(), Some(choice_answer(&["b"])));
    assert_eq!(store.draft("theory.q2").unwrap(), None);
    assert_eq!(store.last_exercise().unwrap().as_deref(), Some("theory.q1"));
    assert_eq!(store.hints_shown("pp1.target-market").unwrap(), 1);
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
}

#[test]
fn a_new_store_is_empty() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.student().unwrap(), None);
    assert!(store.progress().unwrap().is_empty());
    assert!(store.attempts("pp1.target-market").unwrap().is_empty());
    assert_eq!(store.last_exercise().unwrap(), None);
    assert_eq!(store.hints_shown("pp1.target-market").unwrap(), 0);
}

#[test]
fn open_creates_missing_folders() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a").join("b").join("progress.db");
    Store::open(&path).unwrap().set_student("Пётр", "").unwrap();
    assert!(path.is_file());
}

#[test]
fn the_file_is_in_wal_mode_with_foreign_keys_and_a_busy_timeout() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    let fk: bool = store.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    let timeout: i64 = store.conn.pragma_query_value(None, "busy_timeout", |r| r.get(0)).unwrap();
    assert_eq!((mode.as_str(), fk, timeout), ("wal", true, 5000));
}

#[test]
fn student_is_updated_in_place() {
    let store = Store::open_in_memory().unwrap();
    store.set_student("Анна", "").unwrap();
    store.set_student("Анна Иванова", "ИС-22").unwrap();
    assert_eq!(store.student().unwrap(), Some(Student { name: "Анна Иванова".into(), group: "ИС-22".into() }));
    let rows: i64 = store.conn.query_row("SELECT COUNT(*) FROM student", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 1);
}

#[test]
fn the_best_attempt_is_the_highest_score_and_the_latest_among_equals() {
    use Status::*;
    // (attempts in order as (earned, status)) → (best earned, best status)
    type Score = (f64, Status);
    let cases: &[(&[Score], Score)] = &[
        (&[(3.0, Partial)], (3.0, Partial)),
        (&[(0.0, Failed), (10.0, Passed), (4.0, Partial)], (10.0, Passed)),
        (&[(4.0, Partial), (0.0, Failed)], (4.0, Partial)),
        (&[(5.0, Partial), (5.0, AwaitingReview)], (5.0, AwaitingReview)),
        (&[(5.0, AwaitingReview), (5.0, Partial)], (5.0, Partial)),
        (&[(0.0, Failed), (0.0, Failed), (2.5, Partial), (2.5, Partial)], (2.5, Partial)),
    ];
    for (attempts, (earned, status)) in cases {
        let store = Store::open_in_memory().unwrap();
        for (e, s) in *attempts {
            store.record_attempt("theory.q1", &choice_answer(&["a"]), &graded(*e, 10.0, *s)).unwrap();
        }
        let progress = store.progress().unwrap();
        let p = &progress["theory.q1"];
        assert_eq!((p.best_earned, p.best_status), (*earned, *status), "attempts {attempts:?}");
        assert_eq!((p.possible, p.attempts as usize), (10.0, attempts.len()), "attempts {attempts:?}");
    }
}

#[test]
fn progress_is_per_exercise_with_attempt_and_hint_counts() {
    let store = Store::open_in_memory().unwrap();
    store.record_hint("a.one", 0).unwrap();
    store.record_hint("a.one", 1).unwrap();
    store.record_hint("a.hints-only", 0).unwrap();
    store.record_attempt("a.one", &choice_answer(&[]), &graded(0.0, 2.0, Status::Failed)).unwrap();
    store.record_attempt("a.one", &choice_answer(&["x"]), &graded(2.0, 2.0, Status::Passed)).unwrap();
    store.record_attempt("a.two", &choice_answer(&["y"]), &graded(1.0, 3.0, Status::Partial)).unwrap();
    let progress = store.progress().unwrap();
    assert_eq!(progress.keys().collect::<Vec<_>>(), ["a.one", "a.two"], "hints alone make no progress entry");
    assert_eq!(
        progress["a.one"],
        Progress { best_earned: 2.0, possible: 2.0, best_status: Status::Passed, attempts: 2, hints_shown: 2 }
    );
    assert_eq!(
        progress["a.two"],
        Progress { best_earned: 1.0, possible: 3.0, best_status: Status::Partial, attempts: 1, hints_shown: 0 }
    );
}

#[test]
fn hints_are_recorded_once_per_index_and_attempts_remember_how_many_were_shown() {
    let store = Store::open_in_memory().unwrap();
    let ex = "pp1.crm-goals";
    let before = store.record_attempt(ex, &choice_answer(&[]), &graded(0.0, 5.0, Status::Failed)).unwrap();
    store.record_hint(ex, 0).unwrap();
    let shown_at: String = store.conn.query_row("SELECT shown_at FROM hint WHERE idx = 0", [], |r| r.get(0)).unwrap();
    store.record_hint(ex, 0).unwrap();
    store.record_hint(ex, 0).unwrap();
    assert_eq!(store.hints_shown(ex).unwrap(), 1);
    let again: String = store.conn.query_row("SELECT shown_at FROM hint WHERE idx = 0", [], |r| r.get(0)).unwrap();
    assert_eq!(again, shown_at, "the first time a hint was shown stays on record");
    let after_one = store.record_attempt(ex, &choice_answer(&["a"]), &graded(1.0, 5.0, Status::Partial)).unwrap();
    store.record_hint(ex, 1).unwrap();
    store.record_hint("other", 0).unwrap();
    let after_two = store.record_attempt(ex, &choice_answer(&["b"]), &graded(5.0, 5.0, Status::Passed)).unwrap();
    assert_eq!([before.hints_shown, after_one.hints_shown, after_two.hints_shown], [0, 1, 2]);
    assert_eq!(store.hints_shown(ex).unwrap(), 2);
    assert_eq!(
        store.attempts(ex).unwrap().iter().map(|a| a.hints_shown).collect::<Vec<_>>(),
        [0, 1, 2],
        "stored with each attempt, not recomputed"
    );
}

#[test]
fn a_draft_is_replaced_not_added() {
    let store = Store::open_in_memory().unwrap();
    for cards in [&["c1"][..], &["c1", "c2"], &[]] {
        store.save_draft("pp1.target-market", &grid_answer(&[("r/c", cards)])).unwrap();
        assert_eq!(store.draft("pp1.target-market").unwrap(), Some(grid_answer(&[("r/c", cards)])));
    }
    let rows: i64 = store.conn.query_row("SELECT COUNT(*) FROM draft", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 1);
}

#[test]
fn rows_whose_json_no_longer_parses_are_left_out_but_still_count() {
    let store = Store::open_in_memory().unwrap();
    let ex = "theory.q1";
    let good = store.record_attempt(ex, &choice_answer(&["a"]), &graded(1.0, 4.0, Status::Partial)).unwrap();
    // Written by an older course: a kind that no longer exists, a verdict of another shape,
    // a time that is not one.
    let insert = "INSERT INTO attempt (exercise_id, answer, verdict, earned, possible, status, hints_shown, at)
                  VALUES (?1, ?2, ?3, ?4, 4.0, ?5, 0, ?6)";
    let verdict_json = serde_json::to_string(&graded(3.0, 4.0, Status::Partial)).unwrap();
    let answer_json = serde_json::to_string(&choice_answer(&["b"])).unwrap();
    let at = encode_time(&now());
    for (answer, verdict, earned, status, at) in [
        (r#"{"kind":"essay","text":"…"}"#, verdict_json.as_str(), 3.0, "partial", at.as_str()),
        (answer_json.as_str(), r#"{"score":4}"#, 4.0, "passed", at.as_str()),
        (answer_json.as_str(), verdict_json.as_str(), 2.0, "partial", "вчера"),
        ("not json", "not json", 0.0, "failed", at.as_str()),
    ] {
        store.conn.execute(insert, (ex, answer, verdict, earned, status, at)).unwrap();
    }
    store
        .conn
        .execute("INSERT INTO draft (exercise_id, answer, updated) VALUES (?1, '{\"kind\":\"essay\"}', '')", [ex])
        .unwrap();
    store.conn.execute("INSERT INTO draft (exercise_id, answer, updated) VALUES ('x', '{', '')", []).unwrap();

    assert_eq!(store.attempts(ex).unwrap(), vec![good]);
    assert_eq!(store.unreadable_attempts(ex).unwrap(), 4);
    assert_eq!(store.unreadable_attempts("other").unwrap(), 0);
    assert_eq!(store.draft(ex).unwrap(), None);
    assert_eq!(store.draft("x").unwrap(), None);
    let p = &store.progress().unwrap()[ex];
    assert_eq!((p.attempts, p.best_earned, p.best_status), (5, 4.0, Status::Passed), "scores do not need the JSON");
}

#[test]
fn a_status_the_program_never_writes_is_refused_by_the_schema() {
    let store = Store::open_in_memory().unwrap();
    let result = store.conn.execute(
        "INSERT INTO attempt (exercise_id, answer, verdict, earned, possible, status, hints_shown, at)
         VALUES ('x', '{}', '{}', 1, 1, 'excellent', 0, '')",
        [],
    );
    assert!(result.is_err());
}

#[test]
fn every_status_round_trips_through_the_status_column() {
    for status in [Status::Passed, Status::Partial, Status::Failed, Status::AwaitingReview] {
        let store = Store::open_in_memory().unwrap();
        store.record_attempt("x", &choice_answer(&[]), &graded(1.0, 1.0, status)).unwrap();
        assert_eq!(store.progress().unwrap()["x"].best_status, status);
    }
}

#[test]
fn a_score_that_is_not_a_number_is_kept_as_zero() {
    let store = Store::open_in_memory().unwrap();
    store.record_attempt("x", &choice_answer(&[]), &graded(f64::NAN, 2.0, Status::Failed)).unwrap();
    assert_eq!(store.progress().unwrap()["x"].best_earned, 0.0);
}

// ---- migrations ----

#[test]
fn an_empty_file_is_migrated_to_the_latest_schema() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(tables(&store.conn), ["attempt", "draft", "feedback", "hint", "setting", "sqlite_sequence", "student"]);
}

#[test]
fn a_database_at_version_0_is_migrated() {
    let (_dir, path) = temp_db();
    Store::open_with(&path, &[]).unwrap();
    assert_eq!(migrations::user_version(&raw(&path)).unwrap(), 0);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    store.record_attempt("x", &choice_answer(&[]), &graded(1.0, 1.0, Status::Passed)).unwrap();
}

/// A schema history of three steps, to check that a file at any version runs exactly the
/// steps it is missing, in order, and keeps its data.
const HISTORY: &[&str] = &[
    "CREATE TABLE log (step INTEGER); INSERT INTO log VALUES (1);",
    "ALTER TABLE log ADD COLUMN note TEXT; INSERT INTO log VALUES (2, 'b');",
    "CREATE TABLE extra (x); INSERT INTO log VALUES (3, 'c');",
];

#[test]
fn a_file_at_each_older_version_runs_the_missing_steps_in_order() {
    for from in 0..=HISTORY.len() {
        let (_dir, path) = temp_db();
        Store::open_with(&path, &HISTORY[..from]).unwrap();
        let store = Store::open_with(&path, HISTORY).unwrap();
        assert_eq!(store.schema_version().unwrap(), HISTORY.len() as i64, "from version {from}");
        let steps: Vec<i64> = store
            .conn
            .prepare("SELECT step FROM log ORDER BY rowid")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(steps, [1, 2, 3], "from version {from}: each step ran once");
    }
}

#[test]
fn a_failing_migration_leaves_the_file_at_its_old_version() {
    let (_dir, path) = temp_db();
    Store::open_with(&path, &HISTORY[..1]).unwrap();
    let broken = [HISTORY[0], HISTORY[1], "CREATE TABLE log (step INTEGER);"];
    let err = Store::open_with(&path, &broken).err().expect("the broken step fails");
    assert!(matches!(err, StoreError::Sqlite { .. }), "{err:?}");
    let conn = raw(&path);
    assert_eq!(migrations::user_version(&conn).unwrap(), 1);
    let columns: i64 = conn.query_row("SELECT COUNT(*) FROM pragma_table_info('log')", [], |r| r.get(0)).unwrap();
    assert_eq!(columns, 1, "step 2 rolled back with step 3");
}

#[test]
fn a_file_from_a_newer_program_is_refused_untouched() {
    let (_dir, path) = temp_db();
    Store::open(&path).unwrap();
    raw(&path).pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(
        matches!(err, StoreError::TooNew { found, supported, .. } if found == LATEST_VERSION + 1 && supported == LATEST_VERSION)
    );
    assert!(err.to_string().contains("более новой версией"), "{err}");
    assert_eq!(migrations::user_version(&raw(&path)).unwrap(), LATEST_VERSION + 1);
}

// ---- files that cannot be used ----

#[test]
fn a_file_that_is_not_a_database_is_a_clear_error() {
    for content in [&b"hello"[..], "Иванов;ИС-21;12\n".repeat(200).as_bytes(), &[0xff; 4096]] {
        let (_dir, path) = temp_db();
        std::fs::write(&path, content).unwrap();
        let err = Store::open(&path).err().expect("not a database");
        assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
        let text = err.to_string();
        assert!(text.contains(&path.display().to_string()) && text.contains("не является базой"), "{text}");
        assert_eq!(std::fs::read(&path).unwrap(), content, "the file is left as it was");
    }
}

#[test]
fn a_folder_is_not_a_database_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).err().expect("a folder");
    assert!(matches!(err, StoreError::CannotOpen { .. }), "{err:?}");
    assert!(err.to_string().contains("это папка"), "{err}");
}

#[test]
fn a_folder_that_cannot_be_created_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let err = Store::open(&file.join("sub").join("progress.db")).err().expect("a file in the way");
    assert!(matches!(err, StoreError::CreateDir { .. }), "{err:?}");
    assert!(err.to_string().starts_with("не удалось создать папку"), "{err}");
}

#[test]
fn a_database_sqlite_opens_read_only_is_refused() {
    let (_dir, path) = temp_db();
    Store::open(&path).unwrap();
    let conn = crate::data::sql::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let err = Store::configure(conn, path.clone(), migrations::MIGRATIONS).err().expect("read-only");
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    assert!(err.to_string().contains("только для чтения"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_write_protected_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_db();
    Store::open(&path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    if std::fs::OpenOptions::new().write(true).open(&path).is_ok() {
        // Running as root: permissions do not protect the file; the test above covers
        // how a read-only open is reported.
        return;
    }
    let err = Store::open(&path).err().expect("write-protected");
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
}

#[test]
fn sqlite_errors_are_sorted_by_what_the_learner_can_do() {
    use rusqlite::ffi;
    let path = Path::new("/tmp/p.db");
    let failure = |code| rusqlite::Error::SqliteFailure(ffi::Error::new(code), None);
    type IsExpected = fn(&StoreError) -> bool;
    let cases: &[(i32, IsExpected)] = &[
        (ffi::SQLITE_NOTADB, |e| matches!(e, StoreError::NotADatabase { .. })),
        (ffi::SQLITE_CORRUPT, |e| matches!(e, StoreError::NotADatabase { .. })),
        (ffi::SQLITE_READONLY, |e| matches!(e, StoreError::ReadOnly { .. })),
        (ffi::SQLITE_BUSY, |e| matches!(e, StoreError::Busy { .. })),
        (ffi::SQLITE_FULL, |e| matches!(e, StoreError::DiskFull { .. })),
        (ffi::SQLITE_CANTOPEN, |e| matches!(e, StoreError::CannotOpen { .. })),
        (ffi::SQLITE_CONSTRAINT, |e| matches!(e, StoreError::Sqlite { .. })),
    ];
    for (code, expected) in cases {
        let err = StoreError::from_sqlite(path, failure(*code));
        assert!(expected(&err), "code {code}: {err:?}");
        assert!(err.to_string().contains("/tmp/p.db"), "{err}");
    }
}

#[test]
fn the_default_path_is_progress_db_in_a_crm_workbook_folder() {
    if let Some(path) = Store::default_path() {
        assert_eq!(path.file_name().and_then(|n| n.to_str()), Some("progress.db"));
        assert!(path.to_string_lossy().contains("crm-workbook"), "{}", path.display());
    }
}

// ---- two programs on one file ----

#[test]
fn two_stores_writing_at_once_lose_nothing_and_keep_the_file_sound() {
    const PER_THREAD: usize = 60;
    let (_dir, path) = temp_db();
    Store::open(&path).unwrap();
    let barrier = Arc::new(Barrier::new(2));
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|who| {
            let (path, barrier) = (path.clone(), Arc::clone(&barrier));
            thread::spawn(move || {
                let store = Store::open(&path).unwrap();
                barrier.wait();
                for i in 0..PER_THREAD {
                    let ex = format!("{who}.ex{}", i % 3);
                    store.save_draft(&ex, &choice_answer(&[&i.to_string()])).unwrap();
                    store.record_hint(&ex, (i % 4) as u32).unwrap();
                    store
                        .record_attempt(&ex, &choice_answer(&[who]), &graded(i as f64, 100.0, Status::Partial))
                        .unwrap();
                    // Readers never block the other writer in WAL mode.
                    store.progress().unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer thread");
    }
    let store = Store::open(&path).unwrap();
    let total: i64 = store.conn.query_row("SELECT COUNT(*) FROM attempt", [], |r| r.get(0)).unwrap();
    assert_eq!(total as usize, 2 * PER_THREAD);
    let progress = store.progress().unwrap();
    assert_eq!(progress.len(), 6);
    assert_eq!(progress.values().map(|p| p.attempts as usize).sum::<usize>(), 2 * PER_THREAD);
    for who in ["a", "b"] {
        let ex0: Vec<f64> = store.attempts(&format!("{who}.ex0")).unwrap().iter().map(|a| a.verdict.earned).collect();
        let expected: Vec<f64> = (0..PER_THREAD).filter(|i| i % 3 == 0).map(|i| i as f64).collect();
        assert_eq!(ex0, expected, "{who}'s attempts in the order they were made");
    }
    let check: String = store.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn two_programs_opening_a_new_file_at_once_migrate_it_once() {
    for _ in 0..5 {
        let (_dir, path) = temp_db();
        let barrier = Arc::new(Barrier::new(2));
        let openers: Vec<_> = (0..2)
            .map(|i| {
                let (path, barrier) = (path.clone(), Arc::clone(&barrier));
                thread::spawn(move || {
                    barrier.wait();
                    let store = Store::open(&path).unwrap();
                    store.record_attempt("x", &choice_answer(&[]), &graded(i as f64, 1.0, Status::Partial)).unwrap();
                })
            })
            .collect();
        for o in openers {
            o.join().expect("opener thread");
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
        assert_eq!(store.progress().unwrap()["x"].attempts, 2);
    }
}

// ---- drafts with text being typed ----

#[test]
fn a_draft_keeps_what_was_being_typed_until_a_draft_without_it_replaces_it() {
    let store = Store::open_in_memory().unwrap();
    let answer = choice_answer(&["a"]);
    store.save_draft_pending("x", &answer, Some(r#"{"field":"bins","text":"3-"}"#)).unwrap();
    let draft = store.draft_pending("x").unwrap().expect("draft");
    assert_eq!((draft.answer, draft.pending.as_deref()), (answer.clone(), Some(r#"{"field":"bins","text":"3-"}"#)));
    store.save_draft("x", &answer).unwrap();
    assert_eq!(store.draft_pending("x").unwrap().expect("draft").pending, None);
}

#[test]
fn a_draft_written_at_schema_version_1_loads_with_nothing_being_typed() {
    let (_dir, path) = temp_db();
    Store::open_with(&path, &migrations::MIGRATIONS[..1]).unwrap();
    let json = serde_json::to_string(&choice_answer(&["b"])).unwrap();
    raw(&path)
        .execute("INSERT INTO draft (exercise_id, answer, updated) VALUES ('theory.q1', ?1, '')", [json])
        .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let draft = store.draft_pending("theory.q1").unwrap().expect("the old draft");
    assert_eq!(draft, Draft { answer: choice_answer(&["b"]), pending: None });
}

// ---- the learner's identity (schema version 3) ----

#[test]
fn a_version_2_file_keeps_its_learners_variants_and_gains_an_id() {
    let (_dir, path) = temp_db();
    Store::open_with(&path, &migrations::MIGRATIONS[..2]).unwrap();
    let conn = raw(&path);
    conn.execute(
        "INSERT INTO student (id, name, group_name, created) VALUES (1, 'Иванова Анна', 'ИС-21', '2026-01-01T00:00:00+03:00')",
        [],
    )
    .unwrap();
    let answer = serde_json::to_string(&choice_answer(&["a"])).unwrap();
    let verdict = serde_json::to_string(&graded(1.0, 1.0, Status::Passed).verdict).unwrap();
    conn.execute(
        "INSERT INTO attempt (exercise_id, answer, verdict, earned, possible, status, hints_shown, at)
         VALUES ('theory.q1', ?1, ?2, 1, 1, 'passed', 0, '2026-01-01T00:00:00+03:00')",
        [answer, verdict],
    )
    .unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let learner = store.learner().unwrap().expect("the learner");
    assert!(learner.id.starts_with("L-") && learner.id.len() == 34, "{}", learner.id);
    assert_eq!((learner.name.as_str(), learner.group.as_str()), ("Иванова Анна", "ИС-21"));
    // The numbers and data the learner had before the migration are still theirs.
    let before = crate::grading::Learner::by_name("Иванова Анна");
    for key in ["pp2", "theory.nps", "pp1.target-market"] {
        assert_eq!(learner.variant(key), before.variant(key), "{key}");
    }
    let old = store.attempts("theory.q1").unwrap();
    assert_eq!(old.len(), 1);
    assert_eq!(old[0].graded_with, None, "graded before variants were recorded");

    // Opening again, or renaming the learner, changes neither the id nor the variants.
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.learner().unwrap().expect("learner").id, learner.id);
    store.set_student("Петрова Анна", "ИС-22").unwrap();
    let renamed = store.learner().unwrap().expect("learner");
    assert_eq!((renamed.id.as_str(), renamed.name.as_str()), (learner.id.as_str(), "Петрова Анна"));
    assert_eq!(renamed.variant("pp2"), before.variant("pp2"));
}

#[test]
fn a_new_learner_draws_variants_from_their_id_so_namesakes_differ() {
    let one = Store::open_in_memory().unwrap();
    let two = Store::open_in_memory().unwrap();
    one.set_student("Иванова Анна", "ИС-21").unwrap();
    two.set_student("Иванова Анна", "ИС-21").unwrap();
    let (a, b) = (one.learner().unwrap().expect("a"), two.learner().unwrap().expect("b"));
    assert_ne!(a.id, b.id);
    assert_eq!(a.variant_seed(), a.id);
    assert_ne!(a.variant("pp2"), b.variant("pp2"));
    one.set_student("Иванова Анна", "ИС-22").unwrap();
    assert_eq!(one.learner().unwrap().expect("a").variant("pp2"), a.variant("pp2"), "a new group, the same variant");
}

#[test]
fn an_attempt_keeps_what_it_was_graded_against() {
    let store = Store::open_in_memory().unwrap();
    let mut g = graded(2.0, 4.0, Status::Partial);
    g.variant = u64::MAX - 5; // above i64::MAX: stored as its bit pattern
    let recorded = store.record_attempt("theory.q1", &choice_answer(&["b"]), &g).unwrap();
    let read = store.attempts("theory.q1").unwrap();
    assert_eq!(read, vec![recorded]);
    let with = read[0].graded_with.as_ref().expect("recorded with v3");
    assert_eq!(with.variant, u64::MAX - 5);
    assert_eq!((with.spec_fingerprint.as_str(), with.grader_version.as_str()), ("0123456789abcdef", "test"));
}

fn review(exercise: &str, comment: &str, minute: u32) -> Feedback {
    use chrono::TimeZone;
    Feedback {
        exercise_id: exercise.into(),
        reviewer: "Петрова И. В.".into(),
        reviewed_at: Local.with_ymd_and_hms(2026, 12, 1, 10, minute, 0).single().expect("a time"),
        points: 3.5,
        possible: 5.0,
        criteria: vec![CriterionPoints { name: "Оценка".into(), points: 3.5, max: 5.0 }],
        comment: comment.into(),
    }
}

#[test]
fn feedback_is_kept_once_per_review_and_read_per_exercise() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let reviews = [review("pp1.segments", "Хорошо, но без WHERE", 1), review("pp1.segments", "Исправлено", 2)];
    assert_eq!(store.import_feedback(&reviews).unwrap(), 2);
    assert_eq!(store.import_feedback(&reviews).unwrap(), 0, "the same file again adds nothing");
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.feedback("pp1.segments").unwrap(), reviews);
    assert!(store.feedback("pp1.crm-goals").unwrap().is_empty());
}

#[test]
fn a_version_3_file_gains_the_feedback_table_and_keeps_its_attempts() {
    let (_dir, path) = temp_db();
    let store = Store::open_with(&path, &migrations::MIGRATIONS[..3]).unwrap();
    store.set_student("Иванова Анна", "Р-21").unwrap();
    store.record_attempt("theory.nps", &choice_answer(&["a"]), &graded(1.0, 2.0, Status::Partial)).unwrap();
    drop(store);
    assert!(!tables(&raw(&path)).contains(&"feedback".to_string()));
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 4);
    assert_eq!(store.attempts("theory.nps").unwrap().len(), 1);
    assert!(tables(&raw(&path)).contains(&"feedback".to_string()));
}

#[test]
fn hint_and_draft_times_are_read_for_the_time_spent() {
    let store = Store::open_in_memory().unwrap();
    store.set_student("А", "").unwrap();
    store.record_hint("theory.nps", 0).unwrap();
    store.save_draft("theory.nps", &choice_answer(&["a"])).unwrap();
    let hints = store.hint_log().unwrap();
    assert_eq!(hints.len(), 1);
    assert_eq!((hints[0].0.as_str(), hints[0].1), ("theory.nps", 0));
    assert_eq!(store.draft_times().unwrap().len(), 1);
    assert!(store.learner_since().unwrap().is_some());
}

/// SQLite says «unable to open database file» in English whatever the cause; the reason
/// given is the file system's, in Russian.
#[test]
fn a_file_sqlite_cannot_open_gets_the_reason_in_russian() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("нет.db");
    assert_eq!(super::cannot_open_reason(&missing), crate::strings::store::cannot_create());
    let readable = dir.path().join("есть.db");
    std::fs::write(&readable, "x").unwrap();
    assert_eq!(super::cannot_open_reason(&readable), crate::strings::store::cannot_write());
    assert_eq!(super::cannot_open_reason(dir.path()), "это папка, а не файл");
    for reason in [crate::strings::store::cannot_create(), crate::strings::store::cannot_write()] {
        assert!(!reason.replace("SQLite", "").chars().any(|c| c.is_ascii_alphabetic()), "{reason}");
    }
}
