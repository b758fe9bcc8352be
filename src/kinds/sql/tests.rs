//! Unit tests of the `sql` kind: each mode with right, wrong, partial and erroring SQL,
//! answer files, places, and validation.

use std::borrow::Cow;

use super::*;
use crate::kinds::Severity::{self, Correct, Missing, Note, Wrong};
use crate::kinds::{Datasets, Finding, Place, Validator};

/// A course folder's datasets in memory.
struct Files(Vec<(&'static str, &'static str)>);

impl Datasets for Files {
    fn read(&self, name: &str) -> Option<Cow<'_, [u8]>> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, t)| Cow::Borrowed(t.as_bytes()))
    }
}

const SHOP: &[(&str, &str)] = &[
    ("clients.csv", "id,name,city,spent\n1,Анна,Москва,1500.50\n2,Борис,Тула,\n3,Вера,Москва,300\n4,Глеб,,99.99\n"),
    ("Clients.jsonl", "{\"id\":1}\n"),
    ("sqlite_stat1.csv", "tbl,idx,stat\nt,i,1\n"),
    (
        "visits.jsonl",
        "{\"client\":1,\"page\":\"/\"}\n{\"client\":3,\"page\":\"/cart\"}\n{\"client\":null,\"page\":\"/\"}\n",
    ),
];

/// Like `test_support::issues`, with the `SHOP` files as the course's datasets.
fn issues(text: &str) -> Vec<(String, String)> {
    let spec: Spec = toml::from_str(text).unwrap_or_else(|e| panic!("test spec does not parse: {e}"));
    let files = Files(SHOP.to_vec());
    let exists = |name: &str| files.read(name).is_some();
    let mut v = Validator::new(&exists).with_datasets(&files);
    Sql::validate(&spec, &mut v);
    v.into_issues()
        .into_iter()
        .map(|i| (i.span.map(|s| text[s].to_owned()).unwrap_or_else(|| "<no span>".into()), i.message))
        .collect()
}

fn spec(text: &str) -> Spec {
    let spec: Spec = toml::from_str(text).unwrap_or_else(|e| panic!("test spec does not parse: {e}"));
    assert_eq!(issues(text), vec![], "test spec must be valid");
    spec
}

fn grade_with(spec: &Spec, answer: &Answer) -> Outcome {
    let files = Files(SHOP.to_vec());
    let ctx = GradeCtx { variant: 0, datasets: &files };
    let first = Sql::grade(spec, answer, &ctx);
    assert_eq!(first, Sql::grade(spec, answer, &ctx), "grading must be deterministic");
    assert!(first.earned >= 0.0 && first.earned <= first.possible, "{first:?}");
    first
}

fn sql(text: &str) -> Answer {
    Answer { sql: text.into(), ..Answer::default() }
}

fn parts(list: &[(&str, &str)]) -> Answer {
    Answer { sql: String::new(), parts: list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
}

/// (place, severity) of each finding.
fn places(o: &Outcome) -> Vec<(String, Severity)> {
    o.findings.iter().map(|f| (f.at.as_ref().map(Place::to_string).unwrap_or_default(), f.severity)).collect()
}

fn finding<'a>(o: &'a Outcome, at: &str) -> &'a Finding {
    o.findings
        .iter()
        .find(|f| f.at.as_ref().is_some_and(|p| p.to_string() == at))
        .unwrap_or_else(|| panic!("no finding at {at}: {o:#?}"))
}

const SCHEMA: &str = r#"
mode = "schema"
reference = """
CREATE TABLE customers (
  customer_id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  pd_consent INTEGER NOT NULL CHECK (pd_consent = 1)
);
CREATE TABLE orders (
  order_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
  qty INTEGER NOT NULL CHECK (qty > 0)
);
"""

[[tables]]
name = "customers"
columns = [
  { name = "customer_id", type = "integer", primary_key = true },
  { name = "email", type = "text", not_null = true, unique = true },
  { name = "pd_consent", type = "integer", not_null = true, check = true },
]

[[tables]]
name = "orders"
columns = [
  { name = "order_id", type = "integer", primary_key = true },
  { name = "customer_id", type = "integer", not_null = true, references = "customers" },
  { name = "qty", type = "integer", check = true },
]

[[probes]]
id = "customer"
title = "клиент с согласием"
sql = "INSERT INTO customers (customer_id, email, pd_consent) VALUES (1, 'a@b.ru', 1)"
expect = "ok"

[[probes]]
id = "order"
title = "заказ этого клиента"
sql = "INSERT INTO orders (order_id, customer_id, qty) VALUES (1, 1, 2)"
expect = "ok"

[[probes]]
id = "duplicate-email"
title = "второй клиент с тем же e-mail"
sql = "INSERT INTO customers (customer_id, email, pd_consent) VALUES (2, 'a@b.ru', 1)"
expect = "reject"
because = "unique"

[[probes]]
id = "no-consent"
title = "клиент без согласия"
sql = "INSERT INTO customers (customer_id, email, pd_consent) VALUES (3, 'c@b.ru', 0)"
expect = "reject"
because = "check"

[[probes]]
id = "orphan-order"
title = "заказ несуществующего клиента"
sql = "INSERT INTO orders (order_id, customer_id, qty) VALUES (2, 99, 1)"
expect = "reject"
because = "foreign_key"

[[probes]]
id = "negative-qty"
title = "отрицательное количество"
sql = "INSERT INTO orders (order_id, customer_id, qty) VALUES (3, 1, -1)"
expect = "reject"
"#;

fn schema_spec() -> Spec {
    spec(SCHEMA)
}

fn reference_of(spec: &Spec) -> Answer {
    sql(spec.reference.as_ref().expect("reference").get_ref())
}

#[test]
fn schema_reference_passes_every_check() {
    let s = schema_spec();
    let o = grade_with(&s, &reference_of(&s));
    assert_eq!((o.earned, o.possible), (12.0, 12.0), "{o:#?}");
    assert!(o.findings.iter().all(|f| f.severity == Correct), "{o:#?}");
    // 2 tables, 6 columns, 6 probes: a finding each.
    assert_eq!(o.findings.len(), 14);
}

#[test]
fn schema_without_constraints_fails_the_probes_that_need_them() {
    let s = schema_spec();
    let weak = "CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, email TEXT, pd_consent INTEGER);\n\
                CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER, qty INTEGER);";
    let o = grade_with(&s, &sql(weak));
    assert_eq!(finding(&o, "probe:customer").severity, Correct);
    assert_eq!(finding(&o, "probe:order").severity, Correct);
    for probe in ["duplicate-email", "no-consent", "orphan-order", "negative-qty"] {
        let f = finding(&o, &format!("probe:{probe}"));
        assert_eq!((f.severity, f.message.as_str()), (Wrong, msg::probe_should_fail().as_str()), "{probe}");
    }
    let email = finding(&o, "column:customers.email");
    assert_eq!(email.message, format!("{}; {}", msg::column_nullable(), msg::column_not_unique()));
    let fk = finding(&o, "column:orders.customer_id");
    assert!(fk.message.contains("REFERENCES"), "{fk:?}");
    assert!(o.earned > 0.0 && o.earned < o.possible, "partial credit: {o:?}");
}

#[test]
fn schema_findings_name_missing_tables_columns_and_types() {
    let s = schema_spec();
    let o = grade_with(&s, &sql("CREATE TABLE customers (customer_id TEXT PRIMARY KEY, mail TEXT);"));
    assert_eq!(finding(&o, "table:orders").severity, Missing);
    assert_eq!(finding(&o, "column:customers.email").severity, Missing);
    let id = finding(&o, "column:customers.customer_id");
    assert!(id.message.starts_with("тип TEXT не подходит"), "{id:?}");
    // A probe inserting into a column that is not there fails with that said, and a probe
    // that must be rejected does not pass because of a missing column.
    assert_eq!(
        finding(&o, "probe:customer").message,
        msg::probe_should_pass("в таблице customers нет столбца email — может быть, mail?")
    );
    assert_eq!(finding(&o, "probe:duplicate-email").severity, Wrong);
    assert!(finding(&o, "probe:duplicate-email").message.starts_with("должна быть отклонена ограничением, а упала"));
}

#[test]
fn schema_with_a_syntax_error_reports_its_line_and_grades_what_ran() {
    let s = schema_spec();
    let text = "CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, pd_consent INTEGER NOT NULL CHECK (pd_consent = 1));\n\nCREATE TABEL orders (x);";
    let o = grade_with(&s, &sql(text));
    let whole = finding(&o, "sql");
    assert_eq!(whole.severity, Wrong);
    assert_eq!(whole.message, "ошибка в вашем SQL, строка 3: ошибка синтаксиса рядом с «TABEL» — может быть, TABLE?");
    assert_eq!(finding(&o, "column:customers.email").severity, Correct);
    assert_eq!(finding(&o, "table:orders").severity, Missing);
}

#[test]
fn foreign_keys_are_enforced_even_if_the_learner_turns_them_off() {
    let s = schema_spec();
    let text = format!("PRAGMA foreign_keys = OFF;\nBEGIN;\n{}", reference_of(&s).sql);
    let o = grade_with(&s, &sql(&text));
    assert_eq!(finding(&o, "probe:orphan-order").severity, Correct, "{o:#?}");
    assert_eq!(o.earned, o.possible);
}

#[test]
fn a_view_or_a_temporary_table_is_not_the_table_asked_for() {
    let s = schema_spec();
    let o = grade_with(
        &s,
        &sql(
            "CREATE TEMP TABLE customers (customer_id INTEGER PRIMARY KEY);\nCREATE VIEW orders AS SELECT 1 AS order_id;",
        ),
    );
    assert_eq!(finding(&o, "table:customers").severity, Missing);
    assert_eq!(finding(&o, "table:orders").severity, Missing);
}

#[test]
fn an_empty_schema_answer_is_missing_not_a_crash() {
    let o = grade_with(&schema_spec(), &Answer::default());
    assert_eq!(places(&o), vec![("sql".into(), Missing)]);
    assert_eq!((o.earned, o.possible), (0.0, 12.0));
}

const QUERY: &str = r#"
mode = "query"
datasets = ["clients.csv", "visits.jsonl"]

[[parts]]
id = "moscow"
title = "Клиенты из Москвы"
reference = "SELECT id FROM clients WHERE city = 'Москва'"

[[parts]]
id = "top"
title = "Клиенты по убыванию трат"
reference = "SELECT name, spent FROM clients WHERE spent IS NOT NULL ORDER BY spent DESC"
ordered = true
tolerance = 0.01

[[parts]]
id = "visitors"
title = "Кто заходил на сайт"
reference = "SELECT DISTINCT c.name FROM clients c JOIN visits v ON v.client = c.id"
check_columns = true
weight = 2
"#;

#[test]
fn query_parts_are_graded_and_credited_one_by_one() {
    let s = spec(QUERY);
    let right = parts(&[
        ("moscow", "SELECT id FROM clients WHERE city LIKE 'Москва' ORDER BY id DESC;"),
        ("top", "SELECT name, round(spent, 1) FROM clients WHERE spent > 0 ORDER BY 2 DESC"),
        ("visitors", "SELECT c.name AS NAME FROM clients c WHERE c.id IN (SELECT client FROM visits)"),
    ]);
    let o = grade_with(&s, &right);
    assert_eq!((o.earned, o.possible), (4.0, 4.0), "{o:#?}");
    assert_eq!(finding(&o, "part:moscow").message, "верно: 2 строки");

    let partial = parts(&[
        ("moscow", "SELECT id FROM clients"),
        ("top", "SELECT name, spent FROM clients WHERE spent IS NOT NULL ORDER BY spent"),
    ]);
    let o = grade_with(&s, &partial);
    assert_eq!((o.earned, o.possible), (0.0, 4.0));
    let moscow = finding(&o, "part:moscow");
    assert_eq!(moscow.message, "в верном результате 2 строки; лишних строк: 2 (например: (2), (4))");
    assert_eq!(finding(&o, "part:top").message, msg::wrong_order());
    assert_eq!(finding(&o, "part:visitors").severity, Missing);

    let o = grade_with(
        &s,
        &parts(&[("moscow", "SELECT c.id FROM clients c JOIN clients d ON d.city = c.city WHERE c.city = 'Москва'")]),
    );
    assert_eq!(
        finding(&o, "part:moscow").message,
        format!("в верном результате 2 строки; лишних строк: 2 (например: (1), (3)){}", msg::rows_repeated())
    );

    let half = parts(&[("moscow", "SELECT id FROM clients WHERE city = 'Москва'"), ("visitors", "SELECT 1")]);
    let o = grade_with(&s, &half);
    assert_eq!((o.earned, o.possible), (1.0, 4.0));
}

#[test]
fn each_part_sees_the_data_as_made_whatever_an_earlier_part_did() {
    // Parts share a sandbox only while the learner's SQL only reads: a part that writes,
    // makes a temporary table or leaves a transaction open hands the next a fresh copy.
    let s = spec(
        "mode = \"query\"\nsetup = \"CREATE TABLE t (x); INSERT INTO t VALUES (1), (2);\"\nparts = [\
         { id = \"a\", title = \"А\", reference = \"SELECT x FROM t\" },\
         { id = \"b\", title = \"Б\", reference = \"SELECT count(*) FROM t\" },\
         { id = \"c\", title = \"В\", reference = \"SELECT 0\" },\
         { id = \"d\", title = \"Г\", reference = \"SELECT 1\" }]",
    );
    let o = grade_with(
        &s,
        &parts(&[
            ("a", "DELETE FROM t WHERE x = 2; CREATE TEMP TABLE seen AS SELECT 1 AS y; SELECT 1 UNION SELECT 2"),
            ("b", "BEGIN; SELECT count(*) FROM t"),
            ("c", "SELECT count(*) FROM sqlite_temp_master"),
            ("d", "BEGIN; SELECT count(*) FROM t WHERE x = 2"),
        ]),
    );
    assert_eq!((o.earned, o.possible), (4.0, 4.0), "{o:#?}");
    // Only reading, the parts run one after another in one sandbox and still agree.
    let reads = parts(&[
        ("a", "SELECT x FROM t"),
        ("b", "SELECT count(*) FROM t"),
        ("c", "SELECT count(*) FROM sqlite_temp_master"),
        ("d", "SELECT count(*) FROM t WHERE x = 1"),
    ]);
    assert_eq!(grade_with(&s, &reads).earned, 4.0);
}

#[test]
fn a_setup_with_temporary_tables_or_pragmas_is_run_for_every_sandbox() {
    // The database after a setup is remembered and copied; what a copy cannot hold (a
    // temporary table, a connection's option) makes the setup run each time instead.
    for setup in
        ["CREATE TEMP TABLE t AS SELECT 1 AS x", "PRAGMA recursive_triggers = ON; CREATE TABLE t AS SELECT 1 AS x"]
    {
        let s = spec(&format!(
            "mode = \"query\"\nsetup = \"{setup}\"\nparts = [{{ id = \"a\", title = \"А\", reference = \"SELECT x FROM t\" }}]"
        ));
        for _ in 0..3 {
            assert_eq!(grade_with(&s, &sql("SELECT 1 AS x")).earned, 1.0, "{setup}");
            let sandbox =
                super::sandbox(&s, &GradeCtx { variant: 0, datasets: &Files(SHOP.to_vec()) }).expect("sandbox");
            assert_eq!(sandbox.run("SELECT count(*) FROM t", 10).expect("t is there").rows.len(), 1, "{setup}");
            if setup.starts_with("PRAGMA") {
                let on = sandbox.run("PRAGMA recursive_triggers", 10).expect("the option reads");
                assert_eq!(on.rows[0][0].as_number(), Some(1.0), "the setup's option is set in every sandbox");
            }
        }
    }
    // A plain setup: the remembered copy holds what running it gives.
    let s = spec(
        "mode = \"query\"\nsetup = \"CREATE TABLE t (x INTEGER PRIMARY KEY, y); INSERT INTO t (y) VALUES ('a'), ('b');\"\n\
         parts = [{ id = \"a\", title = \"А\", reference = \"SELECT x, y FROM t\" }]",
    );
    let ctx = GradeCtx { variant: 0, datasets: &Files(SHOP.to_vec()) };
    for _ in 0..2 {
        let sandbox = super::sandbox(&s, &ctx).expect("sandbox");
        assert!(sandbox.unchanged(), "the setup is where changes count from");
        let rows = sandbox.run("INSERT INTO t (y) VALUES ('c'); SELECT max(x) FROM t", 10).expect("runs");
        assert_eq!(rows.rows[0][0].as_number(), Some(3.0), "the copy goes on numbering where the setup stopped");
    }
}

#[test]
fn a_sandbox_is_copied_only_when_the_copy_holds_all_of_it() {
    let sandbox = crate::data::sql::Sandbox::new(crate::data::sql::Limits::default()).expect("sandbox");
    sandbox.run("CREATE TABLE t (x); INSERT INTO t VALUES (7)", 10).expect("runs");
    let bytes = sandbox.snapshot().expect("a plain database is copied");
    let copy = crate::data::sql::Sandbox::from_bytes(Some(&bytes), crate::data::sql::Limits::default()).expect("copy");
    assert_eq!(copy.run("SELECT x FROM t", 10).expect("runs").rows[0][0].as_number(), Some(7.0));
    for not_whole in ["CREATE TEMP TABLE u (y)", "PRAGMA recursive_triggers = ON", "BEGIN"] {
        let sandbox =
            crate::data::sql::Sandbox::from_bytes(Some(&bytes), crate::data::sql::Limits::default()).expect("sandbox");
        sandbox.run(not_whole, 10).expect("runs");
        assert!(sandbox.snapshot().is_none(), "{not_whole}");
    }
}

#[test]
fn the_sandbox_tells_reading_from_changing() {
    let sandbox = crate::data::sql::Sandbox::new(crate::data::sql::Limits::default()).expect("sandbox");
    sandbox.run("CREATE TABLE t (x)", 10).expect("runs");
    assert!(!sandbox.unchanged(), "a table was made");
    sandbox.mark_unchanged();
    sandbox.run("SELECT * FROM t", 10).expect("runs");
    assert!(sandbox.unchanged());
    sandbox.run("BEGIN", 10).expect("runs");
    assert!(!sandbox.unchanged(), "a transaction is open");
    sandbox.run("COMMIT", 10).expect("runs");
    assert!(sandbox.unchanged());
    sandbox.run("INSERT INTO t VALUES (1)", 10).expect("runs");
    assert!(!sandbox.unchanged(), "a row was added");
}

#[test]
fn small_weights_still_add_up_to_a_pass() {
    let s = spec(
        "mode = \"query\"\nsetup = \"CREATE TABLE t (x); INSERT INTO t VALUES (1);\"\nparts = [{ id = \"a\", title = \"А\", reference = \"SELECT x FROM t\", weight = 0.5 }]",
    );
    let o = grade_with(&s, &sql("SELECT 1"));
    assert_eq!((o.earned, o.possible), (0.5, 0.5));
}

#[test]
fn query_findings_for_columns_errors_and_non_selects() {
    let s = spec(QUERY);
    let o = grade_with(
        &s,
        &parts(&[
            ("moscow", "SELECT id, name FROM clients WHERE city = 'Москва'"),
            ("top", "SELECT name, spent\nFROM clientz"),
            ("visitors", "SELECT DISTINCT c.name AS who FROM clients c JOIN visits v ON v.client = c.id"),
            ("extra", "SELECT 1"),
        ]),
    );
    assert_eq!(finding(&o, "part:moscow").message, msg::column_count(1, 2));
    let top = finding(&o, "part:top");
    assert_eq!(top.message, "ошибка в вашем SQL, строка 2: нет таблицы clientz — может быть, clients?");
    assert!(finding(&o, "part:visitors").message.starts_with("столбцы должны называться"), "{o:#?}");
    assert!(o.findings.contains(&Finding::note(msg::unknown_part("extra"))));
    let o = grade_with(&s, &parts(&[("moscow", "CREATE VIEW v AS SELECT id FROM clients")]));
    assert_eq!(finding(&o, "part:moscow").message, msg::no_result_rows());
}

#[test]
fn a_one_part_query_takes_the_whole_file_and_shared_sql_runs_before_each_part() {
    let one: Spec = spec(
        "mode = \"query\"\ndatasets = [\"clients.csv\"]\nparts = [{ id = \"n\", title = \"Сколько\", reference = \"SELECT count(*) FROM clients\" }]",
    );
    assert_eq!(grade_with(&one, &sql("SELECT 4")).earned, 1.0);
    let s = spec(QUERY);
    let unmarked = grade_with(&s, &sql("SELECT id FROM clients WHERE city = 'Москва';"));
    assert!(unmarked.findings.contains(&Finding::note(msg::parts_not_marked())), "{unmarked:#?}");
    let mut shared = parts(&[("moscow", "SELECT id FROM msk"), ("top", "SELECT name, spent FROM msk")]);
    shared.sql = "CREATE TEMP VIEW msk AS SELECT * FROM clients WHERE city = 'Москва';".into();
    let o = grade_with(&s, &shared);
    assert_eq!(finding(&o, "part:moscow").severity, Correct, "{o:#?}");
    shared.sql = "CREATE VIEW broken AS SELEC 1;".into();
    let o = grade_with(&s, &shared);
    assert!(finding(&o, "part:moscow").message.starts_with("ошибка в общем начале файла"));
}

const SCRIPT: &str = r#"
mode = "script"
datasets = ["clients.csv"]
setup = "CREATE TABLE cities (name TEXT PRIMARY KEY, clients INTEGER NOT NULL);"
reference = """
INSERT INTO cities (name, clients)
SELECT city, count(*) FROM clients WHERE city IS NOT NULL GROUP BY city;
DELETE FROM clients WHERE city IS NULL;
"""

[[compare]]
table = "cities"

[[compare]]
table = "clients"
columns = ["id"]
"#;

#[test]
fn script_tables_are_compared_after_the_script() {
    let s = spec(SCRIPT);
    let o = grade_with(&s, &reference_of(&s));
    assert_eq!((o.earned, o.possible), (2.0, 2.0), "{o:#?}");
    let half = "INSERT INTO cities SELECT city, count(*) FROM clients GROUP BY city HAVING city IS NOT NULL;";
    let o = grade_with(&s, &sql(half));
    assert_eq!((o.earned, o.possible), (1.0, 2.0));
    assert_eq!(finding(&o, "table:clients").message, "в верном результате 3 строки; лишних строк: 1 (например: (4))");
    let o = grade_with(&s, &sql("DROP TABLE cities;\nDELETE FROM clients WHERE city IS NULL;"));
    assert_eq!(finding(&o, "table:cities").message, msg::table_unreadable("нет таблицы cities"));
    assert_eq!(finding(&o, "table:clients").severity, Correct);
    let o = grade_with(&s, &sql("INSERT INTO cities VALUES ('Тула', 1);\nINSERT INTO nowhere VALUES (1);"));
    assert!(finding(&o, "sql").message.contains("строка 2"), "{o:#?}");
}

#[test]
fn hostile_sql_becomes_findings_and_grading_stays_responsive() {
    let s = Spec { time_limit_ms: Some(toml::Spanned::new(0..0, 300)), ..spec(QUERY) };
    let started = std::time::Instant::now();
    let o = grade_with(
        &s,
        &parts(&[
            ("moscow", "ATTACH DATABASE 'x.db' AS x;"),
            ("top", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*), 1 FROM r"),
            ("visitors", "SELECT zeroblob(100000000) AS name"),
        ]),
    );
    // An endless query would never return; the bound is loose so that a loaded machine
    // (a debug build beside other builds) does not fail it.
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "{:?}", started.elapsed());
    assert!(finding(&o, "part:moscow").message.contains("ATTACH"));
    assert!(finding(&o, "part:top").message.contains("прерван"));
    assert!(finding(&o, "part:visitors").message.contains("МБ"));
    assert_eq!(o.earned, 0.0);
    // Rows past the cap stop a query before its time does (given time enough to get
    // there on a loaded machine).
    let endless = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r";
    let s = Spec { time_limit_ms: Some(toml::Spanned::new(0..0, 20_000)), ..spec(QUERY) };
    let o = grade_with(&s, &parts(&[("moscow", endless)]));
    assert_eq!(finding(&o, "part:moscow").message, msg::too_many_rows(MAX_GRADED_ROWS));
}

#[test]
fn a_broken_dataset_is_a_note_not_a_panic() {
    let s: Spec = toml::from_str(
        "mode = \"query\"\ndatasets = [\"bad.csv\"]\nparts = [{ id = \"a\", title = \"А\", reference = \"SELECT 1\" }]",
    )
    .expect("parses");
    let files = Files(vec![("bad.csv", "a,b\n1\n")]);
    let o = Sql::grade(&s, &sql("SELECT 1"), &GradeCtx { variant: 0, datasets: &files });
    assert_eq!((o.earned, o.possible), (0.0, 1.0));
    assert_eq!(o.findings[0].severity, Note);
    assert!(o.findings[0].message.contains("bad.csv"), "{o:?}");
}

#[test]
fn places_are_labelled() {
    let s = schema_spec();
    assert_eq!(
        Sql::place_label(&s, &Place::parse("probe:no-consent")).as_deref(),
        Some("проверка «клиент без согласия»")
    );
    assert_eq!(Sql::place_label(&s, &Place::parse("column:orders.qty")).as_deref(), Some("столбец orders.qty"));
    assert_eq!(Sql::place_label(&s, &Place::parse("table:orders")).as_deref(), Some("таблица orders"));
    assert_eq!(Sql::place_label(&s, &Place::parse("probe:nope")), None);
    assert_eq!(Sql::place_label(&spec(QUERY), &Place::parse("part:top")).as_deref(), Some("Клиенты по убыванию трат"));
}

#[test]
fn answers_round_trip_as_json() {
    let a = parts(&[("a", "SELECT 1")]);
    let json = serde_json::to_string(&a).expect("serializes");
    assert_eq!(serde_json::from_str::<Answer>(&json).expect("reads"), a);
}

#[test]
fn validation_reports_spec_problems_at_their_place() {
    let s = |a: &str, b: String| (a.to_string(), b);
    assert_eq!(
        issues(
            "mode = \"query\"\nparts = [{ id = \"a\", title = \"А\", reference = \"SELECT 1\" }, { id = \"a\", title = \"Б\", reference = \"SELEC 2\" }]"
        ),
        vec![
            s("\"a\"", crate::strings::grading::duplicate_id("parts", "a")),
            s(
                "\"SELEC 2\"",
                "SQL из reference не выполняется на данных упражнения: строка 1: ошибка синтаксиса рядом с «SELEC» — \
                 может быть, SELECT?"
                    .into()
            )
        ]
    );
    let got =
        issues("mode = \"query\"\nparts = [{ id = \"a\", title = \"А\", reference = \"SELECT x FROM nowhere\" }]");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "\"SELECT x FROM nowhere\"");
    assert!(got[0].1.ends_with("строка 1: нет таблицы nowhere"), "{got:?}");
    assert_eq!(
        issues(
            "mode = \"query\"\ndatasets = [\"nope.csv\"]\nparts = [{ id = \"a\", title = \"А\", reference = \"SELECT 1\" }]"
        ),
        vec![s("\"nope.csv\"", msg::dataset_unknown("nope.csv"))]
    );
    // Two files that load into one table (SQLite ignores case in names), and a name
    // SQLite keeps for itself: said in Russian at validation, not by SQLite at loading.
    assert_eq!(
        issues(
            "mode = \"query\"\ndatasets = [\"clients.csv\", \"Clients.jsonl\"]\nparts = [{ id = \"a\", title = \"А\", reference = \"SELECT 1\" }]"
        ),
        vec![s("\"Clients.jsonl\"", msg::dataset_same_table("clients.csv", "Clients.jsonl", "Clients"))]
    );
    assert_eq!(
        issues(
            "mode = \"query\"\ndatasets = [\"sqlite_stat1.csv\"]\nparts = [{ id = \"a\", title = \"А\", reference = \"SELECT 1\" }]"
        ),
        vec![s("\"sqlite_stat1.csv\"", msg::dataset_bad_file_name("sqlite_stat1.csv"))]
    );
    let probe = "mode = \"schema\"\nreference = \"CREATE TABLE t (x)\"\n[[probes]]\nid = \"p\"\ntitle = \"П\"\nsql = \"INSERT INTO t VALUES (1)\"\n";
    assert_eq!(issues(probe), vec![s("\"p\"", msg::probe_without_expectation("p"))]);
    let failing = "mode = \"schema\"\nreference = \"CREATE TABLE t (x)\"\n[[probes]]\nid = \"p\"\ntitle = \"П\"\nsql = \"INSERT INTO t VALUES (1)\"\nexpect = \"reject\"\n";
    let got = issues(failing);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "\"INSERT INTO t VALUES (1)\"");
    assert!(got[0].1.starts_with("эталонная схема (reference) не проходит проверку: проверка «П»: прошла"), "{got:?}");
    assert_eq!(
        issues(
            "mode = \"script\"\nparts = [{ id = \"a\", title = \"А\", reference = \"SELECT 1\" }]\nreference = \"SELECT 1\"\ncompare = [{ table = \"t\" }]"
        ),
        vec![s("\"script\"", msg::field_wrong_mode("parts", Mode::Query))]
    );
    let got = issues("mode = \"script\"\nreference = \"CREATE TABLE t (x)\"\ncompare = [{ table = \"u\" }]");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "\"u\"");
    let refs = "mode = \"schema\"\nreference = \"CREATE TABLE a (x INTEGER PRIMARY KEY, y INTEGER REFERENCES b (z))\"\n\
                tables = [{ name = \"a\", columns = [{ name = \"x\" }, { name = \"y\", references = \"a.z\" }, { name = \"w\", references = \"b\" }] }]";
    assert_eq!(
        issues(refs),
        vec![s("\"a.z\"", msg::references_unknown_column("a.z")), s("\"b\"", msg::references_unknown_table("b"))]
    );
    assert_eq!(issues(SCHEMA), vec![]);
}

#[test]
fn a_learners_variant_of_the_data_is_stable_and_their_own() {
    let text = "mode = \"query\"\ndatasets = [\"customers.csv\"]\nvariant = true\nparts = [{ id = \"n\", title = \"Клиенты\", reference = \"SELECT customer_id, full_name FROM customers\" }]";
    let s: Spec = toml::from_str(text).expect("parses");
    let rows = |variant: u64| {
        let ctx = GradeCtx { variant, datasets: &crate::kinds::NoDatasets };
        let sandbox = sandbox(&s, &ctx).expect("variant sandbox");
        sandbox
            .run_script("SELECT full_name, email, city FROM customers ORDER BY customer_id LIMIT 50", 50)
            .expect("runs")
            .rows
    };
    let first = rows(7);
    assert_eq!(first.len(), 50);
    assert_eq!(first, rows(7), "same learner, same data");
    assert_ne!(first, rows(8), "another learner, other data");
    // The reference is graded on the learner's own variant.
    let ctx = GradeCtx { variant: 7, datasets: &crate::kinds::NoDatasets };
    let answer = sql("SELECT customer_id, full_name FROM customers");
    assert_eq!(Sql::grade(&s, &answer, &ctx).earned, 1.0);
}

#[test]
fn a_remembered_reference_belongs_to_its_setup() {
    // The same reference query on two setups: each grading compares with its own rows.
    let spec_with = |value: u32| -> Spec {
        toml::from_str(&format!(
            "mode = \"query\"\nsetup = \"CREATE TABLE t (x INTEGER); INSERT INTO t VALUES ({value});\"\n\
             parts = [{{ id = \"a\", title = \"А\", reference = \"SELECT x FROM t\" }}]"
        ))
        .expect("spec")
    };
    let answer = Answer { sql: "SELECT 1 AS x".into(), parts: Default::default() };
    let ctx = GradeCtx { variant: 0, datasets: &crate::kinds::NoDatasets };
    assert_eq!(Sql::grade(&spec_with(1), &answer, &ctx).earned, 1.0);
    assert_eq!(Sql::grade(&spec_with(2), &answer, &ctx).earned, 0.0, "not the first setup's rows");
    assert_eq!(Sql::grade(&spec_with(1), &answer, &ctx).earned, 1.0);
}

#[test]
fn a_remembered_reference_script_belongs_to_its_setup() {
    let spec_with = |value: u32| -> Spec {
        toml::from_str(&format!(
            "mode = \"script\"\nsetup = \"CREATE TABLE t (x INTEGER); INSERT INTO t VALUES ({value});\"\n\
             reference = \"UPDATE t SET x = x + 1;\"\ncompare = [{{ table = \"t\" }}]"
        ))
        .expect("spec")
    };
    let answer = Answer { sql: "UPDATE t SET x = 2;".into(), parts: Default::default() };
    let ctx = GradeCtx { variant: 0, datasets: &crate::kinds::NoDatasets };
    assert_eq!(Sql::grade(&spec_with(1), &answer, &ctx).earned, 1.0);
    assert_eq!(Sql::grade(&spec_with(5), &answer, &ctx).earned, 0.0, "not the first setup's table");
    assert_eq!(Sql::grade(&spec_with(1), &answer, &ctx).earned, 1.0);
}

/// A row of `sqlite_master`: type, name, SQL.
type SchemaRow = (String, String, Option<String>);
/// A value with its storage class (`typeof`).
type TypedValue = (String, rusqlite::types::Value);
/// A table's name and rows.
type TableRows = (String, Vec<Vec<TypedValue>>);

/// Everything a database holds, value by value: its schema (`sqlite_master`, with the
/// declared types, indexes and ANALYZE's table), then every table's rows with each
/// value's storage class (`typeof`) and the value itself.
fn dump(bytes: &[u8]) -> (Vec<SchemaRow>, Vec<TableRows>) {
    let mut conn = crate::data::sql::open_in_memory().expect("db");
    conn.deserialize_read_exact(rusqlite::MAIN_DB, bytes, bytes.len(), true).expect("loads");
    let schema: Vec<SchemaRow> = conn
        .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY rowid")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect())
        .expect("schema");
    let mut tables = Vec::new();
    for (_, name, _) in schema.iter().filter(|(t, _, _)| t == "table") {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{name}') ORDER BY cid"))
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("columns");
        let select: Vec<String> = columns.iter().map(|c| format!("typeof(\"{c}\"), \"{c}\"")).collect();
        let mut stmt =
            conn.prepare(&format!("SELECT {} FROM \"{name}\" ORDER BY rowid", select.join(", "))).expect("select");
        let rows: Vec<Vec<TypedValue>> = stmt
            .query_map([], |r| (0..columns.len()).map(|i| Ok((r.get(2 * i)?, r.get(2 * i + 1)?))).collect())
            .and_then(|rows| rows.collect())
            .expect("rows");
        tables.push((name.clone(), rows));
    }
    (schema, tables)
}

/// The loyalty files' database as loading their generated text makes it.
fn loyalty_database_from_csv(opts: &Options) -> Vec<u8> {
    let files: Vec<(String, Vec<u8>)> =
        generate::generate_in_memory(opts).into_iter().map(|(k, bytes)| (k.file_name().to_owned(), bytes)).collect();
    base_database(&files, false).expect("loads").to_vec()
}

#[test]
fn the_loyalty_variant_built_from_the_generator_is_the_database_its_files_load_into() {
    use FileKind::{LoyaltyEvents as E, LoyaltyParticipants as P};
    let cases: &[(u64, u64, &[FileKind])] = &[
        (0, VARIANT_CUSTOMERS, &[P, E]),
        (1, VARIANT_CUSTOMERS, &[E, P]),
        (2025, VARIANT_CUSTOMERS, &[E]),
        (0xbe00_0007, VARIANT_CUSTOMERS, &[P]),
        (u64::MAX, VARIANT_CUSTOMERS, &[P, E, E]),
        (77, 16, &[P, E]),
        (5, 2, &[P, E]),
    ];
    for &(seed, customers, files) in cases {
        let mut opts = Options::new(seed, customers);
        opts.files = files.to_vec();
        let direct = loyalty_database(&opts).expect("builds").expect("loyalty files only");
        let from_csv = loyalty_database_from_csv(&opts);
        let (schema, tables) = dump(&direct);
        let (csv_schema, csv_tables) = dump(&from_csv);
        assert_eq!(schema, csv_schema, "seed {seed}: tables, columns, declared types, indexes");
        assert_eq!(tables, csv_tables, "seed {seed}: rows, storage classes, values");
        assert!(tables.iter().any(|(_, rows)| rows.len() > 1), "seed {seed}: rows to compare");
        assert!(direct == from_csv, "seed {seed}: the very same bytes");
    }
    // Other files keep the files' path.
    let mut opts = Options::new(3, VARIANT_CUSTOMERS);
    opts.files = vec![P, FileKind::Customers];
    assert_eq!(loyalty_database(&opts).expect("no error"), None);
}

/// The comparison above notices one value or one column's type that differs.
#[test]
fn the_loyalty_comparison_sees_a_changed_type_or_value() {
    let data = loyalty::generate(11, 40);
    let tables = data.sql_tables(&[FileKind::LoyaltyParticipants, FileKind::LoyaltyEvents]).expect("tables");
    let base = dump(&loader::database_of(&tables).expect("db"));
    assert!(dump(&loader::database_of(&tables).expect("db")) == base, "the same tables, the same dump");
    let mut retyped = tables.clone();
    retyped[1].columns[6].1 = loader::ColumnType::Text;
    assert!(dump(&loader::database_of(&retyped).expect("db")).0 != base.0, "a declared type");
    let mut revalued = tables.clone();
    let rusqlite::types::Value::Real(x) = revalued[1].rows[3][6] else { panic!("amount is REAL") };
    revalued[1].rows[3][6] = rusqlite::types::Value::Real(x + 0.01);
    assert!(dump(&loader::database_of(&revalued).expect("db")).1 != base.1, "a value");
    // Text a REAL column's affinity cannot turn into a number stays text.
    let mut restored = tables.clone();
    restored[1].rows[3][6] = rusqlite::types::Value::Text(format!("{x:.2} руб."));
    assert!(dump(&loader::database_of(&restored).expect("db")).1 != base.1, "a storage class");
}

/// The exercise's variant database is the learner's: the one its files would load into.
#[test]
fn a_loyalty_exercise_loads_the_learners_variant_as_before() {
    let text = "mode = \"query\"\ndatasets = [\"loyalty_participants.csv\", \"loyalty_events.csv\"]\nvariant = true\n\
                parts = [{ id = \"n\", title = \"Участники\", reference = \"SELECT count(*) FROM loyalty_events\" }]";
    let s: Spec = toml::from_str(text).expect("spec");
    for variant in [4, 0xbe00_0001] {
        let ctx = GradeCtx { variant, datasets: &crate::kinds::NoDatasets };
        let bytes = base_bytes(&s, &ctx).expect("loads").expect("datasets");
        let mut opts = Options::new(variant, VARIANT_CUSTOMERS);
        opts.files = vec![FileKind::LoyaltyParticipants, FileKind::LoyaltyEvents];
        assert!(*bytes == loyalty_database_from_csv(&opts), "variant {variant}");
    }
}
