//! Every customer once, whatever the order of the rows: one table shared by the reading
//! threads, cut into shards by the hash of the id (a shard behind its own lock, so two
//! threads seldom wait for each other). A shard interns ids into one growing block of
//! bytes and keeps each customer's sums; sums only add up (amounts, the latest day,
//! distinct orders), so the result does not depend on the order of rows or on which
//! thread read them.
//!
//! Distinct orders ([`super::orders`]): in a file, a bit per whole-number order id below
//! 2^32 and a second bit for an order seen again, whose customers a second pass counts
//! exactly (each reading thread sets bits in its own pages, [`super::orders::LocalBits`],
//! merged here when it is done); in a stream, an owner slot per order (its first customer): a row whose order
//! its customer owns adds nothing. An order of another customer, an order outside the
//! pages and a text order id go to the shard's exact sets; a pair counted both by its set
//! and by owning its slot (the page came after the set) is counted once at the end.

use std::hash::BuildHasher;
use std::sync::atomic::Ordering;
use std::sync::{Mutex, MutexGuard};

use rustc_hash::FxHashSet;

use super::super::parse::{self, Day};
use super::super::{Ids, RfmError, Table, TextIds};
use super::orders::{Counting, Gid, LocalBits, OrderSlots, PAGE_BITS, PAGE_WORDS, Pages, claim};

const SHARD_BITS: u32 = 6;
const SHARDS: usize = 1 << SHARD_BITS;
/// A customer's global number: shard in the top 8 bits, its place in the shard below.
const LOCAL_BITS: u32 = 32 - SHARD_BITS;
const LOCAL_LIMIT: usize = (1 << LOCAL_BITS) - 1;

/// One customer's sums (or a run of rows' sums before they are added).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Acc {
    pub monetary: i64,
    pub last_day: Day,
    /// Orders (or rows without an order column).
    pub count: u32,
}

/// The order id of a row.
#[derive(Debug, Clone, Copy)]
pub(super) enum Order<'a> {
    /// No order column: every row counts.
    None,
    /// Orders already counted in the sums' `count` (a run of rows, see `Worker`).
    Counted,
    Num(u64),
    Text(&'a [u8]),
}

#[derive(Debug, Clone, Copy)]
pub(super) enum OrderKind {
    None,
    Counted,
    Num,
    Text,
}

/// A row waiting to be added to its shard.
#[derive(Debug, Clone, Copy)]
pub(super) struct StagedRow {
    pub hash: u64,
    pub acc: Acc,
    /// The order number, or (start << 32 | end) of a text order in `text_orders`.
    pub order: u64,
    /// Where the id ends in `bytes` (it starts where the previous row's ends).
    pub id_end: u32,
    pub order_kind: OrderKind,
}

/// Rows of one shard read by one thread, added to the shard a batch at a time: one lock
/// for many rows, and the shard's table warm in the cache while they are added.
#[derive(Debug, Default)]
pub(super) struct Staged {
    pub rows: Vec<StagedRow>,
    pub bytes: Vec<u8>,
    pub text_orders: Vec<u8>,
}

impl Staged {
    pub const BATCH: usize = 64;

    pub fn push(&mut self, hash: u64, id: &[u8], acc: Acc, order: Order) {
        self.bytes.extend_from_slice(id);
        let (order, order_kind) = match order {
            Order::None => (0, OrderKind::None),
            Order::Counted => (0, OrderKind::Counted),
            Order::Num(o) => (o, OrderKind::Num),
            Order::Text(t) => {
                let from = self.text_orders.len() as u64;
                self.text_orders.extend_from_slice(t);
                ((from << 32) | self.text_orders.len() as u64, OrderKind::Text)
            }
        };
        self.rows.push(StagedRow { hash, acc, order, id_end: self.bytes.len() as u32, order_kind });
    }

    fn clear(&mut self) {
        self.rows.clear();
        self.bytes.clear();
        self.text_orders.clear();
    }
}

pub(super) struct Customers {
    hasher: foldhash::fast::RandomState,
    shards: Box<[Mutex<Shard>]>,
    orders: OrderSlots,
}

#[derive(Default)]
struct Shard {
    /// Open addressing with linear probing: (the hash's low 32 bits << 32) | (record + 1),
    /// 0 for an empty slot. The position is the hash's low bits, so growing needs no
    /// hashing again.
    slots: Vec<u64>,
    used: usize,
    /// The customers one after another in 8-byte words, each a record: monetary, last day
    /// and count, the id's length, the id's bytes. A look-up reads the id and the sums
    /// from one place. A customer's number in the shard is where its record starts.
    recs: Vec<u64>,
    /// (customer, order) pairs counted exactly: orders shared with another customer or
    /// without an owner slot.
    pairs: FxHashSet<(u32, u64)>,
    /// (customer, text order id) pairs: the customer's 4 bytes, then the order's.
    text_pairs: FxHashSet<Box<[u8]>>,
    scratch: Vec<u8>,
    /// The records went past `LOCAL_LIMIT` words.
    full: bool,
    /// The bytes of every id of the shard.
    id_bytes: usize,
}

impl Customers {
    pub fn new(counting: Counting) -> Customers {
        let orders = match counting {
            Counting::Owners(bytes) => OrderSlots::Owners(Pages::new(1 << PAGE_BITS, bytes)),
            // A page of `again` only where `seen` has one: no budget of its own.
            Counting::Bits(bytes) => OrderSlots::Bits {
                seen: Pages::new(1 << (PAGE_BITS - 6), bytes),
                again: Pages::new(1 << (PAGE_BITS - 6), usize::MAX),
            },
        };
        Customers {
            hasher: foldhash::fast::RandomState::default(),
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
            orders,
        }
    }

    /// Lets the order slots grow to `bytes` (a stream whose length is not known).
    pub fn allow_order_bytes(&self, bytes: usize) {
        match &self.orders {
            OrderSlots::Owners(p) => p.allow_bytes(bytes),
            OrderSlots::Bits { seen, .. } => seen.allow_bytes(bytes),
        }
    }

    /// Some order was seen twice: its customers are to be counted again (`recount`).
    pub fn orders_seen_again(&self) -> bool {
        match &self.orders {
            OrderSlots::Owners(_) => false,
            OrderSlots::Bits { again, .. } => again.allocated.load(Ordering::Relaxed) > 0,
        }
    }

    /// Whether order `o` was seen more than once (its rows are recounted).
    pub fn seen_again(&self, o: u64) -> bool {
        match &self.orders {
            OrderSlots::Owners(_) => false,
            OrderSlots::Bits { again, .. } => {
                again.existing(o >> 6).is_some_and(|w| w.load(Ordering::Relaxed) & (1 << (o & 63)) != 0)
            }
        }
    }

    /// Counts order `o` of a row in a reading thread's own bits, when the order slots allow
    /// (a file: a bit per order, the customers of orders seen again counted exactly in a
    /// second pass): `true`, and the row adds one order. `false`: the row must go to its
    /// shard with its order (owner slots, or no page for it).
    #[inline]
    pub fn count_order_alone(&self, o: u64, local: &mut LocalBits) -> bool {
        let OrderSlots::Bits { seen, .. } = &self.orders else { return false };
        local.count(o, |o| seen.slot(o >> 6).is_some())
    }

    /// Adds a reading thread's order bits to the shared ones: an order seen by two threads
    /// (or twice by one) is seen again.
    pub fn merge_bits(&self, local: &mut LocalBits) {
        let OrderSlots::Bits { seen, again } = &self.orders else { return };
        for (p, words) in local.pages() {
            for (k, &[mine, mine_again]) in words.iter().enumerate() {
                if mine == 0 {
                    continue;
                }
                let w = ((p * PAGE_WORDS) + k) as u64;
                let before = seen.slot(w).map_or(0, |s| s.fetch_or(mine, Ordering::Relaxed));
                let twice = (before & mine) | mine_again;
                if twice != 0
                    && let Some(a) = again.slot(w)
                {
                    a.fetch_or(twice, Ordering::Relaxed);
                }
            }
        }
    }

    /// Counts order `o` in the shared bits (see `count_order_alone`).
    #[inline]
    fn count_order_shared(&self, o: u64) -> bool {
        let OrderSlots::Bits { seen, again } = &self.orders else { return false };
        let Some(word) = seen.slot(o >> 6) else { return false };
        let bit = 1 << (o & 63);
        if word.fetch_or(bit, Ordering::Relaxed) & bit != 0
            && let Some(w) = again.slot(o >> 6)
        {
            w.fetch_or(bit, Ordering::Relaxed);
        }
        true
    }

    /// The number of customer `id` if it is in the table.
    pub fn find(&self, hash: u64, id: &[u8]) -> Option<Gid> {
        let s = Self::shard_of(hash);
        let local = self.shard(s).find(hash, id)?;
        Some(((s as u32) << LOCAL_BITS) | local)
    }

    /// The second pass's findings: rows of orders seen again were each counted once; a
    /// customer's count of them becomes its distinct orders among them. `pairs`: rows
    /// per (customer, order seen again).
    pub fn recount(&self, pairs: &rustc_hash::FxHashMap<(Gid, u64), u32>) {
        for (&(gid, _), &rows) in pairs {
            let (s, local) = split(gid);
            self.shard(s).set_count(local as u32, |c| c.saturating_sub(rows).saturating_add(1));
        }
    }

    pub fn shards(&self) -> usize {
        self.shards.len()
    }

    pub fn hash(&self, id: &[u8]) -> u64 {
        self.hasher.hash_one(id)
    }

    fn shard(&self, s: usize) -> MutexGuard<'_, Shard> {
        // A thread that panicked holding a lock leaves sums that are still whole numbers;
        // the panic itself is reported by the reader.
        self.shards[s].lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The shard of an id's hash (rows are staged per shard, see [`Staged`]).
    pub fn shard_of(hash: u64) -> usize {
        // Not the bits the shard's own table uses (the lowest and the top seven).
        (hash >> 40) as usize & (SHARDS - 1)
    }

    /// Adds the rows staged for shard `s` under one lock, and empties `staged`.
    /// `false`: too many customers.
    pub fn add_staged(&self, s: usize, staged: &mut Staged) -> bool {
        let mut shard = self.shard(s);
        // Many rows' memory asked for at once, not one miss after another: first their
        // slots, then the records the slots point to.
        for row in &staged.rows {
            shard.prefetch_slot(row.hash);
            if let (OrderKind::Num, OrderSlots::Bits { seen, .. }) = (row.order_kind, &self.orders)
                && let Some(word) = seen.existing(row.order >> 6)
            {
                prefetch(word);
            }
        }
        for row in &staged.rows {
            shard.prefetch_record(row.hash);
        }
        let mut start = 0;
        let mut ok = true;
        // The previous row's hash, id and customer: rows of one customer that follow
        // each other need one look-up.
        let mut last: Option<(u64, &[u8], u32)> = None;
        for row in &staged.rows {
            let end = row.id_end as usize;
            let id = &staged.bytes[start..end];
            start = end;
            let local = match last {
                Some((hash, last_id, local)) if hash == row.hash && last_id == id => local,
                _ => match shard.find_or_insert(row.hash, id) {
                    Some(l) => l,
                    None => {
                        ok = false;
                        break;
                    }
                },
            };
            last = Some((row.hash, id, local));
            let gid = ((s as u32) << LOCAL_BITS) | local;
            let order = match row.order_kind {
                OrderKind::None => Order::None,
                OrderKind::Counted => Order::Counted,
                OrderKind::Num => Order::Num(row.order),
                OrderKind::Text => {
                    let (from, to) = ((row.order >> 32) as usize, (row.order & 0xFFFF_FFFF) as usize);
                    Order::Text(&staged.text_orders[from..to])
                }
            };
            let counted = self.count_order_in(&mut shard, gid, order);
            shard.add(local, &row.acc, counted);
        }
        staged.clear();
        ok
    }

    fn count_order_in(&self, shard: &mut Shard, gid: Gid, order: Order) -> u32 {
        let local = gid & LOCAL_LIMIT as u32;
        match order {
            Order::None => 1,
            Order::Counted => 0,
            Order::Num(o) => {
                match &self.orders {
                    OrderSlots::Owners(owners) => {
                        if let Some(slot) = owners.slot(o)
                            && let Some(counted) = claim(slot, gid)
                        {
                            return counted;
                        }
                    }
                    OrderSlots::Bits { .. } => {
                        if self.count_order_shared(o) {
                            return 1;
                        }
                    }
                }
                u32::from(shard.pairs.insert((local, o)))
            }
            Order::Text(t) => {
                shard.scratch.clear();
                shard.scratch.extend_from_slice(&local.to_le_bytes());
                shard.scratch.extend_from_slice(t);
                if shard.text_pairs.contains(shard.scratch.as_slice()) {
                    0
                } else {
                    let key: Box<[u8]> = shard.scratch.as_slice().into();
                    shard.text_pairs.insert(key);
                    1
                }
            }
        }
    }

    /// Every customer, sorted by id, as of `as_of`.
    pub fn into_table(self, as_of: Day) -> Result<Table, RfmError> {
        use rayon::slice::ParallelSliceMut;
        let Customers { shards, orders, .. } = self;
        let shards: Vec<Shard> = shards
            .into_vec()
            .into_iter()
            .map(|m| m.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
            .collect();
        // Every id's bytes in one block, and the sums, shard after shard (each shard's
        // records freed as soon as they are copied), in vectors of the final size.
        let n: usize = shards.iter().map(|s| s.used).sum();
        let mut bytes = Vec::with_capacity(shards.iter().map(|s| s.id_bytes).sum::<usize>() + 8);
        let (mut starts, mut lens, mut accs) =
            (Vec::with_capacity(n), Vec::<u32>::with_capacity(n), Vec::with_capacity(n));
        // Whole-number ids as numbers, while every id is one.
        let mut numbers: Option<Vec<(u64, u32)>> = Some(Vec::with_capacity(n));
        for (s, mut shard) in shards.into_iter().enumerate() {
            if shard.full {
                return Err(RfmError::Internal("too many customers".into()));
            }
            // A pair both in a set and owning its slot was counted twice.
            if let OrderSlots::Owners(owners) = &orders {
                for (local, o) in std::mem::take(&mut shard.pairs) {
                    let gid = ((s as u32) << LOCAL_BITS) | local;
                    if owners.existing(o).is_some_and(|slot| slot.load(Ordering::Relaxed) == gid + 1) {
                        shard.set_count(local, |c| c.saturating_sub(1));
                    }
                }
            }
            let mut r = 0;
            while r < shard.recs.len() {
                let len = shard.recs[r + 2] as usize;
                let start = bytes.len();
                for w in &shard.recs[r + HEAD..r + HEAD + len.div_ceil(8)] {
                    bytes.extend_from_slice(&w.to_le_bytes());
                }
                bytes.truncate(start + len);
                if let Some(keys) = &mut numbers {
                    match parse::canonical_u64(&bytes[start..]) {
                        Some(k) => keys.push((k, starts.len() as u32)),
                        None => numbers = None,
                    }
                }
                starts.push(start);
                lens.push(len as u32);
                accs.push(shard.acc(r as u32));
                r += HEAD + len.div_ceil(8);
            }
        }
        drop(orders);
        let id = |i: usize| &bytes[starts[i]..starts[i] + lens[i] as usize];
        // Sorted by both cores (a sort of a million ids takes a while).
        let (ids, order): (Ids, Vec<u32>) = if let Some(mut keys) = numbers {
            let (lo, hi) = keys.iter().fold((u64::MAX, 0), |(lo, hi), &(k, _)| (lo.min(k), hi.max(k)));
            if hi.saturating_sub(lo) < 1 << 32 {
                // A radix sort of (id − smallest, position) in one word: the ids of an
                // export span less than 2^32, and a million of them take a few passes.
                let mut packed: Vec<u64> = keys.iter().map(|&(k, i)| ((k - lo) << 32) | u64::from(i)).collect();
                drop(keys);
                super::super::score::radix_sort_high(&mut packed, 64 - hi.saturating_sub(lo).leading_zeros());
                let order = packed.iter().map(|&p| p as u32).collect();
                (Ids::Num(packed.into_iter().map(|p| (p >> 32) + lo).collect()), order)
            } else {
                keys.par_sort_unstable();
                let order = keys.iter().map(|&(_, i)| i).collect();
                (Ids::Num(keys.into_iter().map(|(n, _)| n).collect()), order)
            }
        } else {
            // Sorted by the first 16 bytes as two numbers, then by all bytes.
            let mut keys: Vec<(u64, u64, u32)> = (0..accs.len())
                .map(|i| {
                    let (hi, lo) = prefix(id(i));
                    (hi, lo, i as u32)
                })
                .collect();
            keys.par_sort_unstable_by(|a, b| {
                (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| id(a.2 as usize).cmp(id(b.2 as usize)))
            });
            let order: Vec<u32> = keys.iter().map(|&(_, _, i)| i).collect();
            drop(keys);
            let starts = order.iter().map(|&i| starts[i as usize]).collect();
            let lens = order.iter().map(|&i| lens[i as usize]).collect();
            (Ids::Text(TextIds { bytes, starts, lens }), order)
        };
        let acc = |&i: &u32| accs[i as usize];
        let recency_days = order.iter().map(|i| i64::from(as_of) - i64::from(acc(i).last_day)).collect();
        let frequency = order.iter().map(|i| acc(i).count).collect();
        let monetary = order.iter().map(|i| acc(i).monetary).collect();
        Ok(Table { ids, recency_days, frequency, monetary, as_of })
    }
}

fn split(gid: Gid) -> (usize, usize) {
    ((gid >> LOCAL_BITS) as usize, (gid & LOCAL_LIMIT as u32) as usize)
}

/// The first 16 bytes of an id as two big-endian numbers (zeros past its end).
fn prefix(id: &[u8]) -> (u64, u64) {
    let mut b = [0u8; 16];
    let n = id.len().min(16);
    b[..n].copy_from_slice(&id[..n]);
    let (hi, lo) = b.split_at(8);
    (u64::from_be_bytes(hi.try_into().unwrap_or_default()), u64::from_be_bytes(lo.try_into().unwrap_or_default()))
}

/// Words before a record's id: monetary, last day and count, the id's length.
const HEAD: usize = 3;

/// An id's bytes from `at`, 8 to a word (zeros past the end).
#[inline]
fn id_word(id: &[u8], at: usize) -> u64 {
    match id.get(at..at + 8) {
        Some(w) => u64::from_le_bytes(w.try_into().unwrap_or_default()),
        None => {
            let mut b = [0u8; 8];
            let rest = id.get(at..).unwrap_or_default();
            b[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(b)
        }
    }
}

/// Asks for the cache line of `x` without waiting for it.
#[inline(always)]
pub(super) fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE is part of every x86_64 processor, and a prefetch only hints: it
        // reads nothing and cannot fault.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

impl Shard {
    #[inline]
    fn prefetch_slot(&self, hash: u64) {
        if let Some(slot) = self.slots.get(hash as usize & self.slots.len().wrapping_sub(1)) {
            prefetch(slot);
        }
    }

    /// The record of the first slot of `hash`, if its tag matches.
    #[inline]
    fn prefetch_record(&self, hash: u64) {
        if let Some(&slot) = self.slots.get(hash as usize & self.slots.len().wrapping_sub(1))
            && slot >> 32 == hash & 0xFFFF_FFFF
            && let Some(rec) = self.recs.get((slot & 0xFFFF_FFFF) as usize - 1)
        {
            prefetch(rec);
            if let Some(next) = self.recs.get((slot & 0xFFFF_FFFF) as usize + 7) {
                prefetch(next);
            }
        }
    }

    /// The record of customer `id`.
    #[inline]
    fn find(&self, hash: u64, id: &[u8]) -> Option<u32> {
        self.probe(hash, id).ok()
    }

    /// The record of `id`, or `Err` with the empty slot where it would go.
    #[inline]
    fn probe(&self, hash: u64, id: &[u8]) -> Result<u32, usize> {
        if self.slots.is_empty() {
            return Err(usize::MAX);
        }
        let mask = self.slots.len() - 1;
        let tag = hash & 0xFFFF_FFFF;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return Err(i);
            }
            if slot >> 32 == tag {
                let r = (slot & 0xFFFF_FFFF) as u32 - 1;
                if self.same_id(r as usize, id) {
                    return Ok(r);
                }
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn same_id(&self, r: usize, id: &[u8]) -> bool {
        if self.recs.get(r + 2).is_none_or(|&len| len as usize != id.len()) {
            return false;
        }
        let words = self.recs.get(r + HEAD..r + HEAD + id.len().div_ceil(8)).unwrap_or_default();
        words.iter().enumerate().all(|(k, &w)| w == id_word(id, k * 8))
    }

    fn find_or_insert(&mut self, hash: u64, id: &[u8]) -> Option<u32> {
        let at = match self.probe(hash, id) {
            Ok(r) => return Some(r),
            Err(at) if (self.used + 1) * 10 <= self.slots.len() * 7 => at,
            Err(_) => {
                self.grow_slots();
                self.probe(hash, id).err()?
            }
        };
        let r = self.recs.len();
        let words = HEAD + id.len().div_ceil(8);
        if r + words > LOCAL_LIMIT || u32::try_from(id.len()).is_err() {
            self.full = true;
            return None;
        }
        grow(&mut self.recs, words);
        self.recs.extend_from_slice(&[0, pack(Day::MIN, 0), id.len() as u64]);
        self.recs.extend((0..id.len().div_ceil(8)).map(|k| id_word(id, k * 8)));
        self.slots[at] = ((hash & 0xFFFF_FFFF) << 32) | (r as u64 + 1);
        self.used += 1;
        self.id_bytes += id.len();
        Some(r as u32)
    }

    /// Twice the slots (or the first 64).
    fn grow_slots(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let mask = size - 1;
        let mut slots = vec![0u64; size];
        for &slot in self.slots.iter().filter(|&&s| s != 0) {
            let mut i = (slot >> 32) as usize & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = slot;
        }
        self.slots = slots;
    }

    fn acc(&self, r: u32) -> Acc {
        let r = r as usize;
        let (last_day, count) = unpack(self.recs[r + 1]);
        Acc { monetary: self.recs[r] as i64, last_day, count }
    }

    /// Adds a row's sums and `counted` orders to record `r`.
    #[inline]
    fn add(&mut self, r: u32, row: &Acc, counted: u32) {
        let r = r as usize;
        if let Some([m, dc]) = self.recs.get_mut(r..r + 2) {
            *m = (*m as i64).saturating_add(row.monetary) as u64;
            let (day, count) = unpack(*dc);
            *dc = pack(day.max(row.last_day), count.saturating_add(row.count).saturating_add(counted));
        }
    }

    fn set_count(&mut self, r: u32, f: impl FnOnce(u32) -> u32) {
        if let Some(dc) = self.recs.get_mut(r as usize + 1) {
            let (day, count) = unpack(*dc);
            *dc = pack(day, f(count));
        }
    }
}

fn pack(day: Day, count: u32) -> u64 {
    u64::from(day as u32) | (u64::from(count) << 32)
}

fn unpack(w: u64) -> (Day, u32) {
    (w as u32 as Day, (w >> 32) as u32)
}

/// Room for `more` items, growing by a quarter (not double: millions of customers).
fn grow<T>(v: &mut Vec<T>, more: usize) {
    if v.capacity() - v.len() < more {
        v.reserve_exact(more.max(v.capacity() / 4).max(1024 / std::mem::size_of::<T>().max(1)));
    }
}
