//! What a run means: metrics per group, the uplift against the control group with a 95 %
//! confidence interval, whether the brief's goal was reached; the summary text and the
//! tidy CSV files for Power BI.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use super::data::Data;
use super::model::{Action, Channel, Goal, GoalUnit, Metric, Scenario};
use super::sim::{Event, EventKind, ExitReason, Reason, Results};
use crate::data::generate::calendar;
use crate::strings::scenario as msg;

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_964;

/// A metric in both groups and their difference (treatment − control) with a 95 %
/// interval; `None` fields where a group is empty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub treatment: f64,
    pub control: Option<f64>,
    pub diff: Option<(f64, f64, f64)>,
    pub n: [u64; 2],
}

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

fn rub(kopecks: i64) -> String {
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

// ------------------------------------------------------------------ CSV for Power BI

fn csv_text(s: &str) -> String {
    crate::base::csv::field(s).into_owned()
}

fn stamp(t: i64) -> String {
    let mut s = String::new();
    calendar::push_stamp(&mut s, t, ' ');
    s
}

fn event_fields(k: EventKind) -> (&'static str, &'static str, &'static str) {
    match k {
        EventKind::Entry { control: false } => ("entry", "", ""),
        EventKind::Entry { control: true } => ("control_entry", "", ""),
        EventKind::Step => ("step", "", ""),
        EventKind::Delayed => ("delayed", "", "quiet_hours"),
        EventKind::Sent(c) => ("sent", c.key(), ""),
        EventKind::Suppressed(r) => ("suppressed", "", r.key()),
        EventKind::Opened => ("opened", "", ""),
        EventKind::Clicked => ("clicked", "", ""),
        EventKind::Unsubscribed => ("unsubscribed", "", ""),
        EventKind::Purchase => ("purchase", "", ""),
        EventKind::InducedPurchase => ("induced_purchase", "", ""),
        EventKind::Exit(why) => ("exit", "", why.key()),
    }
}

/// Writes `events.csv` (the fact table), `customers.csv`, `steps.csv`, `dates.csv` and
/// `daily.csv` into `dir`.
pub fn write_csv(dir: &Path, sc: &Scenario, data: &Data, r: &Results) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let file = |name: &str| -> io::Result<io::BufWriter<std::fs::File>> {
        Ok(io::BufWriter::with_capacity(1 << 20, std::fs::File::create(dir.join(name))?))
    };
    let mut w = file("events.csv")?;
    writeln!(w, "customer_id,event_time,date,event,step_id,channel,reason,amount,group")?;
    // The channel of a sent message's later opens and clicks comes from its step.
    let step_channel = |s: Option<u16>| -> &'static str {
        s.and_then(|k| sc.steps.get(usize::from(k)))
            .and_then(|st| match st.action {
                Action::Send { channel, .. } => Some(channel.key()),
                _ => None,
            })
            .unwrap_or("")
    };
    let mut control = vec![false; data.customers.len()];
    for e in &r.events {
        if let EventKind::Entry { control: true } = e.kind {
            control[e.customer as usize] = true;
        }
    }
    for e in &r.events {
        let (event, channel, reason) = event_fields(e.kind);
        let channel = if channel.is_empty() { step_channel(e.step) } else { channel };
        let c = &data.customers[e.customer as usize];
        let step = e.step.and_then(|k| sc.steps.get(usize::from(k))).map_or("", |s| s.id.as_str());
        let amount = if e.amount != 0 { rub(e.amount) } else { String::new() };
        let t = stamp(e.t);
        writeln!(
            w,
            "{},{},{},{},{},{},{},{},{}",
            c.id,
            t,
            &t[..10],
            event,
            csv_text(step),
            channel,
            reason,
            amount,
            if control[e.customer as usize] { "control" } else { "treatment" }
        )?;
    }
    w.flush()?;

    let mut w = file("customers.csv")?;
    writeln!(w, "customer_id,first_name,city,gender,acquisition_channel,rfm_group,group")?;
    let mut seen = vec![false; data.customers.len()];
    for e in &r.events {
        let i = e.customer as usize;
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let c = &data.customers[i];
        let name = |v: &[String], id: u32| v.get(id as usize).map_or(String::new(), |s| csv_text(s));
        writeln!(
            w,
            "{},{},{},{},{},{},{}",
            c.id,
            csv_text(data.first_name(i)),
            name(&data.cities.names, c.city),
            name(&data.genders.names, c.gender),
            name(&data.channels.names, c.channel),
            name(&data.rfm_names, c.rfm),
            if control[i] { "control" } else { "treatment" }
        )?;
    }
    w.flush()?;

    let mut w = file("steps.csv")?;
    writeln!(
        w,
        "step_order,step_id,type,channel,entered,sent,suppressed,opened,clicked,unsubscribed,converted,revenue"
    )?;
    for (k, (st, step)) in r.steps.iter().zip(&sc.steps).enumerate() {
        let (ty, channel) = match &step.action {
            Action::Send { channel, .. } => ("send", channel.key()),
            Action::Wait { .. } | Action::WaitUntil { .. } | Action::WaitEvent { .. } => ("wait", ""),
            Action::Branch { .. } => ("branch", ""),
            Action::Split { .. } => ("split", ""),
            Action::Tag { .. } => ("tag", ""),
            Action::Exit => ("exit", ""),
        };
        writeln!(
            w,
            "{},{},{ty},{channel},{},{},{},{},{},{},{},{}",
            k + 1,
            csv_text(&step.id),
            st.entered,
            st.sent,
            st.suppressed.iter().sum::<u64>(),
            st.opened,
            st.clicked,
            st.unsubscribed,
            st.converted,
            rub(st.revenue)
        )?;
    }
    w.flush()?;

    let mut w = file("dates.csv")?;
    writeln!(w, "date,year,month,day,weekday")?;
    let mut d2 = file("daily.csv")?;
    writeln!(d2, "date,entries,control_entries,sent,suppressed,opened,clicked,conversions,revenue")?;
    for (k, day) in r.daily.iter().enumerate() {
        let d = r.from_day + k as i32;
        let (y, m, dd) = calendar::civil(d);
        let date = format!("{y:04}-{m:02}-{dd:02}");
        // 1970-01-01 was a Thursday; ISO weekday 1 = Monday.
        let weekday = (d + 3).rem_euclid(7) + 1;
        writeln!(w, "{date},{y},{m},{dd},{weekday}")?;
        writeln!(
            d2,
            "{date},{},{},{},{},{},{},{},{}",
            day.entries,
            day.control_entries,
            day.sent,
            day.suppressed,
            day.opened,
            day.clicked,
            day.conversions,
            rub(day.revenue)
        )?;
    }
    w.flush()?;
    d2.flush()
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
