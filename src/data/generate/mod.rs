//! The deterministic generator of the course's datasets (see `datasets/README.md`).
//!
//! Same seed and size → byte-identical files: every customer, visitor and participant
//! draws from their own [`rng::Rng`] stream keyed by (seed, stream, id), values are
//! formatted by hand, and nothing iterates a hash map. The shop's files are streamed one
//! customer at a time, so tens of millions of order rows need no more memory than a few.

pub mod calendar;
pub(crate) mod campaigns;
pub mod channel;
pub(crate) mod customers;
pub mod layout;
pub mod loyalty;
pub(crate) mod orders;
mod out;
mod products;
pub mod rng;
pub(crate) mod site_events;
mod support;
mod vocab;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use customers::COLUMNS as CUSTOMER_COLUMNS;

use crate::strings::datasets as s;
use out::{Line, Sink};

/// Independent random streams: what is drawn for an item (a customer, a visitor…).
mod stream {
    pub const CUSTOMER: u64 = 1;
    pub const CUSTOMER_CORE: u64 = 11;
    pub const DUPLICATE: u64 = 2;
    pub const ORDERS: u64 = 3;
    pub const SUPPORT: u64 = 4;
    pub const CAMPAIGNS: u64 = 5;
    pub const SITE: u64 = 6;
    pub const SITE_ANONYMOUS: u64 = 7;
    pub const DELETED: u64 = 8;
    pub const LOYALTY: u64 = 9;
    pub const LOYALTY_PLAN: u64 = 10;
}

/// The files the generator writes, in the order it lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    Customers,
    Products,
    Orders,
    OrderItems,
    SupportRequests,
    CampaignSends,
    SiteEvents,
    LoyaltyParticipants,
    LoyaltyEvents,
}

impl FileKind {
    pub const ALL: [FileKind; 9] = [
        FileKind::Customers,
        FileKind::Products,
        FileKind::Orders,
        FileKind::OrderItems,
        FileKind::SupportRequests,
        FileKind::CampaignSends,
        FileKind::SiteEvents,
        FileKind::LoyaltyParticipants,
        FileKind::LoyaltyEvents,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            FileKind::Customers => "customers.csv",
            FileKind::Products => "products.csv",
            FileKind::Orders => "orders.csv",
            FileKind::OrderItems => "order_items.csv",
            FileKind::SupportRequests => "support_requests.csv",
            FileKind::CampaignSends => "campaign_sends.csv",
            FileKind::SiteEvents => "site_events.jsonl",
            FileKind::LoyaltyParticipants => "loyalty_participants.csv",
            FileKind::LoyaltyEvents => "loyalty_events.csv",
        }
    }

    /// By file name, with or without its extension (`orders`, `site_events.jsonl`).
    pub fn from_name(name: &str) -> Option<FileKind> {
        let name = name.trim();
        FileKind::ALL.into_iter().find(|k| {
            let file = k.file_name();
            file == name || file.split('.').next() == Some(name)
        })
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    pub customers: u64,
    pub participants: u64,
    /// The files to write (all of them by default). A file's content does not depend on
    /// which others are written.
    pub files: Vec<FileKind>,
}

impl Options {
    /// All files; participants default to half the customers.
    pub fn new(seed: u64, customers: u64) -> Options {
        Options { seed, customers, participants: (customers / 2).max(1), files: FileKind::ALL.to_vec() }
    }

    fn wants(&self, k: FileKind) -> bool {
        self.files.contains(&k)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error("{}", s::not_a_directory(path))]
    NotADirectory { path: PathBuf },
    #[error("{}", s::create_dir_failed(path, source))]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("{}", s::create_file_failed(path, source))]
    Create { path: PathBuf, source: io::Error },
    #[error("{}", s::write_failed(path, source))]
    Write { path: PathBuf, source: io::Error },
}

impl GenError {
    pub fn into_io(self) -> io::Error {
        match self {
            GenError::CreateDir { source, .. } | GenError::Create { source, .. } | GenError::Write { source, .. } => {
                source
            }
            e @ GenError::NotADirectory { .. } => io::Error::other(e.to_string()),
        }
    }
}

/// Rows written per file (headers not counted), in [`FileKind::ALL`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub rows: Vec<(FileKind, u64)>,
}

/// Writes the selected files into `dir` (created if missing).
pub fn generate(opts: &Options, dir: &Path) -> Result<Summary, GenError> {
    if dir.exists() && !dir.is_dir() {
        return Err(GenError::NotADirectory { path: dir.to_owned() });
    }
    fs::create_dir_all(dir).map_err(|e| GenError::CreateDir { path: dir.to_owned(), source: e })?;
    let mut sinks: Vec<Option<Sink<'static>>> = Vec::new();
    for k in FileKind::ALL {
        sinks.push(if opts.wants(k) { Some(Sink::create(&dir.join(k.file_name()))?) } else { None });
    }
    write_all(opts, &mut sinks)?;
    let mut summary = Summary { rows: Vec::new() };
    for (k, sink) in FileKind::ALL.into_iter().zip(sinks) {
        if let Some(sink) = sink {
            summary.rows.push((k, sink.finish()?));
        }
    }
    Ok(summary)
}

/// The selected files' bytes, generated in memory (a student's variant of a small
/// dataset): exactly what [`generate`] would write.
pub fn generate_in_memory(opts: &Options) -> Vec<(FileKind, Vec<u8>)> {
    let mut buffers: Vec<(FileKind, Vec<u8>)> =
        FileKind::ALL.into_iter().filter(|&k| opts.wants(k)).map(|k| (k, Vec::new())).collect();
    {
        let mut sinks: Vec<Option<Sink<'_>>> = FileKind::ALL.iter().map(|_| None).collect();
        for (k, buf) in &mut buffers {
            sinks[k.index()] = Some(Sink::new(PathBuf::from(k.file_name()), Box::new(buf)));
        }
        // Writing to memory cannot fail.
        let _ = write_all(opts, &mut sinks);
        for sink in sinks.into_iter().flatten() {
            let _ = sink.finish();
        }
    }
    buffers
}

fn write_all(opts: &Options, sinks: &mut [Option<Sink<'_>>]) -> Result<(), GenError> {
    let (seed, n) = (opts.seed, opts.customers);
    let headers: [(FileKind, &[&str]); 8] = [
        (FileKind::Customers, customers::COLUMNS),
        (FileKind::Products, products::COLUMNS),
        (FileKind::Orders, orders::ORDER_COLUMNS),
        (FileKind::OrderItems, orders::ITEM_COLUMNS),
        (FileKind::SupportRequests, support::COLUMNS),
        (FileKind::CampaignSends, campaigns::COLUMNS),
        (FileKind::LoyaltyParticipants, loyalty::PARTICIPANT_COLUMNS),
        (FileKind::LoyaltyEvents, loyalty::EVENT_COLUMNS),
    ];
    for (k, columns) in headers {
        if let Some(sink) = &mut sinks[k.index()] {
            if k == FileKind::Products {
                products::write(sink)?;
            } else {
                sink.header(columns)?;
            }
        }
    }

    let need_orders =
        [FileKind::Orders, FileKind::OrderItems, FileKind::SupportRequests].iter().any(|&k| opts.wants(k));
    let mut line = Line::new();
    let mut text = String::new();
    let mut order_buf = orders::CustomerOrders::default();
    let mut requests = Vec::new();
    let mut sends = Vec::new();
    let (mut next_order, mut next_request, mut next_send) = (1, 1, 1);

    let need_full = [FileKind::Customers, FileKind::CampaignSends, FileKind::SiteEvents].iter().any(|&k| opts.wants(k));
    for id in 1..=n {
        let core = customers::core(seed, id, n);
        if need_orders {
            customer_orders(seed, sinks, &mut line, &core, &mut next_order, &mut order_buf)?;
            if let Some(sink) = &mut sinks[FileKind::SupportRequests.index()] {
                support::generate(seed, id, core.registered_at, &order_buf, &mut next_request, &mut requests);
                support::write(sink, &mut line, id, &requests)?;
            }
        }
        if !need_full {
            continue;
        }
        let c = customers::customer_with(seed, core, n);
        if let Some(sink) = &mut sinks[FileKind::Customers.index()] {
            customers::write_row(sink, &mut line, &c, &mut text)?;
        }
        if let Some(sink) = &mut sinks[FileKind::CampaignSends.index()] {
            campaigns::generate(seed, &c, &mut next_send, &mut sends);
            campaigns::write(sink, &mut line, id, &sends)?;
        }
        if let Some(sink) = &mut sinks[FileKind::SiteEvents.index()] {
            site_events::write_visitor(seed, &site_events::Visitor::Customer(&c), n, sink, &mut text)?;
        }
    }
    // Orders of accounts deleted since: their customer ids are not in customers.csv.
    if need_orders {
        for k in 1..=customers::deleted_count(n) {
            let c = customers::deleted(seed, k, n);
            customer_orders(seed, sinks, &mut line, &c, &mut next_order, &mut order_buf)?;
        }
    }
    if let Some(sink) = &mut sinks[FileKind::SiteEvents.index()] {
        for k in 0..site_events::anonymous_count(n) {
            site_events::write_visitor(seed, &site_events::Visitor::Anonymous(k), n, sink, &mut text)?;
        }
    }
    if opts.wants(FileKind::LoyaltyParticipants) || opts.wants(FileKind::LoyaltyEvents) {
        loyalty::for_each(seed, opts.participants, |p, events| {
            if let Some(sink) = &mut sinks[FileKind::LoyaltyParticipants.index()] {
                loyalty::write_participant(sink, &mut line, &p)?;
            }
            if let Some(sink) = &mut sinks[FileKind::LoyaltyEvents.index()] {
                loyalty::write_events(sink, &mut line, events)?;
            }
            Ok::<(), GenError>(())
        })?;
    }
    Ok(())
}

/// What the shop's files are written from, handed out as the generator draws it instead
/// of written: a learner's variant read straight into memory. Each method is called in
/// its file's row order (the files are not interleaved the same way, but each one is).
pub(crate) trait ShopRows {
    /// A row of `customers.csv`.
    fn customer(&mut self, c: &customers::Customer);
    /// A customer's (or a deleted account's) rows of `orders.csv`.
    fn orders(&mut self, customer_id: u64, orders: &orders::CustomerOrders);
    /// A customer's rows of `campaign_sends.csv`.
    fn sends(&mut self, customer_id: u64, sends: &[campaigns::Send]);
    /// A line of `site_events.jsonl`.
    fn site_event(&mut self, e: &site_events::Event);
}

/// The rows of `customers.csv`, `orders.csv`, `campaign_sends.csv` and (with `site`)
/// `site_events.jsonl` for `seed` and `n` customers, exactly as [`generate`] writes them.
pub(crate) fn for_each_shop_row(seed: u64, n: u64, site: bool, rows: &mut impl ShopRows) {
    let mut order_buf = orders::CustomerOrders::default();
    let mut sends = Vec::new();
    let (mut next_order, mut next_send) = (1, 1);
    for id in 1..=n {
        let core = customers::core(seed, id, n);
        orders::generate(seed, &core, &mut next_order, &mut order_buf);
        rows.orders(id, &order_buf);
        let c = customers::customer_with(seed, core, n);
        rows.customer(&c);
        campaigns::generate(seed, &c, &mut next_send, &mut sends);
        rows.sends(id, &sends);
        if site {
            let _ = site_events::for_each_event(seed, &site_events::Visitor::Customer(&c), n, |e| {
                rows.site_event(e);
                Ok::<(), ()>(())
            });
        }
    }
    for k in 1..=customers::deleted_count(n) {
        let c = customers::deleted(seed, k, n);
        orders::generate(seed, &c, &mut next_order, &mut order_buf);
        rows.orders(c.id, &order_buf);
    }
    if site {
        for k in 0..site_events::anonymous_count(n) {
            let _ = site_events::for_each_event(seed, &site_events::Visitor::Anonymous(k), n, |e| {
                rows.site_event(e);
                Ok::<(), ()>(())
            });
        }
    }
}

/// Draws a customer's orders into `buf` and writes them where wanted.
fn customer_orders(
    seed: u64,
    sinks: &mut [Option<Sink<'_>>],
    line: &mut Line,
    c: &customers::Core,
    next_order: &mut u64,
    buf: &mut orders::CustomerOrders,
) -> Result<(), GenError> {
    orders::generate(seed, c, next_order, buf);
    if let Some(sink) = &mut sinks[FileKind::Orders.index()] {
        orders::write_orders(sink, line, c.id, buf)?;
    }
    if let Some(sink) = &mut sinks[FileKind::OrderItems.index()] {
        orders::write_items(sink, line, buf)?;
    }
    Ok(())
}
