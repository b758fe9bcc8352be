//! Grading the three modes.

use super::{Answer, MAX_GRADED_ROWS, Mode, Part, Spec, sandbox, schema};
use crate::base::memo::Memo;
use crate::data::sql::{Difference, Rows, Rules, Sandbox, SqlError, compare, quote_ident};
use crate::kinds::{Finding, GradeCtx, Outcome, Place};
use crate::strings::sql as msg;

/// The place of findings about the learner's SQL as a whole.
pub const WHOLE: Place = Place::Sql;

pub fn grade(spec: &Spec, answer: &Answer, ctx: &GradeCtx) -> Outcome {
    match spec.mode.get_ref() {
        Mode::Schema => grade_schema(spec, answer, ctx),
        Mode::Query => grade_query(spec, answer, ctx),
        Mode::Script => grade_script(spec, answer, ctx),
    }
}

/// Units an exercise is worth before anything runs (so that a broken dataset still
/// gives a failing score out of the right total).
fn possible(spec: &Spec) -> f64 {
    match spec.mode.get_ref() {
        Mode::Schema => {
            let columns: usize = spec.tables.iter().map(|t| t.columns.len()).sum();
            (columns + spec.probes.len()).max(1) as f64
        }
        Mode::Query => {
            // Weights below 1 are fine; only an exercise worth nothing counts as 1.
            let total: f64 = spec.parts.iter().map(weight).sum();
            if total > 0.0 { total } else { 1.0 }
        }
        Mode::Script => spec.compare.len().max(1) as f64,
    }
}

fn weight(part: &Part) -> f64 {
    part.weight.as_ref().map_or(1.0, |w| *w.get_ref()).max(0.0)
}

/// The exercise itself could not be prepared (a dataset or setup problem).
fn broken(spec: &Spec, e: &SqlError) -> Outcome {
    Outcome {
        earned: 0.0,
        possible: possible(spec),
        findings: vec![Finding::note(msg::exercise_broken(e))],
        needs_review: false,
    }
}

/// The learner's whole SQL for a one-piece answer (schema or script), with a note if
/// they marked parts the exercise does not have.
fn whole_sql(answer: &Answer, findings: &mut Vec<Finding>) -> String {
    if answer.parts.is_empty() {
        return answer.sql.clone();
    }
    findings.push(Finding::note(msg::parts_not_expected()));
    let mut all = answer.sql.clone();
    for body in answer.parts.values() {
        all.push('\n');
        all.push_str(body);
    }
    all
}

/// Runs the learner's SQL; an error becomes a finding (what ran before it stays).
fn run_learner(sandbox: &Sandbox, sql: &str, findings: &mut Vec<Finding>) {
    if let Err(e) = sandbox.run(sql, MAX_GRADED_ROWS) {
        findings.push(Finding::wrong(WHOLE, msg::learner_error(&e)));
    }
}

fn grade_schema(spec: &Spec, answer: &Answer, ctx: &GradeCtx) -> Outcome {
    let mut findings = Vec::new();
    let sql = whole_sql(answer, &mut findings);
    if sql.trim().is_empty() {
        findings.push(Finding::missing(WHOLE, msg::answer_empty()));
        return Outcome { earned: 0.0, possible: possible(spec), findings, needs_review: false };
    }
    let sandbox = match sandbox(spec, ctx) {
        Ok(s) => s,
        Err(e) => return broken(spec, &e),
    };
    run_learner(&sandbox, &sql, &mut findings);
    sandbox.finish_learner_transaction();
    sandbox.enforce_foreign_keys();
    let checked = schema::check(spec, &sandbox);
    findings.extend(checked.findings);
    Outcome { earned: checked.earned, possible: checked.possible.max(1.0), findings, needs_review: false }
}

/// The reference query's rows on the exercise's data, by a hash of the data, the setup
/// and the query: the same for every learner with the same data, so a grader's import
/// runs each once.
static REFERENCE_ROWS: Memo<Rows> = Memo::new();

fn reference_rows(
    spec: &Spec,
    ctx: &GradeCtx,
    query: &str,
    reference: &mut Option<Sandbox>,
) -> Result<Result<std::sync::Arc<Rows>, SqlError>, SqlError> {
    let setup = spec.setup.as_ref().map_or("", |s| s.get_ref().as_str());
    let data = super::data_key(spec, ctx).unwrap_or_default();
    let key = crate::kinds::stable_hash(&[&data.to_le_bytes(), setup.as_bytes(), b"\x1f", query.as_bytes()]);
    if let Some(hit) = REFERENCE_ROWS.get(key) {
        return Ok(Ok(hit));
    }
    let sandbox = match reference {
        Some(s) => s,
        None => reference.insert(sandbox(spec, ctx)?),
    };
    let rows = match sandbox.run(query, MAX_GRADED_ROWS) {
        Ok(rows) => std::sync::Arc::new(rows),
        Err(e) => return Ok(Err(e)),
    };
    REFERENCE_ROWS.put(key, !spec.uses_variant(), std::sync::Arc::clone(&rows));
    Ok(Ok(rows))
}

fn grade_query(spec: &Spec, answer: &Answer, ctx: &GradeCtx) -> Outcome {
    let mut findings = Vec::new();
    // Made only when a reference's rows are not known yet.
    let mut reference = None;
    let single = spec.parts.len() == 1 && answer.parts.is_empty();
    if !single && answer.parts.is_empty() && !answer.sql.trim().is_empty() {
        findings.push(Finding::note(msg::parts_not_marked()));
    }
    for id in answer.parts.keys() {
        if spec.part(id).is_none() {
            findings.push(Finding::note(msg::unknown_part(id)));
        }
    }
    let mut earned = 0.0;
    // The learner's sandbox, kept for the next part while their SQL only read.
    let mut kept: Option<Sandbox> = None;
    for part in &spec.parts {
        let id = part.id.get_ref();
        let at = Place::Part(id.clone());
        let (preamble, body) = if single {
            ("", answer.sql.as_str())
        } else {
            (answer.sql.as_str(), answer.parts.get(id).map_or("", String::as_str))
        };
        if body.trim().is_empty() {
            findings.push(Finding::missing(at, msg::part_missing()));
            continue;
        }
        let expected = match reference_rows(spec, ctx, part.reference.get_ref(), &mut reference) {
            Err(e) => return broken(spec, &e),
            Ok(Ok(rows)) => rows,
            Ok(Err(e)) => {
                findings.push(Finding::new(Some(at), crate::kinds::Severity::Note, msg::exercise_broken(&e)));
                continue;
            }
        };
        let learner = match kept.take().filter(Sandbox::unchanged) {
            Some(s) => s,
            None => match sandbox(spec, ctx) {
                Ok(s) => s,
                Err(e) => return broken(spec, &e),
            },
        };
        let learner = &*kept.insert(learner);
        if !preamble.trim().is_empty()
            && let Err(e) = learner.run(preamble, MAX_GRADED_ROWS)
        {
            findings.push(Finding::wrong(at, msg::preamble_error(&e)));
            continue;
        }
        let got = match learner.run(body, MAX_GRADED_ROWS) {
            Ok(rows) => rows,
            Err(e) => {
                findings.push(Finding::wrong(at, msg::learner_error(&e)));
                continue;
            }
        };
        let rules = Rules {
            ordered: part.ordered,
            columns: part.check_columns,
            tolerance: part.tolerance.unwrap_or(Rules::default().tolerance),
        };
        match judge(&expected, &got, rules) {
            Ok(message) => {
                earned += weight(part);
                findings.push(Finding::correct(at, message));
            }
            Err(message) => findings.push(Finding::wrong(at, message)),
        }
    }
    Outcome { earned, possible: possible(spec), findings, needs_review: false }
}

/// Each compared table's query and its rows after the reference script, in the order
/// of `compare`.
type ScriptReference = Vec<(String, Result<Rows, SqlError>)>;

/// The reference script's tables, by a hash of the data, the setup and the spec's
/// reference and compares: the same for every learner with the same data.
static SCRIPT_REFERENCES: Memo<ScriptReference> = Memo::new();

fn script_reference(spec: &Spec, ctx: &GradeCtx) -> Result<std::sync::Arc<ScriptReference>, SqlError> {
    let setup = spec.setup.as_ref().map_or("", |s| s.get_ref().as_str());
    let script = spec.reference.as_ref().map_or("", |s| s.get_ref().as_str());
    let compares = serde_json::to_string(&spec.compare).unwrap_or_default();
    let data = super::data_key(spec, ctx).unwrap_or_default();
    let key = crate::kinds::stable_hash(&[
        &data.to_le_bytes(),
        setup.as_bytes(),
        b"\x1f",
        script.as_bytes(),
        b"\x1f",
        compares.as_bytes(),
    ]);
    if let Some(hit) = SCRIPT_REFERENCES.get(key) {
        return Ok(hit);
    }
    let reference = sandbox(spec, ctx)?;
    reference.run(script, MAX_GRADED_ROWS)?;
    let tables: ScriptReference = spec
        .compare
        .iter()
        .map(|cmp| {
            let query = compare_query(cmp, &reference);
            let rows = reference.run(&query, MAX_GRADED_ROWS);
            (query, rows)
        })
        .collect();
    let tables = std::sync::Arc::new(tables);
    SCRIPT_REFERENCES.put(key, !spec.uses_variant(), std::sync::Arc::clone(&tables));
    Ok(tables)
}

fn grade_script(spec: &Spec, answer: &Answer, ctx: &GradeCtx) -> Outcome {
    let mut findings = Vec::new();
    let sql = whole_sql(answer, &mut findings);
    if sql.trim().is_empty() {
        findings.push(Finding::missing(WHOLE, msg::answer_empty()));
        return Outcome { earned: 0.0, possible: possible(spec), findings, needs_review: false };
    }
    let expected_tables = match script_reference(spec, ctx) {
        Ok(tables) => tables,
        Err(e) => return broken(spec, &e),
    };
    let learner = match sandbox(spec, ctx) {
        Ok(l) => l,
        Err(e) => return broken(spec, &e),
    };
    run_learner(&learner, &sql, &mut findings);
    let mut earned = 0.0;
    for (cmp, (query, expected)) in spec.compare.iter().zip(expected_tables.iter()) {
        let table = cmp.table.get_ref();
        let at = Place::Table(table.to_string());
        let expected = match expected {
            Ok(rows) => rows,
            Err(e) => {
                findings.push(Finding::new(Some(at), crate::kinds::Severity::Note, msg::exercise_broken(e)));
                continue;
            }
        };
        let query = query.as_str();
        let got = match learner.run(query, MAX_GRADED_ROWS) {
            Ok(rows) => rows,
            Err(e) => {
                findings.push(Finding::wrong(at, msg::table_unreadable(&e.message)));
                continue;
            }
        };
        let rules = Rules { ordered: cmp.ordered, columns: false, tolerance: cmp.tolerance.unwrap_or(1e-6) };
        match judge(expected, &got, rules) {
            Ok(message) => {
                earned += 1.0;
                findings.push(Finding::correct(at, message));
            }
            Err(message) => findings.push(Finding::wrong(at, message)),
        }
    }
    Outcome { earned, possible: possible(spec), findings, needs_review: false }
}

/// The query a compared table is read with, on both databases.
pub fn compare_query(cmp: &super::Compare, reference: &Sandbox) -> String {
    if let Some(q) = &cmp.query {
        return q.get_ref().clone();
    }
    let table = cmp.table.get_ref();
    let columns: Vec<String> = if cmp.columns.is_empty() {
        reference.columns(table).into_iter().map(|c| c.name).collect()
    } else {
        cmp.columns.clone()
    };
    let list: Vec<String> = columns.iter().map(|c| quote_ident(c)).collect();
    let list = if list.is_empty() { "*".to_owned() } else { list.join(", ") };
    format!("SELECT {list} FROM {}", quote_ident(table))
}

/// «Right» with a short confirmation, or what differs.
fn judge(expected: &Rows, got: &Rows, rules: Rules) -> Result<String, String> {
    if got.truncated {
        return Err(msg::too_many_rows(MAX_GRADED_ROWS));
    }
    if got.columns.is_empty() && !expected.columns.is_empty() {
        return Err(msg::no_result_rows());
    }
    match compare(expected, got, rules) {
        Difference::Same => Ok(msg::rows_right(expected.rows.len())),
        Difference::ColumnCount { expected, got } => Err(msg::column_count(expected, got)),
        Difference::ColumnNames { expected, got } => Err(msg::column_names(&expected, &got)),
        Difference::Order => Err(msg::wrong_order()),
        Difference::Rows { missing, extra, missing_examples, extra_examples } => {
            let mut text = msg::rows_differ(expected.rows.len(), missing, extra, &missing_examples, &extra_examples);
            // Extra rows that are right rows once more: a join without DISTINCT.
            if extra_examples.iter().any(|row| expected.rows.contains(row)) {
                text.push_str(&msg::rows_repeated());
            }
            Err(text)
        }
    }
}
