//! Loading datasets (CSV with a header row, JSONL with one object a line) into SQLite
//! tables, and caching the loaded database as bytes so that each sandbox starts from a
//! copy instead of parsing the files again.
//!
//! A file becomes a table named after the file without its extension
//! (`orders.csv` → `orders`). Each column gets the type all its non-empty values fit:
//! `INTEGER` (whole numbers without leading zeros), `REAL` (numbers with a decimal
//! point), else `TEXT`. An empty CSV cell and a JSON `null` load as NULL.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;

use super::sandbox::quote_ident;
use crate::kinds::stable_hash;
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
/// plain SQL identifier.
pub fn table_name(file: &str) -> Option<&str> {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let ok = stem.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
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
    let mut seen = std::collections::BTreeSet::new();
    for h in &header {
        if h.trim().is_empty() || !seen.insert(h.to_lowercase()) {
            return Err(err(msg::dataset_bad_header(h)));
        }
    }
    let types: Vec<ColumnType> = (0..header.len()).map(|c| infer(cells.iter().map(|r| &r[c]))).collect();
    let rows =
        cells.into_iter().map(|r| r.into_iter().zip(&types).map(|(cell, t)| typed(cell, *t)).collect()).collect();
    Ok(Table { name, columns: header.into_iter().zip(types).collect(), rows })
}

/// A cell before its column's type is known.
enum Cell {
    Null,
    Text(String),
    /// A JSON number, kept as written.
    Number(String),
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

fn typed(cell: Cell, t: ColumnType) -> SqlValue {
    match cell {
        Cell::Null => SqlValue::Null,
        Cell::Text(s) | Cell::Number(s) => match t {
            ColumnType::Integer => s.parse().map(SqlValue::Integer).unwrap_or(SqlValue::Text(s)),
            ColumnType::Real => s.parse().map(SqlValue::Real).unwrap_or(SqlValue::Text(s)),
            ColumnType::Text => SqlValue::Text(s),
        },
    }
}

/// Creates and fills the tables in `conn`.
pub fn load_into(conn: &Connection, tables: &[Table]) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN")?;
    for t in tables {
        let cols: Vec<String> = t.columns.iter().map(|(n, ty)| format!("{} {}", quote_ident(n), ty.sql())).collect();
        conn.execute_batch(&format!("CREATE TABLE {} ({});", quote_ident(&t.name), cols.join(", ")))?;
        let marks = vec!["?"; t.columns.len()].join(", ");
        let mut insert = conn.prepare(&format!("INSERT INTO {} VALUES ({marks})", quote_ident(&t.name)))?;
        for row in &t.rows {
            insert.execute(rusqlite::params_from_iter(row.iter()))?;
        }
    }
    conn.execute_batch("COMMIT")
}

/// Loaded databases by a hash of their files' names and contents.
static CACHE: Mutex<BTreeMap<u64, Arc<Vec<u8>>>> = Mutex::new(BTreeMap::new());
/// Enough for every exercise of a course and a few learners' variants.
const CACHE_ENTRIES: usize = 16;

/// The serialized database holding `files` (name and bytes each), built once per
/// process for the same names and contents.
pub fn base_database(files: &[(String, Vec<u8>)]) -> Result<Arc<Vec<u8>>, LoadError> {
    let mut parts: Vec<&[u8]> = Vec::new();
    for (name, bytes) in files {
        parts.extend([name.as_bytes(), b"\x1f", bytes.as_slice(), b"\x1e"]);
    }
    let key = stable_hash(&parts);
    if let Some(hit) = CACHE.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(hit);
    }
    let tables = files.iter().map(|(name, bytes)| parse(name, bytes)).collect::<Result<Vec<_>, _>>()?;
    let internal = |e: rusqlite::Error| LoadError { file: String::new(), message: e.to_string() };
    let conn = Connection::open_in_memory().map_err(internal)?;
    load_into(&conn, &tables).map_err(internal)?;
    let bytes = Arc::new(conn.serialize(rusqlite::MAIN_DB).map_err(internal)?.to_vec());
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

    #[test]
    fn jsonl_keys_become_columns() {
        let jsonl = "{\"ts\":\"2025-05-03T14:22:10\",\"email\":null,\"product_id\":17}\n\n{\"ts\":\"x\",\"email\":\"a@b.ru\",\"product_id\":null}\n";
        let t = parse("site_events.jsonl", jsonl.as_bytes()).expect("parses");
        assert_eq!(t.columns.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(), ["ts", "email", "product_id"]);
        assert_eq!(t.columns[2].1, ColumnType::Integer);
        assert_eq!(t.rows[1][1], SqlValue::Text("a@b.ru".into()));
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
    fn the_loaded_database_is_cached() {
        let files = vec![("t.csv".to_string(), b"a,b\n1,x\n2,y\n".to_vec())];
        let first = base_database(&files).expect("loads");
        let second = base_database(&files).expect("loads");
        assert!(Arc::ptr_eq(&first, &second));
    }
}
