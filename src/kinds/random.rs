//! A tiny, stable pseudo-random generator for per-learner variants. SplitMix64 is fixed
//! here rather than taken from a crate so that a learner's numbers and shuffles never
//! change with a dependency update: the same variant gives the same stream forever.

/// SplitMix64 (Steele, Lea, Flood 2014), as in `java.util.SplittableRandom`.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// A generator for one named purpose within a variant (a parameter, a shuffle), so
    /// that adding a parameter does not change the others.
    pub fn for_purpose(variant: u64, purpose: &str) -> Self {
        SplitMix64::new(variant ^ crate::base::hash::stable_hash(&[purpose.as_bytes()]))
    }

    pub fn next_u64(&mut self) -> u64 {
        crate::base::rng::next(&mut self.state)
    }

    /// A number in `0..n` (`n > 0`), without modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % n;
            }
        }
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_the_published_splitmix64() {
        // Reference values of SplitMix64 seeded with 1234567.
        let mut r = SplitMix64::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn below_stays_in_range_and_shuffle_keeps_the_items() {
        let mut r = SplitMix64::new(7);
        assert!((0..1000).all(|_| r.below(6) < 6));
        let mut v: Vec<u32> = (0..10).collect();
        r.shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
        assert_ne!(v, sorted, "a shuffle of 10 items with this seed moves something");
    }
}
