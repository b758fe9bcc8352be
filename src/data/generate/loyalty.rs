//! The ПП2 case: the loyalty programme of the contact-lens maker «ОптиВью». Entering a code
//! from a package and exchanging points for a discount both count as a purchase.
//!
//! Participants are drawn from seven behavioural archetypes (plus a few who never act), so
//! that an RFM segmentation of any variant finds all seven groups of the case. Each student
//! gets their own variant: [`generate`] with their seed.

use std::io::{self, Write};

use chrono::{NaiveDate, NaiveDateTime};

use super::calendar::{self, Day, Stamp};
use super::out::{Field, Line, Sink};
use super::rng::Rng;
use super::vocab;
use super::{FileKind, GenError, stream};
use crate::data::sql::loader;

/// The as-of date of the case: RFM's «сегодня».
pub fn as_of() -> NaiveDate {
    to_date(calendar::AS_OF)
}

/// How a participant behaves over the two years, and the group an RFM segmentation should
/// put them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Archetype {
    New,
    Loyal,
    Vip,
    AtRisk,
    NeedsAttention,
    OneTime,
    Sleeping,
    /// Registered but never entered a code: absent from RFM.
    Inactive,
}

impl Archetype {
    pub const ALL: [Archetype; 8] = [
        Archetype::New,
        Archetype::Loyal,
        Archetype::Vip,
        Archetype::AtRisk,
        Archetype::NeedsAttention,
        Archetype::OneTime,
        Archetype::Sleeping,
        Archetype::Inactive,
    ];

    /// The case's group for this behaviour (none for the inactive).
    pub fn expected_segment(self) -> Option<&'static str> {
        use crate::strings::datasets as s;
        match self {
            Archetype::New => Some(s::SEGMENT_NEW),
            Archetype::Loyal => Some(s::SEGMENT_LOYAL),
            Archetype::Vip => Some(s::SEGMENT_VIP),
            Archetype::AtRisk => Some(s::SEGMENT_AT_RISK),
            Archetype::NeedsAttention => Some(s::SEGMENT_ATTENTION),
            Archetype::OneTime => Some(s::SEGMENT_ONE_TIME),
            Archetype::Sleeping => Some(s::SEGMENT_SLEEPING),
            Archetype::Inactive => None,
        }
    }

    /// Share of participants, in percent.
    fn weight(self) -> u64 {
        match self {
            Archetype::New => 10,
            Archetype::Loyal => 18,
            Archetype::Vip => 7,
            Archetype::AtRisk => 12,
            Archetype::NeedsAttention => 15,
            Archetype::OneTime => 20,
            Archetype::Sleeping => 15,
            Archetype::Inactive => 3,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// «ввод кода с упаковки»: points credited.
    CodeEntry,
    /// «обмен баллов на скидку»: points spent.
    PointsExchange,
}

impl EventKind {
    pub fn label(self) -> &'static str {
        match self {
            EventKind::CodeEntry => crate::strings::datasets::EVENT_CODE_ENTRY,
            EventKind::PointsExchange => crate::strings::datasets::EVENT_POINTS_EXCHANGE,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub id: u64,
    pub full_name: String,
    /// `М`, `Ж`, or empty when unknown.
    pub gender: &'static str,
    pub birth_year: Option<i32>,
    pub city: &'static str,
    pub registered_on: NaiveDate,
    /// Not written to the files: what RFM should find.
    pub archetype: Archetype,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoyaltyEvent {
    pub id: u64,
    pub participant_id: u64,
    pub at: NaiveDateTime,
    pub kind: EventKind,
    pub product: &'static str,
    /// Credited (> 0) or spent (< 0).
    pub points: i64,
    /// The purchase in kopecks.
    pub amount: i64,
}

/// One variant of the case, participants in id order, events by participant then time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LoyaltyData {
    pub participants: Vec<Participant>,
    pub events: Vec<LoyaltyEvent>,
}

/// The products: (name, rubles, is a lens package, weight for ordinary buyers, weight for big spenders).
const PRODUCTS: &[(&str, i64, bool, u32, u32)] = &[
    ("ОптиВью Дэйли, 30 линз", 1_790, true, 30, 10),
    ("ОптиВью Дэйли, 90 линз", 4_590, true, 6, 40),
    ("ОптиВью Двухнедельные, 6 линз", 1_490, true, 18, 3),
    ("ОптиВью Месячные, 3 линзы", 1_290, true, 16, 2),
    ("ОптиВью Месячные, 6 линз", 2_390, true, 14, 15),
    ("ОптиВью Торик, 6 линз", 3_290, true, 6, 22),
    ("ОптиВью Колор, 2 линзы", 1_190, true, 10, 8),
    ("Раствор ОптиВью Комфорт, 360 мл", 690, false, 14, 10),
    ("Капли ОптиВью Увлажнение, 10 мл", 490, false, 8, 6),
];

/// A learner's variant, generated once while it is in use (grading a learner's every
/// attempt, or a persona beside its segmentation, asks for the same one).
pub fn shared(seed: u64, participants: u64) -> std::sync::Arc<LoyaltyData> {
    static MEMO: crate::base::memo::Memo<LoyaltyData> = crate::base::memo::Memo::new();
    let key = crate::base::hash::stable_hash(&[b"loyalty", &seed.to_le_bytes(), &participants.to_le_bytes()]);
    MEMO.get_or_make(key, false, || generate(seed, participants))
}

/// Generates the whole variant in memory.
pub fn generate(seed: u64, participants: u64) -> LoyaltyData {
    let mut data = LoyaltyData::default();
    for_each(seed, participants, |p, events| {
        data.participants.push(p);
        data.events.extend_from_slice(events);
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    data
}

/// Calls `f` with every participant and their events in order, holding one participant
/// at a time (beyond a byte per participant for the archetype plan).
pub fn for_each<E>(
    seed: u64,
    participants: u64,
    mut f: impl FnMut(Participant, &[LoyaltyEvent]) -> Result<(), E>,
) -> Result<(), E> {
    let plan = archetype_plan(seed, participants);
    let mut next_event = 1;
    let mut events = Vec::new();
    for (i, &archetype) in plan.iter().enumerate() {
        let id = i as u64 + 1;
        let p = participant(seed, id, archetype, &mut next_event, &mut events);
        f(p, &events)?;
    }
    Ok(())
}

/// Exact quotas by weight (largest remainder, every archetype at least once when there is
/// room), shuffled: small variants still contain every group.
fn archetype_plan(seed: u64, n: u64) -> Vec<Archetype> {
    let total_weight: u64 = Archetype::ALL.iter().map(|a| a.weight()).sum();
    let mut counts: Vec<(Archetype, u64, u64)> =
        Archetype::ALL.iter().map(|&a| (a, n * a.weight() / total_weight, n * a.weight() % total_weight)).collect();
    if n >= Archetype::ALL.len() as u64 {
        for c in &mut counts {
            if c.1 == 0 {
                c.1 = 1;
                c.2 = 0;
            }
        }
    }
    let mut assigned: u64 = counts.iter().map(|c| c.1).sum();
    // Too many after the minimums: take from the largest groups.
    while assigned > n {
        if let Some(c) = counts.iter_mut().max_by_key(|c| (c.1, c.0)) {
            c.1 -= 1;
        }
        assigned -= 1;
    }
    // Too few: give the remainder to the largest remainders (ties: enum order).
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(counts[i].2), i));
    for &i in order.iter().cycle().take((n - assigned) as usize) {
        counts[i].1 += 1;
    }
    let mut plan: Vec<Archetype> = counts.iter().flat_map(|&(a, k, _)| std::iter::repeat_n(a, k as usize)).collect();
    Rng::for_item(seed, stream::LOYALTY_PLAN, n).shuffle(&mut plan);
    plan
}

fn participant(
    seed: u64,
    id: u64,
    archetype: Archetype,
    next_event: &mut u64,
    events: &mut Vec<LoyaltyEvent>,
) -> Participant {
    events.clear();
    let mut rng = Rng::for_item(seed, stream::LOYALTY, id);
    let person = vocab::person(&mut rng, 7_000);
    let gender = if rng.chance(500) {
        ""
    } else if person.female {
        "Ж"
    } else {
        "М"
    };
    let birth_year = (!rng.chance(1_000)).then(|| rng.range(1962, 2007) as i32);
    let city = vocab::city(&mut rng);

    let (a, s) = (calendar::AS_OF, calendar::LOYALTY_START);
    let r = |rng: &mut Rng, lo: i64, hi: i64| rng.range(lo, hi) as Day;
    // Each archetype: registration day and purchase days.
    let (registered, days, big_spender): (Day, Vec<Day>, bool) = match archetype {
        Archetype::New => {
            let reg = a - r(&mut rng, 5, 60);
            let n = if rng.chance(7_000) { 1 } else { 2 };
            let mut days: Vec<Day> = (0..n).map(|_| r(&mut rng, i64::from(reg), i64::from(a - 1))).collect();
            if rng.chance(5_000) {
                days[0] = reg;
            }
            (reg, days, false)
        }
        Archetype::Loyal => {
            let reg = s + r(&mut rng, 0, 300);
            let last = a - r(&mut rng, 1, 40);
            (reg, backwards(&mut rng, reg, last, (30, 55), usize::MAX), false)
        }
        Archetype::Vip => {
            let reg = s + r(&mut rng, 0, 200);
            let last = a - r(&mut rng, 1, 20);
            (reg, backwards(&mut rng, reg, last, (12, 24), usize::MAX), true)
        }
        Archetype::AtRisk => {
            let reg = s + r(&mut rng, 0, 200);
            let last = a - r(&mut rng, 120, 240);
            (reg, backwards(&mut rng, reg, last, (15, 35), usize::MAX), true)
        }
        Archetype::NeedsAttention => {
            let reg = s + r(&mut rng, 0, 330);
            let last = a - r(&mut rng, 60, 120);
            (reg, backwards(&mut rng, reg, last, (45, 90), usize::MAX), false)
        }
        Archetype::OneTime => {
            let day = a - r(&mut rng, 90, 365);
            let reg = (day - r(&mut rng, 0, 30)).max(s);
            (reg, vec![day], false)
        }
        Archetype::Sleeping => {
            let reg = s + r(&mut rng, 0, 250);
            let last = r(&mut rng, i64::from(reg), i64::from(a - 400));
            let n = 1 + rng.weighted(&[50, 35, 15]);
            (reg, backwards(&mut rng, reg, last, (20, 60), n), false)
        }
        Archetype::Inactive => (s + r(&mut rng, 0, 700), Vec::new(), false),
    };

    let mut stamps: Vec<Stamp> = days.iter().map(|&d| calendar::stamp_on(&mut rng, d)).collect();
    stamps.sort_unstable();
    let mut balance = 0i64;
    for at in stamps {
        let exchange = balance >= 300 && rng.chance(3_000);
        let (name, rubles, _, _, _) = *if exchange {
            &PRODUCTS[rng.weighted(&product_weights(big_spender, false))]
        } else {
            &PRODUCTS[rng.weighted(&product_weights(big_spender, true))]
        };
        let (kind, points, paid) = if exchange {
            let discount = balance.min(rubles / 2) / 10 * 10;
            balance -= discount;
            (EventKind::PointsExchange, -discount, rubles - discount)
        } else {
            let points = rubles / 10;
            balance += points;
            (EventKind::CodeEntry, points, rubles)
        };
        events.push(LoyaltyEvent {
            id: *next_event,
            participant_id: id,
            at: to_datetime(at),
            kind,
            product: name,
            points,
            amount: paid * 100,
        });
        *next_event += 1;
    }
    Participant {
        id,
        full_name: person.full_name,
        gender,
        birth_year,
        city,
        registered_on: to_date(registered),
        archetype,
    }
}

fn product_weights(big_spender: bool, lenses_only: bool) -> [u32; PRODUCTS.len()] {
    std::array::from_fn(|i| {
        let (_, _, lens, ordinary, big) = PRODUCTS[i];
        if lenses_only && !lens {
            0
        } else if big_spender {
            big
        } else {
            ordinary
        }
    })
}

/// Purchase days going back from `last` by intervals in `gap` (± a week), not before
/// `first`, at most `limit` of them.
fn backwards(rng: &mut Rng, first: Day, last: Day, gap: (i64, i64), limit: usize) -> Vec<Day> {
    let mut days = Vec::new();
    let mut d = last.max(first);
    while d >= first && days.len() < limit {
        days.push(d);
        d -= rng.range(gap.0, gap.1) as Day;
    }
    days
}

fn to_date(d: Day) -> NaiveDate {
    let (y, m, dd) = calendar::civil(d);
    NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default()
}

fn to_datetime(t: Stamp) -> NaiveDateTime {
    let secs = t.rem_euclid(calendar::SECS_PER_DAY) as u32;
    to_date(calendar::day_of(t)).and_hms_opt(secs / 3600, secs / 60 % 60, secs % 60).unwrap_or_default()
}

fn stamp_of(t: NaiveDateTime) -> Stamp {
    t.and_utc().timestamp()
}

fn day_of(d: NaiveDate) -> Day {
    calendar::day_of(stamp_of(d.and_hms_opt(0, 0, 0).unwrap_or_default()))
}

pub const PARTICIPANT_COLUMNS: &[&str] =
    &["participant_id", "full_name", "gender", "birth_year", "city", "registered_at"];
pub const EVENT_COLUMNS: &[&str] =
    &["event_id", "participant_id", "event_date", "event_type", "product", "points", "amount"];

/// A participant's row of `loyalty_participants.csv`, field by field.
fn participant_fields(p: &Participant) -> [Field<'_>; 6] {
    [
        Field::Int(p.id as i64),
        Field::Text(&p.full_name),
        Field::Text(p.gender),
        p.birth_year.map_or(Field::Empty, |y| Field::Int(i64::from(y))),
        Field::Text(p.city),
        Field::Date(day_of(p.registered_on)),
    ]
}

/// An event's row of `loyalty_events.csv`, field by field.
fn event_fields(e: &LoyaltyEvent) -> [Field<'static>; 7] {
    [
        Field::Int(e.id as i64),
        Field::Int(e.participant_id as i64),
        Field::Stamp(stamp_of(e.at)),
        Field::Text(e.kind.label()),
        Field::Text(e.product),
        Field::Int(e.points),
        Field::Money(e.amount),
    ]
}

fn write_fields(sink: &mut Sink, line: &mut Line, fields: &[Field]) -> Result<(), GenError> {
    line.clear();
    for f in fields {
        line.field(f);
    }
    sink.row(line)
}

pub(super) fn write_participant(sink: &mut Sink, line: &mut Line, p: &Participant) -> Result<(), GenError> {
    write_fields(sink, line, &participant_fields(p))
}

pub(super) fn write_events(sink: &mut Sink, line: &mut Line, events: &[LoyaltyEvent]) -> Result<(), GenError> {
    events.iter().try_for_each(|e| write_fields(sink, line, &event_fields(e)))
}

/// Writes `loyalty_participants.csv` as the generator does.
pub fn write_participants_csv(data: &LoyaltyData, w: &mut dyn Write) -> io::Result<()> {
    let mut sink = Sink::new("loyalty_participants.csv".into(), Box::new(w));
    let mut line = Line::new();
    sink.header(PARTICIPANT_COLUMNS)
        .and_then(|()| data.participants.iter().try_for_each(|p| write_participant(&mut sink, &mut line, p)))
        .and_then(|()| sink.finish().map(drop))
        .map_err(GenError::into_io)
}

/// Writes `loyalty_events.csv` as the generator does.
pub fn write_events_csv(data: &LoyaltyData, w: &mut dyn Write) -> io::Result<()> {
    let mut sink = Sink::new("loyalty_events.csv".into(), Box::new(w));
    let mut line = Line::new();
    sink.header(EVENT_COLUMNS)
        .and_then(|()| write_events(&mut sink, &mut line, &data.events))
        .and_then(|()| sink.finish().map(drop))
        .map_err(GenError::into_io)
}

impl LoyaltyData {
    /// The tables of `files` (in [`FileKind::ALL`] order, each once; other kinds of file
    /// are left out) as the SQL loader makes them of the generated files' text — the same
    /// columns, types and values — without writing and reading the text.
    pub fn sql_tables(&self, files: &[FileKind]) -> Result<Vec<loader::Table>, loader::LoadError> {
        let mut tables = Vec::new();
        for kind in FileKind::ALL.into_iter().filter(|k| files.contains(k)) {
            let name = loader::table_name(kind.file_name()).ok_or_else(|| loader::LoadError {
                file: kind.file_name().to_owned(),
                message: crate::strings::sql::dataset_bad_name(),
            })?;
            match kind {
                FileKind::LoyaltyParticipants => {
                    let rows =
                        self.participants.iter().map(|p| participant_fields(p).map(|f| f.datum()).into()).collect();
                    tables.push(loader::table_of(name, PARTICIPANT_COLUMNS, rows)?);
                }
                FileKind::LoyaltyEvents => {
                    let rows = self.events.iter().map(|e| event_fields(e).map(|f| f.datum()).into()).collect();
                    tables.push(loader::table_of(name, EVENT_COLUMNS, rows)?);
                }
                _ => {}
            }
        }
        Ok(tables)
    }

    /// The two files' text: (`loyalty_participants.csv`, `loyalty_events.csv`).
    pub fn to_csv(&self) -> (String, String) {
        let mut participants = Vec::new();
        let mut events = Vec::new();
        // Writing to memory cannot fail.
        let _ = write_participants_csv(self, &mut participants);
        let _ = write_events_csv(self, &mut events);
        (String::from_utf8_lossy(&participants).into_owned(), String::from_utf8_lossy(&events).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn recency_days(data: &LoyaltyData) -> BTreeMap<u64, (i64, usize, i64)> {
        let mut rfm: BTreeMap<u64, (i64, usize, i64)> = BTreeMap::new();
        for e in &data.events {
            let days = (as_of() - e.at.date()).num_days();
            let entry = rfm.entry(e.participant_id).or_insert((i64::MAX, 0, 0));
            entry.0 = entry.0.min(days);
            entry.1 += 1;
            entry.2 += e.amount;
        }
        rfm
    }

    #[test]
    fn every_archetype_occurs_even_in_small_variants() {
        for n in [8, 9, 20, 50, 333, 750] {
            for seed in [0, 1, 77] {
                let plan = archetype_plan(seed, n);
                assert_eq!(plan.len() as u64, n);
                for a in Archetype::ALL {
                    assert!(plan.contains(&a), "n={n} seed={seed}: no {a:?}");
                }
            }
        }
        // Fewer participants than archetypes: still exactly n.
        assert_eq!(archetype_plan(3, 3).len(), 3);
        assert!(archetype_plan(3, 0).is_empty());
    }

    #[test]
    fn shares_follow_the_weights() {
        let plan = archetype_plan(9, 10_000);
        let count = |a| plan.iter().filter(|&&x| x == a).count();
        assert_eq!(count(Archetype::Loyal), 1_800);
        assert_eq!(count(Archetype::Vip), 700);
        assert_eq!(count(Archetype::Inactive), 300);
    }

    #[test]
    fn variants_are_deterministic_and_differ_by_seed() {
        assert_eq!(generate(12, 200), generate(12, 200));
        assert_ne!(generate(12, 200).events, generate(13, 200).events);
        let (p, e) = generate(12, 200).to_csv();
        assert!(p.starts_with("participant_id,full_name,gender,birth_year,city,registered_at\n"));
        assert!(e.starts_with("event_id,participant_id,event_date,event_type,product,points,amount\n"));
        assert_eq!(e.lines().count(), generate(12, 200).events.len() + 1);
    }

    #[test]
    fn events_are_consistent() {
        let data = generate(3, 1_000);
        let start = to_date(calendar::LOYALTY_START).and_hms_opt(0, 0, 0).unwrap();
        let end = as_of().and_hms_opt(0, 0, 0).unwrap();
        let mut balance: BTreeMap<u64, i64> = BTreeMap::new();
        let mut kinds = BTreeMap::new();
        for (k, e) in data.events.iter().enumerate() {
            assert_eq!(e.id, k as u64 + 1);
            let p = &data.participants[e.participant_id as usize - 1];
            assert!(e.at >= start && e.at < end, "{e:?}");
            assert!(e.at.date() >= p.registered_on, "{e:?} before registration {p:?}");
            assert!(e.amount > 0);
            let b = balance.entry(e.participant_id).or_default();
            match e.kind {
                EventKind::CodeEntry => assert!(e.points > 0),
                EventKind::PointsExchange => assert!(e.points < 0),
            }
            *b += e.points;
            assert!(*b >= 0, "balance below zero: {e:?}");
            *kinds.entry(e.kind.label()).or_insert(0) += 1;
        }
        assert_eq!(kinds.len(), 2, "both event types occur: {kinds:?}");
        for p in &data.participants {
            assert!(p.registered_on >= to_date(calendar::LOYALTY_START) && p.registered_on < as_of());
        }
    }

    /// Each archetype's recency and frequency fall where `datasets/README.md` says, so the
    /// seven groups of the case are there to be found.
    #[test]
    fn archetypes_have_their_documented_recency_and_frequency() {
        let data = generate(2025, 3_000);
        let rfm = recency_days(&data);
        let mut by: BTreeMap<Archetype, Vec<(i64, usize, i64)>> = BTreeMap::new();
        for p in &data.participants {
            match (p.archetype, rfm.get(&p.id)) {
                (Archetype::Inactive, r) => assert!(r.is_none()),
                (a, Some(&v)) => by.entry(a).or_default().push(v),
                (a, None) => panic!("{a:?} without events"),
            }
        }
        let table = [
            (Archetype::New, 1, 60, 1, 2),
            (Archetype::Loyal, 1, 40, 6, 30),
            (Archetype::Vip, 1, 20, 18, 70),
            (Archetype::AtRisk, 120, 240, 5, 45),
            (Archetype::NeedsAttention, 60, 120, 2, 16),
            (Archetype::OneTime, 90, 365, 1, 1),
            (Archetype::Sleeping, 400, 731, 1, 3),
        ];
        for (a, r_lo, r_hi, f_lo, f_hi) in table {
            for &(r, f, _) in &by[&a] {
                assert!((r_lo..=r_hi).contains(&r), "{a:?}: recency {r}");
                assert!((f_lo..=f_hi).contains(&f), "{a:?}: frequency {f}");
            }
        }
        let mean_check = |a: Archetype| {
            let v = &by[&a];
            v.iter().map(|x| x.2).sum::<i64>() / v.iter().map(|x| x.1 as i64).sum::<i64>()
        };
        assert!(mean_check(Archetype::Vip) > mean_check(Archetype::Loyal) * 3 / 2);
        assert!(mean_check(Archetype::AtRisk) > mean_check(Archetype::NeedsAttention) * 3 / 2);
    }
}
