//! One reading thread: splits records, parses a row's fields, and adds the row to the
//! shared customers. Rows of one customer that follow each other (a file sorted by
//! customer) are summed here and added once (`Worker::run`).

use super::super::parse::{self, Day};
use super::super::record::{self, Fields, next_record};
use rustc_hash::FxHashMap;

use super::customers::{Acc, Customers, Order, Staged};
use super::orders::{Gid, LocalBits};
use super::{Columns, Header, ReadOptions};
use crate::strings::rfm as msg;

/// What a thread counted, besides the customers' sums.
#[derive(Debug, Default)]
pub(super) struct Stats {
    pub max_day: Option<Day>,
    pub rows: u64,
    pub after_as_of: u64,
    pub skipped: u64,
    /// Line breaks consumed so far.
    pub lines: u64,
    /// (line within the stretch read, message) of the first bad row.
    pub first_error: Option<(u64, String)>,
}

pub(super) struct Worker<'c> {
    customers: &'c Customers,
    delim: u8,
    /// Lines are split 32 bytes at a time (`record::wide_blocks`).
    wide: bool,
    cols: Columns,
    as_of: Option<Day>,
    skip_bad: bool,
    pub stats: Stats,
    /// Rows waiting for their shard, per shard.
    staged: Vec<Staged>,
    /// The latest row's id and its hash (rows of one customer often follow each other).
    last_id: Vec<u8>,
    last_hash: u64,
    /// The sums of the latest rows of that customer, one after another, whose orders
    /// were counted here (`Customers::count_order_alone`): staged as one row when another
    /// customer's row comes (a file sorted by customer needs a look-up per customer, not
    /// per row).
    run: Option<Acc>,
    dates: parse::DateCache,
    /// Orders this thread saw (a file), merged into the shared bits by `flush`.
    bits: LocalBits,
    fields: Fields,
    /// A bad row stopped the reading (without `skip_bad`), or too many customers.
    pub stop: bool,
    pub overflow: bool,
    /// The second pass (see `Customers::recount`): rows per (customer, order seen again).
    pub recount: Option<FxHashMap<(Gid, u64), u32>>,
}

impl<'c> Worker<'c> {
    pub fn new(h: &Header, opts: &ReadOptions, customers: &'c Customers) -> Worker<'c> {
        Worker {
            customers,
            delim: h.delim,
            wide: record::wide_blocks(),
            cols: h.cols,
            as_of: opts.as_of,
            skip_bad: opts.skip_bad,
            stats: Stats::default(),
            staged: (0..customers.shards()).map(|_| Staged::default()).collect(),
            last_id: Vec::new(),
            last_hash: 0,
            run: None,
            dates: parse::DateCache::default(),
            bits: LocalBits::new(),
            fields: Fields::default(),
            stop: false,
            overflow: false,
            recount: None,
        }
    }

    /// Handles the complete records in `buf`; returns the bytes consumed.
    pub fn feed(&mut self, buf: &[u8], eof: bool) -> usize {
        let mut pos = 0;
        let mut fields = std::mem::take(&mut self.fields);
        let c = self.cols;
        // Plain lines (no quotes, every column there) are split in place; any other line,
        // and a line whose end is not in the buffer yet, goes through `next_record`.
        let plain = c.max >= 1 && c.max < record::PLAIN_FIELDS;
        let mut ends: record::PlainEnds = [0; record::PLAIN_ROOM];
        while pos < buf.len() && !self.stop {
            if plain && let Some(nl) = record::plain_line_ends(buf, pos, self.delim, c.max, &mut ends, self.wide) {
                let field = |k: usize| &buf[if k == 0 { pos } else { ends[k - 1] + 1 }..ends[k]];
                let line = self.stats.lines;
                self.stats.lines += 1;
                self.stats.rows += 1;
                self.row(field(c.customer), field(c.date), field(c.amount), c.order.map(field), line);
                pos = nl + 1;
                continue;
            }
            let Some(end) = next_record(buf, pos, self.delim, c.max, eof, &mut fields) else {
                break;
            };
            let line = self.stats.lines;
            self.stats.lines += end.newlines;
            if end.unclosed_quote {
                self.bad(line, msg::UNCLOSED_QUOTE.into());
            } else {
                self.record(&fields, buf, line);
            }
            pos = end.next;
        }
        self.fields = fields;
        if self.stop { buf.len() } else { pos }
    }

    fn bad(&mut self, line: u64, message: String) {
        self.stats.first_error.get_or_insert((line, message));
        self.stats.skipped += 1;
        if !self.skip_bad {
            self.stop = true;
        }
    }

    fn record(&mut self, f: &Fields, buf: &[u8], line: u64) {
        if f.count == 1 && f.get(buf, 0).is_some_and(|b| parse::trim(b).is_empty()) {
            return; // a blank line
        }
        self.stats.rows += 1;
        let c = self.cols;
        let (Some(id), Some(date), Some(amount)) = (f.get(buf, c.customer), f.get(buf, c.date), f.get(buf, c.amount))
        else {
            self.bad(line, msg::too_few_fields(f.count, c.max + 1));
            return;
        };
        let order = c.order.map(|i| f.get(buf, i).unwrap_or_default());
        self.row(id, date, amount, order, line);
    }

    /// One data row's fields (untrimmed), the row already counted.
    #[inline]
    fn row(&mut self, id: &[u8], date: &[u8], amount: &[u8], order: Option<&[u8]>, line: u64) {
        let id = parse::trim(id);
        if id.is_empty() {
            self.bad(line, msg::EMPTY_CUSTOMER.into());
            return;
        }
        let day = match parse::date_cached(date, &mut self.dates) {
            Ok(d) => d,
            Err(e) => return self.bad(line, e),
        };
        let kopecks = match parse::amount(amount) {
            Ok(a) => a,
            Err(e) => return self.bad(line, e),
        };
        let order = match order.map(parse::trim) {
            None => Order::None,
            Some([]) => return self.bad(line, msg::EMPTY_ORDER.into()),
            Some(o) => parse::canonical_u64(o).map_or(Order::Text(o), Order::Num),
        };
        if self.as_of.is_some_and(|a| day > a) {
            self.stats.after_as_of += 1;
            return;
        }
        self.stats.max_day = Some(self.stats.max_day.map_or(day, |m| m.max(day)));
        if let Some(pairs) = &mut self.recount {
            if let Order::Num(o) = order
                && self.customers.seen_again(o)
                && let Some(gid) = self.customers.find(self.customers.hash(id), id)
            {
                *pairs.entry((gid, o)).or_default() += 1;
            }
            return;
        }
        // A row whose order is counted here joins the run of its customer's rows.
        let counted_here = match order {
            Order::None => true,
            Order::Num(o) => self.customers.count_order_alone(o, &mut self.bits),
            Order::Counted | Order::Text(_) => false,
        };
        if !same_bytes(&self.last_id, id) {
            self.end_run();
            self.last_hash = self.customers.hash(id);
            self.last_id.clear();
            self.last_id.extend_from_slice(id);
        }
        if counted_here {
            match &mut self.run {
                Some(run) => {
                    run.monetary = run.monetary.saturating_add(kopecks);
                    run.last_day = run.last_day.max(day);
                    run.count = run.count.saturating_add(1);
                }
                None => self.run = Some(Acc { monetary: kopecks, last_day: day, count: 1 }),
            }
        } else {
            self.stage(Acc { monetary: kopecks, last_day: day, count: 0 }, order);
        }
    }

    /// Stages a row (or a run) of the latest customer for its shard; a full batch is added.
    #[inline]
    fn stage(&mut self, acc: Acc, order: Order) {
        let s = Customers::shard_of(self.last_hash);
        let staged = &mut self.staged[s];
        staged.push(self.last_hash, &self.last_id, acc, order);
        if staged.rows.len() >= Staged::BATCH && !self.customers.add_staged(s, staged) {
            self.overflow = true;
            self.stop = true;
        }
    }

    /// Stages the run of the latest customer's rows, if any.
    #[inline]
    fn end_run(&mut self) {
        if let Some(run) = self.run.take() {
            self.stage(run, Order::Counted);
        }
    }

    /// Adds every staged row to the table, and this thread's order bits to the shared ones.
    pub fn flush(&mut self) {
        self.end_run();
        self.customers.merge_bits(&mut self.bits);
        self.bits = LocalBits::new();
        for (s, staged) in self.staged.iter_mut().enumerate() {
            if !staged.rows.is_empty() && !self.customers.add_staged(s, staged) {
                self.overflow = true;
            }
        }
    }
}

/// `a == b` for the few bytes of an id, without a call to `memcmp` on every row.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}
