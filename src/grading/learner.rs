//! Who is graded: the learner's identity, and the variants drawn from it.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use crate::kinds::stable_hash;

/// A learner as grading sees them: a name and group for people to read, a stable id for
/// graders to key by, and the seed every variant is drawn from.
///
/// A progress file made by this version draws variants from its id, generated once when
/// the file is made: two students with the same name get different numbers. A file made
/// before ids existed keeps drawing them from the name as it was first given (lowercased),
/// so that its learner's numbers, data and stored answers stay theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    /// Stable per progress file (`L-` and 32 hex digits); empty for a learner known only
    /// by name (`crm-workbook check --student NAME` without a progress file).
    pub id: String,
    pub name: String,
    pub group: String,
    variant_seed: String,
}

impl Learner {
    pub fn new(id: String, name: String, group: String, variant_seed: String) -> Learner {
        Learner { id, name, group, variant_seed }
    }

    /// A learner known only by name: variants are drawn as they were before progress
    /// files had ids, from the lowercased name.
    pub fn by_name(name: &str) -> Learner {
        Learner { id: String::new(), name: name.trim().to_owned(), group: String::new(), variant_seed: name_seed(name) }
    }

    /// What the variants are drawn from (stored with the learner).
    pub fn variant_seed(&self) -> &str {
        &self.variant_seed
    }

    /// The learner's variant for a variant key (an exercise's `variant_group`, else its
    /// id): the same key gives the same numbers and data every time.
    pub fn variant(&self, variant_key: &str) -> u64 {
        stable_hash(&[self.variant_seed.as_bytes(), b"\x1f", variant_key.as_bytes()])
    }
}

/// The seed of a learner known by name only, and of progress files made before ids.
pub fn name_seed(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A new learner id: 128 bits from the standard library's per-process random keys
/// (seeded by the operating system), mixed with the time and the process id.
pub fn new_learner_id() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let half = |salt: u64| {
        let mut h = RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u32(std::process::id());
        h.write_u64(salt);
        h.finish()
    };
    format!("L-{:016x}{:016x}", half(1), half(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_learner_known_by_name_draws_the_variants_names_drew_before_ids() {
        // The formula of crm-workbook ≤ 0.1 (kinds::GradeCtx::variant_for): FNV-1a of the
        // trimmed, lowercased name, a unit separator and the variant key.
        let before = stable_hash(&["иванова анна".as_bytes(), b"\x1f", b"pp2"]);
        assert_eq!(Learner::by_name("  Иванова Анна ").variant("pp2"), before);
    }

    #[test]
    fn namesakes_with_their_own_ids_get_different_variants() {
        let a = Learner::new(new_learner_id(), "Анна".into(), "Р-21".into(), String::new());
        let seed_a = a.id.clone();
        let a = Learner::new(a.id, a.name, a.group, seed_a);
        let id_b = new_learner_id();
        let b = Learner::new(id_b.clone(), "Анна".into(), "Р-21".into(), id_b);
        assert_ne!(a.id, b.id);
        assert_ne!(a.variant("pp2"), b.variant("pp2"));
        assert_eq!(a.variant("pp2"), a.clone().variant("pp2"));
    }

    #[test]
    fn ids_look_alike_and_differ() {
        let ids: std::collections::BTreeSet<String> = (0..1000).map(|_| new_learner_id()).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| id.len() == 34 && id.starts_with("L-")));
    }
}
