//! The dataset generator: determinism, the shape of what it writes, the committed
//! datasets, and the `dataset generate` command line.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crm_workbook::data::generate::{self, FileKind, Options};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crm-workbook"))
}

fn gen_into(opts: &Options) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    generate::generate(opts, dir.path()).unwrap();
    dir
}

fn read(dir: &Path, kind: FileKind) -> Vec<u8> {
    fs::read(dir.join(kind.file_name())).unwrap()
}

/// A minimal RFC 4180 reader: enough for the generator's output (quoted fields, doubled quotes).
fn parse_csv(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut lines = text.lines();
    let header: Vec<String> = split(lines.next().unwrap());
    let rows = lines
        .map(|l| {
            let fields = split(l);
            assert_eq!(fields.len(), header.len(), "{l}");
            header.iter().cloned().zip(fields).collect()
        })
        .collect();
    (header, rows)
}

fn split(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().unwrap().push(c),
        }
    }
    out
}

fn csv(dir: &Path, kind: FileKind) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    parse_csv(&String::from_utf8(read(dir, kind)).unwrap())
}

fn rate(rows: &[BTreeMap<String, String>], f: impl Fn(&BTreeMap<String, String>) -> bool) -> f64 {
    rows.iter().filter(|r| f(r)).count() as f64 / rows.len() as f64
}

fn within(name: &str, value: f64, lo: f64, hi: f64) {
    assert!((lo..=hi).contains(&value), "{name}: {value:.4} not in {lo}..={hi}");
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = gen_into(&Options::new(42, 300));
    let b = gen_into(&Options::new(42, 300));
    let c = gen_into(&Options::new(43, 300));
    for kind in FileKind::ALL {
        assert_eq!(read(a.path(), kind), read(b.path(), kind), "{}", kind.file_name());
        if kind != FileKind::Products {
            assert_ne!(read(a.path(), kind), read(c.path(), kind), "{}", kind.file_name());
        }
    }
    // The catalogue is the same for every seed.
    assert_eq!(read(a.path(), FileKind::Products), read(c.path(), FileKind::Products));
}

#[test]
fn a_file_does_not_depend_on_which_others_are_written() {
    let all = gen_into(&Options::new(5, 400));
    for only in
        [vec![FileKind::Orders], vec![FileKind::SupportRequests, FileKind::SiteEvents], vec![FileKind::LoyaltyEvents]]
    {
        let opts = Options { files: only.clone(), ..Options::new(5, 400) };
        let some = gen_into(&opts);
        for kind in FileKind::ALL {
            let path = some.path().join(kind.file_name());
            if only.contains(&kind) {
                assert_eq!(fs::read(&path).unwrap(), read(all.path(), kind), "{}", kind.file_name());
            } else {
                assert!(!path.exists(), "{} written though not asked for", kind.file_name());
            }
        }
    }
}

/// The command in datasets/README.md, as arguments.
fn readme_command() -> Vec<String> {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/README.md")).unwrap();
    let line = readme.lines().find(|l| l.starts_with("crm-workbook dataset generate")).expect("command in README");
    line.split_whitespace().skip(1).map(str::to_owned).collect()
}

#[test]
fn committed_datasets_are_exactly_the_generators_output() {
    let mut args = readme_command();
    let out = args.iter().position(|a| a == "--out").expect("--out in the README command");
    assert_eq!(args[out + 1], "datasets");
    let dir = tempfile::tempdir().unwrap();
    args[out + 1] = dir.path().display().to_string();
    let run = bin().args(&args).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets");
    let mut total = 0;
    for kind in FileKind::ALL {
        let fresh = read(dir.path(), kind);
        let ours = fs::read(committed.join(kind.file_name())).unwrap_or_default();
        assert!(fresh == ours, "datasets/{} differs from the generator's output; regenerate it", kind.file_name());
        total += ours.len();
    }
    assert!(total < 5_000_000, "committed datasets take {total} bytes");
}

#[test]
fn shop_files_have_the_documented_shape() {
    let n = 2_000;
    let dir = gen_into(&Options::new(2025, n));
    let d = dir.path();

    let (header, customers) = csv(d, FileKind::Customers);
    assert_eq!(
        header,
        [
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
            "push_subscribed"
        ]
    );
    assert_eq!(customers.len(), n as usize);
    within("email blank", rate(&customers, |r| r["email"].is_empty()), 0.06, 0.15);
    within("email without @", rate(&customers, |r| !r["email"].is_empty() && !r["email"].contains('@')), 0.005, 0.03);
    within("email with capitals", rate(&customers, |r| r["email"] != r["email"].to_lowercase()), 0.015, 0.06);
    within("email with spaces", rate(&customers, |r| r["email"] != r["email"].trim()), 0.003, 0.025);
    within("phone blank", rate(&customers, |r| r["phone"].is_empty()), 0.04, 0.10);
    for (format, lo) in [("+7 (", 0.3), ("89", 0.25), ("+79", 0.15)] {
        within(format, rate(&customers, |r| r["phone"].starts_with(format)), lo, 0.5);
    }
    within("city blank", rate(&customers, |r| r["city"].is_empty()), 0.02, 0.07);
    within("birth date blank", rate(&customers, |r| r["birth_date"].is_empty()), 0.10, 0.20);
    within("no consent", rate(&customers, |r| r["pd_consent"] == "0"), 0.05, 0.12);
    within(
        "subscribed without consent",
        rate(&customers, |r| {
            r["pd_consent"] == "0"
                && [&r["email_subscribed"], &r["sms_subscribed"], &r["push_subscribed"]].contains(&&"1".to_owned())
        }),
        0.003,
        0.025,
    );
    for r in &customers {
        assert_eq!(r["pd_consent"] == "1", !r["pd_consent_date"].is_empty());
        assert!(r["registered_at"].as_str() >= "2022-01-01" && r["registered_at"].as_str() <= "2025-06-30 23:59:59");
    }
    let mut emails = BTreeMap::new();
    for r in customers.iter().filter(|r| !r["email"].is_empty()) {
        *emails.entry(r["email"].trim().to_lowercase()).or_insert(0) += 1;
    }
    let duplicated = emails.values().filter(|&&k| k > 1).count();
    assert!((3..=60).contains(&duplicated), "{duplicated} duplicated e-mails");

    let (_, products) = csv(d, FileKind::Products);
    let product_ids: BTreeSet<&str> = products.iter().map(|r| r["product_id"].as_str()).collect();
    assert!(products.iter().any(|r| r["category"] == "Аксессуары"));

    let (header, orders) = csv(d, FileKind::Orders);
    assert_eq!(header, ["order_id", "customer_id", "order_date", "status", "channel", "amount", "return_of"]);
    let per_customer = orders.len() as f64 / n as f64;
    within("orders per customer", per_customer, 7.0, 13.0);
    let ids: BTreeSet<u64> = customers.iter().map(|r| r["customer_id"].parse().unwrap()).collect();
    let max_id = *ids.last().unwrap();
    let dangling: Vec<_> = orders.iter().filter(|o| !ids.contains(&o["customer_id"].parse().unwrap())).collect();
    within("orders of deleted customers", dangling.len() as f64 / orders.len() as f64, 0.0003, 0.005);
    assert!(dangling.iter().all(|o| o["customer_id"].parse::<u64>().unwrap() > max_id));
    let by_id: BTreeMap<&str, &BTreeMap<String, String>> = orders.iter().map(|o| (o["order_id"].as_str(), o)).collect();
    assert_eq!(by_id.len(), orders.len(), "order ids unique");
    let mut per_month_day = BTreeMap::new();
    let mut buyers: BTreeMap<&str, u32> = BTreeMap::new();
    for o in &orders {
        let date = o["order_date"].as_str();
        assert!(("2023-01-01".."2025-07-01").contains(&date), "{date}");
        let amount: f64 = o["amount"].parse().unwrap();
        match o["status"].as_str() {
            "возврат" => {
                assert!(amount < 0.0);
                let original = by_id[o["return_of"].as_str()];
                assert_eq!(original["status"], "выполнен");
                assert_eq!(original["customer_id"], o["customer_id"]);
                assert!(original["order_date"] < o["order_date"]);
            }
            "выполнен" | "отменён" | "в доставке" => {
                assert!(amount > 0.0);
                assert!(o["return_of"].is_empty());
                *buyers.entry(o["customer_id"].as_str()).or_default() += 1;
            }
            other => panic!("unexpected status {other}"),
        }
        *per_month_day.entry(&date[5..7]).or_insert(0.0) += 1.0;
    }
    within("returns", rate(&orders, |o| o["status"] == "возврат"), 0.02, 0.06);
    within("cancelled", rate(&orders, |o| o["status"] == "отменён"), 0.015, 0.05);
    within("blank channel", rate(&orders, |o| o["channel"].is_empty()), 0.005, 0.04);
    // Seasonality: December's daily orders well above July's (both months have 31 days).
    assert!(per_month_day["12"] > 1.6 * per_month_day["07"], "{per_month_day:?}");
    assert!(per_month_day["11"] > per_month_day["07"], "{per_month_day:?}");
    // The long tail: many one-time buyers, a few with dozens of orders.
    let one_time = buyers.values().filter(|&&k| k == 1).count() as f64 / buyers.len() as f64;
    within("one-time buyers", one_time, 0.3, 0.5);
    assert!(buyers.values().any(|&k| k >= 40));

    let (header, items) = csv(d, FileKind::OrderItems);
    assert_eq!(header, ["order_id", "product_id", "qty", "price"]);
    let mut sums: BTreeMap<&str, i64> = BTreeMap::new();
    let mut pairs = BTreeSet::new();
    for i in &items {
        assert!(product_ids.contains(i["product_id"].as_str()));
        assert!(i["qty"].parse::<i64>().unwrap() >= 1);
        assert!(pairs.insert((i["order_id"].as_str(), i["product_id"].as_str())), "duplicate pair");
        let kopecks = (i["price"].parse::<f64>().unwrap() * 100.0).round() as i64;
        *sums.entry(i["order_id"].as_str()).or_default() += kopecks * i["qty"].parse::<i64>().unwrap();
    }
    for o in &orders {
        let amount = (o["amount"].parse::<f64>().unwrap() * 100.0).round() as i64;
        assert_eq!(amount.abs(), sums[o["order_id"].as_str()], "order {}", o["order_id"]);
    }

    let (header, requests) = csv(d, FileKind::SupportRequests);
    assert_eq!(
        header,
        [
            "request_id",
            "customer_id",
            "created_at",
            "channel",
            "topic",
            "order_id",
            "status",
            "resolved_at",
            "satisfaction"
        ]
    );
    assert!(requests.len() > 100);
    for r in &requests {
        assert!(ids.contains(&r["customer_id"].parse().unwrap()));
        if !r["order_id"].is_empty() {
            assert_eq!(by_id[r["order_id"].as_str()]["customer_id"], r["customer_id"]);
        }
        assert_eq!(r["status"] == "в работе", r["resolved_at"].is_empty());
        assert!(r["created_at"].as_str() <= "2025-06-30 23:59:59");
    }

    let (header, sends) = csv(d, FileKind::CampaignSends);
    assert_eq!(header, ["send_id", "campaign", "channel", "customer_id", "sent_at", "opened_at", "clicked_at"]);
    let by_customer: BTreeMap<&str, &BTreeMap<String, String>> =
        customers.iter().map(|r| (r["customer_id"].as_str(), r)).collect();
    let wrong =
        rate(&sends, |s| by_customer[s["customer_id"].as_str()][&format!("{}_subscribed", s["channel"])] == "0");
    within("sends to the unsubscribed", wrong, 0.001, 0.015);
    for s in &sends {
        assert!(s["opened_at"].is_empty() || s["opened_at"] >= s["sent_at"]);
        assert!(s["clicked_at"].is_empty() || s["clicked_at"] >= s["opened_at"]);
        if s["channel"] == "sms" {
            assert!(s["opened_at"].is_empty());
        }
    }
    let email: Vec<_> = sends.iter().filter(|s| s["channel"] == "email").cloned().collect();
    within("e-mail open rate", rate(&email, |s| !s["opened_at"].is_empty()), 0.15, 0.3);

    let log = String::from_utf8(read(d, FileKind::SiteEvents)).unwrap();
    let customer_emails: BTreeSet<String> =
        customers.iter().filter(|r| r["email"].contains('@')).map(|r| r["email"].trim().to_lowercase()).collect();
    let (mut known, mut leads, mut kinds) = (BTreeSet::new(), BTreeSet::new(), BTreeMap::new());
    let mut last: BTreeMap<String, String> = BTreeMap::new();
    for line in log.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let o = v.as_object().unwrap();
        assert_eq!(o.keys().collect::<Vec<_>>(), ["email", "event", "product_id", "ts", "url", "visitor_id"]);
        let ts = o["ts"].as_str().unwrap().to_owned();
        assert!(("2025-04-01T00:00:00".."2025-07-01T00:00:00").contains(&ts.as_str()));
        let visitor = o["visitor_id"].as_str().unwrap().to_owned();
        assert!(visitor.len() == 9 && visitor.starts_with('v'));
        if let Some(prev) = last.insert(visitor, ts.clone()) {
            assert!(prev <= ts, "a visitor's events in time order");
        }
        let event = o["event"].as_str().unwrap();
        *kinds.entry(event.to_owned()).or_insert(0) += 1;
        assert_eq!(o["product_id"].is_number(), matches!(event, "product_view" | "cart_add"), "{line}");
        if let Some(e) = o["email"].as_str() {
            if customer_emails.contains(&e.trim().to_lowercase()) {
                known.insert(e.trim().to_lowercase());
            } else {
                leads.insert(e.to_owned());
            }
        }
    }
    for event in ["visit", "product_view", "cart_add", "form_submit", "subscribe"] {
        assert!(kinds.get(event).copied().unwrap_or(0) > 10, "{event}: {kinds:?}");
    }
    assert!(known.len() > 50 && leads.len() > 50, "known {} leads {}", known.len(), leads.len());
}

#[test]
fn cli_generates_and_reports_in_russian() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new").join("folder");
    let run = bin()
        .args(["dataset", "generate", "--seed", "1", "--customers", "50", "--only", "orders,customers"])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(stdout.contains("orders.csv") && stdout.contains("строк"), "{stdout}");
    assert!(out.join("orders.csv").exists() && out.join("customers.csv").exists());
    assert!(!out.join("products.csv").exists());
}

#[test]
fn cli_bad_arguments_exit_2_in_russian() {
    let cases: &[(&[&str], &str)] = &[
        (&["--customers", "10", "--out", "x"], "не указан параметр --seed"),
        (&["--seed", "1", "--out", "x"], "не указан параметр --customers"),
        (&["--seed", "1", "--customers", "10"], "не указан параметр --out"),
        (&["--seed", "abc", "--customers", "10", "--out", "x"], "--seed: ожидается целое число"),
        (&["--seed", "1", "--customers", "0", "--out", "x"], "--customers: ожидается целое число от 1"),
        (&["--seed", "1", "--customers", "-3", "--out", "x"], "--customers: ожидается целое число от 1"),
        (&["--seed", "1", "--customers", "10", "--participants", "many", "--out", "x"], "--participants"),
        (&["--seed", "1", "--customers", "10", "--only", "ordrs", "--out", "x"], "нет такого файла «ordrs»"),
        (&["--seed", "1", "--customers", "10", "--layout", "sideways,int", "--out", "x"], "--layout «sideways,int»"),
        (&["--seed", "1", "--customers", "10", "--only", "customers", "--layout", "date", "--out", "x"], "--layout"),
    ];
    for (args, message) in cases {
        let run = bin().args(["dataset", "generate"]).args(*args).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn cli_unwritable_out_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    fs::write(&file, "not a folder").unwrap();
    let run = bin()
        .args(["dataset", "generate", "--seed", "1", "--customers", "10", "--out"])
        .arg(file.join("sub"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("не удалось создать папку") && stderr.contains("a-file"), "{stderr}");
}

#[test]
fn a_students_loyalty_variant_in_memory_matches_the_files() {
    let opts = Options {
        participants: 120,
        files: vec![FileKind::LoyaltyParticipants, FileKind::LoyaltyEvents],
        ..Options::new(777, 10)
    };
    let dir = gen_into(&opts);
    let data = generate::loyalty::generate(777, 120);
    let (participants, events) = data.to_csv();
    assert_eq!(participants.as_bytes(), read(dir.path(), FileKind::LoyaltyParticipants));
    assert_eq!(events.as_bytes(), read(dir.path(), FileKind::LoyaltyEvents));
    let (header, rows) = parse_csv(&events);
    assert_eq!(header, ["event_id", "participant_id", "event_date", "event_type", "product", "points", "amount"]);
    let types: BTreeSet<&str> = rows.iter().map(|r| r["event_type"].as_str()).collect();
    assert_eq!(types, BTreeSet::from(["ввод кода с упаковки", "обмен баллов на скидку"]));
}

#[test]
fn in_memory_generation_matches_the_files() {
    let opts =
        Options { files: vec![FileKind::Customers, FileKind::Orders, FileKind::SiteEvents], ..Options::new(9, 150) };
    let dir = gen_into(&opts);
    let files = generate::generate_in_memory(&opts);
    assert_eq!(files.iter().map(|f| f.0).collect::<Vec<_>>(), opts.files);
    for (kind, bytes) in files {
        assert_eq!(bytes, read(dir.path(), kind), "{}", kind.file_name());
    }
}

#[test]
fn cli_out_that_is_a_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("orders.csv");
    fs::write(&file, "keep me").unwrap();
    let run =
        bin().args(["dataset", "generate", "--seed", "1", "--customers", "10", "--out"]).arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("это файл, а не папка"), "{stderr}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
}

/// `--layout`: the same orders in another row order, with other customer ids and quoted
/// rows — and `crm-workbook rfm` finds the same customers' figures in every layout.
#[test]
fn cli_layouts_keep_the_orders_and_the_rfm() {
    let generate = |layout: Option<&str>| {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = bin();
        cmd.args(["dataset", "generate", "--seed", "3", "--customers", "400", "--only", "orders", "--out"]);
        cmd.arg(dir.path());
        if let Some(l) = layout {
            cmd.args(["--layout", l]);
        }
        let run = cmd.output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let text = fs::read_to_string(dir.path().join("orders.csv")).unwrap();
        (dir, text)
    };
    // (recency, frequency, monetary) of every customer, sorted: ids differ by layout.
    let figures = |dir: &Path| {
        let run = bin().arg("rfm").arg(dir.join("orders.csv")).output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let mut rows: Vec<String> = String::from_utf8(run.stdout)
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.rsplitn(8, ',').skip(4).take(3).collect::<Vec<_>>().join(","))
            .collect();
        rows.sort();
        rows
    };
    let (plain_dir, plain) = generate(None);
    let want = figures(plain_dir.path());
    let order_ids = |text: &str| -> BTreeSet<String> {
        text.lines().skip(1).map(|l| l.split(',').next().unwrap().to_owned()).collect()
    };
    for layout in
        ["customer,int", "date,padded", "shuffled,code,30", "shuffled,uuid", "date,email,100", "shuffled,phone"]
    {
        let (dir, text) = generate(Some(layout));
        assert_eq!(text.lines().next(), plain.lines().next(), "{layout}: the header");
        assert_eq!(text.lines().count(), plain.lines().count(), "{layout}");
        assert_eq!(order_ids(&text), order_ids(&plain), "{layout}: the same orders");
        assert_eq!(figures(dir.path()), want, "{layout}: the same customers' R, F, M");
        let second = text.lines().nth(1).unwrap();
        match layout {
            "customer,int" => assert_eq!(text, plain),
            "date,email,100" => assert!(second.contains("@") && second.contains("\""), "{second}"),
            "shuffled,code,30" => assert!(text.lines().skip(1).any(|l| l.contains(",\"C0")), "{second}"),
            "shuffled,phone" => assert!(second.contains(",+7 (9"), "{second}"),
            _ => {}
        }
        if layout.starts_with("date") {
            let dates: Vec<&str> =
                text.lines().skip(1).map(|l| l.split(',').nth(2).unwrap().trim_matches('"')).collect();
            assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{layout}: by date");
        }
    }
}
