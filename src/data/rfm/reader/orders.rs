//! Slots that count distinct orders for [`super::customers`]: pages of atomic slots for
//! order ids below 2^32, allocated as ids come within a memory budget.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};

/// A customer's global number (see `customers::LOCAL_BITS`): what an order slot remembers.
pub(super) type Gid = u32;

/// Ids below 2^32 (orders), 2^16 to a page.
pub(super) const PAGE_BITS: u32 = 16;
const PAGES: usize = 1 << (32 - PAGE_BITS);

/// Pages of a group in the directory: `PAGES` pages in groups allocated as their first page
/// is, so an input that touches a few pages neither fills nor frees 65 536 empty ones.
const GROUP: usize = 256;

type Group<A> = Box<[OnceLock<Box<[A]>>]>;

/// Atomic slots for ids below 2^32, in pages allocated as ids come, within a budget.
pub(super) struct Pages<A> {
    groups: Box<[OnceLock<Group<A>>]>,
    /// Slots of a page (one slot may serve several ids, see `slot`).
    per_page: usize,
    pub allocated: AtomicUsize,
    /// Pages that may be allocated.
    budget: AtomicUsize,
}

impl<A: Default> Pages<A> {
    pub fn new(per_page: usize, budget_bytes: usize) -> Pages<A> {
        Pages {
            groups: (0..PAGES / GROUP).map(|_| OnceLock::new()).collect(),
            per_page,
            allocated: AtomicUsize::new(0),
            budget: AtomicUsize::new(budget_bytes.checked_div(Self::page_bytes(per_page)).unwrap_or(0)),
        }
    }

    fn page_bytes(per_page: usize) -> usize {
        per_page * std::mem::size_of::<A>()
    }

    pub fn allow_bytes(&self, bytes: usize) {
        self.budget.fetch_max(bytes / Self::page_bytes(self.per_page), Ordering::Relaxed);
    }

    /// Slot `i` (of `PAGES * per_page`), its page allocated now if the budget allows.
    #[inline]
    pub fn slot(&self, i: u64) -> Option<&A> {
        let p = usize::try_from(i / self.per_page as u64).ok()?;
        let group = self.groups.get(p / GROUP)?.get_or_init(|| (0..GROUP).map(|_| OnceLock::new()).collect());
        let page = group.get(p % GROUP)?;
        let slots = match page.get() {
            Some(p) => p,
            None => {
                if self.allocated.load(Ordering::Relaxed) >= self.budget.load(Ordering::Relaxed) {
                    return None;
                }
                page.get_or_init(|| {
                    self.allocated.fetch_add(1, Ordering::Relaxed);
                    std::iter::repeat_with(A::default).take(self.per_page).collect()
                })
            }
        };
        slots.get((i % self.per_page as u64) as usize)
    }

    /// Slot `i` if its page exists.
    pub fn existing(&self, i: u64) -> Option<&A> {
        let p = usize::try_from(i / self.per_page as u64).ok()?;
        let page = self.groups.get(p / GROUP)?.get()?.get(p % GROUP)?.get()?;
        page.get((i % self.per_page as u64) as usize)
    }
}

/// How distinct orders are counted.
pub(super) enum OrderSlots {
    /// Each order's first customer (a stream, read once).
    Owners(Pages<AtomicU32>),
    /// A bit per order seen, and one per order seen again: rows are counted, and the
    /// customers of orders seen again are counted exactly in a second pass (a file).
    Bits { seen: Pages<AtomicU64>, again: Pages<AtomicU64> },
}

/// How `Customers` counts orders (see `OrderSlots`), and the memory its slots may take.
#[derive(Debug, Clone, Copy)]
pub(in crate::data::rfm) enum Counting {
    Owners(usize),
    Bits(usize),
}

/// Takes an empty owner slot for `gid`: `Some(1)` taken now, `Some(0)` already its own,
/// `None` another customer's.
#[inline]
pub(super) fn claim(slot: &AtomicU32, gid: Gid) -> Option<u32> {
    let me = gid + 1;
    match slot.load(Ordering::Relaxed) {
        0 => match slot.compare_exchange(0, me, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => Some(1),
            Err(v) if v == me => Some(0),
            Err(_) => None,
        },
        v if v == me => Some(0),
        _ => None,
    }
}

/// Words of order bits in a page (ids `PAGE_BITS` to a page, 64 to a word).
pub(super) const PAGE_WORDS: usize = 1 << (PAGE_BITS - 6);

/// A reading thread's own order bits (a file, `OrderSlots::Bits`): per word of 64 order
/// ids, the ids it saw and the ids it saw more than once. Set without atomics (a locked
/// instruction per row cost a fifth of the read); merged into the shared bits when the
/// thread is done (`Customers::merge_bits`). A page is taken only where the shared bits
/// have one (the budget is theirs, and an order refused a page is refused everywhere).
///
/// Order ids in no order make every row's word a miss in the cache: a word is asked for
/// when its order comes and its bits are set `AHEAD` orders later (`pending`), in the same
/// order, so the memory is read meanwhile.
pub(super) struct LocalBits {
    pages: Vec<Option<Box<[[u64; 2]]>>>,
    pending: [u64; AHEAD],
    /// Orders queued in `pending` so far (the latest `AHEAD` of them not yet marked).
    queued: usize,
}

/// Orders between asking for a word and setting its bits.
const AHEAD: usize = 16;

impl LocalBits {
    pub fn new() -> LocalBits {
        // Empty pages are null pointers: the directory is zeroed memory, touched as used.
        LocalBits { pages: vec![None; PAGES], pending: [0; AHEAD], queued: 0 }
    }

    /// Marks order `o` seen; `false` when there is no page for it (`granted` says whether
    /// the shared bits have one).
    #[inline]
    pub fn count(&mut self, o: u64, granted: impl FnOnce(u64) -> bool) -> bool {
        let Some(entry) = usize::try_from(o >> PAGE_BITS).ok().and_then(|p| self.pages.get_mut(p)) else {
            return false;
        };
        let page = match entry {
            Some(page) => page,
            None => {
                if !granted(o) {
                    return false;
                }
                entry.insert(vec![[0, 0]; PAGE_WORDS].into_boxed_slice())
            }
        };
        if let Some(w) = page.get((o >> 6) as usize % PAGE_WORDS) {
            super::customers::prefetch(w);
        }
        let at = self.queued % AHEAD;
        if self.queued >= AHEAD {
            self.mark(self.pending[at]);
        }
        self.pending[at] = o;
        self.queued += 1;
        true
    }

    /// Sets the bits of order `o`, whose page is taken: seen, or seen again.
    #[inline]
    fn mark(&mut self, o: u64) {
        if let Some(Some(page)) = usize::try_from(o >> PAGE_BITS).ok().and_then(|p| self.pages.get_mut(p))
            && let Some(w) = page.get_mut((o >> 6) as usize % PAGE_WORDS)
        {
            let bit = 1 << (o & 63);
            if w[0] & bit != 0 {
                w[1] |= bit;
            } else {
                w[0] |= bit;
            }
        }
    }

    /// Marks the orders still queued.
    pub fn settle(&mut self) {
        for k in self.queued.saturating_sub(AHEAD)..self.queued {
            self.mark(self.pending[k % AHEAD]);
        }
        self.queued = 0;
    }

    /// Every page taken: (its number, its words of seen and seen-again bits); the orders
    /// still queued are marked first.
    pub fn pages(&mut self) -> impl Iterator<Item = (usize, &[[u64; 2]])> {
        self.settle();
        self.pages.iter().enumerate().filter_map(|(p, page)| Some((p, page.as_deref()?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_bits_mark_seen_and_seen_again_whenever_their_words_are_set() {
        // Repeats right after each other, within and beyond `AHEAD` orders, and at the very
        // end (still queued when the pages are read); one page refused.
        let mut orders: Vec<u64> = vec![5, 5, 9, 70_000, 9];
        orders.extend(0..40u64);
        orders.extend([3 << PAGE_BITS, 31, 38, 39, 1 << 40]);
        let mut local = LocalBits::new();
        let counted: Vec<bool> = orders.iter().map(|&o| local.count(o, |o| o >> PAGE_BITS != 3)).collect();
        assert!(counted.iter().zip(&orders).all(|(&c, &o)| c == (o >> PAGE_BITS != 3 && o < 1 << 32)));
        let mut times = std::collections::BTreeMap::new();
        for (&o, _) in orders.iter().zip(&counted).filter(|(_, c)| **c) {
            *times.entry(o).or_insert(0) += 1;
        }
        let mut seen = std::collections::BTreeMap::new();
        for (p, words) in local.pages() {
            for (k, &[s, again]) in words.iter().enumerate() {
                for b in 0..64 {
                    if s & (1 << b) != 0 {
                        let o = ((p * PAGE_WORDS + k) * 64 + b) as u64;
                        seen.insert(o, if again & (1 << b) != 0 { 2 } else { 1 });
                    }
                }
            }
        }
        let want: std::collections::BTreeMap<u64, i32> = times.iter().map(|(&o, &n)| (o, n.min(2))).collect();
        assert_eq!(seen, want);
    }
}
