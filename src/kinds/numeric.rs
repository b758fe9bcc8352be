//! `numeric`: a number with a tolerance and an optional unit; parameters may be drawn
//! per learner, the expected answer computed by a formula.
//!
//! Scoring (documented for instructors in docs/authoring.md), out of one: the answer is
//! right when it differs from the expected value by no more than `tolerance`, or by no
//! more than `relative_tolerance` × |expected| (when both are given, either suffices),
//! and its unit, if the learner wrote one, is the exercise's unit. Anything else earns 0.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::formula::{self, Expr};
use super::random::SplitMix64;
use super::{Finding, GradeCtx, Kind, Outcome, Place, Severity, Validator};
pub use crate::base::number::{format_number, parse_number};
use crate::strings::grading as msg;

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
    /// The text the learner typed: «12,5», «12.5 %», «1 234,50». An answer file may
    /// also give a bare TOML number (`value = 12.5`).
    #[serde(default, deserialize_with = "text_or_number")]
    pub value: String,
}

/// Accepts `"12,5 %"` as well as a bare `12.5` or `12` in a hand-written answer file.
pub(crate) fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Integer(i64),
        Float(f64),
    }
    Ok(match TextOrNumber::deserialize(d)? {
        TextOrNumber::Text(s) => s,
        TextOrNumber::Integer(i) => i.to_string(),
        TextOrNumber::Float(f) => f.to_string(),
    })
}

/// One learner's numbers: the drawn parameters and the answer they lead to.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub params: BTreeMap<String, f64>,
    pub expected: f64,
}

/// The learner's parameters and expected answer. Deterministic: the same variant
/// always gives the same numbers. An error only for a spec that validation rejects.
pub fn instance(spec: &Spec, variant: u64) -> Result<Instance, String> {
    let expr = formula::parse(spec.answer.get_ref()).map_err(|e| msg::numeric_formula(&e.to_string()))?;
    let params = draw_params(spec, variant);
    let expected = expr.eval(&params).map_err(|e| msg::numeric_formula(&e))?;
    if !expected.is_finite() {
        return Err(msg::numeric_formula_not_finite(&describe(&params)));
    }
    Ok(Instance { params, expected })
}

/// Each parameter is drawn from its own stream (seeded by the variant and its name), so
/// adding a parameter leaves the others' values as they were.
fn draw_params(spec: &Spec, variant: u64) -> BTreeMap<String, f64> {
    spec.params
        .iter()
        .map(|(name, p)| {
            let mut rng = SplitMix64::for_purpose(variant, &format!("numeric.param.{name}"));
            let p = p.get_ref();
            let k = rng.below(step_count(p) + 1);
            (name.clone(), value_at(p, k))
        })
        .collect()
}

/// How many steps fit between min and max (0 for a malformed parameter).
fn step_count(p: &Param) -> u64 {
    let steps = ((p.max - p.min) / p.step + 1e-9).floor();
    if steps.is_finite() && steps >= 0.0 { steps.min(1e15) as u64 } else { 0 }
}

/// The k-th value of a parameter, rounded to the decimals its min and step are written
/// with (so 0.1 + 2 × 0.1 is 0.3, not 0.30000000000000004).
fn value_at(p: &Param, k: u64) -> f64 {
    let decimals = decimals_of(p.step).max(decimals_of(p.min));
    let scale = 10f64.powi(decimals);
    ((p.min + k as f64 * p.step) * scale).round() / scale
}

fn decimals_of(x: f64) -> i32 {
    (0..=10)
        .find(|&d| {
            let scaled = x * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(10)
}

/// «Кнп = 120, Ккп = 95» for messages.
fn describe(params: &BTreeMap<String, f64>) -> String {
    params.iter().map(|(k, v)| format!("{k} = {}", format_number(*v, None))).collect::<Vec<_>>().join(", ")
}

/// Units compared loosely: case, dots, spaces and common spellings of the same unit
/// do not matter («руб.» = «₽», «процентов» = «%», «п.п.» = «процентных пунктов»). A
/// quantity in percentage points (a difference of two percentages, such as NPS) is
/// commonly written with «%» too, so «%» is accepted for it; the reverse is not.
fn same_unit(given: &str, expected: &str) -> bool {
    fn canonical(u: &str) -> String {
        let u: String = u.to_lowercase().split_whitespace().collect::<String>().replace('.', "");
        match u.as_str() {
            "₽" | "р" | "руб" | "рубль" | "рубля" | "рублей" => "₽".into(),
            "%" | "процент" | "процента" | "процентов" => "%".into(),
            "пп"
            | "пункт"
            | "пункта"
            | "пунктов"
            | "процентныйпункт"
            | "процентныхпункта"
            | "процентногопункта"
            | "процентныхпунктов" => "пп".into(),
            "дн" | "день" | "дня" | "дней" => "дн".into(),
            "чел" | "человек" | "человека" => "чел".into(),
            "шт" | "штук" | "штуки" | "штука" => "шт".into(),
            _ => u,
        }
    }
    let (given, expected) = (canonical(given), canonical(expected));
    given == expected || (expected == "пп" && given == "%")
}

/// Parameter values to check a formula at: every combination of each parameter's
/// smallest and largest value (for up to 10 parameters), then a few hundred draws.
fn probe_points(spec: &Spec) -> Vec<BTreeMap<String, f64>> {
    let params: Vec<(&String, &Param)> = spec.params.iter().map(|(n, p)| (n, p.get_ref())).collect();
    let ends = |p: &Param| [p.min, value_at(p, step_count(p))];
    let mut points = Vec::new();
    if params.len() <= 10 {
        for mask in 0u32..(1 << params.len()) {
            points.push(
                params
                    .iter()
                    .enumerate()
                    .map(|(i, (n, p))| ((*n).clone(), ends(p)[(mask >> i & 1) as usize]))
                    .collect(),
            );
        }
    } else {
        for end in 0..2 {
            points.push(params.iter().map(|(n, p)| ((*n).clone(), ends(p)[end])).collect());
        }
    }
    points.extend((0..256).map(|variant| draw_params(spec, variant)));
    points
}

impl Kind for Numeric {
    const LABEL: &'static str = msg::KIND_NUMERIC;
    type Spec = Spec;
    type Answer = Answer;

    fn validate(spec: &Spec, v: &mut Validator) {
        if spec.tolerance.is_none() && spec.relative_tolerance.is_none() {
            v.error(Some(spec.answer.span()), msg::numeric_no_tolerance());
        }
        for (field, tol) in [("tolerance", &spec.tolerance), ("relative_tolerance", &spec.relative_tolerance)] {
            if let Some(t) = tol
                && !(t.get_ref().is_finite() && *t.get_ref() >= 0.0)
            {
                v.error(Some(t.span()), msg::numeric_bad_tolerance(field));
            }
        }
        let mut params_ok = true;
        for (name, p) in &spec.params {
            let span = Some(p.span());
            let param = p.get_ref();
            let mut fail = |v: &mut Validator, message: String| {
                params_ok = false;
                v.error(span.clone(), message);
            };
            if !formula::is_identifier(name) {
                fail(v, msg::numeric_bad_param_name(name));
            }
            if ![param.min, param.max, param.step].iter().all(|x| x.is_finite()) {
                fail(v, msg::numeric_param_not_finite(name));
                continue;
            }
            if param.min > param.max {
                fail(
                    v,
                    msg::numeric_param_min_above_max(
                        name,
                        &format_number(param.min, None),
                        &format_number(param.max, None),
                    ),
                );
            }
            if param.step <= 0.0 {
                fail(v, msg::numeric_param_bad_step(name));
            }
        }
        let expr: Expr = match formula::parse(spec.answer.get_ref()) {
            Ok(expr) => expr,
            Err(e) => {
                v.error(Some(spec.answer.span()), msg::numeric_formula(&e.to_string()));
                return;
            }
        };
        let unknown: Vec<&str> = expr.params().into_iter().filter(|n| !spec.params.contains_key(*n)).collect();
        for name in &unknown {
            v.error(Some(spec.answer.span()), msg::numeric_formula(&msg::formula_unknown_param(name)));
        }
        if !unknown.is_empty() || !params_ok {
            return;
        }
        for point in probe_points(spec) {
            if !expr.eval(&point).is_ok_and(f64::is_finite) {
                v.error(Some(spec.answer.span()), msg::numeric_formula_not_finite(&describe(&point)));
                return;
            }
        }
    }

    fn grade(spec: &Spec, answer: &Answer, ctx: &GradeCtx) -> Outcome {
        let fail =
            |finding: Finding| Outcome { earned: 0.0, possible: 1.0, findings: vec![finding], needs_review: false };
        let at = Place::Value;
        if answer.value.trim().is_empty() {
            return fail(Finding::missing(at, msg::number_empty()));
        }
        let inst = match instance(spec, ctx.variant) {
            Ok(inst) => inst,
            Err(e) => return fail(Finding::new(None, Severity::Note, msg::numeric_broken_formula(&e))),
        };
        let (given, unit) = match parse_number(&answer.value) {
            Ok(parsed) => parsed,
            Err(e) => return fail(Finding::wrong(at, msg::numeric_unreadable(&e))),
        };
        match (unit.as_deref(), spec.unit.as_deref()) {
            (Some(u), Some(expected)) if !same_unit(u, expected) => {
                return fail(Finding::wrong(at, msg::numeric_wrong_unit(u, expected)));
            }
            (Some(u), None) => return fail(Finding::wrong(at, msg::numeric_unexpected_unit(u))),
            _ => {}
        }

        let expected = inst.expected;
        let absolute = spec.tolerance.as_ref().map_or(0.0, |t| *t.get_ref());
        let relative = spec.relative_tolerance.as_ref().map_or(0.0, |t| *t.get_ref() * expected.abs());
        // A hair of slack so that a tolerance of exactly the difference passes despite
        // binary fractions (0.1 + 0.2).
        let allowed = absolute.max(relative) + 1e-9 * expected.abs().max(1.0);
        let diff = (given - expected).abs();
        if diff <= allowed {
            let exact = format_number(expected, spec.decimals);
            let shown = match &spec.unit {
                Some(u) => format!("{exact} {u}"),
                None => exact,
            };
            return Outcome {
                earned: 1.0,
                possible: 1.0,
                findings: vec![Finding::correct(at, msg::numeric_right(&shown))],
                needs_review: false,
            };
        }
        let mut findings = vec![Finding::wrong(at, msg::numeric_off(given > expected, off_band(diff, expected)))];
        if expected != 0.0 && given != 0.0 {
            let ratio = given / expected;
            if ratio < 0.0 {
                findings.push(Finding::note(msg::numeric_sign_hint()));
            } else if (ratio / 100.0 - 1.0).abs() < 0.02 || (ratio * 100.0 - 1.0).abs() < 0.02 {
                findings.push(Finding::note(msg::numeric_scale_hint()));
            }
        }
        Outcome { earned: 0.0, possible: 1.0, findings, needs_review: false }
    }

    fn prompt_vars(spec: &Spec, ctx: &GradeCtx) -> Vec<(String, String)> {
        draw_params(spec, ctx.variant).into_iter().map(|(name, value)| (name, format_number(value, None))).collect()
    }
}

/// How far off an answer is, in coarse bands that do not let the learner compute the
/// answer back from the message.
fn off_band(diff: f64, expected: f64) -> Option<msg::OffBand> {
    if expected == 0.0 {
        return None;
    }
    let share = diff / expected.abs();
    Some(if share <= 0.05 {
        msg::OffBand::Slightly
    } else if share <= 0.2 {
        msg::OffBand::Noticeably
    } else if share <= 0.5 {
        msg::OffBand::Much
    } else {
        msg::OffBand::VeryMuch
    })
}

#[cfg(test)]
mod tests {
    use super::super::Severity::{Correct, Missing, Note, Wrong};
    use super::super::test_support::{at, grade, grade_variant, issues, spec};
    use super::super::{GradeCtx, NoDatasets};
    use super::*;

    const FIXED: &str = r#"
        answer = "(90 - 10) / 100 * 100"
        tolerance = 0.05
        unit = "%"
    "#;

    const DRAWN: &str = r#"
        answer = "(Ккп - Кнов) / Кнп * 100"
        relative_tolerance = 0.01
        unit = "%"
        decimals = 1
        [params]
        "Кнп" = { min = 100, max = 200, step = 10 }
        "Ккп" = { min = 90, max = 180, step = 5 }
        "Кнов" = { min = 5, max = 30 }
    "#;

    fn answer(value: &str) -> Answer {
        Answer { value: value.into() }
    }

    #[test]
    fn parse_number_reads_what_learners_type() {
        let ok: &[(&str, f64, Option<&str>)] = &[
            ("12,5", 12.5, None),
            ("12.5", 12.5, None),
            ("  12.5 % ", 12.5, Some("%")),
            ("12,5%", 12.5, Some("%")),
            ("1 234,50 ₽", 1234.5, Some("₽")),
            ("1\u{a0}234\u{a0}567", 1_234_567.0, None),
            ("1\u{202f}234,5", 1234.5, None),
            ("−3,25", -3.25, None),
            ("-0,5 дн.", -0.5, Some("дн.")),
            ("+7", 7.0, None),
            (",5", 0.5, None),
            ("5 000 руб.", 5000.0, Some("руб.")),
        ];
        for (text, value, unit) in ok {
            assert_eq!(parse_number(text), Ok((*value, unit.map(String::from))), "{text:?}");
        }
        let bad: &[(&str, String)] = &[
            ("", msg::number_empty()),
            ("abc", msg::number_no_digits("abc")),
            ("1.234,5", msg::number_two_separators()),
            ("12 5", msg::number_bad_grouping()),
            ("1234 567", msg::number_bad_grouping()),
            ("12,", msg::number_no_fraction()),
            ("%", msg::number_no_digits("%")),
        ];
        for (text, err) in bad {
            assert_eq!(parse_number(text), Err(err.clone()), "{text:?}");
        }
    }

    #[test]
    fn percentage_points_accept_their_spellings_and_percent() {
        for given in
            ["п.п.", "п. п.", "пп", "П.П", "пунктов", "пункта", "процентных пунктов", "процентного пункта", "%"]
        {
            assert!(same_unit(given, "п. п."), "{given:?}");
        }
        for wrong in ["₽", "дн.", "раз", "баллов"] {
            assert!(!same_unit(wrong, "п. п."), "{wrong:?}");
        }
        // A share in percent is not a difference of percentages.
        assert!(!same_unit("п.п.", "%"));
        assert!(same_unit("процентов", "%"));
    }

    #[test]
    fn format_number_is_russian_and_trims_zeros() {
        let cases: &[(f64, Option<u32>, &str)] = &[
            (12.5, None, "12,5"),
            (80.0, None, "80"),
            (0.1 + 0.2, None, "0,3"),
            (1234.5, None, "1234,5"),
            (12345.678, Some(1), "12\u{a0}345,7"),
            (1_000_000.0, None, "1\u{a0}000\u{a0}000"),
            (-0.0001, Some(2), "0"),
            (-2.5, None, "-2,5"),
            (2.0 / 3.0, Some(2), "0,67"),
        ];
        for (x, d, want) in cases {
            assert_eq!(format_number(*x, *d), *want, "{x} {d:?}");
        }
    }

    #[test]
    fn fixed_answer_scoring() {
        let s = spec::<Numeric>(FIXED);
        // (typed, earned)
        let cases: &[(&str, f64)] = &[
            ("80", 1.0),
            ("80,0 %", 1.0),
            ("80.04", 1.0),
            ("80 процентов", 1.0),
            ("80,1", 0.0),
            ("79", 0.0),
            ("80 ₽", 0.0),
            ("восемьдесят", 0.0),
            ("", 0.0),
            ("0,8", 0.0),
        ];
        for (typed, earned) in cases {
            let o = grade::<Numeric>(&s, &answer(typed));
            assert_eq!((o.earned, o.possible), (*earned, 1.0), "{typed:?}: {:#?}", o.findings);
        }
    }

    #[test]
    fn findings_say_what_is_wrong_without_the_answer() {
        let s = spec::<Numeric>(FIXED);
        let cases: &[(&str, Vec<(Severity, String)>)] = &[
            ("80", vec![(Correct, "верно (ответ: 80 %)".into())]),
            ("", vec![(Missing, "ответ не введён".into())]),
            ("8O", vec![(Wrong, "единица «O» не подходит: ответ даётся в «%»".into())]),
            ("1.234,5", vec![(Wrong, "не удалось прочитать число: в числе больше одного десятичного разделителя; пишите, например, 1234,5 или 1 234,5".into())]),
            ("80 руб", vec![(Wrong, "единица «руб» не подходит: ответ даётся в «%»".into())]),
            ("83", vec![(Wrong, "неверно: ваш ответ немного больше верного (не дальше чем на 5 %)".into())]),
            ("60", vec![(Wrong, "неверно: ваш ответ меньше верного на 20–50 %".into())]),
        ];
        for (typed, want) in cases {
            let o = grade::<Numeric>(&s, &answer(typed));
            assert_eq!(&at(&o, "value"), want, "{typed:?}");
        }
        let o = grade::<Numeric>(&s, &answer("0,8"));
        assert_eq!(o.findings[1], Finding::note(msg::numeric_scale_hint()));
        let o = grade::<Numeric>(&s, &answer("-80"));
        assert_eq!(o.findings[1], Finding::note(msg::numeric_sign_hint()));
        assert_eq!(o.findings[1].severity, Note);
    }

    #[test]
    fn drawn_parameters_are_stable_per_learner_and_graded_per_learner() {
        let s = spec::<Numeric>(DRAWN);
        let a = instance(&s, 7).expect("valid spec");
        assert_eq!(a, instance(&s, 7).expect("valid spec"), "same variant, same numbers");
        assert!((0..50).any(|v| instance(&s, v).map(|i| i.params) != Ok(a.params.clone())), "learners differ");
        for variant in 0..200 {
            let inst = instance(&s, variant).expect("valid spec");
            let knp = inst.params["Кнп"];
            assert!((100.0..=200.0).contains(&knp) && knp % 10.0 == 0.0, "{knp}");
            assert!((5.0..=30.0).contains(&inst.params["Кнов"]));
            let want = (inst.params["Ккп"] - inst.params["Кнов"]) / knp * 100.0;
            assert!((inst.expected - want).abs() < 1e-9);
            let typed = format_number(inst.expected, Some(1));
            let o = grade_variant::<Numeric>(&s, &answer(&typed), variant);
            assert_eq!(o.earned, 1.0, "variant {variant}: {typed} for {inst:?}");
        }
        // One learner's answer is not another's (unless their numbers happen to agree).
        let other = (1..100).find(|v| instance(&s, *v).map(|i| i.expected) != Ok(a.expected)).expect("some differ");
        let typed = format_number(a.expected, Some(3));
        assert_eq!(grade_variant::<Numeric>(&s, &answer(&typed), 7).earned, 1.0);
        assert_eq!(grade_variant::<Numeric>(&s, &answer(&typed), other).earned, 0.0);
    }

    #[test]
    fn prompt_vars_show_the_learners_numbers() {
        let s = spec::<Numeric>(DRAWN);
        let ctx = GradeCtx { variant: 7, datasets: &NoDatasets };
        let inst = instance(&s, 7).expect("valid spec");
        let vars = Numeric::prompt_vars(&s, &ctx);
        assert_eq!(vars.len(), 3);
        for (name, shown) in vars {
            assert_eq!(shown, format_number(inst.params[&name], None));
        }
        let fractional =
            spec::<Numeric>("answer = \"x * 2\"\ntolerance = 0\n[params]\nx = { min = 0.1, max = 0.3, step = 0.1 }");
        let shown: Vec<String> = (0..30)
            .map(|v| Numeric::prompt_vars(&fractional, &GradeCtx { variant: v, datasets: &NoDatasets })[0].1.clone())
            .collect();
        assert!(shown.iter().all(|s| ["0,1", "0,2", "0,3"].contains(&s.as_str())), "{shown:?}");
    }

    #[test]
    fn validation_reports_every_rule_at_its_place() {
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(issues::<Numeric>("answer = \"12.5\""), vec![s("\"12.5\"", &msg::numeric_no_tolerance())]);
        assert_eq!(
            issues::<Numeric>("answer = \"12.5\"\ntolerance = -1\nrelative_tolerance = nan"),
            vec![
                s("-1", "tolerance должен быть конечным неотрицательным числом"),
                s("nan", "relative_tolerance должен быть конечным неотрицательным числом"),
            ]
        );
        assert_eq!(
            issues::<Numeric>("answer = \"(a + \"\ntolerance = 0"),
            vec![s("\"(a + \"", "формула answer: символ 6: формула оборвалась: ожидалось число, параметр или «(»")]
        );
        assert_eq!(
            issues::<Numeric>("answer = \"a + b\"\ntolerance = 0\n[params]\na = { min = 1, max = 2 }"),
            vec![s("\"a + b\"", "формула answer: неизвестный параметр «b»: его нет в params")]
        );
        let params = "answer = \"a\"\ntolerance = 0\n[params]\na = { min = 5, max = 2, step = 0 }";
        assert_eq!(
            issues::<Numeric>(params),
            vec![
                s("{ min = 5, max = 2, step = 0 }", "у параметра «a» min (5) больше max (2)"),
                s("{ min = 5, max = 2, step = 0 }", "у параметра «a» step должен быть больше нуля"),
            ]
        );
        assert_eq!(
            issues::<Numeric>("answer = \"1 / (a - 3)\"\ntolerance = 0\n[params]\na = { min = 1, max = 5 }"),
            vec![s(
                "\"1 / (a - 3)\"",
                "формула answer даёт не число (деление на ноль или корень из отрицательного) при a = 3"
            )]
        );
        assert_eq!(
            issues::<Numeric>("answer = \"100 / a\"\ntolerance = 0\n[params]\na = { min = 0, max = 5 }"),
            vec![s(
                "\"100 / a\"",
                "формула answer даёт не число (деление на ноль или корень из отрицательного) при a = 0"
            )]
        );
        assert_eq!(
            issues::<Numeric>("answer = \"1\"\ntolerance = 0\n[params]\n\"2x\" = { min = 0, max = 5 }"),
            vec![s(
                "{ min = 0, max = 5 }",
                "имя параметра «2x» должно состоять из букв, цифр и «_» и начинаться с буквы"
            )]
        );
        assert_eq!(issues::<Numeric>(DRAWN), vec![]);
    }

    #[test]
    fn answer_files_may_give_text_or_a_bare_number() {
        let read = |text: &str| Numeric::parse_answer_file(text).map(|a| a.value);
        assert_eq!(read("value = \"12,5 %\""), Ok("12,5 %".into()));
        assert_eq!(read("value = 12.5"), Ok("12.5".into()));
        assert_eq!(read("value = 80"), Ok("80".into()));
        assert!(read("value = [1]").is_err());
        assert!(read("valeu = 1").is_err());
        let json = serde_json::to_string(&answer("7,5")).expect("serializes");
        assert_eq!(serde_json::from_str::<Answer>(&json).expect("round trip"), answer("7,5"));
    }

    #[test]
    fn a_broken_spec_grades_without_panicking() {
        let s: Spec = toml::from_str("answer = \"1 / 0\"").expect("parses");
        let o = grade::<Numeric>(&s, &answer("1"));
        assert_eq!((o.earned, o.findings.len()), (0.0, 1));
        let s: Spec = toml::from_str("answer = \"1 +\"").expect("parses");
        assert_eq!(grade::<Numeric>(&s, &answer("1")).earned, 0.0);
    }
}
