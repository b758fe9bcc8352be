//! What a run means: metrics per group, the uplift against the control group with a 95 %
//! confidence interval, whether the brief's goal was reached; the summary text and the
//! tables for Power BI are in `tables`.

use std::fmt::Write as _;

use super::data::Data;
use super::model::{Action, Channel, Goal, GoalUnit, Metric, Scenario};
use super::sim::{Event, ExitReason, Reason, Results};
pub use super::vocab::{Estimate, GoalStatus};
use crate::data::generate::calendar;
use crate::strings::scenario as msg;

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_964;

impl Estimate {
    /// The relative change in percent, with its interval (the difference's interval over
    /// the control's value).
    pub fn relative(&self) -> Option<(f64, f64, f64)> {
        let c = self.control.filter(|c| c.abs() > 1e-12)?;
        let (d, lo, hi) = self.diff?;
        Some((d / c * 100.0, lo / c * 100.0, hi / c * 100.0))
    }
}

fn mean_var(n: u64, sum: i128, sq: i128, scale: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let nf = n as f64;
    let (s, q) = (sum as f64 / scale, sq as f64 / scale / scale);
    let mean = s / nf;
    let var = if n > 1 { ((q - s * s / nf) / (nf - 1.0)).max(0.0) } else { 0.0 };
    (mean, var)
}

/// The value of a goal metric in one group, and the variance of that estimate.
fn group_metric(r: &Results, g: usize, m: Metric) -> Option<(f64, f64)> {
    let a = &r.groups[g];
    if a.n == 0 {
        return None;
    }
    let k = match m {
        Metric::Conversion => 0,
        Metric::RepeatConversion => 1,
        Metric::Orders => 2,
        Metric::RepeatPurchases => 3,
        Metric::Revenue => 4,
        Metric::AverageCheck => {
            // Σ revenue / Σ purchases; the delta method for its variance.
            let (x, vx) = mean_var(a.n, a.sum[2], a.sq[2], 1.0);
            let (y, vy) = mean_var(a.n, a.sum[4], a.sq[4], 100.0);
            if x <= 0.0 {
                return None;
            }
            let nf = a.n as f64;
            let cov = if a.n > 1 { (a.cross as f64 / 100.0 - nf * x * y) / (nf - 1.0) } else { 0.0 };
            let ratio = y / x;
            let var = ((vy - 2.0 * ratio * cov + ratio * ratio * vx) / (nf * x * x)).max(0.0);
            return Some((ratio, var));
        }
        _ => return None,
    };
    let scale = if k == 4 { 100.0 } else { 1.0 };
    let (mean, var) = mean_var(a.n, a.sum[k], a.sq[k], scale);
    Some((mean, var / a.n as f64))
}

/// A goal metric in both groups with the uplift; message KPIs have no control value.
pub fn estimate(r: &Results, m: Metric) -> Option<Estimate> {
    let n = [r.groups[0].n, r.groups[1].n];
    match m {
        Metric::OpenRate | Metric::Ctr | Metric::UnsubscribeRate => {
            let sent: u64 = r.sent.iter().sum();
            let opened: u64 = r.opened[0] + r.opened[2];
            let trackable = r.sent[0] + r.sent[2];
            let v = match m {
                Metric::OpenRate => ratio(opened, trackable),
                Metric::Ctr => ratio(r.clicked.iter().sum(), sent),
                _ => ratio(r.unsubscribed, sent),
            }?;
            Some(Estimate { treatment: v * 100.0, control: None, diff: None, n })
        }
        _ => {
            let (t, vt) = group_metric(r, 0, m)?;
            let scale = if m.is_rate() { 100.0 } else { 1.0 };
            let (control, diff) = match group_metric(r, 1, m) {
                Some((c, vc)) => {
                    let d = t - c;
                    let half = Z95 * (vt + vc).sqrt();
                    (Some(c * scale), Some(((d) * scale, (d - half) * scale, (d + half) * scale)))
                }
                None => (None, None),
            };
            Some(Estimate { treatment: t * scale, control, diff, n })
        }
    }
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

pub fn goal_status(r: &Results, goal: &Goal) -> GoalStatus {
    let Some(e) = estimate(r, goal.metric) else { return GoalStatus::Unmeasurable };
    let (change, low) = match goal.unit {
        GoalUnit::Percent => match e.relative() {
            Some((c, lo, _)) => (c, lo),
            None => return GoalStatus::Unmeasurable,
        },
        GoalUnit::Points => match e.diff {
            Some((d, lo, _)) => (d, lo),
            None => return GoalStatus::Unmeasurable,
        },
    };
    if change >= goal.change {
        GoalStatus::Reached { change, significant: low > 0.0 }
    } else {
        GoalStatus::NotReached { change }
    }
}

pub(crate) fn rub(kopecks: i64) -> String {
    let mut s = String::new();
    crate::data::decimal::push_money(&mut s, kopecks);
    s
}

/// The `--summary` text.
pub fn summary(sc: &Scenario, data: &Data, r: &Results, from: i64, to: i64) -> String {
    let mut s = String::new();
    let day = |t: i64| crate::data::rfm::parse::format_day(calendar::day_of(t));
    let _ = writeln!(s, "{}", msg::summary_head(&sc.name, &day(from), &day(to - 1), r.customers_total));
    let _ = writeln!(s, "{}", msg::summary_entries(r.groups[0].n, r.customers[0], r.groups[1].n, r.customers[1]));
    if let Some(b) = &sc.brief
        && (b.segment.is_some() || r.target > 0)
    {
        let share = if r.target > 0 { r.reached as f64 / r.target as f64 * 100.0 } else { 0.0 };
        let _ = writeln!(s, "{}", msg::summary_reach(r.reached, r.target, share));
    }
    let _ = writeln!(s, "\n{}", msg::SUMMARY_STEPS);
    let _ = writeln!(s, "{}", msg::SUMMARY_STEPS_HEAD);
    for (st, step) in r.steps.iter().zip(&sc.steps) {
        let suppressed: u64 = st.suppressed.iter().sum();
        let kind = match &step.action {
            Action::Send { channel, .. } => channel.key(),
            Action::Wait { .. } | Action::WaitUntil { .. } | Action::WaitEvent { .. } => "wait",
            Action::Branch { .. } => "branch",
            Action::Split { .. } => "split",
            Action::Tag { .. } => "tag",
            Action::Exit => "exit",
        };
        let _ = writeln!(
            s,
            "{:<18} {:<7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>14}",
            step.id,
            kind,
            st.entered,
            st.sent,
            suppressed,
            st.opened,
            st.clicked,
            st.converted,
            rub(st.revenue)
        );
    }
    let _ = writeln!(s, "\n{}", msg::SUMMARY_SUPPRESSED);
    for reason in Reason::ALL {
        let _ = writeln!(s, "  {:<32} {}", msg::reason(reason), r.suppressed[reason as usize]);
    }
    let _ = writeln!(s, "\n{}", msg::SUMMARY_EXITS);
    for why in ExitReason::ALL {
        let _ = writeln!(s, "  {:<32} {}", msg::exit_reason(why), r.exits[why as usize]);
    }
    let _ = writeln!(s, "\n{}", msg::summary_window(sc.outcome_days(), super::sim::ATTRIBUTION_DAYS));
    let mut metrics: Vec<Metric> = vec![Metric::Conversion, Metric::Orders, Metric::Revenue, Metric::AverageCheck];
    if let Some(b) = &sc.brief {
        for m in std::iter::once(b.goal.metric).chain(b.kpi.iter().copied()) {
            if !metrics.contains(&m) {
                metrics.push(m);
            }
        }
    }
    for m in metrics {
        if let Some(e) = estimate(r, m) {
            let _ = writeln!(s, "  {}", msg::metric_line(m, &e));
        }
    }
    if let Some(b) = &sc.brief {
        let _ = writeln!(s, "\n{}", msg::goal_line(&b.goal, goal_status(r, &b.goal)));
    }
    let _ = writeln!(s, "\n{}", msg::calibration(&data.rates, data.base_rate, data.average_check));
    s
}

/// «2025-01-02 09:01:01».
pub(crate) fn stamp(t: i64) -> String {
    let mut s = String::new();
    calendar::push_stamp(&mut s, t, ' ');
    s
}

/// One customer's path as lines of text.
pub fn path_text(sc: &Scenario, data: &Data, i: usize, events: &[Event]) -> String {
    let mut s = String::new();
    if let Some(c) = data.customers.get(i) {
        let _ = writeln!(s, "{}", msg::path_head(c.id, data.first_name(i)));
    }
    for e in events {
        let step = e.step.and_then(|k| sc.steps.get(usize::from(k))).map_or("", |st| st.id.as_str());
        let _ = writeln!(s, "  {}  {}", stamp(e.t), msg::event_text(e.kind, step, e.amount));
    }
    s
}

/// Channels used by the scenario that the data has no sends of (nothing to calibrate on).
pub fn channels_without_data(sc: &Scenario, data: &Data) -> Vec<Channel> {
    let mut out: Vec<Channel> = sc.channels().filter(|c| data.rates.sends[*c as usize] == 0).collect();
    out.sort();
    out.dedup();
    out
}
