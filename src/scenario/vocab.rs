//! The scenario's plain vocabulary — metrics, goals, channels, field types, why a send
//! did not go out, the events of a path, estimates and the goal's status — defined apart
//! from the checks, the simulator and the report (their methods stay there), so that the
//! Russian words for them (`strings::scenario`) stand on a leaf and nothing loops back.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Number,
    Flag,
    Text,
    List,
}

/// Open and click rates per channel, from the shop's campaign sends.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rates {
    pub sends: [u64; 3],
    /// Opens per send (email, push; SMS opens are not tracked).
    pub open: [f64; 3],
    /// Clicks per open (email, push) or per send (SMS).
    pub click: [f64; 3],
}

/// Metrics a goal or a KPI may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Share of entrants who bought within the period.
    Conversion,
    /// Share of entrants who bought again (had bought before that purchase).
    RepeatConversion,
    /// Repeat purchases per entrant.
    RepeatPurchases,
    /// Purchases per entrant.
    Orders,
    /// Revenue per entrant, rubles.
    Revenue,
    /// Revenue / purchases.
    AverageCheck,
    /// KPIs of the messages (no control-group comparison).
    OpenRate,
    Ctr,
    UnsubscribeRate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalUnit {
    Percent,
    Points,
}

#[derive(Debug, Clone)]
pub struct Goal {
    pub metric: Metric,
    pub change: f64,
    pub unit: GoalUnit,
    pub period_days: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Channel {
    Email = 0,
    Sms = 1,
    Push = 2,
}

/// A metric in both groups and their difference (treatment − control) with a 95 %
/// interval; `None` fields where a group is empty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub treatment: f64,
    pub control: Option<f64>,
    pub diff: Option<(f64, f64, f64)>,
    pub n: [u64; 2],
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GoalStatus {
    /// The change reached (value, significant: the interval excludes zero).
    Reached {
        change: f64,
        significant: bool,
    },
    NotReached {
        change: f64,
    },
    /// No control group or no entries: the change cannot be measured.
    Unmeasurable,
}

/// Why a send did not go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    NoConsent = 0,
    NoContact = 1,
    NotSubscribed = 2,
    QuietHours = 3,
    Cap = 4,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitReason {
    Goal = 0,
    Unsubscribe = 1,
    /// The steps ran out or an exit step was reached.
    Completed = 2,
    /// The data ended while the customer was still in the scenario.
    DataEnd = 3,
}

/// One event of a customer's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Entry {
        control: bool,
    },
    Step,
    Delayed,
    Sent(Channel),
    Suppressed(Reason),
    Opened,
    Clicked,
    Unsubscribed,
    /// A purchase in the data.
    Purchase,
    /// A purchase the scenario caused (the behaviour model).
    InducedPurchase,
    Exit(ExitReason),
}

/// A field of the customer a condition may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Orders,
    Revenue,
    AverageCheck,
    DaysSinceLastOrder,
    DaysSinceFirstOrder,
    DaysSinceRegistration,
    Age,
    PdConsent,
    EmailSubscribed,
    SmsSubscribed,
    PushSubscribed,
    HasEmail,
    HasPhone,
    City,
    Gender,
    Channel,
    Interests,
    Rfm,
    Tags,
}
