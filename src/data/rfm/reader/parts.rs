//! A file (or bytes) cut into parts, each read by its own thread into the shared
//! customers.

use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use super::customers::Customers;
use super::orders::Gid;
use super::worker::{Stats, Worker};
use super::{BUF, Header, MAX_RECORD, ReadOptions, Source, io_err};
use crate::data::rfm::RfmError;
use crate::strings::rfm as msg;

/// Offsets where parts start: just after the first line break past each even cut.
pub(super) fn cut_points(source: &Source, start: u64, len: u64, threads: usize) -> Result<Vec<u64>, RfmError> {
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

/// Reads each part in its own thread. `None` when a part did not end at a record (the
/// customers then hold part of the rows and must be dropped).
pub(super) fn run(
    source: &Source,
    opts: &ReadOptions,
    header: &Header,
    parts: &[u64],
    progress: &AtomicU64,
    label: &str,
    customers: &Customers,
) -> Result<Option<Vec<Stats>>, RfmError> {
    let ranges: Vec<(u64, u64)> = parts.windows(2).map(|w| (w[0], w[1])).collect();
    let last = ranges.len().saturating_sub(1);
    let results: Vec<Result<(Stats, bool), RfmError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .iter()
            .enumerate()
            .map(|(k, &(from, to))| {
                scope.spawn(move || {
                    let mut w = Worker::new(header, opts, customers);
                    let reader = source.open(from)?.take(to - from);
                    let clean_end = drive(&mut w, reader, k == last, progress, label)?;
                    if w.overflow {
                        return Err(RfmError::Internal("too many customers".into()));
                    }
                    Ok((w.stats, clean_end))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(RfmError::Internal("reader thread panicked".into()))))
            .collect()
    });
    let mut stats = Vec::new();
    for r in results {
        let (s, clean_end) = r?;
        if !clean_end {
            return Ok(None);
        }
        stats.push(s);
    }
    Ok(Some(stats))
}

/// The second pass over the whole file: rows per (customer, order seen again).
pub(super) fn recount(
    source: &Source,
    opts: &ReadOptions,
    header: &Header,
    label: &str,
    customers: &Customers,
) -> Result<FxHashMap<(Gid, u64), u32>, RfmError> {
    let mut w = Worker::new(header, opts, customers);
    w.recount = Some(FxHashMap::default());
    let progress = AtomicU64::new(0);
    drive(&mut w, source.open(header.data_start)?, true, &progress, label)?;
    w.recount.ok_or_else(|| RfmError::Internal("recount".into()))
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
                return Err(RfmError::BadRow(format!("{label}:{}: {}", w.stats.lines + 1, msg::RECORD_TOO_LONG)));
            }
            buf.resize(buf.len() * 2, 0);
        }
    }
}
