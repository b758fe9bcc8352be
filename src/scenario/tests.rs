//! The scenario file's checks, the simulator's rules and its determinism.

use super::data::{self, DAY, Data};
use super::sim::{self, Audit, EventKind, Reason, Settings};
use super::*;
use crate::base::text::line_column;
use crate::data::generate::rng::Rng;

/// (line, column, message) of every problem.
fn errors(text: &str) -> Vec<(usize, usize, String)> {
    match parse(text) {
        Ok(_) => Vec::new(),
        Err(issues) => issues
            .into_iter()
            .map(|i| {
                let (l, c) = line_column(text, i.span.map_or(0, |s| s.start));
                (l, c, i.message)
            })
            .collect(),
    }
}

const HEAD: &str = "[trigger]\nevent = \"registration\"\n";

fn send(id: &str) -> String {
    format!("[[step]]\nid = \"{id}\"\ntype = \"send\"\nchannel = \"email\"\nsubject = \"s\"\ntext = \"t\"\n")
}

#[test]
fn bad_scenarios_get_errors_at_their_line() {
    // A cycle: b goes back to a.
    let text = format!("{HEAD}{}{}next = \"a\"\n", send("a"), send("b"));
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].0, e[0].1), (15, 8), "{e:?}");
    assert!(e[0].2.contains("цикл"), "{e:?}");

    // An unreachable step: a ends the scenario, b is never reached.
    let text = format!("{HEAD}{}next = \"end\"\n{}", send("a"), send("b"));
    let e = errors(&text);
    assert_eq!((e[0].0, e[0].2.contains("никогда не доходит")), (11, true), "{e:?}");

    // A negative wait.
    let text = format!("{HEAD}[[step]]\nid = \"w\"\ntype = \"wait\"\ndays = -1\n{}", send("a"));
    let e = errors(&text);
    assert_eq!((e[0].0, e[0].1), (6, 8), "{e:?}");
    assert!(e[0].2.contains("отрицательным"));

    // A channel the data lacks.
    let text = format!("{HEAD}[[step]]\nid = \"a\"\ntype = \"send\"\nchannel = \"telegram\"\ntext = \"t\"\n");
    let e = errors(&text);
    assert_eq!((e[0].0, e[0].1), (6, 11), "{e:?}");
    assert!(e[0].2.contains("telegram") && e[0].2.contains("email, sms и push"), "{e:?}");

    // A segment naming a missing field and a missing RFM group: columns inside the string.
    let text = format!("{HEAD}[entry]\ncondition = \"pd_consent and ordrs > 1\"\n{}", send("a"));
    let e = errors(&text);
    assert_eq!((e[0].0, e[0].1), (4, 29), "{e:?}");
    assert!(e[0].2.contains("может быть, orders"), "{e:?}");
    let text = format!("{HEAD}[entry]\ncondition = \"rfm = 'Спящие' or rfm = 'Золотые'\"\n{}", send("a"));
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].0, e[0].1), (4, 32), "{e:?}");
    assert!(e[0].2.contains("нет группы «золотые»"), "{e:?}");

    // 10 000 steps: one clear error at the first step past the limit, quickly.
    let mut text = HEAD.to_owned();
    for k in 0..10_000 {
        text.push_str(&send(&format!("s{k}")));
    }
    let start = std::time::Instant::now();
    let e = errors(&text);
    assert!(start.elapsed().as_secs() < 5);
    assert_eq!(e.len(), 1, "{:?}", &e[..e.len().min(3)]);
    assert_eq!(e[0].0, 3 + 6 * model::MAX_STEPS + 1, "{e:?}");
    assert!(e[0].2.contains("10000 шагов"), "{e:?}");
}

#[test]
fn other_mistakes_are_named() {
    let cases: [(&str, &str); 8] = [
        ("[trigger]\nevent = \"rain\"\n", "event = «rain»"),
        ("[trigger]\nevent = \"no_order\"\n", "нужно поле days"),
        ("[trigger]\nevent = \"registration\"\ndays = 3\n", "не относится к триггеру"),
        (
            "[trigger]\nevent = \"registration\"\n[limits]\nquiet_hours = { from = \"25:00\", to = \"09:00\" }\n",
            "не время суток",
        ),
        (
            "[trigger]\nevent = \"registration\"\n[brief]\ngoal = { metric = \"ctr\", change = 5, period_days = 30 }\n",
            "показатель рассылки",
        ),
        (
            "[trigger]\nevent = \"registration\"\n[[step]]\nid = \"a\"\ntype = \"send\"\nchannel = \"sms\"\ntext = \"{имя}, {фамилия}\"\n",
            "{фамилия} неизвестна",
        ),
        (
            "[trigger]\nevent = \"registration\"\n[[step]]\nid = \"a\"\ntype = \"wait\"\ndays = 1\nchannel = \"sms\"\n",
            "не относится к шагу типа «wait»",
        ),
        ("[trigger]\nevent = \"registration\"\nunknown = 1\n", "неизвестное поле"),
    ];
    for (text, want) in cases {
        let e = errors(text);
        assert!(e.iter().any(|x| x.2.contains(want)), "{text}: {e:?}");
    }
}

fn course_data(site: bool) -> Data {
    let files = data::Memory::from_reader(&|n| {
        crate::kinds::Datasets::read(&crate::course::CourseSource::Embedded, n).map(|b| b.into_owned())
    });
    data::load(&files, data::Need { from: default_period().0, site, rfm: Some("course7") }).expect("data")
}

fn settings(threads: usize) -> Settings {
    let (from, to) = default_period();
    Settings { from, to, seed: 7, audit: Audit::default(), threads, record_events: true }
}

fn run_text(text: &str, data: &Data, set: &Settings) -> sim::Results {
    let sc = sim::bind(&parse(text).expect("scenario"), data);
    sim::run(&sc, data, set)
}

const REACTIVATION: &str = r#"
[brief]
goal = { metric = "conversion", change = 10, period_days = 30 }
segment = "orders >= 1"
kpi = ["conversion"]
[trigger]
event = "no_order"
days = 60
[entry]
control_percent = 20
reentry = "after_exit"
[exit]
on_goal = true
[[step]]
id = "mail"
type = "send"
channel = "email"
subject = "s"
text = "t"
offer = "discount"
discount = 10
[[step]]
id = "wait"
type = "wait"
hours = 2
[[step]]
id = "sms"
type = "send"
channel = "sms"
text = "t"
"#;

#[test]
fn runs_are_deterministic_and_independent_of_threads() {
    let d = course_data(false);
    let a = run_text(REACTIVATION, &d, &settings(1));
    let b = run_text(REACTIVATION, &d, &settings(3));
    assert_eq!(a, b);
    let other = run_text(REACTIVATION, &d, &Settings { seed: 8, ..settings(1) });
    assert_ne!(a.groups, other.groups, "another seed draws other behaviour");
    // One customer's path is the same as in the full run.
    let sc = sim::bind(&parse(REACTIVATION).unwrap(), &d);
    let i = a.events.iter().find(|e| matches!(e.kind, EventKind::Sent(_))).map(|e| e.customer as usize).unwrap();
    let full: Vec<_> = a.events.iter().filter(|e| e.customer as usize == i).copied().collect();
    assert_eq!(sim::path(&sc, &d, &settings(1), i), full);
}

#[test]
fn the_platform_never_sends_without_consent_or_subscription_and_the_control_group_gets_nothing() {
    let d = course_data(false);
    let r = run_text(REACTIVATION, &d, &settings(2));
    assert!(r.groups[1].n > 0 && r.groups[0].n > 0);
    assert!(r.suppressed[Reason::NoConsent as usize] > 0, "customers without consent were attempted");
    assert!(r.suppressed[Reason::NotSubscribed as usize] > 0);
    let mut control = std::collections::HashSet::new();
    for e in &r.events {
        match e.kind {
            EventKind::Entry { control: true } => {
                control.insert(e.customer);
            }
            EventKind::Sent(ch) => {
                let c = &d.customers[e.customer as usize];
                assert!(!control.contains(&e.customer), "a control customer got a message");
                assert!(
                    c.flags & data::flag::CONSENT != 0 && c.consent_day <= crate::data::generate::calendar::day_of(e.t)
                );
                let bit = [data::flag::EMAIL_SUB, data::flag::SMS_SUB, data::flag::PUSH_SUB][ch as usize];
                assert!(c.flags & bit != 0, "sent to a non-subscriber");
            }
            _ => {}
        }
    }
    // Purchases are attributed and the report estimates the uplift.
    let e = report::estimate(&r, model::Metric::Conversion).unwrap();
    let (d0, lo, hi) = e.diff.unwrap();
    assert!(lo <= d0 && d0 <= hi && hi - lo > 0.0);
}

#[test]
fn quiet_hours_and_the_cap_hold() {
    let d = course_data(false);
    let limits = "[limits]\ncap = { messages = 1, days = 7 }\nquiet_hours = { from = \"21:00\", to = \"09:00\" }\n";
    let text = REACTIVATION.replace("[[step]]\nid = \"mail\"", &format!("{limits}[[step]]\nid = \"mail\""));
    let audit = Audit { quiet: Some(model::Quiet { from: 21 * 60, to: 9 * 60, skip: false }), cap: Some((1, 7)) };
    let with = run_text(&text, &d, &Settings { audit, ..settings(2) });
    assert_eq!(with.audit.night_sends, 0);
    assert_eq!(with.audit.over_cap, 0);
    assert!(with.suppressed[Reason::Cap as usize] > 0, "the cap stopped the SMS two hours after the e-mail");
    for e in &with.events {
        if let EventKind::Sent(_) = e.kind {
            let minute = e.t.rem_euclid(DAY) / 60;
            assert!((9 * 60..21 * 60).contains(&minute), "sent at minute {minute}");
        }
    }
    // Without the limits the exercise's audit sees night sends and customers over the cap.
    let without = run_text(REACTIVATION, &d, &Settings { audit, ..settings(2) });
    assert!(without.audit.night_sends > 0 && without.audit.over_cap > 0);
}

#[test]
fn cart_and_birthday_triggers_fire_from_the_data() {
    let d = course_data(true);
    let cart = "[trigger]\nevent = \"cart_abandoned\"\nhours = 2\n[[step]]\nid = \"a\"\ntype = \"wait\"\nevent = \"purchase\"\ndays = 3\non_timeout = \"end\"\n";
    let r = run_text(cart, &d, &settings(2));
    assert!(r.groups[0].n > 20, "{}", r.groups[0].n);
    let birthday = "[trigger]\nevent = \"birthday\"\ndays = 3\n[entry]\nreentry = \"after_days\"\nreentry_days = 300\n[[step]]\nid = \"t\"\ntype = \"tag\"\ntag = \"поздравлен\"\n";
    let r = run_text(birthday, &d, &settings(2));
    let with_birthday =
        d.customers.iter().filter(|c| c.birth.0 != 0 && c.registered_at < default_period().0).count() as u64;
    assert!(r.groups[0].n >= with_birthday * 9 / 10, "{} of {with_birthday}", r.groups[0].n);
    assert_eq!(r.tagged[0], r.customers[0]);
}

/// Random scenarios — random triggers, steps, branches, splits, waits and limits —
/// never make the simulator panic or hang.
#[test]
fn random_scenarios_never_panic_or_hang() {
    let d = course_data(true);
    let triggers = [
        "event = \"registration\"",
        "event = \"first_purchase\"",
        "event = \"order\"\nnumber = 2",
        "event = \"no_order\"\ndays = 30",
        "event = \"cart_abandoned\"\nhours = 1",
        "event = \"birthday\"\ndays = -2",
        "event = \"subscription\"",
        "event = \"segment\"\ncondition = \"rfm = 'Спящие' or orders > 3\"",
    ];
    let mut rng = Rng::new(99);
    let start = std::time::Instant::now();
    for round in 0..60 {
        let n = 1 + rng.below(7) as usize;
        let mut text = format!("[trigger]\n{}\n", triggers[rng.below(triggers.len() as u64) as usize]);
        text.push_str(&format!(
            "[entry]\ncontrol_percent = {}\nreentry = \"{}\"\n[exit]\non_goal = {}\non_unsubscribe = true\n",
            rng.below(51),
            ["never", "after_exit"][rng.below(2) as usize],
            rng.below(2) == 1
        ));
        if rng.below(2) == 1 {
            text.push_str("[limits]\ncap = { messages = 1, days = 3 }\nquiet_hours = { from = \"23:00\", to = \"08:00\", action = \"skip\" }\n");
        }
        for k in 0..n {
            // Only forward jumps: the checker rejects cycles.
            let later = |rng: &mut Rng| -> String {
                if k + 1 >= n || rng.below(4) == 0 {
                    "end".into()
                } else {
                    format!("s{}", k + 1 + rng.below((n - k - 1) as u64) as usize)
                }
            };
            let body = match rng.below(7) {
                0 => format!("type = \"wait\"\nhours = {}", rng.below(200)),
                1 => format!("type = \"wait\"\nuntil = \"{:02}:30\"", rng.below(24)),
                2 => format!(
                    "type = \"wait\"\nevent = \"{}\"\ndays = 2\non_timeout = \"{}\"",
                    ["purchase", "open", "click", "cart_add", "visit"][rng.below(5) as usize],
                    later(&mut rng)
                ),
                3 => format!(
                    "type = \"send\"\nchannel = \"{}\"\ntext = \"{{имя}}\"\noffer = \"gift\"",
                    ["sms", "push"][rng.below(2) as usize]
                ),
                4 => format!(
                    "type = \"branch\"\nif = \"{}\"\ncondition = \"orders > 1\"\nthen = \"{}\"\nelse = \"{}\"",
                    ["opened", "clicked", "purchased", "condition"][rng.below(4) as usize],
                    later(&mut rng),
                    later(&mut rng)
                ),
                5 => format!(
                    "type = \"split\"\nvariants = [{{ share = 30, next = \"{}\" }}, {{ share = 70, next = \"{}\" }}]",
                    later(&mut rng),
                    later(&mut rng)
                ),
                _ => "type = \"tag\"\ntag = \"x\"".into(),
            };
            // «if» other than condition must not carry a condition.
            let body = if body.contains("if = \"condition\"") || !body.contains("type = \"branch\"") {
                body
            } else {
                body.replace("condition = \"orders > 1\"\n", "")
            };
            text.push_str(&format!("[[step]]\nid = \"s{k}\"\n{body}\n"));
        }
        let sc = match parse(&text) {
            Ok(sc) => sc,
            // Unreachable steps are a legitimate rejection of a random draw.
            Err(issues) => {
                assert!(issues.iter().all(|i| i.message.contains("никогда не доходит")), "{round}: {text}\n{issues:?}");
                continue;
            }
        };
        let sc = sim::bind(&sc, &d);
        let r = sim::run(&sc, &d, &Settings { seed: round, ..settings(2) });
        assert!(r.groups[0].n + r.groups[1].n <= 1_000_000);
        let _ = report::summary(&sc, &d, &r, default_period().0, default_period().1);
    }
    assert!(start.elapsed().as_secs() < 120, "took {:?}", start.elapsed());
}

#[test]
fn a_channel_the_data_has_no_sends_of_is_an_error_at_launch() {
    let mut files = data::Memory::from_reader(&|n| {
        crate::kinds::Datasets::read(&crate::course::CourseSource::Embedded, n).map(|b| b.into_owned())
    });
    for (name, bytes) in &mut files.0 {
        if name == "campaign_sends.csv" {
            let text =
                String::from_utf8_lossy(bytes).lines().filter(|l| !l.contains(",push,")).collect::<Vec<_>>().join("\n");
            *bytes = text.into_bytes();
        }
    }
    let text = "[trigger]\nevent = \"registration\"\n[[step]]\nid = \"p\"\ntype = \"send\"\nchannel = \"push\"\ntext = \"t\"\n";
    let err = launch(&parse(text).unwrap(), &files, &settings(1)).err().expect("no push sends in the data");
    assert!(err.contains("push"), "{err}");
    let email = text.replace("\"push\"", "\"sms\"");
    assert!(launch(&parse(&email).unwrap(), &files, &settings(1)).is_ok());
}

#[test]
fn a_broken_data_file_is_reported_with_its_line() {
    let mut files = data::Memory::from_reader(&|n| {
        crate::kinds::Datasets::read(&crate::course::CourseSource::Embedded, n).map(|b| b.into_owned())
    });
    for (name, bytes) in &mut files.0 {
        if name == "orders.csv" {
            let mut lines: Vec<String> = String::from_utf8_lossy(bytes).lines().map(str::to_owned).collect();
            let mut fields: Vec<&str> = lines[3].split(',').collect();
            fields[2] = "вчера";
            lines[3] = fields.join(",");
            *bytes = lines.join("\n").into_bytes();
        }
    }
    let text = "[trigger]\nevent = \"registration\"\n[[step]]\nid = \"t\"\ntype = \"tag\"\ntag = \"x\"\n";
    let err = launch(&parse(text).unwrap(), &files, &settings(1)).err().expect("bad date");
    assert!(err.starts_with("orders.csv:4: "), "{err}");
}
