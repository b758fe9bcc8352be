//! Values of a result row, as grading compares them and a screen shows them.

use rusqlite::types::ValueRef;

/// One cell of a result.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    pub fn from_ref(v: ValueRef<'_>) -> Value {
        match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(r) => Value::Real(r),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }

    /// The value as a number, for comparisons within a tolerance.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Integer(i) => Some(*i as f64),
            Value::Real(r) => Some(*r),
            _ => None,
        }
    }

    /// How a cell is shown: `NULL`, numbers as SQLite prints them, text as is, a blob
    /// as `x'…'` (its first bytes).
    pub fn display(&self) -> String {
        match self {
            Value::Null => "NULL".into(),
            Value::Integer(i) => i.to_string(),
            Value::Real(r) => display_real(*r),
            Value::Text(t) => t.clone(),
            Value::Blob(b) => {
                let hex: String = b.iter().take(16).map(|x| format!("{x:02X}")).collect();
                if b.len() > 16 { format!("x'{hex}…'") } else { format!("x'{hex}'") }
            }
        }
    }

    /// Like [`display`](Self::display), but text in quotes: for examples of rows in
    /// findings, where «Москва» and «NULL» must not look alike.
    pub fn literal(&self) -> String {
        match self {
            Value::Text(t) => {
                let short: String = t.chars().take(40).collect();
                let ellipsis = if t.chars().count() > 40 { "…" } else { "" };
                format!("'{short}{ellipsis}'")
            }
            other => other.display(),
        }
    }
}

/// A real number as SQLite's shell shows it: `12990.0`, `0.5`, `1.0e+20`.
fn display_real(r: f64) -> String {
    if r.is_finite() && r.fract() == 0.0 && r.abs() < 1e15 { format!("{r:.1}") } else { format!("{r}") }
}

/// A row as `(12, 'Москва', NULL)`.
pub fn row_literal(row: &[Value]) -> String {
    let cells: Vec<String> = row.iter().map(Value::literal).collect();
    format!("({})", cells.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_literal() {
        assert_eq!(Value::Real(12990.0).display(), "12990.0");
        assert_eq!(Value::Real(0.25).display(), "0.25");
        assert_eq!(Value::Null.display(), "NULL");
        assert_eq!(row_literal(&[Value::Integer(1), Value::Text("Мск".into()), Value::Null]), "(1, 'Мск', NULL)");
        assert_eq!(Value::Blob(vec![1, 255]).display(), "x'01FF'");
    }
}
