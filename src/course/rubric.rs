//! An exercise's review rubric as its file states it (`[[rubric]]`): the criteria a
//! reviewer gives points by, checked when the course is loaded. Exercises that state
//! none get criteria derived from their kind (`grader::rubric`).

use std::ops::Range;

use toml::Spanned;

use crate::kinds::RubricEntry;
use crate::strings::course as msg;

/// One criterion a reviewer gives points by: up to `points`, looking for `description`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewCriterion {
    pub name: String,
    pub points: f64,
    pub description: String,
}

/// How criterion names are compared: case, ё/е and repeated spaces do not matter.
pub fn criterion_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace('ё', "е")
}

/// Reads a stated rubric and reports its problems at their spans: a name that is empty
/// or repeated, a description that is empty, points that are not a positive finite
/// number, and points that do not add up to the exercise's `points`. Returns the
/// criteria that are well-formed (all of them when nothing was reported).
pub fn read_rubric(
    entries: &[Spanned<RubricEntry>],
    exercise_points: u32,
    report: &mut dyn FnMut(Range<usize>, String),
) -> Vec<ReviewCriterion> {
    let mut out: Vec<ReviewCriterion> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut sum = 0.0;
    let mut sum_known = true;
    for entry in entries {
        let e = entry.get_ref();
        let name = e.name.get_ref().trim();
        let mut ok = true;
        if name.is_empty() {
            report(e.name.span(), msg::rubric_empty_name());
            ok = false;
        } else if seen.contains(&criterion_key(name)) {
            report(e.name.span(), msg::rubric_name_twice(name));
            ok = false;
        } else {
            seen.push(criterion_key(name));
        }
        let points = *e.points.get_ref();
        if !(points.is_finite() && points > 0.0) {
            report(e.points.span(), msg::rubric_points(name));
            ok = false;
            sum_known = false;
        } else {
            sum += points;
        }
        if e.description.get_ref().trim().is_empty() {
            report(e.description.span(), msg::rubric_empty_description(name));
            ok = false;
        }
        if ok {
            out.push(ReviewCriterion {
                name: name.to_owned(),
                points,
                description: e.description.get_ref().trim().to_owned(),
            });
        }
    }
    if let Some(first) = entries.first()
        && sum_known
        && (sum - f64::from(exercise_points)).abs() > 1e-6
    {
        report(first.span(), msg::rubric_sum(sum, exercise_points));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct File {
        rubric: Vec<Spanned<RubricEntry>>,
    }

    /// The problems of a file's rubric as (line, column, message).
    fn problems(text: &str, points: u32) -> (Vec<ReviewCriterion>, Vec<(usize, usize, String)>) {
        let file: File = toml::from_str(text).expect("parses");
        let mut found = Vec::new();
        let criteria = read_rubric(&file.rubric, points, &mut |span, m| {
            let (l, c) = crate::base::text::line_column(text, span.start);
            found.push((l, c, m));
        });
        (criteria, found)
    }

    const GOOD: &str = r#"
[[rubric]]
name = "Полнота"
points = 6
description = "все каналы"

[[rubric]]
name = "Обоснование"
points = 4
description = "почему"
"#;

    #[test]
    fn a_good_rubric_reads_whole() {
        let (criteria, found) = problems(GOOD, 10);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(
            criteria.iter().map(|c| (c.name.as_str(), c.points)).collect::<Vec<_>>(),
            [("Полнота", 6.0), ("Обоснование", 4.0)]
        );
    }

    #[test]
    fn the_sum_must_be_the_exercise_points() {
        let (_, found) = problems(GOOD, 11);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (2, 1));
        assert!(found[0].2.contains("в сумме 10,") && found[0].2.contains("стоит 11"), "{}", found[0].2);
    }

    #[test]
    fn names_are_unique_whatever_the_case_and_yo_and_points_positive() {
        let text = r#"
[[rubric]]
name = "Полнота"
points = 5
description = "x"

[[rubric]]
name = "ПОЛНОТА"
points = 0
description = ""

[[rubric]]
name = " "
points = nan
description = "y"
"#;
        let (criteria, found) = problems(text, 5);
        let at: Vec<(usize, usize)> = found.iter().map(|f| (f.0, f.1)).collect();
        // The repeated name, its zero points, its empty description, the empty name and
        // the NaN points; no sum with a bad number in it.
        assert_eq!(at, [(8, 8), (9, 10), (10, 15), (13, 8), (14, 10)], "{found:?}");
        assert_eq!(criteria.len(), 1);
        assert_eq!(criterion_key("Всё  ЕЩЁ"), criterion_key("все еще"));
    }
}
