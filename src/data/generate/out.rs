//! Writing rows: CSV lines and JSON objects built in a reused buffer, then written to a
//! buffered file. Values are formatted by hand (integers, kopecks, dates), so the bytes
//! depend only on the values.

pub use crate::data::decimal::{push_money, push_u64};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::calendar::{self, Day, Stamp};

/// One CSV line under construction.
#[derive(Debug, Default)]
pub struct Line {
    buf: String,
    fields: usize,
}

impl Line {
    pub fn new() -> Self {
        Line { buf: String::with_capacity(256), fields: 0 }
    }

    pub fn clear(&mut self) {
        self.buf.clear();
        self.fields = 0;
    }

    fn sep(&mut self) {
        if self.fields > 0 {
            self.buf.push(',');
        }
        self.fields += 1;
    }

    /// Text, quoted only when it holds a comma, a quote or a line break.
    pub fn text(&mut self, s: &str) -> &mut Self {
        self.sep();
        self.buf.push_str(&crate::base::csv::field(s));
        self
    }

    pub fn empty(&mut self) -> &mut Self {
        self.sep();
        self
    }

    pub fn int(&mut self, v: i64) -> &mut Self {
        self.sep();
        if v < 0 {
            self.buf.push('-');
        }
        push_u64(&mut self.buf, v.unsigned_abs());
        self
    }

    pub fn flag(&mut self, v: bool) -> &mut Self {
        self.sep();
        self.buf.push(if v { '1' } else { '0' });
        self
    }

    /// Rubles with two decimals from kopecks: `-1234.50`.
    pub fn money(&mut self, kopecks: i64) -> &mut Self {
        self.sep();
        push_money(&mut self.buf, kopecks);
        self
    }

    pub fn date(&mut self, d: Day) -> &mut Self {
        self.sep();
        calendar::push_date(&mut self.buf, d);
        self
    }

    pub fn stamp(&mut self, t: Stamp) -> &mut Self {
        self.sep();
        calendar::push_stamp(&mut self.buf, t, ' ');
        self
    }

    pub fn opt_int(&mut self, v: Option<i64>) -> &mut Self {
        match v {
            Some(v) => self.int(v),
            None => self.empty(),
        }
    }

    pub fn opt_date(&mut self, v: Option<Day>) -> &mut Self {
        match v {
            Some(v) => self.date(v),
            None => self.empty(),
        }
    }

    pub fn opt_stamp(&mut self, v: Option<Stamp>) -> &mut Self {
        match v {
            Some(v) => self.stamp(v),
            None => self.empty(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// Appends one value as its kind is written.
    pub fn field(&mut self, f: &Field) -> &mut Self {
        match *f {
            Field::Empty => self.empty(),
            Field::Int(v) => self.int(v),
            Field::Text(s) => self.text(s),
            Field::Date(d) => self.date(d),
            Field::Stamp(t) => self.stamp(t),
            Field::Money(k) => self.money(k),
        }
    }
}

/// One value of a row, before it is written: a row described once as fields is written
/// to a file ([`Line::field`]) and loaded into a database without a file
/// ([`Field::datum`]) alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field<'a> {
    Empty,
    Int(i64),
    Text(&'a str),
    Date(Day),
    Stamp(Stamp),
    Money(i64),
}

impl Field<'_> {
    /// The value as the SQL loader takes it: exactly what it reads from the written field.
    pub fn datum(&self) -> crate::data::sql::loader::Datum {
        use crate::data::sql::loader::Datum;
        match *self {
            Field::Empty => Datum::Null,
            Field::Int(v) => Datum::Int(v),
            Field::Text(s) => Datum::Text(s.to_owned()),
            Field::Date(d) => {
                let mut s = String::with_capacity(10);
                calendar::push_date(&mut s, d);
                Datum::Text(s)
            }
            Field::Stamp(t) => {
                let mut s = String::with_capacity(19);
                calendar::push_stamp(&mut s, t, ' ');
                Datum::Text(s)
            }
            Field::Money(k) => Datum::Kopecks(k),
        }
    }
}

/// Appends a JSON string literal.
pub fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A file being written, with its row count (the header not counted).
pub struct Sink<'a> {
    path: PathBuf,
    w: BufWriter<Box<dyn Write + 'a>>,
    pub rows: u64,
}

impl<'a> Sink<'a> {
    pub fn create(path: &Path) -> Result<Sink<'static>, super::GenError> {
        let file = File::create(path).map_err(|e| super::GenError::Create { path: path.to_owned(), source: e })?;
        Ok(Sink::new(path.to_owned(), Box::new(file)))
    }

    /// A sink over any writer (tests write to memory).
    pub fn new(path: PathBuf, w: Box<dyn Write + 'a>) -> Sink<'a> {
        Sink { path, w: BufWriter::with_capacity(1 << 17, w), rows: 0 }
    }

    pub fn header(&mut self, columns: &[&str]) -> Result<(), super::GenError> {
        let line = columns.join(",");
        self.raw(&line)
    }

    pub fn row(&mut self, line: &Line) -> Result<(), super::GenError> {
        self.rows += 1;
        self.raw(line.as_str())
    }

    /// A JSONL object (or any pre-built line).
    pub fn row_str(&mut self, line: &str) -> Result<(), super::GenError> {
        self.rows += 1;
        self.raw(line)
    }

    fn raw(&mut self, line: &str) -> Result<(), super::GenError> {
        self.w.write_all(line.as_bytes()).and_then(|()| self.w.write_all(b"\n")).map_err(|e| self.write_error(e))
    }

    pub fn finish(mut self) -> Result<u64, super::GenError> {
        self.w.flush().map_err(|e| self.write_error(e))?;
        Ok(self.rows)
    }

    fn write_error(&self, e: io::Error) -> super::GenError {
        super::GenError::Write { path: self.path.clone(), source: e }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        let mut l = Line::new();
        l.int(7)
            .int(-42)
            .int(0)
            .int(i64::MIN)
            .text("ОптиВью Дэйли, 30 линз")
            .text("a\"b")
            .empty()
            .money(-123_450)
            .money(5)
            .flag(true);
        assert_eq!(l.as_str(), "7,-42,0,-9223372036854775808,\"ОптиВью Дэйли, 30 линз\",\"a\"\"b\",,-1234.50,0.05,1");
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut s = String::new();
        push_json_str(&mut s, "a\"b\\c\n");
        assert_eq!(s, "\"a\\\"b\\\\c\\u000a\"");
    }
}
