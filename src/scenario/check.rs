//! From the file as written to the checked [`Scenario`]: every problem with its span.

use std::collections::HashMap;
use std::ops::Range;

use super::condition::{self, Expr, Field};
use super::file::{S, ScenarioFile, StepFile};
use super::model::*;
use crate::strings::scenario as msg;

/// One problem of a scenario file, at a byte range of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub span: Option<Range<usize>>,
    pub message: String,
}

/// RFM models the `rfm` field may use: their group names.
pub fn rfm_groups(model: &str) -> Option<Vec<String>> {
    Some(rfm_model(model)?.names)
}

/// An RFM group's name as conditions compare it: without case and the quotes some
/// names carry («Спящие»).
pub fn group_key(name: &str) -> String {
    name.trim().trim_matches(['«', '»', '"', '\'']).trim().to_lowercase()
}

/// A built-in RFM model by name.
pub fn rfm_model(name: &str) -> Option<crate::data::rfm::Model> {
    let text = crate::data::rfm::model::builtin(name)?;
    crate::data::rfm::ModelSpec::from_toml(text).ok()?.compile().ok()
}

/// Parses and checks a scenario. All problems are reported, not only the first.
pub fn parse(text: &str) -> Result<Scenario, Vec<Issue>> {
    let file: ScenarioFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            return Err(vec![Issue { span: e.span(), message: crate::strings::course::toml_error(e.message()) }]);
        }
    };
    let mut c = Checker { text, issues: Vec::new() };
    let scenario = c.scenario(&file);
    if c.issues.is_empty() {
        Ok(scenario)
    } else {
        c.issues.sort_by_key(|i| i.span.as_ref().map_or(0, |s| s.start));
        Err(c.issues)
    }
}

struct Checker<'t> {
    text: &'t str,
    issues: Vec<Issue>,
}

impl Checker<'_> {
    fn err(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.issues.push(Issue { span: Some(span), message: message.into() });
    }

    /// A condition written in a TOML string: its errors point inside the string.
    fn condition(&mut self, s: &S<String>, groups: &[String]) -> Option<Expr> {
        // The text starts after the opening quote(s); escapes would shift columns, which
        // conditions seldom have.
        let span = s.span();
        let raw = self.text.get(span.clone()).unwrap_or("");
        let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") { 3 } else { 1 };
        let base = span.start + quote;
        match condition::parse(s.get_ref()) {
            Ok(e) => {
                let mut texts = Vec::new();
                e.texts_of(Field::Rfm, &mut texts);
                for (t, at) in texts {
                    if !groups.iter().any(|g| group_key(g) == group_key(&t)) {
                        self.err(base + at.start..base + at.end, msg::unknown_group(&t, groups));
                    }
                }
                Some(e)
            }
            Err(e) => {
                let at = (base + e.at.start).min(span.end)..(base + e.at.end).min(span.end);
                self.err(at, e.message);
                None
            }
        }
    }

    fn scenario(&mut self, f: &ScenarioFile) -> Scenario {
        let rfm_model = f.rfm_model.as_ref().map_or("course7".to_owned(), |m| m.get_ref().clone());
        let groups = match rfm_groups(&rfm_model) {
            Some(g) => g,
            None => {
                if let Some(m) = &f.rfm_model {
                    self.err(m.span(), msg::unknown_rfm_model(m.get_ref()));
                }
                Vec::new()
            }
        };
        let brief = f.brief.as_ref().and_then(|b| self.brief(b.get_ref(), &groups));
        let trigger = self.trigger(&f.trigger, &groups);
        let (entry, control_bp, reentry) = match &f.entry {
            Some(e) => {
                let e = e.get_ref();
                let cond = e.condition.as_ref().and_then(|c| self.condition(c, &groups));
                let control = e.control_percent.as_ref().map_or(0.0, |p| {
                    let v = *p.get_ref();
                    if !(0.0..=50.0).contains(&v) || !v.is_finite() {
                        self.err(p.span(), msg::BAD_CONTROL);
                    }
                    v
                });
                let reentry = match e.reentry.as_ref().map(|r| (r.get_ref().as_str(), r.span())) {
                    None | Some(("never", _)) => Reentry::Never,
                    Some(("after_exit", _)) => Reentry::AfterExit,
                    Some(("after_days", span)) => match &e.reentry_days {
                        Some(d) if *d.get_ref() >= 1 && *d.get_ref() <= 3650 => Reentry::AfterDays(*d.get_ref()),
                        Some(d) => {
                            self.err(d.span(), msg::BAD_REENTRY_DAYS);
                            Reentry::Never
                        }
                        None => {
                            self.err(span, msg::BAD_REENTRY_DAYS);
                            Reentry::Never
                        }
                    },
                    Some((other, span)) => {
                        self.err(span, msg::unknown_value("reentry", other, &["never", "after_exit", "after_days"]));
                        Reentry::Never
                    }
                };
                (cond, (control.clamp(0.0, 50.0) * 100.0).round() as u32, reentry)
            }
            None => (None, 0, Reentry::Never),
        };
        let (exit_on_goal, exit_on_unsubscribe) = f.exit.as_ref().map_or((false, false), |e| {
            let e = e.get_ref();
            (e.on_goal.as_ref().is_some_and(|v| *v.get_ref()), e.on_unsubscribe.as_ref().is_some_and(|v| *v.get_ref()))
        });
        let (mut cap, mut quiet) = (None, None);
        if let Some(l) = &f.limits {
            let l = l.get_ref();
            if let Some(c) = &l.cap {
                let c = c.get_ref();
                let (m, d) = (*c.messages.get_ref(), *c.days.get_ref());
                if !(1..=1000).contains(&m) {
                    self.err(c.messages.span(), msg::BAD_CAP_MESSAGES);
                } else if !(1..=365).contains(&d) {
                    self.err(c.days.span(), msg::BAD_CAP_DAYS);
                } else {
                    cap = Some((m as u32, d));
                }
            }
            if let Some(q) = &l.quiet_hours {
                let q = q.get_ref();
                let from = self.time_of_day(&q.from);
                let to = self.time_of_day(&q.to);
                let skip = match q.action.as_ref().map(|a| (a.get_ref().as_str(), a.span())) {
                    None | Some(("delay", _)) => false,
                    Some(("skip", _)) => true,
                    Some((other, span)) => {
                        self.err(span, msg::unknown_value("action", other, &["delay", "skip"]));
                        false
                    }
                };
                if let (Some(from), Some(to)) = (from, to) {
                    if from == to {
                        self.err(q.to.span(), msg::QUIET_EMPTY);
                    } else {
                        quiet = Some(Quiet { from, to, skip });
                    }
                }
            }
        }
        let (steps, tags) = self.steps(&f.step, &groups);
        Scenario {
            name: f.name.as_ref().map_or_else(String::new, |n| n.get_ref().clone()),
            rfm_model,
            brief,
            trigger,
            entry,
            control_bp,
            reentry,
            exit_on_goal,
            exit_on_unsubscribe,
            cap,
            quiet,
            steps,
            tags,
        }
    }

    fn brief(&mut self, b: &super::file::BriefFile, groups: &[String]) -> Option<Brief> {
        let g = b.goal.get_ref();
        let metric = Metric::from_key(g.metric.get_ref());
        match metric {
            None => self.err(g.metric.span(), msg::unknown_metric(g.metric.get_ref(), true)),
            Some(m) if !m.is_goal() => self.err(g.metric.span(), msg::not_a_goal(m.key())),
            _ => {}
        }
        let change = *g.change.get_ref();
        if !(change.is_finite() && change > 0.0 && change <= 1000.0) {
            self.err(g.change.span(), msg::BAD_CHANGE);
        }
        let unit = match g.unit.as_ref().map(|u| (u.get_ref().as_str(), u.span())) {
            None | Some(("%", _)) => GoalUnit::Percent,
            Some(("pp", span)) => {
                if metric.is_some_and(|m| !m.is_rate()) {
                    self.err(span, msg::POINTS_NOT_RATE);
                }
                GoalUnit::Points
            }
            Some((other, span)) => {
                self.err(span, msg::unknown_value("unit", other, &["%", "pp"]));
                GoalUnit::Percent
            }
        };
        let period = *g.period_days.get_ref();
        if !(1..=365).contains(&period) {
            self.err(g.period_days.span(), msg::BAD_PERIOD);
        }
        let segment = b.segment.as_ref().and_then(|s| self.condition(s, groups));
        let mut kpi = Vec::new();
        for k in &b.kpi {
            match Metric::from_key(k.get_ref()) {
                Some(m) => kpi.push(m),
                None => self.err(k.span(), msg::unknown_metric(k.get_ref(), false)),
            }
        }
        let metric = metric.filter(|m| m.is_goal())?;
        Some(Brief { goal: Goal { metric, change, unit, period_days: period.clamp(1, 365) }, segment, kpi })
    }

    fn trigger(&mut self, t: &S<super::file::TriggerFile>, groups: &[String]) -> Trigger {
        let tf = t.get_ref();
        let ev = tf.event.get_ref().as_str();
        let days = |c: &mut Self, lo: i64, hi: i64| -> i64 {
            match &tf.days {
                Some(d) if (lo..=hi).contains(d.get_ref()) => *d.get_ref(),
                Some(d) => {
                    c.err(d.span(), msg::bad_trigger_days(lo, hi));
                    lo.max(0)
                }
                None => {
                    c.err(tf.event.span(), msg::trigger_needs("days"));
                    lo.max(0)
                }
            }
        };
        let trigger = match ev {
            "registration" => Trigger::Registration,
            "first_purchase" => Trigger::FirstPurchase,
            "order" => {
                let number = tf.number.as_ref().and_then(|n| {
                    if (1..=1000).contains(n.get_ref()) {
                        Some(*n.get_ref() as u32)
                    } else {
                        self.err(n.span(), msg::BAD_ORDER_NUMBER);
                        None
                    }
                });
                Trigger::Order { number }
            }
            "no_order" => Trigger::NoOrder { days: days(self, 1, 3650) },
            "birthday" => Trigger::Birthday { days: days(self, -30, 30) },
            "cart_abandoned" => {
                let hours = match &tf.hours {
                    Some(h) if (1..=168).contains(h.get_ref()) => *h.get_ref(),
                    Some(h) => {
                        self.err(h.span(), msg::BAD_CART_HOURS);
                        1
                    }
                    None => {
                        self.err(tf.event.span(), msg::trigger_needs("hours"));
                        1
                    }
                };
                Trigger::CartAbandoned { hours }
            }
            "subscription" => Trigger::Subscription,
            "segment" => match &tf.condition {
                Some(c) => match self.condition(c, groups) {
                    Some(e) => Trigger::Segment(e),
                    None => Trigger::Registration,
                },
                None => {
                    self.err(tf.event.span(), msg::trigger_needs("condition"));
                    Trigger::Registration
                }
            },
            other => {
                self.err(tf.event.span(), msg::unknown_value("event", other, &Trigger::KEYS));
                Trigger::Registration
            }
        };
        // Parameters that do not belong to the event.
        let extra: [(&str, Option<Range<usize>>, bool); 4] = [
            (
                "days",
                tf.days.as_ref().map(|d| d.span()),
                matches!(trigger, Trigger::NoOrder { .. } | Trigger::Birthday { .. }),
            ),
            ("hours", tf.hours.as_ref().map(|d| d.span()), matches!(trigger, Trigger::CartAbandoned { .. })),
            ("number", tf.number.as_ref().map(|d| d.span()), matches!(trigger, Trigger::Order { .. })),
            ("condition", tf.condition.as_ref().map(|d| d.span()), matches!(trigger, Trigger::Segment(_))),
        ];
        for (name, span, allowed) in extra {
            if let (Some(span), false) = (span, allowed) {
                self.err(span, msg::field_not_for("trigger", name, ev));
            }
        }
        trigger
    }

    fn time_of_day(&mut self, s: &S<String>) -> Option<i64> {
        let parsed = parse_time(s.get_ref());
        if parsed.is_none() {
            self.err(s.span(), msg::bad_time(s.get_ref()));
        }
        parsed
    }

    fn steps(&mut self, steps: &[S<StepFile>], groups: &[String]) -> (Vec<Step>, Vec<String>) {
        if steps.is_empty() {
            self.issues.push(Issue { span: None, message: msg::NO_STEPS.into() });
            return (Vec::new(), Vec::new());
        }
        if steps.len() > MAX_STEPS {
            self.err(steps[MAX_STEPS].get_ref().id.span(), msg::too_many_steps(steps.len(), MAX_STEPS));
            return (Vec::new(), Vec::new());
        }
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, s) in steps.iter().enumerate() {
            let id = s.get_ref().id.get_ref().as_str();
            if id.is_empty() || id.contains(char::is_whitespace) || id == END {
                self.err(s.get_ref().id.span(), msg::bad_step_id(id));
            } else if index.insert(id, i).is_some() {
                self.err(s.get_ref().id.span(), msg::duplicate_step(id));
            }
        }
        let mut tags: Vec<String> = Vec::new();
        let mut out = Vec::with_capacity(steps.len());
        for (i, s) in steps.iter().enumerate() {
            let s = s.get_ref();
            let target = |c: &mut Self, t: &S<String>| -> Next {
                let name = t.get_ref().as_str();
                if name == END {
                    return None;
                }
                match index.get(name) {
                    Some(&k) => Some(k),
                    None => {
                        c.err(t.span(), msg::unknown_step(name));
                        None
                    }
                }
            };
            let default_next = if i + 1 < steps.len() { Some(i + 1) } else { None };
            let next = s.next.as_ref().map_or(default_next, |n| target(self, n));
            let kind = s.kind.get_ref().as_str();
            let action = match kind {
                "wait" => self.wait(s, &target),
                "send" => self.send(s),
                "branch" => {
                    let cond = match s.if_.as_ref().map(|v| (v.get_ref().as_str(), v.span())) {
                        Some(("opened", _)) | Some(("clicked", _)) => {
                            let of = s.of.as_ref().and_then(|o| {
                                let k = target(self, o)?;
                                if steps[k].get_ref().kind.get_ref() != "send" {
                                    self.err(o.span(), msg::not_a_send(o.get_ref()));
                                }
                                Some(k)
                            });
                            if s.if_.as_ref().is_some_and(|v| v.get_ref() == "opened") {
                                BranchIf::Opened(of)
                            } else {
                                BranchIf::Clicked(of)
                            }
                        }
                        Some(("purchased", _)) => BranchIf::Purchased,
                        Some(("condition", span)) => match &s.condition {
                            Some(c) => self.condition(c, groups).map_or(BranchIf::Purchased, BranchIf::Condition),
                            None => {
                                self.err(span, msg::step_needs("condition"));
                                BranchIf::Purchased
                            }
                        },
                        Some((other, span)) => {
                            self.err(
                                span,
                                msg::unknown_value("if", other, &["opened", "clicked", "purchased", "condition"]),
                            );
                            BranchIf::Purchased
                        }
                        None => {
                            self.err(s.kind.span(), msg::step_needs("if"));
                            BranchIf::Purchased
                        }
                    };
                    let then = s.then.as_ref().map_or(next, |t| target(self, t));
                    let otherwise = s.else_.as_ref().map_or(default_next, |t| target(self, t));
                    out.push(Step {
                        id: s.id.get_ref().clone(),
                        action: Action::Branch { cond, otherwise },
                        next: then,
                        span: s.id.span(),
                    });
                    self.foreign_fields(s, kind);
                    continue;
                }
                "split" => {
                    if s.variants.len() < 2 {
                        self.err(s.kind.span(), msg::SPLIT_NEEDS_TWO);
                    }
                    let mut total = 0.0;
                    let mut variants = Vec::new();
                    for v in &s.variants {
                        let v = v.get_ref();
                        let share = *v.share.get_ref();
                        if !(share.is_finite() && share > 0.0) {
                            self.err(v.share.span(), msg::BAD_SHARE);
                        }
                        total += share;
                        variants.push(((share.max(0.0) * 100.0).round() as u32, target(self, &v.next)));
                    }
                    if s.variants.len() >= 2 && (total - 100.0).abs() > 1e-6 {
                        self.err(s.kind.span(), msg::shares_sum(total));
                    }
                    Action::Split { variants }
                }
                "tag" => match &s.tag {
                    Some(t) if !t.get_ref().trim().is_empty() => {
                        let name = t.get_ref().trim().to_lowercase();
                        let k = tags.iter().position(|x| *x == name).unwrap_or_else(|| {
                            tags.push(name);
                            tags.len() - 1
                        });
                        Action::Tag { tag: k as u16 }
                    }
                    Some(t) => {
                        self.err(t.span(), msg::step_needs("tag"));
                        Action::Exit
                    }
                    None => {
                        self.err(s.kind.span(), msg::step_needs("tag"));
                        Action::Exit
                    }
                },
                "exit" => Action::Exit,
                other => {
                    self.err(s.kind.span(), msg::unknown_value("type", other, &STEP_TYPES));
                    Action::Exit
                }
            };
            self.foreign_fields(s, kind);
            let next = if matches!(action, Action::Exit | Action::Split { .. }) { None } else { next };
            out.push(Step { id: s.id.get_ref().clone(), action, next, span: s.id.span() });
        }
        if self.issues.is_empty() {
            self.graph(&out, steps);
        }
        (out, tags)
    }

    fn wait(&mut self, s: &StepFile, target: &dyn Fn(&mut Self, &S<String>) -> Next) -> Action {
        let mut secs = 0.0;
        let mut any = false;
        for (v, unit) in [(&s.days, 86_400.0), (&s.hours, 3_600.0), (&s.minutes, 60.0)] {
            if let Some(v) = v {
                any = true;
                let x = *v.get_ref();
                if !x.is_finite() || x < 0.0 {
                    self.err(v.span(), msg::NEGATIVE_WAIT);
                } else if x * unit > 3650.0 * 86_400.0 {
                    self.err(v.span(), msg::WAIT_TOO_LONG);
                } else {
                    secs += x * unit;
                }
            }
        }
        let secs = secs.round() as i64;
        if let Some(e) = &s.event {
            let Some(event) = WaitEvent::from_key(e.get_ref()) else {
                self.err(e.span(), msg::unknown_value("event", e.get_ref(), &WaitEvent::KEYS));
                return Action::Exit;
            };
            if !any || secs == 0 {
                self.err(e.span(), msg::EVENT_NEEDS_TIMEOUT);
            }
            let timeout = match &s.on_timeout {
                Some(t) => target(self, t),
                None => {
                    self.err(e.span(), msg::step_needs("on_timeout"));
                    None
                }
            };
            return Action::WaitEvent { event, secs, timeout };
        }
        if let Some(u) = &s.until {
            if any {
                self.err(u.span(), msg::UNTIL_AND_DURATION);
            }
            return match parse_time(u.get_ref()) {
                Some(minute) => Action::WaitUntil { minute },
                None => {
                    self.err(u.span(), msg::bad_time(u.get_ref()));
                    Action::Exit
                }
            };
        }
        if !any {
            self.err(s.kind.span(), msg::WAIT_NEEDS);
        }
        Action::Wait { secs }
    }

    fn send(&mut self, s: &StepFile) -> Action {
        let channel = match &s.channel {
            Some(c) => match Channel::from_key(c.get_ref()) {
                Some(ch) => Some(ch),
                None => {
                    self.err(c.span(), msg::unknown_channel(c.get_ref()));
                    None
                }
            },
            None => {
                self.err(s.kind.span(), msg::step_needs("channel"));
                None
            }
        };
        let text = match &s.text {
            Some(t) if !t.get_ref().trim().is_empty() => t.get_ref().clone(),
            Some(t) => {
                self.err(t.span(), msg::step_needs("text"));
                String::new()
            }
            None => {
                self.err(s.kind.span(), msg::step_needs("text"));
                String::new()
            }
        };
        let subject = s.subject.as_ref().map_or_else(String::new, |x| x.get_ref().clone());
        if channel == Some(Channel::Email) && subject.trim().is_empty() {
            self.err(s.subject.as_ref().map_or(s.kind.span(), |x| x.span()), msg::step_needs("subject"));
        }
        if channel.is_some_and(|c| c != Channel::Email)
            && let Some(x) = &s.subject
        {
            self.err(x.span(), msg::SUBJECT_EMAIL_ONLY);
        }
        let offer = match s.offer.as_ref().map(|o| (o.get_ref().as_str(), o.span())) {
            None => Offer::None,
            Some(("discount", span)) => match &s.discount {
                Some(d) if (1..=90).contains(d.get_ref()) => Offer::Discount(*d.get_ref() as u32),
                Some(d) => {
                    self.err(d.span(), msg::BAD_DISCOUNT);
                    Offer::None
                }
                None => {
                    self.err(span, msg::step_needs("discount"));
                    Offer::None
                }
            },
            Some(("free_delivery", _)) => Offer::FreeDelivery,
            Some(("gift", _)) => Offer::Gift,
            Some(("bonus", _)) => Offer::Bonus,
            Some(("selection", _)) => Offer::Selection,
            Some((other, span)) => {
                self.err(span, msg::unknown_value("offer", other, &Offer::KEYS));
                Offer::None
            }
        };
        if let (Some(d), false) = (&s.discount, matches!(offer, Offer::Discount(_)))
            && s.offer.as_ref().is_none_or(|o| o.get_ref() != "discount")
        {
            self.err(d.span(), msg::DISCOUNT_WITHOUT_OFFER);
        }
        for field in [&s.subject, &s.text].into_iter().flatten() {
            self.placeholders(field, matches!(offer, Offer::Discount(_)));
        }
        Action::Send { channel: channel.unwrap_or(Channel::Email), subject, text, offer }
    }

    fn placeholders(&mut self, s: &S<String>, has_discount: bool) {
        let text = s.get_ref();
        let base = s.span().start + 1;
        let mut rest = 0;
        while let Some(open) = text[rest..].find('{') {
            let open = rest + open;
            let Some(close) = text[open..].find('}').map(|k| open + k) else {
                self.err(base + open..base + open + 1, msg::PLACEHOLDER_UNCLOSED);
                return;
            };
            let name = &text[open + 1..close];
            if !PLACEHOLDERS.contains(&name) {
                self.err(base + open..base + close + 1, msg::unknown_placeholder(name, &PLACEHOLDERS));
            } else if name == "скидка" && !has_discount {
                self.err(base + open..base + close + 1, msg::DISCOUNT_PLACEHOLDER);
            }
            rest = close + 1;
        }
    }

    /// Fields given that the step's type does not read.
    fn foreign_fields(&mut self, s: &StepFile, kind: &str) {
        let Some(allowed) = step_fields(kind) else { return };
        let given: [(&str, Option<Range<usize>>); 18] = [
            ("next", s.next.as_ref().map(|x| x.span())),
            ("days", s.days.as_ref().map(|x| x.span())),
            ("hours", s.hours.as_ref().map(|x| x.span())),
            ("minutes", s.minutes.as_ref().map(|x| x.span())),
            ("until", s.until.as_ref().map(|x| x.span())),
            ("event", s.event.as_ref().map(|x| x.span())),
            ("on_timeout", s.on_timeout.as_ref().map(|x| x.span())),
            ("channel", s.channel.as_ref().map(|x| x.span())),
            ("subject", s.subject.as_ref().map(|x| x.span())),
            ("text", s.text.as_ref().map(|x| x.span())),
            ("offer", s.offer.as_ref().map(|x| x.span())),
            ("discount", s.discount.as_ref().map(|x| x.span())),
            ("if", s.if_.as_ref().map(|x| x.span())),
            ("of", s.of.as_ref().map(|x| x.span())),
            ("condition", s.condition.as_ref().map(|x| x.span())),
            ("then", s.then.as_ref().map(|x| x.span())),
            ("else", s.else_.as_ref().map(|x| x.span())),
            ("tag", s.tag.as_ref().map(|x| x.span())),
        ];
        for (name, span) in given {
            if let (Some(span), false) = (span, allowed.contains(&name)) {
                self.err(span, msg::field_not_for("step", name, kind));
            }
        }
        if kind != "split"
            && let Some(v) = s.variants.first()
        {
            self.err(v.span(), msg::field_not_for("step", "variants", kind));
        }
    }

    /// Cycles and unreachable steps: the steps must form a graph without loops, all
    /// reachable from the first.
    fn graph(&mut self, steps: &[Step], files: &[S<StepFile>]) {
        let n = steps.len();
        // 0 = unseen, 1 = on the path, 2 = done. Iterative DFS: 200 steps at most, but no
        // recursion on input anyway.
        let mut state = vec![0u8; n];
        let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
        state[0] = 1;
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            let succ = successors(&steps[v]);
            if *k < succ.len() {
                let (w, field) = succ[*k];
                *k += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => {
                        let span =
                            field_span(files[v].get_ref(), field).unwrap_or_else(|| files[v].get_ref().id.span());
                        self.err(span, msg::cycle(&steps[v].id, &steps[w].id));
                        return;
                    }
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
        for (i, s) in steps.iter().enumerate() {
            if state[i] == 0 {
                self.err(s.span.clone(), msg::unreachable(&s.id));
            }
        }
    }
}

/// The fields a step of type `kind` reads besides `id` and `type`; `None` for a type
/// that is none.
pub fn step_fields(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "wait" => &["next", "days", "hours", "minutes", "until", "event", "on_timeout"],
        "send" => &["next", "channel", "subject", "text", "offer", "discount"],
        "branch" => &["if", "of", "condition", "then", "else"],
        "split" => &["variants"],
        "tag" => &["next", "tag"],
        "exit" => &[],
        _ => return None,
    })
}

/// The step types.
pub const STEP_TYPES: [&str; 6] = ["wait", "send", "branch", "split", "tag", "exit"];

/// The id that ends the scenario when used as a next step.
pub const END: &str = "end";

/// Placeholders a message text may use.
pub const PLACEHOLDERS: [&str; 4] = ["имя", "город", "скидка", "товар"];

/// A step's successors with the field that names each.
pub fn successors(s: &Step) -> Vec<(usize, &'static str)> {
    let mut v: Vec<(usize, &'static str)> = Vec::new();
    match &s.action {
        Action::Branch { otherwise, .. } => {
            v.extend(s.next.map(|k| (k, "then")));
            v.extend(otherwise.map(|k| (k, "else")));
        }
        Action::WaitEvent { timeout, .. } => {
            v.extend(s.next.map(|k| (k, "next")));
            v.extend(timeout.map(|k| (k, "on_timeout")));
        }
        Action::Split { variants } => v.extend(variants.iter().filter_map(|(_, n)| n.map(|k| (k, "variants")))),
        _ => v.extend(s.next.map(|k| (k, "next"))),
    }
    v
}

fn field_span(s: &StepFile, field: &str) -> Option<Range<usize>> {
    match field {
        "then" => s.then.as_ref().map(|x| x.span()),
        "else" => s.else_.as_ref().map(|x| x.span()),
        "on_timeout" => s.on_timeout.as_ref().map(|x| x.span()),
        "variants" => s.variants.first().map(|x| x.span()),
        _ => s.next.as_ref().map(|x| x.span()),
    }
}

/// «09:00» → minutes after midnight.
pub fn parse_time(s: &str) -> Option<i64> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m) && m.to_string().len() <= 2).then_some(h * 60 + m)
}
