//! Streaming an orders file into per-customer recency, frequency and monetary.
//!
//! The input is read in big buffers and never held whole: memory grows with customers
//! (and distinct orders), not rows, whatever the order of the rows. Reading threads add
//! rows to one shared table of customers ([`customers`]); a customer seen all over the
//! file is held once.
//!
//! - A file ([`parts`]) is cut into contiguous parts read by one thread each; a part is
//!   assumed to start at a record (the first line break after the cut), and the part
//!   before it must end exactly there — if a quoted field spans the cut, the whole file is
//!   read again by one thread.
//! - A stream such as stdin ([`stream`]) is read by this thread and handed out in blocks
//!   cut at record ends.
//!
//! Sums only add up, so the result never depends on the threads.

mod customers;
mod orders;
mod parts;
mod stream;
mod worker;

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::parse::{self, Day};
use super::record::{self, Fields, next_record};
use super::{RfmError, Table};
use crate::strings::rfm as msg;
use customers::Customers;
pub(super) use orders::Counting;
use worker::Stats;

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
    Bytes {
        label: &'a str,
        bytes: &'a [u8],
    },
    /// The standard input, read once from start to end.
    Stdin,
}

impl Source<'_> {
    fn label(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Bytes { label, .. } => (*label).to_owned(),
            Source::Stdin => msg::STDIN_LABEL.to_owned(),
        }
    }

    /// A file or bytes from `from` on (not the standard input: it is read once).
    fn open(&self, from: u64) -> Result<Box<dyn Read + Send + '_>, RfmError> {
        match self {
            Source::File(p) => {
                let mut f = File::open(p).map_err(|e| io_err(p, e))?;
                f.seek(SeekFrom::Start(from)).map_err(|e| io_err(p, e))?;
                Ok(Box::new(f))
            }
            Source::Bytes { bytes, .. } => Ok(Box::new(bytes.get(from as usize..).unwrap_or_default())),
            Source::Stdin => Err(RfmError::Internal("stdin cannot be reopened".into())),
        }
    }

    fn len(&self) -> Result<u64, RfmError> {
        match self {
            Source::File(p) => std::fs::metadata(p).map(|m| m.len()).map_err(|e| io_err(p, e)),
            Source::Bytes { bytes, .. } => Ok(bytes.len() as u64),
            Source::Stdin => Ok(0),
        }
    }
}

fn io_err(p: &Path, e: io::Error) -> RfmError {
    RfmError::Io { path: PathBuf::from(p), message: crate::strings::io_error(&e) }
}

const BUF: usize = 1 << 18;
const MAX_RECORD: usize = 256 << 20;
/// Files smaller than this are read by one thread.
const PARALLEL_FROM: u64 = 32 << 20;

/// Reads the orders into a table of customers. `progress` counts bytes read.
pub fn read(source: &Source, opts: &ReadOptions, progress: &AtomicU64) -> Result<(Table, ReadReport), RfmError> {
    read_counting(source, opts, progress, None)
}

/// `read`, orders counted as `counting` says (by default: bits for a file, owners for a
/// stream, see `customers`).
pub(super) fn read_counting(
    source: &Source,
    opts: &ReadOptions,
    progress: &AtomicU64,
    counting: Option<Counting>,
) -> Result<(Table, ReadReport), RfmError> {
    let label = source.label();
    if let Source::Stdin = source {
        return read_stream(&label, &mut io::stdin().lock(), opts, progress, counting);
    }
    let mut r = source.open(0)?;
    let (header, _) = read_header(&mut r, opts, &label)?;
    drop(r);
    let len = source.len()?;
    // Automatic: all cores for a large file. Explicit: that many parts at any size.
    let threads = match opts.threads {
        0 if len >= PARALLEL_FROM => std::thread::available_parallelism().map_or(1, |n| n.get()).min(8),
        0 => 1,
        n => n,
    };
    let parts = if threads > 1 {
        parts::cut_points(source, header.data_start, len, threads)?
    } else {
        vec![header.data_start, len]
    };
    // A bit per order id: at most an eighth of the file's size, shared bits and every
    // thread's own (two bits an order) together.
    let counting = counting.unwrap_or(Counting::Bits((OWNER_BASE + len as usize / 8) / (1 + 2 * threads)));
    let customers = Customers::new(counting);
    let (customers, stats) = match parts::run(source, opts, &header, &parts, progress, &label, &customers)? {
        Some(stats) => (customers, stats),
        None => {
            // A quoted field spans a cut: read it all with one thread.
            drop(customers);
            progress.store(0, Ordering::Relaxed);
            let customers = Customers::new(counting);
            let stats = parts::run(source, opts, &header, &[header.data_start, len], progress, &label, &customers)?
                .ok_or_else(|| RfmError::Internal("single part cannot span a cut".into()))?;
            (customers, stats)
        }
    };
    if customers.orders_seen_again() {
        let pairs = parts::recount(source, opts, &header, &label, &customers)?;
        customers.recount(&pairs);
    }
    finish(customers, stats, opts, &header, &label)
}

/// Owner slots of orders any input may take.
const OWNER_BASE: usize = 16 << 20;

/// Reads a stream (read once, from its start) into a table of customers.
pub(super) fn read_stream(
    label: &str,
    r: &mut dyn Read,
    opts: &ReadOptions,
    progress: &AtomicU64,
    counting: Option<Counting>,
) -> Result<(Table, ReadReport), RfmError> {
    let (header, first) = read_header(r, opts, label)?;
    let customers = Customers::new(counting.unwrap_or(Counting::Owners(OWNER_BASE)));
    let stats = stream::run(r, first, opts, &header, progress, label, &customers)?;
    finish(customers, stats, opts, &header, label)
}

/// The report and the table from what the threads read, in input order.
fn finish(
    customers: Customers,
    stats: Vec<Stats>,
    opts: &ReadOptions,
    header: &Header,
    label: &str,
) -> Result<(Table, ReadReport), RfmError> {
    let mut report = ReadReport { by_order: header.cols.order.is_some(), ..ReadReport::default() };
    let mut line_base = 1 + header.lines;
    for w in &stats {
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
    let max_day = stats.iter().filter_map(|w| w.max_day).max();
    let as_of = match (opts.as_of, max_day) {
        (Some(d), _) => d,
        (None, Some(d)) => d + 1,
        (None, None) => 0,
    };
    Ok((customers.into_table(as_of)?, report))
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

/// Reads the header record from the start of `r`; returns it and the bytes read past it.
fn read_header(r: &mut dyn Read, opts: &ReadOptions, label: &str) -> Result<(Header, Vec<u8>), RfmError> {
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let n = match r.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_err(Path::new(label), e)),
        };
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
    let data_start = bom + end.next;
    let header = Header {
        delim,
        cols: Columns { customer, date, amount, order, max },
        data_start: data_start as u64,
        lines: end.newlines,
    };
    Ok((header, buf.get(data_start..).unwrap_or_default().to_vec()))
}

fn in_quotes(b: &[u8]) -> bool {
    memchr::memchr_iter(b'"', b).count() % 2 == 1
}
