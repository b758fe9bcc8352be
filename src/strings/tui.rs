//! What the terminal screens say: titles, labels, key descriptions, messages.

use super::course::plural;
use super::verdict::points;
use crate::tui::keys::{Action, Scope};

pub const KEY_SPACE: &str = "Пробел";

/// What a key does, in the help overlay and the bottom bar.
pub fn action_label(action: Action, scope: Scope) -> &'static str {
    use Action as A;
    use Scope as S;
    match (action, scope) {
        (A::Quit, S::StudentForm) => "выйти из программы",
        (A::NextTab, S::GradeList | S::GradeMatrix) => "журнал / очередь проверки",
        (A::Open, S::GradeList) => "открыть группу / проверить ответ",
        (A::Open, S::GradeMatrix) => "ответ студента с замечаниями",
        (A::Open, S::GradeAnswer) => "проверить этот ответ (баллы и комментарий)",
        (A::Back, S::GradeList | S::GradeMatrix | S::GradeAnswer) => "назад",
        (A::Back, S::GradeReview) => "отменить проверку",
        (A::Check, S::GradeReview) => "сохранить проверку и перейти к следующей",
        (A::EraseDigit, S::GradeReview) => "стереть символ",
        (A::Left, S::GradeMatrix) => "упражнение левее",
        (A::Right, S::GradeMatrix) => "упражнение правее",
        (A::Quit, _) => "выйти (всё сохранено)",
        (A::Help, _) => "справка по клавишам",
        (A::Back, S::GridPicker) => "закрыть список карточек",
        (A::Back, S::Help) => "закрыть справку",
        (A::Back, S::RfmField) => "выйти из поля, записав его",
        (A::Confirm, S::RfmField) => "записать поле",
        (A::Choose, S::RfmForm) => "изменить поле (метод — следующий)",
        (A::Remove, S::RfmForm) => "удалить правило / очистить поле",
        (A::Up, S::RfmForm) => "поле выше",
        (A::Down, S::RfmForm) => "поле ниже",
        (A::Left, S::RfmForm) => "поле левее",
        (A::Right, S::RfmForm) => "поле правее",
        (A::PageUp, S::RfmForm) => "участники выше",
        (A::PageDown, S::RfmForm) => "участники ниже",
        (A::Back, _) => "к карте курса",
        (A::Up, S::Map) => "предыдущий пункт",
        (A::Down, S::Map) => "следующий пункт",
        (A::Up, S::Reading | S::Help) => "прокрутить вверх",
        (A::Down, S::Reading | S::Help) => "прокрутить вниз",
        (A::Up, S::Grid) => "ячейка выше",
        (A::Down, S::Grid) => "ячейка ниже",
        (A::Left, S::SqlResult) => "столбцы левее",
        (A::Right, S::SqlResult) => "столбцы правее",
        (A::Up, S::SqlResult) => "строки выше",
        (A::Down, S::SqlResult) => "строки ниже",
        (A::Left, _) => "ячейка левее",
        (A::Right, _) => "ячейка правее",
        (A::Up, S::GridPicker) => "предыдущая карточка",
        (A::Down, S::GridPicker) => "следующая карточка",
        (A::Up, _) => "вверх",
        (A::Down, _) => "вниз",
        (A::PageUp, _) => "страница вверх",
        (A::PageDown, _) => "страница вниз",
        (A::Home, _) => "в начало",
        (A::End, _) => "в конец",
        (A::Open, _) => "открыть упражнение",
        (A::NextTab, _) => "следующая вкладка",
        (A::PrevTab, _) => "предыдущая вкладка",
        (A::Check, _) => "проверить ответ",
        (A::Hint, _) => "подсказка",
        (A::Choose, _) => "выбрать карточку для ячейки",
        (A::Place, _) => "поставить карточку (повторно — убрать)",
        (A::Remove, _) => "убрать карточку из ячейки",
        (A::Toggle, _) => "отметить / снять отметку",
        (A::Grab, _) => "взять / отпустить пункт",
        (A::MoveUp, _) => "поднять пункт",
        (A::MoveDown, _) => "опустить пункт",
        (A::Digit, S::GridPicker) => "номер карточки",
        (A::Digit, _) => "карточка по номеру",
        (A::EraseDigit, _) => "стереть цифру номера",
        (A::NextField, _) => "другое поле",
        (A::Confirm, _) => "начать работу",
        (A::Run, _) => "выполнить SQL (вся часть, результат последнего запроса)",
        (A::RunToCursor, _) => "выполнить до оператора под курсором (его результат)",
        (A::NextPart, _) => "следующая часть задания",
        (A::PrevPart, _) => "предыдущая часть задания",
        (A::Focus, _) => "к результату / обратно к тексту",
        (A::Schema, _) => "таблицы и столбцы",
        (A::AddRule, _) => "добавить правило",
        (A::Console, _) => "консоль SQL над таблицей rfm / обратно к форме",
        (A::Submit, _) => "сдать работу: записать файл для преподавателя",
    }
}

/// What a key does, in the bottom bar: a word or two.
pub fn bar_label(action: Action, scope: Scope) -> &'static str {
    use Action as A;
    match action {
        A::NextTab if matches!(scope, Scope::GradeList | Scope::GradeMatrix) => "журнал/очередь",
        A::Open if scope == Scope::GradeAnswer => "проверить",
        A::Back if matches!(scope, Scope::GradeList | Scope::GradeMatrix | Scope::GradeAnswer) => "назад",
        A::Back if scope == Scope::GradeReview => "отмена",
        A::Check if scope == Scope::GradeReview => "сохранить",
        A::NextField if scope == Scope::GradeReview => "поле",
        A::Choose if scope == Scope::RfmForm => "изменить",
        A::Confirm if scope == Scope::RfmField => "записать",
        A::Back if scope == Scope::RfmField => "из поля",
        A::Quit if scope == Scope::StudentForm => "выйти",
        A::Quit => "выход",
        A::Help => "справка",
        A::Back if scope == Scope::GridPicker => "закрыть",
        A::Back if scope == Scope::Help => "закрыть",
        A::Back => "к карте",
        A::Open => "открыть",
        A::NextTab => "вкладка",
        A::Check => "проверить",
        A::Hint => "подсказка",
        A::Choose => "карточка",
        A::Place => "поставить",
        A::Remove => "убрать",
        A::Toggle => "отметить",
        A::Grab => "взять/отпустить",
        A::MoveUp => "выше",
        A::MoveDown => "ниже",
        A::Digit => "номер",
        A::NextField => "другое поле",
        A::Confirm => "начать",
        A::Run => "выполнить",
        A::RunToCursor => "до курсора",
        A::NextPart => "часть",
        A::Focus => "результат",
        A::Schema => "таблицы",
        A::Submit => "сдать",
        A::AddRule => "правило",
        A::Console => "SQL",
        _ => action_label(action, scope),
    }
}

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

pub fn module_summary(earned: f64, possible: f64, exercises: usize) -> String {
    format!(
        "{} {} · {} из {} баллов",
        exercises,
        plural(exercises, "упражнение", "упражнения", "упражнений"),
        points(earned),
        points(possible)
    )
}

pub fn kind_name(kind: &str) -> &'static str {
    match kind {
        "grid" => "таблица из карточек",
        "choice" => "выбор ответа",
        "order" => "порядок шагов",
        "numeric" => "расчёт",
        "sql" => "SQL",
        "rfm" => "RFM-сегментация",
        _ => "упражнение",
    }
}

pub fn exercise_facts(kind: &str, points_total: u32, hints: usize) -> String {
    format!(
        "Вид: {} · {} {} · {} {}",
        kind_name(kind),
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

pub fn sql_result_summary(part: &str, rows: usize, truncated: bool, affected: u64, statements: usize) -> String {
    let more = if truncated { " (показаны первые)" } else { "" };
    let changed = if affected > 0 { format!(", изменено строк: {affected}") } else { String::new() };
    format!(
        "{part}: {statements} {}, {rows} {}{more}{changed}",
        plural(statements, "запрос", "запроса", "запросов"),
        plural(rows, "строка", "строки", "строк")
    )
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

// --- The RFM editor ----------------------------------------------------------------

pub const RFM_METHOD: &str = "Метод: ";
pub const RFM_BINS: &str = "  Групп на ось: ";
pub const RFM_THRESHOLDS: &str = "Пороги";
pub const RFM_FALLBACK: &str = "Не подошёл ни одному правилу: ";
pub const RFM_RULES: &str = "Правила — сегмент даёт первое подходящее:";
pub const RFM_SEGMENT: &str = "Сегмент";
pub const RFM_MAP: &str = "Карта продаж (ваши расчёты):";
pub const RFM_MAP_COLUMNS: [&str; 4] = ["Клиентов", "Кл., %", "Выр., %", "Чек, ₽"];
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
        format!("Правило {rule} «{name}», {axis}")
    }
}

/// A field's text that cannot be its value: where and why.
pub fn rfm_field_problem(place: &str, problem: &str) -> String {
    format!("{place}: {problem}")
}

pub fn rfm_field_kept() -> &'static str {
    "Поле ещё не записано, модель прежняя: исправьте значение и нажмите Enter."
}

/// After Esc on a text that cannot be the field's value: what a second Esc does.
pub fn rfm_esc_again(old: &str) -> String {
    if old.trim().is_empty() {
        "Esc ещё раз — вернуть прежнее значение (поле было пустым).".to_owned()
    } else {
        format!("Esc ещё раз — вернуть прежнее значение «{old}».")
    }
}

/// A check asked for while a field holds a text that cannot be its value.
pub fn rfm_not_checked(problem: &str) -> String {
    format!("Ответ не проверен — поле не записано. {problem}")
}

pub fn rfm_preview_title() -> &'static str {
    " Ваш вариант данных: группы и участники "
}

pub fn rfm_model_problems() -> &'static str {
    "Модель пока не работает:"
}

pub fn rfm_console_head() -> &'static str {
    "Консоль SQL: таблица rfm — участники с recency_days, frequency, monetary, r, f, m, segment. F8 — к форме."
}

/// «12,5 %».
pub fn percent(p: f64) -> String {
    format!("{:.1} %", p).replace('.', ",")
}
