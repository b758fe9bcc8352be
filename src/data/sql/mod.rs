//! The SQL sandbox: datasets loaded into a private in-memory SQLite database where
//! untrusted SQL runs under an authorizer and limits, and results compared with a
//! reference; SQLite's English error messages are put in Russian, with close names as
//! hints (`explain`). Pure Rust, no terminal: the `sql` exercise kind grades with it,
//! and the SQL editor screen runs a learner's statements with it.
//!
//! ```
//! use crm_workbook::data::sql::{Limits, Sandbox};
//! let sandbox = Sandbox::new(Limits::default()).unwrap();
//! let table = sandbox.run_script("CREATE TABLE t (x);\nINSERT INTO t VALUES (1);\nSELECT x FROM t;", 100).unwrap();
//! assert_eq!((table.columns, table.rows), (vec!["x".to_string()], vec![vec!["1".to_string()]]));
//! let error = sandbox.run_script("SELECT 1;\nATTACH 'x.db' AS x;", 100).unwrap_err();
//! assert_eq!(error.line, 2);
//! ```

pub mod catalog;
pub mod compare;
pub mod error;
pub mod explain;
pub mod heap;
pub mod loader;
pub mod problem;
pub mod sandbox;
pub mod split;
pub mod value;

pub use compare::{Difference, Rules, compare};
pub use loader::{LoadError, base_database};
pub use sandbox::{ColumnInfo, Limits, ResultTable, Rows, Sandbox, SqlError, TableInfo, limit_heap, quote_ident};
pub use value::Value;

/// A connection to a new in-memory database. Every connection of the program is opened
/// here or by [`open_with_flags`], after SQLite's heap is capped ([`limit_heap`]): SQLite
/// takes its allocator only before it starts, and setting it while another thread starts
/// SQLite is not safe.
pub fn open_in_memory() -> rusqlite::Result<rusqlite::Connection> {
    limit_heap();
    rusqlite::Connection::open_in_memory()
}

/// A connection to the database file at `path` ([`open_in_memory`] says why here).
pub fn open_with_flags(path: &std::path::Path, flags: rusqlite::OpenFlags) -> rusqlite::Result<rusqlite::Connection> {
    limit_heap();
    rusqlite::Connection::open_with_flags(path, flags)
}
