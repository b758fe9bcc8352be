//! `numeric`: a number with a tolerance and an optional unit; parameters may be drawn
//! per learner, the expected answer computed by a formula.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{GradeCtx, Kind, Outcome, Validator};

pub struct Numeric;

/// A parameter drawn per learner: a value from `min` to `max` in steps of `step`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub min: f64,
    pub max: f64,
    #[serde(default = "one")]
    pub step: f64,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// The expected answer: a formula over the parameters (or a plain number).
    pub answer: Spanned<String>,
    /// Allowed absolute difference.
    #[serde(default)]
    pub tolerance: Option<Spanned<f64>>,
    /// Allowed difference relative to the expected value (0.01 = 1 %).
    #[serde(default)]
    pub relative_tolerance: Option<Spanned<f64>>,
    /// The unit the answer is given in («%», «₽», «дн.»); shown beside the input and
    /// accepted (not required) after the number.
    #[serde(default)]
    pub unit: Option<String>,
    /// Parameters drawn per learner, used as `{name}` in the prompt and in `answer`.
    #[serde(default)]
    pub params: BTreeMap<String, Spanned<Param>>,
    /// Decimals to show the expected value with in feedback.
    #[serde(default)]
    pub decimals: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The text the learner typed: «12,5», «12.5 %», «1 234,50».
    #[serde(default)]
    pub value: String,
}

impl Kind for Numeric {
    type Spec = Spec;
    type Answer = Answer;

    fn validate(_spec: &Spec, _v: &mut Validator) {
        todo!("numeric validation")
    }

    fn grade(_spec: &Spec, _answer: &Answer, _ctx: &GradeCtx) -> Outcome {
        todo!("numeric grading")
    }
}
