//! `order`: put items in sequence.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{GradeCtx, Kind, Outcome, Validator};

pub struct Order;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// Credit for every pair of items in the right relative order.
    #[default]
    Pairwise,
    /// Credit for the longest run of items in the right relative order.
    LongestRun,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: Spanned<String>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// The items in their correct order; shown to the learner shuffled per learner.
    pub items: Spanned<Vec<Item>>,
    #[serde(default)]
    pub scoring: Scoring,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// Item ids in the learner's order.
    #[serde(default)]
    pub order: Vec<String>,
}

impl Kind for Order {
    type Spec = Spec;
    type Answer = Answer;

    fn validate(_spec: &Spec, _v: &mut Validator) {
        todo!("order validation")
    }

    fn grade(_spec: &Spec, _answer: &Answer, _ctx: &GradeCtx) -> Outcome {
        todo!("order grading")
    }
}
