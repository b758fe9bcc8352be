//! Free-text answers: the `table` and `form` kinds and what they share — typed fields
//! (text with a rubric, a link, a choice, a number, a date), how one value is checked,
//! and how answer files with texts are read.
//!
//! One value's credit (documented for instructors in docs/authoring.md): an empty
//! required value earns nothing; a value that is malformed (a bad link, a number out of
//! range, an unknown option, a text outside its word limits) earns nothing; a text
//! within its limits earns the rubric's share (all of it without a rubric); anything
//! else well-formed earns all of it. Each value is worth its field's `weight`.

pub mod form;
mod persona;
pub mod table;
pub mod types;
pub mod url;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::numeric::parse_number;
use super::{Place, Validator};
use crate::rubric::{self, Concept, Rubric, Stemmed};
use crate::strings::freetext as msg;

/// The word limit of a text field that gives none: no answer of these exercises needs
/// more, and a pasted book is refused with a clear finding.
pub const DEFAULT_MAX_WORDS: usize = 400;

/// Values past this many characters are refused before they are read (numbers, dates,
/// choices): nothing typed into such a field is ever that long.
const MAX_SHORT_VALUE_CHARS: usize = 200;

fn one() -> f64 {
    1.0
}

pub use types::{ChoiceOption, FieldType, RuleKind};

/// A typed value: a column of a table or a field of a form.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: Spanned<String>,
    pub title: String,
    /// One line under the title in the editor: what to write.
    #[serde(default)]
    pub help: String,
    #[serde(default, rename = "type")]
    pub ty: FieldType,
    /// May stay empty.
    #[serde(default)]
    pub optional: bool,
    /// What the value is worth, in the kind's units.
    #[serde(default = "one")]
    pub weight: f64,
    // text
    #[serde(default)]
    pub min_words: Option<usize>,
    #[serde(default)]
    pub max_words: Option<usize>,
    /// The rubric of every value of the field (a table's cells add their own).
    #[serde(default)]
    pub concepts: Vec<Concept>,
    #[serde(default)]
    pub need: Option<f64>,
    #[serde(default)]
    pub forbidden: Vec<Concept>,
    // url
    /// The link must lead to a page, not to a site's home page.
    #[serde(default)]
    pub full_link: bool,
    // choice
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    // number
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
}

/// A rubric for one table cell, on top of its column's.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellRubric {
    pub row: Spanned<String>,
    pub column: Spanned<String>,
    #[serde(default)]
    pub concepts: Vec<Concept>,
    #[serde(default)]
    pub need: Option<f64>,
    #[serde(default)]
    pub forbidden: Vec<Concept>,
}

impl Field {
    pub fn max_words(&self) -> usize {
        self.max_words.unwrap_or(DEFAULT_MAX_WORDS)
    }

    /// The field's rubric, with a cell's own concepts added.
    pub fn rubric<'a>(&'a self, cell: Option<&'a CellRubric>) -> Rubric<'a> {
        let mut r = Rubric {
            concepts: self.concepts.iter().collect(),
            need: self.need,
            forbidden: self.forbidden.iter().collect(),
        };
        if let Some(cell) = cell {
            r.concepts.extend(&cell.concepts);
            r.forbidden.extend(&cell.forbidden);
            r.need = match (self.need, cell.need) {
                (_, Some(n)) => Some(n),
                (Some(n), None) => Some(n + cell.concepts.iter().map(|c| c.weight).sum::<f64>()),
                (None, None) => None,
            };
        }
        r
    }

    /// The option a value names, by id or by title (case and ё/е do not matter).
    pub fn option(&self, value: &str) -> Option<&ChoiceOption> {
        let wanted = fold(value);
        self.options.iter().find(|o| fold(o.id.get_ref()) == wanted || fold(&o.title) == wanted)
    }

    fn validate(&self, v: &mut Validator) {
        if self.title.trim().is_empty() {
            v.error(Some(self.id.span()), msg::spec_field_untitled(self.id.get_ref()));
        }
        if !(self.weight.is_finite() && self.weight > 0.0) {
            v.error(Some(self.id.span()), msg::spec_field_weight(self.id.get_ref()));
        }
        let is = |t: FieldType| self.ty == t;
        let misplaced = [
            ("min_words", self.min_words.is_some() && !is(FieldType::Text)),
            ("max_words", self.max_words.is_some() && !is(FieldType::Text)),
            ("concepts", !self.concepts.is_empty() && !is(FieldType::Text)),
            ("need", self.need.is_some() && !is(FieldType::Text)),
            ("forbidden", !self.forbidden.is_empty() && !is(FieldType::Text)),
            ("full_link", self.full_link && !is(FieldType::Url)),
            ("options", !self.options.is_empty() && !is(FieldType::Choice)),
            ("min", self.min.is_some() && !is(FieldType::Number)),
            ("max", self.max.is_some() && !is(FieldType::Number)),
        ];
        for (key, wrong) in misplaced {
            if wrong {
                v.error(Some(self.id.span()), msg::spec_field_key_for_other_type(self.id.get_ref(), key));
            }
        }
        if self.min_words.unwrap_or(0) > self.max_words() {
            v.error(Some(self.id.span()), msg::spec_field_word_limits(self.id.get_ref()));
        }
        if let (Some(lo), Some(hi)) = (self.min, self.max)
            && lo > hi
        {
            v.error(Some(self.id.span()), msg::spec_field_range(self.id.get_ref()));
        }
        if is(FieldType::Choice) {
            if self.options.is_empty() {
                v.error(Some(self.id.span()), msg::spec_field_no_options(self.id.get_ref()));
            }
            super::unique_ids(v, "options", self.options.iter().map(|o| &o.id));
        }
        validate_rubric(v, &self.id, &self.concepts, self.need, &self.forbidden);
    }
}

/// Reports the problems of a rubric's concepts at `at`'s span.
fn validate_rubric(
    v: &mut Validator,
    at: &Spanned<String>,
    concepts: &[Concept],
    need: Option<f64>,
    forbidden: &[Concept],
) {
    let all = concepts.iter().map(|c| (c, false)).chain(forbidden.iter().map(|c| (c, true)));
    for (concept, is_forbidden) in all {
        for problem in rubric::concept_problems(concept, is_forbidden) {
            v.error(Some(at.span()), problem);
        }
    }
    let total: f64 = concepts.iter().map(|c| c.weight).sum();
    if let Some(need) = need
        && !(need.is_finite() && need > 0.0 && (concepts.is_empty() || need <= total + 1e-9))
    {
        v.error(Some(at.span()), msg::spec_rubric_need(at.get_ref(), need, total));
    }
}

/// Lowercase, ё as е, spaces squeezed: how choices and cities are compared.
pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace('ё', "е")
}

/// A value as the table's rules and the persona check read it.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// Empty, malformed or free text.
    Nothing,
    Link(url::Link),
    /// The option's id.
    Choice(String),
    Number(f64),
}

/// One checked value.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// 0..=1 of the field's weight.
    pub credit: f64,
    /// Filled and well-formed (a text within its limits): what an instructor can read.
    pub ready: bool,
    pub parsed: Parsed,
    pub findings: Vec<super::Finding>,
}

/// Checks one value of `field` at `at` (a table's cell, a form's field).
pub fn check_value(field: &Field, rubric: &Rubric, value: &str, at: &Place) -> Checked {
    use super::Finding;
    let wrong = |message: String| Checked {
        credit: 0.0,
        ready: false,
        parsed: Parsed::Nothing,
        findings: vec![Finding::wrong(at.clone(), message)],
    };
    let fine = |parsed: Parsed| Checked { credit: 1.0, ready: true, parsed, findings: Vec::new() };
    if value.trim().is_empty() {
        let findings =
            if field.optional { Vec::new() } else { vec![Finding::missing(at.clone(), msg::EMPTY_VALUE.to_owned())] };
        return Checked {
            credit: if field.optional { 1.0 } else { 0.0 },
            ready: field.optional,
            parsed: Parsed::Nothing,
            findings,
        };
    }
    let short_value = || -> Result<&str, String> {
        let n = value.chars().take(MAX_SHORT_VALUE_CHARS + 1).count();
        if n > MAX_SHORT_VALUE_CHARS { Err(msg::value_too_long(MAX_SHORT_VALUE_CHARS)) } else { Ok(value.trim()) }
    };
    match field.ty {
        FieldType::Text => check_text(field, rubric, value, at),
        FieldType::Url => match url::parse(value) {
            Ok(link) if field.full_link && !link.has_path => wrong(msg::URL_HOME_PAGE.to_owned()),
            Ok(link) => fine(Parsed::Link(link)),
            Err(e) => wrong(e),
        },
        FieldType::Choice => match short_value().map(|v| field.option(v)) {
            Ok(Some(option)) => fine(Parsed::Choice(option.id.get_ref().clone())),
            Ok(None) => wrong(msg::unknown_option(value.trim(), &field.options)),
            Err(e) => wrong(e),
        },
        FieldType::Number => match short_value().and_then(parse_number) {
            Ok((n, _)) if field.min.is_some_and(|lo| n < lo) || field.max.is_some_and(|hi| n > hi) => {
                wrong(msg::number_out_of_range(n, field.min, field.max))
            }
            Ok((n, _)) => fine(Parsed::Number(n)),
            Err(e) => wrong(e),
        },
        FieldType::Date => match short_value().and_then(|v| parse_date(v).ok_or_else(|| msg::bad_date(v))) {
            Ok(_) => fine(Parsed::Nothing),
            Err(e) => wrong(e),
        },
    }
}

fn check_text(field: &Field, rubric: &Rubric, value: &str, at: &Place) -> Checked {
    use super::Finding;
    let words = rubric::word_count(value);
    let (min, max) = (field.min_words.unwrap_or(1), field.max_words());
    let limit = if words < min {
        Some(msg::too_few_words(words, min))
    } else if words > max {
        Some(msg::too_many_words(words, max))
    } else {
        None
    };
    if let Some(message) = limit {
        return Checked {
            credit: 0.0,
            ready: false,
            parsed: Parsed::Nothing,
            findings: vec![Finding::wrong(at.clone(), message)],
        };
    }
    if rubric.is_empty() {
        return Checked { credit: 1.0, ready: true, parsed: Parsed::Nothing, findings: Vec::new() };
    }
    let matched = rubric.check(&Stemmed::new(value));
    let mut findings = Vec::new();
    if !rubric.concepts.is_empty() {
        let (found, missing) = (labels(&matched.found), labels(&matched.missing));
        findings.push(if matched.forbidden.is_empty() && matched.complete() {
            Finding::correct(at.clone(), msg::concepts_complete(&found))
        } else {
            Finding::missing(at.clone(), msg::concepts_partial(&found, &missing, enough(rubric, &matched)))
        });
    }
    for c in &matched.forbidden {
        findings.push(Finding::wrong(at.clone(), msg::forbidden_found(&c.label)));
    }
    Checked { credit: matched.credit, ready: true, parsed: Parsed::Nothing, findings }
}

/// How many more concepts would complete a rubric that needs fewer than all of them
/// (the fewest, taking the heaviest missing ones first); `None` when it needs them all.
fn enough(rubric: &Rubric, matched: &rubric::Matched) -> Option<usize> {
    let total: f64 = rubric.concepts.iter().map(|c| c.weight).sum();
    let needed = rubric.needed();
    if needed >= total - 1e-9 {
        return None;
    }
    let mut lacking = needed - matched.found.iter().map(|c| c.weight).sum::<f64>();
    let mut weights: Vec<f64> = matched.missing.iter().map(|c| c.weight).collect();
    weights.sort_by(|a, b| b.total_cmp(a));
    let mut n = 0;
    for w in weights {
        if lacking <= 1e-9 {
            break;
        }
        lacking -= w;
        n += 1;
    }
    Some(n.max(1))
}

fn labels<'a>(concepts: &[&'a Concept]) -> Vec<&'a str> {
    concepts.iter().map(|c| c.label.as_str()).collect()
}

/// `ДД.ММ.ГГГГ` or `ГГГГ-ММ-ДД`.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    chrono::NaiveDate::parse_from_str(text, "%d.%m.%Y")
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

/// A value of an answer file: text, or a number or date written bare (`age = 34`).
fn value_text(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Boolean(_) | toml::Value::Array(_) | toml::Value::Table(_) => None,
    }
}

/// Reads the values of one table of an answer file (`key = "text"`); `skip` names keys
/// that are not values. A value that is not text, a number or a date is an error with
/// its line and column.
fn read_values(
    text: &str,
    table: &std::collections::BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    skip: &[&str],
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let mut out = std::collections::BTreeMap::new();
    for (key, value) in table {
        if skip.contains(&key.get_ref().as_str()) {
            continue;
        }
        let Some(v) = value_text(value.get_ref()) else {
            let (line, column) = crate::course::line_column(text, value.span().start);
            return Err(format!("{line}:{column}: {}", msg::answer_value_not_text(key.get_ref())));
        };
        out.insert(key.get_ref().clone(), v);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
