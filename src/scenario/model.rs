//! The checked scenario the simulator runs: names resolved to indices, durations in
//! seconds, conditions parsed.

use std::ops::Range;

use super::condition::Expr;
pub use super::vocab::{Channel, Goal, GoalUnit, Metric};

pub const SECS_PER_DAY: i64 = 86_400;

impl Metric {
    pub const ALL: [Metric; 9] = [
        Metric::Conversion,
        Metric::RepeatConversion,
        Metric::RepeatPurchases,
        Metric::Orders,
        Metric::Revenue,
        Metric::AverageCheck,
        Metric::OpenRate,
        Metric::Ctr,
        Metric::UnsubscribeRate,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            Metric::Conversion => "conversion",
            Metric::RepeatConversion => "repeat_conversion",
            Metric::RepeatPurchases => "repeat_purchases",
            Metric::Orders => "orders",
            Metric::Revenue => "revenue",
            Metric::AverageCheck => "average_check",
            Metric::OpenRate => "open_rate",
            Metric::Ctr => "ctr",
            Metric::UnsubscribeRate => "unsubscribe_rate",
        }
    }

    pub fn from_key(k: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.key() == k)
    }

    /// A share of customers (percentage points make sense).
    pub fn is_rate(self) -> bool {
        matches!(self, Metric::Conversion | Metric::RepeatConversion)
    }

    /// Comparable against the control group, so usable as a goal.
    pub fn is_goal(self) -> bool {
        !matches!(self, Metric::OpenRate | Metric::Ctr | Metric::UnsubscribeRate)
    }
}

#[derive(Debug, Clone)]
pub struct Brief {
    pub goal: Goal,
    pub segment: Option<Expr>,
    pub kpi: Vec<Metric>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    Registration,
    FirstPurchase,
    /// Every purchase, or only the n-th.
    Order {
        number: Option<u32>,
    },
    /// `days` without a purchase since the last one.
    NoOrder {
        days: i64,
    },
    /// A cart add not followed by a purchase (or another cart add) within `hours`.
    CartAbandoned {
        hours: i64,
    },
    /// `days` before the birthday (negative: after).
    Birthday {
        days: i64,
    },
    Subscription,
    /// The day the condition becomes true (on the first day: everyone it holds for).
    Segment(Expr),
}

impl Trigger {
    pub fn key(&self) -> &'static str {
        match self {
            Trigger::Registration => "registration",
            Trigger::FirstPurchase => "first_purchase",
            Trigger::Order { .. } => "order",
            Trigger::NoOrder { .. } => "no_order",
            Trigger::CartAbandoned { .. } => "cart_abandoned",
            Trigger::Birthday { .. } => "birthday",
            Trigger::Subscription => "subscription",
            Trigger::Segment(_) => "segment",
        }
    }

    pub const KEYS: [&'static str; 8] = [
        "registration",
        "first_purchase",
        "order",
        "no_order",
        "cart_abandoned",
        "birthday",
        "subscription",
        "segment",
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reentry {
    Never,
    AfterExit,
    AfterDays(i64),
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Email, Channel::Sms, Channel::Push];

    pub const fn key(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Push => "push",
        }
    }

    pub fn from_key(k: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.key() == k)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    None,
    Discount(u32),
    FreeDelivery,
    Gift,
    Bonus,
    Selection,
}

impl Offer {
    pub const KEYS: [&'static str; 5] = ["discount", "free_delivery", "gift", "bonus", "selection"];

    /// The documented effect on the chance of a purchase after a message (docs/scenarios.md).
    pub fn multiplier(self) -> f64 {
        match self {
            Offer::None => 1.0,
            Offer::Discount(p) => 1.0 + (f64::from(p) / 10.0).min(2.0),
            Offer::FreeDelivery => 1.3,
            Offer::Gift => 1.5,
            Offer::Bonus => 1.2,
            Offer::Selection => 1.2,
        }
    }

    /// The share of the order's amount the shop keeps.
    pub fn revenue_factor(self) -> f64 {
        match self {
            Offer::Discount(p) => 1.0 - f64::from(p.min(100)) / 100.0,
            _ => 1.0,
        }
    }
}

/// Events a wait step can wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitEvent {
    Purchase,
    Open,
    Click,
    CartAdd,
    Visit,
}

impl WaitEvent {
    pub const KEYS: [&'static str; 5] = ["purchase", "open", "click", "cart_add", "visit"];

    pub fn from_key(k: &str) -> Option<WaitEvent> {
        Some(match k {
            "purchase" => WaitEvent::Purchase,
            "open" => WaitEvent::Open,
            "click" => WaitEvent::Click,
            "cart_add" => WaitEvent::CartAdd,
            "visit" => WaitEvent::Visit,
            _ => return None,
        })
    }
}

/// Where a step goes next: a step index, or the end of the scenario.
pub type Next = Option<usize>;

#[derive(Debug, Clone)]
pub enum Action {
    Wait {
        secs: i64,
    },
    /// Until the next time of day (minutes after midnight).
    WaitUntil {
        minute: i64,
    },
    /// Until an event, at most `secs`; `timeout` is where the step goes without it.
    WaitEvent {
        event: WaitEvent,
        secs: i64,
        timeout: Next,
    },
    Send {
        channel: Channel,
        subject: String,
        text: String,
        offer: Offer,
    },
    /// `then` is the step's `next`.
    Branch {
        cond: BranchIf,
        otherwise: Next,
    },
    /// Shares in basis points summing to 10 000, with their next steps.
    Split {
        variants: Vec<(u32, Next)>,
    },
    Tag {
        tag: u16,
    },
    Exit,
}

#[derive(Debug, Clone)]
pub enum BranchIf {
    /// The send step looked at (`None`: the latest send of the run).
    Opened(Option<usize>),
    Clicked(Option<usize>),
    Purchased,
    Condition(Expr),
}

#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    pub action: Action,
    pub next: Next,
    /// Where the step is in the file (its `id`): for findings and the editor.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quiet {
    /// Minutes after midnight; the quiet time is [from, to) and may wrap midnight.
    pub from: i64,
    pub to: i64,
    pub skip: bool,
}

impl Quiet {
    pub fn contains(&self, minute: i64) -> bool {
        if self.from <= self.to {
            minute >= self.from && minute < self.to
        } else {
            minute >= self.from || minute < self.to
        }
    }
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub rfm_model: String,
    pub brief: Option<Brief>,
    pub trigger: Trigger,
    pub entry: Option<Expr>,
    /// Basis points of customers in the control group.
    pub control_bp: u32,
    pub reentry: Reentry,
    pub exit_on_goal: bool,
    pub exit_on_unsubscribe: bool,
    /// At most `messages` in any `days` days, counting the shop's campaigns.
    pub cap: Option<(u32, i64)>,
    pub quiet: Option<Quiet>,
    pub steps: Vec<Step>,
    pub tags: Vec<String>,
}

impl Scenario {
    /// The period after entry in which outcomes are measured.
    pub fn outcome_days(&self) -> i64 {
        self.brief.as_ref().map_or(DEFAULT_OUTCOME_DAYS, |b| b.goal.period_days)
    }

    pub fn channels(&self) -> impl Iterator<Item = Channel> + '_ {
        self.steps.iter().filter_map(|s| match s.action {
            Action::Send { channel, .. } => Some(channel),
            _ => None,
        })
    }

    /// Whether a condition anywhere reads the RFM group.
    pub fn uses_rfm(&self) -> bool {
        let mut exprs: Vec<&Expr> = Vec::new();
        exprs.extend(self.entry.iter());
        if let Some(b) = &self.brief {
            exprs.extend(b.segment.iter());
        }
        if let Trigger::Segment(e) = &self.trigger {
            exprs.push(e);
        }
        for s in &self.steps {
            if let Action::Branch { cond: BranchIf::Condition(e), .. } = &s.action {
                exprs.push(e);
            }
        }
        exprs.iter().any(|e| e.uses_rfm())
    }

    /// Whether the scenario needs the site's event log.
    pub fn uses_site(&self) -> bool {
        matches!(self.trigger, Trigger::CartAbandoned { .. } | Trigger::Subscription)
            || self
                .steps
                .iter()
                .any(|s| matches!(s.action, Action::WaitEvent { event: WaitEvent::CartAdd | WaitEvent::Visit, .. }))
    }
}

/// Outcome window without a brief.
pub const DEFAULT_OUTCOME_DAYS: i64 = 30;
/// Most steps a scenario may have.
pub const MAX_STEPS: usize = 200;
