//! The built-in course: it validates, and every auto-graded exercise accepts its
//! reference answer and rejects a wrong one, through the real binary.

mod support;

use std::path::Path;

use support::{builtin_exercise_files, crate_path, run, str_field};

const MODULES: [&str; 6] = ["pp1", "pp2", "pp3", "pp4", "pp5", "theory"];

#[test]
fn builtin_course_validates_without_errors() {
    let exercises = builtin_exercise_files().len();
    let out = run(&["validate"]);
    assert_eq!(out.code, 0, "{}", out.both());
    assert_eq!(out.stdout.lines().count(), 1, "only the summary is printed:\n{}", out.both());
    let expected = format!("6 модулей, {exercises} {}, 0 ошибок", exercises_word(exercises));
    assert_eq!(out.last_line(), expected);
}

fn exercises_word(n: usize) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => "упражнений",
        (1, _) => "упражнение",
        (2..=4, _) => "упражнения",
        _ => "упражнений",
    }
}

#[test]
fn course_map_lists_the_modules_in_order_with_their_intros() {
    let text = std::fs::read_to_string(crate_path("exercises/course.toml")).unwrap();
    let course: toml::Table = toml::from_str(&text).unwrap();
    let modules = course["module"].as_array().expect("[[module]] entries");
    let ids: Vec<&str> = modules.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, MODULES);
    for m in modules {
        let id = m["id"].as_str().unwrap();
        let title = m["title"].as_str().unwrap();
        let intro = m.get("intro").and_then(|i| i.as_str()).unwrap_or("");
        if let Some(n) = id.strip_prefix("pp") {
            assert!(title.starts_with(&format!("Практическая подготовка {n}. ")), "{id}: {title}");
        }
        assert!(intro.trim().chars().count() > 300, "module {id} needs an intro drawn from the seed");
    }
    let pp2 = modules[1]["intro"].as_str().unwrap();
    for group in [
        "Новые покупатели",
        "Лояльные",
        "ВИП-клиенты",
        "В зоне риска",
        "Требующие внимания",
        "Разовые покупатели",
        "«Спящие»",
    ] {
        assert!(pp2.contains(group), "pp2 intro names the group {group}");
    }
    let pp3 = modules[2]["intro"].as_str().unwrap();
    assert!(pp3.contains("11. Мобильный маркетинг."), "pp3 intro lists all 11 channels");
}

#[test]
fn theory_has_enough_exercises_of_every_kind() {
    let files = builtin_exercise_files();
    let theory: Vec<_> = files.iter().filter(|(p, _)| p.parent().unwrap().ends_with("theory")).collect();
    assert!(theory.len() >= 14, "theory has {} exercises", theory.len());
    for kind in ["grid", "choice", "order", "numeric"] {
        assert!(theory.iter().any(|(p, t)| str_field(t, "kind", p) == kind), "theory has no {kind} exercise");
    }
}

/// Every exercise file has what a learner needs besides the task: hints that teach and
/// an explanation after passing.
#[test]
fn every_exercise_has_hints_and_an_explanation() {
    for (path, table) in builtin_exercise_files() {
        let hints = table.get("hints").and_then(|h| h.as_array()).map_or(0, Vec::len);
        assert!((2..=4).contains(&hints), "{}: {hints} hints", path.display());
        assert!(
            table.get("explanation").and_then(|e| e.as_str()).is_some_and(|e| !e.trim().is_empty()),
            "{}",
            path.display()
        );
    }
}

/// `tests/answers/ID[.VARIANT].toml`, or `.sql` for an `sql` exercise (plain SQL).
fn answer_file(id: &str, variant: &str) -> String {
    let ext = if id_kind(id) == "sql" { "sql" } else { "toml" };
    let name = if variant.is_empty() { format!("{id}.{ext}") } else { format!("{id}.{variant}.{ext}") };
    let path = crate_path(&format!("tests/answers/{name}"));
    assert!(Path::new(&path).exists(), "missing reference answer {path}");
    path
}

fn id_kind(id: &str) -> String {
    builtin_exercise_files()
        .into_iter()
        .find(|(p, t)| str_field(t, "id", p) == id)
        .map(|(p, t)| str_field(&t, "kind", &p).to_owned())
        .unwrap_or_default()
}

#[test]
fn every_reference_answer_passes_and_every_wrong_one_fails() {
    let mut checked = 0;
    for (path, table) in builtin_exercise_files() {
        let id = str_field(&table, "id", &path);
        if str_field(&table, "kind", &path) == "numeric" {
            continue; // per-learner numbers: tests/numeric.rs
        }
        let right = run(&["check", id, "--answer", &answer_file(id, "")]);
        // A free-text answer an instructor reads is not passed yet: it waits for them.
        let review = ["table", "form"]
            .iter()
            .any(|kind| table.get(*kind).and_then(|t| t.get("review")).and_then(toml::Value::as_bool).unwrap_or(false));
        let (code, status) =
            if review { (1, "ждёт проверки преподавателем") } else { (0, "зачтено") };
        assert_eq!(right.code, code, "{id}: the reference answer\n{}", right.both());
        assert!(right.stdout.starts_with(&format!("{id} — {status}")), "{id}:\n{}", right.both());

        let wrong = run(&["check", id, "--answer", &answer_file(id, "wrong")]);
        assert_eq!(wrong.code, 1, "{id}: the wrong answer must fail\n{}", wrong.both());
        assert!(!wrong.stdout.contains("— зачтено"), "{id}:\n{}", wrong.both());
        checked += 1;
    }
    assert!(checked >= 12, "only {checked} exercises checked");
}

fn verdict_json(id: &str, variant: &str) -> (i32, serde_json::Value) {
    let out = run(&["check", id, "--answer", &answer_file(id, variant), "--json"]);
    let json = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", out.both()));
    (out.code, json)
}

/// (place, severity) of every finding.
fn findings(verdict: &serde_json::Value) -> Vec<(String, String)> {
    verdict["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["at"].as_str().unwrap_or("").to_owned(), f["severity"].as_str().unwrap().to_owned()))
        .collect()
}

fn severity_at(verdict: &serde_json::Value, at: &str) -> String {
    let all = findings(verdict);
    let hits: Vec<_> = all.iter().filter(|(a, _)| a == at).collect();
    assert_eq!(hits.len(), 1, "one finding at {at}, got {all:?}");
    hits[0].1.clone()
}

#[test]
fn target_market_key_gets_every_cell_right() {
    let (code, v) = verdict_json("pp1.target-market", "");
    assert_eq!(code, 0);
    assert_eq!(v["status"], "passed");
    assert_eq!((v["earned"].as_f64(), v["possible"].as_f64()), (Some(24.0), Some(24.0)));
    let cells = findings(&v);
    assert_eq!(cells.len(), 24, "a finding per cell: 6 headers and 18 statements");
    assert!(cells.iter().all(|(at, s)| at.starts_with("cell:") && s == "correct"), "{cells:?}");
}

#[test]
fn target_market_rows_may_come_in_any_order() {
    let (code, v) = verdict_json("pp1.target-market", "rows-reordered");
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["earned"].as_f64(), Some(24.0));
}

#[test]
fn target_market_wrong_table_gets_findings_per_cell() {
    let (code, v) = verdict_json("pp1.target-market", "wrong");
    assert_eq!(code, 1);
    assert_eq!(v["status"], "partial");
    // Headers: 5 of 6 (the last row has a statement for a header, so its cells earn
    // nothing); cells: target 3, product 3, price 2, distribution 1, promotion 1.
    assert_eq!((v["earned"].as_f64(), v["possible"].as_f64()), (Some(15.0), Some(24.0)));
    for (at, severity) in [
        ("cell:target/header", "correct"),
        ("cell:target/mass", "correct"),
        ("cell:price/segment", "correct"),
        ("cell:price/multi", "missing"),
        ("cell:distribution/mass", "wrong"),
        ("cell:distribution/segment", "wrong"),
        ("cell:distribution/multi", "correct"),
        ("cell:promotion/mass", "wrong"),
        ("cell:promotion/segment", "wrong"),
        ("cell:emphasis/header", "wrong"),
    ] {
        assert_eq!(severity_at(&v, at), severity, "{at}");
    }
    let plain = run(&["check", "pp1.target-market", "--answer", &answer_file("pp1.target-market", "wrong")]);
    assert!(plain.stdout.starts_with("pp1.target-market — частично: 15 из 24 баллов"), "{}", plain.both());
}

/// Grid findings name cards as the screen numbers them, never by the ids of the file
/// («retention-rate», «m-crm»): every wrong answer of every grid exercise.
#[test]
fn grid_findings_name_cards_by_their_numbers_on_screen() {
    let mut grids = 0;
    for (path, table) in builtin_exercise_files() {
        if str_field(&table, "kind", &path) != "grid" {
            continue;
        }
        let id = str_field(&table, "id", &path);
        let cards = table["grid"]["cards"].as_array().expect("cards");
        let word_ids: Vec<&str> = cards
            .iter()
            .filter_map(|c| c["id"].as_str())
            .filter(|id| !id.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        let (_, v) = verdict_json(id, "wrong");
        for f in v["findings"].as_array().expect("findings") {
            let message = f["message"].as_str().unwrap_or("");
            for card in &word_ids {
                assert!(
                    !message.contains(&format!("«{card}»")) && !message.contains(&format!(" {card}")),
                    "{id}: {message}"
                );
            }
            assert!(!message.contains("не хватает карточки"), "{id}: {message}");
        }
        grids += 1;
    }
    assert!(grids >= 5, "only {grids} grid exercises");
}
