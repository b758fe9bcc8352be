//! The course's shop data as the simulator needs it, per customer and compact: the
//! customer's fields, a summary of their purchases before the period and the purchases
//! from its start on, the shop's campaign sends (counts for calibration, times for the
//! frequency cap and fatigue) and, when the scenario needs them, site events matched to
//! customers by e-mail.
//!
//! Files are streamed in 4 MiB buffers and each is read by a thread of its own, so memory
//! grows with customers (and the period's events), not with the files' history. A
//! learner's generated variant is not written and read: [`generated`] takes the
//! generator's values through the same row accumulators, on the calling thread.

use std::io::Read;
use std::ops::Range;

use rustc_hash::FxHashMap;

pub use super::vocab::Rates;
use crate::data::generate::calendar;
use crate::data::generate::{
    campaigns as gen_campaigns, customers as gen_customers, orders as gen_orders, site_events as gen_site,
};
use crate::data::rfm::parse;
use crate::strings::scenario as msg;

pub const DAY: i64 = calendar::SECS_PER_DAY;

/// Flags of a customer.
pub mod flag {
    pub const EMAIL_SUB: u8 = 1;
    pub const SMS_SUB: u8 = 2;
    pub const PUSH_SUB: u8 = 4;
    pub const HAS_EMAIL: u8 = 8;
    pub const HAS_PHONE: u8 = 16;
    pub const CONSENT: u8 = 32;
}

/// Purchases before the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hist {
    pub orders: u32,
    /// Kopecks.
    pub revenue: i64,
    /// `i64::MAX`: none.
    pub first: i64,
    /// `i64::MIN`: none.
    pub last: i64,
}

impl Default for Hist {
    fn default() -> Self {
        Hist { orders: 0, revenue: 0, first: i64::MAX, last: i64::MIN }
    }
}

impl Hist {
    fn add(&mut self, t: i64, amount: i64) {
        self.orders += 1;
        self.revenue += amount;
        self.first = self.first.min(t);
        self.last = self.last.max(t);
    }

    fn merge(&mut self, o: &Hist) {
        self.orders += o.orders;
        self.revenue += o.revenue;
        self.first = self.first.min(o.first);
        self.last = self.last.max(o.last);
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub id: u64,
    pub registered_at: i64,
    /// The day consent was given (`i32::MAX`: never).
    pub consent_day: i32,
    /// (month, day, year) of birth; month 0: unknown.
    pub birth: (u8, u8, i16),
    pub flags: u8,
    pub city: u32,
    pub gender: u32,
    pub channel: u32,
    pub interests: u64,
    pub hist: Hist,
    /// Per channel (email, sms, push): the shop's sends, opens and clicks.
    pub camp: [[u32; 3]; 3],
    /// The RFM group at the start of the period (`u32::MAX`: no purchases).
    pub rfm: u32,
}

/// Per customer lists in one buffer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lists<T> {
    pub start: Vec<usize>,
    pub items: Vec<T>,
}

impl<T> Lists<T> {
    pub fn of(&self, i: usize) -> &[T] {
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.items[a..b],
            _ => &[],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum SiteKind {
    #[default]
    Visit,
    CartAdd,
    Subscribe,
}

/// Text values of a field, interned: ids index `names`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interner {
    pub names: Vec<String>,
    map: FxHashMap<String, u32>,
    /// Values as written (before trimming and lower case): most rows repeat a few spellings.
    raw: FxHashMap<Box<[u8]>, u32>,
}

impl Interner {
    pub fn intern(&mut self, raw: &[u8]) -> u32 {
        if let Some(&id) = self.raw.get(raw) {
            return id;
        }
        let t = String::from_utf8_lossy(parse::trim(raw)).to_lowercase();
        let id = if t.is_empty() {
            u32::MAX
        } else if let Some(&id) = self.map.get(&t) {
            id
        } else {
            let id = self.names.len() as u32;
            self.names.push(t.clone());
            self.map.insert(t, id);
            id
        };
        self.raw.insert(raw.into(), id);
        id
    }

    pub fn find(&self, text: &str) -> u32 {
        self.map.get(text).copied().unwrap_or(u32::MAX)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Data {
    pub customers: Vec<Customer>,
    /// First names for `{имя}`: `first_names[name_at[i]..name_at[i + 1]]`.
    pub first_names: String,
    pub name_at: Vec<u32>,
    /// Purchases (time, kopecks) from `from` on, per customer, in time order.
    pub orders: Lists<(i64, i64)>,
    /// The shop's campaign send times near and in the period, per customer, in order.
    pub campaigns: Lists<i64>,
    pub site: Lists<(i64, SiteKind)>,
    pub cities: Interner,
    pub genders: Interner,
    pub channels: Interner,
    pub interests: Interner,
    pub rfm_names: Vec<String>,
    pub rates: Rates,
    /// Purchases per customer-day over the data.
    pub base_rate: f64,
    /// Average purchase, kopecks.
    pub average_check: f64,
    pub data_start: i64,
    pub data_end: i64,
    pub from: i64,
    pub site_loaded: bool,
}

impl Data {
    pub fn first_name(&self, i: usize) -> &str {
        let a = self.name_at.get(i).copied().unwrap_or(0) as usize;
        let b = self.name_at.get(i + 1).copied().unwrap_or(a as u32) as usize;
        self.first_names.get(a..b).unwrap_or("")
    }
}

/// Where the files come from: a folder or bytes in memory.
pub trait Files: Sync {
    /// `None`: the file is absent.
    fn open(&self, name: &str) -> Option<Result<Box<dyn Read + Send + '_>, String>>;
}

pub struct Dir(pub std::path::PathBuf);

impl Files for Dir {
    fn open(&self, name: &str) -> Option<Result<Box<dyn Read + Send + '_>, String>> {
        let p = self.0.join(name);
        if !p.exists() {
            return None;
        }
        Some(
            std::fs::File::open(&p)
                .map(|f| Box::new(f) as Box<dyn Read + Send>)
                .map_err(|e| format!("{}: {}", p.display(), crate::strings::io_error(&e))),
        )
    }
}

/// Files held in memory: a learner's generated variant, or the course's embedded data.
pub struct Memory(pub Vec<(String, Vec<u8>)>);

impl Files for Memory {
    fn open(&self, name: &str) -> Option<Result<Box<dyn Read + Send + '_>, String>> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, b)| Ok(Box::new(b.as_slice()) as Box<dyn Read + Send>))
    }
}

/// The files the simulator reads.
pub const FILES: [&str; 4] = ["customers.csv", "orders.csv", "campaign_sends.csv", "site_events.jsonl"];

impl Memory {
    /// The files `read` gives (the course's datasets, embedded or a course folder's).
    pub fn from_reader(read: &dyn Fn(&str) -> Option<Vec<u8>>) -> Memory {
        Memory(FILES.iter().filter_map(|n| Some(((*n).to_owned(), read(n)?))).collect())
    }

    /// A learner's variant of the shop: the generator's files for `seed` in memory (what
    /// [`generated`] builds without them, and is tested against).
    #[cfg(test)]
    pub fn generated(seed: u64, customers: u64) -> Memory {
        use crate::data::generate::{FileKind, Options, generate_in_memory};
        let mut opts = Options::new(seed, customers);
        opts.files = vec![FileKind::Customers, FileKind::Orders, FileKind::CampaignSends, FileKind::SiteEvents];
        Memory(generate_in_memory(&opts).into_iter().map(|(k, b)| (k.file_name().to_owned(), b)).collect())
    }
}

/// What to load.
#[derive(Debug, Clone, Copy)]
pub struct Need {
    /// The period's first moment: purchases before it are summarised.
    pub from: i64,
    pub site: bool,
    pub rfm: Option<&'static str>,
}

pub fn load(files: &dyn Files, need: Need) -> Result<Data, String> {
    let open = |name: &'static str| -> Result<Box<dyn Read + Send + '_>, String> {
        files.open(name).unwrap_or_else(|| Err(msg::missing_file(name)))
    };
    let customers_r = open("customers.csv")?;
    let orders_r = open("orders.csv")?;
    let sends_r = open("campaign_sends.csv")?;
    let site_r = if need.site { Some(open("site_events.jsonl")?) } else { None };
    let campaign_from = need.from - 366 * DAY;
    let (cust, orders, sends, site) = std::thread::scope(|s| {
        let c = s.spawn(move || read_customers(customers_r, need.site));
        let o = s.spawn(move || read_orders(orders_r, need.from));
        let st = site_r.map(|r| s.spawn(move || read_site(r)));
        let se = read_sends(sends_r, campaign_from);
        (joined(c.join()), joined(o.join()), se, st.map(|h| joined(h.join())))
    });
    assemble(cust?, orders?, sends?, site.transpose()?.as_ref(), need)
}

/// The simulator's data from what the readers (or the generator, [`generated`]) gave.
fn assemble(
    mut cust: CustomersOut,
    orders: OrdersOut,
    sends: SendsOut,
    site: Option<&SiteOut>,
    need: Need,
) -> Result<Data, String> {
    let ids = IdMap::new(cust.customers.iter().map(|c| c.id));
    let n = cust.customers.len();

    for (id, h) in &orders.hist {
        if let Some(i) = ids.get(*id) {
            cust.customers[i].hist.merge(h);
        }
    }
    let order_lists = group(n, orders.rows.iter().filter_map(|&(id, t, a)| Some((ids.get(id)?, (t, a)))));
    let (orders_first, orders_last) = (orders.first, orders.last);
    drop(orders);
    for (id, counts) in &sends.counts {
        if let Some(i) = ids.get(*id) {
            for (acc, add) in cust.customers[i].camp.iter_mut().zip(counts) {
                for (a, b) in acc.iter_mut().zip(add) {
                    *a += b;
                }
            }
        }
    }
    let campaigns = group(n, sends.rows.iter().filter_map(|&(id, t)| Some((ids.get(id)?, t))));
    let sends_last = sends.last;
    drop(sends);

    let mut rates = Rates::default();
    let mut totals = [[0u64; 3]; 3];
    for c in &cust.customers {
        for (ch, counts) in c.camp.iter().enumerate() {
            for (k, v) in counts.iter().enumerate() {
                totals[ch][k] += u64::from(*v);
            }
        }
    }
    for (ch, &[s, o, k]) in totals.iter().enumerate() {
        rates.sends[ch] = s;
        if ch == 1 {
            rates.click[ch] = ratio(k, s);
        } else {
            rates.open[ch] = ratio(o, s);
            rates.click[ch] = ratio(k, o);
        }
    }

    // The data's span: from the first purchase to the latest moment any file records.
    let data_start = orders_first.min(need.from);
    let mut data_end = orders_last.max(sends_last);
    let site_lists = match site {
        Some(site) => {
            data_end = data_end.max(site.last);
            let mut by_visitor: FxHashMap<u64, usize> = FxHashMap::default();
            for (visitor, email) in &site.emails {
                if let Some(&i) = cust.emails.get(email) {
                    by_visitor.entry(*visitor).or_insert(i as usize);
                }
            }
            group(n, site.events.iter().filter_map(|&(v, t, k)| Some((*by_visitor.get(&v)?, (t, k)))))
        }
        None => Lists { start: vec![0; n + 1], items: Vec::new() },
    };

    // Purchases per customer-day, and the average purchase.
    let (mut purchases, mut revenue, mut exposure) = (0u64, 0i64, 0f64);
    for (i, c) in cust.customers.iter().enumerate() {
        let period: &[(i64, i64)] = order_lists.of(i);
        purchases += u64::from(c.hist.orders) + period.len() as u64;
        revenue += c.hist.revenue + period.iter().map(|o| o.1).sum::<i64>();
        let since = c.registered_at.max(data_start);
        exposure += ((data_end - since).max(0) as f64) / DAY as f64;
    }
    let base_rate = if exposure > 0.0 { purchases as f64 / exposure } else { 0.0 };
    let average_check = if purchases > 0 { revenue as f64 / purchases as f64 } else { 0.0 };

    let mut rfm_names = Vec::new();
    if let Some(model) = need.rfm {
        rfm_names = rfm_groups(&mut cust.customers, model, need.from)?;
    }

    Ok(Data {
        customers: cust.customers,
        first_names: cust.first_names,
        name_at: cust.name_at,
        orders: order_lists,
        campaigns,
        site: site_lists,
        cities: cust.cities,
        genders: cust.genders,
        channels: cust.channels,
        interests: cust.interests,
        rfm_names,
        rates,
        base_rate,
        average_check,
        data_start,
        data_end,
        from: need.from,
        site_loaded: need.site,
    })
}

fn joined<T>(r: std::thread::Result<Result<T, String>>) -> Result<T, String> {
    r.unwrap_or_else(|_| Err(msg::INTERNAL.to_owned()))
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Each customer's RFM group under a built-in model, from the purchases before `from`.
fn rfm_groups(customers: &mut [Customer], model: &str, from: i64) -> Result<Vec<String>, String> {
    use crate::data::rfm::{self, Ids, Table};
    let model = super::check::rfm_model(model).ok_or_else(|| msg::unknown_rfm_model(model))?;
    let buyers: Vec<usize> = (0..customers.len()).filter(|&i| customers[i].hist.orders > 0).collect();
    let as_of = calendar::day_of(from);
    let table = Table {
        ids: Ids::Num(buyers.iter().map(|&i| customers[i].id).collect()),
        recency_days: buyers.iter().map(|&i| i64::from(as_of - calendar::day_of(customers[i].hist.last))).collect(),
        frequency: buyers.iter().map(|&i| customers[i].hist.orders).collect(),
        monetary: buyers.iter().map(|&i| customers[i].hist.revenue).collect(),
        as_of,
    };
    let seg = rfm::segment(&table, &model);
    for (k, &i) in buyers.iter().enumerate() {
        customers[i].rfm = u32::from(seg.segment[k]);
    }
    Ok(seg.names.iter().map(|n| super::check::group_key(n)).collect())
}

/// Customer ids to indices: a table when the ids are dense, a hash map otherwise.
enum IdMap {
    Dense(Vec<u32>),
    Hash(FxHashMap<u64, u32>),
}

impl IdMap {
    fn new(ids: impl Iterator<Item = u64> + Clone) -> IdMap {
        let n = ids.clone().count();
        let max = ids.clone().max().unwrap_or(0);
        if max < (2 * n as u64).max(16) {
            let mut v = vec![u32::MAX; max as usize + 1];
            for (i, id) in ids.enumerate() {
                v[id as usize] = i as u32;
            }
            IdMap::Dense(v)
        } else {
            IdMap::Hash(ids.enumerate().map(|(i, id)| (id, i as u32)).collect())
        }
    }

    fn get(&self, id: u64) -> Option<usize> {
        match self {
            IdMap::Dense(v) => v.get(id as usize).filter(|&&i| i != u32::MAX).map(|&i| i as usize),
            IdMap::Hash(m) => m.get(&id).map(|&i| i as usize),
        }
    }
}

/// Groups (customer index, item) pairs into per-customer lists, keeping each customer's
/// items in the order given (then sorted, in case a file was not in time order).
fn group<T: Copy + Default + PartialOrd>(n: usize, pairs: impl Iterator<Item = (usize, T)> + Clone) -> Lists<T> {
    let mut start = vec![0usize; n + 1];
    for (i, _) in pairs.clone() {
        start[i + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut items: Vec<T> = vec![T::default(); start[n]];
    for (i, t) in pairs {
        items[fill[i]] = t;
        fill[i] += 1;
    }
    for i in 0..n {
        let s = &mut items[start[i]..start[i + 1]];
        if !s.is_sorted_by(|a, b| a <= b) {
            s.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        }
    }
    Lists { start, items }
}

// ---------------------------------------------------------------- reading CSV

const BUF: usize = 4 << 20;

/// Calls `row` with the fields of each data line (the header maps `columns` to field
/// positions). Quoted fields (with `""` and line breaks) are handled; plain lines are
/// split in place.
fn for_each_row(
    mut r: Box<dyn Read + Send + '_>,
    file: &str,
    columns: &[&str],
    mut row: impl FnMut(&[&[u8]]) -> Result<(), String>,
) -> Result<(), String> {
    let mut buf: Vec<u8> = vec![0; BUF];
    let (mut start, mut filled, mut eof) = (0usize, 0usize, false);
    let mut line_no = 0u64;
    let mut positions: Option<Vec<usize>> = None;
    let mut fields: Vec<Range<usize>> = Vec::new();
    let mut scratch: Vec<u8> = Vec::new();
    loop {
        // Most lines: up to the next line break, without quotes, split in one pass.
        let rest = &buf[start..filled];
        let plain = match memchr::memchr(b'\n', rest) {
            Some(k) if split_plain(&rest[..k], &mut fields) => Some((k, k + 1)),
            None if eof && !rest.is_empty() && split_plain(rest, &mut fields) => Some((rest.len(), rest.len())),
            _ => None,
        };
        let found = match plain {
            Some(p) => Some((p, true)),
            None if start < filled => record_end(rest, eof).map(|p| (p, false)),
            None => None,
        };
        let Some(((end, next), split)) = found else {
            if eof {
                break;
            }
            // More input: keep the unfinished record, read after it.
            buf.copy_within(start..filled, 0);
            filled -= start;
            start = 0;
            if filled == buf.len() {
                if buf.len() >= 64 << 20 {
                    return Err(format!("{file}:{}: {}", line_no + 1, msg::LINE_TOO_LONG));
                }
                buf.resize(buf.len() * 2, 0);
            }
            let k = r.read(&mut buf[filled..]).map_err(|e| format!("{file}: {}", crate::strings::io_error(&e)))?;
            eof = k == 0;
            filled += k;
            continue;
        };
        line_no += 1;
        let rec = &buf[start..start + end];
        start += next;
        let rec = match rec.strip_suffix(b"\r") {
            Some(r) => {
                if split && let Some(last) = fields.last_mut() {
                    last.end = last.end.min(r.len());
                }
                r
            }
            None => rec,
        };
        if rec.is_empty() {
            continue;
        }
        if !split {
            split_fields(rec, &mut fields, &mut scratch);
        }
        let get = |k: usize| -> &[u8] {
            match fields.get(k) {
                Some(r) if r.start >= SCRATCH => &scratch[r.start - SCRATCH..r.end - SCRATCH],
                Some(r) => &rec[r.clone()],
                None => b"",
            }
        };
        match &positions {
            None => {
                let header: Vec<String> = (0..fields.len())
                    .map(|k| String::from_utf8_lossy(get(k)).trim().trim_start_matches('\u{feff}').to_owned())
                    .collect();
                let mut pos = Vec::new();
                for c in columns {
                    match header.iter().position(|h| h == c) {
                        Some(p) => pos.push(p),
                        None => return Err(format!("{file}:1: {}", msg::no_column(c))),
                    }
                }
                positions = Some(pos);
            }
            Some(pos) => {
                let mut vals: [&[u8]; 16] = [b""; 16];
                for (k, &p) in pos.iter().enumerate().take(16) {
                    vals[k] = get(p);
                }
                row(&vals[..pos.len().min(16)]).map_err(|e| format!("{file}:{line_no}: {e}"))?;
            }
        }
    }
    if positions.is_none() {
        return Err(format!("{file}: {}", msg::EMPTY_DATA_FILE));
    }
    Ok(())
}

/// Offsets at or above this point into the scratch buffer (unescaped quoted fields).
const SCRATCH: usize = usize::MAX / 2;

/// The end of the record at the start of `b` (exclusive, before its line break) and where
/// the next one starts; `None` if more input is needed.
fn record_end(b: &[u8], eof: bool) -> Option<(usize, usize)> {
    let nl = memchr::memchr(b'\n', b);
    let line = &b[..nl.unwrap_or(b.len())];
    if memchr::memchr(b'"', line).is_none() {
        return match nl {
            Some(k) => Some((k, k + 1)),
            None if eof => Some((b.len(), b.len())),
            None => None,
        };
    }
    let mut quoted = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return Some((i, i + 1)),
            _ => {}
        }
    }
    eof.then_some((b.len(), b.len()))
}

/// Splits a line without quotes at its commas; `false` (fields unusable) if it has a quote.
fn split_plain(line: &[u8], out: &mut Vec<Range<usize>>) -> bool {
    out.clear();
    let mut s = 0;
    for (k, &b) in line.iter().enumerate() {
        if b == b',' {
            out.push(s..k);
            s = k + 1;
        } else if b == b'"' {
            return false;
        }
    }
    out.push(s..line.len());
    true
}

fn split_fields(rec: &[u8], out: &mut Vec<Range<usize>>, scratch: &mut Vec<u8>) {
    scratch.clear();
    if split_plain(rec, out) {
        return;
    }
    out.clear();
    let mut i = 0;
    loop {
        if rec.get(i) == Some(&b'"') {
            let from = scratch.len();
            i += 1;
            while i < rec.len() {
                if rec[i] == b'"' {
                    if rec.get(i + 1) == Some(&b'"') {
                        scratch.push(b'"');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                scratch.push(rec[i]);
                i += 1;
            }
            while i < rec.len() && rec[i] != b',' {
                scratch.push(rec[i]);
                i += 1;
            }
            out.push(SCRATCH + from..SCRATCH + scratch.len());
        } else {
            let e = memchr::memchr(b',', &rec[i..]).map_or(rec.len(), |k| i + k);
            out.push(i..e);
            i = e;
        }
        if i >= rec.len() {
            break;
        }
        i += 1;
        if i == rec.len() {
            out.push(i..i);
            break;
        }
    }
}

/// `YYYY-MM-DD[ HH:MM[:SS]]` or with `T`; a bare date is midnight.
pub fn stamp(f: &[u8]) -> Result<i64, String> {
    let f = parse::trim(f);
    let day = parse::date(f)?;
    let mut secs = 0;
    if f.len() >= 16 && (f[10] == b' ' || f[10] == b'T') {
        let d = |a: usize| -> Option<i64> {
            let (x, y) = (f.get(a)?.wrapping_sub(b'0'), f.get(a + 1)?.wrapping_sub(b'0'));
            (x <= 9 && y <= 9).then_some(i64::from(x) * 10 + i64::from(y))
        };
        let (h, m) = (d(11).unwrap_or(0), d(14).unwrap_or(0));
        let s = if f.len() >= 19 { d(17).unwrap_or(0) } else { 0 };
        secs = h.min(23) * 3600 + m.min(59) * 60 + s.min(59);
    }
    Ok(i64::from(day) * DAY + secs)
}

fn id(f: &[u8]) -> Result<u64, String> {
    parse::canonical_u64(parse::trim(f)).ok_or_else(|| msg::bad_id(&String::from_utf8_lossy(f)))
}

fn is_one(f: &[u8]) -> bool {
    parse::trim(f) == b"1"
}

#[derive(Clone)]
struct CustomersOut {
    customers: Vec<Customer>,
    first_names: String,
    name_at: Vec<u32>,
    cities: Interner,
    genders: Interner,
    channels: Interner,
    interests: Interner,
    /// lower(trim(email)) hash → index.
    emails: FxHashMap<u64, u32>,
}

/// An e-mail address as the site and the customer base are matched: trimmed, ASCII
/// letters in lower case (FNV-1a over the bytes).
pub fn email_key(e: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in parse::trim(e) {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A row of `customers.csv` as the simulator takes it (text fields as written; they are
/// trimmed and interned here).
struct CustomerRow<'a> {
    id: u64,
    full_name: &'a str,
    phone: bool,
    email: &'a [u8],
    city: &'a [u8],
    gender: &'a [u8],
    channel: &'a [u8],
    registered_at: i64,
    /// `i32::MAX`: no consent.
    consent_day: i32,
    birth: (u8, u8, i16),
    /// E-mail, SMS, push.
    subscribed: [bool; 3],
}

impl CustomersOut {
    fn new() -> CustomersOut {
        CustomersOut {
            customers: Vec::new(),
            first_names: String::new(),
            name_at: vec![0],
            cities: Interner::default(),
            genders: Interner::default(),
            channels: Interner::default(),
            interests: Interner::default(),
            emails: FxHashMap::default(),
        }
    }

    /// Adds a customer; `interests`: the tags as written (`;`-separated in the file);
    /// `emails`: keep the address for matching site visitors.
    fn push<'t>(&mut self, r: &CustomerRow, interests: impl Iterator<Item = &'t [u8]>, emails: bool) {
        let first = r.full_name.split_whitespace().nth(1).unwrap_or("");
        self.first_names.push_str(first);
        self.name_at.push(self.first_names.len() as u32);
        let email = parse::trim(r.email);
        let mut flags = 0u8;
        if !email.is_empty() && memchr::memchr(b'@', email).is_some() {
            flags |= flag::HAS_EMAIL;
            if emails {
                self.emails.insert(email_key(email), self.customers.len() as u32);
            }
        }
        if r.phone {
            flags |= flag::HAS_PHONE;
        }
        if r.consent_day != i32::MAX {
            flags |= flag::CONSENT;
        }
        for (on, f) in r.subscribed.into_iter().zip([flag::EMAIL_SUB, flag::SMS_SUB, flag::PUSH_SUB]) {
            if on {
                flags |= f;
            }
        }
        let mut bits = 0u64;
        for tag in interests {
            let k = self.interests.intern(tag);
            if k < 64 {
                bits |= 1 << k;
            }
        }
        self.customers.push(Customer {
            id: r.id,
            registered_at: r.registered_at,
            consent_day: r.consent_day,
            birth: r.birth,
            flags,
            city: self.cities.intern(r.city),
            gender: self.genders.intern(r.gender),
            channel: self.channels.intern(r.channel),
            interests: bits,
            hist: Hist::default(),
            camp: [[0; 3]; 3],
            rfm: u32::MAX,
        });
    }
}

fn read_customers(r: Box<dyn Read + Send + '_>, emails: bool) -> Result<CustomersOut, String> {
    let mut out = CustomersOut::new();
    // The generator's columns, in its order (the row's fields are read by these positions).
    let cols = crate::data::generate::CUSTOMER_COLUMNS;
    for_each_row(r, "customers.csv", cols, |v| {
        let id = id(v[0])?;
        let name = String::from_utf8_lossy(v[1]);
        let consent = is_one(v[7]);
        let registered_at = stamp(v[9])?;
        let consent_day = if !consent {
            i32::MAX
        } else if parse::trim(v[8]).is_empty() {
            calendar::day_of(registered_at)
        } else {
            parse::date(v[8])?
        };
        let birth = if parse::trim(v[5]).is_empty() {
            (0, 0, 0)
        } else {
            let (y, m, d) = calendar::civil(parse::date(v[5])?);
            (m as u8, d as u8, y as i16)
        };
        let row = CustomerRow {
            id,
            full_name: &name,
            phone: !parse::trim(v[2]).is_empty(),
            email: v[3],
            city: v[4],
            gender: v[6],
            channel: v[10],
            registered_at,
            consent_day,
            birth,
            subscribed: [is_one(v[12]), is_one(v[13]), is_one(v[14])],
        };
        out.push(&row, v[11].split(|&c| c == b';'), emails);
        Ok(())
    })?;
    Ok(out)
}

struct OrdersOut {
    hist: Vec<(u64, Hist)>,
    rows: Vec<(u64, i64, i64)>,
    first: i64,
    last: i64,
    /// The customer whose run of purchases before the period is being summed.
    open: Option<(u64, Hist)>,
}

impl OrdersOut {
    fn new() -> OrdersOut {
        OrdersOut { hist: Vec::new(), rows: Vec::new(), first: i64::MAX, last: i64::MIN, open: None }
    }

    /// A purchase (an order completed or on its way): summarised before `from`, kept from it on.
    fn purchase(&mut self, cid: u64, t: i64, amount: i64, from: i64) {
        self.first = self.first.min(t);
        if t >= from {
            self.rows.push((cid, t, amount));
            return;
        }
        run_of(&mut self.hist, &mut self.open, cid).add(t, amount);
    }

    fn finish(mut self) -> OrdersOut {
        self.hist.extend(self.open.take());
        self
    }
}

fn read_orders(r: Box<dyn Read + Send + '_>, from: i64) -> Result<OrdersOut, String> {
    let mut out = OrdersOut::new();
    for_each_row(r, "orders.csv", &["customer_id", "order_date", "status", "amount"], |v| {
        let st = parse::trim(v[2]);
        let t = stamp(v[1])?;
        out.last = out.last.max(t);
        // Completed and on their way count as purchases; cancelled and returns do not.
        if st != "выполнен".as_bytes() && st != "в доставке".as_bytes() {
            return Ok(());
        }
        out.purchase(id(v[0])?, t, parse::amount(v[3])?, from);
        Ok(())
    })?;
    Ok(out.finish())
}

/// The value of customer `cid`'s run, rows coming in customer order: the open run if it
/// is theirs, else a new one (the open run, another customer's, is closed into `closed`).
fn run_of<'a, T: Default>(closed: &mut Vec<(u64, T)>, open: &'a mut Option<(u64, T)>, cid: u64) -> &'a mut T {
    if open.as_ref().is_some_and(|(c, _)| *c != cid) {
        closed.extend(open.take());
    }
    &mut open.get_or_insert_with(|| (cid, T::default())).1
}

struct SendsOut {
    counts: Vec<(u64, [[u32; 3]; 3])>,
    rows: Vec<(u64, i64)>,
    last: i64,
    /// The customer whose run of sends is being counted.
    open: Option<(u64, [[u32; 3]; 3])>,
}

impl SendsOut {
    fn new() -> SendsOut {
        SendsOut { counts: Vec::new(), rows: Vec::new(), last: i64::MIN, open: None }
    }

    /// A send on channel `ch` (0 e-mail, 1 SMS, 2 push); its time is kept from `keep_from` on.
    fn send(&mut self, cid: u64, ch: usize, t: i64, opened: bool, clicked: bool, keep_from: i64) {
        self.last = self.last.max(t);
        if t >= keep_from {
            self.rows.push((cid, t));
        }
        let add = [1, u32::from(opened), u32::from(clicked)];
        let counts = run_of(&mut self.counts, &mut self.open, cid);
        for k in 0..3 {
            counts[ch][k] += add[k];
        }
    }

    fn finish(mut self) -> SendsOut {
        self.counts.extend(self.open.take());
        self
    }
}

fn read_sends(r: Box<dyn Read + Send + '_>, keep_from: i64) -> Result<SendsOut, String> {
    let mut out = SendsOut::new();
    for_each_row(r, "campaign_sends.csv", &["channel", "customer_id", "sent_at", "opened_at", "clicked_at"], |v| {
        let ch = match parse::trim(v[0]) {
            b"email" => 0,
            b"sms" => 1,
            b"push" => 2,
            _ => return Ok(()),
        };
        let cid = id(v[1])?;
        let t = stamp(v[2])?;
        out.send(cid, ch, t, !parse::trim(v[3]).is_empty(), !parse::trim(v[4]).is_empty(), keep_from);
        Ok(())
    })?;
    Ok(out.finish())
}

struct SiteOut {
    /// (visitor, time, kind)
    events: Vec<(u64, i64, SiteKind)>,
    /// (visitor, e-mail key)
    emails: Vec<(u64, u64)>,
    last: i64,
    last_visitor: (u64, u64),
}

impl SiteOut {
    fn new() -> SiteOut {
        SiteOut { events: Vec::new(), emails: Vec::new(), last: i64::MIN, last_visitor: (0, 0) }
    }

    /// An event of `visitor` (the hash of its id) named `event`, with the e-mail key it
    /// carries.
    fn event(&mut self, visitor: u64, t: i64, email: Option<u64>, event: &[u8]) {
        self.last = self.last.max(t);
        if let Some(key) = email
            && self.last_visitor != (visitor, key)
        {
            self.emails.push((visitor, key));
            self.last_visitor = (visitor, key);
        }
        let kind = match event {
            b"visit" => SiteKind::Visit,
            b"cart_add" => SiteKind::CartAdd,
            b"subscribe" => SiteKind::Subscribe,
            _ => return,
        };
        self.events.push((visitor, t, kind));
    }
}

/// The value of `"key":` in a JSON line written flat (strings without escapes need no
/// decoding; `null` gives `None`).
fn json_str<'a>(line: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let at = memchr::memmem::find(line, key)?;
    let rest = &line[at + key.len()..];
    let rest = rest.strip_prefix(b":")?;
    let rest = rest.strip_prefix(b"\"")?;
    let end = memchr::memchr(b'"', rest)?;
    Some(&rest[..end])
}

fn read_site(mut r: Box<dyn Read + Send + '_>) -> Result<SiteOut, String> {
    let mut out = SiteOut::new();
    let mut buf = vec![0u8; BUF];
    let mut filled = 0;
    let mut line_no = 0u64;
    loop {
        let k =
            r.read(&mut buf[filled..]).map_err(|e| format!("site_events.jsonl: {}", crate::strings::io_error(&e)))?;
        filled += k;
        let eof = k == 0;
        let mut start = 0;
        while start < filled {
            let end = match memchr::memchr(b'\n', &buf[start..filled]) {
                Some(e) => start + e,
                None if eof => filled,
                None => break,
            };
            let line = &buf[start..end];
            start = end + 1;
            line_no += 1;
            if parse::trim(line).is_empty() {
                continue;
            }
            let bad = || format!("site_events.jsonl:{line_no}: {}", msg::BAD_SITE_LINE);
            let ts = json_str(line, b"\"ts\"").ok_or_else(bad)?;
            let visitor = json_str(line, b"\"visitor_id\"").ok_or_else(bad)?;
            let event = json_str(line, b"\"event\"").ok_or_else(bad)?;
            let t = stamp(ts).map_err(|e| format!("site_events.jsonl:{line_no}: {e}"))?;
            let email = json_str(line, b"\"email\"").map(email_key);
            out.event(crate::base::hash::stable_hash(&[visitor]), t, email, event);
        }
        if eof {
            break;
        }
        buf.copy_within(start..filled, 0);
        filled -= start;
        if filled == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
    }
    Ok(out)
}

// ------------------------------------------------------ straight from the generator

/// A learner's variant of the shop as the readers would give it from the generator's
/// files, taken from the generator's values instead: purchases and sends are kept whole,
/// so that any period's [`Data`] can be made from it.
struct Shop {
    customers: CustomersOut,
    /// (customer, time, kopecks) of each purchase, in the order of `orders.csv`.
    purchases: Vec<(u64, i64, i64)>,
    orders_last: i64,
    /// (customer, channel, sent, opened, clicked), in the order of `campaign_sends.csv`.
    sends: Vec<(u64, usize, i64, bool, bool)>,
    site: SiteOut,
}

impl crate::data::generate::ShopRows for Shop {
    fn customer(&mut self, c: &gen_customers::Customer) {
        let consent_day = match (c.consent, c.consent_date) {
            (false, _) => i32::MAX,
            (true, None) => calendar::day_of(c.core.registered_at),
            (true, Some(d)) => d,
        };
        let birth = c.birth_date.map_or((0, 0, 0), |d| {
            let (y, m, d) = calendar::civil(d);
            (m as u8, d as u8, y as i16)
        });
        let row = CustomerRow {
            id: c.core.id,
            full_name: &c.person.full_name,
            // Written in one of three formats, never empty.
            phone: c.phone.is_some(),
            email: c.email.as_deref().unwrap_or("").as_bytes(),
            city: c.city_as_written().as_bytes(),
            gender: c.gender_written().as_bytes(),
            channel: c.channel.as_bytes(),
            registered_at: c.core.registered_at,
            consent_day,
            birth,
            subscribed: [c.email_subscribed, c.sms_subscribed, c.push_subscribed],
        };
        let tags = gen_customers::interest_tags(c.core.interests);
        // No interests: the file's field is empty, which is read as one empty tag.
        let none = tags.clone().next().is_none().then_some(&b""[..]);
        self.customers.push(&row, tags.map(str::as_bytes).chain(none), true);
    }

    fn orders(&mut self, customer_id: u64, orders: &gen_orders::CustomerOrders) {
        for o in &orders.orders {
            self.orders_last = self.orders_last.max(o.at);
            if matches!(o.status, gen_orders::Status::Completed | gen_orders::Status::InDelivery) {
                self.purchases.push((customer_id, o.at, o.amount));
            }
        }
    }

    fn sends(&mut self, customer_id: u64, sends: &[gen_campaigns::Send]) {
        use crate::data::generate::channel::Channel;
        for s in sends {
            let ch = match s.channel {
                Channel::Email => 0,
                Channel::Sms => 1,
                Channel::Push => 2,
            };
            self.sends.push((customer_id, ch, s.sent_at, s.opened_at.is_some(), s.clicked_at.is_some()));
        }
    }

    fn site_event(&mut self, e: &gen_site::Event) {
        // The generator's addresses are plain ASCII: written to JSON as they are, and read
        // back ([`json_str`]) whole.
        debug_assert!(e.email.is_none_or(|a| !a.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20)));
        let email = e.email.map(|a| email_key(a.as_bytes()));
        self.site.event(crate::base::hash::stable_hash(&[e.visitor_id.as_bytes()]), e.t, email, e.name.as_bytes());
    }
}

impl Shop {
    fn generate(seed: u64, customers: u64) -> Shop {
        let mut shop = Shop {
            customers: CustomersOut::new(),
            purchases: Vec::new(),
            orders_last: i64::MIN,
            sends: Vec::new(),
            site: SiteOut::new(),
        };
        crate::data::generate::for_each_shop_row(seed, customers, true, &mut shop);
        shop
    }

    fn data(&self, need: Need) -> Result<Data, String> {
        let mut orders = OrdersOut::new();
        orders.last = self.orders_last;
        for &(cid, t, amount) in &self.purchases {
            orders.purchase(cid, t, amount, need.from);
        }
        let mut sends = SendsOut::new();
        let campaign_from = need.from - 366 * DAY;
        for &(cid, ch, t, opened, clicked) in &self.sends {
            sends.send(cid, ch, t, opened, clicked, campaign_from);
        }
        let mut customers = self.customers.clone();
        if !need.site {
            customers.emails.clear();
        }
        assemble(customers, orders.finish(), sends.finish(), need.site.then_some(&self.site), need)
    }
}

/// The data of a learner's variant of the shop (`customers` of them, generated for
/// `seed`): what [`load`] reads from [`Memory::generated`], built from the generator's
/// values without writing and reading the files. The variant is generated once while it
/// is in use (a scenario's parts and attempts need different periods and files of it).
pub fn generated(seed: u64, customers: u64, need: Need) -> Result<Data, String> {
    // Its rows at the course's 1500 customers take about a megabyte: a few learners at a time.
    static MEMO: crate::base::memo::Memo<Shop> = crate::base::memo::Memo::bounded(8);
    let key = crate::base::hash::stable_hash(&[b"scenario shop rows", &seed.to_le_bytes(), &customers.to_le_bytes()]);
    MEMO.get_or_make(key, false, || Shop::generate(seed, customers)).data(need)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_split_with_quotes() {
        let mut f = Vec::new();
        let mut s = Vec::new();
        let text = r#"1,"Иванов, Иван","a ""b""",,x"#;
        let rec = text.as_bytes();
        split_fields(rec, &mut f, &mut s);
        let get = |r: &Range<usize>| -> Vec<u8> {
            if r.start >= SCRATCH { s[r.start - SCRATCH..r.end - SCRATCH].to_vec() } else { rec[r.clone()].to_vec() }
        };
        let got: Vec<String> = f.iter().map(|r| String::from_utf8(get(r)).unwrap()).collect();
        assert_eq!(got, ["1", "Иванов, Иван", "a \"b\"", "", "x"]);
    }

    #[test]
    fn rows_are_read_with_crlf_quotes_and_line_breaks_in_quotes() {
        let text = "a,b,c\r\n1,\"x, y\",z\r\n2,\"multi\nline\",w\r\n\r\n3,plain,v";
        {
            let mut rows: Vec<Vec<String>> = Vec::new();
            for_each_row(Box::new(text.as_bytes()), "t.csv", &["c", "b"], |v| {
                rows.push(v.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect());
                Ok(())
            })
            .unwrap();
            assert_eq!(rows, [["z", "x, y"], ["w", "multi\nline"], ["v", "plain"]]);
        }
        let err = for_each_row(Box::new("a,b\n1,2\n".as_bytes()), "t.csv", &["c"], |_| Ok(())).unwrap_err();
        assert_eq!(err, "t.csv:1: нет столбца «c»");
    }

    #[test]
    fn records_span_quoted_line_breaks() {
        assert_eq!(record_end(b"a,b\nc", false), Some((3, 4)));
        assert_eq!(record_end(b"a,\"x\ny\"\nc", false), Some((7, 8)));
        assert_eq!(record_end(b"a,\"x\ny", false), None);
        assert_eq!(record_end(b"a,b", true), Some((3, 3)));
    }

    #[test]
    fn stamps_parse() {
        let d = i64::from(calendar::day(2025, 6, 30)) * DAY;
        assert_eq!(stamp(b"2025-06-30 12:30:05"), Ok(d + 12 * 3600 + 30 * 60 + 5));
        assert_eq!(stamp(b"2025-06-30T01:02:03"), Ok(d + 3723));
        assert_eq!(stamp(b"2025-06-30"), Ok(d));
        assert!(stamp("вчера".as_bytes()).is_err());
    }

    /// The first field where two loads differ (`None`: equal).
    fn first_difference(a: &Data, b: &Data) -> Option<String> {
        if a.customers.len() != b.customers.len() {
            return Some(format!("customers: {} vs {}", a.customers.len(), b.customers.len()));
        }
        for (i, (x, y)) in a.customers.iter().zip(&b.customers).enumerate() {
            if x != y {
                return Some(format!("customer {i}: {x:?} vs {y:?}"));
            }
        }
        let fields: [(&str, bool); 17] = [
            ("first_names", a.first_names == b.first_names),
            ("name_at", a.name_at == b.name_at),
            ("orders", a.orders == b.orders),
            ("campaigns", a.campaigns == b.campaigns),
            ("site", a.site == b.site),
            ("cities", a.cities == b.cities),
            ("genders", a.genders == b.genders),
            ("channels", a.channels == b.channels),
            ("interests", a.interests == b.interests),
            ("rfm_names", a.rfm_names == b.rfm_names),
            ("rates", a.rates == b.rates),
            ("base_rate", a.base_rate == b.base_rate),
            ("average_check", a.average_check == b.average_check),
            ("data_start", a.data_start == b.data_start),
            ("data_end", a.data_end == b.data_end),
            ("from", a.from == b.from),
            ("site_loaded", a.site_loaded == b.site_loaded),
        ];
        let diff = fields.iter().find(|f| !f.1).map(|f| f.0.to_owned());
        assert_eq!(diff.is_none(), a == b, "first_difference misses a field");
        diff
    }

    #[test]
    fn the_variant_from_the_generator_is_the_variant_read_from_its_files() {
        let (course_from, _) = crate::scenario::default_period();
        let other_from = i64::from(calendar::day(2025, 1, 15)) * DAY + 3_600;
        // The course's shop (1500 customers) and other sizes, down to one customer.
        for (seed, n) in [(2025, 1500), (0xbe00_0007, 1500), (77, 300), (12_345, 40), (9, 1)] {
            let files = Memory::generated(seed, n);
            for from in [course_from, other_from] {
                for site in [false, true] {
                    for rfm in [None, Some("course7"), Some("classic")] {
                        let need = Need { from, site, rfm };
                        let read = load(&files, need).expect("read");
                        let direct = generated(seed, n, need).expect("generated");
                        if let Some(d) = first_difference(&read, &direct) {
                            panic!("seed {seed}, {n} customers, {need:?}: {d}");
                        }
                        assert_eq!(read.customers.len() as u64, n);
                    }
                }
            }
        }
        // The comparison sees one field of one record.
        let need = Need { from: course_from, site: true, rfm: Some("course7") };
        let base = generated(77, 300, need).expect("generated");
        let mut changed = base.clone();
        changed.customers[123].flags ^= flag::PUSH_SUB;
        assert!(first_difference(&base, &changed).is_some_and(|d| d.starts_with("customer 123")));
        let mut changed = base.clone();
        let last = changed.site.items.len() - 1;
        changed.site.items[last].0 += 1;
        assert_eq!(first_difference(&base, &changed).as_deref(), Some("site"));
    }

    #[test]
    fn reads_the_committed_datasets() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets");
        let from = i64::from(calendar::day(2024, 7, 1)) * DAY;
        let d = load(&Dir(root), Need { from, site: true, rfm: Some("course7") }).expect("load");
        assert_eq!(d.customers.len(), 1500);
        assert!(d.rates.open[0] > 0.1 && d.rates.open[0] < 0.35, "{:?}", d.rates);
        assert!(d.rates.click[1] > 0.0);
        assert!(d.site.items.iter().any(|e| e.1 == SiteKind::CartAdd));
        assert!(d.base_rate > 0.0 && d.average_check > 10_000.0);
        assert!(d.customers.iter().any(|c| c.rfm != u32::MAX));
        assert!(d.data_end <= calendar::LAST_STAMP && d.data_end > calendar::LAST_STAMP - DAY);
        assert!(!d.first_name(0).is_empty());
    }
}
