//! Segmentation models: a scoring method and rules that name segments by score ranges,
//! read from TOML (the file a marketer writes, the answer a student gives) or built in.

use serde::{Deserialize, Serialize};

use super::score::Method;
use crate::strings::rfm as msg;

/// The model file as written: everything optional, checked by [`ModelSpec::compile`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// The segment of a customer no rule matches (default «Прочие»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
    #[serde(default)]
    pub scoring: ScoringSpec,
    /// Rules in order; the first that matches wins.
    #[serde(default, rename = "segment")]
    pub segments: Vec<RuleSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MethodName {
    #[default]
    Quantile,
    RankFirst,
    Thresholds,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringSpec {
    #[serde(default)]
    pub method: MethodName,
    /// For the two quantile methods (default 5); for thresholds, the lists' length + 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bins: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recency_days: Option<Vec<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Vec<u64>>,
    /// Rubles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monetary: Option<Vec<f64>>,
}

/// A score range as written: `"4-5"`, `"3"`, or a bare `3`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RangeText {
    Number(i64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r: Option<RangeText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub f: Option<RangeText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m: Option<RangeText>,
}

/// A checked model, ready to segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub method: Method,
    pub rules: Vec<Rule>,
    /// Segment names: the rules' names in order of first appearance, then the fallback
    /// (unless a rule has the same name).
    pub names: Vec<String>,
    /// Index into `names` of the fallback segment.
    pub fallback: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Index into [`Model::names`].
    pub segment: usize,
    /// Inclusive score ranges.
    pub r: (u8, u8),
    pub f: (u8, u8),
    pub m: (u8, u8),
}

impl Rule {
    pub fn matches(&self, r: u8, f: u8, m: u8) -> bool {
        let within = |(lo, hi): (u8, u8), x: u8| lo <= x && x <= hi;
        within(self.r, r) && within(self.f, f) && within(self.m, m)
    }
}

pub const MAX_BINS: u32 = 100;

impl ModelSpec {
    /// Reads a model file. The error is a Russian message with line and column.
    pub fn from_toml(text: &str) -> Result<ModelSpec, String> {
        toml::from_str(text).map_err(|e| crate::base::text::toml_error_message(text, &e))
    }

    /// Checks the model; every problem is reported, in Russian.
    pub fn compile(&self) -> Result<Model, Vec<String>> {
        let mut errors = Vec::new();
        let s = &self.scoring;
        let method = match s.method {
            MethodName::Quantile | MethodName::RankFirst => {
                let bins = s.bins.unwrap_or(5);
                if !(1..=MAX_BINS).contains(&bins) {
                    errors.push(msg::bad_bins(bins, MAX_BINS));
                }
                if s.recency_days.is_some() || s.frequency.is_some() || s.monetary.is_some() {
                    errors.push(msg::THRESHOLDS_WITHOUT_METHOD.into());
                }
                let bins = bins.clamp(1, MAX_BINS) as u8;
                if s.method == MethodName::Quantile { Method::Quantile { bins } } else { Method::RankFirst { bins } }
            }
            MethodName::Thresholds => {
                let (r, f, m) = (
                    s.recency_days.clone().unwrap_or_default(),
                    s.frequency.clone().unwrap_or_default(),
                    s.monetary.clone().unwrap_or_default(),
                );
                for (name, len, ascending) in [
                    ("recency_days", r.len(), r.windows(2).all(|w| w[0] < w[1])),
                    ("frequency", f.len(), f.windows(2).all(|w| w[0] < w[1])),
                    ("monetary", m.len(), m.windows(2).all(|w| w[0] < w[1]) && m.iter().all(|x| x.is_finite())),
                ] {
                    if len == 0 {
                        errors.push(msg::thresholds_missing(name));
                    } else if !ascending {
                        errors.push(msg::thresholds_not_ascending(name));
                    }
                }
                if !(r.len() == f.len() && f.len() == m.len()) {
                    errors.push(msg::thresholds_lengths(r.len(), f.len(), m.len()));
                }
                if r.len() + 1 > MAX_BINS as usize {
                    errors.push(msg::bad_bins(r.len() as u32 + 1, MAX_BINS));
                }
                if let Some(b) = s.bins
                    && b as usize != r.len() + 1
                {
                    errors.push(msg::thresholds_bins(b, r.len() + 1));
                }
                let kopecks = m.iter().map(|x| (x * 100.0).round() as i64).collect();
                Method::Thresholds { recency_days: r, frequency: f, monetary: kopecks }
            }
        };
        let bins = method.bins();
        let mut names: Vec<String> = Vec::new();
        let mut rules = Vec::new();
        if self.segments.is_empty() {
            errors.push(msg::NO_RULES.into());
        }
        for (k, rule) in self.segments.iter().enumerate() {
            let name = rule.name.trim();
            let at = k + 1;
            if name.is_empty() {
                errors.push(msg::rule_without_name(at));
            }
            let mut range = |axis: &str, text: &Option<RangeText>| match text {
                None => (1, bins),
                Some(t) => match parse_range(t, bins) {
                    Ok(r) => r,
                    Err(e) => {
                        errors.push(msg::rule_bad_range(at, name, axis, &e));
                        (1, bins)
                    }
                },
            };
            let (r, f, m) = (range("r", &rule.r), range("f", &rule.f), range("m", &rule.m));
            let segment = index_of(&mut names, name);
            rules.push(Rule { segment, r, f, m });
        }
        let fallback_name = self.fallback.as_deref().map(str::trim).unwrap_or(msg::DEFAULT_FALLBACK);
        if fallback_name.is_empty() {
            errors.push(msg::EMPTY_FALLBACK.into());
        }
        let fallback = index_of(&mut names, fallback_name);
        if errors.is_empty() { Ok(Model { method, rules, names, fallback }) } else { Err(errors) }
    }
}

fn index_of(names: &mut Vec<String>, name: &str) -> usize {
    names.iter().position(|n| n == name).unwrap_or_else(|| {
        names.push(name.to_owned());
        names.len() - 1
    })
}

/// `"N"`, `"A-B"` (or `"A–B"`), a bare number; within 1..=bins.
fn parse_range(t: &RangeText, bins: u8) -> Result<(u8, u8), String> {
    let in_bins = |x: i64| -> Result<u8, String> {
        if (1..=i64::from(bins)).contains(&x) { Ok(x as u8) } else { Err(msg::score_out_of_bins(x, bins)) }
    };
    match t {
        RangeText::Number(n) => in_bins(*n).map(|x| (x, x)),
        RangeText::Text(s) => {
            let s = s.trim();
            let num = |p: &str| p.trim().parse::<i64>().map_err(|_| msg::bad_range_text(s));
            let (lo, hi) = match s.split_once(['-', '–']) {
                Some((a, b)) => (num(a)?, num(b)?),
                None => {
                    let x = num(s)?;
                    (x, x)
                }
            };
            let (lo, hi) = (in_bins(lo)?, in_bins(hi)?);
            if lo > hi {
                return Err(msg::range_reversed(s));
            }
            Ok((lo, hi))
        }
    }
}

/// The built-in models, by the name `--model` takes.
pub fn builtin(name: &str) -> Option<&'static str> {
    match name {
        "course7" => Some(COURSE7),
        "classic" => Some(CLASSIC),
        _ => None,
    }
}

pub const BUILTIN_NAMES: &[&str] = &["course7", "classic"];

/// The seven groups of the loyalty case (seed 000), over every R×F cell.
pub const COURSE7: &str = include_str!("models/course7.toml");
/// The widely used ten-segment R×F map.
pub const CLASSIC: &str = include_str!("models/classic.toml");

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(text: &str) -> Result<Model, Vec<String>> {
        ModelSpec::from_toml(text).map_err(|e| vec![e])?.compile()
    }

    #[test]
    fn builtins_compile_and_cover_every_rf_cell() {
        for name in BUILTIN_NAMES {
            let model = compile(builtin(name).unwrap()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            for r in 1..=5 {
                for f in 1..=5 {
                    for m in 1..=5 {
                        assert!(
                            model.rules.iter().any(|rule| rule.matches(r, f, m)),
                            "{name}: R{r} F{f} M{m} unmatched"
                        );
                    }
                }
            }
        }
        let course7 = compile(COURSE7).unwrap();
        let mut seven = course7.names.clone();
        seven.sort();
        let mut want = crate::strings::datasets::SEVEN_SEGMENTS.map(String::from).to_vec();
        want.push(msg::DEFAULT_FALLBACK.to_owned());
        want.sort();
        assert_eq!(seven, want, "the seven groups of the case and the fallback");
        assert_eq!(compile(CLASSIC).unwrap().names.len(), 11, "ten segments and the fallback");
    }

    #[test]
    fn every_problem_is_reported() {
        let errors = compile(
            r#"
            [scoring]
            method = "thresholds"
            recency_days = [90, 30]
            frequency = [2]
            bins = 4
            [[segment]]
            name = ""
            r = "4-2"
            [[segment]]
            name = "A"
            f = "9"
            m = "x"
            "#,
        )
        .unwrap_err();
        assert_eq!(
            errors,
            vec![
                msg::thresholds_not_ascending("recency_days"),
                msg::thresholds_missing("monetary"),
                msg::thresholds_lengths(2, 1, 0),
                msg::thresholds_bins(4, 3),
                msg::rule_without_name(1),
                msg::rule_bad_range(1, "", "r", &msg::score_out_of_bins(4, 3)),
                msg::rule_bad_range(2, "A", "f", &msg::score_out_of_bins(9, 3)),
                msg::rule_bad_range(2, "A", "m", &msg::bad_range_text("x")),
            ]
        );
        assert!(compile("[scoring]\nmethod = \"median\"").unwrap_err()[0].contains("median"));
        assert_eq!(
            compile("[scoring]\nbins = 0\n[[segment]]\nname = \"A\"").unwrap_err(),
            vec![msg::bad_bins(0, MAX_BINS)]
        );
        assert_eq!(compile("").unwrap_err(), vec![msg::NO_RULES.to_string()]);
    }

    #[test]
    fn ranges_names_and_fallback() {
        let m = compile(
            "fallback = \"Остальные\"\n[scoring]\nbins = 3\n[[segment]]\nname = \"A\"\nr = 3\nf = \"2–3\"\n[[segment]]\nname = \"B\"\n[[segment]]\nname = \"A\"\nm = \"1\"",
        )
        .unwrap();
        assert_eq!(m.names, ["A", "B", "Остальные"]);
        assert_eq!((m.fallback, m.rules[0].r, m.rules[0].f, m.rules[0].m), (2, (3, 3), (2, 3), (1, 3)));
        assert_eq!(m.rules[2].segment, 0);
        assert_eq!(m.method, Method::Quantile { bins: 3 });
    }
}
