//! Customers: one deterministic profile per id, including the deliberate dirt of a real
//! export (phone formats, broken e-mails, misspelt cities, duplicates, subscriptions
//! without consent).

use super::calendar::{self, Day, Stamp};
use super::channel::Channel;
use super::out::{Line, Sink};
use super::products::CATEGORIES;
use super::rng::Rng;
use super::vocab::{self, Person};
use super::{GenError, stream};

/// How much a customer buys over the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Buyer {
    /// Registered (often subscribed) but never bought.
    Never,
    OneTime,
    /// 2–5 orders.
    Occasional,
    /// 6–25 orders.
    Regular,
    /// 26–80 orders.
    Heavy,
}

const BUYERS: &[(Buyer, u32)] =
    &[(Buyer::Never, 8), (Buyer::OneTime, 37), (Buyer::Occasional, 27), (Buyer::Regular, 18), (Buyer::Heavy, 10)];

pub const CHANNELS: &[(&str, u32)] = &[
    ("сайт", 30),
    ("магазин", 22),
    ("мобильное приложение", 14),
    ("соцсети", 11),
    ("лид-магнит", 7),
    ("чат на сайте", 6),
    ("анкета", 6),
    ("рекомендация друга", 4),
];

/// What the orders need of a customer: cheap to draw, from its own stream, so that
/// `--only orders` does not pay for names and addresses.
#[derive(Debug, Clone, Copy)]
pub struct Core {
    pub id: u64,
    pub registered_at: Stamp,
    /// Bit i: interested in `CATEGORIES[i]`.
    pub interests: u16,
    pub buyer: Buyer,
}

impl Core {
    pub fn registered_day(&self) -> Day {
        calendar::day_of(self.registered_at)
    }
}

/// The customer's core: registration time (ids follow registration order, spread evenly
/// over the period with jitter), interests and how much they buy.
pub fn core(seed: u64, id: u64, total: u64) -> Core {
    let mut rng = Rng::for_item(seed, stream::CUSTOMER_CORE, id);
    let total = total.max(1);
    let span = i64::from(calendar::AS_OF - calendar::REGISTRATION_START) * calendar::SECS_PER_DAY;
    let slot = span / total as i64;
    let registered_at = i64::from(calendar::REGISTRATION_START) * calendar::SECS_PER_DAY
        + (id as i64 - 1) * span / total as i64
        + rng.below(slot.max(1) as u64) as i64;
    let mut interests = 0u16;
    if !rng.chance(2_500) {
        for _ in 0..rng.range(1, 3) {
            let i = rng.below(CATEGORIES.len() as u64 - 1) as usize; // not accessories
            interests |= 1 << i;
        }
    }
    Core { id, registered_at: registered_at.min(calendar::LAST_STAMP), interests, buyer: rng.weighted_pick(BUYERS) }
}

#[derive(Debug, Clone)]
pub struct Customer {
    pub core: Core,
    pub person: Person,
    /// Ten digits after +7.
    pub phone: Option<u64>,
    pub phone_format: u8,
    /// As exported, dirt included.
    pub email: Option<String>,
    /// The address as the customer would type it on the site (clean, lower case).
    pub email_clean: Option<String>,
    pub city: &'static str,
    pub city_written: Option<String>,
    pub birth_date: Option<Day>,
    pub gender_known: bool,
    pub consent: bool,
    pub consent_date: Option<Day>,
    pub channel: &'static str,
    pub email_subscribed: bool,
    pub sms_subscribed: bool,
    pub push_subscribed: bool,
}

impl Customer {
    pub fn subscribed(&self, channel: Channel) -> bool {
        match channel {
            Channel::Email => self.email_subscribed,
            Channel::Sms => self.sms_subscribed,
            Channel::Push => self.push_subscribed,
        }
    }

    /// The `gender` field as written: empty when not known.
    pub fn gender_written(&self) -> &'static str {
        match (self.gender_known, self.person.female) {
            (false, _) => "",
            (true, true) => "Ж",
            (true, false) => "М",
        }
    }

    /// The `city` field as written (a variant spelling or nothing, where the customer typed
    /// one).
    pub fn city_as_written(&self) -> &str {
        self.city_written.as_deref().unwrap_or(self.city)
    }
}

/// Chance (basis points) that a customer is a re-registration of an earlier one.
const DUPLICATE_BP: u32 = 100;

/// The customer with this id among `total`: a duplicate of an earlier customer where the
/// dice say so (only ever of a customer who is not a duplicate themselves).
pub fn customer(seed: u64, id: u64, total: u64) -> Customer {
    customer_with(seed, core(seed, id, total), total)
}

/// The customer whose core is already drawn.
pub fn customer_with(seed: u64, core: Core, total: u64) -> Customer {
    let id = core.id;
    let mut c = base(seed, core);
    let mut rng = Rng::for_item(seed, stream::DUPLICATE, id);
    if id > 1 && rng.chance(DUPLICATE_BP) {
        let original_id = id - 1 - rng.below((id - 1).min(400));
        if !Rng::for_item(seed, stream::DUPLICATE, original_id).chance(DUPLICATE_BP) {
            let original = base(seed, self::core(seed, original_id, total));
            c.person = original.person.clone();
            c.birth_date = original.birth_date.or(c.birth_date);
            c.phone = original.phone.or(c.phone);
            while c.phone.is_some() && c.phone_format == original.phone_format {
                c.phone_format = rng.below(3) as u8;
            }
            c.email_clean = original.email_clean.clone();
            c.email =
                original.email_clean.as_deref().map(|e| if rng.chance(5_000) { capitalised(e) } else { e.to_owned() });
            c.city = original.city;
            c.city_written = None;
        }
    }
    c
}

/// A customer as drawn, before duplication.
fn base(seed: u64, core: Core) -> Customer {
    let id = core.id;
    let mut rng = Rng::for_item(seed, stream::CUSTOMER, id);
    let person = vocab::person(&mut rng, 5_400);
    let registered_day = core.registered_day();

    let phone = (!rng.chance(700)).then(|| 9_000_000_000 + rng.below(1_000_000_000));
    let phone_format = rng.weighted(&[40, 35, 25]) as u8;

    let email_clean = (!rng.chance(1_000)).then(|| email_address(&mut rng, &person, id));
    let email = email_clean.as_deref().map(|e| dirty_email(&mut rng, e));

    let city = vocab::city(&mut rng);
    let city_written = if rng.chance(400) {
        Some(String::new())
    } else if rng.chance(300) {
        Some(vocab::misspelt_city(&mut rng, city))
    } else {
        None
    };

    let age_years = rng.weighted_pick(&[(18, 8), (25, 30), (35, 28), (45, 18), (55, 11), (65, 5)]) + rng.range(0, 9);
    let birth_date =
        (!rng.chance(1_500)).then(|| calendar::day(2025 - age_years as i32, 1, 1) + rng.range(0, 364) as Day);
    let gender_known = !rng.chance(500);

    let consent = !rng.chance(800);
    let consent_date = consent.then(|| {
        if rng.chance(1_000) {
            (registered_day + rng.range(1, 200) as Day).min(calendar::LAST_DAY)
        } else {
            registered_day
        }
    });

    let channel = rng.weighted_pick(CHANNELS);

    let has_email = email_clean.is_some();
    let (mut email_subscribed, mut sms_subscribed, mut push_subscribed) = if consent {
        (
            has_email && rng.chance(5_800),
            phone.is_some() && rng.chance(3_000),
            rng.chance(if channel == "мобильное приложение" { 7_000 } else { 1_500 }),
        )
    } else {
        (false, false, false)
    };
    // The deliberate dirt: about one customer in eight without consent is subscribed anyway.
    if !consent && rng.chance(1_250) {
        match rng.below(3) {
            0 if has_email => email_subscribed = true,
            1 if phone.is_some() => sms_subscribed = true,
            _ => push_subscribed = true,
        }
    }

    Customer {
        core,
        person,
        phone,
        phone_format,
        email,
        email_clean,
        city,
        city_written,
        birth_date,
        gender_known,
        consent,
        consent_date,
        channel,
        email_subscribed,
        sms_subscribed,
        push_subscribed,
    }
}

/// Accounts deleted since they ordered: one per 200 customers.
pub fn deleted_count(total: u64) -> u64 {
    total / 200
}

/// The `k`-th deleted account (1-based): id `total + k`, so absent from `customers.csv`,
/// registered like a customer spread over the base, with only a few orders.
pub fn deleted(seed: u64, k: u64, total: u64) -> Core {
    let total = total.max(1);
    let like = 1 + (k - 1) * total / (deleted_count(total) + 1);
    let mut c = core(seed, like.clamp(1, total), total);
    c.id = total + k;
    let mut rng = Rng::for_item(seed, stream::DELETED, k);
    c.buyer = if rng.chance(5_000) { Buyer::OneTime } else { Buyer::Occasional };
    c
}

/// A realistic, unique address: every form carries the customer's id, and no customer
/// form contains `_` (leads' addresses always do), so customers never collide with leads.
fn email_address(rng: &mut Rng, p: &Person, id: u64) -> String {
    let domain = rng.weighted_pick(vocab::EMAIL_DOMAINS);
    let initial = p.first_lat.chars().next().unwrap_or('x');
    match rng.below(4) {
        0 => format!("{}.{initial}{id}@{domain}", p.surname_lat),
        1 => format!("{}.{}{id}@{domain}", p.first_lat, p.surname_lat),
        2 => format!("{}{id}@{domain}", p.surname_lat),
        _ => format!("{initial}.{}{id}@{domain}", p.surname_lat),
    }
}

/// An address as an export shows it: mostly as typed, sometimes broken.
fn dirty_email(rng: &mut Rng, clean: &str) -> String {
    let roll = rng.below(10_000);
    if roll < 150 {
        clean.replacen('@', ".", 1)
    } else if roll < 450 {
        capitalised(clean)
    } else if roll < 550 {
        if rng.chance(5_000) { format!(" {clean}") } else { format!("{clean} ") }
    } else {
        clean.to_owned()
    }
}

/// `ivanov.a12@mail.ru` → `Ivanov.A12@Mail.ru`.
pub fn capitalised(email: &str) -> String {
    let mut out = String::with_capacity(email.len());
    let mut start = true;
    for c in email.chars() {
        out.push(if start { c.to_ascii_uppercase() } else { c });
        start = matches!(c, '.' | '@');
    }
    out
}

pub fn push_phone(out: &mut String, digits: u64, format: u8) {
    use std::fmt::Write as _;
    let (code, rest) = (digits / 10_000_000, digits % 10_000_000);
    let _ = match format {
        0 => write!(out, "+7 ({code:03}) {:03}-{:02}-{:02}", rest / 10_000, rest / 100 % 100, rest % 100),
        1 => write!(out, "8{digits:010}"),
        _ => write!(out, "+7{digits:010}"),
    };
}

pub const COLUMNS: &[&str] = &[
    "customer_id",
    "full_name",
    "phone",
    "email",
    "city",
    "birth_date",
    "gender",
    "pd_consent",
    "pd_consent_date",
    "registered_at",
    "channel",
    "interests",
    "email_subscribed",
    "sms_subscribed",
    "push_subscribed",
];

/// The tags of the categories in `interests` (bit i: `CATEGORIES[i]`), in catalogue order:
/// the `interests` field of `customers.csv`, `;`-separated.
pub fn interest_tags(interests: u16) -> impl Iterator<Item = &'static str> + Clone {
    CATEGORIES.iter().enumerate().filter_map(move |(i, &(_, _, tag, _, _))| tag.filter(|_| interests & (1 << i) != 0))
}

pub fn write_row(sink: &mut Sink, line: &mut Line, c: &Customer, scratch: &mut String) -> Result<(), GenError> {
    line.clear();
    line.int(c.core.id as i64).text(&c.person.full_name);
    scratch.clear();
    if let Some(p) = c.phone {
        push_phone(scratch, p, c.phone_format);
    }
    line.text(scratch);
    line.text(c.email.as_deref().unwrap_or(""));
    line.text(c.city_as_written());
    line.opt_date(c.birth_date);
    line.text(c.gender_written());
    line.flag(c.consent).opt_date(c.consent_date).stamp(c.core.registered_at).text(c.channel);
    scratch.clear();
    for tag in interest_tags(c.core.interests) {
        if !scratch.is_empty() {
            scratch.push(';');
        }
        scratch.push_str(tag);
    }
    line.text(scratch);
    line.flag(c.email_subscribed).flag(c.sms_subscribed).flag(c.push_subscribed);
    sink.row(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_three_formats() {
        let cases = [(0, "+7 (912) 345-67-89"), (1, "89123456789"), (2, "+79123456789")];
        for (format, want) in cases {
            let mut s = String::new();
            push_phone(&mut s, 9_123_456_789, format);
            assert_eq!(s, want);
        }
    }

    #[test]
    fn capitalised_addresses() {
        assert_eq!(capitalised("ivanov.a12@mail.ru"), "Ivanov.A12@Mail.Ru");
    }

    #[test]
    fn ids_follow_registration_order() {
        let total = 1_000;
        let mut last = i64::MIN;
        for id in 1..=total {
            let c = customer(9, id, total);
            assert!(c.core.registered_at >= last.saturating_sub(2 * calendar::SECS_PER_DAY), "{id}");
            last = c.core.registered_at;
            assert!(c.core.registered_at <= calendar::LAST_STAMP);
        }
    }

    #[test]
    fn consent_date_only_with_consent() {
        for id in 1..=2_000 {
            let c = customer(4, id, 2_000);
            assert_eq!(c.consent, c.consent_date.is_some());
            if let Some(d) = c.consent_date {
                assert!(d >= c.core.registered_day());
            }
        }
    }
}
