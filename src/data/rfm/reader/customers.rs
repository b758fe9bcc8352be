//! Every customer once, whatever the order of the rows: one table shared by the reading
//! threads, cut into shards by the hash of the id (a shard behind its own lock, so two
//! threads seldom wait for each other). A shard interns ids into one growing block of
//! bytes and keeps each customer's sums; sums only add up (amounts, the latest day,
//! distinct orders), so the result does not depend on the order of rows or on which
//! thread read them.
//!
//! Distinct orders: whole-number order ids below 2^32 have an owner slot (the first
//! customer seen with that order) in pages allocated as ids come, within a budget of
//! memory. A row whose order is already owned by its customer adds nothing; an order of
//! another customer, an order outside the pages and a text order id go to the shard's
//! exact sets. A pair counted both by its set and by owning its slot (the page came
//! after the set) is counted once at the end.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use hashbrown::HashTable;
use rustc_hash::FxHashSet;

use super::super::parse::{self, Day};
use super::super::{Ids, RfmError, Table, TextIds};

const SHARD_BITS: u32 = 8;
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

impl Acc {
    pub const EMPTY: Acc = Acc { monetary: 0, last_day: Day::MIN, count: 0 };

    pub fn add(&mut self, b: &Acc) {
        self.monetary = self.monetary.saturating_add(b.monetary);
        self.last_day = self.last_day.max(b.last_day);
        self.count = self.count.saturating_add(b.count);
    }
}

/// The order id of a row.
#[derive(Debug, Clone, Copy)]
pub(super) enum Order<'a> {
    /// No order column: every row counts.
    None,
    Num(u64),
    Text(&'a [u8]),
}

#[derive(Debug, Clone, Copy)]
pub(super) enum OrderKind {
    None,
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

/// A customer's global number (see `LOCAL_BITS`).
pub(super) type Gid = u32;

pub(super) struct Customers {
    hasher: hashbrown::DefaultHashBuilder,
    shards: Box<[Mutex<Shard>]>,
    owners: Owners,
}

#[derive(Default)]
struct Shard {
    table: HashTable<u32>,
    /// Per customer: where its id is in `arena`, and its sums.
    spans: Vec<(u32, u32)>,
    accs: Vec<Acc>,
    arena: Vec<u8>,
    /// (customer, order) pairs counted exactly: orders shared with another customer or
    /// without an owner slot.
    pairs: FxHashSet<(u32, u64)>,
    /// (customer, text order id) pairs: the customer's 4 bytes, then the order's.
    text_pairs: FxHashSet<Box<[u8]>>,
    scratch: Vec<u8>,
    /// A shard went past `LOCAL_LIMIT` customers or 4 GiB of ids.
    full: bool,
}

impl Customers {
    /// `owner_budget`: bytes the owner pages may take (grown later by `allow_owner_bytes`).
    pub fn new(owner_budget: usize) -> Customers {
        Customers {
            hasher: hashbrown::DefaultHashBuilder::default(),
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
            owners: Owners::new(owner_budget),
        }
    }

    /// Lets the owner pages grow to `bytes` (a stream whose length is not known).
    pub fn allow_owner_bytes(&self, bytes: usize) {
        self.owners.budget.fetch_max(bytes / PAGE_BYTES, Ordering::Relaxed);
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
                _ => match shard.find_or_insert(row.hash, id, &self.hasher) {
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
                OrderKind::Num => Order::Num(row.order),
                OrderKind::Text => {
                    let (from, to) = ((row.order >> 32) as usize, (row.order & 0xFFFF_FFFF) as usize);
                    Order::Text(&staged.text_orders[from..to])
                }
            };
            let counted = self.count_order_in(&mut shard, gid, order);
            let acc = &mut shard.accs[local as usize];
            acc.add(&row.acc);
            acc.count = acc.count.saturating_add(counted);
        }
        staged.clear();
        ok
    }

    fn count_order_in(&self, shard: &mut Shard, gid: Gid, order: Order) -> u32 {
        let local = gid & LOCAL_LIMIT as u32;
        match order {
            Order::None => 1,
            Order::Num(o) => {
                if let Some(slot) = self.owners.slot(o)
                    && let Some(counted) = claim(slot, gid)
                {
                    return counted;
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
        let Customers { shards, owners, .. } = self;
        let mut shards: Vec<Shard> = shards
            .into_vec()
            .into_iter()
            .map(|m| m.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
            .collect();
        if shards.iter().any(|s| s.full) {
            return Err(RfmError::Internal("too many customers".into()));
        }
        // A pair both in a set and owning its slot was counted twice.
        for (s, shard) in shards.iter_mut().enumerate() {
            let pairs = std::mem::take(&mut shard.pairs);
            for (local, o) in pairs {
                let gid = ((s as u32) << LOCAL_BITS) | local;
                if owners.existing(o).is_some_and(|slot| slot.load(Ordering::Relaxed) == gid + 1) {
                    let acc = &mut shard.accs[local as usize];
                    acc.count = acc.count.saturating_sub(1);
                }
            }
            shard.text_pairs = FxHashSet::default();
            shard.table = HashTable::new();
        }
        drop(owners);
        let id = |s: usize, local: usize| {
            let (start, len) = shards[s].spans[local];
            &shards[s].arena[start as usize..(start + len) as usize]
        };
        let total: usize = shards.iter().map(|s| s.accs.len()).sum();
        let all_numbers =
            (0..SHARDS).all(|s| (0..shards[s].accs.len()).all(|l| parse::canonical_u64(id(s, l)).is_some()));
        let (ids, order): (Ids, Vec<(usize, usize)>) = if all_numbers {
            let mut keys: Vec<(u64, u32)> = Vec::with_capacity(total);
            for (s, shard) in shards.iter().enumerate() {
                for l in 0..shard.accs.len() {
                    let n = parse::canonical_u64(id(s, l)).unwrap_or_default();
                    keys.push((n, ((s as u32) << LOCAL_BITS) | l as u32));
                }
            }
            keys.sort_unstable();
            let order = keys.iter().map(|&(_, g)| split(g)).collect();
            (Ids::Num(keys.into_iter().map(|(n, _)| n).collect()), order)
        } else {
            // Sorted by the first 16 bytes as two numbers, then by all bytes.
            let mut keys: Vec<(u64, u64, u32)> = Vec::with_capacity(total);
            for (s, shard) in shards.iter().enumerate() {
                for l in 0..shard.accs.len() {
                    let (hi, lo) = prefix(id(s, l));
                    keys.push((hi, lo, ((s as u32) << LOCAL_BITS) | l as u32));
                }
            }
            keys.sort_unstable_by(|a, b| {
                (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| {
                    let (x, y) = (split(a.2), split(b.2));
                    id(x.0, x.1).cmp(id(y.0, y.1))
                })
            });
            let order: Vec<(usize, usize)> = keys.iter().map(|&(_, _, g)| split(g)).collect();
            drop(keys);
            // The shards' blocks one after another; each id stays where it is.
            let mut bytes = Vec::with_capacity(shards.iter().map(|s| s.arena.len()).sum());
            let mut base = Vec::with_capacity(SHARDS);
            for shard in &mut shards {
                base.push(bytes.len());
                bytes.extend_from_slice(&shard.arena);
                shard.arena = Vec::new();
            }
            let mut text = TextIds { bytes, starts: Vec::with_capacity(total), lens: Vec::with_capacity(total) };
            for &(s, l) in &order {
                let (start, len) = shards[s].spans[l];
                text.starts.push(base[s] + start as usize);
                text.lens.push(len);
            }
            (Ids::Text(text), order)
        };
        let acc = |&(s, l): &(usize, usize)| shards[s].accs[l];
        let recency_days = order.iter().map(|p| i64::from(as_of) - i64::from(acc(p).last_day)).collect();
        let frequency = order.iter().map(|p| acc(p).count).collect();
        let monetary = order.iter().map(|p| acc(p).monetary).collect();
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

/// Takes an empty owner slot for `gid`: `Some(1)` taken now, `Some(0)` already its own,
/// `None` another customer's.
#[inline]
fn claim(slot: &AtomicU32, gid: Gid) -> Option<u32> {
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

impl Shard {
    fn find_or_insert(&mut self, hash: u64, id: &[u8], hasher: &hashbrown::DefaultHashBuilder) -> Option<u32> {
        let Shard { table, spans, accs, arena, full, .. } = self;
        if let Some(&i) = table.find(hash, |&i| bytes(arena, spans[i as usize]) == id) {
            return Some(i);
        }
        let (Ok(start), Ok(len)) = (u32::try_from(arena.len()), u32::try_from(id.len())) else {
            *full = true;
            return None;
        };
        if accs.len() >= LOCAL_LIMIT || start.checked_add(len).is_none() {
            *full = true;
            return None;
        }
        let i = accs.len() as u32;
        grow(arena, id.len());
        arena.extend_from_slice(id);
        grow(spans, 1);
        spans.push((start, len));
        grow(accs, 1);
        accs.push(Acc::EMPTY);
        table.insert_unique(hash, i, |&j| hasher.hash_one(bytes(arena, spans[j as usize])));
        Some(i)
    }
}

fn bytes(arena: &[u8], (start, len): (u32, u32)) -> &[u8] {
    arena.get(start as usize..start as usize + len as usize).unwrap_or_default()
}

/// Room for `more` items, growing by a quarter (not double: millions of customers).
fn grow<T>(v: &mut Vec<T>, more: usize) {
    if v.capacity() - v.len() < more {
        v.reserve_exact(more.max(v.capacity() / 4).max(1024 / std::mem::size_of::<T>().max(1)));
    }
}

const PAGE_BITS: u32 = 16;
const PAGE_SLOTS: usize = 1 << PAGE_BITS;
const PAGE_BYTES: usize = PAGE_SLOTS * 4;
const PAGES: usize = 1 << (32 - PAGE_BITS);

/// Owner slots of order ids below 2^32, a page of 2^16 at a time.
struct Owners {
    pages: Box<[OnceLock<Box<[AtomicU32]>>]>,
    allocated: AtomicUsize,
    /// Pages that may be allocated.
    budget: AtomicUsize,
}

impl Owners {
    fn new(budget_bytes: usize) -> Owners {
        Owners {
            pages: (0..PAGES).map(|_| OnceLock::new()).collect(),
            allocated: AtomicUsize::new(0),
            budget: AtomicUsize::new(budget_bytes / PAGE_BYTES),
        }
    }

    /// The slot of order `o`, its page allocated now if the budget allows.
    #[inline]
    fn slot(&self, o: u64) -> Option<&AtomicU32> {
        let page = self.pages.get(usize::try_from(o >> PAGE_BITS).ok()?)?;
        let slots = match page.get() {
            Some(p) => p,
            None => {
                if self.allocated.load(Ordering::Relaxed) >= self.budget.load(Ordering::Relaxed) {
                    return None;
                }
                page.get_or_init(|| {
                    self.allocated.fetch_add(1, Ordering::Relaxed);
                    std::iter::repeat_with(|| AtomicU32::new(0)).take(PAGE_SLOTS).collect()
                })
            }
        };
        slots.get(o as usize & (PAGE_SLOTS - 1))
    }

    /// The slot of order `o` if its page exists.
    fn existing(&self, o: u64) -> Option<&AtomicU32> {
        let page = self.pages.get(usize::try_from(o >> PAGE_BITS).ok()?)?.get()?;
        page.get(o as usize & (PAGE_SLOTS - 1))
    }
}
