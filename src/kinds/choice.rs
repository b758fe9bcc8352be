//! `choice`: single or multiple choice.
//!
//! Scoring (documented for instructors in docs/authoring.md), out of one:
//! - single choice (`multiple = false`): exactly one option ticked and it is the correct
//!   one → 1, anything else → 0;
//! - multiple choice: with k correct options out of n, each ticked correct option adds
//!   1/k and each ticked wrong option takes 1/(n − k) away; the sum is floored at 0. Ticking
//!   everything therefore earns 1 − 1 = 0, and ticking nothing earns 0.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::random::SplitMix64;
use super::{Finding, GradeCtx, Kind, Outcome, Place, Severity, Validator, unique_ids};
use crate::strings::grading as msg;

pub struct Choice;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: Spanned<String>,
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    /// Shown when this option is ticked (or, for a correct one, missed — then without
    /// pointing at the option).
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

/// The order to show the options in, as indices into `spec.options`: drawn per learner
/// when `spec.shuffle`, else as written.
pub fn display_order(spec: &Spec, variant: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spec.options.get_ref().len()).collect();
    if spec.shuffle {
        SplitMix64::for_purpose(variant, "choice.shuffle").shuffle(&mut order);
    }
    order
}

fn at_option(id: &str) -> Place {
    Place::Option(id.to_owned())
}

impl Kind for Choice {
    const LABEL: &'static str = msg::KIND_CHOICE;
    type Spec = Spec;
    type Answer = Answer;

    fn validate(spec: &Spec, v: &mut Validator) {
        let options = spec.options.get_ref();
        if options.is_empty() {
            v.error(Some(spec.options.span()), msg::choice_no_options());
            return;
        }
        unique_ids(v, "options", options.iter().map(|o| &o.id));
        for o in options.iter().filter(|o| o.text.trim().is_empty()) {
            v.error(Some(o.id.span()), msg::empty_text("options", o.id.get_ref()));
        }
        let correct: Vec<&ChoiceOption> = options.iter().filter(|o| o.correct).collect();
        match correct.as_slice() {
            [] => v.error(Some(spec.options.span()), msg::choice_no_correct()),
            [first, second, ..] if !spec.multiple => {
                v.error(Some(second.id.span()), msg::choice_several_correct(first.id.get_ref()))
            }
            _ => {}
        }
    }

    fn place_label(spec: &Spec, at: &Place) -> Option<String> {
        let Place::Option(id) = at else { return None };
        let option = spec.options.get_ref().iter().find(|o| o.id.get_ref() == id)?;
        Some(msg::choice_place(&option.text))
    }

    fn grade(spec: &Spec, answer: &Answer, _ctx: &GradeCtx) -> Outcome {
        let options = spec.options.get_ref();
        let mut findings = Vec::new();
        let mut ticked: Vec<&ChoiceOption> = Vec::new();
        for id in &answer.selected {
            let at = at_option(id);
            match options.iter().find(|o| o.id.get_ref() == id) {
                None => findings.push(Finding::wrong(at, msg::choice_unknown_option(id))),
                Some(o) if ticked.iter().any(|t| t.id.get_ref() == id) => {
                    findings.push(Finding::new(Some(at), Severity::Note, msg::choice_selected_twice(o.id.get_ref())))
                }
                Some(o) => ticked.push(o),
            }
        }
        if ticked.is_empty() {
            findings.push(Finding::new(None, Severity::Missing, msg::choice_nothing_selected()));
            return Outcome { earned: 0.0, possible: 1.0, findings, needs_review: false };
        }
        if !spec.multiple && ticked.len() > 1 {
            // Saying which of them is right would give the answer away.
            findings.push(Finding::new(None, Severity::Wrong, msg::choice_single_expected(ticked.len())));
            return Outcome { earned: 0.0, possible: 1.0, findings, needs_review: false };
        }

        let n = options.len();
        let k = options.iter().filter(|o| o.correct).count();
        let mut earned = 0.0;
        for o in &ticked {
            let at = at_option(o.id.get_ref());
            let feedback = o.feedback.clone();
            if o.correct {
                earned += 1.0 / k.max(1) as f64;
                findings.push(Finding::correct(at, feedback.unwrap_or_else(msg::choice_right)));
            } else {
                earned -= 1.0 / (n - k).max(1) as f64;
                findings.push(Finding::wrong(at, feedback.unwrap_or_else(msg::choice_wrong)));
            }
        }
        let missed: Vec<&ChoiceOption> =
            options.iter().filter(|o| o.correct && !ticked.iter().any(|t| t.id == o.id)).collect();
        if spec.multiple && !missed.is_empty() {
            findings.push(Finding::new(None, Severity::Missing, msg::choice_missed(missed.len())));
            findings.extend(missed.iter().filter_map(|o| o.feedback.clone()).map(Finding::note));
        }
        Outcome { earned: earned.clamp(0.0, 1.0), possible: 1.0, findings, needs_review: false }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Severity::{Correct, Missing, Note, Wrong};
    use super::super::test_support::{at, grade, issues, spec};
    use super::*;

    const SINGLE: &str = r#"
        options = [
            { id = "a", text = "Удержание", correct = true, feedback = "Да: удержание растёт." },
            { id = "b", text = "Охват" },
            { id = "c", text = "Трафик", feedback = "Трафик — это про привлечение." },
        ]
    "#;

    const MULTIPLE: &str = r#"
        multiple = true
        options = [
            { id = "a", text = "1", correct = true },
            { id = "b", text = "2", correct = true, feedback = "ARPU тоже метрика дохода." },
            { id = "c", text = "3" },
            { id = "d", text = "4" },
            { id = "e", text = "5" },
        ]
    "#;

    fn answer(ids: &[&str]) -> Answer {
        Answer { selected: ids.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn single_choice_is_right_or_wrong() {
        let s = spec::<Choice>(SINGLE);
        let cases: &[(&[&str], f64)] =
            &[(&["a"], 1.0), (&["b"], 0.0), (&["c"], 0.0), (&[], 0.0), (&["a", "b"], 0.0), (&["a", "a"], 1.0)];
        for (ids, earned) in cases {
            let o = grade::<Choice>(&s, &answer(ids));
            assert_eq!((o.earned, o.possible), (*earned, 1.0), "{ids:?}: {:#?}", o.findings);
        }
        let right = grade::<Choice>(&s, &answer(&["a"]));
        assert_eq!(at(&right, "option:a"), vec![(Correct, "Да: удержание растёт.".into())]);
        let wrong = grade::<Choice>(&s, &answer(&["c"]));
        assert_eq!(at(&wrong, "option:c"), vec![(Wrong, "Трафик — это про привлечение.".into())]);
        let plain = grade::<Choice>(&s, &answer(&["b"]));
        assert_eq!(at(&plain, "option:b"), vec![(Wrong, "этот вариант неверен".into())]);
        let two = grade::<Choice>(&s, &answer(&["a", "b"]));
        assert_eq!(two.findings.len(), 1, "which of two ticked is right is not given away");
        assert_eq!(two.findings[0].message, "нужно выбрать один вариант, а выбрано 2");
    }

    #[test]
    fn multiple_choice_partial_credit_punishes_ticking_everything() {
        let s = spec::<Choice>(MULTIPLE);
        // k = 2 correct of n = 5: +1/2 per right tick, −1/3 per wrong tick.
        let cases: &[(&[&str], f64)] = &[
            (&["a", "b"], 1.0),
            (&["a"], 0.5),
            (&["a", "c"], 0.5 - 1.0 / 3.0),
            (&["a", "b", "c"], 1.0 - 1.0 / 3.0),
            (&["a", "b", "c", "d", "e"], 0.0),
            (&["c", "d"], 0.0),
            (&[], 0.0),
        ];
        for (ids, earned) in cases {
            let o = grade::<Choice>(&s, &answer(ids));
            assert!((o.earned - earned).abs() < 1e-12, "{ids:?}: {} want {earned}", o.earned);
        }
        let o = grade::<Choice>(&s, &answer(&["a", "c"]));
        assert_eq!(at(&o, "option:c"), vec![(Wrong, "этот вариант неверен".into())]);
        assert!(at(&o, "option:b").is_empty(), "a missed option is not pointed at");
        let general: Vec<_> = o.findings.iter().filter(|f| f.at.is_none()).map(|f| (f.severity, &f.message)).collect();
        assert_eq!(
            general,
            vec![
                (Missing, &"отмечены не все верные варианты: не хватает 1 варианта".to_string()),
                (Note, &"ARPU тоже метрика дохода.".to_string())
            ]
        );
    }

    #[test]
    fn malformed_answers_become_findings() {
        let s = spec::<Choice>(MULTIPLE);
        let o = grade::<Choice>(&s, &answer(&["zz", "a", "a", "b"]));
        assert_eq!(o.earned, 1.0);
        assert_eq!(at(&o, "option:zz"), vec![(Wrong, "варианта «zz» нет среди вариантов ответа".into())]);
        assert_eq!(at(&o, "option:a")[0], (Note, "вариант «a» выбран дважды; учтён один раз".into()));
        let o = grade::<Choice>(&s, &answer(&["zz"]));
        assert_eq!(o.earned, 0.0);
        assert!(o.findings.iter().any(|f| f.message == "ничего не выбрано"));
    }

    #[test]
    fn validation_reports_every_rule_at_its_place() {
        assert_eq!(
            issues::<Choice>("options = []"),
            vec![("[]".to_string(), "нет ни одного варианта ответа (options)".to_string())]
        );
        let text = r#"options = [{ id = "a", text = "x" }, { id = "a", text = "" }]"#;
        assert_eq!(
            issues::<Choice>(text),
            vec![
                ("\"a\"".to_string(), "id «a» повторяется в options".to_string()),
                ("\"a\"".to_string(), "у «a» в options пустой текст".to_string()),
                (
                    text["options = ".len()..].to_string(),
                    "ни один вариант не отмечен как верный (correct = true)".to_string()
                ),
            ]
        );
        let text =
            "options = [{ id = \"a\", text = \"x\", correct = true },\n{ id = \"b\", text = \"y\", correct = true }]";
        let got = issues::<Choice>(text);
        assert_eq!(
            got,
            vec![(
                "\"b\"".to_string(),
                "верных вариантов несколько (первый — «a»), а multiple = false; поставьте multiple = true".to_string()
            )]
        );
        assert_eq!(issues::<Choice>(&format!("multiple = true\n{text}")), vec![]);
    }

    #[test]
    fn places_are_named_by_option_text() {
        let s = spec::<Choice>(SINGLE);
        assert_eq!(Choice::place_label(&s, &Place::parse("option:a")).as_deref(), Some("«Удержание»"));
        assert_eq!(Choice::place_label(&s, &Place::parse("option:zz")), None);
        let long = spec::<Choice>(
            r#"options = [{ id = "a", text = "Очень длинная формулировка варианта, которая не помещается в строку", correct = true }]"#,
        );
        assert_eq!(
            Choice::place_label(&long, &Place::parse("option:a")).as_deref(),
            Some("«Очень длинная формулировка варианта, которая…»")
        );
    }

    #[test]
    fn display_order_is_stable_per_learner_and_identity_without_shuffle() {
        let s = spec::<Choice>(MULTIPLE);
        assert_eq!(display_order(&s, 42), vec![0, 1, 2, 3, 4]);
        let shuffled = spec::<Choice>(&format!("shuffle = true\n{MULTIPLE}"));
        let a = display_order(&shuffled, 42);
        assert_eq!(a, display_order(&shuffled, 42));
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
        assert!((0..20).any(|v| display_order(&shuffled, v) != a), "different learners see different orders");
    }
}
