//! R, F and M scores by the three methods of the model file.
//!
//! - `quantile`: rank = 1 + the number of customers with a strictly smaller value (for R:
//!   with strictly more days since their last order); score = ⌊(rank − 1) × bins / n⌋ + 1.
//!   Ties always share a score.
//! - `rank-first`: pandas' `qcut(x.rank(method="first"), bins, labels=1..bins)` with rows in
//!   customer_id order, labels reversed for recency. The bin edges are computed with the
//!   very floating-point operations numpy performs (`linspace`, `percentile` with linear
//!   interpolation), so a rank lying on an edge falls where pandas puts it. With a single
//!   customer pandas refuses (the edges coincide); here that customer gets 1 everywhere.
//! - `thresholds`: ascending lists; R: ≤ t₁ → k+1, ≤ t₂ → k, …, else 1; F and M: ≥ tₖ → k+1,
//!   …, ≥ t₁ → 2, else 1.

use super::Table;

/// How scores are computed; built by [`super::model::ModelSpec::compile`].
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    Quantile { bins: u8 },
    RankFirst { bins: u8 },
    Thresholds { recency_days: Vec<i64>, frequency: Vec<u64>, monetary: Vec<i64> },
}

impl Method {
    pub fn bins(&self) -> u8 {
        match self {
            Method::Quantile { bins } | Method::RankFirst { bins } => *bins,
            Method::Thresholds { recency_days, .. } => (recency_days.len() + 1) as u8,
        }
    }
}

/// Scores 1..=bins per customer, in the table's order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scores {
    pub r: Vec<u8>,
    pub f: Vec<u8>,
    pub m: Vec<u8>,
}

pub fn score(table: &Table, method: &Method) -> Scores {
    // Order-preserving maps into u64, so one sort serves every axis.
    let signed = |v: i64| (v as u64) ^ (1 << 63);
    let recency = || table.recency_days.iter().map(|&d| signed(d));
    let less_recent_first = || table.recency_days.iter().map(|&d| !signed(d));
    let frequency = || table.frequency.iter().map(|&f| u64::from(f));
    let monetary = || table.monetary.iter().map(|&m| signed(m));
    let n = table.len();
    match method {
        Method::Quantile { bins } => in_parallel(
            n,
            || quantile(less_recent_first(), *bins),
            || quantile(frequency(), *bins),
            || quantile(monetary(), *bins),
        ),
        Method::RankFirst { bins } => in_parallel(
            n,
            || rank_first(recency(), *bins).into_iter().map(|s| bins + 1 - s).collect(),
            || rank_first(frequency(), *bins),
            || rank_first(monetary(), *bins),
        ),
        Method::Thresholds { recency_days, frequency: f, monetary: m } => Scores {
            r: table
                .recency_days
                .iter()
                .map(|d| (recency_days.len() + 1 - recency_days.iter().filter(|t| d > t).count()) as u8)
                .collect(),
            f: table.frequency.iter().map(|v| (1 + f.iter().filter(|t| u64::from(*v) >= **t).count()) as u8).collect(),
            m: table.monetary.iter().map(|v| (1 + m.iter().filter(|t| v >= t).count()) as u8).collect(),
        },
    }
}

/// R and F here, M (sorted: the costliest) in a second thread when there are many customers.
fn in_parallel(
    n: usize,
    r: impl FnOnce() -> Vec<u8>,
    f: impl FnOnce() -> Vec<u8>,
    m: impl FnOnce() -> Vec<u8> + Send,
) -> Scores {
    if n < 1 << 16 {
        return Scores { r: r(), f: f(), m: m() };
    }
    std::thread::scope(|scope| {
        let m = scope.spawn(m);
        let (r, f) = (r(), f());
        let m = m.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        Scores { r, f, m }
    })
}

/// Value ranges up to this many times the number of values (plus a little) are counted
/// rather than sorted: days since the last order and order counts always are.
const COUNT_SPAN: u64 = 4;

/// Bucket counts of `values` when their range is small: (the smallest value, counts).
fn counts(values: impl Iterator<Item = u64> + Clone, n: usize) -> Option<(u64, Vec<u32>)> {
    let (lo, hi) = values.clone().fold((u64::MAX, 0), |(lo, hi), x| (lo.min(x), hi.max(x)));
    let span = hi.checked_sub(lo)?;
    if span > COUNT_SPAN * n as u64 + 1024 {
        return None;
    }
    let mut counts = vec![0u32; span as usize + 1];
    for x in values {
        counts[(x - lo) as usize] += 1;
    }
    Some((lo, counts))
}

/// Each count replaced by the sum of the counts before it.
fn exclusive_prefix(counts: &mut [u32]) {
    let mut sum = 0;
    for c in counts {
        (*c, sum) = (sum, sum + *c);
    }
}

/// Positions in the order of their values, ties by position: a stable radix sort of
/// (value, position) packed into one u64 when the values span less than 2³² (sums of
/// money mostly do), a comparison sort otherwise. Calls `f(value, position)` in order.
fn for_each_sorted(values: impl Iterator<Item = u64> + Clone, mut f: impl FnMut(u64, u32)) {
    let (lo, hi) = values.clone().fold((u64::MAX, 0), |(lo, hi), x| (lo.min(x), hi.max(x)));
    if hi.saturating_sub(lo) < 1 << 32 {
        let bits = 64 - (hi.saturating_sub(lo)).leading_zeros();
        let mut packed: Vec<u64> = values.enumerate().map(|(i, x)| ((x - lo) << 32) | i as u64).collect();
        radix_sort_high(&mut packed, bits);
        for p in packed {
            f((p >> 32) + lo, p as u32);
        }
        return;
    }
    let mut v: Vec<(u64, u32)> = values.enumerate().map(|(i, x)| (x, i as u32)).collect();
    v.sort_unstable();
    for (x, i) in v {
        f(x, i);
    }
}

/// Sorts by the `bits` bits above the low 32, stably (the low 32 are positions, already
/// in order): passes of 11 bits, least significant first.
pub(super) fn radix_sort_high(v: &mut Vec<u64>, bits: u32) {
    const DIGIT: u32 = 11;
    if v.len() < 256 {
        v.sort_unstable();
        return;
    }
    let mut other = vec![0u64; v.len()];
    let mut shift = 32;
    while shift < 32 + bits {
        let mut counts = vec![0u32; 1 << DIGIT];
        let digit = |p: u64| ((p >> shift) & ((1 << DIGIT) - 1)) as usize;
        for &p in v.iter() {
            counts[digit(p)] += 1;
        }
        if counts.iter().any(|&c| c as usize == v.len()) {
            shift += DIGIT;
            continue; // every value has this digit: nothing moves
        }
        exclusive_prefix(&mut counts);
        for &p in v.iter() {
            let slot = &mut counts[digit(p)];
            other[*slot as usize] = p;
            *slot += 1;
        }
        std::mem::swap(v, &mut other);
        shift += DIGIT;
    }
}

fn quantile(values: impl Iterator<Item = u64> + Clone, bins: u8) -> Vec<u8> {
    let n = values.clone().count();
    let score = |smaller: u64| (smaller * u64::from(bins) / n as u64 + 1) as u8;
    if let Some((lo, mut counts)) = counts(values.clone(), n) {
        exclusive_prefix(&mut counts);
        let by_value: Vec<u8> = counts.iter().map(|&smaller| score(u64::from(smaller))).collect();
        return values.map(|x| by_value[(x - lo) as usize]).collect();
    }
    let mut out = vec![0u8; n];
    let (mut k, mut smaller, mut previous) = (0u64, 0u64, None);
    for_each_sorted(values, |x, i| {
        if previous.is_some_and(|p| p != x) {
            smaller = k;
        }
        previous = Some(x);
        out[i as usize] = score(smaller);
        k += 1;
    });
    out
}

fn rank_first(values: impl Iterator<Item = u64> + Clone, bins: u8) -> Vec<u8> {
    let n = values.clone().count();
    if n < 2 {
        return vec![1u8; n];
    }
    let edges = qcut_edges(n, bins);
    // pandas.cut(right=True, include_lowest=True): searchsorted(side="left").
    let score = |rank: u64| edges.partition_point(|&e| e < rank as f64).clamp(1, usize::from(bins)) as u8;
    if let Some((lo, mut next_rank)) = counts(values.clone(), n) {
        // The first of the values equal to x has rank 1 + those smaller; ties by position.
        exclusive_prefix(&mut next_rank);
        return values
            .map(|x| {
                let slot = &mut next_rank[(x - lo) as usize];
                *slot += 1;
                score(u64::from(*slot))
            })
            .collect();
    }
    let mut out = vec![1u8; n];
    let mut rank = 0;
    for_each_sorted(values, |_, i| {
        rank += 1;
        out[i as usize] = score(rank);
    });
    out
}

/// The edges `pandas.qcut` (pandas 3) computes for the ranks 1..=n, operation by
/// operation: `np.linspace(0, 1, bins + 1)`, each quantile not exactly k/bins moved up
/// to the next float, then `np.quantile` with linear interpolation.
pub fn qcut_edges(n: usize, bins: u8) -> Vec<f64> {
    let bins = usize::from(bins);
    let step = 1.0 / bins as f64;
    (0..=bins)
        .map(|k| {
            let mut q = if k == bins { 1.0 } else { k as f64 * step + 0.0 };
            if bins as f64 * q != k as f64 {
                q = next_up(q);
            }
            let last = n as f64 - 1.0;
            let virtual_index = last * q;
            if virtual_index >= last {
                return n as f64;
            }
            let previous = virtual_index.floor();
            let gamma = virtual_index - previous;
            // The sorted ranks are 1..=n: a = previous + 1, b = previous + 2.
            let (a, b) = (previous + 1.0, previous + 2.0);
            let diff = b - a;
            if gamma >= 0.5 { b - diff * (1.0 - gamma) } else { a + diff * gamma }
        })
        .collect()
}

/// `np.nextafter(x, 1)` for 0 ≤ x < 1.
fn next_up(x: f64) -> f64 {
    if x == 0.0 { f64::from_bits(1) } else { f64::from_bits(x.to_bits() + 1) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::rfm::Ids;

    fn table(rows: &[(i64, u32, i64)]) -> Table {
        Table {
            ids: Ids::Num((1..=rows.len() as u64).collect()),
            recency_days: rows.iter().map(|r| r.0).collect(),
            frequency: rows.iter().map(|r| r.1).collect(),
            monetary: rows.iter().map(|r| r.2).collect(),
            as_of: 0,
        }
    }

    #[test]
    fn quantile_at_the_edges() {
        // n = 1: rank 1, score 1 on every axis.
        let s = score(&table(&[(5, 1, 100)]), &Method::Quantile { bins: 5 });
        assert_eq!((s.r, s.f, s.m), (vec![1], vec![1], vec![1]));
        // All tied: everyone shares the lowest score.
        let s = score(&table(&[(3, 2, 10); 7]), &Method::Quantile { bins: 5 });
        assert!(s.r.iter().chain(&s.f).chain(&s.m).all(|&x| x == 1));
        // n < bins: 3 customers, 5 bins → ranks 1,2,3 → ⌊0⌋+1, ⌊5/3⌋+1, ⌊10/3⌋+1.
        let s = score(&table(&[(30, 1, 100), (20, 2, 200), (10, 3, 300)]), &Method::Quantile { bins: 5 });
        assert_eq!(s.f, vec![1, 2, 4]);
        assert_eq!(s.m, vec![1, 2, 4]);
        assert_eq!(s.r, vec![1, 2, 4], "fewer days is better");
        // Ties in the middle: values 1,2,2,2,3 with 5 bins → ranks 1,2,2,2,5.
        let s = score(&table(&[(0, 1, 0), (0, 2, 0), (0, 2, 0), (0, 2, 0), (0, 3, 0)]), &Method::Quantile { bins: 5 });
        assert_eq!(s.f, vec![1, 2, 2, 2, 5]);
        // Returns make monetary negative: still ordered.
        let s = score(&table(&[(0, 1, -500), (0, 1, 0), (0, 1, 700)]), &Method::Quantile { bins: 3 });
        assert_eq!(s.m, vec![1, 2, 3]);
    }

    /// pandas 3.1.1 / numpy 2.4.6 printed these (`pd.qcut(pd.Series(range(1, n + 1)),
    /// b, labels=False) + 1`), copied here by hand.
    #[test]
    fn rank_first_reproduces_pandas_qcut() {
        let f = |n: usize, bins: u8| {
            let rows: Vec<(i64, u32, i64)> = (0..n).map(|i| (0, i as u32, 0)).collect();
            score(&table(&rows), &Method::RankFirst { bins }).f
        };
        assert_eq!(f(2, 5), vec![1, 5]);
        assert_eq!(f(3, 5), vec![1, 3, 5]);
        assert_eq!(f(4, 3), vec![1, 1, 2, 3]);
        assert_eq!(f(10, 3), vec![1, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
        assert_eq!(f(6, 5), vec![1, 1, 2, 3, 4, 5]);
        assert_eq!(f(10, 5), vec![1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        assert_eq!(f(11, 5), vec![1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        assert_eq!(f(7, 4), vec![1, 1, 2, 2, 3, 4, 4]);
        // n = 1: pandas refuses; here 1.
        assert_eq!(f(1, 5), vec![1]);
        // Ties broken by customer order, unlike quantile.
        let s = score(&table(&[(0, 7, 0); 5]), &Method::RankFirst { bins: 5 });
        assert_eq!(s.f, vec![1, 2, 3, 4, 5]);
        // Recency: labels reversed, ties (equal days) still by customer order before reversing.
        let s =
            score(&table(&[(10, 0, 0), (10, 0, 0), (1, 0, 0), (99, 0, 0), (50, 0, 0)]), &Method::RankFirst { bins: 5 });
        assert_eq!(s.r, vec![4, 3, 5, 1, 2]);
    }

    #[test]
    fn qcut_edges_are_numpys() {
        // `pd.qcut(..., retbins=True)[1]`, as pandas 3.1.1 printed them.
        assert_eq!(qcut_edges(11, 5), vec![1.0, 3.0, 5.0, 7.000000000000002, 9.0, 11.0]);
        assert_eq!(qcut_edges(6, 5), vec![1.0, 2.0, 3.0, 4.000000000000001, 5.0, 6.0]);
        assert_eq!(qcut_edges(10, 5), vec![1.0, 2.8, 4.6, 6.400000000000002, 8.2, 10.0]);
        assert_eq!(qcut_edges(4, 3), vec![1.0, 2.0, 3.0, 4.0]);
        assert_eq!(qcut_edges(10, 3), vec![1.0, 4.0, 7.0, 10.0]);
    }

    #[test]
    fn thresholds_exactly_on_a_boundary() {
        let m =
            Method::Thresholds { recency_days: vec![30, 90], frequency: vec![2, 5], monetary: vec![100_000, 500_000] };
        let t = table(&[(30, 2, 100_000), (31, 1, 99_999), (90, 5, 500_000), (91, 4, 499_999), (0, 100, -1)]);
        let s = score(&t, &m);
        assert_eq!(s.r, vec![3, 2, 2, 1, 3]);
        assert_eq!(s.f, vec![2, 1, 3, 2, 3]);
        assert_eq!(s.m, vec![2, 1, 3, 2, 1]);
        assert_eq!(m.bins(), 3);
    }

    /// An independent reference: quantile scores by counting, for every customer, the
    /// others with smaller values — O(n²), no sorting, no shared code.
    #[test]
    fn quantile_matches_a_brute_force_reference() {
        let mut x: u64 = 12345;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for n in [1usize, 2, 3, 7, 50, 333] {
            let rows: Vec<(i64, u32, i64)> =
                (0..n).map(|_| ((next() % 40) as i64, (next() % 6) as u32, (next() % 200) as i64 - 50)).collect();
            for bins in [1u8, 2, 3, 5, 10] {
                let s = score(&table(&rows), &Method::Quantile { bins });
                for (i, row) in rows.iter().enumerate() {
                    let want = |smaller: usize| (smaller * bins as usize / n + 1) as u8;
                    assert_eq!(s.r[i], want(rows.iter().filter(|o| o.0 > row.0).count()));
                    assert_eq!(s.f[i], want(rows.iter().filter(|o| o.1 < row.1).count()));
                    assert_eq!(s.m[i], want(rows.iter().filter(|o| o.2 < row.2).count()));
                }
            }
        }
    }

    /// Counted, radix-sorted and comparison-sorted values (narrow, wide and very wide
    /// ranges) score as a brute-force reference says, by both quantile methods.
    #[test]
    fn every_sorting_path_matches_a_reference() {
        let mut x: u64 = 987_654_321;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for (n, span) in [(300usize, 50u64), (1500, 1 << 20), (1500, 1 << 40), (700, u64::MAX)] {
            let values: Vec<u64> = (0..n).map(|_| if span == u64::MAX { next() } else { next() % span }).collect();
            let it = || values.iter().copied();
            let edges = qcut_edges(n, 5);
            let (q, rf) = (quantile(it(), 5), rank_first(it(), 5));
            for (i, v) in values.iter().enumerate() {
                let smaller = values.iter().filter(|o| *o < v).count();
                assert_eq!(usize::from(q[i]), smaller * 5 / n + 1, "quantile, span {span}");
                let rank = smaller + values[..i].iter().filter(|o| *o == v).count() + 1;
                let want = edges.partition_point(|&e| e < rank as f64).clamp(1, 5);
                assert_eq!(usize::from(rf[i]), want, "rank-first, span {span}");
            }
        }
    }
}
