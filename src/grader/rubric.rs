//! The criteria a reviewer gives points by: the rubric the exercise's file states, else
//! one derived from the exercise's structure — a form's fields, a table's columns — with
//! the exercise's points apportioned among them by weight; every other exercise has one
//! criterion worth its points (docs/authoring.md, «Критерии проверки»).

use serde::Serialize;

use crate::course::Exercise;
use crate::kinds::Spec;
use crate::kinds::freetext::Field;
use crate::strings::grader as msg;

/// One rubric criterion: up to `max` points, for what `description` says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    pub name: String,
    pub max: f64,
    pub description: String,
}

/// The exercise's criteria, in order.
pub fn rubric(exercise: &Exercise) -> Vec<Criterion> {
    if !exercise.rubric.is_empty() {
        return exercise
            .rubric
            .iter()
            .map(|c| Criterion { name: c.name.clone(), max: c.points, description: c.description.clone() })
            .collect();
    }
    let total = f64::from(exercise.points);
    let parts: Vec<(String, f64, String)> = match &exercise.spec {
        Spec::Form(form) => form.fields.get_ref().iter().map(|f| part(f, msg::derived_field_description)).collect(),
        Spec::Table(table) => {
            table.columns.get_ref().iter().map(|c| part(c, msg::derived_column_description)).collect()
        }
        _ => Vec::new(),
    };
    if parts.len() < 2 {
        return vec![Criterion {
            name: msg::WHOLE_ANSWER_CRITERION.into(),
            max: total,
            description: msg::WHOLE_ANSWER_DESCRIPTION.into(),
        }];
    }
    let weights: Vec<f64> = parts.iter().map(|p| p.1).collect();
    let shares = apportion(total, &weights);
    let mut out: Vec<Criterion> = Vec::new();
    for ((name, _, description), max) in parts.into_iter().zip(shares) {
        // Two fields of one title stay apart by their place.
        let name = if out.iter().any(|c| crate::course::criterion_key(&c.name) == crate::course::criterion_key(&name)) {
            format!("{name} ({})", out.len() + 1)
        } else {
            name
        };
        out.push(Criterion { name, max, description });
    }
    out
}

/// A field's criterion: its title, weight and what the reviewer looks for.
fn part(field: &Field, describe: fn(&str, &[&str]) -> String) -> (String, f64, String) {
    let labels: Vec<&str> = field.concepts.iter().map(|c| c.label.as_str()).collect();
    let weight = if field.weight.is_finite() && field.weight > 0.0 { field.weight } else { 1.0 };
    (field.title.trim().to_owned(), weight, describe(field.help.trim(), &labels))
}

/// `total` split by `weights` into shares that add up to it exactly. Shares in
/// proportion to the weights are kept when they are whole tenths (8 points over ten
/// equal fields: 0,8 each). Otherwise the shares are whole points when there are at
/// least as many points as shares, else halves, quarters, tenths or hundredths: each
/// share gets one step first, the rest goes by weight (largest remainders first, the
/// earlier share among equals).
pub fn apportion(total: f64, weights: &[f64]) -> Vec<f64> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let weight_sum: f64 = weights.iter().sum();
    if weight_sum > 0.0 {
        let exact: Vec<f64> = weights.iter().map(|w| total * w / weight_sum).collect();
        let whole_tenths = |x: f64| x > 0.0 && (x * 10.0 - (x * 10.0).round()).abs() < 1e-6;
        if exact.iter().all(|&x| whole_tenths(x)) {
            return exact.into_iter().map(|x| (x * 10.0).round() / 10.0).collect();
        }
    }
    let step = [1.0, 0.5, 0.25, 0.1, 0.05, 0.01]
        .into_iter()
        .find(|s| {
            let units = total / s;
            (units - units.round()).abs() < 1e-9 && units.round() as usize >= n
        })
        .unwrap_or(0.01);
    let units = (total / step).round().max(0.0) as usize;
    let mut shares = vec![1usize.min(units / n.max(1)); n];
    let rest = units.saturating_sub(shares.iter().sum());
    let exact: Vec<f64> = weights
        .iter()
        .map(|w| if weight_sum > 0.0 { rest as f64 * w / weight_sum } else { rest as f64 / n as f64 })
        .collect();
    for (s, e) in shares.iter_mut().zip(&exact) {
        *s += e.floor() as usize;
    }
    let mut left = units.saturating_sub(shares.iter().sum());
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
    for i in order.into_iter().cycle().take(n * 2) {
        if left == 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    shares.into_iter().map(|s| ((s as f64 * step) * 100.0).round() / 100.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{self, CourseSource};

    fn builtin() -> course::Course {
        course::load_with(CourseSource::Embedded, course::Checks::Structure).into_result().expect("course")
    }

    #[test]
    fn points_are_apportioned_by_weight_and_add_up() {
        assert_eq!(apportion(10.0, &[1.0, 1.0, 1.0]), [4.0, 3.0, 3.0]);
        assert_eq!(apportion(8.0, &[2.0, 1.0, 1.0]), [4.0, 2.0, 2.0]);
        // Equal weights that divide the points in tenths share them equally.
        assert_eq!(apportion(8.0, &[1.0; 10]), [0.8; 10]);
        assert_eq!(apportion(10.0, &[1.0; 4]), [2.5; 4]);
        // More shares than points: halves, each share at least one.
        let s = apportion(3.0, &[1.0, 1.0, 1.0, 1.0, 1.0]);
        assert_eq!(s.iter().sum::<f64>(), 3.0, "{s:?}");
        assert!(s.iter().all(|&x| x >= 0.5), "{s:?}");
        // A heavy share and many light ones: every one gets something.
        let s = apportion(5.0, &[100.0, 1.0, 1.0, 1.0]);
        assert_eq!(s, [2.0, 1.0, 1.0, 1.0]);
    }

    #[test]
    fn a_form_without_a_stated_rubric_is_graded_by_its_fields() {
        let course = builtin();
        let persona = course.exercise("pp2.persona").expect("persona");
        assert!(persona.rubric.is_empty(), "pp2.persona states no rubric");
        let criteria = rubric(persona);
        let Spec::Form(form) = &persona.spec else { panic!("a form") };
        assert_eq!(criteria.len(), form.fields.get_ref().len());
        assert_eq!(criteria[0].name, form.fields.get_ref()[0].title.trim());
        let sum: f64 = criteria.iter().map(|c| c.max).sum();
        assert!((sum - f64::from(persona.points)).abs() < 1e-9, "{criteria:#?}");
        assert!(criteria.iter().all(|c| c.max > 0.0 && !c.description.is_empty()), "{criteria:#?}");
    }

    #[test]
    fn a_table_without_a_stated_rubric_is_graded_by_its_columns() {
        let course = builtin();
        let cjm = course.exercise("pp2.cjm").expect("cjm");
        assert!(cjm.rubric.is_empty());
        let Spec::Table(table) = &cjm.spec else { panic!("a table") };
        let criteria = rubric(cjm);
        let titles: Vec<&str> = table.columns.get_ref().iter().map(|c| c.title.trim()).collect();
        assert_eq!(criteria.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), titles);
        assert_eq!(criteria.iter().map(|c| c.max).sum::<f64>(), f64::from(cjm.points));
    }

    #[test]
    fn a_stated_rubric_wins_and_other_kinds_have_one_criterion() {
        let course = builtin();
        let case = course.exercise("pp3.tourism-case").expect("case");
        assert_eq!(
            rubric(case).iter().map(|c| (c.name.clone(), c.max)).collect::<Vec<_>>(),
            case.rubric.iter().map(|c| (c.name.clone(), c.points)).collect::<Vec<_>>()
        );
        assert!(rubric(case).len() > 1);
        let nps = course.exercise("theory.nps").expect("nps");
        assert_eq!(
            rubric(nps),
            [Criterion {
                name: msg::WHOLE_ANSWER_CRITERION.into(),
                max: f64::from(nps.points),
                description: msg::WHOLE_ANSWER_DESCRIPTION.into()
            }]
        );
    }
}
