//! The engine on small files written here: exotic CSV, bad rows, order ids, parts read
//! in parallel, and a cross-check against an independent reference.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::AtomicU64;

use super::*;
use crate::data::generate::calendar;

fn read_with(text: &str, opts: &ReadOptions) -> Result<(Table, ReadReport), String> {
    let progress = AtomicU64::new(0);
    reader::read(&Source::Bytes { label: "orders.csv", bytes: text.as_bytes() }, opts, &progress)
        .map_err(|e| e.to_string())
}

fn read(text: &str) -> Result<(Table, ReadReport), String> {
    read_with(text, &ReadOptions { threads: 1, ..ReadOptions::default() })
}

/// (id, recency, frequency, monetary) rows of a table.
fn rows(t: &Table) -> Vec<(String, i64, u32, i64)> {
    (0..t.len()).map(|i| (t.ids.display(i), t.recency_days[i], t.frequency[i], t.monetary[i])).collect()
}

fn r(id: &str, recency: i64, frequency: u32, monetary: i64) -> (String, i64, u32, i64) {
    (id.to_owned(), recency, frequency, monetary)
}

/// A reproducible sequence of 44-bit random numbers (a linear congruential generator's
/// high bits).
fn random(seed: u64) -> impl FnMut() -> u64 {
    let mut x = seed;
    move || {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        x >> 20
    }
}

#[test]
fn reads_a_plain_file_with_the_default_as_of() {
    let (t, report) = read(
        "order_id,customer_id,order_date,amount\n1,2,2025-06-01 10:00:00,100.50\n2,1,2025-06-10,20\n3,2,2025-06-29T23:59:59,-0.50\n",
    )
    .unwrap();
    assert_eq!(t.as_of, calendar::day(2025, 6, 30), "the day after the latest order");
    assert_eq!(rows(&t), vec![r("1", 20, 1, 2000), r("2", 1, 2, 10000)]);
    assert_eq!((report.rows, report.after_as_of, report.skipped, report.by_order), (3, 0, 0, true));
}

#[test]
fn exotic_exports_read_the_same() {
    let want = vec![r("10", 5, 2, 123_450 + 99), r("9", 0, 1, 100_000_000)];
    let files = [
        // BOM, semicolons, Russian dates and decimal commas, spaces and non-breaking
        // spaces between thousands, CRLF line ends, a blank last line.
        "\u{feff}customer_id;order_date;amount;order_id\r\n10;25.06.2025;1 234,50;1\r\n10;20.06.2025;0,99;2\r\n9;30.06.2025;1\u{a0}000\u{a0}000,00;3\r\n\r\n",
        // Tabs, quoted fields (with a line break and a doubled quote inside), extra columns.
        "note\tcustomer_id\torder_id\tamount\torder_date\n\"a\nb\"\t10\t1\t\"1234.5\"\t2025-06-25\n\"say \"\"hi\"\"\"\t10\t2\t0.99\t2025-06-20T10:00:00\nx\t9\t3\t1000000\t2025-06-30 00:00\n",
        // Commas with quoted decimal commas.
        "customer_id,order_date,amount,order_id\n10,2025-06-25,\"1 234,50\",1\n10,2025-06-20,\"0,99\",2\n9,2025-06-30,\"1 000 000\",3",
    ];
    for text in files {
        let (t, _) = read_with(
            text,
            &ReadOptions { threads: 1, as_of: Some(calendar::day(2025, 6, 30)), ..ReadOptions::default() },
        )
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
        let mut got = rows(&t);
        got.sort();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn bad_rows_stop_with_file_and_line_or_are_skipped() {
    let cases = [
        ("customer_id,order_date,amount\n1,2025-01-01,5\n2,2025-13-01,5\n", "orders.csv:3: не дата: «2025-13-01»"),
        (
            "customer_id,order_date,amount\n1,2025-01-01,5\n\n2,2025-01-01,5 руб\n",
            "orders.csv:4: не сумма: «5 руб» — лишние символы",
        ),
        ("customer_id,order_date,amount\n1,2025-01-01\n", "orders.csv:2: в строке 2 поля, а нужно не меньше 3"),
        ("customer_id,order_date,amount\n,2025-01-01,5\n", "orders.csv:2: пустой номер клиента"),
        ("customer_id,order_date,amount\n\"1\n2\",2025-01-01,5\n3,2025-01-01,1 23\n", "orders.csv:4: не сумма: «1 23»"),
        ("customer_id,order_date,amount\n1,2025-01-01,\"5\n", "orders.csv:2: кавычка открыта"),
        (
            "customer_id,date,amount\n1,2025-01-01,5\n",
            "orders.csv:1: нет столбца «order_date»; в заголовке: «customer_id», «date», «amount»",
        ),
        ("", "orders.csv:1: файл пуст"),
    ];
    for (text, want) in cases {
        let err = read(text).map(|_| ()).unwrap_err();
        assert!(err.starts_with(want), "{err}\nwanted: {want}");
    }
    let text = "customer_id,order_date,amount\n1,2025-01-01,5\n2,вчера,5\n3,2025-01-02,7\n4,2025-01-01,x\n";
    let (t, report) = read_with(text, &ReadOptions { skip_bad: true, threads: 1, ..ReadOptions::default() }).unwrap();
    assert_eq!(rows(&t), vec![r("1", 2, 1, 500), r("3", 1, 1, 700)]);
    assert_eq!(report.skipped, 2);
    assert!(report.first_skipped.unwrap().starts_with("orders.csv:3: не дата"));
}

#[test]
fn orders_after_the_as_of_date_are_left_out_and_counted() {
    let text = "customer_id,order_date,amount\n1,2025-06-01,5\n1,2025-07-02,5\n2,2025-07-01 12:00,1\n";
    let (t, report) =
        read_with(text, &ReadOptions { as_of: Some(calendar::day(2025, 7, 1)), threads: 1, ..ReadOptions::default() })
            .unwrap();
    assert_eq!(rows(&t), vec![r("1", 30, 1, 500), r("2", 0, 1, 100)], "the time of day is ignored");
    assert_eq!(report.after_as_of, 1);
}

#[test]
fn frequency_counts_distinct_orders() {
    // Line items: order 7 on two rows; ids of customer 2 go back (an exact recount);
    // customer 3 has text order ids.
    let text = "order_id,customer_id,order_date,amount\n7,1,2025-01-01,1\n7,1,2025-01-01,2\n8,1,2025-01-02,3\n\
                5,2,2025-01-01,1\n3,2,2025-01-01,1\n5,2,2025-01-01,1\n9,2,2025-01-01,1\nA-1,3,2025-01-01,1\nA-1,3,2025-01-01,1\nA-2,3,2025-01-01,1\n";
    let (t, _) = read(text).unwrap();
    assert_eq!(t.frequency, vec![2, 3, 2]);
    // Without an order column: rows.
    let (t, report) = read("customer_id,order_date,amount\n1,2025-01-01,1\n1,2025-01-01,1\n").unwrap();
    assert_eq!((t.frequency.clone(), report.by_order), (vec![2], false));
    // A named order column must exist.
    let opts =
        ReadOptions { order_col: "check_no".into(), order_col_required: true, threads: 1, ..ReadOptions::default() };
    assert!(read_with("customer_id,order_date,amount\n1,2025-01-01,1\n", &opts).unwrap_err().contains("«check_no»"));
}

#[test]
fn ids_sort_as_numbers_or_as_text() {
    let (t, _) = read("customer_id,order_date,amount\n10,2025-01-01,1\n9,2025-01-01,1\n100,2025-01-01,1\n").unwrap();
    assert_eq!(t.ids, Ids::Num(vec![9, 10, 100]));
    let (t, _) =
        read("customer_id,order_date,amount\n10,2025-01-01,1\nb7,2025-01-01,1\n010,2025-01-01,1\n9,2025-01-01,1\n")
            .unwrap();
    let shown: Vec<String> = (0..t.len()).map(|i| t.ids.display(i)).collect();
    assert_eq!(shown, ["010", "10", "9", "b7"], "«010» is not «10»");
    // Sparse, descending and huge ids, a customer coming back after others: the dense
    // slots and the hash map together keep every row in order.
    let text = "order_id,customer_id,order_date,amount\n1,500,2025-01-01,1\n2,499,2025-01-01,1\n3,18446744073709551615,2025-01-02,1\n\
                4,501,2025-01-03,1\n5,9000000,2025-01-01,1\n6,500,2025-01-04,2\n7,499,2025-01-01,1\n";
    let (t, _) = read(text).unwrap();
    assert_eq!(t.ids, Ids::Num(vec![499, 500, 501, 9_000_000, u64::MAX]));
    assert_eq!((t.frequency.clone(), t.monetary.clone()), (vec![2, 2, 1, 1, 1], vec![200, 300, 100, 100, 100]));
    assert_eq!(t.recency_days, vec![4, 1, 2, 4, 3]);
    // Thousands of whole-number ids in no order (sorted by radix when they span less
    // than 2^32, by comparison otherwise): in order, each with its own sums.
    for span in [1u64 << 31, u64::MAX / 3] {
        let mut next = random(span);
        let mut text = String::from("customer_id,order_date,amount\n");
        let mut want = BTreeMap::new();
        for _ in 0..5_000 {
            let id = 7 + next() % span;
            let kopecks = next() % 100_000;
            text += &format!("{id},2025-01-01,{}.{:02}\n", kopecks / 100, kopecks % 100);
            *want.entry(id).or_insert(0i64) += kopecks as i64;
        }
        let (t, _) = read_with(&text, &ReadOptions { threads: 2, ..ReadOptions::default() }).unwrap();
        assert_eq!(t.ids, Ids::Num(want.keys().copied().collect()), "span {span}");
        assert_eq!(t.monetary, want.values().copied().collect::<Vec<_>>(), "span {span}");
    }
}

/// A file in many parts read by several threads equals the single-threaded read — also
/// when a quoted field with line breaks lies across a cut, and when a customer's rows
/// fall into different parts.
#[test]
fn parts_read_in_parallel_give_the_same_table() {
    let mut text = String::from("order_id,customer_id,order_date,amount,comment\n");
    let mut x: u64 = 7;
    for k in 0..3000u64 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let customer = (x >> 33) % 40;
        let order = if k % 97 == 0 { k / 2 } else { k };
        let comment = if k % 5 == 0 { "\"line\nbreak, and \"\"quotes\"\"\"" } else { "ok" };
        text += &format!("{order},{customer},2025-0{}-1{},{}.{:02},{comment}\n", 1 + x % 9, x % 10, x % 5000, x % 100);
    }
    let single = read(&text).unwrap();
    for threads in [2, 3, 4, 7, 16] {
        let parallel = read_with(&text, &ReadOptions { threads, ..ReadOptions::default() }).unwrap();
        assert_eq!(parallel, single, "{threads} threads");
    }
}

/// Customers in order through the file, as exports and the generator write them: the
/// parts only touch at the customer whose rows a cut splits, and are joined end to end.
#[test]
fn parts_of_a_file_in_customer_order_join_at_the_cut() {
    let mut text = String::from("order_id,customer_id,order_date,amount\n");
    for k in 0..3000u64 {
        let customer = 1000 + k / 7 + if k % 500 == 0 { 100_000 } else { 0 };
        text += &format!("{k},{customer},2025-0{}-1{},{}.{:02}\n", 1 + k % 9, k % 10, k % 5000, k % 100);
    }
    let single = read(&text).unwrap();
    assert_eq!(single.0.len(), 429 + 6);
    for threads in [2, 3, 4, 7, 16, 100] {
        let parallel = read_with(&text, &ReadOptions { threads, ..ReadOptions::default() }).unwrap();
        assert_eq!(parallel, single, "{threads} threads");
    }
}

/// An independent reference: R, F, M by grouping parsed rows in a BTreeMap, with orders
/// as a set — on the generated loyalty case, for many variants.
#[test]
fn the_loyalty_table_matches_a_reference_built_from_the_events() {
    use crate::data::generate::loyalty;
    for seed in [0, 1, 2025, 99_999] {
        let data = loyalty::generate(seed, 400);
        let mut reference: BTreeMap<u64, (i64, BTreeSet<u64>, i64)> = BTreeMap::new();
        for e in &data.events {
            let days = (loyalty::as_of() - e.at.date()).num_days();
            let entry = reference.entry(e.participant_id).or_insert((i64::MAX, BTreeSet::new(), 0));
            entry.0 = entry.0.min(days);
            entry.1.insert(e.id);
            entry.2 += e.amount;
        }
        let t = loyalty_table(seed, 400).unwrap();
        let want: Vec<_> = reference.iter().map(|(id, v)| r(&id.to_string(), v.0, v.1.len() as u32, v.2)).collect();
        assert_eq!(rows(&t), want, "seed {seed}");
    }
}

/// The loyalty case's events as their CSV file is written and the engine reads it: the
/// table the direct path must equal.
fn loyalty_table_read_from_csv(data: &crate::data::generate::loyalty::LoyaltyData) -> Table {
    use crate::data::generate::{calendar, loyalty};
    let mut events = Vec::new();
    loyalty::write_events_csv(data, &mut events).unwrap();
    let opts = ReadOptions {
        customer_col: "participant_id".into(),
        date_col: "event_date".into(),
        order_col: "event_id".into(),
        order_col_required: true,
        as_of: Some(calendar::AS_OF),
        threads: 1,
        ..ReadOptions::default()
    };
    let progress = std::sync::atomic::AtomicU64::new(0);
    reader::read(&Source::Bytes { label: "loyalty_events.csv", bytes: &events }, &opts, &progress).unwrap().0
}

/// The table built from the generated events is the one read from their CSV text: the
/// same participants, recency (dates), frequency and sums to the kopeck.
#[test]
fn the_loyalty_table_from_the_events_is_the_one_read_from_their_file() {
    use crate::data::generate::loyalty;
    for (seed, participants) in [(0, 750), (1, 750), (0xbe00_0003, 750), (u64::MAX, 1017), (42, 9), (7, 1)] {
        let data = loyalty::generate(seed, participants);
        let direct = loyalty_table(seed, participants).unwrap();
        let read = loyalty_table_read_from_csv(&data);
        assert_eq!(direct, read, "seed {seed}, {participants} participants");
        assert_eq!(direct.monetary.iter().sum::<i64>(), data.events.iter().map(|e| e.amount).sum::<i64>());
    }
    // Events after the as-of date are left out, as the reader leaves their rows out;
    // a repeated event id is one purchase with both amounts.
    let mut data = loyalty::generate(3, 40);
    let late = data.events[0].at + chrono::Duration::days(900);
    data.events[0].at = late;
    let again = data.events[5].clone();
    data.events.push(again);
    let direct = loyalty_table_from_events(&data.events, crate::data::generate::calendar::AS_OF);
    assert_eq!(direct, loyalty_table_read_from_csv(&data));
    assert_eq!(loyalty_table_from_events(&[], calendar::AS_OF), loyalty_table_read_from_csv(&Default::default()));
}

/// Under course7 every variant of the case has all seven groups and nobody in the
/// fallback, for the course's size and smaller ones.
#[test]
fn course7_finds_the_seven_groups_in_every_variant() {
    let model = ModelSpec::from_toml(model::COURSE7).unwrap().compile().unwrap();
    for seed in 0..40u64 {
        for participants in [750, 300] {
            let t = loyalty_table(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15), participants).unwrap();
            let seg = segment(&t, &model);
            let map = sales_map(&t, &seg);
            for name in crate::strings::datasets::SEVEN_SEGMENTS {
                assert!(map.get(name).is_some_and(|s| s.customers > 0), "seed {seed}, {participants}: no «{name}»");
            }
            assert!(map.get(crate::strings::rfm::DEFAULT_FALLBACK).is_none(), "seed {seed}: someone in the fallback");
        }
    }
}

#[test]
fn sales_map_figures_add_up() {
    let (t, _) = read(
        "order_id,customer_id,order_date,amount\n1,1,2025-01-01,100\n2,1,2025-01-05,300\n3,2,2025-01-01,50\n4,3,2025-01-06,-10\n",
    )
    .unwrap();
    let model = ModelSpec::from_toml("[scoring]\nmethod = \"thresholds\"\nrecency_days = [3]\nfrequency = [2]\nmonetary = [1]\n[[segment]]\nname = \"A\"\nf = \"2\"\n[[segment]]\nname = \"B\"\nm = \"2\"")
        .unwrap()
        .compile()
        .unwrap();
    let seg = segment(&t, &model);
    let map = sales_map(&t, &seg);
    let names: Vec<&str> = map.segments.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["A", "B", "Прочие"]);
    let a = &map.segments[0];
    assert_eq!((a.customers, a.revenue, a.orders, a.average_check), (1, 40_000, 2, 200.0));
    assert!(
        (a.customer_share - 100.0 / 3.0).abs() < 1e-9 && (a.revenue_share - 40_000.0 / 44_000.0 * 100.0).abs() < 1e-9
    );
    assert_eq!((map.total.customers, map.total.revenue, map.total.orders), (3, 44_000, 4));
    assert_eq!(map.segments[2].revenue, -1_000, "a return only: negative revenue");
}

/// course7 puts most participants of each behaviour where the case expects them (the
/// generator's archetypes are not in the files: only RFM finds them).
#[test]
fn course7_puts_each_behaviour_mostly_in_its_group() {
    use crate::data::generate::loyalty;
    let model = ModelSpec::from_toml(model::COURSE7).unwrap().compile().unwrap();
    let mut tally: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for seed in 0..5u64 {
        let data = loyalty::generate(seed, 750);
        let t = loyalty_table(seed, 750).unwrap();
        let seg = segment(&t, &model);
        let Ids::Num(ids) = &t.ids else { panic!("numeric ids") };
        for (i, id) in ids.iter().enumerate() {
            let Some(expected) = data.participants[*id as usize - 1].archetype.expected_segment() else { continue };
            let e = tally.entry(expected).or_default();
            e.1 += 1;
            if seg.names[usize::from(seg.segment[i])] == expected {
                e.0 += 1;
            }
        }
    }
    assert_eq!(tally.len(), 7);
    for (group, (hit, all)) in tally {
        assert!(hit * 10 >= all * 6, "{group}: only {hit} of {all} where expected");
    }
}

/// A customer's rows all over the file, ids of every kind real exports have (numbers,
/// zero-padded digits, codes, UUIDs, e-mails, phones, a name with a comma in quotes),
/// line items, orders shared by two customers, order ids past 2^32 and text order ids:
/// every way of reading (parts, a stream, bits or owner slots for orders, a budget too
/// small for any slot) gives the table of a reference built with sets.
#[test]
fn any_row_order_and_any_way_of_reading_give_the_reference_table() {
    let mut next = random(11);
    let id = |n: u64| match n % 7 {
        0 => format!("{n}"),
        1 => format!("{n:07}"),
        2 => format!("C{n:07}"),
        3 => format!("{:08x}-1d2e-4f00-8a00-{:012x}", n * 2654435761 % (1 << 32), n),
        4 => format!("client.{n}@mail.ru"),
        5 => format!("+7 (9{:02}) {:03}-{:02}-{:02}", n % 100, n % 1000, n % 97, n % 89),
        _ => format!("\"Иванов, {n}\""),
    };
    let mut text = String::from("order_id,customer_id,order_date,amount\n");
    let mut reference: BTreeMap<String, (i32, BTreeSet<String>, i64)> = BTreeMap::new();
    let mut orders_of: Vec<Vec<String>> = vec![Vec::new(); 600];
    for k in 0..40_000u64 {
        let n = next() % 600;
        let order = match next() % 20 {
            0 if !orders_of[n as usize].is_empty() => {
                let o = &orders_of[n as usize];
                o[(next() as usize) % o.len()].clone()
            }
            1 => orders_of[(next() % 600) as usize].first().cloned().unwrap_or_else(|| k.to_string()),
            2 => (k + (1 << 40)).to_string(),
            3 => format!("A-{}", k % 3000),
            _ => k.to_string(),
        };
        orders_of[n as usize].push(order.clone());
        let (month, day) = (1 + next() % 12, 1 + next() % 28);
        let kopecks = (next() % 100_000) as i64 - 5000;
        let quoted = next().is_multiple_of(10);
        let shown_id = id(n);
        let field = if quoted && !shown_id.starts_with('"') { format!("\"{shown_id}\"") } else { shown_id.clone() };
        let sign = if kopecks < 0 { "-" } else { "" };
        let amount = format!("{sign}{}.{:02}", kopecks.abs() / 100, kopecks.abs() % 100);
        text += &format!("{order},{field},2024-{month:02}-{day:02},{amount}\n");
        let key = shown_id.trim_matches('"').to_owned();
        let e = reference.entry(key).or_insert((i32::MIN, BTreeSet::new(), 0));
        e.0 = e.0.max(calendar::day(2024, month as u32, day as u32));
        e.1.insert(order);
        e.2 += kopecks;
    }
    let as_of = reference.values().map(|e| e.0).max().unwrap() + 1;
    let want: Vec<(String, i64, u32, i64)> = reference
        .iter()
        .map(|(k, (day, orders, sum))| (k.clone(), i64::from(as_of - day), orders.len() as u32, *sum))
        .collect();
    assert!(text.len() > 1 << 20, "more than one block of a stream: {}", text.len());
    let bytes = Source::Bytes { label: "orders.csv", bytes: text.as_bytes() };
    let progress = AtomicU64::new(0);
    let budgets = [
        None,
        Some(reader::Counting::Bits(0)),
        Some(reader::Counting::Owners(0)),
        Some(reader::Counting::Owners(1 << 30)),
    ];
    for threads in [1, 2, 3, 5] {
        let opts = ReadOptions { threads, ..ReadOptions::default() };
        for counting in budgets {
            let (t, report) = reader::read_counting(&bytes, &opts, &progress, counting).unwrap();
            assert_eq!(report.rows, 40_000);
            same_rows(&rows(&t), &want, &format!("{threads} threads, {counting:?}"));
        }
        for counting in [None, Some(reader::Counting::Owners(0))] {
            let (t, _) = reader::read_stream("stdin", &mut text.as_bytes(), &opts, &progress, counting).unwrap();
            same_rows(&rows(&t), &want, &format!("a stream, {threads} threads, {counting:?}"));
        }
    }
    // Shuffled lines: the same table.
    let mut lines: Vec<&str> = text.lines().skip(1).collect();
    for i in (1..lines.len()).rev() {
        lines.swap(i, (next() as usize) % (i + 1));
    }
    let shuffled = format!("order_id,customer_id,order_date,amount\n{}\n", lines.join("\n"));
    let (t, _) = read_with(&shuffled, &ReadOptions { threads: 3, ..ReadOptions::default() }).unwrap();
    same_rows(&rows(&t), &want, "shuffled");
    // Rows of a customer one after another (a reading thread sums such a run and adds it
    // once): sorted by customer, and mixed — sorted stretches between shuffled ones.
    let customer = |line: &str| line.split(',').nth(1).unwrap_or_default().trim_matches('"').to_owned();
    let mut sorted = lines.clone();
    sorted.sort_by_key(|l| customer(l));
    let mut mixed = Vec::new();
    for (k, chunk) in lines.chunks(3_000).enumerate() {
        let mut chunk = chunk.to_vec();
        if k % 2 == 0 {
            chunk.sort_by_key(|l| customer(l));
        }
        mixed.extend(chunk);
    }
    for (what, lines) in [("by customer", &sorted), ("mixed", &mixed)] {
        let text = format!("order_id,customer_id,order_date,amount\n{}\n", lines.join("\n"));
        let bytes = Source::Bytes { label: "orders.csv", bytes: text.as_bytes() };
        for threads in [1, 2, 3] {
            let opts = ReadOptions { threads, ..ReadOptions::default() };
            for counting in [None, Some(reader::Counting::Bits(0))] {
                let (t, _) = reader::read_counting(&bytes, &opts, &progress, counting).unwrap();
                same_rows(&rows(&t), &want, &format!("{what}, {threads} threads, {counting:?}"));
            }
            let (t, _) = reader::read_stream("stdin", &mut text.as_bytes(), &opts, &progress, None).unwrap();
            same_rows(&rows(&t), &want, &format!("{what}, a stream, {threads} threads"));
        }
    }
}

/// Without an order column every row is an order: runs of one customer's rows (sorted,
/// mixed with shuffled stretches, and shuffled) sum to a reference built row by row.
#[test]
fn runs_of_a_customer_without_order_ids_count_every_row() {
    let mut next = random(5);
    let mut lines = Vec::new();
    let mut reference: BTreeMap<String, (i32, u32, i64)> = BTreeMap::new();
    for _ in 0..20_000 {
        let n = next() % 900;
        let id = if n.is_multiple_of(2) { format!("{n}") } else { format!("K-{n:05}") };
        let (month, day) = (1 + next() % 12, 1 + next() % 28);
        let kopecks = (next() % 50_000) as i64 - 2000;
        let sign = if kopecks < 0 { "-" } else { "" };
        lines.push(format!("{id};{sign}{}.{:02};2024-{month:02}-{day:02}", kopecks.abs() / 100, kopecks.abs() % 100));
        let e = reference.entry(id).or_insert((i32::MIN, 0, 0));
        e.0 = e.0.max(calendar::day(2024, month as u32, day as u32));
        e.1 += 1;
        e.2 += kopecks;
    }
    let as_of = reference.values().map(|e| e.0).max().unwrap() + 1;
    let want: Vec<(String, i64, u32, i64)> =
        reference.iter().map(|(k, &(day, rows, sum))| (k.clone(), i64::from(as_of - day), rows, sum)).collect();
    let customer = |line: &String| line.split(';').next().unwrap_or_default().to_owned();
    let mut sorted = lines.clone();
    sorted.sort_by_key(customer);
    let mut mixed = Vec::new();
    for (k, chunk) in lines.chunks(1_000).enumerate() {
        let mut chunk = chunk.to_vec();
        if k % 3 != 0 {
            chunk.sort_by_key(customer);
        }
        mixed.extend(chunk);
    }
    let progress = AtomicU64::new(0);
    for (what, lines) in [("by customer", &sorted), ("mixed", &mixed), ("shuffled", &lines)] {
        let text = format!("customer_id;amount;order_date\n{}\n", lines.join("\n"));
        for threads in [1, 2, 4] {
            let opts = ReadOptions { threads, ..ReadOptions::default() };
            let (t, report) = read_with(&text, &opts).unwrap();
            assert!(!report.by_order);
            same_rows(&rows(&t), &want, &format!("{what}, {threads} threads"));
            let (t, _) = reader::read_stream("stdin", &mut text.as_bytes(), &opts, &progress, None).unwrap();
            same_rows(&rows(&t), &want, &format!("{what}, a stream, {threads} threads"));
        }
    }
}

/// Equal tables, or the first customer that differs.
fn same_rows(got: &[(String, i64, u32, i64)], want: &[(String, i64, u32, i64)], what: &str) {
    if let Some((g, w)) = got.iter().zip(want).find(|(g, w)| g != w) {
        panic!("{what}: {g:?}, wanted {w:?}");
    }
    assert_eq!(got.len(), want.len(), "{what}");
}

/// A stream cut into blocks where quoted fields hold line breaks, and with a stray quote
/// in the middle of a field (read as a character, as `next_record` does).
#[test]
fn a_stream_reads_quoted_line_breaks_and_stray_quotes_as_a_file_does() {
    let mut text = String::from("customer_id,order_date,amount,comment\n");
    for k in 0..60_000u64 {
        let comment = match k % 50 {
            0 => "\"two\nlines, \"\"quoted\"\"\"",
            1 if k > 30_000 => "a \"stray quote",
            _ => "ok",
        };
        text += &format!("{},2025-0{}-1{},{}.{:02},{comment}\n", k % 777, 1 + k % 9, k % 10, k % 5000, k % 100);
    }
    let file = read_with(&text, &ReadOptions { threads: 2, ..ReadOptions::default() }).unwrap();
    let progress = AtomicU64::new(0);
    for threads in [1, 2, 4] {
        let opts = ReadOptions { threads, ..ReadOptions::default() };
        let stream = reader::read_stream("stdin", &mut text.as_bytes(), &opts, &progress, None).unwrap();
        assert_eq!(stream, file, "{threads} threads");
    }
    assert_eq!(
        progress.load(std::sync::atomic::Ordering::Relaxed),
        3 * text.len() as u64,
        "progress counts every byte"
    );
    // Bad rows of a stream: the line of the first, counting lines of earlier blocks.
    let bad = format!("{text}1,2025-01-01,вчера,x\n");
    let err = reader::read_stream("stdin", &mut bad.as_bytes(), &ReadOptions::default(), &progress, None).unwrap_err();
    assert!(err.to_string().starts_with("stdin:61202: не сумма"), "{err}");
}
