//! Loading datasets (CSV with a header row, JSONL with one object a line) into SQLite
//! tables, and caching the loaded database as bytes so that each sandbox starts from a
//! copy instead of parsing the files again.
//!
//! A file becomes a table named after the file without its extension
//! (`orders.csv` → `orders`). Each column gets the type all its non-empty values fit:
//! `INTEGER` (whole numbers without leading zeros), `REAL` (numbers with a decimal
//! point), else `TEXT`. An empty CSV cell and a JSON `null` load as NULL. Key-like
//! columns (`id`, `…_id`) are indexed: see [`load_into`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;

use super::sandbox::quote_ident;
use crate::base::hash::stable_hash;
use crate::strings::sql as msg;

/// A column's type as loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Integer,
    Real,
    Text,
}

impl ColumnType {
    fn sql(self) -> &'static str {
        match self {
            ColumnType::Integer => "INTEGER",
            ColumnType::Real => "REAL",
            ColumnType::Text => "TEXT",
        }
    }
}

/// A dataset file read into memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<(String, ColumnType)>,
    pub rows: Vec<Vec<SqlValue>>,
}

/// Why a dataset could not be loaded: which file, and what is wrong, in Russian.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct LoadError {
    pub file: String,
    pub message: String,
}

/// The table a dataset file becomes: its name without the extension, if that is a
/// plain SQL identifier and not one SQLite keeps for itself (`sqlite_…`).
pub fn table_name(file: &str) -> Option<&str> {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let ok = stem.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !stem.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("sqlite_"));
    ok.then_some(stem)
}

/// Reads a `.csv` or `.jsonl` file.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Table, LoadError> {
    let err = |message: String| LoadError { file: file.to_owned(), message };
    let name = table_name(file).ok_or_else(|| err(msg::dataset_bad_name()))?.to_owned();
    let (header, cells) = if file.ends_with(".csv") {
        read_csv(bytes).map_err(err)?
    } else if file.ends_with(".jsonl") {
        read_jsonl(bytes).map_err(err)?
    } else {
        return Err(err(msg::dataset_bad_extension()));
    };
    typed_table(name, header, cells).map_err(err)
}

/// The table of `header` and `cells`: each column gets the type all its cells fit.
fn typed_table(name: String, header: Vec<String>, cells: Vec<Vec<Cell>>) -> Result<Table, String> {
    let mut seen = std::collections::BTreeSet::new();
    for h in &header {
        if h.trim().is_empty() || !seen.insert(h.to_lowercase()) {
            return Err(msg::dataset_bad_header(h));
        }
    }
    let types: Vec<ColumnType> = (0..header.len()).map(|c| infer(cells.iter().filter_map(|r| r.get(c)))).collect();
    let rows =
        cells.into_iter().map(|r| r.into_iter().zip(&types).map(|(cell, t)| typed(cell, *t)).collect()).collect();
    Ok(Table { name, columns: header.into_iter().zip(types).collect(), rows })
}

/// A value handed to the loader straight from memory (the generator's own data) instead
/// of a file's text: it loads exactly as the value written into a CSV file and read back
/// would — the same column type, the same stored value.
#[derive(Debug, Clone, PartialEq)]
pub enum Datum {
    /// An empty cell.
    Null,
    /// A whole number, written as its digits.
    Int(i64),
    /// Kopecks, written as rubles with two decimals (`1790.00`, `-0.50`).
    Kopecks(i64),
    /// Text as written; empty text is an empty cell, as in a CSV file.
    Text(String),
}

/// The table named `name` with these columns and rows of [`Datum`]s: what [`parse`] makes
/// of the CSV file holding the same values (its header, then one line a row).
pub fn table_of(name: &str, columns: &[&str], rows: Vec<Vec<Datum>>) -> Result<Table, LoadError> {
    let err = |message: String| LoadError { file: name.to_owned(), message };
    if let Some((k, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != columns.len()) {
        return Err(err(msg::dataset_row_width(k + 1, r.len(), columns.len())));
    }
    let cells = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|d| match d {
                    Datum::Null => Cell::Null,
                    Datum::Text(s) if s.is_empty() => Cell::Null,
                    Datum::Text(s) => Cell::Text(s),
                    Datum::Int(i) => Cell::Int(i),
                    Datum::Kopecks(k) => Cell::Kopecks(k),
                })
                .collect()
        })
        .collect();
    typed_table(name.to_owned(), columns.iter().map(|c| (*c).to_owned()).collect(), cells).map_err(err)
}

/// A cell before its column's type is known.
enum Cell {
    Null,
    Text(String),
    /// A JSON number, kept as written.
    Number(String),
    /// A whole number given as one ([`Datum::Int`]).
    Int(i64),
    /// Kopecks given as a number ([`Datum::Kopecks`]).
    Kopecks(i64),
}

impl Cell {
    /// The cell's text as a file would hold it (for the rare typing that needs it).
    fn into_text(self) -> Option<String> {
        match self {
            Cell::Null => None,
            Cell::Text(s) | Cell::Number(s) => Some(s),
            Cell::Int(i) => Some(i.to_string()),
            Cell::Kopecks(k) => {
                let mut s = String::new();
                crate::data::decimal::push_money(&mut s, k);
                Some(s)
            }
        }
    }
}

fn read_csv(bytes: &[u8]) -> Result<(Vec<String>, Vec<Vec<Cell>>), String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| msg::dataset_csv_error(&e.to_string()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    if header.is_empty() {
        return Err(msg::dataset_empty());
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| msg::dataset_csv_error(&e.to_string()))?;
        rows.push(record.iter().map(|c| if c.is_empty() { Cell::Null } else { Cell::Text(c.to_owned()) }).collect());
    }
    Ok((header, rows))
}

/// A JSON object with its keys in the order the line gives them (serde_json's own map
/// sorts them).
struct OrderedObject(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for OrderedObject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = OrderedObject;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<OrderedObject, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, serde_json::Value>()? {
                    entries.push(entry);
                }
                Ok(OrderedObject(entries))
            }
        }
        d.deserialize_map(Entries)
    }
}

fn read_jsonl(bytes: &[u8]) -> Result<(Vec<String>, Vec<Vec<Cell>>), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| msg::dataset_not_utf8())?;
    let mut header: Vec<String> = Vec::new();
    let mut objects = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if !line.trim_start().starts_with('{') {
            return Err(msg::dataset_json_not_object(n + 1));
        }
        let OrderedObject(entries) =
            serde_json::from_str(line).map_err(|e| msg::dataset_json_error(n + 1, &e.to_string()))?;
        let mut map = BTreeMap::new();
        for (key, value) in entries {
            if !header.contains(&key) {
                header.push(key.clone());
            }
            map.insert(key, value);
        }
        objects.push(map);
    }
    if header.is_empty() {
        return Err(msg::dataset_empty());
    }
    let rows = objects
        .into_iter()
        .map(|mut map| {
            header
                .iter()
                .map(|k| match map.remove(k) {
                    None | Some(serde_json::Value::Null) => Cell::Null,
                    Some(serde_json::Value::String(s)) => Cell::Text(s),
                    Some(serde_json::Value::Number(n)) => Cell::Number(n.to_string()),
                    Some(serde_json::Value::Bool(b)) => Cell::Number(if b { "1" } else { "0" }.into()),
                    Some(other) => Cell::Text(other.to_string()),
                })
                .collect()
        })
        .collect();
    Ok((header, rows))
}

fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && s.parse::<i64>().is_ok()
}

fn is_real(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    match body.split_once('.') {
        Some((int, frac)) => {
            !int.is_empty()
                && !frac.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
        }
        None => is_integer(s),
    }
}

fn infer<'a>(cells: impl Iterator<Item = &'a Cell>) -> ColumnType {
    let mut t = ColumnType::Integer;
    let mut any = false;
    for cell in cells {
        let s = match cell {
            Cell::Null => continue,
            Cell::Text(s) | Cell::Number(s) => s.as_str(),
            // The digits of a whole number: an integer as written.
            Cell::Int(_) => {
                any = true;
                continue;
            }
            // `1790.00`: a number with a decimal point, never an integer.
            Cell::Kopecks(_) => {
                any = true;
                if t == ColumnType::Integer {
                    t = ColumnType::Real;
                }
                continue;
            }
        };
        any = true;
        if t == ColumnType::Integer && !is_integer(s) {
            t = ColumnType::Real;
        }
        if t == ColumnType::Real && !is_real(s) {
            return ColumnType::Text;
        }
    }
    if any { t } else { ColumnType::Text }
}

/// Kopecks below this are whole numbers an `f64` holds exactly, so that dividing by 100
/// rounds as parsing the written rubles does.
const EXACT_KOPECKS: u64 = 1 << 53;

fn typed(cell: Cell, t: ColumnType) -> SqlValue {
    match cell {
        Cell::Null => SqlValue::Null,
        // As the written digits parse: both round the same number to the nearest.
        Cell::Int(i) if t == ColumnType::Integer => SqlValue::Integer(i),
        Cell::Int(i) if t == ColumnType::Real => SqlValue::Real(i as f64),
        Cell::Kopecks(k) if t == ColumnType::Real && k.unsigned_abs() < EXACT_KOPECKS => {
            SqlValue::Real(k as f64 / 100.0)
        }
        cell @ (Cell::Int(_) | Cell::Kopecks(_)) => match cell.into_text() {
            Some(s) => typed(Cell::Text(s), t),
            None => SqlValue::Null,
        },
        Cell::Text(s) | Cell::Number(s) => match t {
            ColumnType::Integer => s.parse().map(SqlValue::Integer).unwrap_or(SqlValue::Text(s)),
            ColumnType::Real => s.parse().map(SqlValue::Real).unwrap_or(SqlValue::Text(s)),
            ColumnType::Text => SqlValue::Text(s),
        },
    }
}

/// A key-like column name: `id` or `…_id`.
fn is_key_name(name: &str) -> bool {
    let n = name.to_lowercase();
    n == "id" || n.ends_with("_id")
}

/// Whether the first column can be the table's `INTEGER PRIMARY KEY`: key-like name,
/// whole numbers, none missing, none repeated.
fn first_column_is_key(t: &Table) -> bool {
    let Some((name, ColumnType::Integer)) = t.columns.first() else { return false };
    if !is_key_name(name) {
        return false;
    }
    let mut seen = std::collections::HashSet::with_capacity(t.rows.len());
    t.rows.iter().all(|r| matches!(r.first(), Some(SqlValue::Integer(i)) if seen.insert(*i)))
}

/// Creates and fills the tables in `conn`. So that learners' joins run fast, a
/// key-like first column with unique whole numbers becomes the `INTEGER PRIMARY KEY`,
/// and every other key-like column (`customer_id`, `visitor_id`, …) gets an index.
pub fn load_into(conn: &Connection, tables: &[Table]) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN")?;
    for t in tables {
        let key = first_column_is_key(t);
        let cols: Vec<String> = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, (n, ty))| {
                let pk = if i == 0 && key { " PRIMARY KEY" } else { "" };
                format!("{} {}{pk}", quote_ident(n), ty.sql())
            })
            .collect();
        conn.execute_batch(&format!("CREATE TABLE {} ({});", quote_ident(&t.name), cols.join(", ")))?;
        let marks = vec!["?"; t.columns.len()].join(", ");
        let mut insert = conn.prepare(&format!("INSERT INTO {} VALUES ({marks})", quote_ident(&t.name)))?;
        for row in &t.rows {
            insert.execute(rusqlite::params_from_iter(row.iter()))?;
        }
        for (i, (name, _)) in t.columns.iter().enumerate() {
            if is_key_name(name) && !(i == 0 && key) {
                let index = quote_ident(&format!("{}_{}", t.name, name));
                conn.execute_batch(&format!(
                    "CREATE INDEX {index} ON {} ({});",
                    quote_ident(&t.name),
                    quote_ident(name)
                ))?;
            }
        }
    }
    conn.execute_batch("ANALYZE; COMMIT")
}

/// Loaded databases by a hash of their files' names and contents.
static CACHE: Mutex<BTreeMap<u64, Arc<Vec<u8>>>> = Mutex::new(BTreeMap::new());
/// Enough for every exercise of a course and a few learners' variants.
const CACHE_ENTRIES: usize = 16;
/// Goes up when loading changes what a database holds for the same files, so that
/// databases cached on disk by an older build are not used.
const LOADER_REVISION: &[u8] = concat!(env!("CARGO_PKG_VERSION"), "/loader-1").as_bytes();

/// The serialized database holding `files` (name and bytes each). `shared` data (the
/// course's datasets, the same for every learner) is built once per process for the same
/// names and contents, and kept on disk between runs (see [`disk_cache_dir`]) so that the
/// next `check` or SQL run starts from a copy. A learner's own variant is only built:
/// the caller keeps it while it is needed, and a grader's import of a whole group does
/// not leave a database per learner on disk.
pub fn base_database(files: &[(String, Vec<u8>)], shared: bool) -> Result<Arc<Vec<u8>>, LoadError> {
    if !shared {
        return build(files).map(Arc::new);
    }
    let key = cache_key(files);
    if let Some(hit) = CACHE.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(hit);
    }
    let bytes = Arc::new(load_or_build(files, key, disk_cache_dir().as_deref())?);
    if let Ok(mut cache) = CACHE.lock() {
        // Full: make room by dropping one entry (any; a miss only costs a reload).
        if cache.len() >= CACHE_ENTRIES
            && let Some(&oldest) = cache.keys().next()
        {
            cache.remove(&oldest);
        }
        cache.insert(key, Arc::clone(&bytes));
    }
    Ok(bytes)
}

fn cache_key(files: &[(String, Vec<u8>)]) -> u64 {
    let mut parts: Vec<&[u8]> = vec![LOADER_REVISION, b"\x1e"];
    for (name, bytes) in files {
        parts.extend([name.as_bytes(), b"\x1f", bytes.as_slice(), b"\x1e"]);
    }
    stable_hash(&parts)
}

/// The database from the disk cache in `dir` when a whole, unaltered copy is there; else
/// built from the files and written there for next time. The cache is only ever a
/// shortcut: a missing, unreadable or damaged copy is built again.
fn load_or_build(files: &[(String, Vec<u8>)], key: u64, dir: Option<&Path>) -> Result<Vec<u8>, LoadError> {
    let path = dir.map(|d| d.join(format!("{key:016x}.sqlite")));
    if let Some(bytes) = path.as_deref().and_then(read_cached) {
        return Ok(bytes);
    }
    let bytes = build(files)?;
    if let Some(path) = &path {
        write_cached(path, &bytes);
    }
    Ok(bytes)
}

/// The serialized database holding `files`, built from them.
fn build(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, LoadError> {
    let tables = files.iter().map(|(name, bytes)| parse(name, bytes)).collect::<Result<Vec<_>, _>>()?;
    database_of(&tables)
}

/// The serialized database holding `tables` (in this order), loaded as [`load_into`]
/// loads them: what [`base_database`] builds from the files the tables were read from.
pub fn database_of(tables: &[Table]) -> Result<Vec<u8>, LoadError> {
    // SQLite failing here (out of memory, say) is no fault of a file: the tables' names
    // and what happened, in Russian.
    let internal = |e: rusqlite::Error| LoadError {
        file: tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "),
        message: match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::OutOfMemory) => msg::dataset_out_of_memory(),
            _ => msg::dataset_load_failed(&e.to_string()),
        },
    };
    let conn = super::open_in_memory().map_err(internal)?;
    load_into(&conn, tables).map_err(internal)?;
    Ok(conn.serialize(rusqlite::MAIN_DB).map_err(internal)?.to_vec())
}

/// Where databases built from datasets are kept between runs: `CRM_WORKBOOK_CACHE` when
/// set (`off` keeps none), else the platform's cache folder for crm-workbook
/// (`~/.cache/crm-workbook/datasets` on Linux).
pub fn disk_cache_dir() -> Option<PathBuf> {
    match std::env::var_os("CRM_WORKBOOK_CACHE") {
        Some(v) if v == "off" => None,
        Some(v) => Some(PathBuf::from(v)),
        None => directories::ProjectDirs::from("", "", "crm-workbook").map(|d| d.cache_dir().join("datasets")),
    }
}

/// A cached copy is the database's bytes followed by their hash (8 bytes, little-endian).
fn read_cached(path: &Path) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(path).ok()?;
    let split = bytes.len().checked_sub(8)?;
    let stored = u64::from_le_bytes(bytes[split..].try_into().ok()?);
    bytes.truncate(split);
    (stable_hash(&[&bytes]) == stored && bytes.starts_with(b"SQLite format 3\0")).then_some(bytes)
}

/// Writes a copy beside its place and renames it there, so that a reader never sees half
/// of one; any failure leaves the cache as it was.
fn write_cached(path: &Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let temp = path.with_extension(format!("{}.tmp", std::process::id()));
    let mut data = Vec::with_capacity(bytes.len() + 8);
    data.extend_from_slice(bytes);
    data.extend_from_slice(&stable_hash(&[bytes]).to_le_bytes());
    if std::fs::write(&temp, &data).is_err() || std::fs::rename(&temp, path).is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_columns_get_the_type_their_values_fit() {
        let csv = "id,price,phone,city,code\n1,12990.00,89123456789,Москва,007\n2,5.5,+7 (912) 345-67-89,,010\n";
        let t = parse("shop.csv", csv.as_bytes()).expect("parses");
        assert_eq!(t.name, "shop");
        let types: Vec<ColumnType> = t.columns.iter().map(|c| c.1).collect();
        use ColumnType::*;
        assert_eq!(types, [Integer, Real, Text, Text, Text]);
        assert_eq!(t.rows[1][3], SqlValue::Null);
        assert_eq!(t.rows[0][1], SqlValue::Real(12990.0));
    }

    /// Values given directly load as the same values written to a CSV file and read back:
    /// each column's type from all its values, each value converted as the text would be.
    #[test]
    fn data_given_directly_load_as_their_csv_text() {
        use Datum::*;
        let columns = ["id", "mixed", "money", "ints_and_money", "sparse", "empty", "big_money", "ints_as_text"];
        let rows = vec![
            vec![Int(1), Int(7), Kopecks(179_000), Int(5), Null, Null, Kopecks(i64::MAX), Int(42)],
            vec![
                Int(2),
                Text("семь".into()),
                Kopecks(-50),
                Kopecks(1_050),
                Int(-3),
                Text(String::new()),
                Kopecks(1),
                Text("a,b \"q\"".into()),
            ],
            vec![Int(3), Int(-8), Kopecks(0), Int(i64::MIN), Null, Null, Kopecks(-(1 << 60) - 1), Text("007".into())],
        ];
        let csv_text = {
            let mut out = columns.join(",");
            for row in &rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|d| match d {
                        Null => String::new(),
                        Int(i) => i.to_string(),
                        Kopecks(k) => {
                            let mut s = String::new();
                            crate::data::decimal::push_money(&mut s, *k);
                            s
                        }
                        Text(t) => crate::base::csv::field(t).into_owned(),
                    })
                    .collect();
                out.push('\n');
                out.push_str(&cells.join(","));
            }
            out + "\n"
        };
        let direct = table_of("t", &columns, rows).expect("loads");
        let read = parse("t.csv", csv_text.as_bytes()).expect("parses");
        assert_eq!(direct, read);
        let types: Vec<ColumnType> = direct.columns.iter().map(|c| c.1).collect();
        let (i, r, t) = (ColumnType::Integer, ColumnType::Real, ColumnType::Text);
        assert_eq!(types, [i, t, r, r, i, t, r, t]);
        assert_eq!(direct.rows[1][3], SqlValue::Real(10.5));
        assert_eq!(direct.rows[2][3], SqlValue::Real(i64::MIN as f64));
        assert_eq!(direct.rows[0][7], SqlValue::Text("42".into()));
        assert!(table_of("t", &["a", "b"], vec![vec![Int(1)]]).is_err(), "a short row");
        assert!(table_of("t", &["a", "A"], vec![]).is_err(), "a repeated column");
    }

    #[test]
    fn quoted_csv_fields_keep_their_commas_and_quotes() {
        let csv = "id,product\n1,\"ОптиВью Месячные, 3 линзы\"\n2,\"Чехол \"\"Nova\"\"\"\n";
        let t = parse("items.csv", csv.as_bytes()).expect("parses");
        assert_eq!(t.rows[0][1], SqlValue::Text("ОптиВью Месячные, 3 линзы".into()));
        assert_eq!(t.rows[1][1], SqlValue::Text("Чехол \"Nova\"".into()));
    }

    #[test]
    fn the_course_datasets_load_with_the_documented_types() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets");
        let read = |name: &str| std::fs::read(root.join(name)).expect("committed dataset");
        let orders = parse("orders.csv", &read("orders.csv")).expect("orders load");
        let types: Vec<(&str, ColumnType)> = orders.columns.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        use ColumnType::*;
        assert_eq!(
            types,
            [
                ("order_id", Integer),
                ("customer_id", Integer),
                ("order_date", Text),
                ("status", Text),
                ("channel", Text),
                ("amount", Real),
                ("return_of", Integer)
            ]
        );
        let events = parse("site_events.jsonl", &read("site_events.jsonl")).expect("events load");
        let names: Vec<&str> = events.columns.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["ts", "visitor_id", "email", "event", "url", "product_id"]);
        assert_eq!(events.columns[5].1, Integer);
        let customers = parse("customers.csv", &read("customers.csv")).expect("customers load");
        let phone = customers.columns.iter().find(|(n, _)| n == "phone").expect("phone");
        assert_eq!(phone.1, Text, "phones in three formats stay text");
    }

    #[test]
    fn jsonl_keys_become_columns() {
        let jsonl = "{\"ts\":\"2025-05-03T14:22:10\",\"email\":null,\"product_id\":17}\n\n{\"ts\":\"x\",\"email\":\"a@b.ru\",\"product_id\":null}\n";
        let t = parse("site_events.jsonl", jsonl.as_bytes()).expect("parses");
        assert_eq!(t.columns.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(), ["ts", "email", "product_id"]);
        assert_eq!(t.columns[2].1, ColumnType::Integer);
        assert_eq!(t.rows[1][1], SqlValue::Text("a@b.ru".into()));
    }

    #[test]
    fn sqlite_failing_to_load_tables_is_said_in_russian_with_their_names() {
        let t = || table_of("t", &["id"], vec![vec![Datum::Int(1)]]).expect("table");
        let e = database_of(&[t(), t()]).expect_err("a table twice");
        assert_eq!(e.file, "t, t");
        assert!(e.message.starts_with("данные не загрузились в базу SQLite: "), "{}", e.message);
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        for (name, bytes) in [
            ("a.csv", &b"x,y\n1\n"[..]),
            ("a.csv", b""),
            ("a.csv", b"x,x\n1,2\n"),
            ("a.jsonl", b"{\"a\":1}\n[1]\n"),
            ("a.jsonl", b"{oops\n"),
            ("a.jsonl", b"\xff\xfe"),
            ("a.txt", b"x\n"),
            ("1bad.csv", b"x\n1\n"),
        ] {
            assert!(parse(name, bytes).is_err(), "{name}: {bytes:?}");
        }
    }

    #[test]
    fn key_columns_become_the_primary_key_or_get_an_index() {
        let conn = crate::data::sql::open_in_memory().expect("db");
        let orders = parse("orders.csv", b"order_id,customer_id,note\n1,7,a\n2,7,b\n").expect("parses");
        let dup = parse("dups.csv", b"visit_id,x\n1,a\n1,b\n").expect("parses");
        load_into(&conn, &[orders, dup]).expect("loads");
        let pk: i64 = conn
            .query_row("SELECT pk FROM pragma_table_info('orders') WHERE name = 'order_id'", [], |r| r.get(0))
            .expect("pk");
        assert_eq!(pk, 1);
        let indexes: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("indexes");
        assert_eq!(indexes, ["dups_visit_id", "orders_customer_id"]);
        let dup_pk: i64 = conn
            .query_row("SELECT pk FROM pragma_table_info('dups') WHERE name = 'visit_id'", [], |r| r.get(0))
            .expect("pk");
        assert_eq!(dup_pk, 0, "repeated values: no primary key");
    }

    #[test]
    fn the_loaded_database_is_cached() {
        let files = vec![("t.csv".to_string(), b"a,b\n1,x\n2,y\n".to_vec())];
        let first = base_database(&files, true).expect("loads");
        let second = base_database(&files, true).expect("loads");
        assert!(Arc::ptr_eq(&first, &second));
    }

    #[test]
    fn a_learners_own_data_is_built_and_left_to_the_caller() {
        // Content no other test or run has: a copy on disk could only be this call's.
        let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let files = vec![("mine.csv".to_string(), format!("a,b\n1,{stamp}\n").into_bytes())];
        let first = base_database(&files, false).expect("loads");
        let second = base_database(&files, false).expect("loads");
        assert_eq!(first, second, "the same database");
        assert!(!Arc::ptr_eq(&first, &second), "not kept by the loader");
        if let Some(dir) = disk_cache_dir() {
            assert!(!dir.join(format!("{:016x}.sqlite", cache_key(&files))).exists(), "not written to disk");
        }
    }

    #[test]
    fn a_database_cached_on_disk_is_used_and_a_damaged_one_rebuilt() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = vec![("shop.csv".to_string(), b"id,city\n1,\xd0\x9c\n2,X\n".to_vec())];
        let key = cache_key(&files);
        let built = load_or_build(&files, key, Some(dir.path())).expect("builds");
        let cached = dir.path().join(format!("{key:016x}.sqlite"));
        assert_eq!(read_cached(&cached).as_deref(), Some(built.as_slice()), "written whole");

        // A copy that is there is taken as it is (marked here to tell it from a rebuild).
        let mut marked = built.clone();
        let last = marked.len() - 1;
        marked[last] ^= 1;
        write_cached(&cached, &marked);
        assert_eq!(load_or_build(&files, key, Some(dir.path())).expect("loads"), marked);

        // A damaged copy (cut short, or its bytes changed) is built again and replaced.
        let whole = std::fs::read(&cached).expect("read");
        std::fs::write(&cached, &whole[..whole.len() / 2]).expect("cut");
        assert_eq!(load_or_build(&files, key, Some(dir.path())).expect("rebuilds"), built);
        let mut flipped = std::fs::read(&cached).expect("read");
        flipped[100] ^= 0xff;
        std::fs::write(&cached, &flipped).expect("flip");
        assert_eq!(load_or_build(&files, key, Some(dir.path())).expect("rebuilds"), built);
        assert_eq!(read_cached(&cached).as_deref(), Some(built.as_slice()));

        // Other contents, another key.
        let other = vec![("shop.csv".to_string(), b"id,city\n1,Y\n".to_vec())];
        assert_ne!(cache_key(&other), key);
    }
}
