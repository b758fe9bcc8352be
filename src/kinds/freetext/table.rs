//! `table`: rows × typed columns of free text, links, choices, numbers and dates. The
//! rows are fixed by the exercise (the seven RFM groups, the stages of a journey) or
//! added by the learner between `add_rows.min` and `add_rows.max` (a list of sources).
//!
//! Scoring (documented in docs/authoring.md): every cell of every row is worth its
//! column's weight (see [`super`] for one value's credit); with added rows the rows
//! counted are the filled ones, and never fewer than `min` (missing rows earn nothing).
//! Every rule is worth its `weight`, all or nothing. With `review = true` an answer whose
//! cells are all filled and well-formed and whose rules hold goes to the instructor:
//! its points are provisional and its status «ждёт проверки».

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{CellRubric, Field, FieldType, Parsed, check_value, read_values, url};
use crate::kinds::grid::Line;
use crate::kinds::{Finding, GradeCtx, Kind, Outcome, Place, Validator, unique_ids};
use crate::strings::freetext as msg;

pub struct Table;

/// The most rows a learner may add: a bound on the work of grading and on the screen.
pub const MAX_ROWS: usize = 200;

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowCount {
    pub min: usize,
    pub max: usize,
}

pub use super::types::RuleKind;

/// A rule over the whole table, or over each group of rows sharing an option of the
/// choice column `per`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub rule: RuleKind,
    pub column: Spanned<String>,
    #[serde(default)]
    pub min: usize,
    #[serde(default)]
    pub count: usize,
    #[serde(default)]
    pub per: Option<Spanned<String>>,
    #[serde(default = "one")]
    pub weight: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// The learner's answer waits for an instructor; the automatic points are provisional.
    #[serde(default)]
    pub review: bool,
    /// Heading of the row-title column.
    #[serde(default)]
    pub corner: String,
    /// Fixed rows (or none, with `add_rows`).
    #[serde(default)]
    pub rows: Vec<Line>,
    /// Rows the learner adds.
    #[serde(default)]
    pub add_rows: Option<RowCount>,
    pub columns: Spanned<Vec<Field>>,
    /// Rubrics of single cells, added to their column's.
    #[serde(default)]
    pub cells: Vec<CellRubric>,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// One row of the learner's table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The fixed row's id; empty for added rows.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Column id → the value as typed.
    #[serde(default)]
    pub cells: BTreeMap<String, String>,
}

impl Row {
    fn is_blank(&self) -> bool {
        self.cells.values().all(|v| v.trim().is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    #[serde(default)]
    pub rows: Vec<Row>,
}

/// The answer file: `[[rows]]` tables, each with `row = "ID"` for a fixed row and one
/// key per column.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerFile {
    #[serde(default)]
    rows: Vec<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
}

/// The place of a cell in findings: ROW is a fixed row's id or an added row's number
/// from 1 (`cell:ROW/COL` in stored verdicts).
pub fn at_cell(row: &str, column: &str) -> Place {
    Place::cell(row, column)
}

impl Spec {
    pub fn column(&self, id: &str) -> Option<&Field> {
        self.columns.get_ref().iter().find(|c| c.id.get_ref() == id)
    }

    fn cell_rubric(&self, row: &str, column: &str) -> Option<&CellRubric> {
        self.cells.iter().find(|c| c.row.get_ref() == row && c.column.get_ref() == column)
    }

    fn check_rule_column(&self, v: &mut Validator, column: &Spanned<String>, wanted: FieldType) {
        match self.column(column.get_ref()) {
            None => v.error(Some(column.span()), msg::spec_unknown_column(column.get_ref())),
            Some(c) if c.ty != wanted => {
                v.error(Some(column.span()), msg::spec_rule_column_type(column.get_ref(), wanted))
            }
            Some(_) => {}
        }
    }
}

/// A row as graded: its place id and its values by column, parsed.
struct GradedRow<'a> {
    place: String,
    parsed: BTreeMap<&'a str, Parsed>,
}

impl Kind for Table {
    const LABEL: &'static str = msg::KIND_TABLE;
    type Spec = Spec;
    type Answer = Answer;

    fn validate(spec: &Spec, v: &mut Validator) {
        let columns = unique_ids(v, "columns", spec.columns.get_ref().iter().map(|c| &c.id));
        if columns.is_empty() {
            v.error(Some(spec.columns.span()), msg::SPEC_NO_COLUMNS);
        }
        for column in spec.columns.get_ref() {
            column.validate(v);
        }
        let rows = unique_ids(v, "rows", spec.rows.iter().map(|r| &r.id));
        for row in spec.rows.iter().filter(|r| r.title.trim().is_empty()) {
            v.error(Some(row.id.span()), msg::spec_row_untitled(row.id.get_ref()));
        }
        match (spec.rows.is_empty(), spec.add_rows) {
            (true, None) => v.error(Some(spec.columns.span()), msg::SPEC_NO_ROWS),
            (false, Some(_)) => v.error(Some(spec.columns.span()), msg::SPEC_ROWS_AND_ADD_ROWS),
            (true, Some(c)) if c.max == 0 || c.min > c.max || c.max > MAX_ROWS => {
                v.error(Some(spec.columns.span()), msg::spec_add_rows(c.min, c.max, MAX_ROWS))
            }
            _ => {}
        }
        for cell in &spec.cells {
            if !rows.contains(cell.row.get_ref().as_str()) {
                v.error(Some(cell.row.span()), msg::spec_unknown_row(cell.row.get_ref()));
            }
            match spec.column(cell.column.get_ref()) {
                None => v.error(Some(cell.column.span()), msg::spec_unknown_column(cell.column.get_ref())),
                Some(c) if c.ty != FieldType::Text => v.error(
                    Some(cell.column.span()),
                    msg::spec_rule_column_type(cell.column.get_ref(), FieldType::Text),
                ),
                Some(_) => {}
            }
            super::validate_rubric(v, &cell.row, &cell.concepts, cell.need, &cell.forbidden);
        }
        for rule in &spec.rules {
            let wanted = match rule.rule {
                RuleKind::DistinctDomains | RuleKind::DistinctLinks => FieldType::Url,
                RuleKind::Groups | RuleKind::Kinds | RuleKind::Cover => FieldType::Choice,
            };
            spec.check_rule_column(v, &rule.column, wanted);
            if let Some(per) = &rule.per {
                spec.check_rule_column(v, per, FieldType::Choice);
            }
            let needs_min = rule.rule != RuleKind::DistinctLinks;
            if (needs_min && rule.min == 0) || (rule.rule == RuleKind::Groups) != (rule.count > 0) {
                v.error(Some(rule.column.span()), msg::spec_rule_numbers(rule.rule));
            }
            if !(rule.weight.is_finite() && rule.weight > 0.0) {
                v.error(Some(rule.column.span()), msg::spec_field_weight(rule.column.get_ref()));
            }
        }
    }

    fn grade(spec: &Spec, answer: &Answer, _ctx: &GradeCtx) -> Outcome {
        let mut findings = Vec::new();
        let mut ready = true;
        let rows = rows_to_grade(spec, answer, &mut findings, &mut ready);
        let row_weight: f64 = spec.columns.get_ref().iter().map(|c| c.weight).sum();
        let counted = match spec.add_rows {
            Some(count) => rows.len().max(count.min),
            None => spec.rows.len(),
        };
        let mut possible = counted as f64 * row_weight;
        let mut earned = 0.0;

        let mut graded = Vec::new();
        for (place, row, rubric_row) in &rows {
            let mut parsed = BTreeMap::new();
            for column in spec.columns.get_ref() {
                let id = column.id.get_ref().as_str();
                let value = row.and_then(|r| r.cells.get(id)).map_or("", String::as_str);
                let rubric = column.rubric(rubric_row.and_then(|r| spec.cell_rubric(r, id)));
                let checked = check_value(column, &rubric, value, &at_cell(place, id));
                earned += checked.credit * column.weight;
                ready &= checked.ready;
                findings.extend(checked.findings);
                parsed.insert(id, checked.parsed);
            }
            graded.push(GradedRow { place: place.clone(), parsed });
        }

        for rule in &spec.rules {
            possible += rule.weight;
            match check_rule(spec, rule, &graded) {
                Ok(message) => {
                    earned += rule.weight;
                    findings.push(Finding::new(None, crate::kinds::Severity::Correct, message));
                }
                Err(message) => {
                    ready = false;
                    findings.push(Finding::new(None, crate::kinds::Severity::Wrong, message));
                }
            }
        }
        if spec.review && ready {
            findings.push(Finding::note(msg::SENT_FOR_REVIEW));
        }
        Outcome { earned, possible: possible.max(1.0), findings, needs_review: spec.review && ready }
    }

    fn parse_answer_file(text: &str) -> Result<Answer, String> {
        let file: AnswerFile = toml::from_str(text).map_err(|e| crate::course::toml_error_message(text, &e))?;
        let mut rows = Vec::new();
        for table in &file.rows {
            let id = match table.iter().find(|(k, _)| k.get_ref() == "row") {
                None => String::new(),
                Some((_, v)) => match v.get_ref() {
                    toml::Value::String(s) => s.clone(),
                    _ => {
                        let (line, column) = crate::course::line_column(text, v.span().start);
                        return Err(format!("{line}:{column}: {}", msg::answer_value_not_text("row")));
                    }
                },
            };
            rows.push(Row { id, cells: read_values(text, table, &["row"])? });
        }
        Ok(Answer { rows })
    }

    fn place_label(spec: &Spec, at: &Place) -> Option<String> {
        let Place::Cell { row, column } = at else { return None };
        let column = spec.column(column)?;
        let row = match spec.rows.iter().find(|r| r.id.get_ref() == row) {
            Some(line) => line.title.clone(),
            None => msg::row_number(row.parse().ok()?),
        };
        Some(format!("{row} — {}", column.title))
    }
}

/// The rows to grade as (place, the learner's row if any, the fixed row's id for cell
/// rubrics). Reports rows the exercise does not have, repeated rows and a wrong number
/// of added rows.
fn rows_to_grade<'a>(
    spec: &'a Spec,
    answer: &'a Answer,
    findings: &mut Vec<Finding>,
    ready: &mut bool,
) -> Vec<(String, Option<&'a Row>, Option<&'a str>)> {
    let columns: BTreeSet<&str> = spec.columns.get_ref().iter().map(|c| c.id.get_ref().as_str()).collect();
    for (n, row) in answer.rows.iter().enumerate() {
        let place = if spec.add_rows.is_some() { (n + 1).to_string() } else { row.id.clone() };
        for key in row.cells.keys().filter(|k| !columns.contains(k.as_str())) {
            findings.push(Finding::note(msg::unknown_column_in_row(&place, key)));
        }
    }
    match spec.add_rows {
        Some(count) => {
            let filled: Vec<(usize, &Row)> =
                answer.rows.iter().enumerate().filter(|(_, r)| !r.is_blank()).take(MAX_ROWS).collect();
            if filled.len() < count.min {
                *ready = false;
                findings.push(Finding::new(
                    None,
                    crate::kinds::Severity::Missing,
                    msg::too_few_rows(filled.len(), count.min),
                ));
            }
            let kept = filled.len().min(count.max);
            if filled.len() > count.max {
                *ready = false;
                findings.push(Finding::new(
                    None,
                    crate::kinds::Severity::Wrong,
                    msg::too_many_rows(filled.len(), count.max),
                ));
            }
            filled[..kept].iter().map(|(n, row)| ((n + 1).to_string(), Some(*row), None)).collect()
        }
        None => {
            let mut seen = BTreeSet::new();
            for row in &answer.rows {
                let known = spec.rows.iter().any(|r| r.id.get_ref() == &row.id);
                if !known && !row.is_blank() {
                    findings.push(Finding::new(None, crate::kinds::Severity::Wrong, msg::unknown_row(&row.id)));
                } else if known && !seen.insert(row.id.as_str()) {
                    findings.push(Finding::new(None, crate::kinds::Severity::Wrong, msg::repeated_row(&row.id)));
                }
            }
            spec.rows
                .iter()
                .map(|line| {
                    let id = line.id.get_ref().as_str();
                    (id.to_owned(), answer.rows.iter().find(|r| r.id == id), Some(id))
                })
                .collect()
        }
    }
}

/// The title of a choice column's option.
fn option_title<'a>(spec: &'a Spec, column: &str, id: &'a str) -> &'a str {
    spec.column(column).and_then(|c| c.options.iter().find(|o| o.id.get_ref() == id)).map_or(id, |o| o.title.as_str())
}

/// Checks a rule; `Ok` and `Err` both say what was found, in Russian.
fn check_rule(spec: &Spec, rule: &Rule, rows: &[GradedRow]) -> Result<String, String> {
    let column = rule.column.get_ref().as_str();
    let title = spec.column(column).map_or(column, |c| c.title.as_str());
    // Rows grouped by the option of `per` (rows without one are left out), or all rows.
    let groups: Vec<(Option<&str>, Vec<&GradedRow>)> = match &rule.per {
        None => vec![(None, rows.iter().collect())],
        Some(per) => {
            let mut by: BTreeMap<&str, Vec<&GradedRow>> = BTreeMap::new();
            for row in rows {
                if let Some(Parsed::Choice(id)) = row.parsed.get(per.get_ref().as_str()) {
                    by.entry(id.as_str()).or_default().push(row);
                }
            }
            if by.is_empty() {
                return Err(msg::rule_no_groups(spec.column(per.get_ref()).map_or("", |c| c.title.as_str())));
            }
            by.into_iter().map(|(k, v)| (Some(option_title(spec, per.get_ref(), k)), v)).collect()
        }
    };
    let choices = |group: &[&GradedRow]| -> BTreeMap<String, usize> {
        let mut n = BTreeMap::new();
        for row in group {
            if let Some(Parsed::Choice(id)) = row.parsed.get(column) {
                *n.entry(id.clone()).or_insert(0) += 1;
            }
        }
        n
    };
    let links = |group: &[&GradedRow]| -> Vec<(String, url::Link)> {
        group
            .iter()
            .filter_map(|row| match row.parsed.get(column) {
                Some(Parsed::Link(link)) => Some((row.place.clone(), link.clone())),
                _ => None,
            })
            .collect()
    };
    let mut failures = Vec::new();
    let mut successes = Vec::new();
    for (group, members) in &groups {
        let (ok, text) = match rule.rule {
            RuleKind::Groups => {
                let counts = choices(members);
                let sized: Vec<(String, usize)> =
                    counts.iter().map(|(id, n)| (option_title(spec, column, id).to_owned(), *n)).collect();
                let ok = counts.len() == rule.count && counts.values().all(|&n| n >= rule.min);
                (ok, msg::rule_groups(title, &sized, rule.count, rule.min))
            }
            RuleKind::DistinctDomains => {
                let domains: BTreeSet<String> = links(members).into_iter().map(|(_, l)| l.domain).collect();
                (domains.len() >= rule.min, msg::rule_domains(title, domains.len(), rule.min))
            }
            RuleKind::DistinctLinks => {
                let mut first: BTreeMap<String, String> = BTreeMap::new();
                let mut repeats = Vec::new();
                for (place, link) in links(members) {
                    match first.get(&link.key) {
                        Some(earlier) => repeats.push((place, earlier.clone())),
                        None => {
                            first.insert(link.key, place);
                        }
                    }
                }
                (repeats.is_empty() && !first.is_empty(), msg::rule_links(title, first.len(), &repeats))
            }
            RuleKind::Kinds => {
                let n = choices(members).len();
                (n >= rule.min, msg::rule_kinds(title, n, rule.min))
            }
            RuleKind::Cover => {
                let counts = choices(members);
                let options = spec.column(column).map_or(&[][..], |c| c.options.as_slice());
                let short: Vec<(&str, usize)> = options
                    .iter()
                    .map(|o| (o.title.as_str(), counts.get(o.id.get_ref()).copied().unwrap_or(0)))
                    .filter(|(_, n)| *n < rule.min)
                    .collect();
                (short.is_empty(), msg::rule_cover(title, &short, rule.min))
            }
        };
        let text = match group {
            Some(g) => format!("{g}: {text}"),
            None => text,
        };
        if ok { successes.push(text) } else { failures.push(text) }
    }
    if failures.is_empty() { Ok(successes.join("; ")) } else { Err(failures.join("; ")) }
}
