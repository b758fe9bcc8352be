//! Comparing a learner's result with the reference: as a multiset of rows (order only
//! when asked), numbers within a tolerance, NULL equal to NULL, columns matched by
//! position, or — when their order does not matter — by their values.

use std::cmp::Ordering;

use super::sandbox::Rows;
use super::value::Value;

/// How two results are compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// Rows must come in the reference's order.
    pub ordered: bool,
    /// Column names (case-insensitive) and their order must be the reference's.
    pub columns: bool,
    /// Two numbers are equal when they differ by no more than this.
    pub tolerance: f64,
}

impl Default for Rules {
    fn default() -> Self {
        Rules { ordered: false, columns: false, tolerance: 1e-6 }
    }
}

/// What the comparison found.
#[derive(Debug, Clone, PartialEq)]
pub enum Difference {
    /// The learner's result is the reference's.
    Same,
    /// A different number of columns.
    ColumnCount { expected: usize, got: usize },
    /// Names or order of columns differ (only with `Rules::columns`).
    ColumnNames { expected: Vec<String>, got: Vec<String> },
    /// The same rows in another order (only with `Rules::ordered`).
    Order,
    /// Rows missing from and extra in the learner's result (a few examples of each, in
    /// the reference's column order), and their counts.
    Rows { missing: usize, extra: usize, missing_examples: Vec<Vec<Value>>, extra_examples: Vec<Vec<Value>> },
}

/// How many example rows a difference keeps.
const EXAMPLES: usize = 3;

pub fn compare(expected: &Rows, got: &Rows, rules: Rules) -> Difference {
    let width = expected.columns.len();
    if got.columns.len() != width {
        return Difference::ColumnCount { expected: width, got: got.columns.len() };
    }
    if rules.columns {
        let same = expected.columns.iter().zip(&got.columns).all(|(a, b)| a.to_lowercase() == b.to_lowercase());
        if !same {
            return Difference::ColumnNames { expected: expected.columns.clone(), got: got.columns.clone() };
        }
    }
    let identity: Vec<usize> = (0..width).collect();
    let first = compare_rows(&expected.rows, &got.rows, &identity, rules);
    if first == Difference::Same || rules.columns || width < 2 {
        return first;
    }
    // The columns may stand in another order: find, for each reference column, a
    // learner's column holding the same values.
    match column_mapping(expected, got, rules.tolerance) {
        Some(mapping) if mapping != identity => {
            let remapped = compare_rows(&expected.rows, &got.rows, &mapping, rules);
            if remapped == Difference::Same { remapped } else { first }
        }
        _ => first,
    }
}

/// Compares rows, taking the learner's column `mapping[i]` for the reference's `i`.
fn compare_rows(expected: &[Vec<Value>], got: &[Vec<Value>], mapping: &[usize], rules: Rules) -> Difference {
    let got: Vec<Vec<Value>> =
        got.iter().map(|r| mapping.iter().map(|&i| r.get(i).cloned().unwrap_or(Value::Null)).collect()).collect();
    let tol = rules.tolerance;
    if rules.ordered && expected.len() == got.len() && expected.iter().zip(&got).all(|(a, b)| rows_equal(a, b, tol)) {
        return Difference::Same;
    }
    let mut exp_sorted: Vec<&Vec<Value>> = expected.iter().collect();
    let mut got_sorted: Vec<&Vec<Value>> = got.iter().collect();
    exp_sorted.sort_by(|a, b| cmp_rows(a, b));
    got_sorted.sort_by(|a, b| cmp_rows(a, b));
    // Merge the two sorted lists; rows within the tolerance of each other match.
    let (mut i, mut j) = (0, 0);
    let mut missing: Vec<&Vec<Value>> = Vec::new();
    let mut extra: Vec<&Vec<Value>> = Vec::new();
    while i < exp_sorted.len() && j < got_sorted.len() {
        if rows_equal(exp_sorted[i], got_sorted[j], tol) {
            i += 1;
            j += 1;
        } else if cmp_rows(exp_sorted[i], got_sorted[j]) == Ordering::Less {
            missing.push(exp_sorted[i]);
            i += 1;
        } else {
            extra.push(got_sorted[j]);
            j += 1;
        }
    }
    missing.extend(&exp_sorted[i..]);
    extra.extend(&got_sorted[j..]);
    // Near-equal numbers may sort apart from their partner: pair what is left.
    if !missing.is_empty() && !extra.is_empty() {
        let used = pair_near(&missing, &extra, tol);
        missing = missing.into_iter().zip(&used.missing).filter(|(_, u)| !**u).map(|(m, _)| m).collect();
        extra = extra.into_iter().zip(&used.extra).filter(|(_, u)| !**u).map(|(e, _)| e).collect();
    }
    if missing.is_empty() && extra.is_empty() {
        return if rules.ordered { Difference::Order } else { Difference::Same };
    }
    Difference::Rows {
        missing: missing.len(),
        extra: extra.len(),
        missing_examples: missing.iter().take(EXAMPLES).map(|r| (*r).clone()).collect(),
        extra_examples: extra.iter().take(EXAMPLES).map(|r| (*r).clone()).collect(),
    }
}

/// The rows [`pair_near`] paired, on each side.
struct Paired {
    missing: Vec<bool>,
    extra: Vec<bool>,
}

/// The most row comparisons [`pair_near`] makes: beyond it the rows left stay unpaired
/// (thousands of rows alike in every column).
const PAIR_BUDGET: usize = 4_000_000;

/// Pairs each missing row with the first unpaired extra row equal to it within the
/// tolerance, in order. Only the extra rows near it in one column — the one with the most
/// distinct values — are compared, so a result of thousands of rows, wrong in one column,
/// is paired in n·log n rather than n² (the pairs are those a comparison of every row with
/// every row finds).
fn pair_near(missing: &[&Vec<Value>], extra: &[&Vec<Value>], tol: f64) -> Paired {
    let mut paired = Paired { missing: vec![false; missing.len()], extra: vec![false; extra.len()] };
    let width = extra.iter().map(|r| r.len()).min().unwrap_or(0);
    let index = (width > 0).then(|| ColumnIndex::best(extra, width));
    let mut budget = PAIR_BUDGET;
    let mut candidates = Vec::new();
    for (i, m) in missing.iter().enumerate() {
        candidates.clear();
        match &index {
            Some(index) => index.near(m, tol, &mut candidates),
            None => candidates.extend(0..extra.len()),
        }
        // The first extra row in order among the candidates, as a scan of all would find.
        candidates.sort_unstable();
        for &k in &candidates {
            if paired.extra[k] {
                continue;
            }
            if budget == 0 {
                return paired;
            }
            budget -= 1;
            if rows_equal(m, extra[k], tol) {
                paired.extra[k] = true;
                paired.missing[i] = true;
                break;
            }
        }
    }
    paired
}

/// The extra rows by their value in one column: the numbers sorted, the other values sorted.
struct ColumnIndex {
    column: usize,
    numbers: Vec<(f64, usize)>,
    others: Vec<(Value, usize)>,
}

impl ColumnIndex {
    /// The index on the column with the most distinct values.
    fn best(rows: &[&Vec<Value>], width: usize) -> ColumnIndex {
        let mut best: Option<(usize, ColumnIndex)> = None;
        for column in 0..width {
            let index = ColumnIndex::on(rows, column);
            let distinct = index.distinct();
            if best.as_ref().is_none_or(|(d, _)| distinct > *d) {
                best = Some((distinct, index));
            }
        }
        // No columns at all: an index on none, which offers every row.
        best.map_or_else(|| ColumnIndex::on(rows, 0), |(_, index)| index)
    }

    fn on(rows: &[&Vec<Value>], column: usize) -> ColumnIndex {
        let mut numbers = Vec::new();
        let mut others = Vec::new();
        for (k, row) in rows.iter().enumerate() {
            let v = row.get(column).cloned().unwrap_or(Value::Null);
            match v.as_number() {
                Some(x) => numbers.push((x, k)),
                None => others.push((v, k)),
            }
        }
        numbers.sort_by(|a, b| a.0.total_cmp(&b.0));
        others.sort_by(|a, b| cmp_values(&a.0, &b.0));
        ColumnIndex { column, numbers, others }
    }

    fn distinct(&self) -> usize {
        let numbers = self.numbers.windows(2).filter(|w| w[0].0 != w[1].0).count();
        let others = self.others.windows(2).filter(|w| cmp_values(&w[0].0, &w[1].0).is_ne()).count();
        numbers + usize::from(!self.numbers.is_empty()) + others + usize::from(!self.others.is_empty())
    }

    /// The extra rows whose value in the column may equal `row`'s within the tolerance.
    fn near(&self, row: &[Value], tol: f64, out: &mut Vec<usize>) {
        let v = row.get(self.column).unwrap_or(&Value::Null);
        match v.as_number() {
            // values_equal: |x − y| ≤ tol + 1e-9·max(|x|, |y|), hence |x − y| ≤ (tol +
            // 1e-9·|x|) / (1 − 1e-9); the reach is a little wider still, and every
            // candidate is then compared in full.
            Some(x) if !x.is_nan() => {
                // An infinity equals only itself.
                let reach =
                    if x.is_finite() { (tol.abs() + 1e-9 * x.abs()) * (1.0 + 1e-6) + f64::MIN_POSITIVE } else { 0.0 };
                let from = self.numbers.partition_point(|(y, _)| *y < x - reach);
                let to = self.numbers.partition_point(|(y, _)| *y <= x + reach);
                out.extend(self.numbers[from..to.max(from)].iter().map(|&(_, k)| k));
            }
            // NaN equals nothing.
            Some(_) => {}
            None => {
                let from = self.others.partition_point(|(y, _)| cmp_values(y, v).is_lt());
                let to = self.others.partition_point(|(y, _)| cmp_values(y, v).is_le());
                out.extend(self.others[from..to.max(from)].iter().map(|&(_, k)| k));
            }
        }
    }
}

/// For each reference column, a distinct learner's column whose sorted values equal it.
fn column_mapping(expected: &Rows, got: &Rows, tol: f64) -> Option<Vec<usize>> {
    if expected.rows.len() != got.rows.len() {
        return None;
    }
    let column = |rows: &[Vec<Value>], c: usize| {
        let mut v: Vec<Value> = rows.iter().map(|r| r.get(c).cloned().unwrap_or(Value::Null)).collect();
        v.sort_by(cmp_values);
        v
    };
    let width = expected.columns.len();
    let got_columns: Vec<Vec<Value>> = (0..width).map(|c| column(&got.rows, c)).collect();
    let mut used = vec![false; width];
    let mut mapping = Vec::with_capacity(width);
    for c in 0..width {
        let want = column(&expected.rows, c);
        let same = |k: usize| want.iter().zip(&got_columns[k]).all(|(a, b)| values_equal(a, b, tol));
        // Prefer the same position, then the first unused column that fits.
        let k = std::iter::once(c).chain(0..width).find(|&k| !used[k] && same(k))?;
        used[k] = true;
        mapping.push(k);
    }
    Some(mapping)
}

fn rows_equal(a: &[Value], b: &[Value], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| values_equal(x, y, tol))
}

/// Numbers within the tolerance (an infinity only equals itself: `SELECT 1e999` is no
/// answer for every number), other values exactly.
fn values_equal(a: &Value, b: &Value, tol: f64) -> bool {
    match (a.as_number(), b.as_number()) {
        (Some(x), Some(y)) => {
            x == y || (x.is_finite() && y.is_finite() && (x - y).abs() <= tol + 1e-9 * x.abs().max(y.abs()))
        }
        _ => a == b,
    }
}

/// A total order: NULL, numbers (integers and reals together), text, blobs.
fn cmp_values(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Integer(_) | Value::Real(_) => 1,
            Value::Text(_) => 2,
            Value::Blob(_) => 3,
        }
    }
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => x.cmp(y),
        (Value::Blob(x), Value::Blob(y)) => x.cmp(y),
        _ => match (a.as_number(), b.as_number()) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => rank(a).cmp(&rank(b)),
        },
    }
}

fn cmp_rows(a: &[Value], b: &[Value]) -> Ordering {
    a.iter().zip(b).map(|(x, y)| cmp_values(x, y)).find(|o| o.is_ne()).unwrap_or(a.len().cmp(&b.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Value::{Integer as I, Null, Real as R, Text as T};

    fn rows(columns: &[&str], rows: Vec<Vec<Value>>) -> Rows {
        Rows { columns: columns.iter().map(|c| c.to_string()).collect(), rows, ..Rows::default() }
    }

    #[test]
    fn multiset_ignores_order_and_counts_duplicates() {
        let want = rows(&["id"], vec![vec![I(1)], vec![I(2)], vec![I(2)]]);
        let got = rows(&["x"], vec![vec![I(2)], vec![I(1)], vec![I(2)]]);
        assert_eq!(compare(&want, &got, Rules::default()), Difference::Same);
        let got = rows(&["x"], vec![vec![I(2)], vec![I(1)], vec![I(3)]]);
        assert_eq!(
            compare(&want, &got, Rules::default()),
            Difference::Rows {
                missing: 1,
                extra: 1,
                missing_examples: vec![vec![I(2)]],
                extra_examples: vec![vec![I(3)]]
            }
        );
    }

    #[test]
    fn order_names_tolerance_and_nulls() {
        let want = rows(&["id", "sum"], vec![vec![I(1), R(10.0)], vec![I(2), Null]]);
        let swapped = rows(&["id", "sum"], vec![vec![I(2), Null], vec![I(1), R(10.004)]]);
        let ordered = Rules { ordered: true, tolerance: 0.01, ..Rules::default() };
        assert_eq!(compare(&want, &swapped, ordered), Difference::Order);
        assert_eq!(compare(&want, &swapped, Rules { tolerance: 0.01, ..Rules::default() }), Difference::Same);
        assert!(matches!(compare(&want, &swapped, Rules::default()), Difference::Rows { missing: 1, extra: 1, .. }));
        let renamed = rows(&["id", "total"], want.rows.clone());
        assert_eq!(compare(&want, &renamed, Rules::default()), Difference::Same);
        assert!(matches!(
            compare(&want, &renamed, Rules { columns: true, ..Rules::default() }),
            Difference::ColumnNames { .. }
        ));
        let narrow = rows(&["id"], vec![vec![I(1)]]);
        assert_eq!(compare(&want, &narrow, Rules::default()), Difference::ColumnCount { expected: 2, got: 1 });
    }

    #[test]
    fn columns_in_another_order_match_by_their_values() {
        let want = rows(&["id", "city"], vec![vec![I(1), T("Тула".into())], vec![I(2), T("Омск".into())]]);
        let got = rows(&["city", "id"], vec![vec![T("Омск".into()), I(2)], vec![T("Тула".into()), I(1)]]);
        assert_eq!(compare(&want, &got, Rules::default()), Difference::Same);
        assert!(matches!(
            compare(&want, &got, Rules { columns: true, ..Rules::default() }),
            Difference::ColumnNames { .. }
        ));
    }

    /// The pairing every row with every row would find (the former algorithm).
    fn pair_all(missing: &[&Vec<Value>], extra: &[&Vec<Value>], tol: f64) -> (Vec<bool>, Vec<bool>) {
        let mut used = vec![false; extra.len()];
        let mut paired = vec![false; missing.len()];
        for (i, m) in missing.iter().enumerate() {
            if let Some(k) = (0..extra.len()).find(|&k| !used[k] && rows_equal(m, extra[k], tol)) {
                used[k] = true;
                paired[i] = true;
            }
        }
        (paired, used)
    }

    #[test]
    fn pairing_near_rows_finds_what_comparing_all_pairs_finds() {
        let mut state = 7u64;
        let mut draw = |n: u64| crate::base::rng::next(&mut state) % n;
        for round in 0..300 {
            let tol = [0.0, 1e-6, 0.005, 0.5][round % 4];
            let row = |draw: &mut dyn FnMut(u64) -> u64| -> Vec<Value> {
                (0..3)
                    .map(|c| match (c + draw(4)) % 5 {
                        0 => I(draw(6) as i64),
                        1 => R(draw(6) as f64 + [0.0, 0.004, -0.004, 0.3, 1e-7][draw(5) as usize]),
                        2 => T(["а", "б", "Тула"][draw(3) as usize].into()),
                        3 => Null,
                        _ => R([f64::NAN, f64::INFINITY, f64::NEG_INFINITY][draw(3) as usize]),
                    })
                    .collect()
            };
            let missing: Vec<Vec<Value>> = (0..draw(30)).map(|_| row(&mut draw)).collect();
            let extra: Vec<Vec<Value>> = (0..draw(30)).map(|_| row(&mut draw)).collect();
            let missing: Vec<&Vec<Value>> = missing.iter().collect();
            let extra: Vec<&Vec<Value>> = extra.iter().collect();
            let fast = pair_near(&missing, &extra, tol);
            assert_eq!((fast.missing, fast.extra), pair_all(&missing, &extra, tol), "round {round}");
        }
    }

    #[test]
    fn an_infinity_equals_only_itself() {
        let want = rows(&["id", "sum"], vec![vec![I(1), R(5.0)], vec![I(2), R(f64::NEG_INFINITY)]]);
        let inf = rows(&["id", "sum"], vec![vec![I(1), R(f64::INFINITY)], vec![I(2), R(f64::NEG_INFINITY)]]);
        let loose = Rules { tolerance: 0.5, ..Rules::default() };
        assert!(matches!(compare(&want, &inf, loose), Difference::Rows { missing: 1, extra: 1, .. }));
        assert_eq!(compare(&want, &want.clone(), loose), Difference::Same);
        assert_eq!(compare(&want, &want.clone(), Rules { ordered: true, ..loose }), Difference::Same);
    }

    #[test]
    fn thousands_of_rows_wrong_in_one_column_pair_the_near_ones() {
        // 3000 rows with a sum off by 0.001 (within the tolerance) and 3000 off by 1: only
        // the first pair up, and the second are named.
        let want = rows(&["id", "sum"], (0..6000).map(|i| vec![I(i), R(i as f64 * 1.5)]).collect());
        let got = rows(
            &["id", "sum"],
            (0..6000).rev().map(|i| vec![I(i), R(i as f64 * 1.5 + if i % 2 == 0 { 0.001 } else { 1.0 })]).collect(),
        );
        let rules = Rules { tolerance: 0.005, ..Rules::default() };
        match compare(&want, &got, rules) {
            Difference::Rows { missing, extra, missing_examples, .. } => {
                assert_eq!((missing, extra), (3000, 3000));
                assert_eq!(missing_examples[0], vec![I(1), R(1.5)]);
            }
            other => panic!("{other:?}"),
        }
    }
}
