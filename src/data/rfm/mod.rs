//! RFM: recency, frequency and monetary per customer from an orders file, scores by a
//! model's method, segments by its rules, and the sales map of the segments.
//!
//! Pure from a table on: [`segment`] and [`summary::sales_map`] do no I/O, so the TUI
//! and the grader call them as they are; [`reader::read`] streams a file (or bytes).

pub mod model;
pub mod output;
pub mod parse;
pub mod reader;
mod record;
pub mod score;
pub mod summary;

use std::path::PathBuf;

pub use model::{Model, ModelSpec};
pub use parse::Day;
pub use reader::{ReadOptions, ReadReport, Source};
pub use score::{Method, Scores};
pub use summary::{SalesMap, SegmentFigures, sales_map};

/// Customer ids: all whole numbers (kept and sorted as numbers), or text (sorted by bytes).
#[derive(Debug, Clone, PartialEq)]
pub enum Ids {
    Num(Vec<u64>),
    Text(TextIds),
}

/// Text ids in one block of bytes (millions of ids: no allocation each); the i-th id is
/// `bytes[starts[i]..starts[i] + lens[i]]`, the bytes themselves in no particular order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextIds {
    pub bytes: Vec<u8>,
    pub starts: Vec<usize>,
    pub lens: Vec<u32>,
}

impl TextIds {
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The i-th id's bytes (empty past the end).
    pub fn get(&self, i: usize) -> &[u8] {
        match (self.starts.get(i), self.lens.get(i)) {
            (Some(&s), Some(&l)) => self.bytes.get(s..s + l as usize).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Ids in this order, for tests and small tables.
    pub fn from_list<T: AsRef<[u8]>>(ids: &[T]) -> TextIds {
        let mut t = TextIds::default();
        for id in ids {
            let id = id.as_ref();
            t.starts.push(t.bytes.len());
            t.lens.push(id.len() as u32);
            t.bytes.extend_from_slice(id);
        }
        t
    }
}

impl Ids {
    pub fn len(&self) -> usize {
        match self {
            Ids::Num(v) => v.len(),
            Ids::Text(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id of the i-th customer as text.
    pub fn display(&self, i: usize) -> String {
        match self {
            Ids::Num(v) => v[i].to_string(),
            Ids::Text(v) => String::from_utf8_lossy(v.get(i)).into_owned(),
        }
    }
}

/// One row per customer, sorted by customer id (columns kept apart: millions of rows).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub ids: Ids,
    /// As-of date − the date of the last order, in whole days.
    pub recency_days: Vec<i64>,
    /// Distinct orders (or rows, without an order column).
    pub frequency: Vec<u32>,
    /// Sum of amounts in kopecks, returns included.
    pub monetary: Vec<i64>,
    pub as_of: Day,
}

impl Table {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RfmError {
    /// `file:line: what is wrong`, in Russian.
    #[error("{0}")]
    BadRow(String),
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error("внутренняя ошибка: {0}")]
    Internal(String),
}

/// Scores and segments of every customer of a table under a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    pub scores: Scores,
    /// Per customer: an index into `names`.
    pub segment: Vec<u16>,
    /// The model's segment names; the fallback is `names[fallback]`.
    pub names: Vec<String>,
    pub fallback: usize,
}

/// Scores every customer and gives each the segment of the first rule that matches.
pub fn segment(table: &Table, model: &Model) -> Segmentation {
    let scores = score::score(table, &model.method);
    let segment = (0..table.len())
        .map(|i| {
            let (r, f, m) = (scores.r[i], scores.f[i], scores.m[i]);
            let s = model.rules.iter().find(|rule| rule.matches(r, f, m)).map_or(model.fallback, |rule| rule.segment);
            s as u16
        })
        .collect();
    Segmentation { scores, segment, names: model.names.clone(), fallback: model.fallback }
}

/// One customer as the TUI and the output show them.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRow<'a> {
    pub customer_id: String,
    pub recency_days: i64,
    pub frequency: u32,
    /// Kopecks.
    pub monetary: i64,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub segment: &'a str,
}

impl Segmentation {
    /// The i-th customer of `table` (the table this segmentation was made from).
    pub fn row<'a>(&'a self, table: &Table, i: usize) -> CustomerRow<'a> {
        CustomerRow {
            customer_id: table.ids.display(i),
            recency_days: table.recency_days[i],
            frequency: table.frequency[i],
            monetary: table.monetary[i],
            r: self.scores.r[i],
            f: self.scores.f[i],
            m: self.scores.m[i],
            segment: &self.names[usize::from(self.segment[i])],
        }
    }

    pub fn rows<'a>(&'a self, table: &'a Table) -> impl Iterator<Item = CustomerRow<'a>> + 'a {
        (0..table.len()).map(move |i| self.row(table, i))
    }
}

/// [`loyalty_table`], read once while the variant is in use: grading a learner's every
/// attempt at an RFM exercise, and their persona, segment the same participants.
pub fn loyalty_table_shared(seed: u64, participants: u64) -> Result<std::sync::Arc<Table>, RfmError> {
    static MEMO: crate::base::memo::Memo<Table> = crate::base::memo::Memo::new();
    let key = crate::base::hash::stable_hash(&[b"loyalty table", &seed.to_le_bytes(), &participants.to_le_bytes()]);
    MEMO.get_or_try(key, false, || loyalty_table(seed, participants))
}

/// The loyalty case's participants of a variant: participant_id, event_date, amount,
/// event_id of its events, as of 2025-07-01 — the table [`reader::read`] makes of the
/// generated `loyalty_events.csv` (see [`loyalty_table_from_events`]).
pub fn loyalty_table(seed: u64, participants: u64) -> Result<Table, RfmError> {
    use crate::data::generate::{calendar, loyalty};
    Ok(loyalty_table_from_events(&loyalty::shared(seed, participants).events, calendar::AS_OF))
}

/// The table of loyalty events taken straight from the generated events instead of
/// their CSV text read back: the same as the reader makes of the file (the day of
/// `event_date`, `amount` in kopecks, distinct `event_id`s counted; events after
/// `as_of` left out; participants sorted by id, numeric ids).
pub fn loyalty_table_from_events(events: &[crate::data::generate::loyalty::LoyaltyEvent], as_of: Day) -> Table {
    use crate::base::calendar::day_of;
    // (participant, event, day, kopecks), by participant then event: the generator's own
    // order, so sorting costs a pass.
    let mut rows: Vec<(u64, u64, Day, i64)> = events
        .iter()
        .map(|e| (e.participant_id, e.id, day_of(e.at.and_utc().timestamp()), e.amount))
        .filter(|&(_, _, day, _)| day <= as_of)
        .collect();
    rows.sort_unstable_by_key(|&(p, e, _, _)| (p, e));
    let mut ids = Vec::new();
    let (mut recency_days, mut frequency, mut monetary) = (Vec::new(), Vec::new(), Vec::new());
    let mut last: Option<(u64, u64)> = None;
    let mut last_day = Day::MIN;
    for &(p, e, day, kopecks) in &rows {
        if last.is_none_or(|(lp, _)| lp != p) {
            if !ids.is_empty() {
                recency_days.push(i64::from(as_of) - i64::from(last_day));
            }
            ids.push(p);
            frequency.push(0u32);
            monetary.push(0i64);
            last_day = Day::MIN;
        }
        if last != Some((p, e))
            && let Some(f) = frequency.last_mut()
        {
            *f = f.saturating_add(1);
        }
        if let Some(m) = monetary.last_mut() {
            *m = m.saturating_add(kopecks);
        }
        last_day = last_day.max(day);
        last = Some((p, e));
    }
    if !ids.is_empty() {
        recency_days.push(i64::from(as_of) - i64::from(last_day));
    }
    Table { ids: Ids::Num(ids), recency_days, frequency, monetary, as_of }
}

#[cfg(test)]
mod tests;
