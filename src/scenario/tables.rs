//! The tidy tables of a run for Power BI — `events` (the fact table), `customers`,
//! `steps` (the funnel), `dates` and `daily` — defined once, row by row with typed
//! cells, and written either as CSV files (one per table, streamed) or as one XLSX
//! workbook (a sheet per table: the header frozen and filtered, numbers as numbers,
//! dates and times as Excel dates).

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::data::Data;
use super::model::{Action, Scenario};
use super::sim::{EventKind, Results};
use crate::data::generate::calendar::{self, SECS_PER_DAY};
use crate::strings::scenario as msg;

/// A cell of a table, with its type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Int(i64),
    /// Rubles, in kopecks.
    Money(i64),
    Text(&'a str),
    /// Days since 1970-01-01.
    Date(i32),
    /// Seconds since 1970-01-01 00:00.
    Time(i64),
}

/// Where the tables go: a table is begun with its name and header, then its rows.
pub trait Sink {
    fn table(&mut self, name: &str, header: &[&str]) -> Result<(), String>;
    fn row(&mut self, cells: &[Cell]) -> Result<(), String>;
}

/// The names of the tables, in the order they are written.
pub const TABLES: [&str; 5] = ["events", "customers", "steps", "dates", "daily"];

fn event_fields(k: EventKind) -> (&'static str, &'static str, &'static str) {
    match k {
        EventKind::Entry { control: false } => ("entry", "", ""),
        EventKind::Entry { control: true } => ("control_entry", "", ""),
        EventKind::Step => ("step", "", ""),
        EventKind::Delayed => ("delayed", "", "quiet_hours"),
        EventKind::Sent(c) => ("sent", c.key(), ""),
        EventKind::Suppressed(r) => ("suppressed", "", r.key()),
        EventKind::Opened => ("opened", "", ""),
        EventKind::Clicked => ("clicked", "", ""),
        EventKind::Unsubscribed => ("unsubscribed", "", ""),
        EventKind::Purchase => ("purchase", "", ""),
        EventKind::InducedPurchase => ("induced_purchase", "", ""),
        EventKind::Exit(why) => ("exit", "", why.key()),
    }
}

fn group(control: bool) -> &'static str {
    if control { "control" } else { "treatment" }
}

/// Writes the five tables of a run into `sink`.
pub fn write(sink: &mut dyn Sink, sc: &Scenario, data: &Data, r: &Results) -> Result<(), String> {
    sink.table(
        "events",
        &["customer_id", "event_time", "date", "event", "step_id", "channel", "reason", "amount", "group"],
    )?;
    // The channel of a sent message's later opens and clicks comes from its step.
    let step_channel = |s: Option<u16>| -> &'static str {
        s.and_then(|k| sc.steps.get(usize::from(k)))
            .and_then(|st| match st.action {
                Action::Send { channel, .. } => Some(channel.key()),
                _ => None,
            })
            .unwrap_or("")
    };
    let mut control = vec![false; data.customers.len()];
    for e in &r.events {
        if let EventKind::Entry { control: true } = e.kind {
            control[e.customer as usize] = true;
        }
    }
    for e in &r.events {
        let (event, channel, reason) = event_fields(e.kind);
        let channel = if channel.is_empty() { step_channel(e.step) } else { channel };
        let c = &data.customers[e.customer as usize];
        let step = e.step.and_then(|k| sc.steps.get(usize::from(k))).map_or("", |s| s.id.as_str());
        let amount = if e.amount != 0 { Cell::Money(e.amount) } else { Cell::Text("") };
        sink.row(&[
            Cell::Int(c.id as i64),
            Cell::Time(e.t),
            Cell::Date(calendar::day_of(e.t)),
            Cell::Text(event),
            Cell::Text(step),
            Cell::Text(channel),
            Cell::Text(reason),
            amount,
            Cell::Text(group(control[e.customer as usize])),
        ])?;
    }

    sink.table(
        "customers",
        &["customer_id", "first_name", "city", "gender", "acquisition_channel", "rfm_group", "group"],
    )?;
    let mut seen = vec![false; data.customers.len()];
    for e in &r.events {
        let i = e.customer as usize;
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let c = &data.customers[i];
        fn name(v: &[String], id: u32) -> Cell<'_> {
            Cell::Text(v.get(id as usize).map_or("", String::as_str))
        }
        sink.row(&[
            Cell::Int(c.id as i64),
            Cell::Text(data.first_name(i)),
            name(&data.cities.names, c.city),
            name(&data.genders.names, c.gender),
            name(&data.channels.names, c.channel),
            name(&data.rfm_names, c.rfm),
            Cell::Text(group(control[i])),
        ])?;
    }

    sink.table(
        "steps",
        &[
            "step_order",
            "step_id",
            "type",
            "channel",
            "entered",
            "sent",
            "suppressed",
            "opened",
            "clicked",
            "unsubscribed",
            "converted",
            "revenue",
        ],
    )?;
    let n = |v: u64| Cell::Int(v.min(i64::MAX as u64) as i64);
    for (k, (st, step)) in r.steps.iter().zip(&sc.steps).enumerate() {
        let (ty, channel) = match &step.action {
            Action::Send { channel, .. } => ("send", channel.key()),
            Action::Wait { .. } | Action::WaitUntil { .. } | Action::WaitEvent { .. } => ("wait", ""),
            Action::Branch { .. } => ("branch", ""),
            Action::Split { .. } => ("split", ""),
            Action::Tag { .. } => ("tag", ""),
            Action::Exit => ("exit", ""),
        };
        sink.row(&[
            Cell::Int(k as i64 + 1),
            Cell::Text(&step.id),
            Cell::Text(ty),
            Cell::Text(channel),
            n(st.entered),
            n(st.sent),
            n(st.suppressed.iter().sum::<u64>()),
            n(st.opened),
            n(st.clicked),
            n(st.unsubscribed),
            n(st.converted),
            Cell::Money(st.revenue),
        ])?;
    }

    sink.table("dates", &["date", "year", "month", "day", "weekday"])?;
    for k in 0..r.daily.len() {
        let d = r.from_day + k as i32;
        let (y, m, dd) = calendar::civil(d);
        // 1970-01-01 was a Thursday; ISO weekday 1 = Monday.
        let weekday = (d + 3).rem_euclid(7) + 1;
        sink.row(&[
            Cell::Date(d),
            Cell::Int(i64::from(y)),
            Cell::Int(i64::from(m)),
            Cell::Int(i64::from(dd)),
            Cell::Int(i64::from(weekday)),
        ])?;
    }

    sink.table(
        "daily",
        &["date", "entries", "control_entries", "sent", "suppressed", "opened", "clicked", "conversions", "revenue"],
    )?;
    for (k, day) in r.daily.iter().enumerate() {
        sink.row(&[
            Cell::Date(r.from_day + k as i32),
            n(day.entries),
            n(day.control_entries),
            n(day.sent),
            n(day.suppressed),
            n(day.opened),
            n(day.clicked),
            n(day.conversions),
            Cell::Money(day.revenue),
        ])?;
    }
    Ok(())
}

// ------------------------------------------------------------------ CSV

/// One CSV file per table in a folder, `name.csv`, written as the rows come.
pub struct Csv {
    dir: PathBuf,
    file: Option<(PathBuf, io::BufWriter<std::fs::File>)>,
    line: String,
}

impl Csv {
    pub fn new(dir: &Path) -> Result<Csv, String> {
        std::fs::create_dir_all(dir).map_err(|e| crate::strings::io_error(&e))?;
        Ok(Csv { dir: dir.to_owned(), file: None, line: String::new() })
    }

    /// Flushes the last table.
    pub fn finish(&mut self) -> Result<(), String> {
        match self.file.take() {
            Some((path, mut w)) => w.flush().map_err(|e| io_message(&path, &e)),
            None => Ok(()),
        }
    }
}

fn io_message(path: &Path, e: &io::Error) -> String {
    format!("{}: {}", path.display(), crate::strings::io_error(e))
}

impl Sink for Csv {
    fn table(&mut self, name: &str, header: &[&str]) -> Result<(), String> {
        self.finish()?;
        let path = self.dir.join(format!("{name}.csv"));
        let file = std::fs::File::create(&path).map_err(|e| io_message(&path, &e))?;
        let mut w = io::BufWriter::with_capacity(1 << 20, file);
        writeln!(w, "{}", header.join(",")).map_err(|e| io_message(&path, &e))?;
        self.file = Some((path, w));
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), String> {
        let Some((path, w)) = &mut self.file else { return Ok(()) };
        let line = &mut self.line;
        line.clear();
        for (k, c) in cells.iter().enumerate() {
            if k > 0 {
                line.push(',');
            }
            match *c {
                Cell::Int(v) => {
                    let _ = write!(line, "{v}");
                }
                Cell::Money(v) => crate::data::decimal::push_money(line, v),
                Cell::Text(t) => line.push_str(&crate::base::csv::field(t)),
                Cell::Date(d) => calendar::push_date(line, d),
                Cell::Time(t) => calendar::push_stamp(line, t, ' '),
            }
        }
        line.push('\n');
        w.write_all(line.as_bytes()).map_err(|e| io_message(path, &e))
    }
}

// ------------------------------------------------------------------ XLSX

/// Rows a sheet of Excel holds, the header included.
pub const XLSX_MAX_ROWS: u32 = 1_048_576;

/// One workbook, a sheet per table.
pub struct Xlsx {
    book: Workbook,
    sheet: Option<(String, u32, u16)>,
    bold: Format,
    money: Format,
    date: Format,
    time: Format,
}

/// Days from Excel's day 0 (1899-12-30) to 1970-01-01.
const EXCEL_EPOCH: f64 = 25_569.0;

impl Default for Xlsx {
    fn default() -> Self {
        Xlsx {
            book: Workbook::new(),
            sheet: None,
            bold: Format::new().set_bold(),
            money: Format::new().set_num_format("0.00"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            time: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        }
    }
}

impl Xlsx {
    /// The sheet being written.
    fn current(&mut self) -> Result<&mut Worksheet, String> {
        self.book.worksheets_mut().last_mut().ok_or_else(|| msg::XLSX_NO_SHEET.to_owned())
    }

    /// Freezes the header and puts filters on the sheet just written.
    fn close_sheet(&mut self) -> Result<(), String> {
        if let Some((_, rows, columns)) = self.sheet.take() {
            let ws = self.current()?;
            ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
            ws.autofilter(0, 0, rows.saturating_sub(1).max(1), columns.saturating_sub(1)).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// Writes the workbook to `path`.
    pub fn save(mut self, path: &Path) -> Result<(), String> {
        self.close_sheet()?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| io_message(dir, &e))?;
        }
        self.book.save(path).map_err(|e| match e {
            XlsxError::IoError(e) => io_message(path, &e),
            e => format!("{}: {e}", path.display()),
        })
    }
}

impl Sink for Xlsx {
    fn table(&mut self, name: &str, header: &[&str]) -> Result<(), String> {
        self.close_sheet()?;
        let bold = self.bold.clone();
        let ws = self.book.add_worksheet();
        let x = |e: XlsxError| e.to_string();
        ws.set_name(name).map_err(x)?;
        for (k, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, k as u16, *h, &bold).map_err(x)?;
            ws.set_column_width(k as u16, (h.len() + 3).max(11) as f64).map_err(x)?;
        }
        self.sheet = Some((name.to_owned(), 1, header.len() as u16));
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), String> {
        let Some((name, row, _)) = self.sheet.clone() else { return Ok(()) };
        if row >= XLSX_MAX_ROWS {
            return Err(msg::xlsx_too_many_rows(&name, XLSX_MAX_ROWS - 1));
        }
        let (money, date, time) = (self.money.clone(), self.date.clone(), self.time.clone());
        let ws = self.current()?;
        let x = |e: XlsxError| e.to_string();
        for (k, c) in cells.iter().enumerate() {
            let col = k as u16;
            match *c {
                Cell::Int(v) => ws.write_number(row, col, v as f64).map(|_| ()),
                Cell::Money(v) => ws.write_number_with_format(row, col, v as f64 / 100.0, &money).map(|_| ()),
                Cell::Text("") => Ok(()),
                Cell::Text(t) => ws.write_string(row, col, t).map(|_| ()),
                Cell::Date(d) => ws.write_number_with_format(row, col, f64::from(d) + EXCEL_EPOCH, &date).map(|_| ()),
                Cell::Time(t) => ws
                    .write_number_with_format(row, col, t as f64 / SECS_PER_DAY as f64 + EXCEL_EPOCH, &time)
                    .map(|_| ()),
            }
            .map_err(x)?;
        }
        if let Some(s) = &mut self.sheet {
            s.1 += 1;
        }
        Ok(())
    }
}

/// Writes the tables of a run as CSV files into `dir`.
pub fn write_csv(dir: &Path, sc: &Scenario, data: &Data, r: &Results) -> Result<(), String> {
    let mut csv = Csv::new(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    write(&mut csv, sc, data, r)?;
    csv.finish()
}

/// Writes the tables of a run as one XLSX workbook, a sheet per table.
pub fn write_xlsx(path: &Path, sc: &Scenario, data: &Data, r: &Results) -> Result<(), String> {
    let mut book = Xlsx::default();
    write(&mut book, sc, data, r)?;
    book.save(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::report::rub;

    #[test]
    fn a_sheet_stops_at_excels_row_limit_with_a_message() {
        let mut book = Xlsx::default();
        book.table("events", &["a"]).unwrap();
        book.sheet.as_mut().unwrap().1 = XLSX_MAX_ROWS;
        let e = book.row(&[Cell::Int(1)]).unwrap_err();
        assert_eq!(e, msg::xlsx_too_many_rows("events", XLSX_MAX_ROWS - 1));
    }

    #[test]
    fn csv_cells_read_as_before() {
        let dir = tempfile::tempdir().unwrap();
        let mut csv = Csv::new(dir.path()).unwrap();
        csv.table("t", &["a", "b", "c", "d", "e", "f"]).unwrap();
        let t = i64::from(calendar::day(2025, 1, 2)) * SECS_PER_DAY + 3600 * 9 + 61;
        csv.row(&[
            Cell::Int(7),
            Cell::Money(12_345),
            Cell::Text("a,b"),
            Cell::Date(calendar::day(2025, 1, 2)),
            Cell::Time(t),
            Cell::Text(""),
        ])
        .unwrap();
        csv.finish().unwrap();
        let text = std::fs::read_to_string(dir.path().join("t.csv")).unwrap();
        assert_eq!(text, format!("a,b,c,d,e,f\n7,{},\"a,b\",2025-01-02,2025-01-02 09:01:01,\n", rub(12_345)));
    }
}
