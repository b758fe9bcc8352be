//! What the terminal screens say: titles, labels, key descriptions, messages.

use super::course::plural;
use super::verdict::points;

pub const KEY_SPACE: &str = "Пробел";

// --- The whole program -------------------------------------------------------------

pub fn not_a_terminal() -> &'static str {
    "crm-workbook открывает практикум в терминале, а стандартный ввод или вывод сейчас не терминал; \
     для работы без интерфейса есть команды list, check и validate (crm-workbook --help)"
}

pub fn terminal_error(e: &std::io::Error) -> String {
    format!("ошибка терминала: {e}")
}

pub fn too_small(width: u16, height: u16, min_width: u16, min_height: u16) -> String {
    format!(
        "Окно терминала слишком маленькое: {width}×{height}.\nНужно не меньше {min_width}×{min_height} — \
         растяните окно или уменьшите шрифт.\n\nq — выйти (всё сохранено)"
    )
}

pub fn store_failed(e: &impl std::fmt::Display) -> String {
    format!("Не удалось сохранить: {e}")
}

pub fn help_title() -> &'static str {
    " Клавиши "
}

/// At the foot of a help frame that does not hold every key.
pub fn help_more() -> &'static str {
    " ↑↓ — ещё клавиши "
}

pub fn help_footer() -> &'static str {
    "Мышь: щелчок выбирает, колесо прокручивает."
}

// --- First start -------------------------------------------------------------------

pub const WELCOME_TITLE: &str = " Первый запуск ";
pub const NAME_LABEL: &str = "Фамилия и имя";
pub const GROUP_LABEL: &str = "Группа";

pub fn welcome(course_title: &str) -> String {
    format!(
        "Добро пожаловать в практикум «{course_title}».\n\nВведите фамилию и имя и номер группы: \
         они сохранятся вместе с вашими ответами для преподавателя. Спрашиваем один раз."
    )
}

pub const SETTINGS_TITLE: &str = " Имя и группа ";

pub fn settings_intro() -> &'static str {
    "Имя и группа сохраняются вместе с вашими ответами для преподавателя. Исправьте их и \
     нажмите Enter; Esc — оставить как было."
}

pub fn name_required() -> &'static str {
    "Введите фамилию и имя: без них ответы не с кем связать."
}

// --- The course map ----------------------------------------------------------------

pub fn student_line(name: &str, group: &str) -> String {
    if group.trim().is_empty() {
        format!("Студент: {name}")
    } else {
        format!("Студент: {name}, группа {group}")
    }
}

pub fn course_progress(earned: f64, possible: f64, passed: usize, total: usize) -> String {
    format!(
        "Курс: {} из {} баллов · зачтено {passed} из {total} {}",
        points(earned),
        points(possible),
        plural(total, "упражнения", "упражнений", "упражнений")
    )
}

pub const MAP_LIST_TITLE: &str = " Модули и упражнения ";
pub const MAP_DETAIL_TITLE: &str = " Описание ";

pub fn module_empty() -> &'static str {
    "(упражнения появятся позже)"
}

/// On the map, beside a module without exercises yet.
pub fn module_soon() -> &'static str {
    "скоро"
}

/// Enter on a module without exercises yet.
pub fn module_soon_opened() -> &'static str {
    "Модуль ещё готовится: упражнения появятся позже; о чём он — в описании справа."
}

pub fn module_summary(earned: f64, possible: f64, exercises: usize) -> String {
    format!(
        "{} {} · {} из {} баллов",
        exercises,
        plural(exercises, "упражнение", "упражнения", "упражнений"),
        points(earned),
        points(possible)
    )
}

/// `kind` is the kind's Russian name (`Kind::LABEL`).
pub fn exercise_facts(kind: &str, points_total: u32, hints: usize) -> String {
    format!(
        "Вид: {} · {} {} · {} {}",
        kind,
        points_total,
        plural(points_total as usize, "балл", "балла", "баллов"),
        hints,
        plural(hints, "подсказка", "подсказки", "подсказок")
    )
}

pub fn exercise_progress(status: &str, earned: f64, possible: f64, attempts: u32, hints: u32) -> String {
    format!(
        "Результат: {status}, {} из {} · {attempts} {} · подсказок открыто: {hints}",
        points(earned),
        points(possible),
        plural(attempts as usize, "попытка", "попытки", "попыток")
    )
}

pub fn not_tried() -> &'static str {
    "Ещё не проверялось. Enter — открыть."
}

// --- An exercise -------------------------------------------------------------------

pub const TAB_PROMPT: &str = "Задание";
pub const TAB_ANSWER: &str = "Ответ";
pub const TAB_RESULT: &str = "Результат";

pub fn tab_hints(shown: u32, total: usize) -> String {
    format!("Подсказки {shown}/{total}")
}

pub fn exercise_header(module_title: &str, title: &str) -> String {
    format!("{module_title} › {title}")
}

pub fn best_score(earned: f64, possible: f64) -> String {
    format!("лучший результат {} из {}", points(earned), points(possible))
}

pub fn points_total(p: u32) -> String {
    format!("{p} {}", plural(p as usize, "балл", "балла", "баллов"))
}

pub fn prompt_continues() -> &'static str {
    "… (условие полностью — на вкладке «Задание»)"
}

pub fn not_checked() -> &'static str {
    "Ответ ещё не проверялся. Заполните его на вкладке «Ответ» и нажмите F5 (или Ctrl+S)."
}

pub fn verdict_heading(status: &str, earned: f64, possible: f64) -> String {
    format!("{} — {} из {} баллов", capitalised(status), points(earned), points(possible))
}

/// Under a verdict worse than an earlier one: the earlier one is what counts.
pub fn best_attempt_counts(attempt_no: usize, status: &str, earned: f64, possible: f64) -> String {
    format!(
        "В зачёт идёт лучшая попытка — {attempt_no}-я: {status}, {} из {} баллов. Более слабая попытка её не отменяет.",
        points(earned),
        points(possible)
    )
}

pub fn verdict_when(attempt_no: usize, at: &str, changed: bool) -> String {
    let note = if changed {
        " Ответ с тех пор изменён: отметки в ответе сняты с изменённых мест."
    } else {
        ""
    };
    format!("Попытка {attempt_no}, {at}.{note}")
}

pub const EXPLANATION: &str = "Разбор";

/// The course's grade for the points so far, after the progress line.
pub fn course_grade(grade: &str) -> String {
    format!(" · оценка {grade}")
}

/// The course's scale, on a module's page of the map: «Оценка за курс: 5 — от 85 %, …».
pub fn grade_scale(bands: &[(String, f64)]) -> String {
    let steps: Vec<String> = bands.iter().map(|(g, from)| format!("{g} — от {} %", points(*from))).collect();
    format!("Оценка за курс по доле баллов: {}.", steps.join(", "))
}

pub const FEEDBACK: &str = "Отзыв преподавателя";

pub fn feedback_heading(reviewer: &str, at: &str, earned: f64, possible: f64) -> String {
    format!("{reviewer}, {at}: {} из {}", points(earned), points(possible))
}

pub fn feedback_criterion(name: &str, earned: f64, max: f64) -> String {
    format!("  {name}: {} из {}", points(earned), points(max))
}

pub const HISTORY: &str = "Все попытки";

pub fn history_line(n: usize, at: &str, status: &str, earned: f64, possible: f64, best: bool) -> String {
    let mark = if best { "  ★ лучшая" } else { "" };
    format!("{n}. {at} — {status}, {} из {}{mark}", points(earned), points(possible))
}

pub fn history_unreadable(n: u32) -> String {
    format!("Ещё попыток, записанных прежней версией курса и теперь не читаемых: {n}.")
}

pub fn no_hints() -> &'static str {
    "У этого упражнения нет подсказок."
}

pub fn hints_none_shown(total: usize) -> String {
    format!(
        "Открыто 0 подсказок из {total}. F2 (или Ctrl+T) — открыть первую. Каждая открытая подсказка \
         записывается и видна преподавателю."
    )
}

pub fn hint_heading(n: u32, total: usize) -> String {
    format!("Подсказка {n} из {total}")
}

pub fn hints_more(left: usize) -> String {
    format!("F2 — следующая подсказка (осталось {left}).")
}

pub fn hints_all_shown() -> &'static str {
    "Все подсказки открыты."
}

pub fn checked_message(status: &str, earned: f64, possible: f64) -> String {
    format!("Проверено: {status}, {} из {} баллов.", points(earned), points(possible))
}

pub fn grading_failed(e: &impl std::fmt::Display) -> String {
    format!("Ответ не удалось проверить: {e}")
}

// --- Editors -----------------------------------------------------------------------

pub fn grid_placed(placed: usize, cards: usize) -> String {
    format!("В таблице {placed} из {cards} {}", plural(cards, "карточки", "карточек", "карточек"))
}

pub fn grid_empty_cell() -> &'static str {
    "Ячейка пуста. Enter — выбрать карточку, или наберите её номер."
}

pub fn grid_picker_title(place: &str, typed: &str) -> String {
    if typed.is_empty() {
        format!(" Карточка для «{place}» ")
    } else {
        format!(" Карточка для «{place}» — номер {typed}▏")
    }
}

pub fn grid_picker_no_match(typed: &str) -> String {
    format!("Нет карточки с номером, начинающимся на {typed}. Backspace — стереть цифру.")
}

pub fn grid_card_in(place: &str) -> String {
    format!("стоит: {place}")
}

pub fn grid_moved(card: &str, from: &str) -> String {
    format!("Карточка {card} перенесена сюда из ячейки «{from}».")
}

pub fn grid_header_column() -> &'static str {
    "название элемента"
}

pub fn choice_single() -> &'static str {
    "Выберите один вариант."
}

pub fn choice_multiple() -> &'static str {
    "Отметьте все верные варианты (лишние отметки снимают баллы)."
}

pub fn order_intro() -> &'static str {
    "Расставьте пункты по порядку: Пробел — взять пункт, ↑↓ — перенести, Пробел — отпустить \
     (или Shift+↑↓ сразу)."
}

pub fn numeric_label() -> &'static str {
    "Ответ:"
}

pub fn numeric_help(unit: Option<&str>) -> String {
    let unit = unit.map(|u| format!(" Единица — {u}: её можно не писать.")).unwrap_or_default();
    format!("Введите число; дробную часть можно отделить запятой (12,5).{unit} Enter — проверить.")
}

pub fn cards_reference() -> &'static str {
    "Карточки"
}

pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn sql_whole() -> &'static str {
    "SQL"
}

/// The text run before every part of a several-part SQL exercise.
pub fn sql_shared() -> &'static str {
    "Общее"
}

pub fn sql_nothing_to_run() -> &'static str {
    "Здесь пока нет SQL: напишите запрос и нажмите Ctrl+R."
}

pub fn sql_result_title() -> &'static str {
    " Результат "
}

pub fn sql_run_hint() -> &'static str {
    "Ctrl+R (F9) — выполнить SQL на данных упражнения: каждый запуск — на свежей копии данных, \
     показан результат последнего запроса; Ctrl+E (F10) — выполнить до оператора под курсором и \
     показать его результат. F4 — таблицы и столбцы, F3 — к результату. F5 — проверить ответ."
}

/// `rows` kept of `total` the query gave (`None`: more than kept, not all counted).
pub fn sql_result_summary(part: &str, rows: usize, total: Option<usize>, affected: u64, statements: usize) -> String {
    let shown = match total {
        Some(total) if total == rows => format!("{rows} {}", plural(rows, "строка", "строки", "строк")),
        Some(total) => format!("строки 1–{rows} из {total}"),
        None => format!("строки 1–{rows} из более чем {rows}"),
    };
    let changed = if affected > 0 { format!(", изменено строк: {affected}") } else { String::new() };
    format!("{part}: {statements} {}, {shown}{changed}", plural(statements, "запрос", "запроса", "запросов"))
}

/// The title of «Общее» in an exercise of several parts: what it is.
pub fn sql_shared_title() -> &'static str {
    "Общее — выполняется перед каждой частью (представления, вспомогательные таблицы)"
}

/// Under a list of tables cut by the height: how many more and how to see them.
pub fn sql_tables_more(n: usize) -> String {
    format!("↓ ещё {n} {} — Shift+PgDn", plural(n, "строка", "строки", "строк"))
}

pub fn sql_schema_title() -> &'static str {
    " Таблицы "
}

pub fn sql_schema_unknown() -> &'static str {
    "Не удалось прочитать таблицы."
}

pub fn sql_running() -> &'static str {
    "Выполняется… (не дольше лимита времени на запрос)"
}

/// A background job ended without a result.
pub fn job_lost() -> &'static str {
    "Внутренняя ошибка: работа прервалась без результата. Ответ и черновик сохранены; попробуйте ещё раз."
}

pub fn checking() -> &'static str {
    "Проверяю ответ…"
}

// --- Forms --------------------------------------------------------------------------

/// A field's text that cannot be its value: where and why.
pub fn form_field_problem(place: &str, problem: &str) -> String {
    format!("{place}: {problem}")
}

pub fn form_field_kept() -> &'static str {
    "Поле ещё не записано, в ответе прежнее значение: исправьте текст и нажмите Enter."
}

/// After Esc on a text that cannot be the field's value: what a second Esc does.
pub fn form_esc_again(old: &str) -> String {
    if old.trim().is_empty() {
        "Esc ещё раз — вернуть прежнее значение (поле было пустым).".to_owned()
    } else {
        format!("Esc ещё раз — вернуть прежнее значение «{old}».")
    }
}

pub fn form_required(label: &str) -> String {
    format!("{label}: поле нужно заполнить")
}

pub fn form_not_an_option(label: &str, text: &str) -> String {
    format!("{label}: «{text}» — не из списка; Enter на поле перебирает варианты")
}

// --- The RFM editor ----------------------------------------------------------------

pub const RFM_METHOD: &str = "Метод: ";
pub const RFM_BINS: &str = "  Групп на ось: ";
pub const RFM_BINS_SHORT: &str = " Групп: ";
pub const RFM_THRESHOLDS: &str = "Пороги";
pub const RFM_FALLBACK: &str = "Не подошёл ни одному правилу: ";
pub const RFM_RULES: &str = "Правила — сегмент даёт первое подходящее:";
pub const RFM_SEGMENT: &str = "Сегмент";
pub const RFM_MAP: &str = "Карта продаж — ваш запрос к таблице rfm (F8 — консоль SQL):";
pub const RFM_MAP_NO_QUERY: &str = "· запрос ещё не написан: F8, напишите SELECT, F5 — проверить";
pub const RFM_MAP_CHART: &str = "Карта продаж: доля клиентов и доля выручки";
pub const RFM_OF_CUSTOMERS: &str = "клиентов";
pub const RFM_OF_REVENUE: &str = "выручки";
pub const RFM_COL_ID: &str = "Участн";
pub const RFM_COL_DAYS: &str = "Дней";
pub const RFM_COL_FREQ: &str = "Пок.";
pub const RFM_COL_SUM: &str = "Сумма, ₽";

pub fn rfm_method(method: crate::data::rfm::model::MethodName) -> &'static str {
    use crate::data::rfm::model::MethodName;
    match method {
        MethodName::Quantile => "квантили ▸",
        MethodName::RankFirst => "квантили pandas ▸",
        MethodName::Thresholds => "пороги ▸",
    }
}

pub fn rfm_add_rule() -> &'static str {
    "+ добавить правило"
}

pub fn rfm_bad_bins(text: &str) -> String {
    format!("«{text}» — не число групп: нужно целое число, например 5")
}

pub fn rfm_bad_threshold(axis: &str, text: &str) -> String {
    format!("порог {axis} «{text}» — не число; пороги пишут через запятую по возрастанию: 30, 90")
}

/// The form's places a text can be wrong in, as the learner reads them.
pub fn rfm_place_bins() -> String {
    "Групп на ось".to_owned()
}

pub fn rfm_place_thresholds(axis: &str) -> String {
    format!("Пороги {axis}")
}

pub fn rfm_place_range(rule: usize, name: &str, axis: &str) -> String {
    if name.is_empty() {
        format!("Правило {rule}, {axis}")
    } else {
        format!("Правило {rule} {}, {axis}", super::rfm::quoted(name))
    }
}

/// Under the chart: why a group the exercise asks for has nobody.
pub fn rfm_group_no_rule(group: &str) -> String {
    format!("{}: 0 — нет правила с таким именем сегмента.", super::rfm::quoted(group))
}

pub fn rfm_group_nobody_fits(group: &str) -> String {
    format!("{}: 0 — под правило не подходит никто: расширьте диапазоны.", super::rfm::quoted(group))
}

pub fn rfm_group_taken(group: &str, by: &str, n: u64) -> String {
    format!(
        "{}: 0 — все {n} подходящих забрало правило выше, {}. Порядок важен: Shift+↑↓ переставляет правило.",
        super::rfm::quoted(group),
        super::rfm::quoted(by)
    )
}

/// A check asked for while a field holds a text that cannot be its value.
pub fn numeric_not_checked(problem: &str) -> String {
    format!("Ответ не проверен и попыткой не считается: {problem}")
}

pub fn rfm_not_checked(problem: &str) -> String {
    format!("Ответ не проверен — поле не записано. {problem}")
}

pub fn rfm_preview_title_short() -> &'static str {
    " Ваш вариант данных "
}

pub fn rfm_preview_title() -> &'static str {
    " Ваш вариант данных: группы и участники "
}

pub fn rfm_model_problems() -> &'static str {
    "Модель пока не работает:"
}

/// The narrow participant table leaves the sum out: the scores and the segment matter more.
pub const RFM_COL_SCORES: &str = "R F M";

pub fn rfm_map_console_head() -> &'static str {
    "Карта продаж: запрос к таблице rfm — ваш ответ (F5 — проверить). Столбцы: segment, customers, \
     customer_share, revenue_share, average_check. F8 — к форме."
}

pub fn rfm_console_head() -> &'static str {
    "Консоль SQL: таблица rfm — участники с recency_days, frequency, monetary, r, f, m, segment. F8 — к форме."
}

/// «12,5 %».
pub fn percent(p: f64) -> String {
    format!("{:.1} %", p).replace('.', ",")
}

// ---------------------------------------------------------------- free-text editors

pub const FREETEXT_NO_MORE_ROWS: &str = "больше строк добавить нельзя";

pub fn freetext_cell_full(max: usize) -> String {
    format!("ячейка вмещает не больше {max} символов: остальное не вставлено")
}

pub fn freetext_words(n: usize, min: usize, max: usize) -> String {
    let word = super::course::plural(n, "слово", "слова", "слов");
    format!(" {n} {word} · нужно от {min} до {max} ")
}

pub fn freetext_options(options: &[&str]) -> String {
    format!(" Enter — следующий вариант: {} ", options.join(" / "))
}

pub fn freetext_kind_hint(ty: crate::kinds::freetext::FieldType) -> String {
    use crate::kinds::freetext::FieldType;
    match ty {
        FieldType::Url => " полная ссылка: https://… ".into(),
        FieldType::Number => " число ".into(),
        FieldType::Date => " дата: ДД.ММ.ГГГГ ".into(),
        FieldType::Text | FieldType::Choice => String::new(),
    }
}
