//! `grid`: cards placed into the cells of a table. Serves tables to fill, matching
//! (one column) and categorisation (one row).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{GradeCtx, Kind, Outcome, Validator};

pub struct Grid;

/// How the rows of the table are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowHeaders {
    /// Each row shows its `title`.
    #[default]
    Fixed,
    /// The learner places a header card in each row (column `header`); rows may come in
    /// any order and are matched to the key by their header card.
    Cards,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub id: Spanned<String>,
    #[serde(default)]
    pub title: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub id: Spanned<String>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Heading of the row-header column (e.g. «Маркетинговый подход»).
    #[serde(default)]
    pub corner: String,
    #[serde(default)]
    pub row_headers: RowHeaders,
    pub rows: Vec<Line>,
    pub columns: Vec<Line>,
    pub cards: Vec<Card>,
    /// May one card stand in several cells?
    #[serde(default)]
    pub reuse: bool,
    /// Row id → (column id, or `header` with `row_headers = "cards"`) → the cards that
    /// belong there. A cell the key does not name must stay empty.
    pub key: BTreeMap<String, Spanned<BTreeMap<String, Spanned<Vec<String>>>>>,
}

/// The learner's table: `ROW/COL` (or `ROW/header`) → the cards placed there.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    #[serde(default)]
    pub cells: BTreeMap<String, Vec<String>>,
}

impl Kind for Grid {
    type Spec = Spec;
    type Answer = Answer;

    fn validate(_spec: &Spec, _v: &mut Validator) {
        todo!("grid validation")
    }

    fn grade(_spec: &Spec, _answer: &Answer, _ctx: &GradeCtx) -> Outcome {
        todo!("grid grading")
    }
}
