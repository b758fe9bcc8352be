//! The site's event log: sessions of customers (logged in or not) and of visitors who are
//! not customers yet, some of whom leave an e-mail in a form or subscribe.

use std::fmt::Write as _;

use super::calendar::{self, Stamp};
use super::customers::{self, Customer};
use super::out::{Sink, push_json_str};
use super::products::{self, CATEGORIES, Category, catalogue};
use super::rng::{Rng, permute32};
use super::vocab;
use super::{GenError, stream};

/// URL slugs of the categories, in [`CATEGORIES`] order.
const SLUGS: [&str; 11] = [
    "smartphones",
    "laptops",
    "tablets",
    "tv",
    "audio",
    "watches",
    "photo",
    "games",
    "appliances",
    "smart-home",
    "accessories",
];

/// Who is behind a visitor id.
pub enum Visitor<'a> {
    Customer(&'a Customer),
    /// Not (yet) known: the index among anonymous visitors.
    Anonymous(u64),
}

/// The visitor's id: a bijection of their index, so ids are unique yet reveal nothing.
pub fn visitor_id(seed: u64, index: u64) -> String {
    format!("v{:08x}", permute32((index as u32) ^ (seed as u32).rotate_left(7)))
}

/// Anonymous visitors per customer, as a fraction: two for every three customers.
pub fn anonymous_count(customers: u64) -> u64 {
    customers * 2 / 3
}

/// Where an event happened on the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Url {
    /// The home page `/`.
    Root,
    /// `/catalog/{slug}`.
    Catalog(&'static str),
    /// `/product/{id}`.
    Product(u32),
    /// A fixed page (`/cart`, `/subscribe`, a form).
    Page(&'static str),
}

impl Url {
    pub fn push(self, out: &mut String) {
        let _ = match self {
            Url::Root => write!(out, "/"),
            Url::Catalog(slug) => write!(out, "/catalog/{slug}"),
            Url::Product(p) => write!(out, "/product/{p}"),
            Url::Page(page) => write!(out, "{page}"),
        };
    }
}

/// One event of the site's log, as a line of `site_events.jsonl` holds it.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub t: Stamp,
    pub visitor_id: &'a str,
    /// `visit`, `product_view`, `cart_add`, `form_submit` or `subscribe`.
    pub name: &'static str,
    pub url: Url,
    pub product: Option<u32>,
    /// The address the visitor is known by in this event (logged in, or typed in a form).
    pub email: Option<&'a str>,
}

/// Writes the visitor's events; `customers_total` is both the customer count and the index
/// offset of anonymous visitors.
pub fn write_visitor(
    seed: u64,
    visitor: &Visitor,
    customers_total: u64,
    sink: &mut Sink,
    line: &mut String,
) -> Result<(), GenError> {
    let mut url = String::new();
    for_each_event(seed, visitor, customers_total, |e| {
        line.clear();
        line.push_str("{\"ts\":\"");
        calendar::push_stamp(line, e.t, 'T');
        let _ = write!(line, "\",\"visitor_id\":\"{}\",\"email\":", e.visitor_id);
        match e.email {
            Some(e) => push_json_str(line, e),
            None => line.push_str("null"),
        }
        let _ = write!(line, ",\"event\":\"{}\",\"url\":", e.name);
        url.clear();
        e.url.push(&mut url);
        push_json_str(line, &url);
        line.push_str(",\"product_id\":");
        match e.product {
            Some(p) => {
                let _ = write!(line, "{p}}}");
            }
            None => line.push_str("null}"),
        }
        sink.row_str(line)
    })
}

/// Calls `emit` with each of the visitor's events in the order the log lists them (what
/// [`write_visitor`] writes, line by line); stops at the first error `emit` returns.
pub fn for_each_event<E>(
    seed: u64,
    visitor: &Visitor,
    customers_total: u64,
    mut emit: impl FnMut(&Event) -> Result<(), E>,
) -> Result<(), E> {
    let (index, stream_id) = match visitor {
        Visitor::Customer(c) => (c.core.id, stream::SITE),
        Visitor::Anonymous(k) => (customers_total + k, stream::SITE_ANONYMOUS),
    };
    let mut rng = Rng::for_item(seed, stream_id, index);
    let first_day = match visitor {
        Visitor::Customer(c) => {
            if !rng.chance(3_000) {
                return Ok(());
            }
            c.core.registered_day().max(calendar::SITE_START)
        }
        Visitor::Anonymous(_) => calendar::SITE_START,
    };
    if first_day > calendar::LAST_DAY {
        return Ok(());
    }
    let id = visitor_id(seed, index);
    // The address this visitor types on the site, if they ever do.
    let typed_email: Option<String> = match visitor {
        Visitor::Customer(c) => c.email_clean.as_deref().map(|e| as_typed(&mut rng, e)),
        Visitor::Anonymous(k) => Some(lead_email(&mut rng, seed, *k, customers_total)),
    };
    let interests = match visitor {
        Visitor::Customer(c) => c.core.interests,
        Visitor::Anonymous(_) => 1 << rng.below(CATEGORIES.len() as u64 - 1),
    };
    let sessions = 1 + rng.weighted(&[55, 25, 12, 8]);
    let mut days: Vec<calendar::Day> =
        (0..sessions).map(|_| calendar::seasonal_day(&mut rng, first_day, calendar::LAST_DAY)).collect();
    days.sort_unstable();
    let mut t_min: Stamp = match visitor {
        Visitor::Customer(c) => c.core.registered_at,
        Visitor::Anonymous(_) => 0,
    };
    for day in days {
        let mut t = calendar::stamp_on(&mut rng, day).max(t_min);
        let logged_in = matches!(visitor, Visitor::Customer(_)) && typed_email.is_some() && rng.chance(5_000);
        let session_email = if logged_in { typed_email.as_deref() } else { None };
        let mut event = |t: Stamp, name: &'static str, url: Url, product: Option<u32>, email: Option<&str>| {
            if t > calendar::LAST_STAMP {
                return Ok(());
            }
            emit(&Event { t, visitor_id: &id, name, url, product, email })
        };
        let category = pick_category(&mut rng, interests);
        let url = if rng.chance(5_000) { Url::Root } else { Url::Catalog(SLUGS[category_index(category)]) };
        event(t, "visit", url, None, session_email)?;
        let mut viewed = Vec::new();
        for _ in 0..rng.weighted(&[15, 30, 25, 15, 10, 5]) {
            t += rng.range(10, 240);
            let c = if rng.chance(7_000) { category } else { products::pick_category(&mut rng) };
            let p = catalogue().pick_in(&mut rng, c).id;
            viewed.push(p);
            event(t, "product_view", Url::Product(p), Some(p), session_email)?;
        }
        if !viewed.is_empty() && rng.chance(2_500) {
            t += rng.range(10, 300);
            let p = *rng.pick(&viewed);
            event(t, "cart_add", Url::Page("/cart"), Some(p), session_email)?;
        }
        let form = rng.chance(400).then(|| if rng.chance(5_000) { "/form/callback" } else { "/form/question" });
        let subscribe = rng.chance(if matches!(visitor, Visitor::Anonymous(_)) { 600 } else { 300 });
        for (name, url) in [("form_submit", form), ("subscribe", subscribe.then_some("/subscribe"))] {
            if let (Some(url), Some(email)) = (url, typed_email.as_deref()) {
                t += rng.range(20, 400);
                event(t, name, Url::Page(url), None, Some(email))?;
            }
        }
        t_min = t + 1_800;
    }
    Ok(())
}

fn category_index(c: Category) -> usize {
    CATEGORIES.iter().position(|x| x.0 == c).unwrap_or(0)
}

fn pick_category(rng: &mut Rng, interests: u16) -> Category {
    let mine: Vec<Category> = products::interest_categories(interests).collect();
    if !mine.is_empty() && rng.chance(7_000) { *rng.pick(&mine) } else { products::pick_category(rng) }
}

/// A customer's address as typed in a form: mostly as stored, sometimes capitalised or with
/// a stray space.
fn as_typed(rng: &mut Rng, email: &str) -> String {
    match rng.weighted(&[85, 10, 5]) {
        0 => email.to_owned(),
        1 => customers::capitalised(email),
        _ => format!("{email} "),
    }
}

/// The address an anonymous visitor leaves: usually a new lead's (always with `_`, which
/// customers' addresses never have), sometimes an existing customer's typed on another
/// device, sometimes mistyped.
fn lead_email(rng: &mut Rng, seed: u64, k: u64, customers_total: u64) -> String {
    if customers_total > 0 && rng.chance(800) {
        let id = 1 + rng.below(customers_total);
        if let Some(e) = customers::customer(seed, id, customers_total).email_clean {
            return as_typed(rng, &e);
        }
    }
    let p = vocab::person(rng, 5_500);
    let domain = rng.weighted_pick(vocab::EMAIL_DOMAINS);
    let local = if rng.chance(5_000) {
        format!("{}_{}{k}", p.first_lat, p.surname_lat)
    } else {
        format!("{}_{}{k}", p.surname_lat, p.first_lat.chars().next().unwrap_or('x'))
    };
    match rng.below(10_000) {
        0..150 => format!("{local}{domain}"),
        150..250 => format!("{local}@{}", domain.replace("mail", "mial").replace(".com", ".con").replace(".ru", ".ry")),
        _ => format!("{local}@{domain}"),
    }
}
