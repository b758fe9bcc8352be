//! The scenario file as written (TOML): every value that can be wrong keeps its byte
//! span, so that each problem is reported at its line and column. Steps are one flat
//! table with a `type` rather than a tagged enum: toml keeps spans only outside serde's
//! buffered enum content, and a flat table lets the checker say «this field does not
//! belong to a wait step» instead of a generic serde message.

use serde::Deserialize;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    #[serde(default)]
    pub name: Option<S<String>>,
    /// The RFM model the `rfm` field of conditions uses: `course7` (default) or `classic`.
    #[serde(default)]
    pub rfm_model: Option<S<String>>,
    #[serde(default)]
    pub brief: Option<S<BriefFile>>,
    pub trigger: S<TriggerFile>,
    #[serde(default)]
    pub entry: Option<S<EntryFile>>,
    #[serde(default)]
    pub exit: Option<S<ExitFile>>,
    #[serde(default)]
    pub limits: Option<S<LimitsFile>>,
    #[serde(default)]
    pub step: Vec<S<StepFile>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefFile {
    pub goal: S<GoalFile>,
    /// The target segment: a condition on the data.
    #[serde(default)]
    pub segment: Option<S<String>>,
    #[serde(default)]
    pub kpi: Vec<S<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalFile {
    pub metric: S<String>,
    /// How much the metric must change against the control group.
    pub change: S<f64>,
    /// `%` (relative to the control group) or `pp` (percentage points, rates only).
    #[serde(default)]
    pub unit: Option<S<String>>,
    /// The window after entry in which the metric is measured.
    pub period_days: S<i64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerFile {
    pub event: S<String>,
    #[serde(default)]
    pub days: Option<S<i64>>,
    #[serde(default)]
    pub hours: Option<S<i64>>,
    /// `order`: only the customer's n-th order.
    #[serde(default)]
    pub number: Option<S<i64>>,
    /// `segment`: the condition whose becoming true starts the scenario.
    #[serde(default)]
    pub condition: Option<S<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryFile {
    #[serde(default)]
    pub condition: Option<S<String>>,
    /// Percent of customers kept out as the control group.
    #[serde(default)]
    pub control_percent: Option<S<f64>>,
    /// `never` (default), `after_exit` or `after_days`.
    #[serde(default)]
    pub reentry: Option<S<String>>,
    #[serde(default)]
    pub reentry_days: Option<S<i64>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitFile {
    #[serde(default)]
    pub on_goal: Option<S<bool>>,
    #[serde(default)]
    pub on_unsubscribe: Option<S<bool>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsFile {
    #[serde(default)]
    pub cap: Option<S<CapFile>>,
    #[serde(default)]
    pub quiet_hours: Option<S<QuietFile>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapFile {
    pub messages: S<i64>,
    pub days: S<i64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuietFile {
    pub from: S<String>,
    pub to: S<String>,
    /// `delay` (default: the send waits for the end of the quiet hours) or `skip`.
    #[serde(default)]
    pub action: Option<S<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepFile {
    pub id: S<String>,
    #[serde(rename = "type")]
    pub kind: S<String>,
    #[serde(default)]
    pub next: Option<S<String>>,
    // wait
    #[serde(default)]
    pub days: Option<S<f64>>,
    #[serde(default)]
    pub hours: Option<S<f64>>,
    #[serde(default)]
    pub minutes: Option<S<f64>>,
    /// A time of day, «10:00».
    #[serde(default)]
    pub until: Option<S<String>>,
    /// Wait for this event; the duration is the timeout.
    #[serde(default)]
    pub event: Option<S<String>>,
    #[serde(default)]
    pub on_timeout: Option<S<String>>,
    // send
    #[serde(default)]
    pub channel: Option<S<String>>,
    #[serde(default)]
    pub subject: Option<S<String>>,
    #[serde(default)]
    pub text: Option<S<String>>,
    #[serde(default)]
    pub offer: Option<S<String>>,
    #[serde(default)]
    pub discount: Option<S<i64>>,
    // branch
    #[serde(default, rename = "if")]
    pub if_: Option<S<String>>,
    /// The send step `opened` / `clicked` look at (default: the latest send).
    #[serde(default)]
    pub of: Option<S<String>>,
    #[serde(default)]
    pub condition: Option<S<String>>,
    #[serde(default)]
    pub then: Option<S<String>>,
    #[serde(default, rename = "else")]
    pub else_: Option<S<String>>,
    // split
    #[serde(default)]
    pub variants: Vec<S<VariantFile>>,
    // tag
    #[serde(default)]
    pub tag: Option<S<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantFile {
    pub share: S<f64>,
    pub next: S<String>,
}
