//! `choice`: single or multiple choice.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{GradeCtx, Kind, Outcome, Validator};

pub struct Choice;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: Spanned<String>,
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    /// Shown when this option is ticked (or, for a correct one, missed).
    #[serde(default)]
    pub feedback: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Several options may be right and ticked.
    #[serde(default)]
    pub multiple: bool,
    /// Show the options in an order drawn per learner.
    #[serde(default)]
    pub shuffle: bool,
    pub options: Spanned<Vec<ChoiceOption>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// Ids of the ticked options.
    #[serde(default)]
    pub selected: Vec<String>,
}

impl Kind for Choice {
    type Spec = Spec;
    type Answer = Answer;

    fn validate(_spec: &Spec, _v: &mut Validator) {
        todo!("choice validation")
    }

    fn grade(_spec: &Spec, _answer: &Answer, _ctx: &GradeCtx) -> Outcome {
        todo!("choice grading")
    }
}
