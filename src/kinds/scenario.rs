//! `scenario`: a trigger scenario the learner writes (ПП1 Задание 4, ПП4, ПП5), graded
//! against the exercise's requirements — structural ones read from the file (trigger,
//! channels, how soon the first message goes, exit on the goal, control group, the brief)
//! and simulated ones from a run on the learner's variant of the shop (no send attempted
//! without consent or subscription, quiet hours and the cap observed, reach of the target
//! segment, the goal reached). One point per requirement unless `points` says otherwise.
//!
//! The answer is the scenario's text (per part): what the learner writes, what
//! `crm-workbook scenario run` runs, and what an answer file holds — parts separated by
//! lines `# part: ID`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned as S;

use super::{Finding, GradeCtx, Kind, Outcome, Place, Validator};
use crate::scenario::model::{Action, Channel, Metric, Scenario, Trigger};
use crate::scenario::report::{GoalStatus, goal_status};
use crate::scenario::{self, check, data, sim};
use crate::strings::scenario_kind as msg;

pub struct ScenarioKind;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiet {
    pub from: S<String>,
    pub to: S<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    pub messages: S<u32>,
    pub days: S<i64>,
}

/// What a part's scenario must satisfy; every requirement given is one check.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Require {
    /// Trigger events allowed.
    #[serde(default)]
    pub trigger: Vec<S<String>>,
    /// The first message goes at most this many hours after the trigger.
    #[serde(default)]
    pub first_message_hours: Option<S<f64>>,
    /// Channels allowed.
    #[serde(default)]
    pub channels: Vec<S<String>>,
    /// At least this many send steps.
    #[serde(default)]
    pub min_sends: Option<usize>,
    #[serde(default)]
    pub exit_on_goal: bool,
    #[serde(default)]
    pub control: bool,
    /// A brief: a goal from `goal_metrics` (any goal metric if empty) that is also a KPI,
    /// a segment that selects customers of the data, at least `kpi_min` KPI.
    #[serde(default)]
    pub brief: bool,
    #[serde(default)]
    pub goal_metrics: Vec<S<String>>,
    #[serde(default)]
    pub kpi_min: Option<S<usize>>,
    /// No send attempted to a customer without consent or without the channel's subscription.
    #[serde(default)]
    pub consent: bool,
    /// No message sent in these hours.
    #[serde(default)]
    pub quiet_hours: Option<Quiet>,
    /// At most this many messages (the shop's campaigns included) in any `days` days.
    #[serde(default)]
    pub cap: Option<Cap>,
    /// Share of the target segment (outside the control group) that got a message, %.
    #[serde(default)]
    pub reach_percent: Option<S<f64>>,
    /// The brief's goal reached in the simulation.
    #[serde(default)]
    pub goal_reached: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub id: S<String>,
    pub title: String,
    #[serde(default)]
    pub require: Require,
    /// Points per requirement by its name (default 1).
    #[serde(default)]
    pub points: BTreeMap<S<String>, S<f64>>,
    /// The draft the editor opens with.
    #[serde(default)]
    pub starter: Option<S<String>>,
}

fn customers_default() -> S<u64> {
    S::new(0..0, 1500)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Customers of the learner's variant of the shop.
    #[serde(default = "customers_default")]
    pub customers: S<u64>,
    /// The simulated period (default: the last year of the data).
    #[serde(default)]
    pub from: Option<S<String>>,
    #[serde(default)]
    pub to: Option<S<String>>,
    /// An exercise whose scenario (the learner's draft or last attempt) this one starts
    /// from when the learner has not begun it: pp5's launch starts from pp4's specification.
    #[serde(default)]
    pub draft_from: Option<String>,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// Scenario text by part id (`""`: the whole file of a one-part exercise). Each text
    /// keeps the line numbers it had in the answer file.
    pub parts: BTreeMap<String, String>,
}

/// Names of the requirements, as `points` keys and in findings' places.
pub const REQUIREMENTS: [&str; 13] = [
    "trigger",
    "first_message",
    "channels",
    "min_sends",
    "exit_on_goal",
    "control",
    "brief",
    "consent",
    "quiet_hours",
    "cap",
    "reach",
    "goal_reached",
    "runs",
];

/// Where byte `at` of a string's value is in the file, when the string as written is
/// the value between its quotes (no escapes): `"…"`, or `"""` with the line break TOML
/// drops after it. Otherwise the string's start.
fn inside_string(s: &S<String>, at: usize) -> std::ops::Range<usize> {
    let (span, len) = (s.span(), s.get_ref().len());
    let quote = match span.len().checked_sub(len) {
        Some(2) => 1,
        Some(7) => 4,
        Some(8) => 5,
        _ => return span,
    };
    let start = (span.start + quote + at.min(len)).min(span.end);
    start..start
}

/// The values of a list of the spec, without their places.
fn plain(v: &[S<String>]) -> Vec<String> {
    v.iter().map(|x| x.get_ref().clone()).collect()
}

fn day_of(s: &str) -> Option<i64> {
    let d = crate::data::rfm::parse::date(s.as_bytes()).ok()?;
    (s.trim().len() == 10).then_some(i64::from(d) * data::DAY)
}

impl Spec {
    pub fn period(&self) -> (i64, i64) {
        let (f, t) = scenario::default_period();
        let from = self.from.as_ref().and_then(|d| day_of(d.get_ref())).unwrap_or(f);
        let to = self.to.as_ref().and_then(|d| day_of(d.get_ref())).map_or(t, |d| d + data::DAY);
        (from, to)
    }
}

/// Splits an answer file into parts at lines `# part: ID`; text before the first such
/// line (or a file without them) is part `""`. Each part keeps its line numbers: the
/// lines before it are left empty.
pub fn split_parts(text: &str) -> BTreeMap<String, String> {
    let mut parts: BTreeMap<String, String> = BTreeMap::new();
    let mut current = String::new();
    let mut body = String::new();
    for (line, l) in text.split_inclusive('\n').enumerate() {
        if let Some(id) = l.trim().strip_prefix("# part:") {
            if !body.trim().is_empty() {
                parts.insert(std::mem::take(&mut current), std::mem::take(&mut body));
            }
            current = id.trim().to_owned();
            body = "\n".repeat(line + 1);
        } else {
            body.push_str(l);
        }
    }
    if !body.trim().is_empty() || parts.is_empty() {
        parts.insert(current, body);
    }
    parts
}

impl Kind for ScenarioKind {
    const LABEL: &'static str = msg::KIND_SCENARIO;
    type Spec = Spec;
    type Answer = Answer;

    fn validate(spec: &Spec, v: &mut Validator) {
        if spec.parts.is_empty() {
            v.error(None, msg::NO_PARTS);
        }
        if !(10..=200_000).contains(spec.customers.get_ref()) {
            v.error(Some(spec.customers.span()).filter(|s| !s.is_empty()), msg::BAD_CUSTOMERS);
        }
        for d in [&spec.from, &spec.to].into_iter().flatten() {
            if day_of(d.get_ref()).is_none() {
                v.error(Some(d.span()), msg::bad_date(d.get_ref()));
            }
        }
        let mut ids = std::collections::BTreeSet::new();
        for p in &spec.parts {
            let id = p.id.get_ref().as_str();
            if id.is_empty() || id.contains(char::is_whitespace) || !ids.insert(id) {
                v.error(Some(p.id.span()), msg::bad_part_id(id));
            }
            let r = &p.require;
            let unknown = |v: &mut Validator, field: &str, value: &S<String>, known: bool| {
                if !known {
                    v.error(Some(value.span()), msg::unknown_in(id, field, value.get_ref()));
                }
            };
            for t in &r.trigger {
                unknown(v, "trigger", t, Trigger::KEYS.contains(&t.get_ref().as_str()));
            }
            for c in &r.channels {
                unknown(v, "channels", c, Channel::from_key(c.get_ref()).is_some());
            }
            for m in &r.goal_metrics {
                unknown(v, "goal_metrics", m, Metric::from_key(m.get_ref()).is_some_and(Metric::is_goal));
            }
            if let Some(q) = &r.quiet_hours {
                for t in [&q.from, &q.to] {
                    unknown(v, "quiet_hours", t, check::parse_time(t.get_ref()).is_some());
                }
            }
            for k in p.points.keys() {
                unknown(v, "points", k, REQUIREMENTS.contains(&k.get_ref().as_str()));
            }
            let range = |v: &mut Validator, field: &str, span: std::ops::Range<usize>, ok: bool, range: &str| {
                if !ok {
                    v.error(Some(span), msg::out_of_range(id, field, range));
                }
            };
            if let Some(h) = &r.first_message_hours {
                range(v, "first_message_hours", h.span(), (0.0..=8760.0).contains(h.get_ref()), "0–8760");
            }
            if let Some(p) = &r.reach_percent {
                range(v, "reach_percent", p.span(), (0.0..=100.0).contains(p.get_ref()), "0–100");
            }
            if let Some(k) = &r.kpi_min {
                range(v, "kpi_min", k.span(), (1..=Metric::ALL.len()).contains(k.get_ref()), "1–9");
            }
            if let Some(c) = &r.cap {
                range(v, "cap.messages", c.messages.span(), (1..=1000).contains(c.messages.get_ref()), "1–1000");
                range(v, "cap.days", c.days.span(), (1..=365).contains(c.days.get_ref()), "1–365");
            }
            for w in p.points.values() {
                range(v, "points", w.span(), w.get_ref().is_finite() && *w.get_ref() >= 0.0, "0 и больше");
            }
            if let Some(s) = &p.starter
                && let Err(issues) = scenario::parse(s.get_ref())
            {
                let at = issues[0].span.as_ref().map_or(0, |r| r.start);
                v.error(Some(inside_string(s, at)), msg::bad_starter(id, &issues[0].message));
            }
        }
    }

    fn grade(spec: &Spec, answer: &Answer, ctx: &GradeCtx) -> Outcome {
        let mut out = Outcome::default();
        let single = spec.parts.len() == 1;
        for part in &spec.parts {
            let text = answer.parts.get(part.id.get_ref()).or_else(|| if single { answer.parts.get("") } else { None });
            grade_part(spec, part, text.map(String::as_str), ctx, &mut out);
        }
        out
    }

    fn parse_answer_file(text: &str) -> Result<Answer, String> {
        Ok(Answer { parts: split_parts(text) })
    }

    fn place_label(spec: &Spec, at: &Place) -> Option<String> {
        let Place::Scenario { part, field } = at else { return None };
        let (part, field) = (part.as_str(), field.as_str());
        let title = spec.parts.iter().find(|p| p.id.get_ref() == part).map_or(part, |p| p.title.as_str());
        Some(if field.is_empty() { title.to_owned() } else { format!("{title} — {}", msg::place(field)) })
    }
}

struct Grader<'a> {
    part: &'a Part,
    out: &'a mut Outcome,
}

impl Grader<'_> {
    fn check(&mut self, key: &str, field: &str, ok: bool, good: String, bad: String) {
        let w = self.weight(key);
        self.out.possible += w;
        let at = Place::Scenario { part: self.part.id.get_ref().clone(), field: field.to_owned() };
        if w == 0.0 {
            // Worth no points: said, not scored.
            self.out.findings.push(Finding::new(Some(at), super::Severity::Note, if ok { good } else { bad }));
        } else if ok {
            self.out.earned += w;
            self.out.findings.push(Finding::correct(at, good));
        } else {
            self.out.findings.push(Finding::wrong(at, bad));
        }
    }

    fn weight(&self, key: &str) -> f64 {
        self.part.points.get(key).map_or(1.0, |w| *w.get_ref())
    }
}

/// The requirements a part states, by name (for the points of an unparsable answer).
fn stated(r: &Require) -> Vec<&'static str> {
    let mut v = vec!["runs"];
    let flags = [
        ("trigger", !r.trigger.is_empty()),
        ("first_message", r.first_message_hours.is_some()),
        ("channels", !r.channels.is_empty()),
        ("min_sends", r.min_sends.is_some()),
        ("exit_on_goal", r.exit_on_goal),
        ("control", r.control),
        ("brief", r.brief),
        ("consent", r.consent),
        ("quiet_hours", r.quiet_hours.is_some()),
        ("cap", r.cap.is_some()),
        ("reach", r.reach_percent.is_some()),
        ("goal_reached", r.goal_reached),
    ];
    v.extend(flags.iter().filter(|f| f.1).map(|f| f.0));
    v
}

fn grade_part(spec: &Spec, part: &Part, text: Option<&str>, ctx: &GradeCtx, out: &mut Outcome) {
    let mut g = Grader { part, out };
    let r = &part.require;
    let missing_all = |g: &mut Grader, message: String| {
        for k in stated(r) {
            g.out.possible += g.weight(k);
        }
        g.out
            .findings
            .push(Finding::missing(Place::Scenario { part: part.id.get_ref().clone(), field: String::new() }, message));
    };
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        missing_all(&mut g, msg::part_missing(&part.title));
        return;
    };
    let sc = match scenario::parse(text) {
        Ok(sc) => sc,
        Err(issues) => {
            for k in stated(r) {
                g.out.possible += g.weight(k);
            }
            for i in issues.iter().take(20) {
                let (line, col) = crate::base::text::line_column(text, i.span.as_ref().map_or(0, |s| s.start));
                g.out.findings.push(Finding::wrong(
                    Place::Scenario { part: part.id.get_ref().clone(), field: String::new() },
                    msg::parse_error(line, col, &i.message),
                ));
            }
            return;
        }
    };
    structural(&mut g, &sc);
    // The run on the learner's variant of the shop.
    let (from, to) = spec.period();
    let audit = sim::Audit {
        quiet: r.quiet_hours.as_ref().and_then(|q| {
            Some(crate::scenario::model::Quiet {
                from: check::parse_time(q.from.get_ref())?,
                to: check::parse_time(q.to.get_ref())?,
                skip: false,
            })
        }),
        cap: r.cap.as_ref().map(|c| (*c.messages.get_ref(), *c.days.get_ref())),
    };
    let set = sim::Settings { from, to, seed: ctx.variant, audit, threads: 1, record_events: false };
    let launched = match scenario::launch_generated(&sc, ctx.variant, *spec.customers.get_ref(), &set) {
        Ok(l) => l,
        Err(e) => {
            g.check("runs", "", false, String::new(), msg::run_failed(&e));
            return;
        }
    };
    let res = &launched.results;
    let entries = res.groups[0].n + res.groups[1].n;
    g.check("runs", "", entries > 0, msg::runs(res.groups[0].n, res.groups[1].n), msg::NO_ENTRIES.into());
    if r.brief {
        brief(&mut g, &sc, &launched);
    }
    if r.consent {
        let bad = res.suppressed[sim::Reason::NoConsent as usize] + res.suppressed[sim::Reason::NotSubscribed as usize];
        let step = first_step_with(&sc, res, |s| {
            s.suppressed[sim::Reason::NoConsent as usize] + s.suppressed[sim::Reason::NotSubscribed as usize] > 0
        });
        let field = step.map_or("entry/condition".to_owned(), |s| format!("step:{s}"));
        g.check(
            "consent",
            &field,
            bad == 0,
            msg::CONSENT_OK.into(),
            msg::consent_bad(
                res.suppressed[sim::Reason::NoConsent as usize],
                res.suppressed[sim::Reason::NotSubscribed as usize],
                step.unwrap_or(""),
            ),
        );
    }
    if let Some(q) = &r.quiet_hours {
        let ex = res.audit.night_example.map(|(id, t)| (id, crate::scenario::report::stamp(t)));
        g.check(
            "quiet_hours",
            "limits/quiet_hours",
            res.audit.night_sends == 0,
            msg::quiet_ok(q.from.get_ref(), q.to.get_ref()),
            msg::quiet_bad(
                q.from.get_ref(),
                q.to.get_ref(),
                res.audit.night_sends,
                ex.as_ref().map(|(id, t)| (*id, t.as_str())),
            ),
        );
    }
    if let Some(c) = &r.cap {
        let ex = res.audit.over_cap_example.map(|(id, t)| (id, crate::scenario::report::stamp(t)));
        g.check(
            "cap",
            "limits/cap",
            res.audit.over_cap == 0,
            msg::cap_ok(*c.messages.get_ref(), *c.days.get_ref()),
            msg::cap_bad(
                *c.messages.get_ref(),
                *c.days.get_ref(),
                res.audit.over_cap,
                ex.as_ref().map(|(id, t)| (*id, t.as_str())),
            ),
        );
    }
    if let Some(min) = r.reach_percent.as_ref().map(|p| *p.get_ref()) {
        let share = if res.target > 0 { res.reached as f64 / res.target as f64 * 100.0 } else { 0.0 };
        g.check(
            "reach",
            "brief/segment",
            share >= min,
            msg::reach(res.reached, res.target, share, min, true),
            msg::reach(res.reached, res.target, share, min, false),
        );
    }
    if r.goal_reached {
        let status = sc.brief.as_ref().map(|b| (b, goal_status(res, &b.goal)));
        let ok = matches!(status, Some((_, GoalStatus::Reached { .. })));
        let text = match status {
            Some((b, s)) => crate::strings::scenario::goal_line(&b.goal, s),
            None => msg::NO_BRIEF.into(),
        };
        g.check("goal_reached", "brief/goal", ok, text.clone(), text);
    }
}

fn first_step_with<'s>(sc: &'s Scenario, r: &sim::Results, pred: impl Fn(&sim::StepStats) -> bool) -> Option<&'s str> {
    sc.steps.iter().zip(&r.steps).find(|(_, st)| pred(st)).map(|(s, _)| s.id.as_str())
}

/// The longest time from the trigger to the first send along the path taken when every
/// branch goes `then`, every split its first variant and every event wait times out.
fn first_send_delay(sc: &Scenario) -> Option<(usize, i64)> {
    let mut cur = if sc.steps.is_empty() { None } else { Some(0) };
    let mut delay = 0i64;
    let mut guard = sc.steps.len() + 1;
    while let Some(k) = cur {
        if guard == 0 {
            return None;
        }
        guard -= 1;
        let s = &sc.steps[k];
        cur = s.next;
        match &s.action {
            Action::Send { .. } => return Some((k, delay)),
            Action::Wait { secs } => delay += secs,
            Action::WaitUntil { .. } => delay += data::DAY,
            Action::WaitEvent { secs, timeout, .. } => {
                delay += secs;
                cur = *timeout;
            }
            Action::Split { variants } => cur = variants.first().and_then(|v| v.1),
            Action::Exit => return None,
            _ => {}
        }
    }
    None
}

fn structural(g: &mut Grader, sc: &Scenario) {
    let r = &g.part.require;
    if !r.trigger.is_empty() {
        let key = sc.trigger.key();
        g.check(
            "trigger",
            "trigger/event",
            r.trigger.iter().any(|t| t.get_ref() == key),
            msg::trigger_ok(key),
            msg::trigger_bad(key, &plain(&r.trigger)),
        );
    }
    if let Some(hours) = r.first_message_hours.as_ref().map(|h| *h.get_ref()) {
        match first_send_delay(sc) {
            Some((k, secs)) => {
                let h = secs as f64 / 3600.0;
                let id = &sc.steps[k].id;
                g.check(
                    "first_message",
                    &format!("step:{id}"),
                    h <= hours + 1e-9,
                    msg::first_ok(id, h),
                    msg::first_bad(id, h, hours),
                );
            }
            None => g.check("first_message", "", false, String::new(), msg::NO_SEND.into()),
        }
    }
    if !r.channels.is_empty() {
        let wrong = sc.steps.iter().find_map(|s| match &s.action {
            Action::Send { channel, .. } if !r.channels.iter().any(|c| c.get_ref() == channel.key()) => {
                Some((s.id.as_str(), *channel))
            }
            _ => None,
        });
        let any = sc.channels().next().is_some();
        let field = wrong.map_or(String::new(), |(id, _)| format!("step:{id}/channel"));
        let bad = match wrong {
            Some((id, c)) => msg::channel_bad(id, c.key(), &plain(&r.channels)),
            None => msg::NO_SEND.into(),
        };
        g.check("channels", &field, wrong.is_none() && any, msg::channels_ok(&plain(&r.channels)), bad);
    }
    if let Some(min) = r.min_sends {
        let n = sc.channels().count();
        g.check("min_sends", "", n >= min, msg::sends(n, min, true), msg::sends(n, min, false));
    }
    if r.exit_on_goal {
        g.check("exit_on_goal", "exit/on_goal", sc.exit_on_goal, msg::EXIT_OK.into(), msg::EXIT_BAD.into());
    }
    if r.control {
        let pct = f64::from(sc.control_bp) / 100.0;
        g.check("control", "entry/control_percent", sc.control_bp > 0, msg::control_ok(pct), msg::CONTROL_BAD.into());
    }
}

fn brief(g: &mut Grader, sc: &Scenario, l: &scenario::Launched) {
    let r = &g.part.require;
    let Some(b) = &sc.brief else {
        g.check("brief", "brief", false, String::new(), msg::NO_BRIEF.into());
        return;
    };
    let mut problems: Vec<(String, String)> = Vec::new();
    if !r.goal_metrics.is_empty() && !r.goal_metrics.iter().any(|m| m.get_ref() == b.goal.metric.key()) {
        problems.push(("brief/goal".into(), msg::goal_metric_bad(b.goal.metric.key(), &plain(&r.goal_metrics))));
    }
    if !b.kpi.contains(&b.goal.metric) {
        problems.push(("brief/kpi".into(), msg::goal_not_kpi(b.goal.metric.key())));
    }
    let min = r.kpi_min.as_ref().map_or(1, |k| *k.get_ref());
    if b.kpi.len() < min {
        problems.push(("brief/kpi".into(), msg::kpi_few(b.kpi.len(), min)));
    }
    match &b.segment {
        None => problems.push(("brief/segment".into(), msg::NO_SEGMENT.into())),
        Some(_) if l.results.target == 0 => problems.push(("brief/segment".into(), msg::SEGMENT_EMPTY.into())),
        Some(_) => {}
    }
    match problems.first() {
        None => g.check("brief", "brief", true, msg::brief_ok(b.goal.metric.key(), b.kpi.len()), String::new()),
        Some((field, _)) => {
            let text: Vec<&str> = problems.iter().map(|p| p.1.as_str()).collect();
            g.check("brief", &field.clone(), false, String::new(), text.join("; "))
        }
    }
}

#[cfg(test)]
mod tests;
