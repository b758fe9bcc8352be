//! Texts of the RFM engine and of `crm-workbook rfm`.

// Reading the orders file.
pub const EMPTY_FILE: &str = "файл пуст: нужна строка заголовка с названиями столбцов";
pub const UNCLOSED_QUOTE: &str = "кавычка открыта и не закрыта до конца файла";
pub const RECORD_TOO_LONG: &str = "строка длиннее 256 МБ: вероятно, не закрыта кавычка";
pub const EMPTY_CUSTOMER: &str = "пустой номер клиента";
pub const EMPTY_ORDER: &str = "пустой номер заказа";

pub fn no_column(name: &str, found: &[String]) -> String {
    let found: Vec<String> = found.iter().map(|n| format!("«{n}»")).collect();
    format!(
        "нет столбца «{name}»; в заголовке: {} (другое имя задают --customer-col, --date-col, --amount-col, --order-col)",
        found.join(", ")
    )
}

pub fn too_few_fields(got: usize, need: usize) -> String {
    format!("в строке {got} {}, а нужно не меньше {need}", fields_word(got))
}

fn fields_word(n: usize) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => "полей",
        (1, _) => "поле",
        (2..=4, _) => "поля",
        _ => "полей",
    }
}

pub fn bad_date(text: &str) -> String {
    format!("не дата: «{text}» (ожидается ГГГГ-ММ-ДД, ГГГГ-ММ-ДД ЧЧ:ММ:СС или ДД.ММ.ГГГГ)")
}

pub fn bad_amount(text: &str, why: &str) -> String {
    format!("не сумма: «{text}» — {why}")
}

pub const AMOUNT_NO_DIGITS: &str = "нет цифр";
pub const AMOUNT_GROUPS: &str = "пробелы допустимы только между группами по три цифры (1 234,50)";
pub const AMOUNT_NO_DECIMALS: &str = "после десятичного разделителя нет цифр";
pub const AMOUNT_TOO_PRECISE: &str = "больше двух знаков после запятой (копейки)";
pub const AMOUNT_JUNK: &str = "лишние символы после числа";
pub const AMOUNT_TOO_BIG: &str = "слишком большое число";

// Models.
pub const DEFAULT_FALLBACK: &str = "Прочие";
pub const NO_RULES: &str = "в модели нет ни одного правила групп";
pub const EMPTY_FALLBACK: &str = "имя группы для тех, кто не подошёл ни одному правилу, не может быть пустым";
pub const THRESHOLDS_WITHOUT_METHOD: &str =
    "пороги давности, частоты и суммы задают только у метода «пороги»; у квантилей задают число групп";

/// An axis' thresholds named for the learner, the model file's key beside them.
fn thresholds_of(key: &str) -> String {
    let axis = match key {
        "recency_days" => "давности R (дни)",
        "frequency" => "частоты F (покупки)",
        _ => "суммы M (₽)",
    };
    format!("пороги {axis}, в файле модели — {key}")
}

pub fn bad_bins(groups: u32, max: u32) -> String {
    format!("число групп баллов {groups}: должно быть от 1 до {max}")
}

pub fn thresholds_missing(key: &str) -> String {
    format!("у метода «пороги» нужны {} — числа по возрастанию", thresholds_of(key))
}

pub fn thresholds_not_ascending(key: &str) -> String {
    format!("{} должны идти строго по возрастанию", thresholds_of(key))
}

pub fn thresholds_lengths(r: usize, f: usize, m: usize) -> String {
    format!("порогов давности, частоты и суммы должно быть поровну, а их {r}, {f} и {m}")
}

pub fn thresholds_bins(given: u32, implied: usize) -> String {
    format!("число групп {given}, а пороги дают {implied}: уберите число групп или исправьте его")
}

pub fn rule_without_name(at: usize) -> String {
    format!("правило {at}: не задано имя группы")
}

pub fn rule_bad_range(at: usize, name: &str, axis: &str, why: &str) -> String {
    let axis = axis.to_uppercase();
    format!("правило {at} («{name}»): {axis} — {why}")
}

pub fn score_out_of_bins(x: i64, max: u8) -> String {
    format!("балл {x} вне шкалы 1–{max}")
}

pub fn bad_range_text(s: &str) -> String {
    format!("«{s}» не диапазон: пишите \"4\" или \"4-5\"")
}

pub fn range_reversed(s: &str) -> String {
    format!("«{s}»: начало диапазона больше конца")
}

// The command.
pub fn unknown_model(name: &str) -> String {
    format!("--model: нет встроенной модели и файла «{name}» (встроенные: course7, classic)") // not for learners: crm-workbook rfm
}

pub fn bad_as_of(text: &str) -> String {
    format!("--as-of: «{text}» не дата ГГГГ-ММ-ДД")
}

pub fn bins_with_thresholds() -> String {
    "--bins не применяется к модели с method = \"thresholds\": число групп задают пороги".into() // not for learners: crm-workbook rfm
}

pub fn after_as_of(rows: u64, as_of: &str) -> String {
    format!("примечание: {rows} {} с датой позже {as_of} не учтены", rows_word(rows))
}

pub fn skipped(rows: u64, first: &str) -> String {
    format!("примечание: пропущено {rows} {} с ошибками; первая — {first}", rows_word(rows))
}

pub fn read_summary(rows: u64, customers: usize, as_of: &str, seconds: f64) -> String {
    format!("прочитано {rows} {}, клиентов {customers}, дата отсчёта {as_of}, {seconds:.2} с", rows_word(rows))
}

fn rows_word(n: u64) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => "строк",
        (1, _) => "строка",
        (2..=4, _) => "строки",
        _ => "строк",
    }
}

pub fn progress(percent: u64, done_mb: u64, total_mb: u64) -> String {
    format!("\rЧтение: {percent:>3} % ({done_mb} из {total_mb} МБ)")
}

// The sales map.
pub const TOTAL: &str = "Итого";
pub const MAP_HEADERS: [&str; 9] = [
    "Сегмент",
    "Клиенты",
    "Доля клиентов",
    "Выручка, ₽",
    "Доля выручки",
    "Заказы",
    "Средний чек, ₽",
    "Давность, дн.",
    "Частота",
];

// The `rfm` exercise kind.
pub const SPEC_NO_GROUPS: &str = "task = \"segmentation\": перечислите группы в groups";

pub fn spec_participants(n: u64) -> String {
    format!("participants = {n}: участников должно быть от 8 до 100 000")
}

pub fn spec_bad_group(g: &str) -> String {
    let g = quoted(g);
    format!("группа {g} пуста или повторяется в groups")
}

pub fn spec_check_unknown_group(g: &str) -> String {
    let g = quoted(g);
    format!("проверка смысла для группы {g}, которой нет в groups")
}

pub fn spec_check_empty(g: &str) -> String {
    let g = quoted(g);
    format!("проверка смысла для группы {g} не задаёт ни r, ни f, ни m")
}

pub fn spec_bad_tolerance(name: &str) -> String {
    format!("{name} должен быть конечным неотрицательным числом")
}

pub fn model_problem(e: &str) -> String {
    format!("модель не принята: {e}")
}

pub fn group_no_rule(g: &str) -> String {
    let g = quoted(g);
    format!("группа {g}: нет правила с таким именем (имена сравниваются без учёта кавычек, регистра и ё/е)")
}

pub fn group_empty(g: &str) -> String {
    let g = quoted(g);
    format!("группа {g}: по вашим правилам в неё никто не попал")
}

pub fn group_ok(g: &str, n: u64) -> String {
    let g = quoted(g);
    format!("группа {g}: {n} {}", customers_word(n))
}

pub fn nobody_left(fallback: &str) -> String {
    let fallback = quoted(fallback);
    format!("каждый участник попал в одну из групп, в {fallback} никого")
}

pub fn left_in_fallback(fallback: &str, n: u64) -> String {
    let fallback = quoted(fallback);
    format!("{n} {} не подошли ни под одно правило и попали в {fallback}", customers_word(n))
}

/// A segment whose name is none of the exercise's groups: what was expected instead.
pub fn outside_groups(name: &str, n: u64, closest: Option<&str>, groups: &[String]) -> String {
    let name = quoted(name);
    let expected = match closest {
        Some(g) => format!("может быть, {}?", quoted(g)),
        None => format!("группы задания: {}", groups.iter().map(|g| quoted(g)).collect::<Vec<_>>().join(", ")),
    };
    format!("сегмент {name} не из групп задания, а в нём {n} {} — {expected}", customers_word(n))
}

pub fn check_group_empty(g: &str) -> String {
    let g = quoted(g);
    format!("проверка смысла группы {g} не пройдена: группа пуста")
}

pub fn check_ok(g: &str, why: &str) -> String {
    let g = quoted(g);
    format!("группа {g} имеет смысл: {why}")
}

pub fn check_failed(g: &str, bad: u64, of: u64, why: &str) -> String {
    let g = quoted(g);
    format!("группа {g}: {bad} из {of} не подходят по смыслу — {why}")
}

/// A segment name in guillemets, unless it has its own («Спящие»).
/// A name in «», unless it has them already («Спящие» is named with them).
pub fn quoted(s: &str) -> String {
    if s.starts_with('«') { s.to_owned() } else { format!("«{s}»") }
}

fn customers_word(n: u64) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => "участников",
        (1, _) => "участник",
        (2..=4, _) => "участника",
        _ => "участников",
    }
}

pub fn map_field(field: &str) -> &'static str {
    match field {
        "customers" => "клиентов",
        "customer_share" => "доля клиентов",
        "revenue_share" => "доля выручки",
        _ => "средний чек",
    }
}

pub fn map_row_missing(segment: &str) -> String {
    let segment = quoted(segment);
    format!("{segment}: нет строки карты продаж")
}

pub fn map_empty(segment: &str, label: &str) -> String {
    let segment = quoted(segment);
    format!("{segment}, {label}: не заполнено")
}

pub fn map_unreadable(segment: &str, label: &str, why: &str) -> String {
    let segment = quoted(segment);
    format!("{segment}, {label}: не удалось прочитать число: {why}")
}

pub fn map_ok(segment: &str, label: &str, value: &str, unit: &str) -> String {
    let segment = quoted(segment);
    let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
    format!("{segment}, {label}: верно ({value}{unit})")
}

pub fn map_wrong(segment: &str, label: &str, too_big: bool) -> String {
    let segment = quoted(segment);
    let how = if too_big { "больше" } else { "меньше" };
    format!("{segment}, {label}: неверно — ваше число {how} верного")
}

pub const MAP_ROWS_IN_FILE: &str = "строки [[map]] больше не ответ: карта продаж — запрос к таблице rfm; \
     напишите его в поле query = \"\"\"SELECT …\"\"\" (README.md, «Файлы ответов для check»)";

pub const MAP_QUERY_EMPTY: &str =
    "запрос не написан: карта продаж — это запрос SELECT к таблице rfm (консоль SQL — F8)";

pub const MAP_CONTROL_OK: &str =
    "запрос считает карту сам: на других участниках с той же моделью он тоже даёт верную карту";

/// The query is right on the learner's data but not on the control data: the figures are
/// written out, not computed.
pub fn map_control_failed(share: f64, credit: f64) -> String {
    format!(
        "на других участниках с той же моделью запрос даёт неверную карту (верно {:.0} % цифр): карта должна \
         считаться запросом по таблице rfm, а не записываться готовыми числами; засчитано {:.0} %",
        share * 100.0,
        credit * 100.0
    )
}

pub fn map_columns_missing(missing: &[&str], got: &[String]) -> String {
    let got = if got.is_empty() {
        "запрос не вернул столбцов".to_owned()
    } else {
        format!("у вас: {}", got.join(", "))
    };
    format!(
        "в результате нет столбцов {}; нужны segment, customers, customer_share, revenue_share, average_check ({got})",
        missing.join(", ")
    )
}

pub const MAP_SHARE_AS_FRACTION: &str = "похоже, доля записана в долях единицы (0,25), а нужна в процентах (25 %)";

pub fn map_unknown_row(segment: &str) -> String {
    let segment = quoted(segment);
    format!("строка {segment} лишняя: такого сегмента с участниками в вашей сегментации нет")
}

/// The kind's name, as the course map shows it (`Kind::LABEL`).
pub const KIND_RFM: &str = "RFM-сегментация";
