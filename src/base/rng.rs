//! The SplitMix64 core (Steele, Lea, Flood 2014, as in `java.util.SplittableRandom`) that
//! both samplers stand on: the exercises' (`kinds::random`, rejection sampling) and the
//! dataset generator's (`data::generate::rng`, multiply-shift). Fixed here rather than
//! taken from a crate, so that a learner's numbers and the course's datasets never change
//! with a dependency update.

/// The golden-ratio increment of the state.
pub const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a bijection on u64 that spreads every input bit.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Advances the state and returns the next output.
pub fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(GOLDEN);
    mix(*state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_outputs() {
        // The first outputs for seed 0 of the reference implementation (Vigna's splitmix64.c).
        let mut state = 0;
        assert_eq!(next(&mut state), 0xe220_a839_7b1d_cdaf);
        assert_eq!(next(&mut state), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(next(&mut state), 0x06c4_5d18_8009_454f);
    }
}
