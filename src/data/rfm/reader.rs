//! Streaming an orders file into per-customer recency, frequency and monetary.
//!
//! The file is read in big buffers and never held whole: memory grows with customers,
//! not orders. A large file is cut into contiguous parts read by one thread each; a part
//! is assumed to start at a record (the first line break after the cut), and the part
//! before it must end exactly there — if a quoted field spans the cut, the whole file is
//! read again by one thread. Parts are merged in file order, so the result never depends
//! on the number of threads.
//!
//! Frequency counts distinct order ids in O(1) per customer while a customer's ids only
//! grow (repeated ids of one order may follow each other, as line items do); a customer
//! whose ids go back, or are not whole numbers, is counted exactly in a second pass that
//! keeps only their ids.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::{FxHashMap, FxHashSet};

use super::parse::{self, Day};
use super::record::{self, Fields, next_record};
use super::{Ids, RfmError, Table};
use crate::strings::rfm as msg;

/// Which columns to read and how.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub customer_col: String,
    pub date_col: String,
    pub amount_col: String,
    /// The order column; when it is absent from the file, rows are counted instead —
    /// unless `order_col_required` (the user named it).
    pub order_col: String,
    pub order_col_required: bool,
    /// Rows dated after this day are left out; `None`: the day after the latest order.
    pub as_of: Option<Day>,
    pub skip_bad: bool,
    /// Parts read in parallel: 0 for as many as there are cores when the file is large.
    pub threads: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            customer_col: "customer_id".into(),
            date_col: "order_date".into(),
            amount_col: "amount".into(),
            order_col: "order_id".into(),
            order_col_required: false,
            as_of: None,
            skip_bad: false,
            threads: 0,
        }
    }
}

/// What was read besides the table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadReport {
    /// Data rows read (blank lines not counted).
    pub rows: u64,
    /// Rows dated after the as-of date, left out.
    pub after_as_of: u64,
    /// Bad rows skipped (`skip_bad`), with the first one's message.
    pub skipped: u64,
    pub first_skipped: Option<String>,
    /// Whether an order column was used for frequency.
    pub by_order: bool,
}

/// Where the orders come from.
pub enum Source<'a> {
    File(&'a Path),
    Bytes { label: &'a str, bytes: &'a [u8] },
}

impl Source<'_> {
    fn label(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Bytes { label, .. } => (*label).to_owned(),
        }
    }

    fn open(&self, from: u64) -> Result<Box<dyn Read + Send + '_>, RfmError> {
        match self {
            Source::File(p) => {
                let mut f = File::open(p).map_err(|e| io_err(p, e))?;
                f.seek(SeekFrom::Start(from)).map_err(|e| io_err(p, e))?;
                Ok(Box::new(f))
            }
            Source::Bytes { bytes, .. } => Ok(Box::new(bytes.get(from as usize..).unwrap_or_default())),
        }
    }

    fn len(&self) -> Result<u64, RfmError> {
        match self {
            Source::File(p) => std::fs::metadata(p).map(|m| m.len()).map_err(|e| io_err(p, e)),
            Source::Bytes { bytes, .. } => Ok(bytes.len() as u64),
        }
    }
}

fn io_err(p: &Path, e: io::Error) -> RfmError {
    RfmError::Io { path: PathBuf::from(p), message: crate::strings::io_error(&e) }
}

const BUF: usize = 1 << 20;
const MAX_RECORD: usize = 256 << 20;
/// Files smaller than this are read by one thread.
const PARALLEL_FROM: u64 = 32 << 20;

/// Reads the orders into a table of customers. `progress` counts bytes read.
pub fn read(source: &Source, opts: &ReadOptions, progress: &AtomicU64) -> Result<(Table, ReadReport), RfmError> {
    let label = source.label();
    let header = read_header(source, opts, &label)?;
    let len = source.len()?;
    // Automatic: all cores for a large file. Explicit: that many parts at any size.
    let threads = match opts.threads {
        0 if len >= PARALLEL_FROM => std::thread::available_parallelism().map_or(1, |n| n.get()).min(8),
        0 => 1,
        n => n,
    };
    let parts =
        if threads > 1 { cut_points(source, header.data_start, len, threads)? } else { vec![header.data_start, len] };
    let workers = match run_parts(source, opts, &header, &parts, progress, &label)? {
        Some(workers) => workers,
        None => {
            // A quoted field spans a cut: read it all with one thread.
            progress.store(0, Ordering::Relaxed);
            run_parts(source, opts, &header, &[header.data_start, len], progress, &label)?
                .ok_or_else(|| RfmError::Internal("single part cannot span a cut".into()))?
        }
    };
    let mut report = ReadReport { by_order: header.cols.order.is_some(), ..ReadReport::default() };
    let mut line_base = 1 + header.lines;
    for (w, _) in &workers {
        if let Some((line, message)) = &w.first_error {
            let shown = format!("{label}:{}: {message}", line_base + line);
            if !opts.skip_bad {
                return Err(RfmError::BadRow(shown));
            }
            report.first_skipped.get_or_insert(shown);
        }
        line_base += w.lines;
        report.rows += w.rows;
        report.after_as_of += w.after_as_of;
        report.skipped += w.skipped;
    }
    let max_day = workers.iter().filter_map(|(w, _)| w.max_day).max();
    let as_of = match (opts.as_of, max_day) {
        (Some(d), _) => d,
        (None, Some(d)) => d + 1,
        (None, None) => 0,
    };
    let parts = workers.into_iter().map(|(_, part)| part).collect();
    let mut merged = merge_workers(parts, header.cols.order.is_some());
    let exact: Vec<usize> = (0..merged.accs.len()).filter(|&i| merged.accs[i].needs_exact()).collect();
    if !exact.is_empty() {
        recount_exact(source, opts, &header, &label, &mut merged, &exact)?;
    }
    Ok((merged.into_table(as_of), report))
}

struct Header {
    delim: u8,
    cols: Columns,
    /// Byte offset of the first data record.
    data_start: u64,
    /// Line breaks in the header record.
    lines: u64,
}

#[derive(Debug, Clone, Copy)]
struct Columns {
    customer: usize,
    date: usize,
    amount: usize,
    order: Option<usize>,
    max: usize,
}

fn read_header(source: &Source, opts: &ReadOptions, label: &str) -> Result<Header, RfmError> {
    let mut r = source.open(0)?;
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let n = r.read(&mut chunk).map_err(|e| io_err(Path::new(label), e))?;
        buf.extend_from_slice(&chunk[..n]);
        let body = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf);
        if n == 0 || memchr::memchr(b'\n', body).is_some_and(|nl| !in_quotes(&body[..nl])) || buf.len() > MAX_RECORD {
            break;
        }
    }
    let bom = if buf.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let body = &buf[bom..];
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(RfmError::BadRow(format!("{label}:1: {}", msg::EMPTY_FILE)));
    }
    let delim = record::sniff_delimiter(body);
    let mut fields = Fields::default();
    let end = next_record(body, 0, delim, usize::MAX, true, &mut fields)
        .ok_or_else(|| RfmError::Internal("header at eof".into()))?;
    let names: Vec<String> = (0..fields.list.len())
        .map(|i| String::from_utf8_lossy(parse::trim(fields.get(body, i).unwrap_or_default())).into_owned())
        .collect();
    let find = |name: &str| names.iter().position(|n| n == name.trim());
    let required =
        |name: &str| find(name).ok_or_else(|| RfmError::BadRow(format!("{label}:1: {}", msg::no_column(name, &names))));
    let customer = required(&opts.customer_col)?;
    let date = required(&opts.date_col)?;
    let amount = required(&opts.amount_col)?;
    let order = if opts.order_col_required { Some(required(&opts.order_col)?) } else { find(&opts.order_col) };
    let max = customer.max(date).max(amount).max(order.unwrap_or(0));
    Ok(Header {
        delim,
        cols: Columns { customer, date, amount, order, max },
        data_start: (bom + end.next) as u64,
        lines: end.newlines,
    })
}

fn in_quotes(b: &[u8]) -> bool {
    memchr::memchr_iter(b'"', b).count() % 2 == 1
}

/// Offsets where parts start: just after the first line break past each even cut.
fn cut_points(source: &Source, start: u64, len: u64, threads: usize) -> Result<Vec<u64>, RfmError> {
    let mut points = vec![start];
    for k in 1..threads as u64 {
        let at = start + (len - start) * k / threads as u64;
        let mut r = source.open(at)?;
        let mut window = vec![0u8; 1 << 16];
        let mut offset = at;
        let found = loop {
            let n = r.read(&mut window).map_err(|e| io_err(Path::new(&source.label()), e))?;
            if n == 0 {
                break None;
            }
            if let Some(nl) = memchr::memchr(b'\n', &window[..n]) {
                break Some(offset + nl as u64 + 1);
            }
            offset += n as u64;
        };
        match found {
            Some(p) if p < len && p > *points.last().unwrap_or(&0) => points.push(p),
            _ => {}
        }
    }
    points.push(len);
    Ok(points)
}

/// Reads each part in its own thread. `None` when a part did not end at a record.
fn run_parts(
    source: &Source,
    opts: &ReadOptions,
    header: &Header,
    parts: &[u64],
    progress: &AtomicU64,
    label: &str,
) -> Result<Option<Vec<(Worker, Part)>>, RfmError> {
    let ranges: Vec<(u64, u64)> = parts.windows(2).map(|w| (w[0], w[1])).collect();
    let last = ranges.len().saturating_sub(1);
    let results: Vec<Result<(Worker, Part, bool), RfmError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .iter()
            .enumerate()
            .map(|(k, &(from, to))| {
                scope.spawn(move || {
                    let mut w = Worker::new(header, opts, Mode::Aggregate);
                    let reader = source.open(from)?.take(to - from);
                    let clean_end = drive(&mut w, reader, k == last, progress, label)?;
                    let part =
                        if clean_end { w.finish() } else { Part { num: Sorted::default(), text: Sorted::default() } };
                    Ok((w, part, clean_end))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(RfmError::Internal("reader thread panicked".into()))))
            .collect()
    });
    let mut workers = Vec::new();
    for r in results {
        let (w, part, clean_end) = r?;
        if !clean_end {
            return Ok(None);
        }
        workers.push((w, part));
    }
    Ok(Some(workers))
}

/// Feeds a part to a worker buffer by buffer. Returns whether the part ended exactly at a
/// record's end (always true for the last part, which ends at EOF).
fn drive(w: &mut Worker, mut r: impl Read, is_last: bool, progress: &AtomicU64, label: &str) -> Result<bool, RfmError> {
    let mut buf = vec![0u8; BUF];
    let mut len = 0;
    loop {
        let mut eof = false;
        while len < buf.len() {
            let n = match r.read(&mut buf[len..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(io_err(Path::new(label), e)),
            };
            if n == 0 {
                eof = true;
                break;
            }
            len += n;
            progress.fetch_add(n as u64, Ordering::Relaxed);
        }
        let consumed = w.feed(&buf[..len], eof && is_last);
        if eof {
            w.flush();
            return Ok(consumed == len);
        }
        buf.copy_within(consumed..len, 0);
        len -= consumed;
        if len == buf.len() {
            if buf.len() >= MAX_RECORD {
                return Err(RfmError::BadRow(format!("{label}:{}: {}", w.lines + 1, msg::RECORD_TOO_LONG)));
            }
            buf.resize(buf.len() * 2, 0);
        }
    }
}

/// A customer's key: a canonical whole number, or the id's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Num(u64),
    Text(Box<[u8]>),
}

/// One customer's sums within a stretch of the file.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Acc {
    monetary: i64,
    /// The smallest and largest order id (= the first and the last while they only grow).
    min_order: u64,
    max_order: u64,
    last_day: Day,
    /// Orders (or rows); the top bit marks a customer to count exactly.
    count: u32,
}

const EXACT: u32 = 1 << 31;

impl Acc {
    fn row(day: Day, amount: i64, order: Option<u64>, by_order: bool) -> Acc {
        let (o, count) = match (by_order, order) {
            (true, Some(o)) => (o, 1),
            (true, None) => (0, 1 | EXACT),
            (false, _) => (0, 1),
        };
        Acc { monetary: amount, min_order: o, max_order: o, last_day: day, count }
    }

    fn needs_exact(&self) -> bool {
        self.count & EXACT != 0
    }

    /// Adds `b`, which comes after `self` in the file.
    fn then(&mut self, b: &Acc, by_order: bool) {
        self.monetary = self.monetary.saturating_add(b.monetary);
        self.last_day = self.last_day.max(b.last_day);
        let n = |c: u32| c & !EXACT;
        let exact = self.needs_exact() || b.needs_exact();
        let mut count = n(self.count).saturating_add(n(b.count)).min(EXACT - 1);
        let mut exact = exact;
        if by_order && !exact {
            if self.max_order == b.min_order {
                count -= 1;
            } else if self.max_order > b.min_order {
                exact = true;
            }
            self.max_order = b.max_order;
        }
        self.count = count | if exact { EXACT } else { 0 };
    }
}

enum Mode {
    Aggregate,
    /// The second pass: distinct order ids of these customers.
    Distinct {
        wanted: FxHashSet<Key>,
        seen: FxHashSet<(Key, Box<[u8]>)>,
    },
}

struct Worker {
    delim: u8,
    /// Lines are split 32 bytes at a time (`record::wide_blocks`).
    wide: bool,
    cols: Columns,
    as_of: Option<Day>,
    skip_bad: bool,
    by_order: bool,
    mode: Mode,
    num: FxHashMap<u64, Acc>,
    text: FxHashMap<Box<[u8]>, Acc>,
    /// Whole-number ids from `dense_base` on, by position (an empty slot has count 0):
    /// ids that come in order need no hashing and no sorting.
    dense: Vec<Acc>,
    dense_base: u64,
    dense_used: usize,
    /// The customer of the latest rows (key and id bytes), summed here until it changes.
    cur: Option<(Key, Acc)>,
    cur_id: Vec<u8>,
    fields: Fields,
    max_day: Option<Day>,
    rows: u64,
    after_as_of: u64,
    skipped: u64,
    /// Line breaks consumed so far.
    lines: u64,
    /// (line within the part, message) of the first bad row.
    first_error: Option<(u64, String)>,
    stop: bool,
}

impl Worker {
    fn new(h: &Header, opts: &ReadOptions, mode: Mode) -> Worker {
        Worker {
            delim: h.delim,
            wide: record::wide_blocks(),
            cols: h.cols,
            as_of: opts.as_of,
            skip_bad: opts.skip_bad,
            by_order: h.cols.order.is_some(),
            mode,
            num: FxHashMap::default(),
            text: FxHashMap::default(),
            dense: Vec::new(),
            dense_base: 0,
            dense_used: 0,
            cur: None,
            cur_id: Vec::new(),
            fields: Fields::default(),
            max_day: None,
            rows: 0,
            after_as_of: 0,
            skipped: 0,
            lines: 0,
            first_error: None,
            stop: false,
        }
    }

    /// Handles the complete records in `buf`; returns the bytes consumed.
    fn feed(&mut self, buf: &[u8], eof: bool) -> usize {
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
                let line = self.lines;
                self.lines += 1;
                self.rows += 1;
                self.row(field(c.customer), field(c.date), field(c.amount), c.order.map(field), line);
                pos = nl + 1;
                continue;
            }
            let Some(end) = next_record(buf, pos, self.delim, c.max, eof, &mut fields) else {
                break;
            };
            let line = self.lines;
            self.lines += end.newlines;
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
        self.first_error.get_or_insert((line, message));
        self.skipped += 1;
        if !self.skip_bad {
            self.stop = true;
        }
    }

    fn record(&mut self, f: &Fields, buf: &[u8], line: u64) {
        if f.count == 1 && f.get(buf, 0).is_some_and(|b| parse::trim(b).is_empty()) {
            return; // a blank line
        }
        self.rows += 1;
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
        let day = match parse::date(date) {
            Ok(d) => d,
            Err(e) => return self.bad(line, e),
        };
        let kopecks = match parse::amount(amount) {
            Ok(a) => a,
            Err(e) => return self.bad(line, e),
        };
        let order = order.map(parse::trim);
        if order.is_some_and(<[u8]>::is_empty) {
            return self.bad(line, msg::EMPTY_ORDER.into());
        }
        if self.as_of.is_some_and(|a| day > a) {
            self.after_as_of += 1;
            return;
        }
        self.max_day = Some(self.max_day.map_or(day, |m| m.max(day)));
        if let Mode::Distinct { wanted, seen } = &mut self.mode {
            let key = make_key(id);
            if wanted.contains(&key) {
                seen.insert((key, order.unwrap_or_default().into()));
            }
            return;
        }
        let acc = Acc::row(day, kopecks, order.and_then(parse::canonical_u64), self.by_order);
        match &mut self.cur {
            Some((_, cur)) if same_bytes(&self.cur_id, id) => cur.then(&acc, self.by_order),
            _ => {
                self.flush();
                self.cur = Some((make_key(id), acc));
                self.cur_id.clear();
                self.cur_id.extend_from_slice(id);
            }
        }
    }

    /// Moves the current customer's sums into the maps.
    fn flush(&mut self) {
        let Some((key, acc)) = self.cur.take() else { return };
        let by_order = self.by_order;
        match key {
            Key::Num(n) => {
                if let Some(slot) = self.dense_slot(n) {
                    if slot.count == 0 {
                        *slot = acc;
                        self.dense_used += 1;
                    } else {
                        slot.then(&acc, by_order);
                    }
                    return;
                }
                self.num.entry(n).and_modify(|a| a.then(&acc, by_order)).or_insert(acc);
            }
            Key::Text(t) => {
                self.text.entry(t).and_modify(|a| a.then(&acc, by_order)).or_insert(acc);
            }
        }
    }

    /// The dense slot of id `n`, growing the vector while it stays at least half full
    /// (beyond a first 64 Ki slots); `None` sends the id to the hash map.
    fn dense_slot(&mut self, n: u64) -> Option<&mut Acc> {
        const SLACK: usize = 1 << 16;
        if self.dense.is_empty() {
            self.dense_base = n;
        }
        let i = usize::try_from(n.checked_sub(self.dense_base)?).ok()?;
        if i >= self.dense.len() {
            if i >= 2 * self.dense_used + SLACK {
                return None;
            }
            let empty = Acc { monetary: 0, min_order: 0, max_order: 0, last_day: 0, count: 0 };
            let want = (i + 1).max(self.dense.len() * 3 / 2).min(2 * self.dense_used + SLACK);
            self.dense.reserve_exact(want - self.dense.len());
            self.dense.resize(want, empty);
        }
        self.dense.get_mut(i)
    }
}

/// `a == b` for the few bytes of an id, without a call to `memcmp` on every row.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

fn make_key(id: &[u8]) -> Key {
    parse::canonical_u64(id).map_or_else(|| Key::Text(id.into()), Key::Num)
}

/// Customers of all parts, sorted by id, with their sums.
struct Merged {
    ids: Ids,
    accs: Vec<Acc>,
}

impl Merged {
    fn into_table(self, as_of: Day) -> Table {
        let recency = self.accs.iter().map(|a| i64::from(as_of) - i64::from(a.last_day)).collect();
        let frequency = self.accs.iter().map(|a| a.count & !EXACT).collect();
        let monetary = self.accs.iter().map(|a| a.monetary).collect();
        Table { ids: self.ids, recency_days: recency, frequency, monetary, as_of }
    }

    fn key(&self, i: usize) -> Key {
        match &self.ids {
            Ids::Num(v) => Key::Num(v[i]),
            Ids::Text(v) => make_key(&v[i]),
        }
    }
}

/// Ids in order with their sums, in two columns.
struct Sorted<K> {
    ids: Vec<K>,
    accs: Vec<Acc>,
}

impl<K> Default for Sorted<K> {
    fn default() -> Self {
        Sorted { ids: Vec::new(), accs: Vec::new() }
    }
}

impl<K> Sorted<K> {
    fn from_pairs(pairs: Vec<(K, Acc)>) -> Self {
        let (ids, accs) = pairs.into_iter().unzip();
        Sorted { ids, accs }
    }
}

/// A part's customers once read, sorted in its own thread: whole-number ids (the dense
/// slots and the hash map joined) and text ids.
struct Part {
    num: Sorted<u64>,
    text: Sorted<Box<[u8]>>,
}

impl Worker {
    /// Sorts the part's customers, freeing its slots and maps.
    fn finish(&mut self) -> Part {
        self.flush();
        let mut hashed: Vec<(u64, Acc)> = std::mem::take(&mut self.num).into_iter().collect();
        hashed.sort_unstable_by_key(|e| e.0);
        let dense = compact_dense(self.dense_base, std::mem::take(&mut self.dense), self.dense_used);
        // An id never leaves the dense range once in it: its map rows came first.
        let num = merge_sorted(Sorted::from_pairs(hashed), dense, self.by_order);
        let mut text: Vec<(Box<[u8]>, Acc)> = std::mem::take(&mut self.text).into_iter().collect();
        text.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        Part { num, text: Sorted::from_pairs(text) }
    }
}

/// A part's dense slots in id order, empty ones left out (in place).
fn compact_dense(base: u64, mut dense: Vec<Acc>, used: usize) -> Sorted<u64> {
    let mut ids = Vec::with_capacity(used);
    let mut kept = 0;
    for i in 0..dense.len() {
        if dense[i].count != 0 {
            dense[kept] = dense[i];
            ids.push(base + i as u64);
            kept += 1;
        }
    }
    dense.truncate(kept);
    dense.shrink_to_fit();
    Sorted { ids, accs: dense }
}

/// Joins the parts' customers in file order (a part's sums come after the previous
/// part's): whole-number ids stay numbers; if any id is text, all become text.
fn merge_workers(parts: Vec<Part>, by_order: bool) -> Merged {
    let parts = parts.into_iter();
    if parts.as_slice().iter().all(|p| p.text.ids.is_empty()) {
        let all = parts.fold(Sorted::default(), |all, p| merge_sorted(all, p.num, by_order));
        return Merged { ids: Ids::Num(all.ids), accs: all.accs };
    }
    let all = parts.fold(Sorted::default(), |all, p| {
        // Within a part the two never share an id: text ids are not canonical numbers.
        let mut v: Vec<(Box<[u8]>, Acc)> = p.text.ids.into_iter().zip(p.text.accs).collect();
        v.extend(p.num.ids.into_iter().zip(p.num.accs).map(|(n, a)| (n.to_string().into_bytes().into(), a)));
        v.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        merge_sorted(all, Sorted::from_pairs(v), by_order)
    });
    Merged { ids: Ids::Text(all.ids), accs: all.accs }
}

/// Two sorted lists as one; `a`'s rows come before `b`'s in the file, so an id in both
/// is joined as `a` then `b`. Parts of a file whose customers come in order only touch
/// at one id: then `b` is appended.
fn merge_sorted<K: Ord>(a: Sorted<K>, b: Sorted<K>, by_order: bool) -> Sorted<K> {
    if b.ids.is_empty() {
        return a;
    }
    if a.ids.is_empty() {
        return b;
    }
    let (mut ids, mut accs) = (a.ids, a.accs);
    if ids.last() <= b.ids.first() {
        let (mut b_ids, mut b_accs) = (b.ids.into_iter(), b.accs.into_iter());
        if ids.last() == b_ids.as_slice().first() {
            b_ids.next();
            if let (Some(last), Some(first)) = (accs.last_mut(), b_accs.next()) {
                last.then(&first, by_order);
            }
        }
        ids.extend(b_ids);
        accs.extend(b_accs);
        return Sorted { ids, accs };
    }
    let capacity = ids.len() + b.ids.len();
    let all = Merge::new(ids.into_iter().zip(accs), b.ids.into_iter().zip(b.accs), by_order);
    let mut out = Sorted { ids: Vec::with_capacity(capacity), accs: Vec::with_capacity(capacity) };
    for (k, a) in all {
        out.ids.push(k);
        out.accs.push(a);
    }
    out.ids.shrink_to_fit();
    out.accs.shrink_to_fit();
    out
}

/// Two sorted streams of (id, sums) as one; `a` comes before `b` in the file, so equal
/// ids are joined as `a` then `b`.
struct Merge<K, A: Iterator<Item = (K, Acc)>, B: Iterator<Item = (K, Acc)>> {
    a: std::iter::Peekable<A>,
    b: std::iter::Peekable<B>,
    by_order: bool,
}

impl<K: Ord, A: Iterator<Item = (K, Acc)>, B: Iterator<Item = (K, Acc)>> Merge<K, A, B> {
    fn new(a: A, b: B, by_order: bool) -> Self {
        Merge { a: a.peekable(), b: b.peekable(), by_order }
    }
}

impl<K: Ord, A: Iterator<Item = (K, Acc)>, B: Iterator<Item = (K, Acc)>> Iterator for Merge<K, A, B> {
    type Item = (K, Acc);

    fn next(&mut self) -> Option<(K, Acc)> {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let order = match (self.a.peek(), self.b.peek()) {
            (Some(x), Some(y)) => x.0.cmp(&y.0),
            (Some(_), None) => Less,
            (None, Some(_)) => Greater,
            (None, None) => return None,
        };
        match order {
            Less => self.a.next(),
            Greater => self.b.next(),
            Equal => {
                let (k, mut x) = self.a.next()?;
                if let Some((_, y)) = self.b.next() {
                    x.then(&y, self.by_order);
                }
                Some((k, x))
            }
        }
    }
}

/// The second pass: distinct order ids of the customers whose ids went back.
fn recount_exact(
    source: &Source,
    opts: &ReadOptions,
    header: &Header,
    label: &str,
    merged: &mut Merged,
    exact: &[usize],
) -> Result<(), RfmError> {
    let wanted: FxHashSet<Key> = exact.iter().map(|&i| merged.key(i)).collect();
    let mut w = Worker::new(header, opts, Mode::Distinct { wanted, seen: FxHashSet::default() });
    let progress = AtomicU64::new(0);
    drive(&mut w, source.open(header.data_start)?, true, &progress, label)?;
    let Mode::Distinct { seen, .. } = w.mode else { return Err(RfmError::Internal("mode".into())) };
    let mut counts: FxHashMap<Key, u32> = FxHashMap::default();
    for (k, _) in seen {
        *counts.entry(k).or_default() += 1;
    }
    for &i in exact {
        let n = counts.get(&merged.key(i)).copied().unwrap_or(0);
        merged.accs[i].count = n.min(EXACT - 1);
    }
    Ok(())
}
