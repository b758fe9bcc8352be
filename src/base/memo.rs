//! A process-wide memo by a 64-bit key, for what grading derives from a learner's variant
//! or the course's data (a generated shop, a database, a reference query's rows): a
//! grader's import re-grades every attempt of every learner, and without it would derive
//! the same thing again for each attempt.
//!
//! Entries every learner shares (the course's datasets, a reference query on them) are
//! kept; entries of one learner's variant are bounded, so that grading many learners
//! neither grows memory nor pushes the shared ones out. When full, the learner's entry
//! used longest ago goes: the learners being graded now (one per thread) keep theirs
//! between their exercises.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

pub struct Memo<V> {
    map: Mutex<Entries<V>>,
    per_learner: usize,
}

struct Entries<V> {
    map: BTreeMap<u64, Entry<V>>,
    /// Goes up at every get and put: what [`Entry::used`] counts in.
    clock: u64,
}

struct Entry<V> {
    /// Every learner uses it: never dropped.
    shared: bool,
    /// The clock when it was last got or put.
    used: u64,
    value: Arc<V>,
}

/// Learners' variants kept at once in one memo (a few per thread grading).
pub const PER_LEARNER: usize = 32;

impl<V> Default for Memo<V> {
    fn default() -> Memo<V> {
        Memo::new()
    }
}

impl<V> Memo<V> {
    pub const fn new() -> Memo<V> {
        Memo::bounded(PER_LEARNER)
    }

    /// A memo keeping at most `per_learner` learners' entries (for bulky ones).
    pub const fn bounded(per_learner: usize) -> Memo<V> {
        Memo { map: Mutex::new(Entries { map: BTreeMap::new(), clock: 0 }), per_learner }
    }

    pub fn get(&self, key: u64) -> Option<Arc<V>> {
        let mut m = self.map.lock().ok()?;
        m.clock += 1;
        let now = m.clock;
        m.map.get_mut(&key).map(|e| {
            e.used = now;
            Arc::clone(&e.value)
        })
    }

    /// Keeps `value` under `key`; `shared`: every learner uses it (kept), else one
    /// learner's (bounded: the one used longest ago goes when full).
    pub fn put(&self, key: u64, shared: bool, value: Arc<V>) {
        let Ok(mut m) = self.map.lock() else { return };
        m.clock += 1;
        let used = m.clock;
        if !shared
            && !m.map.contains_key(&key)
            && m.map.values().filter(|e| !e.shared).count() >= self.per_learner.max(1)
        {
            let oldest = m.map.iter().filter(|(_, e)| !e.shared).min_by_key(|(_, e)| e.used).map(|(k, _)| *k);
            if let Some(k) = oldest {
                m.map.remove(&k);
            }
        }
        m.map.insert(key, Entry { shared, used, value });
    }

    /// The value under `key`, made by `make` and kept when it is not there.
    pub fn get_or_make(&self, key: u64, shared: bool, make: impl FnOnce() -> V) -> Arc<V> {
        if let Some(hit) = self.get(key) {
            return hit;
        }
        let value = Arc::new(make());
        self.put(key, shared, Arc::clone(&value));
        value
    }

    /// The value under `key`, made by `make` and kept when it is not there. An error is
    /// not kept. Two threads asking at once may both make it; one copy stays.
    pub fn get_or_try<E>(&self, key: u64, shared: bool, make: impl FnOnce() -> Result<V, E>) -> Result<Arc<V>, E> {
        if let Some(hit) = self.get(key) {
            return Ok(hit);
        }
        make().map(|value| self.get_or_make(key, shared, || value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_entries_stay_while_learners_come_and_go() {
        let memo: Memo<u32> = Memo::new();
        memo.put(1, true, Arc::new(10));
        for learner in 100..300 {
            memo.put(learner, false, Arc::new(0));
        }
        assert_eq!(memo.get(1).as_deref(), Some(&10), "the shared entry survives");
        assert!(memo.get(299).is_some(), "the latest learner's entry is there");
        assert!((100..300).filter(|k| memo.get(*k).is_some()).count() <= PER_LEARNER, "learners' entries are bounded");
    }

    #[test]
    fn a_value_is_made_once_and_an_error_is_not_kept() {
        let memo: Memo<u32> = Memo::new();
        let mut made = 0;
        for _ in 0..3 {
            let v = memo.get_or_try(7, false, || {
                made += 1;
                Ok::<_, String>(42)
            });
            assert_eq!(v.as_deref(), Ok(&42));
        }
        assert_eq!(made, 1);
        assert_eq!(memo.get_or_try(8, false, || Err::<u32, _>("плохо".to_owned())), Err("плохо".to_owned()));
        assert!(memo.get(8).is_none(), "an error is made again next time");
        assert_eq!(memo.get_or_try(8, false, || Ok::<_, String>(1)).as_deref(), Ok(&1));
    }

    #[test]
    fn a_bounded_memo_keeps_fewer() {
        let memo: Memo<u32> = Memo::bounded(3);
        for k in 0..10 {
            memo.put(k, false, Arc::new(0));
        }
        assert_eq!((0..10).filter(|k| memo.get(*k).is_some()).count(), 3);
        assert!(memo.get(9).is_some());
    }

    #[test]
    fn the_entry_used_longest_ago_goes() {
        let memo: Memo<u32> = Memo::bounded(3);
        // Keys in an order where the smallest key is the newest: a learner being graded
        // now must keep their entry while others come.
        memo.put(30, false, Arc::new(0));
        memo.put(20, false, Arc::new(0));
        memo.put(10, false, Arc::new(0));
        assert!(memo.get(30).is_some(), "30 is used again: 20 is now the oldest");
        memo.put(5, false, Arc::new(0));
        assert!(memo.get(20).is_none(), "the entry used longest ago went");
        assert!([30, 10, 5].iter().all(|k| memo.get(*k).is_some()), "the others stay");
        memo.put(1, false, Arc::new(0));
        assert!(memo.get(30).is_none(), "then 30, used before 10 and 5 were read");
    }

    #[test]
    fn putting_a_kept_key_again_drops_nothing_else() {
        let memo: Memo<u32> = Memo::new();
        for k in 0..PER_LEARNER as u64 {
            memo.put(k, false, Arc::new(0));
        }
        memo.put(0, false, Arc::new(1));
        assert!((0..PER_LEARNER as u64).all(|k| memo.get(k).is_some()));
    }
}
