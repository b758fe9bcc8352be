//! The grader's loop through the real binary: students submit, a grader imports (every
//! answer re-graded), reviews, exports to each format, writes feedback, and a student
//! imports it. And the trust tests: scores edited in a progress file or a bundle change
//! nothing exported, hostile SQL in a bundle stays in the sandbox, a broken bundle is
//! named and the others still import.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use crm_workbook::course::{self, Course, CourseSource};
use crm_workbook::grading;
use crm_workbook::store::Store;
use support::{Run, manifest_dir};

/// `crm-workbook ARGS` as is (no throw-away database added).
fn cw(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_crm-workbook"))
        .current_dir(manifest_dir())
        .args(args)
        .env("NO_COLOR", "1")
        .env("USER", "Петрова И. В.")
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn builtin() -> Course {
    course::load(CourseSource::Embedded).into_result().expect("built-in course")
}

/// A progress file for a student who checked the given answer files
/// (`tests/answers/NAME`, graded as the workbook grades them, with a hint revealed
/// before the first one).
fn student(dir: &Path, name: &str, group: &str, answers: &[(&str, &str)]) -> PathBuf {
    let course = builtin();
    let path = dir.join(format!("{name}.db"));
    let store = Store::open(&path).expect("store");
    store.set_student(name, group).expect("student");
    let learner = store.learner().expect("read").expect("learner");
    for (i, (id, file)) in answers.iter().enumerate() {
        let exercise = course.exercise(id).expect("exercise");
        if i == 0 {
            store.record_hint(id, 0).expect("hint");
        }
        let text = std::fs::read_to_string(manifest_dir().join("tests/answers").join(file)).expect("answer file");
        let answer = exercise.spec.parse_answer_file(&text).expect("answer parses");
        let graded = grading::grade(&course, exercise, &answer, &learner).expect("graded");
        store.record_attempt(id, &answer, &graded).expect("recorded");
    }
    path
}

fn submit(db: &Path, out: &Path) {
    let run = cw(&["--db", &db.display().to_string(), "submit", "--out", &out.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.both());
    assert!(run.stdout.contains(&out.display().to_string()), "says where: {}", run.both());
}

fn grade(book: &Path, args: &[&str]) -> Run {
    let mut all = vec!["grade", "--gradebook"];
    let book = book.display().to_string();
    all.push(&book);
    all.extend_from_slice(args);
    cw(&all)
}

fn err_has(stderr: &str, text: &str) -> bool {
    stderr.lines().any(|l| l.starts_with(text))
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

const ANNA: &[(&str, &str)] = &[
    ("pp1.segments", "pp1.segments.sql"),
    ("theory.concepts", "theory.concepts.wrong.toml"),
    ("theory.concepts", "theory.concepts.toml"),
    ("pp1.target-market", "pp1.target-market.toml"),
    ("pp3.tourism-case", "pp3.tourism-case.toml"),
];
const BORIS: &[(&str, &str)] =
    &[("pp1.segments", "pp1.segments.partial.sql"), ("theory.concepts", "theory.concepts.wrong.toml")];

#[test]
fn a_student_submits_a_grader_imports_reviews_exports_and_the_student_reads_the_feedback() {
    let dir = tempfile::tempdir().expect("temp");
    let d = dir.path();
    let anna = student(d, "Иванова Анна", "Р-21", ANNA);
    let boris = student(d, "Борисов Борис", "Р-22", BORIS);
    let (a_file, b_file) = (d.join("anna.json"), d.join("boris.json"));
    submit(&anna, &a_file);
    submit(&boris, &b_file);
    let bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&a_file).expect("bundle")).expect("json");
    assert_eq!(bundle["format"], "crm-workbook-submission");
    assert!(bundle["learner"]["variant_seed"].as_str().is_some_and(|s| s.starts_with("L-")));
    assert_eq!(bundle["exercises"].as_array().expect("exercises").len(), 4);

    let book = d.join("grades.db");
    let run = grade(&book, &["import", &s(&a_file), &s(&b_file)]);
    assert_eq!(run.code, 0, "{}", run.both());
    assert!(run.stdout.contains("Импортировано файлов: 2, с ошибками: 0"), "{}", run.both());

    let list = grade(&book, &["list"]);
    assert!(
        list.stdout.contains("Иванова Анна (Р-21)") && list.stdout.contains("Борисов Борис (Р-22)"),
        "{}",
        list.both()
    );

    let review = grade(
        &book,
        &["review", "Борисов Борис", "pp1.segments", "--points", "Оценка=3,5", "--comment", "Нет условия по городу"],
    );
    assert_eq!(review.code, 0, "{}", review.both());
    let bad = grade(&book, &["review", "Борисов Борис", "pp1.segments", "--points", "Оценка=99"]);
    assert_eq!(bad.code, 2, "{}", bad.both());
    // The case's rubric (four criteria, pp3/tourism-case.toml): every criterion by name,
    // whatever the case and ё/е; a missing or unknown one is named and nothing is stored.
    let case = |points: &[&str]| {
        let mut args = vec!["review", "Иванова Анна", "pp3.tourism-case"];
        for p in points {
            args.extend(["--points", p]);
        }
        args.extend(["--comment", "Хорошо про исследование"]);
        grade(&book, &args)
    };
    let partial = case(&["Методы для иностранных туристов=3", "Стиль=1"]);
    assert_eq!(partial.code, 2, "{}", partial.both());
    assert!(
        partial.stderr.contains("нет таких критериев: «Стиль»")
            && partial.stderr.contains("не заданы баллы по критериям: «Учтено, что рынок не изучен», «Методы для внутреннего туризма», «Аудитории и связность»"),
        "{}",
        partial.both()
    );
    let reviewed = case(&[
        "методы для иностранных туристов=3",
        "Учтено, что рынок не изучен=1,5",
        "МЕТОДЫ ДЛЯ ВНУТРЕННЕГО ТУРИЗМА=2",
        "Аудитории и связность=2",
    ]);
    assert_eq!(reviewed.code, 0, "{}", reviewed.both());
    assert!(reviewed.stdout.contains("8,5"), "{}", reviewed.both());

    // CSV for Excel in Russian locale: BOM, `;`, decimal comma.
    let csv = d.join("out/grades.csv");
    assert_eq!(grade(&book, &["export", "--format", "csv", "--out", &s(&csv)]).code, 0);
    let bytes = std::fs::read(&csv).expect("csv");
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes).expect("utf-8");
    let header = text.lines().next().expect("header");
    assert!(header.starts_with("\u{feff}Студент;Группа;Id;pp1.target-market;"), "{header}");
    assert!(header.ends_with("Итого;Из;Процент;Оценка"), "{header}");
    let boris_row = text.lines().find(|l| l.starts_with("Борисов Борис")).expect("Boris's row");
    assert!(boris_row.contains(";3,5;"), "the review's 3,5 points with a decimal comma: {boris_row}");
    // Plain CSV and a group.
    let plain = d.join("plain.csv");
    assert_eq!(grade(&book, &["export", "--format", "csv", "--plain", "--group", "Р-22", "--out", &s(&plain)]).code, 0);
    let plain = std::fs::read_to_string(&plain).expect("plain");
    assert!(
        plain.starts_with("Студент,Группа,Id,") && plain.contains(",3.5,") && !plain.contains("Иванова"),
        "{plain}"
    );
    assert_eq!(grade(&book, &["export", "--format", "csv", "--group", "Нет", "--out", &s(&d.join("x.csv"))]).code, 2);

    let xlsx = d.join("grades.xlsx");
    assert_eq!(grade(&book, &["export", "--format", "xlsx", "--out", &s(&xlsx)]).code, 0);
    assert!(std::fs::read(&xlsx).expect("xlsx").starts_with(b"PK"), "an XLSX is a zip");

    let json = d.join("grades.json");
    assert_eq!(grade(&book, &["export", "--format", "json", "--out", &s(&json)]).code, 0);
    let everything: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("parses");
    assert_eq!(everything["sheet"]["students"].as_array().expect("students").len(), 2);
    assert_eq!(everything["reviews"][0]["comment"], "Нет условия по городу");
    assert_eq!(everything["reviews"][0]["reviewer"], "Петрова И. В.");
    let case_review = everything["reviews"]
        .as_array()
        .expect("reviews")
        .iter()
        .find(|r| r["exercise_id"] == "pp3.tourism-case")
        .expect("the case's review");
    assert_eq!(criteria_of(&case_review["criteria"]), CASE_POINTS, "{case_review}");
    assert_eq!(case_review["points"], 8.5);
    assert_eq!(everything["attempts"].as_array().expect("attempts").len(), ANNA.len() + BORIS.len());

    let moodle = d.join("moodle.csv");
    assert_eq!(grade(&book, &["export", "--format", "moodle", "--out", &s(&moodle)]).code, 0);
    let moodle = std::fs::read_to_string(&moodle).expect("moodle");
    assert!(moodle.starts_with("Идентификатор,Студент,Группа,"), "{moodle}");
    assert!(moodle.lines().next().expect("header").ends_with(",Итог курса"));

    let fb_dir = d.join("feedback");
    let run = grade(&book, &["feedback", "--out", &s(&fb_dir)]);
    assert_eq!(run.code, 0, "{}", run.both());
    let files: Vec<PathBuf> = std::fs::read_dir(&fb_dir).expect("dir").flatten().map(|e| e.path()).collect();
    assert_eq!(files.len(), 2);
    let boris_fb = files.iter().find(|p| p.display().to_string().contains("Борисов")).expect("Boris's file");
    let anna_fb = files.iter().find(|p| p.display().to_string().contains("Иванова")).expect("Anna's file");
    // Anna cannot import Boris's feedback.
    assert_eq!(cw(&["--db", &s(&anna), "feedback", "import", &s(boris_fb)]).code, 2);
    let run = cw(&["--db", &s(&boris), "feedback", "import", &s(boris_fb)]);
    assert_eq!(run.code, 0, "{}", run.both());
    let store = Store::open(&boris).expect("store");
    let fb = store.feedback("pp1.segments").expect("feedback");
    assert_eq!(fb.len(), 1);
    assert_eq!((fb[0].points, fb[0].comment.as_str()), (3.5, "Нет условия по городу"));
    let anna_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(anna_fb).expect("Anna's feedback")).expect("json");
    let text = anna_json.to_string();
    let at = text.find("Учтено, что рынок не изучен").expect("the criteria are in the feedback file");
    assert!(text[at..].contains("1.5"), "{text}");
    assert_eq!(cw(&["--db", &s(&anna), "feedback", "import", &s(anna_fb)]).code, 0);
    let store = Store::open(&anna).expect("store");
    let fb = store.feedback("pp3.tourism-case").expect("feedback");
    assert_eq!(fb.len(), 1);
    let got: Vec<(&str, f64, f64)> = fb[0].criteria.iter().map(|c| (c.name.as_str(), c.points, c.max)).collect();
    assert_eq!(got, CASE_POINTS);
}

/// The points given per criterion of pp3.tourism-case above: (criterion, points, max).
const CASE_POINTS: [(&str, f64, f64); 4] = [
    ("Методы для иностранных туристов", 3.0, 3.0),
    ("Учтено, что рынок не изучен", 1.5, 2.0),
    ("Методы для внутреннего туризма", 2.0, 3.0),
    ("Аудитории и связность", 2.0, 2.0),
];

fn criteria_of(v: &serde_json::Value) -> Vec<(&str, f64, f64)> {
    v.as_array()
        .expect("criteria")
        .iter()
        .map(|c| {
            (c["name"].as_str().unwrap_or(""), c["points"].as_f64().unwrap_or(-1.0), c["max"].as_f64().unwrap_or(-1.0))
        })
        .collect()
}

/// The CSV export of a gradebook holding these bundles.
fn exported_csv(dir: &Path, bundles: &[&Path]) -> String {
    let book = dir.join(format!("g{}.db", bundles.len() + dir.read_dir().map_or(0, |d| d.count())));
    let mut args = vec!["import".to_string()];
    args.extend(bundles.iter().map(|b| s(b)));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = grade(&book, &args);
    assert_eq!(run.code, 0, "{}", run.both());
    let out = dir.join("e.csv");
    assert_eq!(grade(&book, &["export", "--format", "csv", "--out", &s(&out)]).code, 0);
    std::fs::read_to_string(out).expect("csv")
}

#[test]
fn a_score_edited_in_a_progress_file_or_a_bundle_changes_nothing_exported() {
    let dir = tempfile::tempdir().expect("temp");
    let d = dir.path();
    let db = student(d, "Иванова Анна", "Р-21", BORIS);
    let honest = d.join("honest.json");
    submit(&db, &honest);
    let expected = exported_csv(d, &[&honest]);

    // Scores raised in the progress file, columns and verdict JSON alike.
    let conn = crm_workbook::data::sql::open_with_flags(&db, rusqlite::OpenFlags::default()).expect("raw");
    conn.execute(
        "UPDATE attempt SET earned = possible, status = 'passed',
             verdict = json_set(verdict, '$.earned', json_extract(verdict, '$.possible'), '$.status', 'passed')",
        [],
    )
    .expect("tamper");
    drop(conn);
    let tampered_db = d.join("tampered-db.json");
    submit(&db, &tampered_db);
    let bundle = std::fs::read_to_string(&tampered_db).expect("bundle");
    assert!(bundle.contains("\"status\": \"passed\""), "the edit reached the bundle's informational scores");
    assert_eq!(exported_csv(d, &[&tampered_db]), expected);

    // Scores raised in the bundle itself.
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&honest).expect("b")).expect("json");
    for ex in json["exercises"].as_array_mut().expect("exercises") {
        for a in ex["attempts"].as_array_mut().expect("attempts") {
            a["informational"]["earned"] = serde_json::json!(100.0);
            a["informational"]["status"] = serde_json::json!("passed");
        }
    }
    let edited = d.join("edited.json");
    std::fs::write(&edited, serde_json::to_string_pretty(&json).expect("json")).expect("write");
    let csv = exported_csv(d, &[&edited]);
    assert_eq!(csv, expected);
}

#[test]
fn hostile_sql_in_a_bundle_runs_only_in_the_sandbox() {
    let dir = tempfile::tempdir().expect("temp");
    let d = dir.path();
    let db = student(d, "Иванова Анна", "Р-21", &[("pp1.segments", "pp1.segments.sql")]);
    let file = d.join("b.json");
    submit(&db, &file);
    let pwned = d.join("pwned.db");
    let hostile = format!(
        "ATTACH DATABASE '{}' AS p; CREATE TABLE p.t (x); INSERT INTO p.t VALUES (1);\n\
         SELECT load_extension('/tmp/evil'); PRAGMA writable_schema = 1; DROP TABLE customers;",
        pwned.display()
    );
    let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("b")).expect("json");
    json["exercises"][0]["attempts"][0]["answer"]["sql"] = serde_json::json!(hostile);
    if let Some(parts) = json["exercises"][0]["attempts"][0]["answer"]["parts"].as_object_mut() {
        for v in parts.values_mut() {
            *v = serde_json::json!(hostile);
        }
    }
    std::fs::write(&file, serde_json::to_string(&json).expect("json")).expect("write");
    let book = d.join("g.db");
    let run = grade(&book, &["import", &s(&file)]);
    assert_eq!(run.code, 0, "{}", run.both());
    assert!(!pwned.exists(), "ATTACH reached the disk");
    let list = grade(&book, &["list"]);
    assert!(list.stdout.contains("\t0 из "), "the hostile answer earns nothing: {}", list.both());
}

#[test]
fn a_broken_bundle_is_named_with_what_is_wrong_and_the_others_still_import() {
    let dir = tempfile::tempdir().expect("temp");
    let d = dir.path();
    let db = student(d, "Иванова Анна", "Р-21", BORIS);
    let good = d.join("good.json");
    submit(&db, &good);
    let text = std::fs::read_to_string(&good).expect("bundle");
    let truncated = d.join("truncated.json");
    std::fs::write(&truncated, &text[..text.len() * 2 / 3]).expect("write");
    let handmade = d.join("handmade.json");
    std::fs::write(&handmade, r#"{"format": "crm-workbook-submission", "version": 1, "learner": {"name": "Я"}}"#)
        .expect("write");
    let not_ours = d.join("notes.json");
    std::fs::write(&not_ours, "[1, 2, 3]").expect("write");
    // A file past the size a bundle may have (sparse: it takes no disk).
    let huge = d.join("huge.json");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(crm_workbook::grader::bundle::MAX_BYTES + 1))
        .expect("a large file");
    let book = d.join("g.db");
    let run = grade(
        &book,
        &["import", &s(&truncated), &s(&handmade), &s(&good), &s(&not_ours), &s(&d.join("missing.json")), &s(&huge)],
    );
    assert_eq!(run.code, 2, "{}", run.both());
    assert!(err_has(&run.stderr, &format!("{}: файл больше 64 МБ", huge.display())), "{}", run.both());
    let err = &run.stderr;
    assert!(err.contains(&format!("{}: файл обрывается", truncated.display())), "{err}");
    assert!(err.contains(&format!("{}: поле не на месте", handmade.display())), "{err}");
    assert!(err.contains(&format!("{}: не файл сдачи", not_ours.display())), "{err}");
    assert!(err.contains("missing.json: файл не найден"), "{err}");
    assert!(run.stdout.contains("Импортировано файлов: 1, с ошибками: 5"), "{}", run.both());
    assert!(grade(&book, &["list"]).stdout.contains("Иванова Анна"));
}

#[test]
fn a_folder_of_bundles_imports_every_json_file_in_it_and_an_empty_folder_is_named() {
    let dir = tempfile::tempdir().expect("temp");
    let d = dir.path();
    let inbox = d.join("сдачи");
    std::fs::create_dir(&inbox).expect("folder");
    let anna = student(&d.join("a"), "Иванова Анна", "Р-21", ANNA);
    let boris = student(&d.join("b"), "Петров Борис", "Р-22", BORIS);
    submit(&anna, &inbox.join("anna.json"));
    submit(&boris, &inbox.join("Boris.JSON"));
    std::fs::write(inbox.join("readme.txt"), "не сдача").expect("write");
    std::fs::create_dir(inbox.join("old")).expect("a folder inside is not read");
    let empty = d.join("empty");
    std::fs::create_dir(&empty).expect("folder");
    let book = d.join("g.db");
    let run = grade(&book, &["import", &s(&inbox), &s(&empty)]);
    assert_eq!(run.code, 2, "{}", run.both());
    assert!(run.stdout.contains("anna.json: Иванова Анна (Р-21)"), "{}", run.both());
    assert!(run.stdout.contains("Boris.JSON: Петров Борис (Р-22)"), "{}", run.both());
    assert!(run.stderr.contains(&format!("{}: в папке нет файлов сдачи (*.json)", empty.display())), "{}", run.both());
    assert!(!run.both().contains("readme.txt"), "{}", run.both());
    assert!(run.stdout.contains("Импортировано файлов: 2, с ошибками: 1"), "{}", run.both());
    let list = grade(&book, &["list"]).stdout;
    assert!(list.contains("Иванова Анна") && list.contains("Петров Борис"), "{list}");
    // A pattern the shell left as it was (Windows' does): the program expands it.
    let pattern = inbox.join("*.json");
    let nothing = inbox.join("*.zip");
    let run = grade(&book, &["import", &s(&pattern), &s(&nothing)]);
    assert!(run.stdout.contains("anna.json: Иванова Анна (Р-21) — этот файл уже в журнале"), "{}", run.both());
    assert!(run.stdout.contains("Boris.JSON: Петров Борис (Р-22) — этот файл уже в журнале"), "{}", run.both());
    assert!(
        run.stderr.contains(&format!("{}: ни один файл не подходит под шаблон", nothing.display())),
        "{}",
        run.both()
    );
    assert!(run.stdout.contains("Импортировано файлов: 2, с ошибками: 1"), "{}", run.both());
}

#[test]
fn a_bundle_for_another_course_version_is_reported_and_a_key_fix_is_listed_by_regrade() {
    let dir = tempfile::tempdir().expect("temp");
    let d = dir.path();
    let db = student(d, "Иванова Анна", "Р-21", &[("theory.concepts", "theory.concepts.toml")]);
    let file = d.join("b.json");
    submit(&db, &file);
    // The instructor's copy of the course, with the concepts key changed.
    let course_dir = d.join("course");
    copy_dir(&manifest_dir().join("exercises"), &course_dir);
    copy_dir(&manifest_dir().join("datasets"), &course_dir.join("datasets"));
    let concepts = course_dir.join("theory/concepts.toml");
    let original = std::fs::read_to_string(&concepts).expect("concepts");
    // Any edit of the file changes the course's hash.
    std::fs::write(&concepts, format!("{original}\n# исправлено\n")).expect("edit");
    let book = d.join("g.db");
    let run = cw(&["--course", &s(&course_dir), "grade", "--gradebook", &s(&book), "import", &s(&file)]);
    assert_eq!(run.code, 0, "{}", run.both());
    assert!(run.stdout.contains("другой версии курса"), "{}", run.both());
    // Nothing changed in grading: regrade lists nothing.
    let run = cw(&["--course", &s(&course_dir), "grade", "--gradebook", &s(&book), "regrade", "--dry-run"]);
    assert!(run.stdout.contains("ни один балл не меняется"), "{}", run.both());
    // A fix of what the exercise is worth (a change of key or rule shows the same way).
    let fixed = original.replace("points = 18", "points = 20");
    assert_ne!(fixed, original, "theory.concepts is worth 18");
    std::fs::write(&concepts, fixed).expect("fix");
    let run = cw(&["--course", &s(&course_dir), "grade", "--gradebook", &s(&book), "regrade", "--dry-run"]);
    assert!(run.stdout.contains("Иванова Анна (Р-21): theory.concepts, попытка 1"), "{}", run.both());
    assert!(run.stdout.contains("журнал не изменён"), "{}", run.both());
    let run = cw(&["--course", &s(&course_dir), "grade", "--gradebook", &s(&book), "regrade"]);
    assert!(run.stdout.contains("баллы попыток изменены — 1"), "{}", run.both());
    let run = cw(&["--course", &s(&course_dir), "grade", "--gradebook", &s(&book), "regrade", "--dry-run"]);
    assert!(run.stdout.contains("ни один балл не меняется"), "applied: {}", run.both());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
