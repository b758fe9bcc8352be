//! The sql kind's small vocabulary — what the learner writes, column types, constraints —
//! apart from the spec, so that the Russian words for them (`strings::sql`) stand on a leaf.

use serde::{Deserialize, Serialize};

/// What the learner writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Schema,
    Query,
    Script,
}

/// A type a required column must be compatible with, by SQLite's type affinity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// INTEGER affinity (`INTEGER`, `INT`, `BIGINT`), or `BOOLEAN`.
    Integer,
    /// TEXT affinity (`TEXT`, `VARCHAR(100)`, `CHAR(12)`).
    Text,
    /// REAL or NUMERIC affinity (`REAL`, `DOUBLE`, `DECIMAL(10,2)`, `NUMERIC`).
    Real,
    /// Any number: INTEGER, REAL or NUMERIC affinity.
    Numeric,
    /// A date or date-time: TEXT or NUMERIC affinity (`DATE`, `DATETIME`, `TEXT`).
    Date,
    /// Any declared type.
    Any,
}

/// A constraint an insert is expected to violate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    Unique,
    NotNull,
    Check,
    ForeignKey,
    PrimaryKey,
}
