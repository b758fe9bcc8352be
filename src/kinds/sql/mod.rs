//! `sql`: the learner writes SQL that runs in a sandbox (see [`crate::data::sql`]) over
//! the exercise's datasets, and is checked by what it does. Three modes:
//! - `schema` — DDL: required tables, columns with a compatible type and their
//!   constraints, then probes (inserts that must succeed or must be rejected);
//! - `query` — one or more SELECTs (parts), each compared with its reference query as a
//!   multiset of rows;
//! - `script` — statements that change the data; listed tables are compared with what
//!   the reference script leaves.
//!
//! Scoring (documented for instructors in docs/authoring.md): `schema` — every table
//! column is worth one unit, split evenly between its existence with a compatible type
//! and each constraint the spec requires of it; every probe one unit; a missing table
//! loses all its columns' units. `query` — each part is worth its `weight` (1 by
//! default), all or nothing. `script` — each compared table one unit, all or nothing.
//!
//! For the SQL editor screen (pure Rust, no terminal):
//! - [`sandbox`]`(spec, ctx)` — a fresh in-memory database with the exercise's datasets
//!   (the learner's variant if the spec says so) after its `setup`; call it again for a
//!   clean database (the loaded datasets are cached, so this takes milliseconds);
//! - [`Sandbox::run_script`]`(sql, max_rows)` — runs every statement, returns the last
//!   one's [`crate::data::sql::ResultTable`] (column names, rows as display strings,
//!   `truncated`, `rows_affected`, `statements`) or an [`SqlError`] (SQLite's message or
//!   the sandbox's own, the 1-based `line` in the text, `timed_out`);
//! - [`Sandbox::tables`] — tables and views with their columns, declared types, NOT NULL
//!   and primary-key positions;
//! - [`Sandbox::interrupt_handle`] — a `Sandbox` is `Send`: run it in a worker thread
//!   and stop a long statement from the screen's thread (the error says so);
//! - [`Answer`] (`sql` + `parts`), [`parse_answer_text`] and [`answer_file_text`] — the
//!   stored answer and the `.sql` file format; findings' places are `part:ID`,
//!   `table:NAME`, `column:TABLE.COLUMN`, `probe:ID` and `sql` (the whole text).

mod answer;
mod grade;
mod schema;
pub mod types;
mod validate;

use serde::{Deserialize, Serialize};
use toml::Spanned;

pub use answer::{Answer, answer_file_text, parse_answer_text};

use super::{GradeCtx, Kind, Outcome, Place, Validator};
use crate::base::hash::stable_hash;
use crate::base::memo::Memo;
use crate::data::generate::{self, FileKind, Options, loyalty};
use crate::data::sql::{Limits, Sandbox, SqlError, base_database, loader};
use crate::strings::sql as msg;

pub struct Sql;

pub use types::{ColumnType, Constraint, Mode};

/// What a probe must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// Run without an error.
    Ok,
    /// Be rejected by a constraint (a syntax error or a missing column does not count).
    Reject,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    pub name: Spanned<String>,
    #[serde(rename = "type", default)]
    pub column_type: Option<ColumnType>,
    #[serde(default)]
    pub primary_key: bool,
    #[serde(default)]
    pub not_null: bool,
    #[serde(default)]
    pub unique: bool,
    /// The table's SQL has a CHECK constraint naming this column.
    #[serde(default)]
    pub check: bool,
    /// A foreign key to `"TABLE"` (its primary key) or `"TABLE.COLUMN"`.
    #[serde(default)]
    pub references: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    pub name: Spanned<String>,
    pub columns: Vec<ColumnSpec>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    pub id: Spanned<String>,
    /// What the probe checks, for the learner: «клиент без согласия на обработку ПД».
    pub title: String,
    pub sql: Spanned<String>,
    #[serde(default)]
    pub expect: Option<Spanned<Expect>>,
    /// With `expect = "reject"`: the constraint that must reject it.
    #[serde(default)]
    pub because: Option<Spanned<Constraint>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub id: Spanned<String>,
    pub title: String,
    pub reference: Spanned<String>,
    /// Rows must come in the reference's order.
    #[serde(default)]
    pub ordered: bool,
    /// Column names and their order must be the reference's.
    #[serde(default)]
    pub check_columns: bool,
    /// Numbers equal within this (default 1e-6).
    #[serde(default)]
    pub tolerance: Option<f64>,
    #[serde(default)]
    pub weight: Option<Spanned<f64>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compare {
    pub table: Spanned<String>,
    /// Columns compared (all of the reference table's by default).
    #[serde(default)]
    pub columns: Vec<String>,
    /// A query run on both databases instead of `SELECT columns FROM table`.
    #[serde(default)]
    pub query: Option<Spanned<String>>,
    #[serde(default)]
    pub ordered: bool,
    #[serde(default)]
    pub tolerance: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub mode: Spanned<Mode>,
    /// Dataset files loaded as tables (`orders.csv` → `orders`).
    #[serde(default)]
    pub datasets: Vec<Spanned<String>>,
    /// Load the learner's own variant of the course data (generated from their variant
    /// seed) instead of the shared files.
    #[serde(default)]
    pub variant: Option<Spanned<bool>>,
    /// SQL run before the learner's (creates the tables a script fills, …).
    #[serde(default)]
    pub setup: Option<Spanned<String>>,
    /// Time limit per statement, milliseconds (2000 by default).
    #[serde(default)]
    pub time_limit_ms: Option<Spanned<u64>>,
    /// `schema`: a model DDL that validation checks against the spec; `script`: the
    /// reference script whose result the learner's is compared with.
    #[serde(default)]
    pub reference: Option<Spanned<String>>,
    #[serde(default)]
    pub tables: Vec<TableSpec>,
    #[serde(default)]
    pub probes: Vec<Probe>,
    #[serde(default)]
    pub parts: Vec<Part>,
    #[serde(default)]
    pub compare: Vec<Compare>,
}

/// Rows a result may have before grading calls it too many.
pub const MAX_GRADED_ROWS: usize = 200_000;

/// Customers in a learner's own variant of the data (as in the committed files).
pub const VARIANT_CUSTOMERS: u64 = 1500;

impl Spec {
    /// A spec for a console rather than an exercise: a query sandbox holding what
    /// `setup` creates, nothing to grade (the RFM editor's console over its table).
    pub fn console(setup: String) -> Spec {
        Spec {
            mode: Spanned::new(0..0, Mode::Query),
            datasets: Vec::new(),
            variant: None,
            setup: Some(Spanned::new(0..0, setup)),
            time_limit_ms: None,
            reference: None,
            tables: Vec::new(),
            probes: Vec::new(),
            parts: Vec::new(),
            compare: Vec::new(),
        }
    }

    pub fn limits(&self) -> Limits {
        match &self.time_limit_ms {
            Some(ms) => Limits::with_statement_time_ms(*ms.get_ref()),
            None => Limits::default(),
        }
    }

    /// Whether the learner's own variant of the data is loaded.
    pub fn uses_variant(&self) -> bool {
        self.variant.as_ref().is_some_and(|v| *v.get_ref())
    }

    /// The part a place `part:ID` names.
    pub fn part(&self, id: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.id.get_ref() == id)
    }
}

/// The exercise's sandbox for a learner: a fresh in-memory database holding the
/// exercise's datasets (the learner's variant if the exercise says so) after its
/// `setup` ran. This is what the SQL editor runs the learner's statements in.
///
/// ```
/// # use crm_workbook::kinds::{GradeCtx, NoDatasets, sql};
/// let spec: sql::Spec = toml::from_str(r#"
///     mode = "query"
///     setup = "CREATE TABLE cities (name TEXT); INSERT INTO cities VALUES ('Тула'), ('Омск');"
///     parts = [{ id = "all", title = "Все города", reference = "SELECT name FROM cities" }]
/// "#).unwrap();
/// let ctx = GradeCtx { variant: 0, datasets: &NoDatasets };
/// let sandbox = sql::sandbox(&spec, &ctx).unwrap();
/// let result = sandbox.run_script("SELECT count(*) AS n FROM cities", 100).unwrap();
/// assert_eq!(result.rows, vec![vec!["2".to_string()]]);
/// assert_eq!(sandbox.tables()[0].name, "cities");
/// ```
pub fn sandbox(spec: &Spec, ctx: &GradeCtx) -> Result<Sandbox, SqlError> {
    let Some(setup) = spec.setup.as_ref().map(|s| s.get_ref().as_str()) else {
        let base = base_bytes(spec, ctx)?;
        return Sandbox::from_bytes(base.as_deref().map(Vec::as_slice), spec.limits());
    };
    // The database after the setup, remembered: a grader's import makes a sandbox for
    // every attempt (and the RFM map's for every query), and copying the database is
    // quicker than running the setup again. A setup whose effect a copy would not hold
    // (Sandbox::snapshot: an option set, a temporary object) is run every time.
    let key = stable_hash(&[&data_key(spec, ctx).unwrap_or_default().to_le_bytes(), setup.as_bytes()]);
    if let Some(bytes) = SET_UP.get(key) {
        let sandbox = Sandbox::from_bytes(Some(&bytes), spec.limits())?;
        sandbox.mark_unchanged();
        return Ok(sandbox);
    }
    let base = base_bytes(spec, ctx)?;
    let sandbox = Sandbox::from_bytes(base.as_deref().map(Vec::as_slice), spec.limits())?;
    sandbox.run_trusted(setup).map_err(|e| SqlError { message: msg::setup_failed(&e), ..e })?;
    sandbox.mark_unchanged();
    if let Some(bytes) = sandbox.snapshot() {
        SET_UP.put(key, false, std::sync::Arc::new(bytes));
    }
    Ok(sandbox)
}

/// Databases after an exercise's setup, by [`data_key`] and the setup's text.
static SET_UP: Memo<Vec<u8>> = Memo::bounded(16);

/// What the exercise's data is, as a key: the learner's variant and the file names for
/// generated data, else the datasets' names and content keys (a grader's import asks
/// for it once per sandbox: the course's source remembers its files' keys). `None`
/// without datasets.
pub(crate) fn data_key(spec: &Spec, ctx: &GradeCtx) -> Option<u64> {
    use std::hash::Hasher;
    if spec.datasets.is_empty() {
        return None;
    }
    let mut h = rustc_hash::FxHasher::default();
    h.write_u8(u8::from(spec.uses_variant()));
    for d in &spec.datasets {
        h.write(d.get_ref().as_bytes());
        h.write_u8(0x1f);
        if spec.uses_variant() {
            continue;
        }
        // A missing file has no key; loading it then says it is missing.
        match ctx.datasets.content_key(d.get_ref()) {
            Some(key) => h.write_u64(key),
            None => h.write_u8(0),
        }
    }
    if spec.uses_variant() {
        h.write_u64(ctx.variant);
    }
    Some(h.finish())
}

/// The serialized database of the exercise's datasets (`None` when it has none).
fn base_bytes(spec: &Spec, ctx: &GradeCtx) -> Result<Option<std::sync::Arc<Vec<u8>>>, SqlError> {
    let Some(key) = data_key(spec, ctx) else { return Ok(None) };
    let whole = |message: String| SqlError { message, line: 0, statement: 0, timed_out: false, code: None };
    let names: Vec<&str> = spec.datasets.iter().map(|d| d.get_ref().as_str()).collect();
    if let Some(hit) = LOADED.get(key) {
        return Ok(Some(hit));
    }
    let bytes = if spec.uses_variant() {
        let kinds: Vec<FileKind> = names.iter().filter_map(|n| FileKind::from_name(n)).collect();
        if kinds.len() != names.len() {
            return Err(whole(msg::variant_needs_course_files()));
        }
        let mut opts = Options::new(ctx.variant, VARIANT_CUSTOMERS);
        opts.files = kinds;
        match loyalty_database(&opts).map_err(|e| whole(e.to_string()))? {
            Some(bytes) => std::sync::Arc::new(bytes),
            None => {
                let files: Vec<(String, Vec<u8>)> = generate::generate_in_memory(&opts)
                    .into_iter()
                    .map(|(k, bytes)| (k.file_name().to_owned(), bytes))
                    .collect();
                base_database(&files, false).map_err(|e| whole(e.to_string()))?
            }
        }
    } else {
        let mut files = Vec::new();
        for name in names {
            let bytes = ctx.datasets.read(name).ok_or_else(|| whole(msg::dataset_missing(name)))?;
            files.push((name.to_owned(), bytes.into_owned()));
        }
        base_database(&files, true).map_err(|e| whole(e.to_string()))?
    };
    LOADED.put(key, !spec.uses_variant(), std::sync::Arc::clone(&bytes));
    Ok(Some(bytes))
}

/// The database of a variant whose files are all the loyalty case's, built straight from
/// the learner's generated variant — the one the RFM exercises segment
/// ([`loyalty::shared`], made once) — instead of writing its files and reading them back:
/// the same tables, types and values, byte for byte (`None` for any other files).
fn loyalty_database(opts: &Options) -> Result<Option<Vec<u8>>, crate::data::sql::LoadError> {
    let loyalty = [FileKind::LoyaltyParticipants, FileKind::LoyaltyEvents];
    if opts.files.is_empty() || !opts.files.iter().all(|k| loyalty.contains(k)) {
        return Ok(None);
    }
    let data = loyalty::shared(opts.seed, opts.participants);
    loader::database_of(&data.sql_tables(&opts.files)?).map(Some)
}

/// Loaded data by [`data_key`], once per process: re-grading a learner's every attempt
/// (a grader's import) would otherwise generate, copy and hash it again for each sandbox.
static LOADED: Memo<Vec<u8>> = Memo::new();

impl Kind for Sql {
    const LABEL: &'static str = msg::KIND_SQL;
    type Spec = Spec;
    type Answer = Answer;

    fn validate(spec: &Spec, v: &mut Validator) {
        validate::validate(spec, v);
    }

    fn grade(spec: &Spec, answer: &Answer, ctx: &GradeCtx) -> Outcome {
        grade::grade(spec, answer, ctx)
    }

    fn parse_answer_file(text: &str) -> Result<Answer, String> {
        parse_answer_text(text)
    }

    fn place_label(spec: &Spec, at: &Place) -> Option<String> {
        match at {
            Place::Part(name) => spec.part(name).map(|p| msg::place_part(&p.title)),
            Place::Probe(name) => {
                spec.probes.iter().find(|p| p.id.get_ref() == name).map(|p| msg::place_probe(&p.title))
            }
            Place::Table(name) => Some(msg::place_table(name)),
            Place::Column(name) => Some(msg::place_column(name)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
