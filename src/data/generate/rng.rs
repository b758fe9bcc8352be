//! A small, stable pseudo-random generator (SplitMix64).
//!
//! Its output is fixed by its definition, not by a crate version, so the same seed gives
//! the same datasets on every platform and toolchain. Only integer arithmetic is used:
//! no floating point, whose transcendental functions may differ between platforms.

/// SplitMix64: 64 bits of state, passes BigCrush, and is a handful of instructions.
#[derive(Debug, Clone)]
pub struct Rng(u64);

pub use crate::base::rng::mix;
use crate::base::rng::{GOLDEN, next};

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(mix(seed))
    }

    /// An independent generator for one item (a customer, a visitor…) of one stream (what
    /// is being drawn), so that each file can be produced without drawing the others.
    pub fn for_item(seed: u64, stream: u64, index: u64) -> Self {
        Rng(mix(mix(seed ^ mix(stream.wrapping_add(GOLDEN))) ^ index.wrapping_mul(GOLDEN)))
    }

    pub fn next_u64(&mut self) -> u64 {
        next(&mut self.0)
    }

    /// Uniform in `0..n` (`n > 0`; 0 gives 0). Lemire's multiply-shift: the bias is below 2⁻³² for the
    /// ranges used here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`; `lo` when the range is empty.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// True with probability `basis_points` / 10 000.
    pub fn chance(&mut self, basis_points: u32) -> bool {
        self.below(10_000) < u64::from(basis_points)
    }

    /// One element, uniformly; `items` must not be empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn with the given integer weights (at least one positive).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        weights.len() - 1
    }

    /// [`Rng::weighted`] with the weights' running sums given (`cumulative[i]`: the sum of
    /// the first `i + 1` weights): the same draw, the same index, without summing the
    /// weights and walking them on every call.
    pub fn weighted_cumulative(&mut self, cumulative: &[u64]) -> usize {
        let x = self.below(cumulative.last().copied().unwrap_or(0));
        cumulative.partition_point(|&c| c <= x).min(cumulative.len().saturating_sub(1))
    }

    /// A value from `(value, weight)` pairs.
    pub fn weighted_pick<T: Copy>(&mut self, table: &[(T, u32)]) -> T {
        let total: u64 = table.iter().map(|&(_, w)| u64::from(w)).sum();
        let mut x = self.below(total);
        for &(v, w) in table {
            if x < u64::from(w) {
                return v;
            }
            x -= u64::from(w);
        }
        table[table.len() - 1].0
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// A bijection on u32 (Chris Wellons' `lowbias32`): distinct inputs give distinct outputs,
/// so visitor ids built from it never collide yet look random.
pub fn permute32(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x7feb_352d);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846c_a68b);
    x ^ (x >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_with_running_sums_draws_the_same_index() {
        let tables: [&[u32]; 4] =
            [&[5], &[55, 27, 12, 6], &[0, 3, 0, 0, 9, 1, 0], &[600, 400, 300, 240, 200, 171, 150]];
        for weights in tables {
            let mut cumulative = Vec::new();
            let mut sum = 0u64;
            for &w in weights {
                sum += u64::from(w);
                cumulative.push(sum);
            }
            let (mut a, mut b) = (Rng::new(42), Rng::new(42));
            for _ in 0..20_000 {
                assert_eq!(a.weighted(weights), b.weighted_cumulative(&cumulative), "{weights:?}");
            }
        }
    }

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c): the state is
        // advanced before mixing, so `Rng(0)` yields them.
        let mut r = Rng(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(r.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn below_and_range_stay_in_bounds() {
        let mut r = Rng::new(7);
        for n in [1u64, 2, 3, 10, 1000] {
            for _ in 0..1000 {
                assert!(r.below(n) < n);
            }
        }
        for _ in 0..1000 {
            let v = r.range(-3, 3);
            assert!((-3..=3).contains(&v));
        }
        assert_eq!(r.range(5, 5), 5);
        assert_eq!(r.range(5, 2), 5);
    }

    #[test]
    fn weighted_never_picks_a_zero_weight() {
        let mut r = Rng::new(1);
        for _ in 0..2000 {
            assert_ne!(r.weighted(&[3, 0, 5]), 1);
        }
    }

    #[test]
    fn chance_is_close_to_its_rate() {
        let mut r = Rng::new(3);
        let hits = (0..100_000).filter(|_| r.chance(2_500)).count();
        assert!((24_000..26_000).contains(&hits), "{hits}");
    }

    #[test]
    fn streams_are_independent_and_stable() {
        let a = Rng::for_item(1, 2, 3).next_u64();
        assert_eq!(a, Rng::for_item(1, 2, 3).next_u64());
        assert_ne!(a, Rng::for_item(1, 3, 3).next_u64());
        assert_ne!(a, Rng::for_item(1, 2, 4).next_u64());
        assert_ne!(a, Rng::for_item(2, 2, 3).next_u64());
    }

    #[test]
    fn permute32_is_injective_on_a_range() {
        let mut seen: Vec<u32> = (0..100_000).map(permute32).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 100_000);
    }
}
