//! A stream (the standard input) read once: this thread reads it in blocks cut at record
//! ends and hands them to the reading threads, which add rows to the shared customers.
//!
//! A block is cut at the last line break outside quotes: the quotes are followed as
//! `next_record` reads them (a quote opens a field only at its start, `""` inside is a
//! quote). A quote anywhere else makes the stream irregular, and from there on blocks are
//! cut by splitting their records one by one, as the reading threads will.

use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, mpsc};

use super::super::record::{Fields, next_record};
use super::customers::Customers;
use super::worker::{Stats, Worker};
use super::{BUF, Header, MAX_RECORD, ReadOptions, io_err};
use crate::data::rfm::RfmError;
use crate::strings::rfm as msg;

/// A block: its number in the stream, its bytes, whether it is the last.
type Block = (usize, Vec<u8>, bool);

pub(super) fn run(
    r: &mut dyn Read,
    first: Vec<u8>,
    opts: &ReadOptions,
    header: &Header,
    progress: &AtomicU64,
    label: &str,
    customers: &Customers,
) -> Result<Vec<Stats>, RfmError> {
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()).min(8),
        n => n,
    };
    let (tx, rx) = mpsc::sync_channel::<Block>(threads * 2);
    let rx = Mutex::new(rx);
    let (back_tx, back_rx) = mpsc::channel::<Vec<u8>>();
    let stopped = AtomicBool::new(false);
    let (sent, results) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (rx, back_tx, stopped) = (&rx, back_tx.clone(), &stopped);
                scope.spawn(move || -> Result<Vec<(usize, Stats)>, RfmError> {
                    let mut w = Worker::new(header, opts, customers);
                    let mut done = Vec::new();
                    loop {
                        let next = rx.lock().map_err(|_| RfmError::Internal("block queue".into()))?.recv();
                        let Ok((seq, block, last)) = next else { break };
                        let consumed = w.feed(&block, last);
                        if consumed != block.len() {
                            stopped.store(true, Ordering::Relaxed);
                            return Err(RfmError::Internal("a block did not end at a record".into()));
                        }
                        done.push((seq, std::mem::take(&mut w.stats)));
                        if w.stop {
                            stopped.store(true, Ordering::Relaxed);
                        }
                        let _ = back_tx.send(block);
                    }
                    w.flush();
                    if w.overflow {
                        return Err(RfmError::Internal("too many customers".into()));
                    }
                    Ok(done)
                })
            })
            .collect();
        drop(back_tx);
        let sent = hand_out(r, first, header, progress, label, customers, &tx, &back_rx, &stopped);
        drop(tx);
        let results: Vec<_> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(RfmError::Internal("reader thread panicked".into()))))
            .collect();
        (sent, results)
    });
    let mut blocks = Vec::new();
    for r in results {
        blocks.extend(r?);
    }
    sent?;
    blocks.sort_unstable_by_key(|(seq, _)| *seq);
    Ok(blocks.into_iter().map(|(_, s)| s).collect())
}

/// Reads the stream and sends it in blocks until its end (or a thread stopped at a bad row).
#[allow(clippy::too_many_arguments)]
fn hand_out(
    r: &mut dyn Read,
    first: Vec<u8>,
    header: &Header,
    progress: &AtomicU64,
    label: &str,
    customers: &Customers,
    tx: &mpsc::SyncSender<Block>,
    back: &mpsc::Receiver<Vec<u8>>,
    stopped: &AtomicBool,
) -> Result<(), RfmError> {
    let mut buf = first;
    let mut size = BUF;
    let mut seq = 0;
    let mut irregular = false;
    let mut cutter = Cutter::default();
    progress.fetch_add(header.data_start + buf.len() as u64, Ordering::Relaxed);
    loop {
        if stopped.load(Ordering::Relaxed) {
            return Ok(());
        }
        let eof = fill(r, &mut buf, size, progress, label)?;
        customers.allow_order_bytes(super::OWNER_BASE + (progress.load(Ordering::Relaxed) / 4) as usize);
        if eof {
            let _ = tx.send((seq, buf, true));
            return Ok(());
        }
        let cut = if irregular {
            None
        } else {
            let c = cutter.cut(&buf, header.delim);
            irregular = c.is_err();
            c.ok()
        };
        let cut = match cut {
            Some(c) => c,
            None => exact_cut(&buf, header.delim),
        };
        if cut == 0 {
            // Not one whole record yet: a bigger block.
            if size >= MAX_RECORD {
                return Err(RfmError::BadRow(format!("{label}: {}", msg::RECORD_TOO_LONG)));
            }
            size *= 2;
            continue;
        }
        let mut next = back.try_recv().unwrap_or_default();
        next.clear();
        next.extend_from_slice(&buf[cut..]);
        buf.truncate(cut);
        if tx.send((seq, buf, false)).is_err() {
            return Ok(()); // every thread has stopped; it says why
        }
        seq += 1;
        buf = next;
    }
}

/// Reads into `buf` until it holds `size` bytes or the stream ends (returns true).
fn fill(r: &mut dyn Read, buf: &mut Vec<u8>, size: usize, progress: &AtomicU64, label: &str) -> Result<bool, RfmError> {
    let had = buf.len();
    if buf.len() < size {
        buf.resize(size, 0);
    }
    let mut len = had;
    let eof = loop {
        if len == buf.len() {
            break false;
        }
        match r.read(&mut buf[len..]) {
            Ok(0) => break true,
            Ok(n) => len += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_err(Path::new(label), e)),
        }
    };
    buf.truncate(len);
    progress.fetch_add((len - had) as u64, Ordering::Relaxed);
    Ok(eof)
}

/// Finds the last record end of a block from its quotes.
#[derive(Default)]
struct Cutter {
    /// Quoted stretches: (opening quote, closing quote or the block's end).
    quoted: Vec<(usize, usize)>,
}

/// A quote `next_record` would read as an ordinary character.
#[derive(Debug, PartialEq)]
struct Irregular;

impl Cutter {
    /// Just past the last line break outside quotes (0: none). The block starts at a record.
    fn cut(&mut self, buf: &[u8], delim: u8) -> Result<usize, Irregular> {
        self.quoted.clear();
        let mut quotes = memchr::memchr_iter(b'"', buf);
        while let Some(open) = quotes.next() {
            if open > 0 && buf[open - 1] != delim && buf[open - 1] != b'\n' {
                return Err(Irregular);
            }
            // The closing quote: one not followed by another (`""` is a quote inside).
            let mut close = buf.len();
            while let Some(q) = quotes.next() {
                if buf.get(q + 1) == Some(&b'"') {
                    quotes.next();
                    continue;
                }
                if !matches!(buf.get(q + 1), None | Some(b'\n' | b'\r')) && buf.get(q + 1) != Some(&delim) {
                    return Err(Irregular);
                }
                close = q;
                break;
            }
            self.quoted.push((open, close));
        }
        let mut end = buf.len();
        let mut stretches = self.quoted.iter().rev().peekable();
        while let Some(nl) = memchr::memrchr(b'\n', &buf[..end]) {
            while stretches.peek().is_some_and(|&&(open, _)| open > nl) {
                stretches.next();
            }
            match stretches.peek() {
                Some(&&(open, close)) if close > nl => end = open,
                _ => return Ok(nl + 1),
            }
        }
        Ok(0)
    }
}

/// Just past the last whole record of a block, splitting records one by one.
fn exact_cut(buf: &[u8], delim: u8) -> usize {
    let mut fields = Fields::default();
    let mut pos = 0;
    while pos < buf.len() {
        match next_record(buf, pos, delim, 0, false, &mut fields) {
            Some(end) => pos = end.next,
            None => break,
        }
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Record ends as `next_record` finds them.
    fn record_ends(buf: &[u8]) -> Vec<usize> {
        let mut fields = Fields::default();
        let (mut pos, mut ends) = (0, vec![0]);
        while let Some(end) = next_record(buf, pos, b',', 0, false, &mut fields) {
            pos = end.next;
            ends.push(pos);
        }
        ends
    }

    #[test]
    fn a_block_is_cut_where_a_record_ends() {
        // Random blocks of delimiters, quotes, line breaks and letters: wherever the
        // quote cutter answers, its cut is the last record end `next_record` finds.
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b",\"\n\rab";
        let (mut answered, mut irregular) = (0, 0);
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let buf: Vec<u8> = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let ends = record_ends(&buf);
            let last = *ends.last().unwrap();
            assert_eq!(exact_cut(&buf, b','), last, "{:?}", String::from_utf8_lossy(&buf));
            match Cutter::default().cut(&buf, b',') {
                Ok(cut) => {
                    answered += 1;
                    assert_eq!(cut, last, "{:?}", String::from_utf8_lossy(&buf));
                }
                Err(Irregular) => irregular += 1,
            }
        }
        assert!(answered > 2000 && irregular > 2000, "{answered} {irregular}");
    }

    #[test]
    fn quoted_line_breaks_are_not_cuts() {
        let buf = b"1,\"a\nb\",2\n3,\"c\n";
        assert_eq!(Cutter::default().cut(buf, b','), Ok(10));
        assert_eq!(Cutter::default().cut(b"1,\"a\"\"\n\",2\n", b','), Ok(11));
        assert_eq!(Cutter::default().cut(b"1,x\"y\n", b','), Err(Irregular));
    }
}
