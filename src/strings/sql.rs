//! What the SQL sandbox and the `sql` kind say: to learners about their SQL, and to
//! instructors about a broken spec or dataset.

use super::course::plural;
use crate::data::sql::error::SqlError;
use crate::data::sql::value::{Value, row_literal};
use crate::kinds::sql::types::{ColumnType, Constraint, Mode};

fn rows_word(n: usize) -> &'static str {
    plural(n, "строка", "строки", "строк")
}

// ---------------------------------------------------------------- sandbox

/// An error with its line: «строка 3: нет таблицы orderz».
pub fn sql_error(line: usize, message: &str) -> String {
    if line == 0 { message.to_owned() } else { format!("строка {line}: {message}") }
}

pub fn sandbox_failed(e: &str) -> String {
    format!("не удалось подготовить песочницу SQL: {e}")
}

pub fn sql_too_long(len: usize, max: usize) -> String {
    format!("текст SQL слишком длинный: {len} байт, можно не больше {max}")
}

pub fn sql_nul() -> String {
    "в тексте SQL есть нулевой символ (\\0): уберите его".into()
}

pub fn vacuum_denied() -> String {
    "VACUUM запрещён в песочнице: база и так в памяти, а VACUUM INTO записал бы файл".into()
}

pub fn time_limit(seconds: f64) -> String {
    let s = format!("{seconds:.1}").replace('.', ",");
    let s = s.strip_suffix(",0").unwrap_or(&s).to_owned();
    format!(
        "оператор выполнялся дольше {s} с и прерван: запрос слишком тяжёлый. Частые причины — WITH RECURSIVE без \
         условия окончания, соединение таблиц без условия, подзапрос, который пересчитывается для каждой строки; \
         посчитайте промежуточный результат один раз (WITH или подзапрос с GROUP BY) и соединяйте с ним"
    )
}

pub fn interrupted() -> String {
    "выполнение остановлено".into()
}

pub fn too_big(max: usize) -> String {
    format!("слишком большая строка или BLOB: в песочнице не больше {} МБ", max / 1_000_000)
}

pub fn out_of_memory() -> String {
    "не хватило памяти: запрос строит слишком большой результат".into()
}

pub fn attach_denied() -> String {
    "ATTACH и DETACH запрещены: в песочнице только своя база в памяти, к файлам доступа нет".into()
}

pub fn function_denied(name: &str) -> String {
    format!("функция {name}() запрещена в песочнице: она обращается к файлам или расширениям")
}

pub fn vtable_denied() -> String {
    "виртуальные таблицы (CREATE VIRTUAL TABLE) в песочнице запрещены".into()
}

pub fn pragma_denied(name: &str, read: &[&str], settable: &[&str]) -> String {
    format!(
        "PRAGMA {name} запрещена в песочнице; можно читать схему ({}) и включать или выключать {}",
        read.join(", "),
        settable.join(", ")
    )
}

// ---------------------------------------------------------------- datasets

pub fn dataset_bad_name() -> String {
    "имя файла без расширения должно быть именем таблицы: латинские буквы, цифры и «_», первая — буква, \
     и не с «sqlite_» (такие имена SQLite оставляет себе)"
        .into()
}

pub fn dataset_bad_extension() -> String {
    "загружаются только файлы .csv и .jsonl".into()
}

pub fn dataset_bad_header(h: &str) -> String {
    format!("в заголовке пустое или повторяющееся имя столбца «{h}»")
}

pub fn dataset_csv_error(e: &str) -> String {
    format!("файл CSV не читается: {e}")
}

pub fn dataset_row_width(row: usize, values: usize, columns: usize) -> String {
    format!("строка {row}: значений {values}, а столбцов {columns}")
}

pub fn dataset_load_failed(e: &str) -> String {
    format!("данные не загрузились в базу SQLite: {e}")
}

pub fn dataset_out_of_memory() -> String {
    "данным упражнения не хватило памяти SQLite".into()
}

pub fn dataset_empty() -> String {
    "в файле нет ни одного столбца".into()
}

pub fn dataset_not_utf8() -> String {
    "файл не в кодировке UTF-8".into()
}

pub fn dataset_json_error(line: usize, e: &str) -> String {
    format!("строка {line}: не JSON: {e}")
}

pub fn dataset_json_not_object(line: usize) -> String {
    format!("строка {line}: ожидался объект JSON {{…}}")
}

pub fn dataset_missing(name: &str) -> String {
    format!("набор данных «{name}» не найден")
}

pub fn variant_needs_course_files() -> String {
    "variant = true: свой вариант данных строится только для файлов генератора курса (customers.csv, orders.csv, …)"
        .into()
}

// ---------------------------------------------------------------- places

pub fn place_part(title: &str) -> String {
    title.to_owned()
}

pub fn place_probe(title: &str) -> String {
    format!("проверка «{title}»")
}

pub fn place_table(name: &str) -> String {
    format!("таблица {name}")
}

pub fn place_column(name: &str) -> String {
    format!("столбец {name}")
}

// ---------------------------------------------------------------- answer files

pub fn answer_bad_marker(line: usize) -> String {
    format!("{line}: после «-- part:» нужен id части без пробелов, например «-- part: no-purchase-90»")
}

pub fn answer_part_twice(line: usize, id: &str, first: usize) -> String {
    format!("{line}: часть «{id}» уже начата в строке {first}")
}

// ---------------------------------------------------------------- findings

pub fn setup_failed(e: &SqlError) -> String {
    format!("подготовка данных упражнения (setup) не выполнилась: {e}")
}

pub fn exercise_broken(e: &SqlError) -> String {
    format!("упражнение не удалось подготовить, сообщите преподавателю: {e}")
}

pub fn learner_error(e: &SqlError) -> String {
    format!("ошибка в вашем SQL, {}", sql_error(e.line, &e.message))
}

pub fn preamble_error(e: &SqlError) -> String {
    format!("ошибка в общем начале файла (до первой части), {}", sql_error(e.line, &e.message))
}

pub fn parts_not_expected() -> String {
    "в этом упражнении нет частей: строки «-- part:» не нужны, весь SQL проверен как один".into()
}

pub fn parts_not_marked() -> String {
    "в упражнении несколько частей: поставьте перед запросом каждой строку «-- part: ID» (id частей — в условии)".into()
}

pub fn answer_empty() -> String {
    "SQL не написан".into()
}

pub fn unknown_part(id: &str) -> String {
    format!("в упражнении нет части «{id}»: её SQL не проверялся")
}

pub fn part_missing() -> String {
    "запрос этой части не написан".into()
}

pub fn table_unreadable(message: &str) -> String {
    format!("таблицу не удалось прочитать: {message}")
}

pub fn no_result_rows() -> String {
    "последний оператор не возвращает строк: нужен запрос SELECT".into()
}

pub fn rows_right(n: usize) -> String {
    format!("верно: {n} {}", rows_word(n))
}

pub fn column_count(expected: usize, got: usize) -> String {
    format!("в результате {got} {}, а нужно {expected}", plural(got, "столбец", "столбца", "столбцов"))
}

pub fn column_names(expected: &[String], got: &[String]) -> String {
    format!("столбцы должны называться и идти так: {}; у вас: {}", expected.join(", "), got.join(", "))
}

pub fn too_many_rows(max: usize) -> String {
    format!("в результате больше {max} строк: проверьте условия соединения и WHERE")
}

pub fn wrong_order() -> String {
    "строки верные, но порядок другой: проверьте ORDER BY".into()
}

pub fn rows_differ(
    total: usize,
    missing: usize,
    extra: usize,
    missing_ex: &[Vec<Value>],
    extra_ex: &[Vec<Value>],
) -> String {
    let examples = |rows: &[Vec<Value>]| rows.iter().map(|r| row_literal(r)).collect::<Vec<_>>().join(", ");
    let mut parts = vec![format!("в верном результате {total} {}", rows_word(total))];
    if missing > 0 {
        parts.push(format!("не хватает строк: {missing} (например: {})", examples(missing_ex)));
    }
    if extra > 0 {
        parts.push(format!("лишних строк: {extra} (например: {})", examples(extra_ex)));
    }
    parts.join("; ")
}

/// Appended to a row difference when extra rows repeat right ones.
pub fn rows_repeated() -> String {
    "; некоторые верные строки повторяются — возможно, нужен DISTINCT или группировка".into()
}

pub fn table_missing(name: &str) -> String {
    format!("таблицы {name} нет")
}

pub fn table_present() -> String {
    "таблица есть".into()
}

pub fn column_missing(name: &str) -> String {
    format!("столбца {name} нет")
}

fn type_name(t: ColumnType) -> &'static str {
    match t {
        ColumnType::Integer => "целое (INTEGER)",
        ColumnType::Text => "текст (TEXT, VARCHAR)",
        ColumnType::Real => "дробное число (REAL, DECIMAL)",
        ColumnType::Numeric => "число (INTEGER, REAL, DECIMAL)",
        ColumnType::Date => "дата (DATE, DATETIME или TEXT)",
        ColumnType::Any => "любой",
    }
}

pub fn column_wrong_type(decl: &str, want: ColumnType) -> String {
    let decl = if decl.trim().is_empty() { "не указан".to_owned() } else { decl.to_owned() };
    format!("тип {decl} не подходит: нужен {}", type_name(want))
}

pub fn column_not_primary_key(n: usize) -> String {
    if n > 1 {
        format!("не входит в составной первичный ключ из {n} столбцов (PRIMARY KEY)")
    } else {
        "не первичный ключ (PRIMARY KEY)".into()
    }
}

pub fn column_nullable() -> String {
    "может быть пустым: нужен NOT NULL".into()
}

pub fn column_not_unique() -> String {
    "значения могут повторяться: нужен UNIQUE".into()
}

pub fn column_no_check() -> String {
    "нет проверки значений CHECK (…)".into()
}

pub fn column_no_foreign_key(target: &str) -> String {
    format!("нет внешнего ключа на {target} (REFERENCES)")
}

pub fn column_right() -> String {
    "верно".into()
}

pub fn probe_accepted() -> String {
    "выполнилась, как и должна".into()
}

pub fn probe_should_pass(message: &str) -> String {
    format!("должна была выполниться, но получила ошибку: {message}")
}

pub fn probe_should_fail() -> String {
    "прошла, а должна быть отклонена: схема не защищает от таких данных".into()
}

pub fn probe_rejected(message: &str) -> String {
    format!("отклонена, как и должна ({message})")
}

fn constraint_name(c: Constraint) -> &'static str {
    match c {
        Constraint::Unique => "UNIQUE",
        Constraint::NotNull => "NOT NULL",
        Constraint::Check => "CHECK",
        Constraint::ForeignKey => "FOREIGN KEY",
        Constraint::PrimaryKey => "PRIMARY KEY",
    }
}

pub fn probe_rejected_for_other_reason(want: Constraint, message: &str) -> String {
    format!("отклонена, но не тем ограничением: нужно {}, а сработало другое ({message})", constraint_name(want))
}

pub fn probe_failed_not_by_constraint(message: &str) -> String {
    format!("должна быть отклонена ограничением, а упала с другой ошибкой: {message}")
}

// ---------------------------------------------------------------- validation

pub fn dataset_unknown(name: &str) -> String {
    format!("набора данных «{name}» нет в папке datasets курса")
}

pub fn dataset_bad_file_name(name: &str) -> String {
    format!("«{name}»: {}; {}", dataset_bad_extension(), dataset_bad_name())
}

pub fn dataset_twice(name: &str) -> String {
    format!("набор данных «{name}» указан дважды")
}

/// Two datasets of one exercise would load into one table («orders.csv» and
/// «orders.jsonl»; SQLite does not tell «Orders» from «orders» either).
pub fn dataset_same_table(first: &str, name: &str, table: &str) -> String {
    format!("«{name}» загрузится в ту же таблицу «{table}», что и «{first}»: оставьте один из них")
}

pub fn bad_time_limit(max: u64) -> String {
    format!("time_limit_ms должен быть от 1 до {max}")
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Schema => "schema",
        Mode::Query => "query",
        Mode::Script => "script",
    }
}

pub fn field_wrong_mode(field: &str, wanted: Mode) -> String {
    format!("поле {field} бывает только при mode = \"{}\"", mode_name(wanted))
}

pub fn reference_in_query_mode() -> String {
    "при mode = \"query\" эталон задаётся у каждой части (parts.reference), а не полем reference".into()
}

pub fn schema_empty() -> String {
    "нечего проверять: нет ни tables, ни probes".into()
}

pub fn reference_required(mode: Mode) -> String {
    match mode {
        Mode::Schema => "нужен reference — эталонная схема (DDL): проверка курса прогоняет на ней все проверки".into(),
        _ => "нужен reference — эталонный скрипт, с результатом которого сравнивается скрипт студента".into(),
    }
}

pub fn table_twice(name: &str) -> String {
    format!("таблица «{name}» описана дважды")
}

pub fn table_without_columns(name: &str) -> String {
    format!("у таблицы «{name}» нет columns")
}

pub fn column_twice(name: &str) -> String {
    format!("столбец «{name}» описан дважды")
}

pub fn references_unknown_table(target: &str) -> String {
    format!("references = \"{target}\": такой таблицы нет в tables")
}

pub fn references_unknown_column(target: &str) -> String {
    format!("references = \"{target}\": такого столбца нет в описании этой таблицы в tables")
}

pub fn probe_without_expectation(id: &str) -> String {
    format!("у проверки «{id}» нет expect: укажите \"ok\" (должна выполниться) или \"reject\" (должна быть отклонена)")
}

pub fn because_without_reject() -> String {
    "because имеет смысл только при expect = \"reject\"".into()
}

pub fn probe_without_title(id: &str) -> String {
    format!("у проверки «{id}» пустой title: студент не поймёт, что проверялось")
}

pub fn query_without_parts() -> String {
    "при mode = \"query\" нужна хотя бы одна часть в parts".into()
}

pub fn bad_weight() -> String {
    "weight должен быть конечным числом больше нуля".into()
}

pub fn part_without_title(id: &str) -> String {
    format!("у части «{id}» пустой title")
}

pub fn script_without_compare() -> String {
    "при mode = \"script\" нужна хотя бы одна таблица в compare".into()
}

pub fn spec_sql_failed(field: &str, e: &SqlError) -> String {
    format!("SQL из {field} не выполняется на данных упражнения: {e}")
}

pub fn reference_returns_nothing() -> String {
    "эталонный запрос не возвращает строк: последним должен быть SELECT".into()
}

pub fn reference_too_many_rows(max: usize) -> String {
    format!("эталонный запрос возвращает больше {max} строк")
}

pub fn reference_fails(place: &str, message: &str) -> String {
    if place.is_empty() {
        format!("эталонная схема (reference) не проходит проверку: {message}")
    } else {
        format!("эталонная схема (reference) не проходит проверку: {place}: {message}")
    }
}

/// An SQL error reads as «строка N: сообщение» (here, beside the other words for SQL
/// errors, so that the error type itself stays a leaf).
impl std::fmt::Display for SqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&sql_error(self.line, &self.message))
    }
}

impl std::error::Error for SqlError {}

/// The kind's name, as the course map shows it (`Kind::LABEL`).
pub const KIND_SQL: &str = "SQL";
