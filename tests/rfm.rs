//! `crm-workbook rfm` through the real binary: the command-line contract of issue 4, and
//! the two ПП2 exercises graded right, wrong and partial.

mod support;

use std::fs;

use support::{crate_path, run};

const LOYALTY: [&str; 8] = [
    "--customer-col",
    "participant_id",
    "--date-col",
    "event_date",
    "--order-col",
    "event_id",
    "--as-of",
    "2025-07-01",
];

fn rfm(args: &[&str]) -> support::Run {
    let mut all = vec!["rfm"];
    all.extend_from_slice(args);
    run(&all)
}

fn loyalty(extra: &[&str]) -> support::Run {
    let events = crate_path("datasets/loyalty_events.csv");
    let mut args = vec![events.as_str()];
    args.extend_from_slice(&LOYALTY);
    args.extend_from_slice(extra);
    rfm(&args)
}

#[test]
fn customers_as_csv_sorted_with_two_decimals() {
    let out = loyalty(&[]);
    assert_eq!(out.code, 0, "{}", out.both());
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "customer_id,recency_days,frequency,monetary,r,f,m,segment");
    let ids: Vec<u64> = lines[1..].iter().map(|l| l.split(',').next().unwrap().parse().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted by customer_id");
    assert_eq!(ids.len(), 728, "participants with events (750 minus the inactive)");
    for line in &lines[1..] {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 8, "{line}");
        assert!(f[3].split_once('.').is_some_and(|(_, c)| c.len() == 2), "{line}");
        assert!(f[4..7].iter().all(|s| ("1"..="5").contains(s)), "{line}");
    }
    assert!(out.stderr.is_empty(), "no notes for a clean file: {}", out.stderr);
}

#[test]
fn json_has_the_same_fields() {
    let out = loyalty(&["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.both());
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 728);
    let keys: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 8);
    let csv = loyalty(&[]);
    let first: Vec<&str> = csv.stdout.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(rows[0]["customer_id"].to_string(), first[0]);
    assert_eq!(format!("{:.2}", rows[0]["monetary"].as_f64().unwrap()), first[3]);
    assert_eq!(rows[0]["segment"], first[7]);
}

#[test]
fn summary_prints_the_sales_map() {
    let out = loyalty(&["--summary"]);
    assert_eq!(out.code, 0, "{}", out.both());
    let head = out.stdout.lines().next().unwrap();
    for col in ["Сегмент", "Клиенты", "Доля клиентов", "Выручка, ₽", "Доля выручки", "Заказы", "Средний чек, ₽"]
    {
        assert!(head.contains(col), "{head}");
    }
    assert!(out.stdout.lines().last().unwrap().starts_with("Итого"), "{}", out.stdout);
    let csv = loyalty(&["--summary", "--format", "csv"]);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(lines.len(), 1 + 7 + 1, "header, seven groups, total:\n{}", csv.stdout);
    assert!(lines[8].starts_with("Итого,728,100.00,"), "{}", lines[8]);
    let json: serde_json::Value =
        serde_json::from_str(&loyalty(&["--summary", "--format", "json"]).stdout).expect("valid JSON");
    assert_eq!(json["segments"].as_array().unwrap().len(), 7);
    assert_eq!(json["total"]["customers"], 728);
}

#[test]
fn models_built_in_and_from_a_file() {
    let classic = loyalty(&["--model", "classic", "--summary", "--format", "csv"]);
    assert_eq!(classic.code, 0, "{}", classic.both());
    assert!(classic.stdout.contains("Чемпионы,"), "{}", classic.stdout);
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.toml");
    fs::write(&model, "[scoring]\nmethod = \"thresholds\"\nrecency_days = [30, 90]\nfrequency = [2, 5]\nmonetary = [1000, 5000]\n[[segment]]\nname = \"Свежие\"\nr = \"3\"\n").unwrap();
    let out = loyalty(&["--model", model.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.both());
    assert!(out.stdout.lines().skip(1).all(|l| l.ends_with(",Свежие") == l.contains(",3,") || !l.ends_with(",Свежие")));
    assert!(out.stdout.contains(",Прочие"), "the default fallback");
    // Problems of a model, an unknown model, --bins with thresholds: exit 2.
    fs::write(&model, "[scoring]\nbins = 0\n[[segment]]\nname = \"A\"\nr = \"4-9\"\n").unwrap();
    let bad = loyalty(&["--model", model.to_str().unwrap()]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("число групп баллов 0") && bad.stderr.contains("правило 1 («A»): R — балл "),
        "{}",
        bad.stderr
    );
    fs::write(&model, "[scoring]\nmethod = \"thresholds\"\nrecency_days = [30]\nfrequency = [2]\nmonetary = [1]\n[[segment]]\nname = \"A\"\n").unwrap();
    assert_eq!(loyalty(&["--model", model.to_str().unwrap(), "--bins", "4"]).code, 2);
    let unknown = loyalty(&["--model", "course8"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("course8"), "{}", unknown.stderr);
    // --bins changes the scale of a quantile model.
    let three = loyalty(&["--bins", "3", "--model", "classic"]);
    assert!(three.stdout.lines().skip(1).all(|l| l.split(',').nth(4).is_some_and(|r| ("1"..="3").contains(&r))));
}

#[test]
fn bad_rows_stop_the_run_or_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("orders.csv");
    fs::write(&file, "customer_id;order_date;amount\n1;2025-01-01;5\n2;2025-02-30;5\n3;2025-01-02;1 234,50\n").unwrap();
    let path = file.to_str().unwrap();
    let out = rfm(&[path]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert_eq!(
        out.stderr.trim(),
        format!("{path}:3: не дата: «2025-02-30» (ожидается ГГГГ-ММ-ДД, ГГГГ-ММ-ДД ЧЧ:ММ:СС или ДД.ММ.ГГГГ)")
    );
    assert!(out.stdout.is_empty());
    let skipped = rfm(&[path, "--skip-bad"]);
    assert_eq!(skipped.code, 0, "{}", skipped.both());
    assert!(
        skipped.stderr.contains("пропущено 1 строка с ошибками; первая — ") && skipped.stderr.contains(":3:"),
        "{}",
        skipped.stderr
    );
    assert_eq!(skipped.stdout.lines().count(), 3);
    assert!(skipped.stdout.contains("\n3,1,1,1234.50,"), "{}", skipped.stdout);
    let missing = rfm(&[dir.path().join("nope.csv").to_str().unwrap()]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("файл не найден"), "{}", missing.stderr);
}

#[test]
fn as_of_leaves_out_later_orders_with_a_note_and_out_writes_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("rfm.csv");
    let events = crate_path("datasets/loyalty_events.csv");
    let args = [
        events.as_str(),
        "--customer-col",
        "participant_id",
        "--date-col",
        "event_date",
        "--as-of",
        "2025-01-01",
        "--out",
        out_file.to_str().unwrap(),
    ];
    let out = rfm(&args);
    assert_eq!(out.code, 0, "{}", out.both());
    assert!(out.stdout.is_empty());
    let note = out.stderr.trim();
    assert!(note.starts_with("примечание: ") && note.ends_with("с датой позже 2025-01-01 не учтены"), "{note}");
    let written = fs::read_to_string(&out_file).unwrap();
    assert!(written.lines().skip(1).all(|l| !l.split(',').nth(1).unwrap().starts_with('-')), "no negative recency");
    assert!(rfm(&[events.as_str(), "--as-of", "01/01/2025"]).stderr.contains("--as-of"));
}

/// A field (`at` or `message`) of each finding of a verdict that is wrong.
fn wrong_findings<'a>(v: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    let findings = v["findings"].as_array().expect("findings");
    findings.iter().filter(|f| f["severity"] == "wrong").filter_map(|f| f[field].as_str()).collect()
}

fn verdict(id: &str, variant: &str) -> (i32, serde_json::Value) {
    let name = if variant.is_empty() { format!("{id}.toml") } else { format!("{id}.{variant}.toml") };
    let answer = crate_path(&format!("tests/answers/{name}"));
    let out = run(&["check", id, "--answer", &answer, "--json"]);
    (out.code, serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", out.both())))
}

#[test]
fn pp2_exercises_graded_partial_and_wrong() {
    let (code, v) = verdict("pp2.rfm", "partial");
    assert_eq!((code, v["status"].as_str()), (1, Some("partial")), "{v}");
    let wrong_checks = wrong_findings(&v, "at");
    // New buyers who bought twice, «Спящие» away 91–365 days, and the three groups of
    // the middle R-score (R 1–3 takes in the lowest).
    assert_eq!(wrong_checks, ["check:3", "check:4", "check:5", "check:6", "check:7"], "{v}");
    let (_, v) = verdict("pp2.rfm", "wrong");
    assert!(v["earned"].as_f64().unwrap() < 5.0, "{v}");

    let (code, v) = verdict("pp2.sales-map", "partial");
    assert_eq!((code, v["status"].as_str()), (1, Some("partial")), "{v}");
    // 28 figures: five average checks per participant are wrong, the row of four for
    // «Разовые покупатели» is missing: 19 of 28.
    assert_eq!(v["earned"].as_f64(), Some(5.43), "{v}");
    let (_, v) = verdict("pp2.sales-map", "wrong");
    let notes = v["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "note").count();
    assert_eq!(notes, 14, "every share written as a fraction gets the hint: {v}");
    // The reference is a query: right for another learner's data too.
    let reference = crate_path("tests/answers/pp2.sales-map.toml");
    let other = run(&["--student", "Иванова Анна", "check", "pp2.sales-map", "--answer", &reference]);
    assert_eq!(other.code, 0, "{}", other.both());
}

/// The sales map copied as numbers (what `crm-workbook rfm --summary` prints for the
/// learner's data) is right on that data but not on the control participants: it earns
/// nothing, and the learner is told why.
#[test]
fn pp2_sales_map_cannot_be_copied_from_the_summary() {
    let (code, v) = verdict("pp2.sales-map", "copied");
    assert_eq!(code, 1, "{v}");
    let own_right = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["at"].as_str().unwrap().starts_with("cell:") && f["severity"] == "correct")
        .count();
    assert_eq!(own_right, 28, "every figure is right on the learner's own data: {v}");
    let control = v["findings"].as_array().unwrap().iter().find(|f| f["at"] == "query").expect("the control finding");
    assert_eq!(control["severity"], "wrong", "{v}");
    assert!(control["message"].as_str().unwrap().contains("а не записываться готовыми числами"), "{v}");
    assert_eq!(v["earned"].as_f64(), Some(0.0), "{v}");
    // A file with figures typed by hand, as the answer was before, is refused with a word
    // on what to write instead.
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.toml");
    fs::write(&old, "[[segment]]\nname = \"A\"\n[[map]]\nsegment = \"A\"\ncustomers = 1\n").unwrap();
    let out = run(&["check", "pp2.sales-map", "--answer", old.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert!(out.stderr.contains("query = \"\"\"SELECT …\"\"\""), "{}", out.both());
}

/// Swapping the rules of «Лояльные» and «В зоне риска» leaves every group full and
/// nobody over; only the meaning of the two groups is wrong, and the checks of meaning
/// (one per group of the seven) catch it.
#[test]
fn pp2_rfm_checks_the_meaning_of_all_seven_groups() {
    let (code, v) = verdict("pp2.rfm", "swapped");
    assert_eq!(code, 1, "{v}");
    let wrong = wrong_findings(&v, "message");
    assert_eq!(wrong.len(), 2, "{v}");
    assert!(wrong[0].starts_with("группа «Лояльные»:"), "{wrong:?}");
    assert!(wrong[1].starts_with("группа «В зоне риска»:"), "{wrong:?}");
    let checks = v["findings"].as_array().unwrap().iter().filter(|f| f["at"].as_str().unwrap().starts_with("check:"));
    assert_eq!(checks.count(), 7, "a check of meaning for each of the seven groups: {v}");
    let (code, v) = verdict("pp2.rfm", "");
    assert_eq!((code, v["earned"].as_f64()), (0, Some(10.0)), "{v}");
}

/// The reference model passes pp2.rfm, all seven checks of meaning included, for every
/// learner's variant, not just one.
#[test]
fn pp2_rfm_reference_passes_for_many_learners() {
    use crm_workbook::course::{self, CourseSource};
    use crm_workbook::kinds::{GradeCtx, NoDatasets};
    let course = course::load(CourseSource::Embedded).into_result().expect("built-in course");
    let ex = course.exercise("pp2.rfm").expect("pp2.rfm");
    let answer = ex.spec.parse_answer_file(&fs::read_to_string(crate_path("tests/answers/pp2.rfm.toml")).unwrap());
    let answer = answer.expect("the reference answer reads");
    for n in 0..30 {
        let ctx = GradeCtx {
            variant: crm_workbook::grading::Learner::by_name(&format!("Студент {n}")).variant(&ex.variant_key),
            datasets: &NoDatasets,
        };
        let outcome = ex.spec.grade(&answer, &ctx).expect("an rfm answer");
        assert_eq!(outcome.earned, outcome.possible, "Студент {n}: {:#?}", outcome.findings);
        assert_eq!(outcome.possible, 15.0);
    }
}
