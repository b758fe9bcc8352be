//! What a sandbox holds and allows, as plain data: its tables and columns, and the
//! functions it never runs. The sandbox fills it in; the error reader (`explain`) looks
//! names up in it.

/// Functions that touch files or the process and are never allowed.
pub const DENIED_FUNCTIONS: &[&str] = &["load_extension", "fts3_tokenizer", "readfile", "writefile", "edit"];

/// A column of a table, for a schema browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    pub name: String,
    /// The declared type as written (`INTEGER`, `VARCHAR(100)`, empty if none).
    pub decl_type: String,
    pub not_null: bool,
    /// Position in the primary key (1-based), 0 if not part of it.
    pub primary_key: u32,
}

/// A table or view of the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub name: String,
    pub is_view: bool,
    /// Created with `CREATE TEMP …` (lives in the `temp` schema).
    pub is_temp: bool,
    pub columns: Vec<ColumnInfo>,
}
