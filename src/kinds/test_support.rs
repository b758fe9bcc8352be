//! Helpers for the kinds' unit tests.

use super::{GradeCtx, Kind, NoDatasets, Outcome, Severity, Validator};

/// Parses a kind's table (as it would stand under `[grid]`, `[choice]`, …), validates
/// it, and returns each issue as (the text its span covers, the message).
pub fn issues<K: Kind>(text: &str) -> Vec<(String, String)> {
    let spec: K::Spec = toml::from_str(text).unwrap_or_else(|e| panic!("test spec does not parse: {e}"));
    let no_datasets = |_: &str| false;
    let mut v = Validator::new(&no_datasets);
    K::validate(&spec, &mut v);
    v.into_issues()
        .into_iter()
        .map(|i| (i.span.map(|s| text[s].to_owned()).unwrap_or_else(|| "<no span>".into()), i.message))
        .collect()
}

pub fn spec<K: Kind>(text: &str) -> K::Spec {
    let spec: K::Spec = toml::from_str(text).unwrap_or_else(|e| panic!("test spec does not parse: {e}"));
    assert_eq!(issues::<K>(text), vec![], "test spec must be valid");
    spec
}

pub fn grade<K: Kind>(spec: &K::Spec, answer: &K::Answer) -> Outcome {
    grade_variant::<K>(spec, answer, 0)
}

pub fn grade_variant<K: Kind>(spec: &K::Spec, answer: &K::Answer, variant: u64) -> Outcome {
    let first = K::grade(spec, answer, &GradeCtx { variant, datasets: &NoDatasets });
    let again = K::grade(spec, answer, &GradeCtx { variant, datasets: &NoDatasets });
    assert_eq!(first, again, "grading must be deterministic");
    first
}

/// The findings at one place, as (severity, message).
pub fn at(outcome: &Outcome, place: &str) -> Vec<(Severity, String)> {
    outcome
        .findings
        .iter()
        .filter(|f| f.at.as_ref().is_some_and(|p| p.to_string() == place))
        .map(|f| (f.severity, f.message.clone()))
        .collect()
}
