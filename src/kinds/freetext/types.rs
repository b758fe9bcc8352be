//! The free-text kinds' small vocabulary — field types, a choice's options, table rules —
//! apart from the specs, so that their Russian words (`strings::freetext`) stand on a leaf.

use serde::{Deserialize, Serialize};
use toml::Spanned;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    #[default]
    Text,
    Url,
    Choice,
    Number,
    Date,
}

/// An option of a choice field.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: Spanned<String>,
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Exactly `count` distinct options of a choice column, each in at least `min` rows
    /// (two product categories, ten sources each).
    Groups,
    /// At least `min` distinct domains in a link column.
    DistinctDomains,
    /// No link given twice.
    DistinctLinks,
    /// At least `min` distinct options of a choice column (kinds of source).
    Kinds,
    /// Every option of a choice column in at least `min` rows (every research aim).
    Cover,
}
