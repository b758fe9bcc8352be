//! `crm-workbook list`, run as the real binary on fixture courses and temporary
//! progress files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crm_workbook::grading::GradedAttempt;
use crm_workbook::kinds::{Answer, Finding, Status, Verdict, choice, grid};
use crm_workbook::store::{Store, Student};
use serde_json::{Value, json};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join(name)
}

fn workbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crm-workbook")).args(args).env("NO_COLOR", "1").output().expect("run the binary")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// `--course DIR --db PATH [extra…] list [--json]`.
fn list(course: &str, db: &Path, extra: &[&str], json: bool) -> Output {
    let course = fixture(course);
    let mut args = vec!["--course", course.to_str().unwrap(), "--db", db.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push("list");
    if json {
        args.push("--json");
    }
    workbook(&args)
}

fn graded(earned: f64, possible: f64, status: Status) -> GradedAttempt {
    let verdict = Verdict { earned, possible, status, findings: vec![Finding::note("проверено")] };
    GradedAttempt { verdict, variant: 7, spec_fingerprint: "0123456789abcdef".into(), grader_version: "test".into() }
}

fn grid_answer(cell: &str, card: &str) -> Answer {
    Answer::Grid(grid::Answer { cells: BTreeMap::from([(cell.to_string(), vec![card.to_string()])]) })
}

fn choice_answer(id: &str) -> Answer {
    Answer::Choice(choice::Answer { selected: vec![id.to_string()] })
}

#[test]
fn a_course_without_exercises_lists_its_modules_and_sets_the_student() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new folder").join("progress.db");

    let out = list("list-no-exercises", &db, &["--student", "Иванова Анна"], true);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let listed: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(listed, json!([]));
    let store = Store::open(&db).unwrap();
    assert_eq!(store.student().unwrap(), Some(Student { name: "Иванова Анна".into(), group: String::new() }));
    drop(store);

    // Another --student does not take over the file: the listing stays Анна's, with a warning.
    let out = list("list-no-exercises", &db, &["--student", "Петров Пётр"], false);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(text(&out.stderr).contains("принадлежит студенту «Иванова Анна»"), "{}", text(&out.stderr));
    assert!(stdout.starts_with("Курс без упражнений\nСтудент: Иванова Анна\n"), "{stdout}");
    assert!(stdout.contains("\nПрактическое занятие 1 [pp1] — 0 из 0 баллов\n  упражнений пока нет\n"), "{stdout}");
    assert!(stdout.contains("\nТеория [theory] — 0 из 0 баллов\n  упражнений пока нет\n"), "{stdout}");
    assert!(stdout.ends_with("\nВсего: 0 из 0 баллов; зачтено 0 из 0 упражнений\n"), "{stdout}");
    assert_eq!(Store::open(&db).unwrap().student().unwrap().map(|s| s.name).as_deref(), Some("Иванова Анна"));
}

#[test]
fn list_shows_each_exercises_best_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("progress.db");
    {
        let store = Store::open(&db).unwrap();
        store.set_student("Иванова Анна", "ИС-21").unwrap();
        let ex = "pp1.approaches";
        store.record_attempt(ex, &grid_answer("mass/goal", "c2"), &graded(6.0, 12.0, Status::Partial)).unwrap();
        store.record_attempt(ex, &grid_answer("mass/goal", "c1"), &graded(12.0, 12.0, Status::Passed)).unwrap();
        store.record_attempt(ex, &grid_answer("mass/goal", "c2"), &graded(0.0, 12.0, Status::Failed)).unwrap();
        store.record_attempt("pp1.pick", &choice_answer("b"), &graded(0.0, 4.0, Status::Failed)).unwrap();
        // An exercise the course no longer has is not listed.
        store.record_attempt("pp1.removed", &choice_answer("a"), &graded(3.0, 3.0, Status::Passed)).unwrap();
    }

    let out = list("list", &db, &[], true);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let listed: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(
        listed,
        json!([
            {"id": "pp1.approaches", "module": "pp1", "title": "Подходы к целевому рынку", "kind": "grid",
             "points": 12, "status": "passed", "earned": 12.0, "attempts": 3},
            {"id": "pp1.pick", "module": "pp1", "title": "Что такое CRM", "kind": "choice",
             "points": 4, "status": "failed", "earned": 0.0, "attempts": 1},
            {"id": "theory.steps", "module": "theory", "title": "Этапы внедрения CRM", "kind": "order",
             "points": 6, "status": "not_started", "earned": 0.0, "attempts": 0},
        ])
    );

    let out = list("list", &db, &[], false);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let expected = "\
Пробный курс для list
Студент: Иванова Анна, группа ИС-21

Практическое занятие 1 [pp1] — 12 из 16 баллов
  pp1.approaches  зачтено     12 из 12  3 попытки  Подходы к целевому рынку
  pp1.pick        не зачтено  0 из 4    1 попытка  Что такое CRM

Теория [theory] — 0 из 6 баллов
  theory.steps    не начато   0 из 6               Этапы внедрения CRM

Будущий модуль [later] — 0 из 0 баллов
  упражнений пока нет

Всего: 12 из 22 баллов; зачтено 1 из 3 упражнений
";
    assert_eq!(stdout, expected);
}

#[test]
fn a_progress_file_that_is_not_a_database_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("progress.db");
    std::fs::write(&db, "Фамилия;Группа;Баллы\n".repeat(100)).unwrap();
    for json in [false, true] {
        let out = list("list-no-exercises", &db, &[], json);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
        assert!(stderr.contains("не является базой прогресса crm-workbook"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_missing_course_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = list("no-such-course", &dir.path().join("progress.db"), &[], true);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("course.toml"), "{}", text(&out.stderr));
}

#[cfg(target_os = "linux")]
#[test]
fn without_db_the_file_is_made_in_the_user_data_folder() {
    let home = tempfile::tempdir().unwrap();
    let course = fixture("list-no-exercises");
    let out = Command::new(env!("CARGO_BIN_EXE_crm-workbook"))
        .args(["--course", course.to_str().unwrap(), "--student", "Анна", "list", "--json"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let db = home.path().join("data").join("crm-workbook").join("progress.db");
    assert_eq!(Store::open(&db).unwrap().student().unwrap().map(|s| s.name).as_deref(), Some("Анна"));
}

#[test]
fn the_student_is_set_with_a_group() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("progress.db");
    let out = list("list-no-exercises", &db, &["--student", "Иванова Анна", "--group", "РК-21"], true);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let student = Store::open(&db).unwrap().student().unwrap().expect("the student is set");
    assert_eq!((student.name.as_str(), student.group.as_str()), ("Иванова Анна", "РК-21"));
}
