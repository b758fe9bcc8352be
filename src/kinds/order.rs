//! `order`: put items in sequence.
//!
//! Scoring (documented for instructors in docs/authoring.md), on the learner's sequence
//! after unknown and repeated ids are dropped:
//! - `pairwise`: of the n·(n−1)/2 pairs of items, the share standing in the right
//!   relative order (both placed, the earlier one first);
//! - `longest_run`: the length of the longest subsequence in the right relative order
//!   (not necessarily adjacent), divided by n.
//!
//! Either way an item left out earns nothing for itself.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::random::SplitMix64;
use super::{Finding, GradeCtx, Kind, Outcome, Place, Severity, Validator, unique_ids};
use crate::strings::grading as msg;

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

/// The order the editor starts from: the item ids shuffled per learner, never already
/// correct when there are two items or more.
pub fn initial_order(spec: &Spec, variant: u64) -> Vec<String> {
    let correct: Vec<String> = spec.items.get_ref().iter().map(|i| i.id.get_ref().clone()).collect();
    let mut order = correct.clone();
    SplitMix64::for_purpose(variant, "order.shuffle").shuffle(&mut order);
    if order.len() >= 2 && order == correct {
        order.rotate_left(1);
    }
    order
}

fn at_item(id: &str) -> Place {
    Place::Item(id.to_owned())
}

impl Kind for Order {
    const LABEL: &'static str = msg::KIND_ORDER;
    type Spec = Spec;
    type Answer = Answer;

    fn validate(spec: &Spec, v: &mut Validator) {
        if spec.items.get_ref().len() < 2 {
            v.error(Some(spec.items.span()), msg::order_too_few());
        }
        unique_ids(v, "items", spec.items.get_ref().iter().map(|i| &i.id));
        for item in spec.items.get_ref().iter().filter(|i| i.text.trim().is_empty()) {
            v.error(Some(item.id.span()), msg::empty_text("items", item.id.get_ref()));
        }
    }

    fn grade(spec: &Spec, answer: &Answer, _ctx: &GradeCtx) -> Outcome {
        let items = spec.items.get_ref();
        let mut findings = Vec::new();
        // The learner's sequence as positions in the correct order.
        let mut sequence: Vec<usize> = Vec::new();
        for id in &answer.order {
            match items.iter().position(|i| i.id.get_ref() == id) {
                None => findings.push(Finding::wrong(at_item(id), msg::order_unknown_item(id))),
                Some(p) if sequence.contains(&p) => {
                    findings.push(Finding::new(Some(at_item(id)), Severity::Note, msg::order_item_twice(id)))
                }
                Some(p) => sequence.push(p),
            }
        }
        for (p, item) in items.iter().enumerate() {
            if !sequence.contains(&p) {
                findings.push(Finding::missing(at_item(item.id.get_ref()), msg::order_item_missing(&item.text)));
            }
        }

        let run = longest_increasing(&sequence);
        for (i, &p) in sequence.iter().enumerate() {
            let at = at_item(items[p].id.get_ref());
            findings.push(if run.contains(&i) {
                Finding::correct(at, msg::order_item_in_place(&items[p].text))
            } else {
                Finding::wrong(at, msg::order_item_out_of_place(&items[p].text))
            });
        }

        let n = items.len();
        let (earned, possible, summary) = match spec.scoring {
            Scoring::Pairwise => {
                let right = pairs_in_order(&sequence);
                let total = n * n.saturating_sub(1) / 2;
                (right, total, msg::order_pairs_summary(right, total))
            }
            Scoring::LongestRun => (run.len(), n, msg::order_run_summary(run.len(), n)),
        };
        findings.push(Finding::note(summary));
        Outcome { earned: earned as f64, possible: possible as f64, findings, needs_review: false }
    }
}

/// Pairs (i < j) with `sequence[i] < sequence[j]`.
fn pairs_in_order(sequence: &[usize]) -> usize {
    let mut count = 0;
    for (i, a) in sequence.iter().enumerate() {
        count += sequence[i + 1..].iter().filter(|b| a < b).count();
    }
    count
}

/// Indices into `sequence` of a longest strictly increasing subsequence; of several,
/// the one that ends earliest and, going back, takes the earliest predecessor — so the
/// same answer always marks the same items.
fn longest_increasing(sequence: &[usize]) -> Vec<usize> {
    let n = sequence.len();
    let mut length = vec![1usize; n];
    let mut previous: Vec<Option<usize>> = vec![None; n];
    for j in 0..n {
        for i in 0..j {
            if sequence[i] < sequence[j] && length[i] + 1 > length[j] {
                length[j] = length[i] + 1;
                previous[j] = Some(i);
            }
        }
    }
    let Some(mut end) = (0..n).max_by_key(|&j| (length[j], std::cmp::Reverse(j))) else {
        return Vec::new();
    };
    let mut run = vec![end];
    while let Some(p) = previous[end] {
        run.push(p);
        end = p;
    }
    run.reverse();
    run
}

#[cfg(test)]
mod tests {
    use super::super::Severity::{Correct, Missing, Note, Wrong};
    use super::super::test_support::{at, grade, issues, spec};
    use super::*;

    const STEPS: &str = r#"
        items = [
            { id = "goals", text = "Цели и KPI" },
            { id = "platform", text = "Выбор платформы" },
            { id = "data", text = "Сбор данных" },
            { id = "segments", text = "Сегментация" },
        ]
    "#;

    fn answer(ids: &[&str]) -> Answer {
        Answer { order: ids.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn pairwise_and_longest_run_scoring() {
        let pairwise = spec::<Order>(STEPS);
        let run = spec::<Order>(&format!("scoring = \"longest_run\"\n{STEPS}"));
        // (answer, pairs right of 6, longest run of 4)
        let cases: &[(&[&str], f64, f64)] = &[
            (&["goals", "platform", "data", "segments"], 6.0, 4.0),
            (&["segments", "data", "platform", "goals"], 0.0, 1.0),
            (&["platform", "goals", "data", "segments"], 5.0, 3.0),
            (&["data", "segments", "goals", "platform"], 2.0, 2.0),
            (&["goals", "data"], 1.0, 2.0),
            (&[], 0.0, 0.0),
            (&["goals", "nope", "goals", "platform", "data", "segments"], 6.0, 4.0),
        ];
        for (ids, pairs, longest) in cases {
            let o = grade::<Order>(&pairwise, &answer(ids));
            assert_eq!((o.earned, o.possible), (*pairs, 6.0), "pairwise {ids:?}");
            let o = grade::<Order>(&run, &answer(ids));
            assert_eq!((o.earned, o.possible), (*longest, 4.0), "longest_run {ids:?}");
        }
    }

    #[test]
    fn findings_mark_items_out_of_place_and_missing() {
        let s = spec::<Order>(STEPS);
        let o = grade::<Order>(&s, &answer(&["platform", "goals", "data", "zz", "data"]));
        assert_eq!(
            at(&o, "item:platform"),
            vec![(Correct, "«Выбор платформы» стоит верно относительно других".into())]
        );
        assert_eq!(
            at(&o, "item:goals"),
            vec![(Wrong, "«Цели и KPI» стоит не на своём месте относительно других".into())]
        );
        assert_eq!(at(&o, "item:zz"), vec![(Wrong, "пункта «zz» нет в этом упражнении; он не учтён".into())]);
        assert_eq!(
            at(&o, "item:data")[0],
            (Note, "пункт «data» стоит в последовательности дважды; учтено первое место".into())
        );
        assert_eq!(
            at(&o, "item:segments"),
            vec![(Missing, "пункт «Сегментация» не поставлен в последовательность".into())]
        );
        assert_eq!(o.findings.last().map(|f| f.message.as_str()), Some("в верном порядке 2 из 6 пар"));
    }

    #[test]
    fn validation_reports_every_rule_at_its_place() {
        let one = "items = [{ id = \"a\", text = \"x\" }]";
        assert_eq!(
            issues::<Order>(one),
            vec![(
                one["items = ".len()..].to_string(),
                "в последовательности должно быть хотя бы два пункта (items)".to_string()
            )]
        );
        let dup =
            "items = [{ id = \"a\", text = \"x\" }, { id = \"a\", text = \"y\" }, { id = \"b c\", text = \" \" }]";
        assert_eq!(
            issues::<Order>(dup),
            vec![
                ("\"a\"".to_string(), "id «a» повторяется в items".to_string()),
                ("\"b c\"".to_string(), "id «b c» в items должен быть непустым и без «/» и пробелов".to_string()),
                ("\"b c\"".to_string(), "у «b c» в items пустой текст".to_string()),
            ]
        );
    }

    #[test]
    fn initial_order_is_stable_shuffled_and_never_already_correct() {
        let s = spec::<Order>(STEPS);
        let correct: Vec<String> = ["goals", "platform", "data", "segments"].map(String::from).to_vec();
        for variant in 0..200 {
            let order = initial_order(&s, variant);
            assert_ne!(order, correct, "variant {variant}");
            assert_eq!(order, initial_order(&s, variant));
            let mut sorted = order.clone();
            sorted.sort();
            let mut want = correct.clone();
            want.sort();
            assert_eq!(sorted, want);
        }
        let two = spec::<Order>("items = [{ id = \"a\", text = \"x\" }, { id = \"b\", text = \"y\" }]");
        assert!((0..50).all(|v| initial_order(&two, v) == ["b", "a"]));
    }
}
