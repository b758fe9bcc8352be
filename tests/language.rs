//! The language the learner reads: every learner-visible text of the built-in course
//! (prompts, hints, explanations, titles, cards, options, feedback, group names) and every
//! string literal in `src/strings/` is scanned for the variants the course has settled
//! against, so that they cannot come back:
//! - programmer words instead of Russian ones (quantile, thresholds, bins, course7,
//!   «зерно», exercise ids instead of titles);
//! - references to sources the learner never sees («статья», «таблица 2»);
//! - a second spelling of one term: «е» where the course writes «ё», «профайл» beside
//!   «профиль», «email-…» beside «e-mail», the RFM groups in English;
//! - grammar slips copied from the seeds.
//!
//! A literal in `src/strings/` that only instructors or the `crm-workbook rfm` command
//! read (validation of an exercise file, the command's own options) may name file keys:
//! its line carries the comment `// not for learners`.

mod support;

use std::collections::BTreeSet;

use support::{builtin_exercise_files, crate_path};

/// Keys of an exercise or course file whose strings the learner reads.
const SHOWN: [&str; 14] = [
    "title",
    "prompt",
    "hints",
    "explanation",
    "text",
    "feedback",
    "why",
    "corner",
    "intro",
    "groups",
    "segment",
    "unit",
    "name",
    "description",
];

/// One text the learner may read, and where it is.
struct Text {
    at: String,
    text: String,
}

fn shown_strings(value: &toml::Value, key: &str, at: &str, out: &mut Vec<Text>) {
    match value {
        toml::Value::String(s) if SHOWN.contains(&key) => {
            out.push(Text { at: format!("{at}: {key}"), text: s.clone() })
        }
        toml::Value::Array(items) => items.iter().for_each(|v| shown_strings(v, key, at, out)),
        toml::Value::Table(t) => t.iter().for_each(|(k, v)| shown_strings(v, k, at, out)),
        _ => {}
    }
}

/// The literals of a Rust file: `"…"` with escapes, `r"…"` and `r#"…"#`; lines marked
/// `// not for learners` are left out.
fn literals(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in source.lines().filter(|l| !l.contains("// not for learners") && !l.trim_start().starts_with("//")) {
        let mut chars = line.chars().peekable();
        let mut current: Option<String> = None;
        while let Some(c) = chars.next() {
            match (&mut current, c) {
                (None, '"') => current = Some(String::new()),
                (None, '\'') => {
                    // A char literal or a lifetime: skip a quoted char like '"'.
                    if chars.peek() == Some(&'"') {
                        chars.next();
                    }
                }
                (Some(s), '\\') => {
                    if let Some(next) = chars.next() {
                        s.push(if next == 'n' { '\n' } else { next });
                    }
                }
                (Some(s), '"') => {
                    out.push(std::mem::take(s));
                    current = None;
                }
                (Some(s), c) => s.push(c),
                (None, _) => {}
            }
        }
        // A literal continued on the next line («\» at the end) is scanned per line.
        if let Some(s) = current {
            out.push(s);
        }
    }
    out
}

fn learner_texts() -> Vec<Text> {
    let mut texts = Vec::new();
    for (path, table) in builtin_exercise_files() {
        let at = path.display().to_string();
        table.iter().for_each(|(k, v)| shown_strings(v, k, &at, &mut texts));
    }
    let course = std::fs::read_to_string(crate_path("exercises/course.toml")).expect("course.toml");
    let course: toml::Table = toml::from_str(&course).expect("course.toml parses");
    course.iter().for_each(|(k, v)| shown_strings(v, k, "exercises/course.toml", &mut texts));
    let strings = std::fs::read_dir(crate_path("src/strings")).expect("src/strings");
    for entry in strings.flatten() {
        let path = entry.path();
        let source = std::fs::read_to_string(&path).expect("a strings file");
        for text in literals(&source) {
            texts.push(Text { at: path.display().to_string(), text });
        }
    }
    assert!(texts.len() > 1000, "only {} texts found", texts.len());
    texts
}

/// Cyrillic words of a text, as written.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphabetic() && !c.is_ascii() || c == '-')).filter(|w| !w.is_empty())
}

fn problems(check: impl Fn(&str) -> Option<String>) -> Vec<String> {
    learner_texts().iter().filter_map(|t| check(&t.text).map(|what| format!("{}: {what}", t.at))).collect()
}

#[test]
fn no_programmer_words_or_ids_where_the_learner_reads() {
    const BANNED: [&str; 12] = [
        "quantile",
        "rank-first",
        "qcut",
        "thresholds",
        "bins",
        "course7",
        "зерно",
        "{seed}",
        "pp1.",
        "pp2.",
        "theory.",
        "встроенная модель",
    ];
    let found = problems(|text| {
        let lower = text.to_lowercase();
        BANNED.iter().find(|b| lower.contains(*b)).map(|b| format!("«{b}» in «{}»", short(text)))
    });
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn no_references_to_sources_the_learner_never_sees() {
    let found = problems(|text| {
        let lower = text.to_lowercase();
        // «Статьи» as a kind of content or source (блог и статьи, научные статьи) are
        // what ПП3 and ПП5 are about; a reference is «в статье», «из статьи», «эта статья»…
        let source = [
            "в статье",
            "из статьи",
            "по статье",
            "эта статья",
            "этой статье",
            "этой статьи",
            "данной статье",
            "данной статьи",
            "статья говорит",
            "статья описывает",
            "автор статьи",
        ]
        .iter()
        .find(|phrase| lower.contains(*phrase));
        let table = ["таблица ", "таблице ", "таблицы ", "таблицу "].iter().find(|t| {
            lower.match_indices(*t).any(|(i, _)| lower[i + t.len()..].starts_with(|c: char| c.is_ascii_digit()))
        });
        source.map(|p| p.to_string()).or(table.map(|t| t.to_string())).map(|w| format!("«{w}» in «{}»", short(text)))
    });
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Words the course writes with «ё» (every one of them, wherever it appears): written
/// with «е» they are a second spelling. Found once with a morphological dictionary over
/// the course's texts; the list keeps them from coming back.
const YO: [&str; 47] = [
    "ещё",
    "её",
    "неё",
    "даёт",
    "даётся",
    "расчёт",
    "расчёта",
    "счёт",
    "отчёт",
    "учёт",
    "ведёт",
    "вернёт",
    "вперёд",
    "делённые",
    "днём",
    "идёт",
    "надёжнее",
    "определённая",
    "определённого",
    "определённые",
    "определённой",
    "остаётся",
    "отнесён",
    "приведённому",
    "привлечённых",
    "принёс",
    "продаётся",
    "растёт",
    "своё",
    "трём",
    "трудоёмкость",
    "удовлетворённости",
    "удовлетворённость",
    "удовлетворённых",
    "уйдёт",
    "упрощённую",
    "чётко",
    "чёткое",
    "четырёх",
    "отсчёта",
    "отменён",
    "всё время",
    "всё начинается",
    "пришёл",
    "на чём",
    "в чём",
    "о чём",
];

#[test]
fn one_spelling_of_e_and_yo() {
    // Every word the course writes with «ё» anywhere, and the fixed list: with «е» they
    // must not appear. «все»/«всё», «тем»/«тём» and the like differ in meaning: only the
    // listed phrases of them are checked.
    let texts = learner_texts();
    let mut yo: BTreeSet<String> = YO.iter().map(|w| w.to_string()).collect();
    for t in &texts {
        for w in words(&t.text.to_lowercase()) {
            if w.contains('ё') && w.chars().count() > 1 && !matches!(w, "всё" | "всём" | "чём" | "тём" | "перёд")
            {
                yo.insert(w.to_owned());
            }
        }
    }
    let mut found = Vec::new();
    for t in &texts {
        let lower = t.text.to_lowercase();
        let text_words: BTreeSet<&str> = words(&lower).collect();
        for w in &yo {
            let e = w.replace('ё', "е");
            let hit = if e.contains(' ') { lower.contains(&e) } else { text_words.contains(e.as_str()) };
            if hit {
                found.push(format!("{}: «{e}» — пишется «{w}»: «{}»", t.at, short(&t.text)));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn one_spelling_of_each_term() {
    // (variant, the course's spelling)
    const VARIANTS: [(&str, &str); 12] = [
        ("профайл", "профиль"),
        ("email-", "e-mail-"),
        ("Email", "e-mail"),
        ("имейл", "e-mail"),
        ("Champions", "ВИП-клиенты"),
        ("Loyal", "Лояльные"),
        ("At Risk", "В зоне риска"),
        ("Dormant", "«Спящие»"),
        ("VIP", "ВИП"),
        ("«спящ", "«Спящие» — с большой буквы, как имя группы"),
        ("Новые клиенты", "Новые покупатели"),
        ("Разовые клиенты", "Разовые покупатели"),
    ];
    let found = problems(|text| {
        VARIANTS
            .iter()
            .find(|(variant, _)| text.contains(variant))
            .map(|(variant, right)| format!("«{variant}» — пишется «{right}»: «{}»", short(text)))
    });
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn grammar_slips_of_the_seeds_are_fixed() {
    const SLIPS: [&str; 1] = ["внимание на формировании"];
    let found = problems(|text| SLIPS.iter().find(|s| text.contains(*s)).map(|s| format!("«{s}»: «{}»", short(text))));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The start of a long text, for messages.
fn short(text: &str) -> String {
    let s: String = text.chars().take(90).collect();
    s.replace('\n', " ")
}
