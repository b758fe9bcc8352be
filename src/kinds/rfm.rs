//! `rfm`: RFM segmentation of the learner's variant of the loyalty case (ПП2).
//!
//! Two tasks share the kind:
//! - `segmentation`: the answer is a model (method, parameters, rules for the groups).
//!   One point per required group that gets customers, one for leaving nobody in the
//!   fallback or in a segment outside the groups, one per check of meaning (every member
//!   of a group has the scores the check asks for).
//! - `sales-map`: the answer is the model plus the learner's SQL query over the segmented
//!   table `rfm` ([`table_sql`]), which returns the sales map. Per segment that has
//!   customers under the model: customers (exact), share of customers and share of
//!   revenue (within `share_tolerance` percentage points) and average check (within
//!   `check_tolerance` rubles), one point each, against the engine. The query runs a
//!   second time on the control participants' table (one for the exercise, not any
//!   learner's variant) segmented by the same model: a query that writes the figures
//!   out instead of computing them (copied from `crm-workbook rfm --summary`) is right
//!   only on the learner's own data, and the credit is the lower of the two.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Finding, GradeCtx, Kind, Outcome, Place, Validator, sql};
use crate::base::number::{format_number, parse_number};
use crate::data::rfm::{self, Model, ModelSpec, SalesMap, Segmentation, Table};
use crate::data::sql::Value;
use crate::strings::rfm as msg;

pub struct Rfm;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Task {
    Segmentation,
    SalesMap,
}

/// Where a score must lie for a check, relative to the model's number of groups `b`:
/// lowest = 1, low = the lower half (2s < b + 1), middle = above the lowest but not in
/// the upper half (1 < s, 2s ≤ b + 1), above_lowest = any but the lowest (s > 1),
/// high = the upper half (2s > b + 1), highest = b.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Lowest,
    Low,
    Middle,
    AboveLowest,
    High,
    Highest,
}

impl Level {
    pub fn holds(self, score: u8, bins: u8) -> bool {
        let (s, b) = (u32::from(score), u32::from(bins));
        match self {
            Level::Lowest => s == 1,
            Level::Low => 2 * s < b + 1,
            Level::Middle => s > 1 && 2 * s <= b + 1,
            Level::AboveLowest => s > 1,
            Level::High => 2 * s > b + 1,
            Level::Highest => s == b,
        }
    }
}

/// A group's name as names are compared: without guillemets and quotes, in lower case,
/// «ё» as «е», spaces collapsed — «Спящие» and «спящие» name one group.
pub fn group_key(name: &str) -> String {
    let bare: String = name.chars().filter(|c| !matches!(c, '«' | '»' | '"' | '\'' | '„' | '“' | '”')).collect();
    bare.to_lowercase().replace('ё', "е").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The group of the exercise a segment's name stands for, if any.
pub fn group_named<'a>(groups: &'a [String], name: &str) -> Option<&'a str> {
    let key = group_key(name);
    groups.iter().find(|g| group_key(g) == key).map(String::as_str)
}

/// The exercise's group a mistyped name is closest to (a letter or two off).
fn closest_group<'a>(groups: &'a [String], name: &str) -> Option<&'a str> {
    let key = group_key(name);
    groups
        .iter()
        .map(|g| (strsim::levenshtein(&group_key(g), &key), g))
        .filter(|(d, g)| *d <= (group_key(g).chars().count() / 4).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, g)| g.as_str())
}

/// A check of meaning: every member of `segment` has these scores.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub segment: String,
    #[serde(default)]
    pub r: Option<Level>,
    #[serde(default)]
    pub f: Option<Level>,
    #[serde(default)]
    pub m: Option<Level>,
    /// Why, in Russian: shown when the check fails.
    pub why: String,
}

fn participants_default() -> u64 {
    750
}

fn share_tolerance_default() -> f64 {
    0.1
}

fn check_tolerance_default() -> f64 {
    1.0
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub task: Task,
    /// Participants of the learner's variant of the loyalty case.
    #[serde(default = "participants_default")]
    pub participants: u64,
    /// The groups every segmentation must give (segmentation).
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub checks: Vec<Check>,
    /// Percentage points (sales-map).
    #[serde(default = "share_tolerance_default")]
    pub share_tolerance: f64,
    /// Rubles (sales-map).
    #[serde(default = "check_tolerance_default")]
    pub check_tolerance: f64,
}

/// One line of the learner's sales map, as the learner's query returned it: figures as
/// text, read as numbers when graded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapRow {
    pub segment: String,
    pub customers: String,
    pub customer_share: String,
    pub revenue_share: String,
    pub average_check: String,
}

/// The columns the learner's sales-map query returns, by name.
pub const MAP_COLUMNS: [&str; 5] = ["segment", "customers", "customer_share", "revenue_share", "average_check"];

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub model: ModelSpec,
    /// The sales map (`sales-map`): an SQL query over the table `rfm`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub query: String,
    /// The figures typed in by hand, as answers were stored before the query: read and
    /// dropped, so that an old draft still opens.
    #[serde(default, rename = "map", skip_serializing)]
    legacy_map: serde::de::IgnoredAny,
}

impl Answer {
    pub fn new(model: ModelSpec, query: String) -> Answer {
        Answer { model, query, legacy_map: serde::de::IgnoredAny }
    }
}

/// The answer file: the model file as `crm-workbook rfm --model` reads it, plus `query`
/// for the sales map.
#[derive(Deserialize)]
struct AnswerFile {
    #[serde(flatten)]
    model: ModelSpec,
    #[serde(default)]
    query: String,
    /// Figures typed by hand, as the sales map was answered before: refused with a word
    /// on what to write instead.
    #[serde(default)]
    map: Option<toml::Value>,
}

/// The learner's segmented variant: what the TUI shows and what grading checks.
pub struct Segmented {
    /// The learner's participants (shared: an editor re-scores the same table after each
    /// change of the model).
    pub table: Arc<Table>,
    /// The model as written, and compiled.
    pub model_spec: ModelSpec,
    pub model: Model,
    pub segmentation: Segmentation,
    pub map: SalesMap,
}

/// Segments the learner's variant with their model; `Err` holds the model's problems.
pub fn segment_variant(spec: &Spec, model: &ModelSpec, variant: u64) -> Result<Segmented, Vec<String>> {
    let compiled = model.compile()?;
    let table = variant_table(spec, variant).map_err(|e| vec![e])?;
    Ok(segment_compiled(table, model, compiled))
}

/// The learner's participants, read once: what [`segment_table`] segments.
pub fn variant_table(spec: &Spec, variant: u64) -> Result<Arc<Table>, String> {
    rfm::loyalty_table_shared(variant, spec.participants).map_err(|e| e.to_string())
}

/// Segments participants already read with a model: a model's change re-scores the
/// table instead of generating and reading the variant again.
pub fn segment_table(table: Arc<Table>, model: &ModelSpec) -> Result<Segmented, Vec<String>> {
    let compiled = model.compile()?;
    Ok(segment_compiled(table, model, compiled))
}

fn segment_compiled(table: Arc<Table>, model_spec: &ModelSpec, model: Model) -> Segmented {
    let segmentation = rfm::segment(&table, &model);
    let map = rfm::sales_map(&table, &segmentation);
    Segmented { table, model_spec: model_spec.clone(), model, segmentation, map }
}

impl Kind for Rfm {
    const LABEL: &'static str = msg::KIND_RFM;
    type Spec = Spec;
    type Answer = Answer;

    fn validate(spec: &Spec, v: &mut Validator) {
        if !(8..=100_000).contains(&spec.participants) {
            v.error(None, msg::spec_participants(spec.participants));
        }
        if spec.task == Task::Segmentation && spec.groups.is_empty() {
            v.error(None, msg::SPEC_NO_GROUPS);
        }
        let mut seen = std::collections::BTreeSet::new();
        for g in &spec.groups {
            if g.trim().is_empty() || !seen.insert(g.as_str()) {
                v.error(None, msg::spec_bad_group(g));
            }
        }
        for c in &spec.checks {
            if !spec.groups.contains(&c.segment) {
                v.error(None, msg::spec_check_unknown_group(&c.segment));
            }
            if c.r.is_none() && c.f.is_none() && c.m.is_none() {
                v.error(None, msg::spec_check_empty(&c.segment));
            }
        }
        for (name, t) in [("share_tolerance", spec.share_tolerance), ("check_tolerance", spec.check_tolerance)] {
            if !(t.is_finite() && t >= 0.0) {
                v.error(None, msg::spec_bad_tolerance(name));
            }
        }
    }

    fn grade(spec: &Spec, answer: &Answer, ctx: &GradeCtx) -> Outcome {
        let possible = match spec.task {
            Task::Segmentation => (spec.groups.len() + 1 + spec.checks.len()) as f64,
            Task::SalesMap => 4.0,
        };
        let segmented = match segment_variant(spec, &answer.model, ctx.variant) {
            Ok(s) => s,
            Err(errors) => {
                let findings =
                    errors.into_iter().map(|e| Finding::wrong(Place::Model, msg::model_problem(&e))).collect();
                return Outcome { earned: 0.0, possible, findings, needs_review: false };
            }
        };
        match spec.task {
            Task::Segmentation => grade_segmentation(spec, &segmented),
            Task::SalesMap => grade_sales_map_query(spec, &answer.query, &segmented),
        }
    }

    fn parse_answer_file(text: &str) -> Result<Answer, String> {
        let file: AnswerFile = toml::from_str(text).map_err(|e| crate::base::text::toml_error_message(text, &e))?;
        if file.map.is_some() {
            return Err(msg::MAP_ROWS_IN_FILE.to_owned());
        }
        Ok(Answer::new(file.model, file.query))
    }

    fn prompt_vars(_spec: &Spec, ctx: &GradeCtx) -> Vec<(String, String)> {
        vec![("seed".into(), ctx.variant.to_string())]
    }
}

fn grade_segmentation(spec: &Spec, s: &Segmented) -> Outcome {
    let mut findings = Vec::new();
    let mut earned = 0.0;
    // The model's segment that stands for each group of the exercise (names compared
    // without quotes, case and ё/е).
    let segment_of = |g: &str| s.model.names.iter().position(|n| group_key(n) == group_key(g));
    let customers_of = |seg: usize| s.map.get(&s.model.names[seg]).map_or(0, |x| x.customers);
    for g in &spec.groups {
        let at = Place::Group(g.clone());
        match segment_of(g) {
            None => findings.push(Finding::missing(at, msg::group_no_rule(g))),
            Some(seg) => match customers_of(seg) {
                0 => findings.push(Finding::missing(at, msg::group_empty(g))),
                n => {
                    earned += 1.0;
                    findings.push(Finding::correct(at, msg::group_ok(g, n)));
                }
            },
        }
    }
    let fallback = &s.model.names[s.model.fallback];
    let strays: Vec<(&str, u64)> = s
        .map
        .segments
        .iter()
        .filter(|x| x.customers > 0 && group_named(&spec.groups, &x.name).is_none())
        .map(|x| (x.name.as_str(), x.customers))
        .collect();
    if strays.is_empty() {
        earned += 1.0;
        findings.push(Finding::correct(Place::Fallback, msg::nobody_left(fallback)));
    }
    for (name, n) in &strays {
        let text = if name == fallback {
            msg::left_in_fallback(name, *n)
        } else {
            msg::outside_groups(name, *n, closest_group(&spec.groups, name), &spec.groups)
        };
        findings.push(Finding::wrong(Place::Fallback, text));
    }
    let bins = s.model.method.bins();
    for (k, c) in spec.checks.iter().enumerate() {
        let at = Place::Check(k + 1);
        let Some(seg) = segment_of(&c.segment) else {
            findings.push(Finding::missing(at, msg::check_group_empty(&c.segment)));
            continue;
        };
        let scores = &s.segmentation.scores;
        let mut members = 0u64;
        let mut violating = 0u64;
        for (i, &x) in s.segmentation.segment.iter().enumerate() {
            if usize::from(x) != seg {
                continue;
            }
            members += 1;
            let ok = |level: Option<Level>, score: u8| level.is_none_or(|l| l.holds(score, bins));
            if !(ok(c.r, scores.r[i]) && ok(c.f, scores.f[i]) && ok(c.m, scores.m[i])) {
                violating += 1;
            }
        }
        if members == 0 {
            findings.push(Finding::missing(at, msg::check_group_empty(&c.segment)));
        } else if violating == 0 {
            earned += 1.0;
            findings.push(Finding::correct(at, msg::check_ok(&c.segment, &c.why)));
        } else {
            findings.push(Finding::wrong(at, msg::check_failed(&c.segment, violating, members, &c.why)));
        }
    }
    Outcome { earned, possible: (spec.groups.len() + 1 + spec.checks.len()) as f64, findings, needs_review: false }
}

/// The SQL that creates and fills the table `rfm`: one row per participant with their
/// recency, frequency, monetary value, scores and segment. The console of the RFM editor
/// and the grading of the sales map run on it.
pub fn table_sql(seg: &Segmented) -> String {
    let mut setup = format!("{RFM_TABLE};\n");
    let rows: Vec<String> = seg
        .segmentation
        .rows(&seg.table)
        .map(|r| {
            let values: Vec<String> = row_literals(&r).iter().map(Literal::sql).collect();
            format!("({})", values.join(", "))
        })
        .collect();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        setup.push_str("INSERT INTO rfm VALUES ");
        setup.push_str(&chunk.join(", "));
        setup.push_str(";\n");
    }
    setup
}

/// A value of the table `rfm` as [`table_sql`] writes it.
enum Literal<'a> {
    Text(&'a str),
    Int(i64),
    /// A number with a decimal point, written as it is.
    Number(String),
}

impl Literal<'_> {
    fn sql(&self) -> String {
        match self {
            Literal::Text(t) => format!("'{}'", t.replace('\'', "''")),
            Literal::Int(i) => i.to_string(),
            Literal::Number(n) => n.clone(),
        }
    }

    /// The value bound in place of the literal: a number's text, which the REAL column
    /// converts as SQLite reads the literal.
    fn value(&self) -> rusqlite::types::Value {
        use rusqlite::types::Value;
        match self {
            Literal::Text(t) => Value::Text((*t).to_owned()),
            Literal::Int(i) => Value::Integer(*i),
            Literal::Number(n) => Value::Text(n.clone()),
        }
    }
}

/// A participant's row of the table `rfm`, column by column.
fn row_literals<'a>(r: &'a rfm::CustomerRow<'a>) -> [Literal<'a>; 8] {
    [
        Literal::Text(&r.customer_id),
        Literal::Int(r.recency_days),
        Literal::Int(i64::from(r.frequency)),
        Literal::Number(format!("{:.2}", r.monetary as f64 / 100.0)),
        Literal::Int(i64::from(r.r)),
        Literal::Int(i64::from(r.f)),
        Literal::Int(i64::from(r.m)),
        Literal::Text(r.segment),
    ]
}

/// The table `rfm` ([`table_sql`]).
const RFM_TABLE: &str = "CREATE TABLE rfm (participant_id TEXT PRIMARY KEY, recency_days INTEGER, frequency INTEGER, \
                         monetary REAL, r INTEGER, f INTEGER, m INTEGER, segment TEXT)";

/// Rows an `INSERT` of [`table_sql`] holds: each one statement, one transaction.
const ROWS_PER_INSERT: usize = 500;

/// A query sandbox holding the segmented table `rfm`.
pub fn console_spec(seg: &Segmented) -> sql::Spec {
    sql::Spec::console(table_sql(seg))
}

/// The database [`table_sql`] leaves in an empty one, built with one prepared insert a
/// row instead of parsing the text: the same table, rows, values ([`Literal::value`]) and
/// transactions.
fn rfm_database(seg: &Segmented) -> rusqlite::Result<Vec<u8>> {
    let conn = crate::data::sql::open_in_memory()?;
    conn.execute_batch(RFM_TABLE)?;
    let mut insert = conn.prepare("INSERT INTO rfm VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
    let rows: Vec<_> = seg.segmentation.rows(&seg.table).collect();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        conn.execute_batch("BEGIN")?;
        for r in chunk {
            insert.execute(rusqlite::params_from_iter(row_literals(r).iter().map(Literal::value)))?;
        }
        conn.execute_batch("COMMIT")?;
    }
    drop(insert);
    Ok(conn.serialize(rusqlite::MAIN_DB)?.to_vec())
}

/// What the table `rfm` of `seg` holds, as a key: every row's values.
fn segmented_key(seg: &Segmented) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    for r in seg.segmentation.rows(&seg.table) {
        h.write(r.customer_id.as_bytes());
        h.write_u8(0x1f);
        for v in [r.recency_days, i64::from(r.frequency), r.monetary, i64::from(r.r), i64::from(r.f), i64::from(r.m)] {
            h.write_i64(v);
        }
        h.write(r.segment.as_bytes());
        h.write_u8(0x1e);
    }
    h.finish()
}

/// The sandbox the sales map's query runs in: the table `rfm` of `seg`, as the console's
/// setup ([`console_spec`]) makes it. Built once for the same table (a learner's attempts
/// with the same model, the control data) and copied for each run.
fn map_sandbox(seg: &Segmented) -> Result<crate::data::sql::Sandbox, String> {
    static BUILT: crate::base::memo::Memo<Vec<u8>> = crate::base::memo::Memo::bounded(16);
    let key = segmented_key(seg);
    let bytes = BUILT
        .get_or_try(key, false, || rfm_database(seg))
        .map_err(|e| crate::strings::sql::sandbox_failed(&e.to_string()))?;
    let sandbox = crate::data::sql::Sandbox::from_bytes(Some(&bytes), sql::Spec::console(String::new()).limits())
        .map_err(|e| e.message)?;
    sandbox.mark_unchanged();
    Ok(sandbox)
}

/// The data the sales-map query is run on a second time: other participants, and a
/// different number of them, segmented by the same model. One control for the exercise,
/// the same for every learner: it only has to differ from the learner's own data, and
/// made once it serves a grader's whole import (a control per learner cost each of them
/// generating and segmenting another thousand participants). It is no easier to write
/// out than a control per learner: the program computes both, and shows neither.
fn control_spec(spec: &Spec) -> (Spec, u64) {
    let participants = spec.participants + spec.participants / 3 + 17;
    let variant = crate::kinds::stable_hash(&[b"sales-map control", &participants.to_le_bytes()]);
    (Spec { participants, ..spec.clone() }, variant)
}

/// The learner's query on their data, and again on the control data; the credit is the
/// lower of the two shares.
fn grade_sales_map_query(spec: &Spec, query: &str, own: &Segmented) -> Outcome {
    if query.trim().is_empty() {
        let findings = vec![Finding::missing(Place::Query, msg::MAP_QUERY_EMPTY)];
        return Outcome { earned: 0.0, possible: possible_map(own), findings, needs_review: false };
    }
    let mut outcome = match map_rows(query, own) {
        Ok(rows) => grade_sales_map(spec, &rows, own),
        Err(finding) => {
            Outcome { earned: 0.0, possible: possible_map(own), findings: vec![finding], needs_review: false }
        }
    };
    if outcome.earned == 0.0 {
        return outcome;
    }
    let (control_spec, control_variant) = control_spec(spec);
    let control = match segment_variant(&control_spec, &own.model_spec, control_variant) {
        Ok(seg) => seg,
        Err(_) => return outcome,
    };
    let share = match map_rows(query, &control) {
        Ok(rows) => {
            let o = grade_sales_map(spec, &rows, &control);
            o.earned / o.possible
        }
        Err(_) => 0.0,
    };
    if share + 1e-9 >= outcome.earned / outcome.possible {
        outcome.findings.push(Finding::correct(Place::Query, msg::MAP_CONTROL_OK));
    } else {
        // A query that computes the map repeats its mistakes on other data; one right on
        // the learner's data and mostly wrong on other data writes the figures out.
        let credit = if share < 0.5 { 0.0 } else { share };
        outcome.earned = (credit * outcome.possible * 100.0).round() / 100.0;
        outcome.findings.push(Finding::wrong(Place::Query, msg::map_control_failed(share, credit)));
    }
    outcome
}

fn possible_map(seg: &Segmented) -> f64 {
    (4 * seg.map.segments.iter().filter(|x| x.customers > 0).count()).max(1) as f64
}

/// Runs the query on the table `rfm` of `seg` and reads its rows as map rows; `Err` is
/// what keeps it from being read.
fn map_rows(query: &str, seg: &Segmented) -> Result<Vec<MapRow>, Finding> {
    let broken = |message: String| Finding::new(Some(Place::Query), super::Severity::Note, message);
    let sandbox = map_sandbox(seg).map_err(broken)?;
    let result = sandbox
        .run(query, sql::MAX_GRADED_ROWS)
        .map_err(|e| Finding::wrong(Place::Query, crate::strings::sql::learner_error(&e)))?;
    let names: Vec<String> = result.columns.iter().map(|c| c.trim().to_lowercase()).collect();
    let index: Vec<Option<usize>> = MAP_COLUMNS.iter().map(|want| names.iter().position(|n| n == want)).collect();
    let missing: Vec<&str> = MAP_COLUMNS.iter().zip(&index).filter(|(_, i)| i.is_none()).map(|(c, _)| *c).collect();
    if !missing.is_empty() {
        return Err(Finding::wrong(Place::Query, msg::map_columns_missing(&missing, &result.columns)));
    }
    let cell = |row: &[Value], k: usize| -> String {
        match index[k].and_then(|i| row.get(i)) {
            Some(Value::Null) | None => String::new(),
            Some(Value::Real(x)) => x.to_string(),
            Some(v) => v.display(),
        }
    };
    Ok(result
        .rows
        .iter()
        .map(|row| MapRow {
            segment: cell(row, 0),
            customers: cell(row, 1),
            customer_share: cell(row, 2),
            revenue_share: cell(row, 3),
            average_check: cell(row, 4),
        })
        .collect())
}

/// Four figures per segment with customers; a row for a segment that does not exist (or
/// is empty) is a remark, not a loss.
fn grade_sales_map(spec: &Spec, rows: &[MapRow], s: &Segmented) -> Outcome {
    let mut findings = Vec::new();
    let mut earned = 0.0;
    let expected: Vec<_> = s.map.segments.iter().filter(|x| x.customers > 0).collect();
    for want in &expected {
        let Some(row) = rows.iter().find(|r| r.segment.trim() == want.name) else {
            findings.push(Finding::missing(Place::Row(want.name.clone()), msg::map_row_missing(&want.name)));
            continue;
        };
        let figures: [(&str, &str, f64, f64, &str); 4] = [
            ("customers", &row.customers, want.customers as f64, 0.0, ""),
            ("customer_share", &row.customer_share, want.customer_share, spec.share_tolerance, "%"),
            ("revenue_share", &row.revenue_share, want.revenue_share, spec.share_tolerance, "%"),
            ("average_check", &row.average_check, want.average_check, spec.check_tolerance, "₽"),
        ];
        for (field, typed, value, tolerance, unit) in figures {
            let at = Place::cell(want.name.clone(), field);
            let label = msg::map_field(field);
            if typed.trim().is_empty() {
                findings.push(Finding::missing(at, msg::map_empty(&want.name, label)));
                continue;
            }
            match parse_number(typed) {
                Err(e) => findings.push(Finding::wrong(at, msg::map_unreadable(&want.name, label, &e))),
                Ok((given, _)) if (given - value).abs() <= tolerance + 1e-9 * value.abs().max(1.0) => {
                    earned += 1.0;
                    let shown = format_number(value, Some(if field == "customers" { 0 } else { 2 }));
                    findings.push(Finding::correct(at, msg::map_ok(&want.name, label, &shown, unit)));
                }
                Ok((given, _)) => {
                    findings.push(Finding::wrong(at, msg::map_wrong(&want.name, label, given > value)));
                    if unit == "%" && (given * 100.0 - value).abs() <= tolerance.max(0.01) {
                        findings.push(Finding::note(msg::MAP_SHARE_AS_FRACTION));
                    }
                }
            }
        }
    }
    for row in rows {
        if !expected.iter().any(|w| w.name == row.segment.trim()) {
            findings.push(Finding::note(msg::map_unknown_row(&row.segment)));
        }
    }
    Outcome { earned, possible: (4 * expected.len()).max(1) as f64, findings, needs_review: false }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{grade_variant, issues, spec};
    use super::*;
    use crate::data::rfm::model::COURSE7;
    use crate::kinds::Severity;

    const SEGMENTATION: &str = r#"
        task = "segmentation"
        participants = 300
        groups = ["Новые покупатели", "Лояльные", "ВИП-клиенты", "В зоне риска", "Требующие внимания", "Разовые покупатели", "«Спящие»"]
        checks = [
            { segment = "ВИП-клиенты", f = "high", m = "high", why = "у ВИП высокие частота и сумма" },
            { segment = "«Спящие»", r = "lowest", why = "спящие дольше всех не покупали" },
            { segment = "Новые покупатели", r = "high", f = "lowest", why = "новые купили недавно и один раз" },
        ]
    "#;

    fn course7() -> Answer {
        Rfm::parse_answer_file(COURSE7).expect("course7 reads as an answer")
    }

    #[test]
    fn levels_are_relative_to_the_bins() {
        let holds = |l: Level, b: u8| (1..=b).filter(|&s| l.holds(s, b)).collect::<Vec<_>>();
        assert_eq!(holds(Level::High, 5), [4, 5]);
        assert_eq!(holds(Level::Low, 5), [1, 2]);
        assert_eq!(holds(Level::High, 4), [3, 4]);
        assert_eq!(holds(Level::High, 3), [3]);
        assert_eq!(holds(Level::Lowest, 3), [1]);
        assert_eq!(holds(Level::Highest, 3), [3]);
        assert_eq!(holds(Level::Middle, 5), [2, 3]);
        assert_eq!(holds(Level::Middle, 4), [2]);
        assert_eq!(holds(Level::Middle, 3), [2]);
        assert_eq!(holds(Level::AboveLowest, 4), [2, 3, 4]);
    }

    #[test]
    fn group_names_are_compared_without_quotes_case_and_yo() {
        for same in ["Спящие", "«Спящие»", "\"спящие\"", " СПЯЩИЕ ", "«Спящие »"] {
            assert_eq!(group_key(same), group_key("«Спящие»"), "{same:?}");
        }
        assert_eq!(group_key("Ещё лояльные"), group_key("еще  Лояльные"));
        assert_ne!(group_key("Спящие"), group_key("Спящий"));
        let groups: Vec<String> = ["ВИП-клиенты", "«Спящие»"].map(String::from).to_vec();
        assert_eq!(closest_group(&groups, "Спячие"), Some("«Спящие»"));
        assert_eq!(closest_group(&groups, "ВИП клиент"), Some("ВИП-клиенты"));
        assert_eq!(closest_group(&groups, "Новые"), None);
    }

    /// `name = "Спящие"` without guillemets is the group «Спящие»: full marks, no remark
    /// that the segment is outside the groups. A mistyped name is told what was expected.
    #[test]
    fn a_group_named_without_quotes_counts_and_a_typo_is_named() {
        let s = spec::<Rfm>(SEGMENTATION);
        let plain = COURSE7.replace("name = \"«Спящие»\"", "name = \"спящие\"").replace("Лояльные", "ЛОЯЛЬНЫЕ");
        let o = grade_variant::<Rfm>(&s, &Rfm::parse_answer_file(&plain).unwrap(), 3);
        assert_eq!(o.earned, o.possible, "{:#?}", o.findings);
        let typo = COURSE7.replace("name = \"«Спящие»\"", "name = \"Спячие\"");
        let o = grade_variant::<Rfm>(&s, &Rfm::parse_answer_file(&typo).unwrap(), 3);
        let stray = o.findings.iter().find(|f| f.at == Some(Place::Fallback)).expect("a remark");
        assert!(stray.message.contains("«Спячие»") && stray.message.contains("может быть, «Спящие»?"), "{stray:?}");
        let missing = o.findings.iter().find(|f| f.at == Some(Place::Group("«Спящие»".into()))).expect("the group");
        assert_eq!(missing.message, msg::group_no_rule("«Спящие»"));
    }

    #[test]
    fn course7_passes_the_segmentation_for_many_learners() {
        let s = spec::<Rfm>(SEGMENTATION);
        for variant in 0..25 {
            let o = grade_variant::<Rfm>(&s, &course7(), variant * 7919);
            assert_eq!(o.earned, o.possible, "variant {variant}: {:#?}", o.findings);
            assert_eq!(o.possible, 11.0);
        }
    }

    #[test]
    fn wrong_and_partial_segmentations() {
        let s = spec::<Rfm>(SEGMENTATION);
        // Only three groups, the rest in the fallback: 3 groups, no fallback point; checks:
        // ВИП (f, m high) holds, «Спящие» and Новые are missing.
        let three = Rfm::parse_answer_file(
            "[[segment]]\nname = \"ВИП-клиенты\"\nf = \"5\"\nm = \"5\"\n[[segment]]\nname = \"Лояльные\"\nr = \"4-5\"\n[[segment]]\nname = \"Разовые покупатели\"\nf = \"1\"",
        )
        .unwrap();
        let o = grade_variant::<Rfm>(&s, &three, 1);
        assert_eq!(o.earned, 4.0, "{:#?}", o.findings);
        assert!(o.findings.iter().any(|f| f.at == Some(Place::Fallback) && f.severity == Severity::Wrong));
        assert!(
            o.findings
                .iter()
                .any(|f| f.at == Some(Place::Group("«Спящие»".into())) && f.message.contains("нет правила"))
        );
        // «Спящие» with r = 1-2 breaks the check of meaning; new buyers with F any too.
        let loose = COURSE7
            .replace("name = \"«Спящие»\"\nr = \"1\"", "name = \"«Спящие»\"\nr = \"1-2\"")
            .replace("name = \"Новые покупатели\"\nr = \"4-5\"\nf = \"1\"", "name = \"Новые покупатели\"\nr = \"4-5\"");
        let o = grade_variant::<Rfm>(&s, &Rfm::parse_answer_file(&loose).unwrap(), 1);
        let failed: Vec<String> = o
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Wrong)
            .filter_map(|f| f.at.as_ref().map(Place::to_string))
            .collect();
        assert_eq!(failed, ["check:2"], "{:#?}", o.findings);
        // A broken model: no points, its problems listed.
        let broken = Rfm::parse_answer_file("[scoring]\nbins = 0\n[[segment]]\nname = \"A\"\nr = \"7\"").unwrap();
        let o = grade_variant::<Rfm>(&s, &broken, 1);
        assert_eq!((o.earned, o.findings.len()), (0.0, 2));
    }

    /// The reference query of pp2.sales-map: the map computed from the table `rfm`.
    const MAP_QUERY: &str = "SELECT segment, count(*) AS customers,
        100.0 * count(*) / (SELECT count(*) FROM rfm) AS customer_share,
        100.0 * sum(monetary) / (SELECT sum(monetary) FROM rfm) AS revenue_share,
        sum(monetary) / sum(frequency) AS average_check
        FROM rfm GROUP BY segment";

    fn map_answer(query: &str) -> Answer {
        Answer::new(course7().model, query.to_owned())
    }

    /// The engine's map of a learner written out as a query of constants, as if copied
    /// from `crm-workbook rfm --summary`.
    fn copied_map(seg: &Segmented) -> String {
        let rows: Vec<String> = seg
            .map
            .segments
            .iter()
            .filter(|x| x.customers > 0)
            .map(|x| {
                format!(
                    "SELECT '{}' AS segment, {} AS customers, {:.2} AS customer_share, {:.2} AS revenue_share, {:.2} AS average_check",
                    x.name, x.customers, x.customer_share, x.revenue_share, x.average_check
                )
            })
            .collect();
        rows.join(" UNION ALL ")
    }

    #[test]
    fn sales_map_query_right_partial_and_wrong() {
        let s = spec::<Rfm>("task = \"sales-map\"\nparticipants = 300");
        let variant = 42;
        let seg = segment_variant(&s, &course7().model, variant).unwrap();
        let all = 4.0 * seg.map.segments.iter().filter(|x| x.customers > 0).count() as f64;
        let o = grade_variant::<Rfm>(&s, &map_answer(MAP_QUERY), variant);
        assert_eq!((o.earned, o.possible), (all, all), "{:#?}", o.findings);
        assert!(o.findings.iter().any(|f| f.at == Some(Place::Query) && f.severity == Severity::Correct));
        // The same query is right for every learner: it computes, it does not copy.
        for other in [1, 2, 3] {
            let o = grade_variant::<Rfm>(&s, &map_answer(MAP_QUERY), other);
            assert_eq!(o.earned, o.possible, "{:#?}", o.findings);
        }
        // Average check per customer instead of per purchase: a quarter of the figures wrong.
        let per_customer = MAP_QUERY.replace("sum(monetary) / sum(frequency)", "sum(monetary) / count(*)");
        let o = grade_variant::<Rfm>(&s, &map_answer(&per_customer), variant);
        let wrong: Vec<String> = o
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Wrong)
            .filter_map(|f| f.at.as_ref().map(Place::to_string))
            .collect();
        assert!(!wrong.is_empty() && wrong.iter().all(|at| at.ends_with("/average_check")), "{:#?}", o.findings);
        assert_eq!(o.earned, all - wrong.len() as f64);
        // Shares as fractions: wrong, with the hint.
        let fractions = MAP_QUERY.replace("100.0 * ", "1.0 * ");
        let o = grade_variant::<Rfm>(&s, &map_answer(&fractions), variant);
        assert!(o.findings.iter().any(|f| f.message == msg::MAP_SHARE_AS_FRACTION), "{:#?}", o.findings);
        // Columns named otherwise, an SQL error, no query at all.
        let o = grade_variant::<Rfm>(&s, &map_answer("SELECT segment, count(*) AS n FROM rfm GROUP BY 1"), variant);
        assert!(
            o.findings[0].message.starts_with("в результате нет столбцов customers, customer_share"),
            "{:#?}",
            o.findings
        );
        let o = grade_variant::<Rfm>(&s, &map_answer("SELECT segmnt FROM rfm"), variant);
        assert!(o.findings[0].message.starts_with("ошибка в вашем SQL, строка 1"), "{:#?}", o.findings);
        let o = grade_variant::<Rfm>(&s, &map_answer("  "), variant);
        assert_eq!((o.earned, o.findings[0].message.as_str()), (0.0, msg::MAP_QUERY_EMPTY));
    }

    /// The map copied as numbers (from `crm-workbook rfm --summary`) is right on the
    /// learner's data only: the control run on other participants takes the credit away.
    #[test]
    fn a_sales_map_written_out_as_numbers_earns_nothing() {
        let s = spec::<Rfm>("task = \"sales-map\"\nparticipants = 300");
        let variant = 42;
        let seg = segment_variant(&s, &course7().model, variant).unwrap();
        let o = grade_variant::<Rfm>(&s, &map_answer(&copied_map(&seg)), variant);
        let control = o.findings.iter().find(|f| f.at == Some(Place::Query)).expect("the control finding");
        assert_eq!(control.severity, Severity::Wrong, "{:#?}", o.findings);
        assert_eq!(o.earned, 0.0, "{} of {}: {:#?}", o.earned, o.possible, o.findings);
    }

    /// The sales map's sandbox built with prepared inserts holds, byte for byte, what the
    /// console's setup text leaves: for learners' variants, the control data, and a table
    /// with text ids, quotes, zero, negative and large sums.
    #[test]
    fn the_map_sandbox_holds_what_the_setup_text_makes() {
        let text_built = |seg: &Segmented| {
            let ctx = GradeCtx { variant: 0, datasets: &crate::kinds::NoDatasets };
            sql::sandbox(&console_spec(seg), &ctx).expect("setup runs").snapshot().expect("a copy holds it")
        };
        let dump = |bytes: &[u8]| {
            let sandbox = crate::data::sql::Sandbox::from_bytes(Some(bytes), Default::default()).expect("opens");
            let rows = concat!(
                "SELECT typeof(participant_id), participant_id, typeof(recency_days), recency_days, ",
                "typeof(frequency), frequency, typeof(monetary), monetary, printf('%!.17g', monetary), ",
                "typeof(r), r, typeof(f), f, typeof(m), m, typeof(segment), segment FROM rfm ORDER BY rowid"
            );
            let schema = sandbox.run("SELECT type, name, sql FROM sqlite_master", 100).expect("schema").rows;
            (schema, sandbox.run(rows, 1_000_000).expect("rows").rows)
        };
        let model = course7().model;
        let quantiles = ModelSpec::from_toml(
            "[scoring]\nmethod = \"quantile\"\nbins = 3\n[[segment]]\nname = \"Д'Артаньян «лучшие»\"\nm = \"3\"",
        )
        .expect("model");
        let mut segs = Vec::new();
        for (variant, participants) in [(0, 750), (42, 750), (0xbe00_0005, 1017), (u64::MAX, 300)] {
            let s = Spec { participants, ..spec::<Rfm>("task = \"sales-map\"") };
            segs.push(segment_variant(&s, &model, variant).expect("segments"));
            segs.push(segment_variant(&s, &quantiles, variant).expect("segments"));
        }
        let odd = Table {
            ids: crate::data::rfm::Ids::Text(crate::data::rfm::TextIds::from_list(&["a'b", "Ж-7", "z"])),
            recency_days: vec![0, -3, 900],
            frequency: vec![1, 0, 4_000_000],
            monetary: vec![0, -12_345, 9_007_199_254_740_993],
            as_of: 0,
        };
        segs.push(segment_table(Arc::new(odd), &quantiles).expect("segments"));
        for seg in &segs {
            let direct = rfm_database(seg).expect("builds");
            let from_text = text_built(seg);
            assert_eq!(dump(&direct), dump(&from_text));
            assert!(direct == from_text, "the very same bytes");
        }
        // A different table is a different key, the same table the same key.
        assert_eq!(
            segmented_key(&segs[0]),
            segmented_key(&segment_variant(&spec::<Rfm>("task = \"sales-map\""), &model, 0).expect("segments"))
        );
        assert_ne!(segmented_key(&segs[0]), segmented_key(&segs[1]));
    }

    #[test]
    fn answer_files_and_spec_validation() {
        let a = Rfm::parse_answer_file(
            "query = \"SELECT 1\"\n[scoring]\nmethod = \"rank-first\"\n[[segment]]\nname = \"A\"",
        )
        .unwrap();
        assert_eq!(a.query, "SELECT 1");
        // Figures typed by hand are no answer any more; a stored answer that has them opens.
        assert!(Rfm::parse_answer_file("[[segment]]\nname = \"A\"\n[[map]]\nsegment = \"A\"").is_err());
        let old: Answer = serde_json::from_str(r#"{"model":{"segment":[{"name":"A"}]},"map":[{"segment":"A"}]}"#)
            .expect("an old stored answer");
        assert_eq!(old.query, "");
        assert!(Rfm::parse_answer_file("[[segment]]\nname = \"A\"\nq = 1").is_err());
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Answer>(&json).unwrap(), a);
        assert_eq!(
            issues::<Rfm>("task = \"segmentation\"\nparticipants = 3\nchecks = [{ segment = \"X\", why = \"\" }]")
                .into_iter()
                .map(|(_, m)| m)
                .collect::<Vec<_>>(),
            vec![
                msg::spec_participants(3),
                msg::SPEC_NO_GROUPS.to_string(),
                msg::spec_check_unknown_group("X"),
                msg::spec_check_empty("X"),
            ]
        );
    }
}
