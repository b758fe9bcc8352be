//! The sandbox untrusted SQL runs in: a private in-memory SQLite connection (never the
//! progress database) with
//! - an authorizer that denies ATTACH/DETACH, `load_extension` and other dangerous
//!   functions, virtual tables, and every PRAGMA but a few safe ones;
//! - `VACUUM` refused before SQLite sees it (`VACUUM INTO` writes a file, and the
//!   authorizer is not asked about VACUUM);
//! - temporary storage in memory, `SQLITE_LIMIT_ATTACHED = 0`, defensive mode;
//! - a time limit per statement (a progress handler interrupts a runaway recursive CTE)
//!   and for a whole script;
//! - limits on SQL length, on the size of one string or blob, and a process-wide cap on
//!   SQLite's heap;
//! - a cap on the rows a result keeps (the rest are counted as truncated).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::{Connection, ErrorCode, MAIN_DB};

pub use super::catalog::{ColumnInfo, DENIED_FUNCTIONS, TableInfo};
pub use super::error::SqlError;
use super::explain::{Context, Problem, explain, locate};
use super::split::{line_of, split};
use super::value::Value;
use crate::strings::sql as msg;
use crate::strings::sqlite::problem;

/// The limits a sandbox enforces.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Longest a single statement may run.
    pub statement_time: Duration,
    /// Longest a whole script may run (all its statements together).
    pub script_time: Duration,
    /// Longest SQL text accepted, in bytes.
    pub max_sql_len: usize,
    /// Largest string or blob a statement may build, in bytes (`SQLITE_LIMIT_LENGTH`).
    pub max_value_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            statement_time: Duration::from_secs(2),
            script_time: Duration::from_secs(10),
            max_sql_len: 100_000,
            max_value_len: 10_000_000,
        }
    }
}

impl Limits {
    /// The default limits with a statement time limit of `ms` milliseconds (a script may
    /// run five times that).
    pub fn with_statement_time_ms(ms: u64) -> Limits {
        let statement_time = Duration::from_millis(ms.max(1));
        Limits { statement_time, script_time: statement_time * 5, ..Limits::default() }
    }
}

/// SQLite's heap, for all connections of the process, is capped at this (a runaway
/// statement fails with «out of memory» instead of exhausting the machine).
const HEAP_LIMIT: i64 = 1 << 30;

/// Caps SQLite's heap for the whole process at [`HEAP_LIMIT`], once: at start-up
/// (`commands::run`), and before every connection ([`super::open_in_memory`]) of a
/// process that did not start there (tests, benchmarks). The cap binds every connection,
/// the progress file's too: a gigabyte is far above what the workbook itself needs. See
/// [`super::heap`] for how.
pub fn limit_heap() {
    super::heap::cap(HEAP_LIMIT);
}

/// PRAGMAs a learner may run: reading the schema, and switching foreign keys.
const READ_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "integrity_check",
    "quick_check",
];
const SETTABLE_PRAGMAS: &[&str] = &["foreign_keys", "defer_foreign_keys", "recursive_triggers"];

/// What the last statement of a script gave, typed (for grading).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rows {
    /// Column names of the last statement that returns rows (empty if it returns none).
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// More rows existed than were kept.
    pub truncated: bool,
    /// How many rows the last statement gave in all, when they were counted (a screen's
    /// run counts past the rows kept; grading does not).
    pub total: Option<usize>,
    /// Rows inserted, updated or deleted by the whole script.
    pub rows_affected: u64,
    /// How many statements ran.
    pub statements: usize,
}

/// What a screen shows after running a script.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResultTable {
    /// Column names of the last statement, if it returns rows.
    pub columns: Vec<String>,
    /// Its rows as display strings (`NULL` for NULL), at most the limit asked for.
    pub rows: Vec<Vec<String>>,
    /// More rows existed than were kept.
    pub truncated: bool,
    /// How many rows the last statement gave in all; `None` when counting them past the
    /// rows kept did not finish in the time limit.
    pub total: Option<usize>,
    /// Rows inserted, updated or deleted by the whole script.
    pub rows_affected: u64,
    /// How many statements ran.
    pub statements: usize,
}

/// Shared between the sandbox and its hooks.
#[derive(Default)]
struct HookState {
    deadline: Option<Instant>,
    /// The progress handler stopped a statement because its deadline passed.
    expired: bool,
    /// Why the authorizer last denied something, in Russian.
    denied: Option<String>,
}

/// A private in-memory database for untrusted SQL.
pub struct Sandbox {
    conn: Connection,
    state: Arc<Mutex<HookState>>,
    limits: Limits,
    /// A statement that may change the database (or its schema, a temporary table, a
    /// pragma) has been prepared here: the sandbox no longer holds just its data.
    written: std::cell::Cell<bool>,
    /// A PRAGMA has run: the connection has options a copy of its database would not.
    configured: std::cell::Cell<bool>,
}

impl Sandbox {
    /// An empty sandbox.
    pub fn new(limits: Limits) -> Result<Sandbox, SqlError> {
        Self::from_bytes(None, limits)
    }

    /// A sandbox holding a copy of a serialized database (see
    /// [`super::loader::base_database`]), or an empty one.
    pub fn from_bytes(base: Option<&[u8]>, limits: Limits) -> Result<Sandbox, SqlError> {
        let internal = |e: rusqlite::Error| SqlError {
            message: msg::sandbox_failed(&e.to_string()),
            line: 0,
            statement: 0,
            timed_out: false,
            code: None,
        };
        let mut conn = super::open_in_memory().map_err(internal)?;
        if let Some(bytes) = base {
            conn.deserialize_read_exact(MAIN_DB, bytes, bytes.len(), false).map_err(internal)?;
        }
        conn.execute_batch("PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = ON;").map_err(internal)?;
        for (config, on) in [
            (DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true),
            (DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false),
            (DbConfig::SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, false),
            (DbConfig::SQLITE_DBCONFIG_ENABLE_ATTACH_CREATE, false),
            (DbConfig::SQLITE_DBCONFIG_ENABLE_ATTACH_WRITE, false),
        ] {
            conn.set_db_config(config, on).map_err(internal)?;
        }
        let clamp = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0).map_err(internal)?;
        conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, clamp(limits.max_value_len)).map_err(internal)?;
        conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, clamp(limits.max_sql_len)).map_err(internal)?;

        let state = Arc::new(Mutex::new(HookState::default()));
        let hook_state = Arc::clone(&state);
        conn.authorizer(Some(move |ctx: AuthContext<'_>| match deny_reason(&ctx) {
            None => Authorization::Allow,
            Some(reason) => {
                if let Ok(mut s) = hook_state.lock() {
                    s.denied = Some(reason);
                }
                Authorization::Deny
            }
        }));
        let progress_state = Arc::clone(&state);
        conn.progress_handler(
            1000,
            Some(move || {
                let Ok(mut s) = progress_state.lock() else { return false };
                s.expired = s.deadline.is_some_and(|d| Instant::now() > d);
                s.expired
            }),
        );
        Ok(Sandbox { conn, state, limits, written: Default::default(), configured: Default::default() })
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// A handle another thread may use to stop the running statement at once (a screen
    /// running SQL in the background, on Esc); the statement fails as interrupted.
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// Runs every statement of `sql` in order and returns the result of the last one
    /// (its rows as display strings, at most `max_rows` of them). Stops at the first
    /// error, which names SQLite's message and the 1-based line in `sql`; what the
    /// statements before it did stays done.
    /// The rows past those kept are counted (within the time limit), so that the screen
    /// can say how many there were.
    pub fn run_script(&self, sql: &str, max_rows: usize) -> Result<ResultTable, SqlError> {
        let rows = self.run_counting(sql, max_rows, true)?;
        Ok(ResultTable {
            columns: rows.columns,
            rows: rows.rows.iter().map(|r| r.iter().map(Value::display).collect()).collect(),
            truncated: rows.truncated,
            total: rows.total,
            rows_affected: rows.rows_affected,
            statements: rows.statements,
        })
    }

    /// Like [`run_script`](Self::run_script), with typed values: what grading compares.
    /// Whether everything run here since [`Sandbox::mark_unchanged`] only read, and no
    /// transaction is left open: then the sandbox holds what it held then, and grading
    /// may run the next part of an answer in it instead of a fresh copy.
    pub fn unchanged(&self) -> bool {
        !self.written.get() && self.conn.is_autocommit()
    }

    /// What the sandbox holds now is where [`Sandbox::unchanged`] counts from (after the
    /// exercise's own setup).
    pub fn mark_unchanged(&self) {
        self.written.set(false);
    }

    /// The database as bytes [`Sandbox::from_bytes`] makes the same sandbox of, when it
    /// is all there is: `None` while a transaction is open, a temporary object exists or
    /// a PRAGMA has set an option (a copy would hold none of them).
    pub fn snapshot(&self) -> Option<Vec<u8>> {
        if !self.conn.is_autocommit() || self.configured.get() {
            return None;
        }
        let temp: i64 = self.conn.query_row("SELECT count(*) FROM temp.sqlite_schema", [], |r| r.get(0)).ok()?;
        if temp != 0 {
            return None;
        }
        // Copied page by page into a plain connection first: serializing the sandbox's own
        // reads its pages through SQL, which the sandbox's guards refuse.
        let mut copy = super::open_in_memory().ok()?;
        rusqlite::backup::Backup::new(&self.conn, &mut copy)
            .ok()?
            .run_to_completion(1024, Duration::ZERO, None)
            .ok()?;
        copy.serialize(MAIN_DB).ok().map(|d| d.to_vec())
    }

    pub fn run(&self, sql: &str, max_rows: usize) -> Result<Rows, SqlError> {
        self.run_counting(sql, max_rows, false)
    }

    fn run_counting(&self, sql: &str, max_rows: usize, count: bool) -> Result<Rows, SqlError> {
        let whole = |message: String| SqlError { message, line: 0, statement: 0, timed_out: false, code: None };
        if sql.len() > self.limits.max_sql_len {
            return Err(whole(msg::sql_too_long(sql.len(), self.limits.max_sql_len)));
        }
        if sql.contains('\0') {
            return Err(whole(msg::sql_nul()));
        }
        let script_deadline = Instant::now() + self.limits.script_time;
        let mut out = Rows::default();
        for (n, statement) in split(sql).iter().enumerate() {
            let at = |message: String, line: usize, timed_out: bool, code: Option<i32>| SqlError {
                message,
                line,
                statement: n + 1,
                timed_out,
                code,
            };
            if statement.keyword == "PRAGMA" {
                self.configured.set(true);
            }
            if statement.keyword == "VACUUM" {
                return Err(at(msg::vacuum_denied(), statement.line, false, None));
            }
            let deadline = (Instant::now() + self.limits.statement_time).min(script_deadline);
            self.set_deadline(Some(deadline));
            let result = self.run_statement(statement.text, max_rows, count);
            self.set_deadline(None);
            match result {
                Ok(StatementResult::Rows { columns, rows, truncated, total }) => {
                    out.columns = columns;
                    out.rows = rows;
                    out.truncated = truncated;
                    out.total = total;
                }
                Ok(StatementResult::Changed(n)) => {
                    out.columns.clear();
                    out.rows.clear();
                    out.truncated = false;
                    out.total = None;
                    out.rows_affected += n;
                }
                Err(e) => {
                    let (message, offset, timed_out) = self.describe(&e, statement.text);
                    let line = match offset {
                        Some(off) => line_of(sql, statement.offset + off.min(statement.text.len())),
                        None => statement.line,
                    };
                    return Err(at(message, line, timed_out, extended_code(&e)));
                }
            }
            out.statements += 1;
        }
        Ok(out)
    }

    /// Runs one statement, keeping at most `max_rows` of its rows; with `count`, the rest
    /// are stepped through and counted (until the statement's time runs out).
    fn run_statement(&self, sql: &str, max_rows: usize, count: bool) -> rusqlite::Result<StatementResult> {
        let mut stmt = self.conn.prepare(sql)?;
        if !stmt.readonly() {
            self.written.set(true);
        }
        if stmt.column_count() == 0 {
            let before = self.conn.total_changes();
            stmt.raw_execute()?;
            return Ok(StatementResult::Changed(self.conn.total_changes().saturating_sub(before)));
        }
        let columns: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
        let width = columns.len();
        let mut rows = Vec::new();
        let mut truncated = false;
        let mut query = stmt.query([])?;
        while let Some(row) = query.next()? {
            if rows.len() >= max_rows {
                truncated = true;
                break;
            }
            let mut values = Vec::with_capacity(width);
            for i in 0..width {
                values.push(Value::from_ref(row.get_ref(i)?));
            }
            rows.push(values);
        }
        let total = match (truncated, count) {
            (false, _) => Some(rows.len()),
            (true, false) => None,
            (true, true) => {
                // The row that did not fit, then the rest; a time limit hit while counting
                // leaves the total unknown, not the run failed.
                let mut n = rows.len() + 1;
                loop {
                    match query.next() {
                        Ok(Some(_)) => n += 1,
                        Ok(None) => break Some(n),
                        Err(_) => break None,
                    }
                }
            }
        };
        Ok(StatementResult::Rows { columns, rows, truncated, total })
    }

    /// A statement's error in Russian, the byte offset SQLite points at in `statement`
    /// (if it does), and whether the time limit stopped it.
    fn describe(&self, e: &rusqlite::Error, statement: &str) -> (String, Option<usize>, bool) {
        // A denial by the authorizer surfaces as «not authorized» (SQLITE_AUTH) or, for
        // functions, as a plain SQLITE_ERROR: the reason it recorded is the message.
        let (denied, expired) =
            self.state.lock().map(|mut s| (s.denied.take(), std::mem::take(&mut s.expired))).unwrap_or_default();
        let tables = || self.tables();
        // SQLite's message in Russian, and where the error is: where SQLite points, or
        // where the name the message is about stands.
        let explained = |text: &str, offset: Option<usize>| {
            let p = explain(text, &Context::new(statement, offset, extended_code(e), &tables));
            (problem(&p), offset.or_else(|| locate(&p, statement)), false)
        };
        match e {
            rusqlite::Error::SqlInputError { msg: text, offset, .. } => match denied {
                Some(reason) => (reason, usize::try_from(*offset).ok(), false),
                None => explained(text, usize::try_from(*offset).ok()),
            },
            rusqlite::Error::SqliteFailure(error, text) => {
                if let Some(reason) = denied {
                    return (reason, None, false);
                }
                match error.code {
                    ErrorCode::OperationInterrupted if expired => {
                        (msg::time_limit(self.limits.statement_time.as_secs_f64()), None, true)
                    }
                    ErrorCode::OperationInterrupted => (msg::interrupted(), None, false),
                    ErrorCode::TooBig => (msg::too_big(self.limits.max_value_len), None, false),
                    ErrorCode::OutOfMemory => (msg::out_of_memory(), None, false),
                    _ => explained(&text.clone().unwrap_or_else(|| error.to_string()), None),
                }
            }
            rusqlite::Error::InvalidParameterCount(..) => (problem(&Problem::Parameters), None, false),
            other => (denied.unwrap_or_else(|| problem(&Problem::Other { text: other.to_string() })), None, false),
        }
    }

    /// Arms (or disarms) the time limit; arming also forgets an earlier denial.
    fn set_deadline(&self, deadline: Option<Instant>) {
        if let Ok(mut s) = self.state.lock() {
            if deadline.is_some() {
                s.denied = None;
                s.expired = false;
            }
            s.deadline = deadline;
        }
    }

    /// The tables and views a learner can see (not SQLite's own), main schema first,
    /// each in name order, with their columns.
    pub fn tables(&self) -> Vec<TableInfo> {
        let sql = "SELECT name, type = 'view', 0 FROM main.sqlite_schema \
                   WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' \
                   UNION ALL SELECT name, type = 'view', 1 FROM temp.sqlite_schema \
                   WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY 3, 1";
        let names: Vec<(String, bool, bool)> = self
            .conn
            .prepare(sql)
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect())
            .unwrap_or_default();
        names
            .into_iter()
            .map(|(name, is_view, is_temp)| TableInfo { columns: self.columns(&name), name, is_view, is_temp })
            .collect()
    }

    /// The columns of one table or view (empty if there is none by that name).
    pub fn columns(&self, table: &str) -> Vec<ColumnInfo> {
        let sql = format!("PRAGMA table_info({})", quote_ident(table));
        self.conn
            .prepare(&sql)
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok(ColumnInfo {
                        name: r.get(1)?,
                        decl_type: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                        not_null: r.get::<_, i64>(3)? != 0,
                        primary_key: r.get::<_, i64>(5)?.try_into().unwrap_or(0),
                    })
                })?
                .collect()
            })
            .unwrap_or_default()
    }

    /// The connection, for the grader's own read-only introspection (run after the
    /// learner's SQL, under the same authorizer).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs trusted SQL (an exercise's setup or probe) under the time limit.
    pub(crate) fn run_trusted(&self, sql: &str) -> Result<Rows, SqlError> {
        self.run(sql, 100_000)
    }

    /// Commits a transaction the learner's SQL left open (so that their DDL stands and
    /// PRAGMA foreign_keys can take effect).
    pub(crate) fn finish_learner_transaction(&self) {
        if !self.conn.is_autocommit() && self.conn.execute_batch("COMMIT;").is_err() {
            let _ = self.conn.execute_batch("ROLLBACK;");
        }
    }

    /// Turns foreign-key enforcement back on, whatever the learner's SQL did.
    pub(crate) fn enforce_foreign_keys(&self) {
        let _ = self.conn.execute_batch("PRAGMA foreign_keys = ON;");
    }
}

fn extended_code(e: &rusqlite::Error) -> Option<i32> {
    match e {
        rusqlite::Error::SqliteFailure(error, _) | rusqlite::Error::SqlInputError { error, .. } => {
            Some(error.extended_code)
        }
        _ => None,
    }
}

enum StatementResult {
    Rows { columns: Vec<String>, rows: Vec<Vec<Value>>, truncated: bool, total: Option<usize> },
    Changed(u64),
}

/// `"name"` with inner quotes doubled.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Why an action is denied, or `None` to allow it.
fn deny_reason(ctx: &AuthContext<'_>) -> Option<String> {
    match ctx.action {
        AuthAction::Attach { .. } | AuthAction::Detach { .. } => Some(msg::attach_denied()),
        AuthAction::Function { function_name } => {
            let name = function_name.to_lowercase();
            DENIED_FUNCTIONS.contains(&name.as_str()).then(|| msg::function_denied(&name))
        }
        AuthAction::CreateVtable { .. } | AuthAction::DropVtable { .. } => Some(msg::vtable_denied()),
        AuthAction::Pragma { pragma_name, pragma_value } => {
            let name = pragma_name.to_lowercase();
            let allowed = READ_PRAGMAS.contains(&name.as_str())
                || (SETTABLE_PRAGMAS.contains(&name.as_str()) && pragma_value.is_none_or(is_switch));
            (!allowed).then(|| msg::pragma_denied(&name, READ_PRAGMAS, SETTABLE_PRAGMAS))
        }
        _ => None,
    }
}

fn is_switch(value: &str) -> bool {
    matches!(value.trim().to_lowercase().as_str(), "on" | "off" | "1" | "0" | "true" | "false" | "yes" | "no")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sandbox() -> Sandbox {
        Sandbox::new(Limits::default()).expect("sandbox")
    }

    fn error(sql: &str) -> SqlError {
        sandbox().run(sql, 100).expect_err("must fail")
    }

    #[test]
    fn runs_a_script_and_returns_the_last_result() {
        let s = sandbox();
        let out = s
            .run_script("CREATE TABLE t (x INTEGER, y TEXT);\nINSERT INTO t VALUES (1, 'a'), (2, NULL);\nSELECT * FROM t ORDER BY x;", 1)
            .expect("runs");
        assert_eq!(out.columns, ["x", "y"]);
        assert_eq!(out.rows, vec![vec!["1".to_string(), "a".into()]]);
        assert!(out.truncated);
        assert_eq!((out.rows_affected, out.statements), (2, 3));
        s.run("CREATE TEMP VIEW v AS SELECT y FROM t;", 1).expect("temp view");
        let tables = s.tables();
        assert_eq!(tables.len(), 2);
        assert_eq!((tables[1].name.as_str(), tables[1].is_view, tables[1].is_temp), ("v", true, true));
        assert_eq!(tables[1].columns[0].name, "y");
        assert_eq!(
            tables[0].columns[0],
            ColumnInfo { name: "x".into(), decl_type: "INTEGER".into(), not_null: false, primary_key: 0 }
        );
    }

    #[test]
    fn errors_name_the_line_and_say_what_sqlite_said_in_russian() {
        let e = error("SELECT 1;\n\nSELEC 2;");
        assert_eq!((e.line, e.statement), (3, 2));
        assert_eq!(e.message, "ошибка синтаксиса рядом с «SELEC» — может быть, SELECT?");
        assert_eq!(e.to_string(), "строка 3: ошибка синтаксиса рядом с «SELEC» — может быть, SELECT?");
        let e = error("CREATE TABLE t (x);\nINSERT INTO t\n  VALUES (1, 2);");
        assert_eq!(e.line, 2);
        assert!(e.message.starts_with("в таблице t столбцов: 1, а значений: 2"), "{e:?}");
        // SQLite points at no token for a missing table: the line is the name's.
        let e = error("SELECT 1;\nSELECT nope\nFROM missing;");
        assert_eq!(e.line, 3, "{e:?}");
        assert_eq!(e.message, "нет таблицы missing");
        // Without a name either, the line is the statement's first.
        let e = error("CREATE TABLE t (x CHECK (x > 0));\nINSERT INTO t\nVALUES (-1);");
        assert_eq!(e.line, 2, "{e:?}");
    }

    #[test]
    fn attach_and_detach_are_denied() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("x.db");
        let e = error(&format!("ATTACH DATABASE '{}' AS x;", target.display()));
        assert_eq!(e.message, msg::attach_denied());
        assert!(!target.exists());
        assert_eq!(error("DETACH DATABASE main;").message, msg::attach_denied());
    }

    #[test]
    fn load_extension_is_denied() {
        let e = error("SELECT load_extension('/tmp/evil.so');");
        assert_eq!(e.message, msg::function_denied("load_extension"));
    }

    #[test]
    fn vacuum_into_is_denied_and_writes_no_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("copy.db");
        let e = error(&format!("CREATE TABLE t (x);\nVACUUM INTO '{}';", target.display()));
        assert_eq!((e.message.as_str(), e.line), (msg::vacuum_denied().as_str(), 2));
        assert!(!target.exists());
    }

    #[test]
    fn unsafe_pragmas_are_denied_safe_ones_allowed() {
        for sql in [
            "PRAGMA temp_store = FILE;",
            "PRAGMA writable_schema = ON;",
            "PRAGMA journal_mode = WAL;",
            "PRAGMA foreign_keys = 'x';",
        ] {
            assert!(error(sql).message.starts_with("PRAGMA"), "{sql}");
        }
        let s = sandbox();
        s.run("PRAGMA foreign_keys = OFF; CREATE TABLE t (x); PRAGMA table_info(t); PRAGMA foreign_keys;", 10)
            .expect("safe pragmas");
    }

    #[test]
    fn a_runaway_recursive_cte_is_stopped_by_the_time_limit() {
        let s = Sandbox::new(Limits::with_statement_time_ms(300)).expect("sandbox");
        let started = Instant::now();
        let e = s
            .run("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;", 10)
            .expect_err("interrupted");
        assert!(e.timed_out, "{e:?}");
        assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
        // The sandbox stays usable.
        assert_eq!(s.run("SELECT 42", 10).expect("runs").rows, vec![vec![Value::Integer(42)]]);
    }

    #[test]
    fn a_sandbox_can_run_in_a_background_thread_and_be_interrupted() {
        fn send<T: Send>(_: &T) {}
        let s = sandbox();
        send(&s);
        let handle = s.interrupt_handle();
        let worker = std::thread::spawn(move || {
            s.run("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;", 1)
        });
        std::thread::sleep(Duration::from_millis(100));
        handle.interrupt();
        let started = Instant::now();
        let result = worker.join().expect("worker");
        assert!(result.is_err_and(|e| !e.timed_out && e.message == msg::interrupted()));
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn a_100_mb_string_is_refused() {
        let started = Instant::now();
        let e = error("SELECT length(zeroblob(100000000));");
        assert!(e.message.contains("10 МБ"), "{e:?}");
        let e = error("SELECT length(replace(printf('%.*c', 9000000, 'x'), 'x', 'xxxxxxxxxxxx'));");
        assert!(e.message.contains("10 МБ"), "{e:?}");
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn overlong_sql_and_nul_bytes_are_refused_whole() {
        let long = format!("SELECT '{}';", "x".repeat(200_000));
        let e = error(&long);
        assert_eq!(e.line, 0);
        assert_eq!(error("SELECT 1;\0").message, msg::sql_nul());
    }
}
