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
