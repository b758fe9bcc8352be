//! Writing segmented customers and the sales map: CSV and JSON for programs, a text table
//! for people.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{Ids, SalesMap, SegmentFigures, Segmentation, Table};
use crate::base::number::format_number;
use crate::data::decimal::push_money;
use crate::strings::rfm as msg;

pub const CUSTOMER_COLUMNS: &str = "customer_id,recency_days,frequency,monetary,r,f,m,segment";

/// `customer_id,recency_days,frequency,monetary,r,f,m,segment`, one customer a line.
/// Many customers are formatted in chunks by all cores, written in order as they come.
pub fn write_customers_csv(w: &mut dyn Write, table: &Table, seg: &Segmentation) -> io::Result<()> {
    writeln!(w, "{CUSTOMER_COLUMNS}")?;
    let names: Vec<Vec<u8>> = seg.names.iter().map(|n| csv_field(n).into_bytes()).collect();
    let format = |rows: std::ops::Range<usize>, out: &mut Vec<u8>| {
        out.clear();
        let mut line = Line::default();
        for i in rows {
            line.len = 0;
            match &table.ids {
                Ids::Num(v) => line.number(v[i]),
                Ids::Text(v) => put_csv_id(out, v.get(i)),
            }
            line.byte(b',');
            line.signed(table.recency_days[i]);
            line.byte(b',');
            line.number(u64::from(table.frequency[i]));
            line.byte(b',');
            line.money(table.monetary[i]);
            for score in [seg.scores.r[i], seg.scores.f[i], seg.scores.m[i]] {
                line.byte(b',');
                line.number(u64::from(score));
            }
            line.byte(b',');
            out.extend_from_slice(line.bytes());
            out.extend_from_slice(&names[usize::from(seg.segment[i])]);
            out.push(b'\n');
        }
    };
    in_chunks(w, table.len(), &format)
}

/// The numbers of a customer's line, written into one stack buffer and appended to the
/// output with one copy (a copy per number, of a few bytes each, cost more than the digits).
struct Line {
    buf: [u8; 128],
    len: usize,
}

impl Default for Line {
    fn default() -> Self {
        Line { buf: [0; 128], len: 0 }
    }
}

impl Line {
    #[inline]
    fn byte(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    /// `v` in decimal, its digits written from the last.
    #[inline]
    fn number(&mut self, mut v: u64) {
        let digits = v.checked_ilog10().map_or(1, |l| l as usize + 1);
        if let Some(room) = self.buf.get_mut(self.len..self.len + digits) {
            for d in room.iter_mut().rev() {
                *d = b'0' + (v % 10) as u8;
                v /= 10;
            }
            self.len += digits;
        }
    }

    #[inline]
    fn signed(&mut self, v: i64) {
        if v < 0 {
            self.byte(b'-');
        }
        self.number(v.unsigned_abs());
    }

    /// Kopecks as rubles with two decimals and a point (as `put_money` writes them).
    #[inline]
    fn money(&mut self, kopecks: i64) {
        if kopecks < 0 {
            self.byte(b'-');
        }
        let abs = kopecks.unsigned_abs();
        self.number(abs / 100);
        self.byte(b'.');
        self.byte(b'0' + (abs % 100 / 10) as u8);
        self.byte(b'0' + (abs % 10) as u8);
    }

    fn bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }
}

/// Rows per chunk of formatted output.
const CHUNK: usize = 1 << 15;

/// Formats rows `0..n` chunk by chunk with `format` and writes the chunks in order:
/// chunk k is formatted by thread k mod threads (this thread is 0, and also writes).
fn in_chunks(
    w: &mut dyn Write,
    n: usize,
    format: &(dyn Fn(std::ops::Range<usize>, &mut Vec<u8>) + Sync),
) -> io::Result<()> {
    use std::sync::mpsc;
    let chunks = n.div_ceil(CHUNK);
    let rows = |k: usize| k * CHUNK..((k + 1) * CHUNK).min(n);
    let threads = if chunks < 4 { 1 } else { std::thread::available_parallelism().map_or(1, |t| t.get()).min(8) };
    let mut buf = Vec::new();
    if threads == 1 {
        for k in 0..chunks {
            format(rows(k), &mut buf);
            w.write_all(&buf)?;
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        // Per helper: formatted chunks to this thread, empty buffers back (two in flight).
        let mut helpers = Vec::new();
        for t in 1..threads {
            let (full_tx, full_rx) = mpsc::sync_channel::<Vec<u8>>(2);
            let (empty_tx, empty_rx) = mpsc::channel::<Vec<u8>>();
            scope.spawn(move || {
                for k in (t..chunks).step_by(threads) {
                    let mut out = empty_rx.try_recv().unwrap_or_default();
                    format(rows(k), &mut out);
                    if full_tx.send(out).is_err() {
                        return; // the writer stopped on an error
                    }
                }
            });
            helpers.push((full_rx, empty_tx));
        }
        for k in 0..chunks {
            let t = k % threads;
            if t == 0 {
                format(rows(k), &mut buf);
                w.write_all(&buf)?;
            } else {
                let (full, empty) = &helpers[t - 1];
                let out = full.recv().map_err(|_| io::Error::other("formatting thread failed"))?;
                w.write_all(&out)?;
                let _ = empty.send(out);
            }
        }
        Ok(())
    })
}

/// A JSON array of objects with the CSV's fields; numeric ids stay numbers.
pub fn write_customers_json(w: &mut dyn Write, table: &Table, seg: &Segmentation) -> io::Result<()> {
    use std::fmt::Write as _;
    let names: Vec<String> = seg.names.iter().map(|n| json_string(n)).collect();
    let mut line = String::with_capacity(160);
    w.write_all(b"[")?;
    for i in 0..table.len() {
        line.clear();
        line.push_str(if i == 0 { "\n{\"customer_id\":" } else { ",\n{\"customer_id\":" });
        match &table.ids {
            Ids::Num(v) => {
                let _ = write!(line, "{}", v[i]);
            }
            Ids::Text(v) => line.push_str(&json_string(&String::from_utf8_lossy(v.get(i)))),
        }
        let _ = write!(
            line,
            ",\"recency_days\":{},\"frequency\":{},\"monetary\":",
            table.recency_days[i], table.frequency[i]
        );
        push_money(&mut line, table.monetary[i]);
        let _ = write!(
            line,
            ",\"r\":{},\"f\":{},\"m\":{},\"segment\":{}}}",
            seg.scores.r[i],
            seg.scores.f[i],
            seg.scores.m[i],
            names[usize::from(seg.segment[i])]
        );
        w.write_all(line.as_bytes())?;
    }
    w.write_all(if table.is_empty() { b"]\n" } else { b"\n]\n" })
}

pub const MAP_COLUMNS: &str =
    "segment,customers,customer_share,revenue,revenue_share,orders,average_check,mean_recency_days,mean_frequency";

/// The sales map as CSV: shares in percent, money in rubles, two decimals; a total line last.
pub fn write_map_csv(w: &mut dyn Write, map: &SalesMap) -> io::Result<()> {
    writeln!(w, "{MAP_COLUMNS}")?;
    for s in map.segments.iter().chain([&map.total]) {
        let mut revenue = String::new();
        push_money(&mut revenue, s.revenue);
        writeln!(
            w,
            "{},{},{:.2},{revenue},{:.2},{},{:.2},{:.2},{:.2}",
            csv_field(&s.name),
            s.customers,
            s.customer_share,
            s.revenue_share,
            s.orders,
            s.average_check,
            s.mean_recency_days,
            s.mean_frequency
        )?;
    }
    Ok(())
}

pub fn write_map_json(w: &mut dyn Write, map: &SalesMap) -> io::Result<()> {
    let one = |s: &SegmentFigures| {
        let mut revenue = String::new();
        push_money(&mut revenue, s.revenue);
        format!(
            "{{\"segment\":{},\"customers\":{},\"customer_share\":{:.2},\"revenue\":{revenue},\"revenue_share\":{:.2},\"orders\":{},\"average_check\":{:.2},\"mean_recency_days\":{:.2},\"mean_frequency\":{:.2}}}",
            json_string(&s.name),
            s.customers,
            s.customer_share,
            s.revenue_share,
            s.orders,
            s.average_check,
            s.mean_recency_days,
            s.mean_frequency
        )
    };
    let rows: Vec<String> = map.segments.iter().map(one).collect();
    writeln!(w, "{{\"segments\":[\n{}\n],\n\"total\":{}}}", rows.join(",\n"), one(&map.total))
}

/// The sales map as a table to read: Russian number format, columns aligned.
pub fn write_map_table(w: &mut dyn Write, map: &SalesMap) -> io::Result<()> {
    let header: Vec<String> = msg::MAP_HEADERS.iter().map(|s| s.to_string()).collect();
    let row = |s: &SegmentFigures| -> Vec<String> {
        vec![
            s.name.clone(),
            format_number(s.customers as f64, Some(0)),
            format!("{} %", format_number(s.customer_share, Some(1))),
            format_number(s.revenue as f64 / 100.0, Some(2)),
            format!("{} %", format_number(s.revenue_share, Some(1))),
            format_number(s.orders as f64, Some(0)),
            format_number(s.average_check, Some(2)),
            format_number(s.mean_recency_days, Some(1)),
            format_number(s.mean_frequency, Some(2)),
        ]
    };
    let mut rows = vec![header];
    rows.extend(map.segments.iter().map(row));
    rows.push(row(&map.total));
    let widths: Vec<usize> = (0..rows[0].len()).map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0)).collect();
    for (k, r) in rows.iter().enumerate() {
        if k + 1 == rows.len() {
            let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
            writeln!(w, "{}", rule.join("  "))?;
        }
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (text, width))| {
                let pad = " ".repeat(width - text.width());
                if c == 0 { format!("{text}{pad}") } else { format!("{pad}{text}") }
            })
            .collect();
        writeln!(w, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}

/// A text id as a CSV field: as it is when it needs no quotes and is UTF-8 (most ids),
/// else as `csv_field` writes it.
fn put_csv_id(out: &mut Vec<u8>, id: &[u8]) {
    // Printable ASCII but `,` and `"` (almost every id) is written as it is, checked byte by
    // byte (a call to `memchr` per short id costs more); anything else as `csv_field` says.
    let plain = |b: &u8| matches!(b, b' '..=b'~') && *b != b',' && *b != b'"';
    if id.iter().all(plain)
        || (memchr::memchr3(b',', b'"', b'\n', id).is_none() && !id.contains(&b'\r') && std::str::from_utf8(id).is_ok())
    {
        out.extend_from_slice(id);
    } else {
        out.extend_from_slice(csv_field(&String::from_utf8_lossy(id)).as_bytes());
    }
}

fn csv_field(s: &str) -> String {
    crate::base::csv::field(s).into_owned()
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::decimal::{put_i64, put_money, put_u64};
    use crate::data::rfm::Scores;

    #[test]
    fn a_line_writes_numbers_and_money_as_the_shared_formatting_does() {
        let values = [0i64, 1, -1, 5, -5, 9, 10, 99, 100, 12_345, -123_450, 1 << 40, i64::MAX, i64::MIN];
        for v in values {
            let (mut line, mut want) = (Line::default(), Vec::new());
            line.signed(v);
            line.byte(b',');
            line.money(v);
            line.byte(b',');
            line.number(v.unsigned_abs());
            line.number(u64::MAX);
            put_i64(&mut want, v);
            want.push(b',');
            put_money(&mut want, v);
            want.push(b',');
            put_u64(&mut want, v.unsigned_abs());
            put_u64(&mut want, u64::MAX);
            assert_eq!(String::from_utf8_lossy(line.bytes()), String::from_utf8_lossy(&want));
        }
    }

    /// Enough customers for chunks formatted by several threads: the same bytes as a
    /// line-by-line `format!`, in order.
    #[test]
    fn chunked_csv_equals_plain_formatting() {
        let n = 5 * CHUNK + 123;
        let table = Table {
            ids: Ids::Num((0..n as u64).map(|i| i * 7 + 1).collect()),
            recency_days: (0..n as i64).map(|i| i % 900 - 3).collect(),
            frequency: (0..n as u32).map(|i| i % 13 + 1).collect(),
            monetary: (0..n as i64).map(|i| (i * 7919) % 10_000_000 - 50_000).collect(),
            as_of: 0,
        };
        let score = |k: usize| (0..n).map(|i| ((i * k) % 5 + 1) as u8).collect::<Vec<u8>>();
        let seg = Segmentation {
            scores: Scores { r: score(1), f: score(3), m: score(7) },
            segment: (0..n).map(|i| (i % 3) as u16).collect(),
            names: vec!["А".into(), "b,c".into(), "Прочие".into()],
            fallback: 2,
        };
        let mut got = Vec::new();
        write_customers_csv(&mut got, &table, &seg).unwrap();
        let mut want = format!("{CUSTOMER_COLUMNS}\n");
        for i in 0..n {
            let m = table.monetary[i];
            let money = format!("{}{}.{:02}", if m < 0 { "-" } else { "" }, m.abs() / 100, m.abs() % 100);
            let name = ["А", "\"b,c\"", "Прочие"][i % 3];
            want += &format!(
                "{},{},{},{money},{},{},{},{name}\n",
                table.ids.display(i),
                table.recency_days[i],
                table.frequency[i],
                seg.scores.r[i],
                seg.scores.f[i],
                seg.scores.m[i]
            );
        }
        assert!(got == want.as_bytes(), "the chunked output differs");
    }
}
