//! `schema` mode: what the learner's DDL built, table by table and column by column,
//! then the probes.

use super::{ColumnType, Constraint, Expect, Probe, Spec, TableSpec};
use crate::data::sql::{ColumnInfo, Sandbox, SqlError, quote_ident};
use crate::kinds::{Finding, Place};
use crate::strings::sql as msg;

/// Credit and findings of the structural checks and probes.
pub struct Checked {
    pub earned: f64,
    pub possible: f64,
    pub findings: Vec<Finding>,
}

pub fn check(spec: &Spec, sandbox: &Sandbox) -> Checked {
    let mut out = Checked { earned: 0.0, possible: 0.0, findings: Vec::new() };
    for table in &spec.tables {
        check_table(table, sandbox, &mut out);
    }
    for probe in &spec.probes {
        out.possible += 1.0;
        let (ok, finding) = run_probe(probe, sandbox);
        if ok {
            out.earned += 1.0;
        }
        out.findings.push(finding);
    }
    out
}

fn check_table(table: &TableSpec, sandbox: &Sandbox, out: &mut Checked) {
    let name = table.name.get_ref();
    out.possible += table.columns.len() as f64;
    let info = sandbox.columns(name);
    // A view or a temporary table of that name is not the table asked for.
    let is_table = sandbox.tables().iter().any(|t| !t.is_view && !t.is_temp && t.name.eq_ignore_ascii_case(name));
    if info.is_empty() || !is_table {
        out.findings.push(Finding::missing(Place::Table(name.to_string()), msg::table_missing(name)));
        return;
    }
    out.findings.push(Finding::correct(Place::Table(name.to_string()), msg::table_present()));
    let table_sql = table_sql(sandbox, name);
    let foreign_keys = foreign_keys(sandbox, name);
    let unique_sets = unique_column_sets(sandbox, name);
    let spec_pk: Vec<&str> =
        table.columns.iter().filter(|c| c.primary_key).map(|c| c.name.get_ref().as_str()).collect();
    let actual_pk: Vec<String> = {
        let mut pk: Vec<&ColumnInfo> = info.iter().filter(|c| c.primary_key > 0).collect();
        pk.sort_by_key(|c| c.primary_key);
        pk.iter().map(|c| c.name.to_lowercase()).collect()
    };
    for col in &table.columns {
        let col_name = col.name.get_ref();
        let at = Place::Column(format!("{name}.{col_name}"));
        let Some(actual) = info.iter().find(|c| c.name.eq_ignore_ascii_case(col_name)) else {
            out.findings.push(Finding::missing(at, msg::column_missing(col_name)));
            continue;
        };
        let mut problems: Vec<String> = Vec::new();
        let mut units = 1usize;
        if let Some(t) = col.column_type
            && !compatible(t, &actual.decl_type)
        {
            problems.push(msg::column_wrong_type(&actual.decl_type, t));
        }
        let lower = col_name.to_lowercase();
        if col.primary_key {
            units += 1;
            let mut want: Vec<String> = spec_pk.iter().map(|c| c.to_lowercase()).collect();
            let mut have = actual_pk.clone();
            want.sort();
            have.sort();
            if want != have {
                problems.push(msg::column_not_primary_key(spec_pk.len()));
            }
        }
        if col.not_null {
            units += 1;
            let rowid_alias =
                actual.primary_key > 0 && actual_pk.len() == 1 && affinity(&actual.decl_type) == "INTEGER";
            if !actual.not_null && !rowid_alias {
                problems.push(msg::column_nullable());
            }
        }
        if col.unique {
            units += 1;
            if !unique_sets.iter().any(|set| set.len() == 1 && set[0] == lower) && actual_pk != [lower.clone()] {
                problems.push(msg::column_not_unique());
            }
        }
        if col.check {
            units += 1;
            if !has_check_on(&table_sql, col_name) {
                problems.push(msg::column_no_check());
            }
        }
        if let Some(target) = &col.references {
            units += 1;
            let (ref_table, ref_col) = match target.get_ref().split_once('.') {
                Some((t, c)) => (t, Some(c)),
                None => (target.get_ref().as_str(), None),
            };
            let found = foreign_keys.iter().any(|fk| {
                fk.from.eq_ignore_ascii_case(col_name)
                    && fk.table.eq_ignore_ascii_case(ref_table)
                    && match (ref_col, &fk.to) {
                        (Some(want), Some(to)) => to.eq_ignore_ascii_case(want),
                        _ => true,
                    }
            });
            if !found {
                problems.push(msg::column_no_foreign_key(target.get_ref()));
            }
        }
        let good = units - problems.len().min(units);
        out.earned += good as f64 / units as f64;
        if problems.is_empty() {
            out.findings.push(Finding::correct(at, msg::column_right()));
        } else {
            out.findings.push(Finding::wrong(at, problems.join("; ")));
        }
    }
}

/// SQLite's affinity of a declared type (section 3.1 of «Datatypes In SQLite»).
fn affinity(decl: &str) -> &'static str {
    let d = decl.to_uppercase();
    if d.contains("INT") {
        "INTEGER"
    } else if d.contains("CHAR") || d.contains("CLOB") || d.contains("TEXT") {
        "TEXT"
    } else if d.contains("BLOB") || d.trim().is_empty() {
        "BLOB"
    } else if d.contains("REAL") || d.contains("FLOA") || d.contains("DOUB") {
        "REAL"
    } else {
        "NUMERIC"
    }
}

pub fn compatible(t: ColumnType, decl: &str) -> bool {
    let a = affinity(decl);
    match t {
        ColumnType::Integer => a == "INTEGER" || decl.trim().to_uppercase().starts_with("BOOL"),
        ColumnType::Text => a == "TEXT",
        ColumnType::Real => a == "REAL" || a == "NUMERIC",
        ColumnType::Numeric => matches!(a, "INTEGER" | "REAL" | "NUMERIC"),
        ColumnType::Date => a == "TEXT" || a == "NUMERIC",
        ColumnType::Any => true,
    }
}

fn table_sql(sandbox: &Sandbox, table: &str) -> String {
    sandbox
        .conn()
        .query_row("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1 COLLATE NOCASE", [table], |r| {
            r.get::<_, Option<String>>(0)
        })
        .ok()
        .flatten()
        .unwrap_or_default()
}

struct ForeignKey {
    from: String,
    table: String,
    to: Option<String>,
}

fn foreign_keys(sandbox: &Sandbox, table: &str) -> Vec<ForeignKey> {
    let sql = format!("PRAGMA foreign_key_list({})", quote_ident(table));
    sandbox
        .conn()
        .prepare(&sql)
        .and_then(|mut s| {
            s.query_map([], |r| Ok(ForeignKey { table: r.get(2)?, from: r.get(3)?, to: r.get(4)? }))?.collect()
        })
        .unwrap_or_default()
}

/// The column sets (lower-cased) of the table's unique indexes, UNIQUE constraints
/// included.
fn unique_column_sets(sandbox: &Sandbox, table: &str) -> Vec<Vec<String>> {
    let conn = sandbox.conn();
    let indexes: Vec<String> = conn
        .prepare(&format!("PRAGMA index_list({})", quote_ident(table)))
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?
                .filter_map(|r| r.ok().filter(|(_, unique)| *unique == 1).map(|(n, _)| Ok(n)))
                .collect()
        })
        .unwrap_or_default();
    indexes
        .iter()
        .map(|index| {
            conn.prepare(&format!("PRAGMA index_info({})", quote_ident(index)))
                .and_then(|mut s| {
                    s.query_map([], |r| Ok(r.get::<_, Option<String>>(2)?.unwrap_or_default().to_lowercase()))?
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

/// Whether a `CHECK (…)` in the table's SQL names the column.
fn has_check_on(table_sql: &str, column: &str) -> bool {
    let upper = table_sql.to_uppercase();
    let column = column.to_uppercase();
    let mut from = 0;
    while let Some(pos) = upper[from..].find("CHECK") {
        let start = from + pos + "CHECK".len();
        from = start;
        let Some(open) = upper[start..].find('(').map(|o| start + o) else { break };
        if !upper[start..open].trim().is_empty() {
            continue;
        }
        let mut depth = 0usize;
        let mut end = upper.len();
        for (i, c) in upper[open..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let body = &upper[open..end];
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        if body.split(|c: char| !is_word(c)).any(|w| w == column) {
            return true;
        }
    }
    false
}

/// Runs a probe inside a savepoint; a rejected or wrongly accepted insert leaves nothing
/// behind, an accepted one stays for the probes after it.
fn run_probe(probe: &Probe, sandbox: &Sandbox) -> (bool, Finding) {
    let at = Place::Probe(probe.id.get_ref().clone());
    let expect = probe.expect.as_ref().map_or(Expect::Ok, |e| *e.get_ref());
    let conn = sandbox.conn();
    let _ = conn.execute_batch("SAVEPOINT probe;");
    let result = sandbox.run_trusted(probe.sql.get_ref());
    let keep = matches!((expect, &result), (Expect::Ok, Ok(_)));
    let _ = conn.execute_batch(if keep { "RELEASE probe;" } else { "ROLLBACK TO probe; RELEASE probe;" });
    match (expect, result) {
        (Expect::Ok, Ok(_)) => (true, Finding::correct(at, msg::probe_accepted())),
        (Expect::Ok, Err(e)) => (false, Finding::wrong(at, msg::probe_should_pass(&e.message))),
        (Expect::Reject, Ok(_)) => (false, Finding::wrong(at, msg::probe_should_fail())),
        (Expect::Reject, Err(e)) => {
            let violated = violated(&e);
            let wanted = probe.because.as_ref().map(|b| *b.get_ref());
            match (violated, wanted) {
                (Some(v), Some(w)) if v == w || (w == Constraint::Unique && v == Constraint::PrimaryKey) => {
                    (true, Finding::correct(at, msg::probe_rejected(&e.message)))
                }
                (Some(_), None) => (true, Finding::correct(at, msg::probe_rejected(&e.message))),
                (Some(_), Some(w)) => (false, Finding::wrong(at, msg::probe_rejected_for_other_reason(w, &e.message))),
                (None, _) => (false, Finding::wrong(at, msg::probe_failed_not_by_constraint(&e.message))),
            }
        }
    }
}

/// The constraint an error reports, from SQLite's extended result code.
fn violated(e: &SqlError) -> Option<Constraint> {
    use rusqlite::ffi;
    match e.code? {
        ffi::SQLITE_CONSTRAINT_UNIQUE => Some(Constraint::Unique),
        ffi::SQLITE_CONSTRAINT_PRIMARYKEY => Some(Constraint::PrimaryKey),
        ffi::SQLITE_CONSTRAINT_NOTNULL => Some(Constraint::NotNull),
        ffi::SQLITE_CONSTRAINT_CHECK => Some(Constraint::Check),
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => Some(Constraint::ForeignKey),
        code if code & 0xff == ffi::SQLITE_CONSTRAINT => Some(Constraint::Check),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_compatibility_follows_affinity() {
        assert!(compatible(ColumnType::Integer, "BIGINT"));
        assert!(compatible(ColumnType::Integer, "boolean"));
        assert!(!compatible(ColumnType::Integer, "TEXT"));
        assert!(compatible(ColumnType::Text, "VARCHAR(100)"));
        assert!(compatible(ColumnType::Real, "DECIMAL(10,2)"));
        assert!(!compatible(ColumnType::Real, "TEXT"));
        assert!(compatible(ColumnType::Date, "DATE"));
        assert!(compatible(ColumnType::Date, "TEXT"));
        assert!(!compatible(ColumnType::Date, ""));
        assert!(compatible(ColumnType::Any, ""));
    }

    #[test]
    fn check_constraints_are_found_by_the_column_they_name() {
        let sql = "CREATE TABLE t (qty INTEGER CHECK (qty > 0), price REAL, CHECK(price >= 0 AND (price < 1e9)))";
        assert!(has_check_on(sql, "qty"));
        assert!(has_check_on(sql, "PRICE"));
        assert!(!has_check_on(sql, "pr"));
        assert!(!has_check_on("CREATE TABLE t (checked INTEGER)", "checked"));
    }
}
