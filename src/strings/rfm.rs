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
pub const NO_RULES: &str = "в модели нет ни одного правила [[segment]]";
pub const EMPTY_FALLBACK: &str = "fallback не может быть пустым";
pub const THRESHOLDS_WITHOUT_METHOD: &str =
    "recency_days, frequency и monetary задают только при method = \"thresholds\"";

pub fn bad_bins(bins: u32, max: u32) -> String {
    format!("bins = {bins}: число групп должно быть от 1 до {max}")
}

pub fn thresholds_missing(name: &str) -> String {
    format!("при method = \"thresholds\" нужен список {name} (по возрастанию)")
}

pub fn thresholds_not_ascending(name: &str) -> String {
    format!("пороги {name} должны идти строго по возрастанию")
}

pub fn thresholds_lengths(r: usize, f: usize, m: usize) -> String {
    format!("списки порогов должны быть одной длины, а в них {r}, {f} и {m} (recency_days, frequency, monetary)")
}

pub fn thresholds_bins(given: u32, implied: usize) -> String {
    format!("bins = {given}, а пороги дают {implied} групп(ы): уберите bins или исправьте его")
}

pub fn rule_without_name(at: usize) -> String {
    format!("правило {at}: не задано имя сегмента (name)")
}

pub fn rule_bad_range(at: usize, name: &str, axis: &str, why: &str) -> String {
    format!("правило {at} («{name}»): {axis} — {why}")
}

pub fn score_out_of_bins(x: i64, bins: u8) -> String {
    format!("балл {x} вне шкалы 1–{bins}")
}

pub fn bad_range_text(s: &str) -> String {
    format!("«{s}» не диапазон: пишите \"4\" или \"4-5\"")
}

pub fn range_reversed(s: &str) -> String {
    format!("«{s}»: начало диапазона больше конца")
}

// The command.
pub fn unknown_model(name: &str) -> String {
    format!("--model: нет встроенной модели и файла «{name}» (встроенные: course7, classic)")
}

pub fn bad_as_of(text: &str) -> String {
    format!("--as-of: «{text}» не дата ГГГГ-ММ-ДД")
}

pub fn bins_with_thresholds() -> String {
    "--bins не применяется к модели с method = \"thresholds\": число групп задают пороги".into()
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
    format!("Чтение: {percent:>3} % ({done_mb} из {total_mb} МБ)")
}

/// Progress of a stream whose length is not known.
pub fn progress_stream(done_mb: u64) -> String {
    format!("Чтение: {done_mb} МБ")
}

/// The name of the standard input in messages (`-` as the orders file).
pub const STDIN_LABEL: &str = "стандартный ввод";

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
    format!("группа {g}: нет правила с таким именем")
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

pub fn outside_groups(name: &str, n: u64) -> String {
    let name = quoted(name);
    format!("сегмент {name} не из групп задания, а в нём {n} {}", customers_word(n))
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
fn quoted(s: &str) -> String {
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

pub const MAP_SHARE_AS_FRACTION: &str = "похоже, доля записана в долях единицы (0,25), а нужна в процентах (25 %)";

pub fn map_unknown_row(segment: &str) -> String {
    let segment = quoted(segment);
    format!("строка {segment} лишняя: такого сегмента с участниками в вашей сегментации нет")
}
