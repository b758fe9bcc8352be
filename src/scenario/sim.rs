//! «Launching» a scenario: a deterministic replay of the shop's data with a behaviour
//! model for the messages (docs/scenarios.md describes it; the constants below are the
//! ones it names).
//!
//! Each customer is simulated on their own, from a random stream keyed by the seed and the
//! customer's id, and every total is an integer sum, so the results do not depend on the
//! number of threads or the order in which customers are taken.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::condition::{Expr, Facts, Field, Value};
use super::data::{Customer, DAY, Data, SiteKind, flag};
use super::model::*;
pub use super::vocab::{EventKind, ExitReason, Reason};
use crate::data::generate::calendar;
use crate::data::generate::rng::Rng;

/// Days after a message in which a purchase is attributed to it.
pub const ATTRIBUTION_DAYS: i64 = 7;
/// A click raises the customer's purchase rate by this much (×4 in all) for the
/// attribution window; an open without a click (or a delivered SMS) by `OPEN_LIFT`.
pub const CLICK_LIFT: f64 = 3.0;
pub const OPEN_LIFT: f64 = 0.3;
/// Every message received in the previous 7 days multiplies the chance to open by this.
pub const FATIGUE: f64 = 0.85;
/// Chance to unsubscribe per message (email, sms, push), times (1 + messages in 7 days).
pub const UNSUBSCRIBE: [f64; 3] = [0.002, 0.004, 0.003];
/// Weight, in messages, of the shop-wide rate against the customer's own history.
pub const PRIOR_SENDS: f64 = 5.0;
/// Weight, in days, of the shop-wide purchase rate against the customer's own history.
pub const PRIOR_DAYS: f64 = 180.0;

const STREAM_SIM: u64 = 0x5ce0;
const STREAM_CONTROL: u64 = 0x5ce1;

impl Reason {
    pub const ALL: [Reason; 5] =
        [Reason::NoConsent, Reason::NoContact, Reason::NotSubscribed, Reason::QuietHours, Reason::Cap];

    pub fn key(self) -> &'static str {
        match self {
            Reason::NoConsent => "no_consent",
            Reason::NoContact => "no_contact",
            Reason::NotSubscribed => "not_subscribed",
            Reason::QuietHours => "quiet_hours",
            Reason::Cap => "cap",
        }
    }
}

impl ExitReason {
    pub const ALL: [ExitReason; 4] =
        [ExitReason::Goal, ExitReason::Unsubscribe, ExitReason::Completed, ExitReason::DataEnd];

    pub fn key(self) -> &'static str {
        match self {
            ExitReason::Goal => "goal",
            ExitReason::Unsubscribe => "unsubscribe",
            ExitReason::Completed => "completed",
            ExitReason::DataEnd => "data_end",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub customer: u32,
    pub t: i64,
    pub kind: EventKind,
    pub step: Option<u16>,
    /// Kopecks (purchases).
    pub amount: i64,
}

/// The exercise's own rules, checked against what the simulation did (not enforced).
#[derive(Debug, Clone, Copy, Default)]
pub struct Audit {
    pub quiet: Option<Quiet>,
    pub cap: Option<(u32, i64)>,
}

#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub from: i64,
    /// Exclusive.
    pub to: i64,
    pub seed: u64,
    pub audit: Audit,
    pub threads: usize,
    pub record_events: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepStats {
    pub entered: u64,
    pub sent: u64,
    pub suppressed: [u64; 5],
    pub opened: u64,
    pub clicked: u64,
    pub unsubscribed: u64,
    pub converted: u64,
    pub revenue: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DayStats {
    pub entries: u64,
    pub control_entries: u64,
    pub sent: u64,
    pub opened: u64,
    pub clicked: u64,
    pub suppressed: u64,
    pub conversions: u64,
    pub revenue: i64,
}

/// Outcomes of the entries of one group, as integer sums (exact and order-free).
/// Values per entry: converted (0/1), bought again (0/1), purchases, repeat purchases,
/// revenue in kopecks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GroupAcc {
    pub n: u64,
    pub sum: [i128; 5],
    pub sq: [i128; 5],
    /// Σ purchases × revenue (for the average check's variance).
    pub cross: i128,
}

impl GroupAcc {
    fn add(&mut self, v: [i64; 5]) {
        self.n += 1;
        for (k, &x) in v.iter().enumerate() {
            self.sum[k] += i128::from(x);
            self.sq[k] += i128::from(x) * i128::from(x);
        }
        self.cross += i128::from(v[2]) * i128::from(v[4]);
    }

    fn merge(&mut self, o: &GroupAcc) {
        self.n += o.n;
        for k in 0..5 {
            self.sum[k] += o.sum[k];
            self.sq[k] += o.sq[k];
        }
        self.cross += o.cross;
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditStats {
    pub night_sends: u64,
    /// (customer id, time) of the first send in the exercise's quiet hours.
    pub night_example: Option<(u64, i64)>,
    /// Customers who got more messages in a window than the exercise's cap allows.
    pub over_cap: u64,
    pub over_cap_example: Option<(u64, i64)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    pub steps: Vec<StepStats>,
    pub suppressed: [u64; 5],
    pub exits: [u64; 4],
    pub daily: Vec<DayStats>,
    pub from_day: i32,
    /// Treatment, control.
    pub groups: [GroupAcc; 2],
    /// Customers who entered at least once: treatment, control.
    pub customers: [u64; 2],
    /// Customers of the target segment outside the control group, and of those who got a message.
    pub target: u64,
    pub reached: u64,
    pub sent: [u64; 3],
    pub opened: [u64; 3],
    pub clicked: [u64; 3],
    pub unsubscribed: u64,
    pub tagged: Vec<u64>,
    pub audit: AuditStats,
    pub events: Vec<Event>,
    pub induced_purchases: u64,
    pub customers_total: u64,
}

impl Results {
    fn merge(&mut self, o: Results) {
        for (a, b) in self.steps.iter_mut().zip(&o.steps) {
            a.entered += b.entered;
            a.sent += b.sent;
            for k in 0..5 {
                a.suppressed[k] += b.suppressed[k];
            }
            a.opened += b.opened;
            a.clicked += b.clicked;
            a.unsubscribed += b.unsubscribed;
            a.converted += b.converted;
            a.revenue += b.revenue;
        }
        for k in 0..5 {
            self.suppressed[k] += o.suppressed[k];
        }
        for k in 0..4 {
            self.exits[k] += o.exits[k];
        }
        for (a, b) in self.daily.iter_mut().zip(&o.daily) {
            a.entries += b.entries;
            a.control_entries += b.control_entries;
            a.sent += b.sent;
            a.opened += b.opened;
            a.clicked += b.clicked;
            a.suppressed += b.suppressed;
            a.conversions += b.conversions;
            a.revenue += b.revenue;
        }
        for k in 0..2 {
            self.groups[k].merge(&o.groups[k]);
            self.customers[k] += o.customers[k];
        }
        self.target += o.target;
        self.reached += o.reached;
        for k in 0..3 {
            self.sent[k] += o.sent[k];
            self.opened[k] += o.opened[k];
            self.clicked[k] += o.clicked[k];
        }
        self.unsubscribed += o.unsubscribed;
        for (a, b) in self.tagged.iter_mut().zip(&o.tagged) {
            *a += b;
        }
        self.audit.night_sends += o.audit.night_sends;
        self.audit.night_example = self.audit.night_example.or(o.audit.night_example);
        self.audit.over_cap += o.audit.over_cap;
        self.audit.over_cap_example = self.audit.over_cap_example.or(o.audit.over_cap_example);
        self.events.extend(o.events);
        self.induced_purchases += o.induced_purchases;
        self.customers_total += o.customers_total;
    }

    fn empty(sc: &Scenario, days: usize, from_day: i32) -> Results {
        Results {
            steps: vec![StepStats::default(); sc.steps.len()],
            daily: vec![DayStats::default(); days],
            tagged: vec![0; sc.tags.len()],
            from_day,
            ..Results::default()
        }
    }
}

/// Fills in the ids of text values against the data (and the scenario's tags).
pub fn bind(sc: &Scenario, data: &Data) -> Scenario {
    let mut sc = sc.clone();
    let tags = sc.tags.clone();
    let mut resolve = |f: Field, v: &mut Value| {
        if let Value::Text { text, id } = v {
            *id = match f {
                Field::City => data.cities.find(text),
                Field::Gender => data.genders.find(text),
                Field::Channel => data.channels.find(text),
                Field::Interests => data.interests.find(text),
                Field::Rfm => data
                    .rfm_names
                    .iter()
                    .position(|n| *n == super::check::group_key(text))
                    .map_or(u32::MAX, |k| k as u32),
                Field::Tags => tags.iter().position(|n| n == text).map_or(u32::MAX, |k| k as u32),
                _ => u32::MAX,
            };
        }
    };
    let mut exprs: Vec<&mut Expr> = Vec::new();
    exprs.extend(sc.entry.iter_mut());
    if let Some(b) = &mut sc.brief {
        exprs.extend(b.segment.iter_mut());
    }
    if let Trigger::Segment(e) = &mut sc.trigger {
        exprs.push(e);
    }
    for s in &mut sc.steps {
        if let Action::Branch { cond: BranchIf::Condition(e), .. } = &mut s.action {
            exprs.push(e);
        }
    }
    for e in exprs {
        e.texts_mut(&mut resolve);
    }
    sc
}

/// Runs the scenario over every customer. `sc` must be bound to `data` ([`bind`]).
pub fn run(sc: &Scenario, data: &Data, set: &Settings) -> Results {
    let n = data.customers.len();
    let from_day = calendar::day_of(set.from);
    let days = (calendar::day_of(data.data_end.max(set.from)) - from_day + 1).max(1) as usize;
    const CHUNK: usize = 2048;
    let chunks = n.div_ceil(CHUNK);
    let threads = set.threads.clamp(1, 64).min(chunks.max(1));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        loop {
            let c = next.fetch_add(1, Ordering::Relaxed);
            if c >= chunks {
                break;
            }
            let mut r = Results::empty(sc, days, from_day);
            for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
                simulate(sc, data, set, i, &mut r);
            }
            out.push((c, r));
        }
        out
    };
    // One thread: this one (a grader grading in parallel already keeps every core busy).
    // A worker's panic goes on to the caller as this thread's own would (a screen's job
    // reports it): results without that worker's customers would be a wrong grade.
    let mut parts: Vec<(usize, Results)> = if threads == 1 {
        work()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        })
    };
    parts.sort_by_key(|p| p.0);
    let mut total = Results::empty(sc, days, from_day);
    for (_, r) in parts {
        total.merge(r);
    }
    total
}

/// One customer's path (the same as in the full run).
pub fn path(sc: &Scenario, data: &Data, set: &Settings, i: usize) -> Vec<Event> {
    let from_day = calendar::day_of(set.from);
    let days = (calendar::day_of(data.data_end.max(set.from)) - from_day + 1).max(1) as usize;
    let mut r = Results::empty(sc, days, from_day);
    let set = Settings { record_events: true, ..*set };
    if i < data.customers.len() {
        simulate(sc, data, &set, i, &mut r);
    }
    r.events
}

struct Msg {
    step: usize,
    t: i64,
    channel: Channel,
    open: Option<i64>,
    click: Option<i64>,
}

impl Msg {
    /// When the customer engaged with the message: a click, an open, or (SMS, whose opens
    /// are not tracked) its delivery.
    fn engaged(&self) -> Option<i64> {
        self.click.or(self.open).or((self.channel == Channel::Sms).then_some(self.t))
    }
}

/// One customer's state during the run.
struct Cust<'a> {
    d: &'a Data,
    sc: &'a Scenario,
    set: &'a Settings,
    i: usize,
    c: &'a Customer,
    orders: &'a [(i64, i64)],
    campaigns: &'a [i64],
    site: &'a [(i64, SiteKind)],
    induced: Vec<(i64, i64)>,
    /// Send times of this scenario's messages.
    sent: Vec<i64>,
    unsub: [i64; 3],
    tags: u64,
    rng: Rng,
    over_cap_seen: bool,
}

struct At<'a, 'b> {
    cu: &'b Cust<'a>,
    t: i64,
}

impl Facts for At<'_, '_> {
    fn number(&self, f: Field) -> Option<f64> {
        let (n, revenue, first, last) = self.cu.purchases_until(self.t);
        let days = |x: i64| ((self.t - x).div_euclid(DAY)) as f64;
        match f {
            Field::Orders => Some(f64::from(n)),
            Field::Revenue => Some(revenue as f64 / 100.0),
            Field::AverageCheck => (n > 0).then(|| revenue as f64 / 100.0 / f64::from(n)),
            Field::DaysSinceLastOrder => (n > 0).then(|| days(last)),
            Field::DaysSinceFirstOrder => (n > 0).then(|| days(first)),
            Field::DaysSinceRegistration => Some(days(self.cu.c.registered_at)),
            Field::Age => {
                let (m, d, y) = self.cu.c.birth;
                if m == 0 {
                    return None;
                }
                let (ty, tm, td) = calendar::civil(calendar::day_of(self.t));
                let before = (tm as u8, td as u8) < (m, d);
                Some(f64::from(ty - i32::from(y) - i32::from(before)))
            }
            _ => None,
        }
    }

    fn flag(&self, f: Field) -> bool {
        let c = self.cu.c;
        match f {
            Field::PdConsent => self.cu.consent_at(self.t),
            Field::EmailSubscribed => self.cu.subscribed(Channel::Email, self.t),
            Field::SmsSubscribed => self.cu.subscribed(Channel::Sms, self.t),
            Field::PushSubscribed => self.cu.subscribed(Channel::Push, self.t),
            Field::HasEmail => c.flags & flag::HAS_EMAIL != 0,
            Field::HasPhone => c.flags & flag::HAS_PHONE != 0,
            _ => false,
        }
    }

    fn text(&self, f: Field) -> u32 {
        let c = self.cu.c;
        match f {
            Field::City => c.city,
            Field::Gender => c.gender,
            Field::Channel => c.channel,
            Field::Rfm => c.rfm,
            _ => u32::MAX,
        }
    }

    fn has(&self, f: Field, id: u32) -> bool {
        id < 64
            && match f {
                Field::Interests => self.cu.c.interests & (1 << id) != 0,
                Field::Tags => self.cu.tags & (1 << id) != 0,
                _ => false,
            }
    }
}

fn uniform(rng: &mut Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Most people react within the hour, some the next day (as in the shop's campaign data).
fn reaction_delay(rng: &mut Rng) -> i64 {
    match rng.weighted(&[60, 30, 10]) {
        0 => rng.range(30, 3_600),
        1 => rng.range(3_600, 12 * 3_600),
        _ => rng.range(12 * 3_600, 3 * DAY),
    }
}

impl Cust<'_> {
    fn consent_at(&self, t: i64) -> bool {
        self.c.flags & flag::CONSENT != 0 && self.c.consent_day <= calendar::day_of(t)
    }

    fn subscribed(&self, ch: Channel, t: i64) -> bool {
        let bit = [flag::EMAIL_SUB, flag::SMS_SUB, flag::PUSH_SUB][ch as usize];
        self.c.flags & bit != 0 && self.unsub[ch as usize] > t
    }

    /// Purchases up to and including `t`: count, kopecks, first and last time.
    fn purchases_until(&self, t: i64) -> (u32, i64, i64, i64) {
        let h = &self.c.hist;
        let (mut n, mut revenue, mut first, mut last) = (h.orders, h.revenue, h.first, h.last);
        for &(pt, a) in self.orders.iter().take_while(|o| o.0 <= t).chain(self.induced.iter().filter(|o| o.0 <= t)) {
            n += 1;
            revenue += a;
            first = first.min(pt);
            last = last.max(pt);
        }
        (n, revenue, first, last)
    }

    /// The first purchase in (a, b].
    fn purchase_in(&self, a: i64, b: i64) -> Option<i64> {
        let real = self.orders.iter().map(|o| o.0).find(|&t| t > a && t <= b);
        let ind = self.induced.iter().map(|o| o.0).filter(|&t| t > a && t <= b).min();
        match (real, ind) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        }
    }

    /// The earliest exit event in (a, b].
    fn exit_in(&self, a: i64, b: i64) -> Option<(i64, ExitReason)> {
        let goal = if self.sc.exit_on_goal { self.purchase_in(a, b).map(|t| (t, ExitReason::Goal)) } else { None };
        let unsub = if self.sc.exit_on_unsubscribe {
            self.unsub.iter().copied().filter(|&t| t > a && t <= b).min().map(|t| (t, ExitReason::Unsubscribe))
        } else {
            None
        };
        match (goal, unsub) {
            (Some(g), Some(u)) => Some(if u.0 < g.0 { u } else { g }),
            (g, u) => g.or(u),
        }
    }

    /// Messages (the shop's and this scenario's) in [a, b).
    fn messages_in(&self, a: i64, b: i64) -> u32 {
        let count = |v: &[i64]| (v.partition_point(|&t| t < b) - v.partition_point(|&t| t < a)) as u32;
        count(self.campaigns) + count(&self.sent)
    }

    fn purchase_rate(&self, t: i64) -> f64 {
        let (n, ..) = self.purchases_until(t);
        let since = self.c.registered_at.max(self.d.data_start);
        let days = ((t - since).max(0) as f64) / DAY as f64;
        (f64::from(n) + PRIOR_DAYS * self.d.base_rate) / (days + PRIOR_DAYS)
    }

    fn average_check(&self) -> f64 {
        if self.c.hist.orders > 0 {
            self.c.hist.revenue as f64 / f64::from(self.c.hist.orders)
        } else {
            self.d.average_check
        }
    }

    /// Trigger moments in the period, in order.
    fn triggers(&self) -> Vec<i64> {
        let (from, to) = (self.set.from, self.set.to);
        let h = &self.c.hist;
        let mut out: Vec<i64> = Vec::new();
        match &self.sc.trigger {
            Trigger::Registration => out.push(self.c.registered_at),
            Trigger::FirstPurchase => {
                if h.orders == 0 {
                    out.extend(self.orders.first().map(|o| o.0));
                }
            }
            Trigger::Order { number } => {
                for (k, o) in self.orders.iter().enumerate() {
                    let nth = h.orders as usize + k + 1;
                    if number.is_none_or(|n| n as usize == nth) {
                        out.push(o.0);
                    }
                }
            }
            Trigger::NoOrder { days } => {
                let times: Vec<i64> =
                    (h.orders > 0).then_some(h.last).into_iter().chain(self.orders.iter().map(|o| o.0)).collect();
                for (k, &p) in times.iter().enumerate() {
                    let due = p + days * DAY;
                    if times.get(k + 1).is_none_or(|&q| q > due) {
                        out.push(due);
                    }
                }
            }
            Trigger::CartAbandoned { hours } => {
                let adds: Vec<i64> = self.site.iter().filter(|e| e.1 == SiteKind::CartAdd).map(|e| e.0).collect();
                for (k, &a) in adds.iter().enumerate() {
                    let due = a + hours * 3600;
                    if adds.get(k + 1).is_none_or(|&b| b > due) && self.purchase_in(a, due).is_none() {
                        out.push(due);
                    }
                }
            }
            Trigger::Birthday { days } => {
                let (m, d, _) = self.c.birth;
                if m != 0 {
                    let (y0, ..) = calendar::civil(calendar::day_of(from));
                    let (y1, ..) = calendar::civil(calendar::day_of(to));
                    for y in y0 - 1..=y1 + 1 {
                        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                        let dd = if m == 2 && d == 29 && !leap { 28 } else { d };
                        let day = calendar::day(y, u32::from(m), u32::from(dd));
                        out.push((i64::from(day) - days) * DAY);
                    }
                }
            }
            Trigger::Subscription => {
                out.extend(self.site.iter().filter(|e| e.1 == SiteKind::Subscribe).map(|e| e.0));
            }
            Trigger::Segment(e) => {
                let (d0, d1) = (calendar::day_of(from), calendar::day_of(to - 1));
                let mut before = false;
                for day in d0..=d1 {
                    let t = i64::from(day) * DAY;
                    let now = e.eval(&At { cu: self, t });
                    if now && !before {
                        out.push(t);
                    }
                    before = now;
                }
            }
        }
        out.retain(|&t| t >= from && t < to && t >= self.c.registered_at);
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn record(r: &mut Results, set: &Settings, customer: usize, t: i64, kind: EventKind, step: Option<usize>, amount: i64) {
    if set.record_events {
        r.events.push(Event { customer: customer as u32, t, kind, step: step.map(|s| s as u16), amount });
    }
}

fn day_index(r: &Results, t: i64) -> Option<usize> {
    let k = calendar::day_of(t) - r.from_day;
    (k >= 0 && (k as usize) < r.daily.len()).then_some(k as usize)
}

fn simulate(sc: &Scenario, d: &Data, set: &Settings, i: usize, r: &mut Results) {
    let c = &d.customers[i];
    let mut cu = Cust {
        d,
        sc,
        set,
        i,
        c,
        orders: d.orders.of(i),
        campaigns: d.campaigns.of(i),
        site: d.site.of(i),
        induced: Vec::new(),
        sent: Vec::new(),
        unsub: [i64::MAX; 3],
        tags: 0,
        rng: Rng::for_item(set.seed, STREAM_SIM, c.id),
        over_cap_seen: false,
    };
    r.customers_total += 1;
    let control = Rng::for_item(set.seed, STREAM_CONTROL, c.id).below(10_000) < u64::from(sc.control_bp);
    let group = usize::from(control);
    let outcome = sc.outcome_days() * DAY;
    let (mut busy_until, mut last_entry, mut entered) = (i64::MIN, i64::MIN, false);
    let (mut in_target, mut got_message) = (false, false);
    for t in cu.triggers() {
        if !in_target && sc.brief.as_ref().and_then(|b| b.segment.as_ref()).is_none_or(|s| s.eval(&At { cu: &cu, t })) {
            in_target = true;
        }
        if t < busy_until {
            continue;
        }
        match sc.reentry {
            Reentry::Never if entered => continue,
            Reentry::AfterDays(n) if entered && t < last_entry + n * DAY => continue,
            _ => {}
        }
        if t > d.data_end {
            continue;
        }
        if let Some(e) = &sc.entry
            && !e.eval(&At { cu: &cu, t })
        {
            continue;
        }
        if !entered {
            r.customers[group] += 1;
        }
        entered = true;
        last_entry = t;
        record(r, set, i, t, EventKind::Entry { control }, None, 0);
        if let Some(k) = day_index(r, t) {
            if control {
                r.daily[k].control_entries += 1;
            } else {
                r.daily[k].entries += 1;
            }
        }
        let mut msgs: Vec<Msg> = Vec::new();
        let flow_end = if control { t } else { run_flow(&mut cu, r, t, &mut msgs) };
        got_message |= !msgs.is_empty();
        busy_until = flow_end.max(t + outcome);
        // Outcomes over the window (cut at the data's end).
        let end = (t + outcome).min(d.data_end);
        let (mut prior, ..) = cu.purchases_until(t);
        let mut v = [0i64; 5];
        let mut purchases: Vec<(i64, i64, bool)> = cu
            .orders
            .iter()
            .filter(|o| o.0 > t && o.0 < busy_until)
            .map(|o| (o.0, o.1, false))
            .chain(cu.induced.iter().filter(|o| o.0 > t && o.0 < busy_until).map(|o| (o.0, o.1, true)))
            .collect();
        purchases.sort_unstable();
        for &(pt, amount, induced) in &purchases {
            if pt <= end {
                v[0] = 1;
                v[2] += 1;
                v[4] += amount;
                if prior > 0 {
                    v[1] = 1;
                    v[3] += 1;
                }
                prior += 1;
                record(
                    r,
                    set,
                    i,
                    pt,
                    if induced { EventKind::InducedPurchase } else { EventKind::Purchase },
                    None,
                    amount,
                );
            }
            // Attribution: the latest message engaged with in the window before the purchase.
            let m =
                msgs.iter().rev().find(|m| m.engaged().is_some_and(|e| e <= pt && pt - e <= ATTRIBUTION_DAYS * DAY));
            if let Some(m) = m {
                r.steps[m.step].converted += 1;
                r.steps[m.step].revenue += amount;
                if let Some(k) = day_index(r, pt) {
                    r.daily[k].conversions += 1;
                    r.daily[k].revenue += amount;
                }
            }
        }
        r.groups[group].add(v);
    }
    if in_target && !control {
        r.target += 1;
        if got_message {
            r.reached += 1;
        }
    }
    for (k, n) in r.tagged.iter_mut().enumerate() {
        if cu.tags & (1 << k.min(63)) != 0 {
            *n += 1;
        }
    }
    r.induced_purchases += cu.induced.len() as u64;
}

/// Runs the steps from `t`; returns when the customer left the scenario.
fn run_flow(cu: &mut Cust, r: &mut Results, t: i64, msgs: &mut Vec<Msg>) -> i64 {
    let sc = cu.sc;
    let set = cu.set;
    let i = cu.i;
    let end_of_data = cu.d.data_end;
    let mut now = t;
    let mut cur: Next = if sc.steps.is_empty() { None } else { Some(0) };
    // The steps form a graph without cycles, so a run visits each at most once; the guard
    // only makes that a bound the code can see.
    let mut guard = sc.steps.len() + 1;
    let leave = |r: &mut Results, at: i64, why: ExitReason| {
        r.exits[why as usize] += 1;
        record(r, set, i, at, EventKind::Exit(why), None, 0);
        at
    };
    while let Some(s) = cur {
        if guard == 0 {
            break;
        }
        guard -= 1;
        if now > end_of_data {
            return leave(r, end_of_data, ExitReason::DataEnd);
        }
        let step = &sc.steps[s];
        r.steps[s].entered += 1;
        record(r, set, i, now, EventKind::Step, Some(s), 0);
        cur = step.next;
        match &step.action {
            Action::Wait { secs } => match advance(cu, now, now + secs) {
                Ok(t) => now = t,
                Err((at, why)) => return leave(r, at, why),
            },
            Action::WaitUntil { minute } => {
                let mut target = now.div_euclid(DAY) * DAY + minute * 60;
                if target < now {
                    target += DAY;
                }
                match advance(cu, now, target) {
                    Ok(t) => now = t,
                    Err((at, why)) => return leave(r, at, why),
                }
            }
            Action::WaitEvent { event, secs, timeout } => {
                let until = now + secs;
                let hit = match event {
                    WaitEvent::Purchase => cu.purchase_in(now, until),
                    WaitEvent::Open => msgs.iter().filter_map(|m| m.open).filter(|&o| o > now && o <= until).min(),
                    WaitEvent::Click => msgs.iter().filter_map(|m| m.click).filter(|&o| o > now && o <= until).min(),
                    WaitEvent::CartAdd | WaitEvent::Visit => {
                        let kind = if *event == WaitEvent::CartAdd { SiteKind::CartAdd } else { SiteKind::Visit };
                        cu.site.iter().filter(|e| e.1 == kind && e.0 > now && e.0 <= until).map(|e| e.0).next()
                    }
                };
                let stop = hit.unwrap_or(until);
                match advance(cu, now, stop) {
                    Ok(t) => now = t,
                    Err((at, why)) => return leave(r, at, why),
                }
                if hit.is_none() {
                    cur = *timeout;
                }
            }
            Action::Send { channel, offer, .. } => {
                let ch = *channel;
                let mut ts = now;
                if let Some(q) = sc.quiet
                    && q.contains(ts.rem_euclid(DAY) / 60)
                {
                    if q.skip {
                        suppress(cu, r, s, ts, Reason::QuietHours);
                        continue;
                    }
                    let mut end = ts.div_euclid(DAY) * DAY + q.to * 60;
                    if end < ts {
                        end += DAY;
                    }
                    match advance(cu, now, end) {
                        Ok(t) => ts = t,
                        Err((at, why)) => return leave(r, at, why),
                    }
                    record(r, set, i, ts, EventKind::Delayed, Some(s), 0);
                    now = ts;
                    if now > end_of_data {
                        return leave(r, end_of_data, ExitReason::DataEnd);
                    }
                }
                let reason = if !cu.consent_at(ts) {
                    Some(Reason::NoConsent)
                } else if match ch {
                    Channel::Email => cu.c.flags & flag::HAS_EMAIL == 0,
                    Channel::Sms => cu.c.flags & flag::HAS_PHONE == 0,
                    Channel::Push => false,
                } {
                    Some(Reason::NoContact)
                } else if !cu.subscribed(ch, ts) {
                    Some(Reason::NotSubscribed)
                } else if let Some((m, days)) = sc.cap
                    && cu.messages_in(ts - days * DAY + 1, ts + 1) >= m
                {
                    Some(Reason::Cap)
                } else {
                    None
                };
                if let Some(reason) = reason {
                    suppress(cu, r, s, ts, reason);
                    continue;
                }
                send(cu, r, s, ts, ch, *offer, msgs);
            }
            Action::Branch { cond, otherwise } => {
                let yes = match cond {
                    BranchIf::Opened(of) | BranchIf::Clicked(of) => {
                        let m = match of {
                            Some(k) => msgs.iter().rev().find(|m| m.step == *k),
                            None => msgs.last(),
                        };
                        let at = m.and_then(|m| if matches!(cond, BranchIf::Opened(_)) { m.open } else { m.click });
                        at.is_some_and(|x| x <= now)
                    }
                    BranchIf::Purchased => cu.purchase_in(t, now).is_some(),
                    BranchIf::Condition(e) => e.eval(&At { cu, t: now }),
                };
                if !yes {
                    cur = *otherwise;
                }
            }
            Action::Split { variants } => {
                let roll = cu.rng.below(10_000) as u32;
                let mut acc = 0;
                cur = variants.last().and_then(|v| v.1);
                for (share, next) in variants {
                    acc += share;
                    if roll < acc {
                        cur = *next;
                        break;
                    }
                }
            }
            Action::Tag { tag } => cu.tags |= 1 << u64::from(*tag).min(63),
            Action::Exit => cur = None,
        }
    }
    leave(r, now, ExitReason::Completed)
}

/// Moves time on to `until`, unless the customer leaves the scenario before.
fn advance(cu: &Cust, now: i64, until: i64) -> Result<i64, (i64, ExitReason)> {
    match cu.exit_in(now, until) {
        Some(x) => Err(x),
        None => Ok(until),
    }
}

fn suppress(cu: &Cust, r: &mut Results, s: usize, ts: i64, reason: Reason) {
    r.steps[s].suppressed[reason as usize] += 1;
    r.suppressed[reason as usize] += 1;
    if let Some(k) = day_index(r, ts) {
        r.daily[k].suppressed += 1;
    }
    record(r, cu.set, cu.i, ts, EventKind::Suppressed(reason), Some(s), 0);
}

fn send(cu: &mut Cust, r: &mut Results, s: usize, ts: i64, ch: Channel, offer: Offer, msgs: &mut Vec<Msg>) {
    let set = cu.set;
    let k = ch as usize;
    let recent = cu.messages_in(ts - 7 * DAY, ts);
    cu.sent.push(ts);
    cu.sent.sort_unstable();
    r.steps[s].sent += 1;
    r.sent[k] += 1;
    if let Some(d) = day_index(r, ts) {
        r.daily[d].sent += 1;
    }
    record(r, set, cu.i, ts, EventKind::Sent(ch), Some(s), 0);
    // The exercise's rules, as observed.
    if let Some(q) = set.audit.quiet
        && q.contains(ts.rem_euclid(DAY) / 60)
    {
        r.audit.night_sends += 1;
        r.audit.night_example.get_or_insert((cu.c.id, ts));
    }
    if let Some((m, days)) = set.audit.cap
        && !cu.over_cap_seen
        && cu.messages_in(ts - days * DAY + 1, ts + 1) > m
    {
        cu.over_cap_seen = true;
        r.audit.over_cap += 1;
        r.audit.over_cap_example.get_or_insert((cu.c.id, ts));
    }
    // The behaviour model.
    let rates = &cu.d.rates;
    let [own_sends, own_opens, own_clicks] = cu.c.camp[k].map(f64::from);
    let fatigue = FATIGUE.powi(recent as i32);
    let (mut open, mut click) = (None, None);
    if ch == Channel::Sms {
        let p = (own_clicks + PRIOR_SENDS * rates.click[k]) / (own_sends + PRIOR_SENDS) * fatigue;
        if uniform(&mut cu.rng) < p {
            click = Some(ts + reaction_delay(&mut cu.rng));
        }
    } else {
        let p_open = (own_opens + PRIOR_SENDS * rates.open[k]) / (own_sends + PRIOR_SENDS) * fatigue;
        if uniform(&mut cu.rng) < p_open {
            let o = ts + reaction_delay(&mut cu.rng);
            open = Some(o);
            let p_click = (own_clicks + PRIOR_SENDS * rates.click[k]) / (own_opens + PRIOR_SENDS);
            if uniform(&mut cu.rng) < p_click {
                click = Some(o + cu.rng.range(5, 600));
            }
        }
    }
    if let Some(o) = open {
        r.steps[s].opened += 1;
        r.opened[k] += 1;
        if let Some(d) = day_index(r, o) {
            r.daily[d].opened += 1;
        }
        record(r, set, cu.i, o, EventKind::Opened, Some(s), 0);
    }
    if let Some(c) = click {
        r.steps[s].clicked += 1;
        r.clicked[k] += 1;
        if let Some(d) = day_index(r, c) {
            r.daily[d].clicked += 1;
        }
        record(r, set, cu.i, c, EventKind::Clicked, Some(s), 0);
    }
    if uniform(&mut cu.rng) < UNSUBSCRIBE[k] * (1.0 + f64::from(recent)) {
        let at = open.unwrap_or(ts) + cu.rng.range(60, 3_600);
        cu.unsub[k] = cu.unsub[k].min(at);
        r.steps[s].unsubscribed += 1;
        r.unsubscribed += 1;
        record(r, set, cu.i, at, EventKind::Unsubscribed, Some(s), 0);
    }
    let msg = Msg { step: s, t: ts, channel: ch, open, click };
    let lift = if click.is_some() {
        CLICK_LIFT
    } else if msg.engaged().is_some() {
        OPEN_LIFT
    } else {
        0.0
    };
    if lift > 0.0 {
        let rate = cu.purchase_rate(ts);
        let p = 1.0 - (-(ATTRIBUTION_DAYS as f64) * rate * lift * offer.multiplier()).exp();
        if uniform(&mut cu.rng) < p {
            let from = msg.engaged().unwrap_or(ts);
            let u = uniform(&mut cu.rng);
            let at = from + (u * u * (ATTRIBUTION_DAYS * DAY) as f64) as i64 + 60;
            let amount = (cu.average_check() * offer.revenue_factor()).round() as i64;
            let pos = cu.induced.partition_point(|x| x.0 <= at);
            cu.induced.insert(pos, (at, amount));
        }
    }
    msgs.push(msg);
}
