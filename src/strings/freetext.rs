//! What the free-text kinds (`table`, `form`) and the rubric say: to authors when an
//! exercise is broken, to learners about their cells and fields.

use super::course::plural;
use crate::kinds::freetext::FieldType;
use crate::kinds::freetext::table::RuleKind;

/// A learner's text quoted in a message, cut to a readable length.
fn clip(text: &str) -> String {
    const MAX: usize = 60;
    let t = text.trim();
    if t.chars().count() <= MAX { t.to_owned() } else { format!("{}…", t.chars().take(MAX).collect::<String>()) }
}

fn words(n: usize) -> String {
    format!("{n} {}", plural(n, "слово", "слова", "слов"))
}

/// «не меньше 1 слова», «не меньше 4 слов»: the genitive after «не меньше», «не больше».
fn words_genitive(n: usize) -> String {
    format!("{n} {}", plural(n, "слова", "слов", "слов"))
}

fn rows_genitive(n: usize) -> String {
    format!("{n} {}", plural(n, "строки", "строк", "строк"))
}

fn rows(n: usize) -> String {
    format!("{n} {}", plural(n, "строка", "строки", "строк"))
}

fn type_name(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Text => "text (текст)",
        FieldType::Url => "url (ссылка)",
        FieldType::Choice => "choice (выбор из списка)",
        FieldType::Number => "number (число)",
        FieldType::Date => "date (дата)",
    }
}

pub const KIND_TABLE: &str = "таблица";
pub const KIND_FORM: &str = "форма";

// ---------------------------------------------------------------- rubric: validation

pub const SPEC_CONCEPT_NO_LABEL: &str =
    "у понятия рубрики нет label — описания, которое увидит студент (без ключевых слов)";

pub fn spec_concept_no_terms(label: &str) -> String {
    format!("у понятия «{label}» нет terms — слов и фраз, по которым его искать")
}

pub fn spec_concept_weight(label: &str) -> String {
    format!("вес понятия «{label}» должен быть положительным числом")
}

pub fn spec_concept_empty_term(label: &str, term: &str) -> String {
    format!("в понятии «{label}» фраза «{term}» не содержит ни одного слова")
}

pub fn spec_concept_label_gives_away(label: &str, term: &str, stem: &str) -> String {
    format!(
        "описание понятия «{label}» выдаёт ключевое слово «{term}» (основа «{stem}»): студент увидит его в замечании — опишите понятие другими словами"
    )
}

pub fn spec_rubric_need(id: &str, need: f64, total: f64) -> String {
    format!("«{id}»: need = {need} — нужен положительный вес не больше суммы весов понятий ({total})")
}

// ---------------------------------------------------------------- fields: validation

pub fn spec_field_untitled(id: &str) -> String {
    format!("у поля «{id}» нет title: студент не поймёт, что писать")
}

pub fn spec_field_weight(id: &str) -> String {
    format!("«{id}»: weight должен быть положительным числом")
}

pub fn spec_field_key_for_other_type(id: &str, key: &str) -> String {
    format!("у поля «{id}» ключ {key} относится к полю другого типа (type)")
}

pub fn spec_field_word_limits(id: &str) -> String {
    format!("у поля «{id}» min_words больше max_words")
}

pub fn spec_field_range(id: &str) -> String {
    format!("у поля «{id}» min больше max")
}

pub fn spec_field_no_options(id: &str) -> String {
    format!("у поля выбора «{id}» нет options")
}

pub const SPEC_NO_COLUMNS: &str = "в таблице нет ни одного столбца (columns)";
pub const SPEC_NO_ROWS: &str = "в таблице нет строк: задайте rows или add_rows = { min, max }";
pub const SPEC_ROWS_AND_ADD_ROWS: &str =
    "в таблице заданы и rows, и add_rows: строки либо заданы, либо их добавляет студент";
pub const SPEC_NO_FIELDS: &str = "в форме нет ни одного поля (fields)";

pub fn spec_add_rows(min: usize, max: usize, limit: usize) -> String {
    format!("add_rows = {{ min = {min}, max = {max} }}: нужно 0 ≤ min ≤ max, 1 ≤ max ≤ {limit}")
}

pub fn spec_row_untitled(id: &str) -> String {
    format!("у строки «{id}» нет title")
}

pub fn spec_unknown_row(id: &str) -> String {
    format!("нет строки «{id}» в rows")
}

pub fn spec_unknown_column(id: &str) -> String {
    format!("нет столбца «{id}» в columns")
}

pub fn spec_unknown_field(id: &str) -> String {
    format!("нет поля «{id}» в fields")
}

pub fn spec_reserved_field(id: &str) -> String {
    format!("поле не может называться «{id}»: так в файле ответа называется модель RFM")
}

pub fn spec_rule_column_type(id: &str, ty: FieldType) -> String {
    format!("«{id}» должен быть полем типа {}", type_name(ty))
}

pub fn spec_rule_numbers(rule: RuleKind) -> String {
    match rule {
        RuleKind::Groups => "правилу groups нужны count ≥ 1 (сколько групп) и min ≥ 1 (строк в группе)".into(),
        RuleKind::DistinctLinks => "правилу distinct_links не нужен count".into(),
        _ => "правилу нужен min ≥ 1 и не нужен count".into(),
    }
}

// ---------------------------------------------------------------- one value

pub const EMPTY_VALUE: &str = "не заполнено";

pub fn value_too_long(max: usize) -> String {
    format!("слишком длинное значение: здесь не больше {max} символов")
}

pub fn too_few_words(words_given: usize, min: usize) -> String {
    format!("{} — мало: нужно не меньше {}", words(words_given), words_genitive(min))
}

pub fn too_many_words(words_given: usize, max: usize) -> String {
    format!("{} — слишком много: здесь не больше {}; сократите до главного", words(words_given), words_genitive(max))
}

pub fn concepts_complete(found: &[&str]) -> String {
    format!("есть всё нужное: {}", found.join("; "))
}

/// `enough`: how many more of `missing` would do, when fewer than all of them would.
pub fn concepts_partial(found: &[&str], missing: &[&str], enough: Option<usize>) -> String {
    let found = if found.is_empty() { "ничего из нужного".to_owned() } else { found.join("; ") };
    match enough {
        Some(1) => format!("найдено: {found}. Не хватает хотя бы одного из: {}", missing.join("; ")),
        Some(n) => format!("найдено: {found}. Не хватает ещё {n} из: {}", missing.join("; ")),
        None => format!("найдено: {found}. Не хватает: {}", missing.join("; ")),
    }
}

pub fn forbidden_found(label: &str) -> String {
    format!("так здесь нельзя: {label}")
}

pub fn unknown_option(value: &str, options: &[crate::kinds::freetext::ChoiceOption]) -> String {
    let list: Vec<&str> = options.iter().map(|o| o.title.as_str()).collect();
    format!("«{}» нет в списке; можно: {}", clip(value), list.join(", "))
}

pub fn number_out_of_range(n: f64, min: Option<f64>, max: Option<f64>) -> String {
    let show = |x: f64| crate::kinds::numeric::format_number(x, None);
    match (min, max) {
        (Some(lo), Some(hi)) => format!("{} — вне допустимого: от {} до {}", show(n), show(lo), show(hi)),
        (Some(lo), None) => format!("{} — меньше допустимого: не меньше {}", show(n), show(lo)),
        (None, Some(hi)) => format!("{} — больше допустимого: не больше {}", show(n), show(hi)),
        (None, None) => show(n),
    }
}

pub fn bad_date(value: &str) -> String {
    format!("«{}» — не дата: пишите ДД.ММ.ГГГГ или ГГГГ-ММ-ДД", clip(value))
}

pub fn answer_value_not_text(key: &str) -> String {
    format!("«{key}»: значение должно быть текстом в кавычках (или числом)")
}

// ---------------------------------------------------------------- links

pub fn url_too_long(length: usize, max: usize) -> String {
    format!(
        "ссылка из {length} символов: больше {max} символов ссылок не бывает — скопируйте её из адресной строки заново"
    )
}

pub const URL_SPACE: &str = "в ссылке пробел или невидимый символ: скопируйте её из адресной строки целиком";
pub const URL_SCHEME: &str = "ссылка должна начинаться с http:// или https://";
pub const URL_USERINFO: &str = "в ссылке есть «@» перед адресом сайта: так маскируют поддельные ссылки";
pub const URL_HOME_PAGE: &str =
    "ссылка ведёт на главную страницу сайта: нужна полная ссылка на сам источник (страницу, отчёт, статью)";

pub fn url_bad_host(host: &str) -> String {
    format!("«{}» — не похоже на адрес сайта (нужно имя.зона, например rosstat.gov.ru)", clip(host))
}

// ---------------------------------------------------------------- tables and forms

pub const SENT_FOR_REVIEW: &str =
    "ответ заполнен полностью и отправлен преподавателю: баллы предварительные, статус — «ждёт проверки»";

pub fn row_number(n: usize) -> String {
    format!("Строка {n}")
}

pub fn unknown_column_in_row(row: &str, key: &str) -> String {
    format!("строка «{row}»: в таблице нет столбца «{}» — значение не проверялось", clip(key))
}

pub fn unknown_field(key: &str) -> String {
    format!("в форме нет поля «{}» — значение не проверялось", clip(key))
}

pub fn unknown_row(id: &str) -> String {
    format!("в таблице нет строки «{}» — она не проверялась", clip(id))
}

pub fn repeated_row(id: &str) -> String {
    format!("строка «{}» дана дважды: проверена первая", clip(id))
}

pub fn too_few_rows(n: usize, min: usize) -> String {
    format!("заполнено {} — нужно не меньше {}", rows(n), rows_genitive(min))
}

pub fn too_many_rows(n: usize, max: usize) -> String {
    format!("заполнено {} — не больше {}: проверены первые {max}", rows(n), rows_genitive(max))
}

pub fn rule_no_groups(per: &str) -> String {
    format!("не заполнен столбец «{per}»: строки не разбить на группы")
}

pub fn rule_groups(column: &str, sized: &[(String, usize)], count: usize, min: usize) -> String {
    let given = if sized.is_empty() {
        "не выбрано ни одной".to_owned()
    } else {
        sized.iter().map(|(name, n)| format!("«{name}» — {}", rows(*n))).collect::<Vec<_>>().join(", ")
    };
    format!("«{column}»: нужно ровно {count}, в каждой не меньше {}; у вас: {given}", rows_genitive(min))
}

pub fn rule_domains(column: &str, n: usize, min: usize) -> String {
    format!("«{column}»: {n} {} из {min} нужных", plural(n, "разный сайт", "разных сайта", "разных сайтов"))
}

pub fn rule_links(column: &str, distinct: usize, repeats: &[(String, String)]) -> String {
    if distinct == 0 {
        return format!("«{column}»: нет ни одной ссылки");
    }
    if repeats.is_empty() {
        return format!("«{column}»: ссылки не повторяются");
    }
    let list: Vec<String> = repeats.iter().map(|(row, first)| format!("строка {row} = строка {first}")).collect();
    format!("«{column}»: одна и та же ссылка дважды ({})", list.join(", "))
}

pub fn rule_kinds(column: &str, n: usize, min: usize) -> String {
    format!("«{column}»: {n} {} из {min} нужных", plural(n, "вид", "вида", "видов"))
}

pub fn rule_cover(column: &str, short: &[(&str, usize)], min: usize) -> String {
    if short.is_empty() {
        return format!("«{column}»: каждое значение встречается не меньше {min} раз(а)");
    }
    let list: Vec<String> = short.iter().map(|(name, n)| format!("«{name}» — {n}")).collect();
    format!("«{column}»: каждое значение нужно не меньше {min} раз(а), а сейчас {}", list.join(", "))
}

// ---------------------------------------------------------------- persona

pub fn persona_model_problem(e: &str) -> String {
    format!(
        "модель RFM из упражнения «RFM-сегментация участников программы лояльности» не работает ({}): сначала исправьте её",
        clip(e)
    )
}

pub fn persona_empty_group(name: &str) -> String {
    format!("в вашей сегментации группа «{}» пуста: выберите группу, в которой есть участники", clip(name))
}

pub fn persona_age_fits(group: &str, lo: i32, hi: i32) -> String {
    format!("возраст возможен: участникам группы «{group}» от {lo} до {hi} лет")
}

pub fn persona_age_outside(group: &str, age: f64, lo: i32, hi: i32) -> String {
    format!(
        "в вашей группе «{group}» участникам от {lo} до {hi} лет, а персонажу {}: персонаж должен быть похож на участников группы",
        crate::kinds::numeric::format_number(age, None)
    )
}

pub fn persona_city_fits(group: &str, cities: usize) -> String {
    format!("город есть среди городов группы «{group}» (всего их {cities})")
}

pub fn persona_city_outside(group: &str, city: &str, top: &[&str]) -> String {
    format!("в вашей группе «{group}» нет участников из «{}»; больше всего их из: {}", clip(city), top.join(", "))
}
