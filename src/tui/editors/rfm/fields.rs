//! The RFM form's fields and their values as typed: the method, the number of groups or
//! each axis' thresholds, the fallback segment and the rules (the sales map's query is
//! typed in the console).
//! What each field accepts, and the model the form gives.

use serde::{Deserialize, Serialize};

use crate::data::rfm::model::{MethodName, ModelSpec, RangeText, RuleSpec, ScoringSpec};
use crate::kinds::rfm;
use crate::strings::rfm as rfm_msg;
use crate::strings::tui as s;
use crate::tui::widgets::form::{FieldKind, FormModel};

/// The three axes of a score.
pub const AXES: [&str; 3] = ["R", "F", "M"];

/// A place in the form. Serialized in the draft with the text being typed into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Method,
    Bins,
    /// Thresholds of an axis (0 = R, 1 = F, 2 = M).
    Thresholds(usize),
    Fallback,
    /// A rule's column: 0 the segment's name, 1–3 its R, F, M range.
    Rule(usize, usize),
    AddRule,
}

/// The form's values, as typed.
#[derive(Clone)]
pub struct Values {
    pub method: MethodName,
    pub bins: String,
    pub thresholds: [String; 3],
    pub fallback: String,
    /// Per rule: name, R, F, M as typed.
    pub rules: Vec<[String; 4]>,
    /// The sales map: the learner's query over the table `rfm`.
    pub query: String,
}

fn range_text(r: &Option<RangeText>) -> String {
    match r {
        None => String::new(),
        Some(RangeText::Number(n)) => n.to_string(),
        Some(RangeText::Text(t)) => t.clone(),
    }
}

fn list_text<T: ToString>(list: &Option<Vec<T>>) -> String {
    list.as_ref().map(|l| l.iter().map(T::to_string).collect::<Vec<_>>().join(", ")).unwrap_or_default()
}

/// The number of groups: empty → none; anything but a whole number is a problem named in Russian.
fn parse_bins(text: &str) -> Result<Option<u32>, String> {
    match text.trim() {
        "" => Ok(None),
        t => t.parse::<u32>().map(Some).map_err(|_| s::rfm_bad_bins(t)),
    }
}

/// What keeps a rule's range from being one: «4», «4-5» (or «4–5») and empty are ranges.
/// Whether its scores are on the model's scale is the model's check, shown in the preview.
pub fn range_problem(text: &str) -> Option<String> {
    let t = text.trim();
    let number = |p: &str| p.trim().parse::<i64>().ok();
    match t.split_once(['-', '–']) {
        _ if t.is_empty() => None,
        Some((a, b)) => match (number(a), number(b)) {
            (Some(lo), Some(hi)) if lo > hi => Some(rfm_msg::range_reversed(t)),
            (Some(_), Some(_)) => None,
            _ => Some(rfm_msg::bad_range_text(t)),
        },
        None => number(t).is_none().then(|| rfm_msg::bad_range_text(t)),
    }
}

/// «30, 90» → [30, 90]; empty → none; anything else is a problem named in Russian.
fn parse_list<T: std::str::FromStr>(text: &str, axis: &str) -> Result<Option<Vec<T>>, String> {
    let items: Vec<&str> = text.split([',', ';', ' ']).map(str::trim).filter(|t| !t.is_empty()).collect();
    if items.is_empty() {
        return Ok(None);
    }
    items.iter().map(|t| t.parse::<T>().map_err(|_| s::rfm_bad_threshold(axis, t))).collect::<Result<_, _>>().map(Some)
}

/// An axis' thresholds read as the model reads them, only to know they can be.
fn thresholds_problem(axis: usize, text: &str) -> Result<(), String> {
    match axis {
        0 => parse_list::<i64>(text, AXES[0]).map(drop),
        1 => parse_list::<u64>(text, AXES[1]).map(drop),
        _ => parse_list::<f64>(text, AXES[2]).map(drop),
    }
}

impl Values {
    /// The form of `answer`.
    pub fn new(answer: &rfm::Answer) -> Values {
        let m = &answer.model;
        Values {
            method: m.scoring.method,
            bins: m.scoring.bins.map(|b| b.to_string()).unwrap_or_default(),
            thresholds: [
                list_text(&m.scoring.recency_days),
                list_text(&m.scoring.frequency),
                list_text(&m.scoring.monetary),
            ],
            fallback: m.fallback.clone().unwrap_or_default(),
            rules: m
                .segments
                .iter()
                .map(|r| [r.name.clone(), range_text(&r.r), range_text(&r.f), range_text(&r.m)])
                .collect(),
            query: answer.query.clone(),
        }
    }

    /// The model as the form gives it, or what keeps the form's numbers from being read.
    pub fn model(&self) -> Result<ModelSpec, String> {
        let bins = parse_bins(&self.bins)?;
        let range = |t: &str| match t.trim() {
            "" => None,
            t => Some(RangeText::Text(t.to_owned())),
        };
        Ok(ModelSpec {
            fallback: Some(self.fallback.trim().to_owned()).filter(|f| !f.is_empty()),
            scoring: ScoringSpec {
                method: self.method,
                bins,
                recency_days: parse_list(&self.thresholds[0], AXES[0])?,
                frequency: parse_list(&self.thresholds[1], AXES[1])?,
                monetary: parse_list(&self.thresholds[2], AXES[2])?,
            },
            segments: self
                .rules
                .iter()
                .map(|[name, r, f, m]| RuleSpec { name: name.trim().to_owned(), r: range(r), f: range(f), m: range(m) })
                .collect(),
        })
    }

    /// Takes a field's text (one [`FormModel::problem`] accepts).
    pub fn set_text(&mut self, field: Field, text: String) {
        match field {
            Field::Bins => self.bins = text,
            Field::Thresholds(a) => self.thresholds[a] = text,
            Field::Fallback => self.fallback = text,
            Field::Rule(i, c) => {
                if let Some(r) = self.rules.get_mut(i) {
                    r[c] = text;
                }
            }
            Field::Method | Field::AddRule => {}
        }
    }

    /// The method's next value.
    pub fn next_method(&mut self) {
        const ALL: [MethodName; 3] = [MethodName::Quantile, MethodName::RankFirst, MethodName::Thresholds];
        let i = ALL.iter().position(|m| *m == self.method).unwrap_or(0);
        self.method = ALL[(i + 1) % 3];
    }
}

impl FormModel for Values {
    type Field = Field;

    fn rows(&self) -> Vec<Vec<Field>> {
        let mut rows = vec![vec![Field::Method, Field::Bins]];
        if self.method == MethodName::Thresholds {
            rows.push((0..3).map(Field::Thresholds).collect());
        }
        rows.push(vec![Field::Fallback]);
        rows.extend((0..self.rules.len()).map(|i| (0..4).map(|c| Field::Rule(i, c)).collect()));
        rows.push(vec![Field::AddRule]);
        rows
    }

    fn kind(&self, field: Field) -> FieldKind {
        match field {
            Field::Method => FieldKind::Choice,
            Field::AddRule => FieldKind::Button,
            Field::Bins => FieldKind::Number,
            Field::Thresholds(_) | Field::Fallback | Field::Rule(..) => FieldKind::Text,
        }
    }

    fn text(&self, field: Field) -> String {
        match field {
            Field::Method => s::rfm_method(self.method).to_owned(),
            Field::Bins => self.bins.clone(),
            Field::Thresholds(a) => self.thresholds[a].clone(),
            Field::Fallback => self.fallback.clone(),
            Field::Rule(i, c) => self.rules.get(i).map_or_else(String::new, |r| r[c].clone()),
            Field::AddRule => s::rfm_add_rule().to_owned(),
        }
    }

    /// Why `text` cannot be `field`'s value, naming the field; `None` when it can.
    fn problem(&self, field: Field, text: &str) -> Option<String> {
        let (place, problem) = match field {
            Field::Bins => (s::rfm_place_bins(), parse_bins(text).err()?),
            Field::Thresholds(a) => (s::rfm_place_thresholds(AXES[a]), thresholds_problem(a, text).err()?),
            Field::Rule(i, c @ 1..=3) => {
                let name = self.rules.get(i).map_or("", |r| r[0].trim());
                (s::rfm_place_range(i + 1, name, AXES[c - 1]), range_problem(text)?)
            }
            _ => return None,
        };
        Some(s::form_field_problem(&place, &problem))
    }
}

#[cfg(test)]
mod tests {
    use super::range_problem;

    #[test]
    fn a_range_field_takes_what_the_model_reads_as_a_range() {
        for ok in ["", " ", "4", "4-5", "4–5", " 2 - 3 ", "7"] {
            assert_eq!(range_problem(ok), None, "{ok:?}");
        }
        for bad in ["3-", "-1", "a", "4-5-6", "4,5"] {
            assert!(range_problem(bad).is_some_and(|p| p.contains("не диапазон")), "{bad:?}");
        }
        assert!(range_problem("5-3").is_some_and(|p| p.contains("больше конца")));
    }
}
