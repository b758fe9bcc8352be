//! Tests of the free-text kinds: values, rubrics in findings, rows, rules, the persona
//! check, answer files, review status, and random input.

use std::collections::BTreeMap;

use super::form::{self, Form};
use super::table::{self, Row, Table};
use crate::kinds::random::SplitMix64;
use crate::kinds::test_support::{at, grade, grade_variant, issues, spec};
use crate::kinds::{Kind, Place, Severity, Status, Verdict};

const STRATEGY: &str = r#"
corner = "Сегмент"
rows = [{ id = "loyal", title = "Лояльные" }, { id = "sleeping", title = "«Спящие»" }]

[[columns]]
id = "channel"
title = "Канал"
max_words = 20
need = 1
concepts = [
    { label = "электронная почта", terms = ["email", "e-mail", "письмо", "рассылка"] },
    { label = "короткие сообщения на телефон", terms = ["смс", "sms", "push"] },
]

[[columns]]
id = "content"
title = "Содержание"
min_words = 3
max_words = 40

[[cells]]
row = "sleeping"
column = "content"
concepts = [
    { label = "о том, что накопленное скоро пропадёт", terms = ["баллы сгорают", "истечение срока баллов", "сгорание баллов"] },
    { label = "короткая сводка новостей", terms = ["дайджест"] },
]
forbidden = [{ label = "навязчивость отпугнёт", terms = ["каждый час"] }]
"#;

fn row(id: &str, cells: &[(&str, &str)]) -> Row {
    Row { id: id.into(), cells: cells.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
}

fn table_answer(rows: Vec<Row>) -> table::Answer {
    table::Answer { rows }
}

#[test]
fn a_full_table_earns_everything_and_findings_name_concepts_by_label_only() {
    let s = spec::<Table>(STRATEGY);
    let answer = table_answer(vec![
        row("loyal", &[("channel", "Email-рассылка"), ("content", "полезные письма и подборки товаров")]),
        row(
            "sleeping",
            &[("channel", "SMS"), ("content", "Напоминание: ваши баллы сгорают через неделю, и дайджест новинок")],
        ),
    ]);
    let o = grade::<Table>(&s, &answer);
    assert_eq!((o.earned, o.possible), (4.0, 4.0), "{o:#?}");
    let sleeping = at(&o, "cell:sleeping/content");
    assert_eq!(sleeping.len(), 1);
    assert_eq!(sleeping[0].0, Severity::Correct);
    assert!(sleeping[0].1.contains("короткая сводка новостей"), "{sleeping:?}");
    assert!(!sleeping[0].1.contains("дайджест") && !sleeping[0].1.contains("сгора"), "{sleeping:?}");
    assert_eq!(Verdict::from_outcome(10.0, o).status, Status::Passed);
}

#[test]
fn missing_concepts_empty_cells_word_limits_and_forbidden_words_are_reported_per_cell() {
    let s = spec::<Table>(STRATEGY);
    let answer = table_answer(vec![
        row("loyal", &[("channel", "звонки"), ("content", "ок")]),
        row("sleeping", &[("content", "пишем каждый час про баллы: сгорание баллов близко")]),
    ]);
    let o = grade::<Table>(&s, &answer);
    let channel = at(&o, "cell:loyal/channel");
    assert_eq!(channel[0].0, Severity::Missing);
    assert!(
        channel[0].1.contains("ничего из нужного. Не хватает хотя бы одного из:")
            && channel[0].1.contains("электронная почта"),
        "{channel:?}"
    );
    assert!(at(&o, "cell:loyal/content")[0].1.contains("1 слово — мало: нужно не меньше 3 слов"), "{o:#?}");
    assert_eq!(at(&o, "cell:sleeping/channel"), vec![(Severity::Missing, "не заполнено".to_owned())]);
    let content = at(&o, "cell:sleeping/content");
    assert_eq!(content.len(), 2, "{content:?}");
    assert!(content[0].1.contains("Не хватает: короткая сводка новостей"), "{content:?}");
    assert_eq!(content[1], (Severity::Wrong, "так здесь нельзя: навязчивость отпугнёт".to_owned()));
    // sleeping/content: half the concepts, less the forbidden one's half → 0
    assert_eq!((o.earned, o.possible), (0.0, 4.0));

    let long = "слово ".repeat(41);
    let o = grade::<Table>(&s, &table_answer(vec![row("loyal", &[("content", &long)])]));
    assert!(at(&o, "cell:loyal/content")[0].1.starts_with("41 слово — слишком много: здесь не больше 40 слов"));
}

#[test]
fn unknown_and_repeated_rows_and_unknown_columns_are_noted_not_graded() {
    let s = spec::<Table>(STRATEGY);
    let answer = table_answer(vec![
        row("loyal", &[("channel", "email"), ("content", "полезные письма каждую неделю"), ("extra", "x")]),
        row("loyal", &[("channel", "sms")]),
        row("vip", &[("channel", "sms")]),
    ]);
    let o = grade::<Table>(&s, &answer);
    let general: Vec<&str> = o.findings.iter().filter(|f| f.at.is_none()).map(|f| f.message.as_str()).collect();
    assert!(general.iter().any(|m| m.contains("столбца «extra»")), "{general:?}");
    assert!(general.iter().any(|m| m.contains("«loyal» дана дважды")), "{general:?}");
    assert!(general.iter().any(|m| m.contains("нет строки «vip»")), "{general:?}");
    assert_eq!(o.earned, 2.0);
}

#[test]
fn review_exercises_wait_for_the_instructor_only_when_complete() {
    let text = format!("review = true\n{STRATEGY}");
    let s = spec::<Table>(&text);
    let full = table_answer(vec![
        row("loyal", &[("channel", "email"), ("content", "полезные письма раз в неделю")]),
        // a thin but filled answer: provisional points below full
        row("sleeping", &[("channel", "sms"), ("content", "напомнить про дайджест новостей")]),
    ]);
    let o = grade::<Table>(&s, &full);
    assert!(o.needs_review && o.earned < o.possible, "{o:#?}");
    let v = Verdict::from_outcome(10.0, o);
    assert_eq!(v.status, Status::AwaitingReview);
    assert!(v.findings.iter().any(|f| f.message.contains("ждёт проверки")));

    let unfinished = table_answer(vec![row("loyal", &[("channel", "email")])]);
    let o = grade::<Table>(&s, &unfinished);
    assert!(!o.needs_review);
    assert_eq!(Verdict::from_outcome(10.0, o).status, Status::Partial);
}

const SOURCES: &str = r#"
add_rows = { min = 4, max = 6 }

[[columns]]
id = "category"
title = "Категория"
type = "choice"
options = [{ id = "coffee", title = "Растворимый кофе" }, { id = "juice", title = "Сок" }, { id = "milk", title = "Молоко" }]

[[columns]]
id = "link"
title = "Ссылка"
type = "url"
full_link = true

[[columns]]
id = "aim"
title = "Цель"
type = "choice"
options = [{ id = "trends", title = "Тенденции продаж" }, { id = "prefs", title = "Предпочтения" }]

[[rules]]
rule = "groups"
column = "category"
count = 2
min = 2

[[rules]]
rule = "distinct_domains"
column = "link"
min = 2
per = "category"

[[rules]]
rule = "distinct_links"
column = "link"

[[rules]]
rule = "cover"
column = "aim"
min = 1
per = "category"
"#;

fn source(category: &str, link: &str, aim: &str) -> Row {
    row("", &[("category", category), ("link", link), ("aim", aim)])
}

#[test]
fn added_rows_and_rules_over_groups() {
    let s = spec::<Table>(SOURCES);
    let good = table_answer(vec![
        source("Растворимый кофе", "https://rosstat.gov.ru/a", "trends"),
        source("coffee", "https://www.kommersant.ru/doc/1", "Предпочтения"),
        row("", &[]), // a blank row the editor left: not counted
        source("Сок", "https://juice.ru/report", "trends"),
        source("juice", "https://ria.ru/x", "prefs"),
    ]);
    let o = grade::<Table>(&s, &good);
    assert_eq!((o.earned, o.possible), (16.0, 16.0), "{o:#?}");

    let bad = table_answer(vec![
        source("coffee", "https://rosstat.gov.ru/a", "trends"),
        source("coffee", "https://rosstat.gov.ru/a/", "trends"),
        source("coffee", "https://rosstat.gov.ru", "trends"),
    ]);
    let o = grade::<Table>(&s, &bad);
    let general: Vec<&str> = o.findings.iter().filter(|f| f.at.is_none()).map(|f| f.message.as_str()).collect();
    assert!(general.iter().any(|m| m.contains("заполнено 3 строки — нужно не меньше 4 строк")), "{general:?}");
    assert!(general.iter().any(|m| m.contains("«Растворимый кофе» — 3 строки")), "{general:?}");
    assert!(general.iter().any(|m| m.contains("1 разный сайт из 2")), "{general:?}");
    assert!(general.iter().any(|m| m.contains("строка 2 = строка 1")), "{general:?}");
    assert!(general.iter().any(|m| m.contains("«Предпочтения» — 0")), "{general:?}");
    assert!(at(&o, "cell:3/link")[0].1.contains("главную страницу"), "{o:#?}");
    // four rows counted (the minimum), three filled, the home-page link earns nothing
    assert_eq!((o.earned, o.possible), (8.0, 16.0));

    let too_many = table_answer((0..8).map(|i| source("coffee", &format!("https://s{i}.ru/a"), "trends")).collect());
    let o = grade::<Table>(&s, &too_many);
    assert!(o.findings.iter().any(|f| f.message.contains("заполнено 8 строк — не больше 6 строк")));
    assert!(at(&o, "cell:7/link").is_empty(), "rows past the maximum are not graded");
}

#[test]
fn broken_table_specs_are_reported() {
    let found = |text: &str| issues::<Table>(text).into_iter().map(|(_, m)| m).collect::<Vec<_>>().join("\n");
    let bad = r#"
        rows = [{ id = "a", title = "А" }]
        add_rows = { min = 1, max = 2 }
        [[columns]]
        id = "c"
        title = "C"
        type = "url"
        options = [{ id = "x", title = "X" }]
        concepts = [{ label = "частота рассылок", terms = ["частота"] }]
        [[cells]]
        row = "b"
        column = "c"
        [[rules]]
        rule = "kinds"
        column = "c"
    "#;
    let all = found(bad);
    for expected in [
        "и rows, и add_rows",
        "ключ options",
        "ключ concepts",
        "выдаёт ключевое слово",
        "нет строки «b»",
        "«c» должен быть полем типа text",
        "«c» должен быть полем типа choice",
        "правилу нужен min ≥ 1",
    ] {
        assert!(all.contains(expected), "missing «{expected}» in:\n{all}");
    }
    assert!(found("columns = []").contains("нет строк"));
}

const PERSONA: &str = r#"
review = true

[[fields]]
id = "name"
title = "Имя"
max_words = 4

[[fields]]
id = "group"
title = "Группа"
type = "choice"
options = [{ id = "loyal", title = "Лояльные" }, { id = "vip", title = "ВИП-клиенты" }, { id = "none", title = "Нет такой" }]

[[fields]]
id = "age"
title = "Возраст"
type = "number"
min = 14
max = 100

[[fields]]
id = "city"
title = "Город"
max_words = 4

[persona]
participants = 300
group_field = "group"
age_field = "age"
city_field = "city"
"#;

fn persona(fields: &[(&str, &str)]) -> form::Answer {
    form::Answer { fields: fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), rfm_model: None }
}

/// The birth years and cities of a course7 group in a variant, computed here the long
/// way (the archetypes are not used: the groups are the model's).
fn group_facts(variant: u64, name: &str) -> (i32, i32, Vec<&'static str>) {
    use crate::data::generate::loyalty;
    use crate::data::rfm;
    let model: rfm::ModelSpec = toml::from_str(rfm::model::COURSE7).unwrap();
    let table = rfm::loyalty_table(variant, 300).unwrap();
    let seg = rfm::segment(&table, &model.compile().unwrap());
    let data = loyalty::generate(variant, 300);
    let mut years = Vec::new();
    let mut cities = Vec::new();
    for i in 0..table.len() {
        if seg.names[usize::from(seg.segment[i])] == name {
            let id: u64 = table.ids.display(i).parse().unwrap();
            let p = data.participants.iter().find(|p| p.id == id).unwrap();
            years.extend(p.birth_year);
            cities.push(p.city);
        }
    }
    (*years.iter().min().unwrap(), *years.iter().max().unwrap(), cities)
}

#[test]
fn a_persona_must_be_possible_in_the_learners_group() {
    let s = spec::<Form>(PERSONA);
    let variant = 41;
    let (oldest, youngest, cities) = group_facts(variant, "Лояльные");
    let age = (2025 - (oldest + youngest) / 2).to_string();
    let right =
        persona(&[("name", "Анна"), ("group", "Лояльные"), ("age", &age), ("city", &format!("г. {}", cities[0]))]);
    let o = grade_variant::<Form>(&s, &right, variant);
    assert_eq!((o.earned, o.possible, o.needs_review), (6.0, 6.0, true), "{o:#?}");

    let too_old = (2025 - oldest + 5).to_string();
    let wrong = persona(&[("name", "Анна"), ("group", "loyal"), ("age", &too_old), ("city", "Париж")]);
    let o = grade_variant::<Form>(&s, &wrong, variant);
    assert!(at(&o, "field:age")[0].1.contains("в вашей группе «Лояльные» участникам от"), "{o:#?}");
    assert!(at(&o, "field:city")[0].1.contains("нет участников из «Париж»"), "{o:#?}");
    assert_eq!((o.earned, o.needs_review), (4.0, false));

    let empty_group = persona(&[("name", "Анна"), ("group", "Нет такой"), ("age", "30"), ("city", "Москва")]);
    let o = grade_variant::<Form>(&s, &empty_group, variant);
    assert!(at(&o, "field:group").iter().any(|(_, m)| m.contains("группа «Нет такой» пуста")), "{o:#?}");
}

#[test]
fn the_persona_follows_the_learners_own_model_when_the_answer_carries_it() {
    let s = spec::<Form>(PERSONA);
    // Everyone is «Лояльные» under this model: the whole variant's cities count.
    let everyone: crate::data::rfm::ModelSpec = toml::from_str("[[segment]]\nname = \"Лояльные\"\n").unwrap();
    let (_, _, loyal_cities) = group_facts(3, "Лояльные");
    let data = crate::data::generate::loyalty::generate(3, 300);
    let elsewhere =
        data.participants.iter().map(|p| p.city).find(|c| !loyal_cities.contains(c)).expect("a city outside");
    let mut answer = persona(&[("name", "Олег"), ("group", "Лояльные"), ("age", "40"), ("city", elsewhere)]);
    let o = grade_variant::<Form>(&s, &answer, 3);
    assert_eq!(at(&o, "field:city")[0].0, Severity::Wrong);
    answer.rfm_model = Some(everyone);
    let o = grade_variant::<Form>(&s, &answer, 3);
    assert_eq!(at(&o, "field:city")[0].0, Severity::Correct, "{o:#?}");
}

#[test]
fn answer_files_read_rows_fields_numbers_and_models() {
    let t =
        Table::parse_answer_file("[[rows]]\nrow = \"loyal\"\nchannel = \"email\"\n\n[[rows]]\nchannel = 5\n").unwrap();
    assert_eq!(t.rows[0], row("loyal", &[("channel", "email")]));
    assert_eq!(t.rows[1], row("", &[("channel", "5")]));
    let e = Table::parse_answer_file("[[rows]]\nrow = \"a\"\nchannel = [1, 2]\n").unwrap_err();
    assert!(e.starts_with("3:11: «channel»"), "{e}");
    assert!(Table::parse_answer_file("rows = 1").is_err());

    let f =
        Form::parse_answer_file("name = \"Анна\"\nage = 34\n[rfm_model]\n[[rfm_model.segment]]\nname = \"Лояльные\"\n")
            .unwrap();
    assert_eq!(f.fields, BTreeMap::from([("age".into(), "34".into()), ("name".into(), "Анна".into())]));
    assert_eq!(f.rfm_model.unwrap().segments[0].name, "Лояльные");
    let e = Form::parse_answer_file("[rfm_model]\nbins = \"x\"\n").unwrap_err();
    assert!(e.starts_with("1:1"), "{e}");
}

/// Random and hostile input in every cell and field: grading never panics, stays
/// within its points, and finishes quickly even on megabytes.
#[test]
fn grading_survives_random_and_hostile_text() {
    let sources = spec::<Table>(SOURCES);
    let strategy = spec::<Table>(STRATEGY);
    let persona_form = spec::<Form>(PERSONA);
    let pieces = [
        "клиентам",
        " ",
        "баллы сгорают",
        "https://",
        "example.com",
        "/",
        "\u{0}",
        "\u{7}",
        "\u{1b}[31m",
        "\r\n",
        "\u{202e}",
        "שָׁלוֹם",
        "مرحبا",
        "\u{200f}",
        "ё",
        "\u{306}",
        "😀",
        "%",
        "..",
        "@",
        "-",
        "1 234,5",
        "31.02.2024",
        "Сок",
        "coffee",
        "trends",
        "\t",
        "\u{feff}",
        "\u{ad}",
    ];
    let mut rng = SplitMix64::new(13);
    let mut text = |rng: &mut SplitMix64| -> String {
        let n = rng.below(12) as usize;
        (0..n).map(|_| pieces[rng.below(pieces.len() as u64) as usize]).collect()
    };
    let megabytes = "клиентами, дайджест; ".repeat(60_000);
    let long_url = format!("https://example.com/{}", "ы".repeat(10_000));
    let specials = ["", megabytes.as_str(), long_url.as_str(), "\u{0}\u{0}\u{0}", "\u{202e}https://evil.com/a"];
    let started = std::time::Instant::now();
    for round in 0..300 {
        let pick = |rng: &mut SplitMix64, text: &mut dyn FnMut(&mut SplitMix64) -> String| {
            if rng.below(8) == 0 { specials[rng.below(specials.len() as u64) as usize].to_owned() } else { text(rng) }
        };
        let mut rows = Vec::new();
        for _ in 0..rng.below(9) {
            let mut cells = BTreeMap::new();
            for column in ["category", "link", "aim", "channel", "content", "zzz"] {
                if rng.below(3) > 0 {
                    cells.insert(column.to_owned(), pick(&mut rng, &mut text));
                }
            }
            rows.push(Row { id: ["", "loyal", "sleeping", "x"][rng.below(4) as usize].to_owned(), cells });
        }
        for s in [&sources, &strategy] {
            let o = grade_variant::<Table>(s, &table_answer(rows.clone()), round);
            assert!(o.earned >= 0.0 && o.earned <= o.possible + 1e-9 && o.possible > 0.0, "{o:?}");
        }
        let fields = ["name", "group", "age", "city", "other"]
            .iter()
            .map(|f| (f.to_string(), pick(&mut rng, &mut text)))
            .collect();
        let o = grade_variant::<Form>(&persona_form, &form::Answer { fields, rfm_model: None }, round);
        assert!(o.earned >= 0.0 && o.earned <= o.possible + 1e-9, "{o:?}");
        for f in &o.findings {
            assert!(f.message.chars().count() < 600, "a finding must stay readable: {}", f.message.len());
        }
    }
    let empty = grade::<Table>(&sources, &table::Answer::default());
    assert_eq!(empty.earned, 0.0);
    assert!(empty.findings.iter().any(|f| f.message.contains("заполнено 0 строк")));
    let huge = grade::<Table>(&strategy, &table_answer(vec![row("loyal", &[("content", &megabytes)])]));
    assert!(at(&huge, "cell:loyal/content")[0].1.contains("120000 слов — слишком много"), "{huge:?}");
    assert!(started.elapsed().as_secs() < 60, "grading took {:?}", started.elapsed());
}

#[test]
fn places_are_named_for_findings_away_from_the_editor() {
    let strategy = spec::<Table>(STRATEGY);
    assert_eq!(
        Table::place_label(&strategy, &Place::cell("sleeping", "content")).as_deref(),
        Some("«Спящие» — Содержание")
    );
    assert_eq!(Table::place_label(&strategy, &Place::cell("vip", "content")), None);
    let sources = spec::<Table>(SOURCES);
    assert_eq!(Table::place_label(&sources, &Place::cell("3", "link")).as_deref(), Some("Строка 3 — Ссылка"));
    let persona_form = spec::<Form>(PERSONA);
    assert_eq!(Form::place_label(&persona_form, &Place::Field("age".into())).as_deref(), Some("Возраст"));
    assert_eq!(Form::place_label(&persona_form, &Place::cell("1", "age")), None);
}
