//! `rfm`: RFM segmentation of the learner's variant of the loyalty case (ПП2).
//!
//! Two tasks share the kind:
//! - `segmentation`: the answer is a model (method, parameters, rules for the groups).
//!   One point per required group that gets customers, one for leaving nobody in the
//!   fallback or in a segment outside the groups, one per check of meaning (every member
//!   of a group has the scores the check asks for).
//! - `sales-map`: the answer is the model plus the sales map the learner computed. Per
//!   segment that has customers under the model: customers (exact), share of customers
//!   and share of revenue (within `share_tolerance` percentage points) and average check
//!   (within `check_tolerance` rubles), one point each, against the engine.

use serde::{Deserialize, Serialize};

use super::numeric::text_or_number;
use super::{Finding, GradeCtx, Kind, Outcome, Place, Validator};
use crate::base::number::{format_number, parse_number};
use crate::data::rfm::{self, Model, ModelSpec, SalesMap, Segmentation, Table};
use crate::strings::rfm as msg;

pub struct Rfm;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Task {
    Segmentation,
    SalesMap,
}

/// Where a score must lie for a check, relative to the model's number of groups `b`:
/// lowest = 1, low = the lower half (2s < b + 1), high = the upper half (2s > b + 1),
/// highest = b.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Lowest,
    Low,
    High,
    Highest,
}

impl Level {
    pub fn holds(self, score: u8, bins: u8) -> bool {
        let (s, b) = (u32::from(score), u32::from(bins));
        match self {
            Level::Lowest => s == 1,
            Level::Low => 2 * s < b + 1,
            Level::High => 2 * s > b + 1,
            Level::Highest => s == b,
        }
    }
}

/// A check of meaning: every member of `segment` has these scores.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub segment: String,
    #[serde(default)]
    pub r: Option<Level>,
    #[serde(default)]
    pub f: Option<Level>,
    #[serde(default)]
    pub m: Option<Level>,
    /// Why, in Russian: shown when the check fails.
    pub why: String,
}

fn participants_default() -> u64 {
    750
}

fn share_tolerance_default() -> f64 {
    0.1
}

fn check_tolerance_default() -> f64 {
    1.0
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub task: Task,
    /// Participants of the learner's variant of the loyalty case.
    #[serde(default = "participants_default")]
    pub participants: u64,
    /// The groups every segmentation must give (segmentation).
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub checks: Vec<Check>,
    /// Percentage points (sales-map).
    #[serde(default = "share_tolerance_default")]
    pub share_tolerance: f64,
    /// Rubles (sales-map).
    #[serde(default = "check_tolerance_default")]
    pub check_tolerance: f64,
}

/// One line of the learner's sales map; figures as typed («12,5 %», «1 234,56») or bare
/// numbers in an answer file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapRow {
    pub segment: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub customers: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub customer_share: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub revenue_share: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub average_check: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub model: ModelSpec,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub map: Vec<MapRow>,
}

/// The answer file: the model file as `crm-workbook rfm --model` reads it, plus
/// `[[map]]` rows for the sales map.
#[derive(Deserialize)]
struct AnswerFile {
    #[serde(flatten)]
    model: ModelSpec,
    #[serde(default)]
    map: Vec<MapRow>,
}

/// The learner's segmented variant: what the TUI shows and what grading checks.
pub struct Segmented {
    pub table: Table,
    pub model: Model,
    pub segmentation: Segmentation,
    pub map: SalesMap,
}

/// Segments the learner's variant with their model; `Err` holds the model's problems.
pub fn segment_variant(spec: &Spec, model: &ModelSpec, variant: u64) -> Result<Segmented, Vec<String>> {
    let model = model.compile()?;
    let table = rfm::loyalty_table(variant, spec.participants).map_err(|e| vec![e.to_string()])?;
    let segmentation = rfm::segment(&table, &model);
    let map = rfm::sales_map(&table, &segmentation);
    Ok(Segmented { table, model, segmentation, map })
}

impl Kind for Rfm {
    const LABEL: &'static str = msg::KIND_RFM;
    type Spec = Spec;
    type Answer = Answer;

    fn validate(spec: &Spec, v: &mut Validator) {
        if !(8..=100_000).contains(&spec.participants) {
            v.error(None, msg::spec_participants(spec.participants));
        }
        if spec.task == Task::Segmentation && spec.groups.is_empty() {
            v.error(None, msg::SPEC_NO_GROUPS);
        }
        let mut seen = std::collections::BTreeSet::new();
        for g in &spec.groups {
            if g.trim().is_empty() || !seen.insert(g.as_str()) {
                v.error(None, msg::spec_bad_group(g));
            }
        }
        for c in &spec.checks {
            if !spec.groups.contains(&c.segment) {
                v.error(None, msg::spec_check_unknown_group(&c.segment));
            }
            if c.r.is_none() && c.f.is_none() && c.m.is_none() {
                v.error(None, msg::spec_check_empty(&c.segment));
            }
        }
        for (name, t) in [("share_tolerance", spec.share_tolerance), ("check_tolerance", spec.check_tolerance)] {
            if !(t.is_finite() && t >= 0.0) {
                v.error(None, msg::spec_bad_tolerance(name));
            }
        }
    }

    fn grade(spec: &Spec, answer: &Answer, ctx: &GradeCtx) -> Outcome {
        let possible = match spec.task {
            Task::Segmentation => (spec.groups.len() + 1 + spec.checks.len()) as f64,
            Task::SalesMap => 4.0,
        };
        let segmented = match segment_variant(spec, &answer.model, ctx.variant) {
            Ok(s) => s,
            Err(errors) => {
                let findings =
                    errors.into_iter().map(|e| Finding::wrong(Place::Model, msg::model_problem(&e))).collect();
                return Outcome { earned: 0.0, possible, findings, needs_review: false };
            }
        };
        match spec.task {
            Task::Segmentation => grade_segmentation(spec, &segmented),
            Task::SalesMap => grade_sales_map(spec, &answer.map, &segmented),
        }
    }

    fn parse_answer_file(text: &str) -> Result<Answer, String> {
        let file: AnswerFile = toml::from_str(text).map_err(|e| crate::base::text::toml_error_message(text, &e))?;
        Ok(Answer { model: file.model, map: file.map })
    }

    fn prompt_vars(_spec: &Spec, ctx: &GradeCtx) -> Vec<(String, String)> {
        vec![("seed".into(), ctx.variant.to_string())]
    }
}

fn grade_segmentation(spec: &Spec, s: &Segmented) -> Outcome {
    let mut findings = Vec::new();
    let mut earned = 0.0;
    let named = |g: &str| s.model.names.iter().any(|n| n == g);
    for g in &spec.groups {
        let at = Place::Group(g.clone());
        match s.map.get(g).map_or(0, |x| x.customers) {
            0 if !named(g) => findings.push(Finding::missing(at, msg::group_no_rule(g))),
            0 => findings.push(Finding::missing(at, msg::group_empty(g))),
            n => {
                earned += 1.0;
                findings.push(Finding::correct(at, msg::group_ok(g, n)));
            }
        }
    }
    let fallback = &s.model.names[s.model.fallback];
    let strays: Vec<(&str, u64)> = s
        .map
        .segments
        .iter()
        .filter(|x| x.customers > 0 && !spec.groups.contains(&x.name))
        .map(|x| (x.name.as_str(), x.customers))
        .collect();
    if strays.is_empty() {
        earned += 1.0;
        findings.push(Finding::correct(Place::Fallback, msg::nobody_left(fallback)));
    }
    for (name, n) in &strays {
        let text = if name == fallback { msg::left_in_fallback(name, *n) } else { msg::outside_groups(name, *n) };
        findings.push(Finding::wrong(Place::Fallback, text));
    }
    let bins = s.model.method.bins();
    for (k, c) in spec.checks.iter().enumerate() {
        let at = Place::Check(k + 1);
        let Some(seg) = s.model.names.iter().position(|n| *n == c.segment) else {
            findings.push(Finding::missing(at, msg::check_group_empty(&c.segment)));
            continue;
        };
        let scores = &s.segmentation.scores;
        let mut members = 0u64;
        let mut violating = 0u64;
        for (i, &x) in s.segmentation.segment.iter().enumerate() {
            if usize::from(x) != seg {
                continue;
            }
            members += 1;
            let ok = |level: Option<Level>, score: u8| level.is_none_or(|l| l.holds(score, bins));
            if !(ok(c.r, scores.r[i]) && ok(c.f, scores.f[i]) && ok(c.m, scores.m[i])) {
                violating += 1;
            }
        }
        if members == 0 {
            findings.push(Finding::missing(at, msg::check_group_empty(&c.segment)));
        } else if violating == 0 {
            earned += 1.0;
            findings.push(Finding::correct(at, msg::check_ok(&c.segment, &c.why)));
        } else {
            findings.push(Finding::wrong(at, msg::check_failed(&c.segment, violating, members, &c.why)));
        }
    }
    Outcome { earned, possible: (spec.groups.len() + 1 + spec.checks.len()) as f64, findings, needs_review: false }
}

/// Four figures per segment with customers; a row for a segment that does not exist (or
/// is empty) is a remark, not a loss.
fn grade_sales_map(spec: &Spec, rows: &[MapRow], s: &Segmented) -> Outcome {
    let mut findings = Vec::new();
    let mut earned = 0.0;
    let expected: Vec<_> = s.map.segments.iter().filter(|x| x.customers > 0).collect();
    for want in &expected {
        let Some(row) = rows.iter().find(|r| r.segment.trim() == want.name) else {
            findings.push(Finding::missing(Place::Row(want.name.clone()), msg::map_row_missing(&want.name)));
            continue;
        };
        let figures: [(&str, &str, f64, f64, &str); 4] = [
            ("customers", &row.customers, want.customers as f64, 0.0, ""),
            ("customer_share", &row.customer_share, want.customer_share, spec.share_tolerance, "%"),
            ("revenue_share", &row.revenue_share, want.revenue_share, spec.share_tolerance, "%"),
            ("average_check", &row.average_check, want.average_check, spec.check_tolerance, "₽"),
        ];
        for (field, typed, value, tolerance, unit) in figures {
            let at = Place::cell(&want.name, field);
            let label = msg::map_field(field);
            if typed.trim().is_empty() {
                findings.push(Finding::missing(at, msg::map_empty(&want.name, label)));
                continue;
            }
            match parse_number(typed) {
                Err(e) => findings.push(Finding::wrong(at, msg::map_unreadable(&want.name, label, &e))),
                Ok((given, _)) if (given - value).abs() <= tolerance + 1e-9 * value.abs().max(1.0) => {
                    earned += 1.0;
                    let shown = format_number(value, Some(if field == "customers" { 0 } else { 2 }));
                    findings.push(Finding::correct(at, msg::map_ok(&want.name, label, &shown, unit)));
                }
                Ok((given, _)) => {
                    findings.push(Finding::wrong(at, msg::map_wrong(&want.name, label, given > value)));
                    if unit == "%" && (given * 100.0 - value).abs() <= tolerance.max(0.01) {
                        findings.push(Finding::note(msg::MAP_SHARE_AS_FRACTION));
                    }
                }
            }
        }
    }
    for row in rows {
        if !expected.iter().any(|w| w.name == row.segment.trim()) {
            findings.push(Finding::note(msg::map_unknown_row(&row.segment)));
        }
    }
    Outcome { earned, possible: (4 * expected.len()).max(1) as f64, findings, needs_review: false }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{grade_variant, issues, spec};
    use super::*;
    use crate::data::rfm::model::COURSE7;
    use crate::kinds::Severity;

    const SEGMENTATION: &str = r#"
        task = "segmentation"
        participants = 300
        groups = ["Новые покупатели", "Лояльные", "ВИП-клиенты", "В зоне риска", "Требующие внимания", "Разовые покупатели", "«Спящие»"]
        checks = [
            { segment = "ВИП-клиенты", f = "high", m = "high", why = "у ВИП высокие частота и сумма" },
            { segment = "«Спящие»", r = "lowest", why = "спящие дольше всех не покупали" },
            { segment = "Новые покупатели", r = "high", f = "lowest", why = "новые купили недавно и один раз" },
        ]
    "#;

    fn course7() -> Answer {
        Rfm::parse_answer_file(COURSE7).expect("course7 reads as an answer")
    }

    #[test]
    fn levels_are_relative_to_the_bins() {
        let holds = |l: Level, b: u8| (1..=b).filter(|&s| l.holds(s, b)).collect::<Vec<_>>();
        assert_eq!(holds(Level::High, 5), [4, 5]);
        assert_eq!(holds(Level::Low, 5), [1, 2]);
        assert_eq!(holds(Level::High, 4), [3, 4]);
        assert_eq!(holds(Level::High, 3), [3]);
        assert_eq!(holds(Level::Lowest, 3), [1]);
        assert_eq!(holds(Level::Highest, 3), [3]);
    }

    #[test]
    fn course7_passes_the_segmentation_for_many_learners() {
        let s = spec::<Rfm>(SEGMENTATION);
        for variant in 0..25 {
            let o = grade_variant::<Rfm>(&s, &course7(), variant * 7919);
            assert_eq!(o.earned, o.possible, "variant {variant}: {:#?}", o.findings);
            assert_eq!(o.possible, 11.0);
        }
    }

    #[test]
    fn wrong_and_partial_segmentations() {
        let s = spec::<Rfm>(SEGMENTATION);
        // Only three groups, the rest in the fallback: 3 groups, no fallback point; checks:
        // ВИП (f, m high) holds, «Спящие» and Новые are missing.
        let three = Rfm::parse_answer_file(
            "[[segment]]\nname = \"ВИП-клиенты\"\nf = \"5\"\nm = \"5\"\n[[segment]]\nname = \"Лояльные\"\nr = \"4-5\"\n[[segment]]\nname = \"Разовые покупатели\"\nf = \"1\"",
        )
        .unwrap();
        let o = grade_variant::<Rfm>(&s, &three, 1);
        assert_eq!(o.earned, 4.0, "{:#?}", o.findings);
        assert!(o.findings.iter().any(|f| f.at == Some(Place::Fallback) && f.severity == Severity::Wrong));
        assert!(
            o.findings
                .iter()
                .any(|f| f.at == Some(Place::Group("«Спящие»".into())) && f.message.contains("нет правила"))
        );
        // «Спящие» with r = 1-2 breaks the check of meaning; new buyers with F any too.
        let loose = COURSE7
            .replace("name = \"«Спящие»\"\nr = \"1\"", "name = \"«Спящие»\"\nr = \"1-2\"")
            .replace("name = \"Новые покупатели\"\nr = \"4-5\"\nf = \"1\"", "name = \"Новые покупатели\"\nr = \"4-5\"");
        let o = grade_variant::<Rfm>(&s, &Rfm::parse_answer_file(&loose).unwrap(), 1);
        let failed: Vec<String> = o
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Wrong)
            .filter_map(|f| f.at.as_ref().map(Place::to_string))
            .collect();
        assert_eq!(failed, ["check:2"], "{:#?}", o.findings);
        // A broken model: no points, its problems listed.
        let broken = Rfm::parse_answer_file("[scoring]\nbins = 0\n[[segment]]\nname = \"A\"\nr = \"7\"").unwrap();
        let o = grade_variant::<Rfm>(&s, &broken, 1);
        assert_eq!((o.earned, o.findings.len()), (0.0, 2));
    }

    #[test]
    fn sales_map_right_partial_and_wrong() {
        let s = spec::<Rfm>("task = \"sales-map\"\nparticipants = 300");
        let variant = 42;
        let seg = segment_variant(&s, &course7().model, variant).unwrap();
        let rows: Vec<MapRow> = seg
            .map
            .segments
            .iter()
            .map(|x| MapRow {
                segment: x.name.clone(),
                customers: x.customers.to_string(),
                customer_share: format!("{} %", format_number(x.customer_share, Some(1))),
                revenue_share: format_number(x.revenue_share, Some(2)),
                average_check: format!("{} ₽", format_number(x.average_check, Some(2))),
            })
            .collect();
        let all = 4.0 * seg.map.segments.iter().filter(|x| x.customers > 0).count() as f64;
        let answer = Answer { model: course7().model, map: rows.clone() };
        let o = grade_variant::<Rfm>(&s, &answer, variant);
        assert_eq!((o.earned, o.possible), (all, all), "{:#?}", o.findings);
        // One share off by a point, one row missing, one figure unreadable.
        let mut partial = rows.clone();
        partial[0].customer_share = format!("{}", seg.map.segments[0].customer_share + 1.0);
        partial[1].average_check = "много".into();
        partial.remove(2);
        let o = grade_variant::<Rfm>(&s, &Answer { model: course7().model, map: partial }, variant);
        assert_eq!(o.earned, all - 4.0 - 1.0 - 1.0, "{:#?}", o.findings);
        // Another learner's data: the same figures are wrong.
        let o = grade_variant::<Rfm>(&s, &answer, variant + 1);
        assert!(o.earned < all / 2.0, "{:#?}", o.findings);
    }

    #[test]
    fn answer_files_and_spec_validation() {
        let a = Rfm::parse_answer_file(
            "[scoring]\nmethod = \"rank-first\"\n[[segment]]\nname = \"A\"\n[[map]]\nsegment = \"A\"\ncustomers = 10\ncustomer_share = \"100 %\"\nrevenue_share = 100\naverage_check = 12.5",
        )
        .unwrap();
        assert_eq!(a.map[0].customers, "10");
        assert_eq!(a.map[0].average_check, "12.5");
        assert!(Rfm::parse_answer_file("[[segment]]\nname = \"A\"\nq = 1").is_err());
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Answer>(&json).unwrap(), a);
        assert_eq!(
            issues::<Rfm>("task = \"segmentation\"\nparticipants = 3\nchecks = [{ segment = \"X\", why = \"\" }]")
                .into_iter()
                .map(|(_, m)| m)
                .collect::<Vec<_>>(),
            vec![
                msg::spec_participants(3),
                msg::SPEC_NO_GROUPS.to_string(),
                msg::spec_check_unknown_group("X"),
                msg::spec_check_empty("X"),
            ]
        );
    }
}
