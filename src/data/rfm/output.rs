//! Writing segmented customers and the sales map: CSV and JSON for programs, a text table
//! for people.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::parse::{format_money, push_int, push_uint};
use super::{Ids, SalesMap, SegmentFigures, Segmentation, Table};
use crate::kinds::numeric::format_number;
use crate::strings::rfm as msg;

pub const CUSTOMER_COLUMNS: &str = "customer_id,recency_days,frequency,monetary,r,f,m,segment";

/// `customer_id,recency_days,frequency,monetary,r,f,m,segment`, one customer a line.
pub fn write_customers_csv(w: &mut dyn Write, table: &Table, seg: &Segmentation) -> io::Result<()> {
    let mut line = String::with_capacity(128);
    writeln!(w, "{CUSTOMER_COLUMNS}")?;
    let names: Vec<String> = seg.names.iter().map(|n| csv_field(n)).collect();
    for i in 0..table.len() {
        line.clear();
        match &table.ids {
            Ids::Num(v) => push_uint(&mut line, v[i]),
            Ids::Text(v) => line.push_str(&csv_field(&String::from_utf8_lossy(&v[i]))),
        }
        line.push(',');
        push_int(&mut line, table.recency_days[i]);
        line.push(',');
        push_uint(&mut line, u64::from(table.frequency[i]));
        line.push(',');
        format_money(table.monetary[i], &mut line);
        for score in [seg.scores.r[i], seg.scores.f[i], seg.scores.m[i]] {
            line.push(',');
            push_uint(&mut line, u64::from(score));
        }
        line.push(',');
        line.push_str(&names[usize::from(seg.segment[i])]);
        line.push('\n');
        w.write_all(line.as_bytes())?;
    }
    Ok(())
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
            Ids::Text(v) => line.push_str(&json_string(&String::from_utf8_lossy(&v[i]))),
        }
        let _ = write!(
            line,
            ",\"recency_days\":{},\"frequency\":{},\"monetary\":",
            table.recency_days[i], table.frequency[i]
        );
        format_money(table.monetary[i], &mut line);
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
        format_money(s.revenue, &mut revenue);
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
        format_money(s.revenue, &mut revenue);
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

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}
