//! A place in an answer that a finding is about: a grid cell, an option, a part of an
//! SQL answer, … Kinds build places when they grade, editors look them up to mark what
//! they draw, and `check` and the result tab name them ([`crate::kinds::Spec::place_label`]).
//!
//! In verdict JSON (stored attempts, `check --json`) a place is the short string it has
//! always been — `cell:ROW/COL`, `option:ID`, `item:ID`, `part:ID`, `value`, … — so
//! progress files written before places were typed read back as they were: any string
//! reads as some place, and writes back unchanged ([`Place::parse`]).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A place in an answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    /// A table cell: a grid's `ROW/COL`, a sales-map row's figure (`SEGMENT/FIELD`).
    /// `cell:ROW/COL`.
    Cell { row: String, column: String },
    /// A row of a table as a whole (a sales-map segment). `row:ID`.
    Row(String),
    /// An option of a choice. `option:ID`.
    Option(String),
    /// An item of an order. `item:ID`.
    Item(String),
    /// A part of an SQL answer. `part:ID`.
    Part(String),
    /// A table the learner's SQL must leave behind. `table:NAME`.
    Table(String),
    /// A column of such a table, `TABLE.COLUMN`. `column:TABLE.COLUMN`.
    Column(String),
    /// A probe query run on the learner's schema. `probe:ID`.
    Probe(String),
    /// A customer group an RFM model must produce. `group:NAME`.
    Group(String),
    /// A named field of a form (`form`). `field:ID`.
    Field(String),
    /// A check of an RFM model, counted from 1. `check:N`.
    Check(usize),
    /// The SQL text as a whole. `sql`.
    Sql,
    /// The number typed (numeric). `value`.
    Value,
    /// The model as a whole (RFM). `model`.
    Model,
    /// The fallback segment (RFM). `fallback`.
    Fallback,
    /// The query that draws the sales map (RFM). `query`.
    Query,
    /// A part of a scenario answer and a field in it (`step:ID/channel`, `brief/goal`,
    /// `limits/cap`; empty: the part as a whole). `scenario:PART[/FIELD]`.
    Scenario { part: String, field: String },
    /// A place this version does not know (written by a later one, or a grid cell name
    /// without «/»), kept as written.
    Other(String),
}

impl Place {
    pub fn cell(row: impl Into<String>, column: impl Into<String>) -> Place {
        Place::Cell { row: row.into(), column: column.into() }
    }

    /// A grid cell from an answer's cell key `ROW/COL`; a key without «/» (a hand-written
    /// answer file may hold anything) stays the text it was.
    pub fn cell_key(key: &str) -> Place {
        match key.split_once('/') {
            Some((row, column)) => Place::cell(row, column),
            None => Place::Other(format!("cell:{key}")),
        }
    }

    /// Reads a place from its string form. Every string is some place, and writing it
    /// back gives the same string.
    pub fn parse(text: &str) -> Place {
        let other = || Place::Other(text.to_owned());
        let Some((kind, rest)) = text.split_once(':') else {
            return match text {
                "sql" => Place::Sql,
                "value" => Place::Value,
                "model" => Place::Model,
                "fallback" => Place::Fallback,
                "query" => Place::Query,
                _ => other(),
            };
        };
        let rest = rest.to_owned();
        match kind {
            "cell" => match rest.split_once('/') {
                Some((row, column)) => Place::cell(row, column),
                None => other(),
            },
            "row" => Place::Row(rest),
            "option" => Place::Option(rest),
            "item" => Place::Item(rest),
            "part" => Place::Part(rest),
            "table" => Place::Table(rest),
            "column" => Place::Column(rest),
            "probe" => Place::Probe(rest),
            "group" => Place::Group(rest),
            "scenario" => match rest.split_once('/') {
                None if !rest.is_empty() => Place::Scenario { part: rest, field: String::new() },
                Some((part, field)) if !part.is_empty() && !field.is_empty() => {
                    Place::Scenario { part: part.to_owned(), field: field.to_owned() }
                }
                _ => other(),
            },
            "field" => Place::Field(rest),
            // Only the number as this version writes it, so that it reads back the same.
            "check" => match rest.parse::<usize>() {
                Ok(n) if n.to_string() == rest => Place::Check(n),
                _ => other(),
            },
            _ => other(),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Cell { row, column } => write!(f, "cell:{row}/{column}"),
            Place::Row(id) => write!(f, "row:{id}"),
            Place::Option(id) => write!(f, "option:{id}"),
            Place::Item(id) => write!(f, "item:{id}"),
            Place::Part(id) => write!(f, "part:{id}"),
            Place::Table(name) => write!(f, "table:{name}"),
            Place::Column(name) => write!(f, "column:{name}"),
            Place::Probe(id) => write!(f, "probe:{id}"),
            Place::Group(name) => write!(f, "group:{name}"),
            Place::Field(id) => write!(f, "field:{id}"),
            Place::Check(n) => write!(f, "check:{n}"),
            Place::Scenario { part, field } if field.is_empty() => write!(f, "scenario:{part}"),
            Place::Scenario { part, field } => write!(f, "scenario:{part}/{field}"),
            Place::Sql => f.write_str("sql"),
            Place::Value => f.write_str("value"),
            Place::Model => f.write_str("model"),
            Place::Fallback => f.write_str("fallback"),
            Place::Query => f.write_str("query"),
            Place::Other(text) => f.write_str(text),
        }
    }
}

impl Serialize for Place {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Place {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Place, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Ok(Place::parse(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::{Finding, Severity, Verdict};

    #[test]
    fn the_string_form_is_the_one_verdicts_have_always_stored() {
        let cases = [
            (Place::cell("r1", "c2"), "cell:r1/c2"),
            (Place::cell("Спящие", "customers"), "cell:Спящие/customers"),
            (Place::Row("Новые".into()), "row:Новые"),
            (Place::Option("a".into()), "option:a"),
            (Place::Item("goals".into()), "item:goals"),
            (Place::Part("top".into()), "part:top"),
            (Place::Table("t".into()), "table:t"),
            (Place::Column("t.x".into()), "column:t.x"),
            (Place::Probe("p1".into()), "probe:p1"),
            (Place::Group("«Спящие»".into()), "group:«Спящие»"),
            (Place::Field("age".into()), "field:age"),
            (Place::Check(3), "check:3"),
            (Place::Scenario { part: "cart".into(), field: String::new() }, "scenario:cart"),
            (
                Place::Scenario { part: "cart".into(), field: "step:mail/channel".into() },
                "scenario:cart/step:mail/channel",
            ),
            (Place::Sql, "sql"),
            (Place::Value, "value"),
            (Place::Model, "model"),
            (Place::Fallback, "fallback"),
            (Place::Query, "query"),
        ];
        for (place, text) in cases {
            assert_eq!(place.to_string(), text);
            assert_eq!(Place::parse(text), place, "{text}");
        }
    }

    #[test]
    fn any_string_reads_as_a_place_and_writes_back_unchanged() {
        for text in [
            "",
            ":",
            "cell:",
            "cell:nonsense",
            "cell:a/b/c",
            "check:01",
            "check:x",
            "check:",
            "later:thing",
            "valu",
            "part:",
            "scenario:",
            "scenario:a/",
            "scenario:/b",
        ] {
            assert_eq!(Place::parse(text).to_string(), text, "{text:?}");
        }
        assert_eq!(Place::parse("cell:nonsense"), Place::Other("cell:nonsense".into()));
        assert_eq!(Place::cell_key("nonsense").to_string(), "cell:nonsense");
        assert_eq!(Place::cell_key("r1/c1"), Place::cell("r1", "c1"));
    }

    /// A verdict as a version before typed places stored it in a progress file.
    #[test]
    fn a_stored_verdict_reads_back_and_writes_the_same_json() {
        let stored = r#"{"earned":1.5,"possible":3.0,"status":"partial","findings":[{"at":"cell:r1/c1","severity":"correct","message":"верно"},{"at":"part:top","severity":"wrong","message":"нет"},{"at":"something:new","severity":"note","message":"?"},{"at":null,"severity":"note","message":"в целом"}]}"#;
        let verdict: Verdict = serde_json::from_str(stored).expect("old verdict");
        assert_eq!(verdict.findings[0].at, Some(Place::cell("r1", "c1")));
        assert_eq!(verdict.findings[1].at, Some(Place::Part("top".into())));
        assert_eq!(verdict.findings[1].severity, Severity::Wrong);
        assert_eq!(verdict.findings[2].at, Some(Place::Other("something:new".into())));
        assert_eq!(verdict.findings[3], Finding::note("в целом"));
        assert_eq!(serde_json::to_string(&verdict).expect("json"), stored);
    }
}
