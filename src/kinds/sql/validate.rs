//! Checks of an `sql` spec: its fields fit its mode, ids are unique, datasets exist,
//! and the SQL it carries runs on the data (setup, reference queries, the reference
//! script); a schema's reference DDL must pass every check and probe of the spec.

use std::collections::{BTreeMap, BTreeSet};

use super::{Answer, Expect, MAX_GRADED_ROWS, Mode, Spec, grade, sandbox};
use crate::data::generate::FileKind;
use crate::data::sql::loader::table_name;
use crate::kinds::Kind;
use crate::kinds::{GradeCtx, Place, Severity, Validator, unique_ids};
use crate::strings::sql as msg;

/// The longest time limit a spec may ask for.
const MAX_TIME_LIMIT_MS: u64 = 30_000;

pub fn validate(spec: &Spec, v: &mut Validator) {
    let mode = *spec.mode.get_ref();
    let mode_span = Some(spec.mode.span());
    let mut ok = true;
    let mut error = |v: &mut Validator, span, message: String| {
        ok = false;
        v.error(span, message);
    };

    let mut names = BTreeSet::new();
    // Each table (SQLite's names ignore case) and the dataset that makes it.
    let mut tables: BTreeMap<String, &str> = BTreeMap::new();
    for d in &spec.datasets {
        let name = d.get_ref();
        if !v.dataset_exists(name) {
            error(v, Some(d.span()), msg::dataset_unknown(name));
        } else if table_name(name).is_none() || !(name.ends_with(".csv") || name.ends_with(".jsonl")) {
            error(v, Some(d.span()), msg::dataset_bad_file_name(name));
        } else if spec.uses_variant() && FileKind::from_name(name).is_none() {
            error(v, Some(d.span()), msg::variant_needs_course_files());
        }
        if !names.insert(name.as_str()) {
            error(v, Some(d.span()), msg::dataset_twice(name));
        } else if let Some(table) = table_name(name)
            && let Some(first) = tables.insert(table.to_ascii_lowercase(), name)
        {
            error(v, Some(d.span()), msg::dataset_same_table(first, name, table));
        }
    }
    if let Some(ms) = &spec.time_limit_ms
        && !(1..=MAX_TIME_LIMIT_MS).contains(ms.get_ref())
    {
        error(v, Some(ms.span()), msg::bad_time_limit(MAX_TIME_LIMIT_MS));
    }

    // Fields of other modes.
    let misplaced: [(&str, bool, Mode); 4] = [
        ("tables", !spec.tables.is_empty(), Mode::Schema),
        ("probes", !spec.probes.is_empty(), Mode::Schema),
        ("parts", !spec.parts.is_empty(), Mode::Query),
        ("compare", !spec.compare.is_empty(), Mode::Script),
    ];
    for (field, present, wanted) in misplaced {
        if present && mode != wanted {
            error(v, mode_span.clone(), msg::field_wrong_mode(field, wanted));
        }
    }
    if spec.reference.is_some() && mode == Mode::Query {
        error(v, mode_span.clone(), msg::reference_in_query_mode());
    }
    match mode {
        Mode::Schema => {
            if spec.tables.is_empty() && spec.probes.is_empty() {
                error(v, mode_span.clone(), msg::schema_empty());
            }
            if spec.reference.is_none() {
                error(v, mode_span.clone(), msg::reference_required(mode));
            }
            unique_ids(v, "probes", spec.probes.iter().map(|p| &p.id));
            let tables: BTreeSet<String> = spec.tables.iter().map(|t| t.name.get_ref().to_lowercase()).collect();
            let has_column = |table: &str, column: &str| {
                spec.tables.iter().any(|t| {
                    t.name.get_ref().eq_ignore_ascii_case(table)
                        && t.columns.iter().any(|c| c.name.get_ref().eq_ignore_ascii_case(column))
                })
            };
            let mut seen = BTreeSet::new();
            for t in &spec.tables {
                if !seen.insert(t.name.get_ref().to_lowercase()) {
                    error(v, Some(t.name.span()), msg::table_twice(t.name.get_ref()));
                }
                if t.columns.is_empty() {
                    error(v, Some(t.name.span()), msg::table_without_columns(t.name.get_ref()));
                }
                let mut cols = BTreeSet::new();
                for c in &t.columns {
                    if !cols.insert(c.name.get_ref().to_lowercase()) {
                        error(v, Some(c.name.span()), msg::column_twice(c.name.get_ref()));
                    }
                    if let Some(r) = &c.references {
                        let (table, column) = match r.get_ref().split_once('.') {
                            Some((t, c)) => (t, Some(c)),
                            None => (r.get_ref().as_str(), None),
                        };
                        if !tables.contains(&table.to_lowercase()) {
                            error(v, Some(r.span()), msg::references_unknown_table(r.get_ref()));
                        } else if let Some(column) = column
                            && !has_column(table, column)
                        {
                            error(v, Some(r.span()), msg::references_unknown_column(r.get_ref()));
                        }
                    }
                }
            }
            for p in &spec.probes {
                match &p.expect {
                    None => error(v, Some(p.id.span()), msg::probe_without_expectation(p.id.get_ref())),
                    Some(e) if *e.get_ref() == Expect::Ok && p.because.is_some() => {
                        error(v, Some(e.span()), msg::because_without_reject())
                    }
                    _ => {}
                }
                if p.title.trim().is_empty() {
                    error(v, Some(p.id.span()), msg::probe_without_title(p.id.get_ref()));
                }
            }
        }
        Mode::Query => {
            if spec.parts.is_empty() {
                error(v, mode_span.clone(), msg::query_without_parts());
            }
            unique_ids(v, "parts", spec.parts.iter().map(|p| &p.id));
            for p in &spec.parts {
                if let Some(w) = &p.weight
                    && !(w.get_ref().is_finite() && *w.get_ref() > 0.0)
                {
                    error(v, Some(w.span()), msg::bad_weight());
                }
                if p.title.trim().is_empty() {
                    error(v, Some(p.id.span()), msg::part_without_title(p.id.get_ref()));
                }
            }
        }
        Mode::Script => {
            if spec.reference.is_none() {
                error(v, mode_span.clone(), msg::reference_required(mode));
            }
            if spec.compare.is_empty() {
                error(v, mode_span.clone(), msg::script_without_compare());
            }
        }
    }
    if !ok || !v.checks_data() {
        return; // running SQL of a spec with errors would only repeat them
    }
    run_checks(spec, v);
}

/// Runs the spec's SQL on its data: setup, references, compare queries, and for a
/// schema the whole grading of its reference DDL.
fn run_checks(spec: &Spec, v: &mut Validator) {
    let ctx = GradeCtx { variant: 0, datasets: v.datasets() };
    let base = match sandbox(spec, &ctx) {
        Ok(s) => s,
        Err(e) => {
            let span = spec.setup.as_ref().map(|s| s.span()).or_else(|| spec.datasets.first().map(|d| d.span()));
            v.error(span, msg::spec_sql_failed("setup", &e));
            return;
        }
    };
    match spec.mode.get_ref() {
        Mode::Query => {
            for p in &spec.parts {
                match base.run(p.reference.get_ref(), MAX_GRADED_ROWS) {
                    Ok(rows) if rows.columns.is_empty() => {
                        v.error(Some(p.reference.span()), msg::reference_returns_nothing())
                    }
                    Ok(rows) if rows.truncated => {
                        v.error(Some(p.reference.span()), msg::reference_too_many_rows(MAX_GRADED_ROWS))
                    }
                    Ok(_) => {}
                    Err(e) => v.error(Some(p.reference.span()), msg::spec_sql_failed("reference", &e)),
                }
            }
        }
        Mode::Script => {
            let Some(reference) = &spec.reference else { return };
            if let Err(e) = base.run(reference.get_ref(), MAX_GRADED_ROWS) {
                v.error(Some(reference.span()), msg::spec_sql_failed("reference", &e));
                return;
            }
            for c in &spec.compare {
                let query = grade::compare_query(c, &base);
                if let Err(e) = base.run(&query, MAX_GRADED_ROWS) {
                    let span = c.query.as_ref().map_or(c.table.span(), |q| q.span());
                    v.error(Some(span), msg::spec_sql_failed("compare", &e));
                }
            }
        }
        Mode::Schema => {
            let Some(reference) = &spec.reference else { return };
            let answer = Answer { sql: reference.get_ref().clone(), ..Answer::default() };
            let outcome = grade::grade(spec, &answer, &ctx);
            for f in outcome.findings.iter().filter(|f| f.severity != Severity::Correct) {
                let span = spec
                    .probes
                    .iter()
                    .find(|p| matches!(&f.at, Some(Place::Probe(id)) if id == p.id.get_ref()))
                    .map_or(reference.span(), |p| p.sql.span());
                let label = f.at.as_ref().and_then(|at| super::Sql::place_label(spec, at)).unwrap_or_default();
                v.error(Some(span), msg::reference_fails(&label, &f.message));
            }
        }
    }
}
