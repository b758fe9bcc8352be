//! What the exercise kinds say: to instructors when a spec is broken (validation), and
//! to learners about their answers (findings).

// ---------------------------------------------------------------- common helpers

/// «карточка 7» for numbered cards, «карточка «lead»» otherwise.
fn quoted(id: &str) -> String {
    if !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) { id.to_owned() } else { format!("«{id}»") }
}

fn list<S: AsRef<str>>(ids: &[S]) -> String {
    ids.iter().map(|id| quoted(id.as_ref())).collect::<Vec<_>>().join(", ")
}

use super::course::plural;

pub fn duplicate_id(list_name: &str, id: &str) -> String {
    format!("id «{id}» повторяется в {list_name}")
}

pub fn bad_id(list_name: &str, id: &str) -> String {
    format!("id «{id}» в {list_name} должен быть непустым и без «/» и пробелов")
}

pub fn empty_text(list_name: &str, id: &str) -> String {
    format!("у «{id}» в {list_name} пустой текст")
}

// ---------------------------------------------------------------- grid: validation

pub fn grid_untitled(list_name: &str, id: &str) -> String {
    let what = if list_name == "rows" { "строки" } else { "столбца" };
    format!("у {what} «{id}» нет title: без него таблицу не прочитать")
}

pub fn grid_empty(list_name: &str) -> String {
    let what = match list_name {
        "rows" => "ни одной строки",
        "columns" => "ни одного столбца",
        _ => "ни одной карточки",
    };
    format!("в {list_name} нет {what}")
}

pub fn grid_reserved_column() -> String {
    "id столбца «header» зарезервирован для заголовков строк (row_headers = \"cards\")".into()
}

pub fn grid_key_empty() -> String {
    "ключ (key) пуст: нечего проверять".into()
}

pub fn grid_key_unknown_row(row: &str) -> String {
    format!("в ключе строка «{row}», которой нет в rows")
}

pub fn grid_key_unknown_column(column: &str) -> String {
    format!("в ключе столбец «{column}», которого нет в columns")
}

pub fn grid_key_unknown_card(card: &str) -> String {
    format!("в ключе карточка «{card}», которой нет в cards")
}

pub fn grid_key_card_twice_in_cell(card: &str) -> String {
    format!("карточка «{card}» дважды указана в одной ячейке ключа")
}

pub fn grid_key_card_reused(card: &str, first_cell: &str) -> String {
    format!(
        "карточка «{card}» уже стоит в ключе в ячейке {first_cell}; при reuse = false каждая карточка занимает одну \
         ячейку (поставьте reuse = true, если карточка нужна в нескольких)"
    )
}

pub fn grid_header_without_cards_mode() -> String {
    "ключ header допустим только при row_headers = \"cards\"".into()
}

pub fn grid_header_not_one_card() -> String {
    "в header ключа должна быть ровно одна карточка — по ней узнаётся строка".into()
}

pub fn grid_header_card_twice(card: &str, first_row: &str) -> String {
    format!("карточка «{card}» уже служит заголовком строки «{first_row}»; заголовки строк должны различаться")
}

pub fn grid_row_without_header(row: &str) -> String {
    format!("при row_headers = \"cards\" у строки «{row}» в ключе должен быть header (карточка-заголовок)")
}

// ---------------------------------------------------------------- grid: findings

/// A cell named for a list of findings: «Снижение оттока — Показатель (KPI)».
pub fn grid_place(row: &str, column: &str) -> String {
    format!("{row} — {column}")
}

/// A row of a grid whose rows are labelled by header cards: it has no title of its own.
pub fn grid_row_slot(number: usize) -> String {
    format!("строка {number}")
}

pub fn grid_header_place() -> String {
    "заголовок".into()
}

pub fn grid_no_such_cell(cell: &str) -> String {
    format!("ячейки «{cell}» нет в таблице; её карточки не учтены")
}

pub fn grid_unknown_card(card: &str) -> String {
    format!("карточки «{card}» нет среди карточек упражнения")
}

pub fn grid_card_twice_in_cell(card: &str) -> String {
    format!("карточка {} положена в эту ячейку дважды; учтена один раз", quoted(card))
}

pub fn grid_card_used_in_several_cells(card: &str, count: usize) -> String {
    format!(
        "карточка {} использована в {count} {}, а каждую карточку можно положить только в одну",
        quoted(card),
        plural(count, "ячейке", "ячейках", "ячейках")
    )
}

pub fn grid_cell_right() -> String {
    "верно".into()
}

pub fn grid_cell_right_empty() -> String {
    "верно: ячейка пустая".into()
}

// The rule of grid findings: a card that does not belong is named, by its number on
// screen; a card that is missing is never named (that would give the key away): a cell
// with a wrong card is told «здесь нужна другая карточка», a cell short of cards how many
// more it needs.

pub fn grid_cell_must_be_empty<S: AsRef<str>>(extra: &[S]) -> String {
    format!("эта ячейка должна остаться пустой: {}", extras_here(extra))
}

pub fn grid_cell_empty(missing: usize) -> String {
    match missing {
        1 => "ячейка пуста: сюда нужна карточка".into(),
        n => format!("ячейка пуста: сюда нужны {n} {}", plural(n, "карточка", "карточки", "карточек")),
    }
}

/// «карточка 5 здесь лишняя» / «карточки 5, 9 здесь лишние».
fn extras_here<S: AsRef<str>>(extra: &[S]) -> String {
    match extra {
        [one] => format!("карточка {} здесь лишняя", quoted(one.as_ref())),
        many => format!("карточки {} здесь лишние", list(many)),
    }
}

/// «карточка 13 сюда не подходит» / «карточки 5, 9 сюда не подходят».
fn not_fitting<S: AsRef<str>>(extra: &[S]) -> String {
    match extra {
        [one] => format!("карточка {} сюда не подходит", quoted(one.as_ref())),
        many => format!("карточки {} сюда не подходят", list(many)),
    }
}

fn more_cards(n: usize) -> String {
    match n {
        1 => "нужна ещё одна карточка".into(),
        n => format!("нужны ещё {n} {}", plural(n, "карточка", "карточки", "карточек")),
    }
}

/// A cell that is partly right: how many of its cards are right, which cards (by their
/// numbers) do not belong, and whether other cards are needed, without naming them.
pub fn grid_cell_partly<S: AsRef<str>>(hits: usize, expected: usize, extra: &[S], missing: usize) -> String {
    let mut parts = Vec::new();
    if hits > 0 && expected > 1 {
        parts.push(format!("верно {hits} из {expected}"));
    }
    match (extra.is_empty(), missing) {
        (true, 0) => {}
        (true, n) => parts.push(more_cards(n)),
        (false, 0) => parts.push(extras_here(extra)),
        (false, 1) => parts.push(format!("{} — здесь нужна другая карточка", not_fitting(extra))),
        (false, _) => parts.push(format!("{} — здесь нужны другие карточки", not_fitting(extra))),
    }
    parts.join("; ")
}

pub fn grid_header_right() -> String {
    "заголовок строки верный".into()
}

pub fn grid_header_missing() -> String {
    "нет карточки-заголовка: без него ячейки этой строки не засчитываются".into()
}

pub fn grid_header_several() -> String {
    "в заголовке строки должна быть одна карточка; пока их несколько, ячейки строки не засчитываются".into()
}

pub fn grid_header_not_a_header(card: &str) -> String {
    format!(
        "карточка {} не годится в заголовок строки; пока заголовка нет, ячейки строки не засчитываются",
        quoted(card)
    )
}

pub fn grid_header_taken(card: &str, first_row_number: usize) -> String {
    format!("карточка {} уже стоит заголовком в строке {first_row_number}; эта строка не засчитывается", quoted(card))
}

pub fn grid_penalty_note(count: usize) -> String {
    format!(
        "{count} {} с лишними карточками там, где должно быть пусто: минус {count} {} из суммы",
        plural(count, "ячейка", "ячейки", "ячеек"),
        plural(count, "балл", "балла", "баллов")
    )
}

// ---------------------------------------------------------------- choice

/// An option named by its text, shortened to fit a line.
pub fn choice_place(text: &str) -> String {
    format!("«{}»", shorten(text, 45))
}

fn shorten(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).trim_end_matches([',', ';', ':']);
    format!("{cut}…")
}

pub fn choice_no_options() -> String {
    "нет ни одного варианта ответа (options)".into()
}

pub fn choice_no_correct() -> String {
    "ни один вариант не отмечен как верный (correct = true)".into()
}

pub fn choice_several_correct(first: &str) -> String {
    format!("верных вариантов несколько (первый — «{first}»), а multiple = false; поставьте multiple = true")
}

pub fn choice_nothing_selected() -> String {
    "ничего не выбрано".into()
}

pub fn choice_unknown_option(id: &str) -> String {
    format!("варианта «{id}» нет среди вариантов ответа")
}

pub fn choice_selected_twice(id: &str) -> String {
    format!("вариант «{id}» выбран дважды; учтён один раз")
}

pub fn choice_single_expected(count: usize) -> String {
    format!("нужно выбрать один вариант, а выбрано {count}")
}

pub fn choice_right() -> String {
    "верно".into()
}

pub fn choice_wrong() -> String {
    "этот вариант неверен".into()
}

pub fn choice_missed(count: usize) -> String {
    format!(
        "отмечены не все верные варианты: не хватает {count} {}",
        plural(count, "варианта", "вариантов", "вариантов")
    )
}

// ---------------------------------------------------------------- order

pub fn order_too_few() -> String {
    "в последовательности должно быть хотя бы два пункта (items)".into()
}

pub fn order_unknown_item(id: &str) -> String {
    format!("пункта «{id}» нет в этом упражнении; он не учтён")
}

pub fn order_item_twice(id: &str) -> String {
    format!("пункт «{id}» стоит в последовательности дважды; учтено первое место")
}

pub fn order_item_missing(text: &str) -> String {
    format!("пункт «{text}» не поставлен в последовательность")
}

pub fn order_item_in_place(text: &str) -> String {
    format!("«{text}» стоит верно относительно других")
}

pub fn order_item_out_of_place(text: &str) -> String {
    format!("«{text}» стоит не на своём месте относительно других")
}

pub fn order_pairs_summary(right: usize, total: usize) -> String {
    format!("в верном порядке {right} из {total} {}", plural(total, "пары", "пар", "пар"))
}

pub fn order_run_summary(run: usize, total: usize) -> String {
    format!("самая длинная цепочка пунктов в верном порядке: {run} из {total}",)
}

// ---------------------------------------------------------------- numeric: validation

pub fn numeric_no_tolerance() -> String {
    "не задан допуск: укажите tolerance (абсолютный) или relative_tolerance (относительный, 0.01 = 1 %)".into()
}

pub fn numeric_bad_tolerance(field: &str) -> String {
    format!("{field} должен быть конечным неотрицательным числом")
}

pub fn numeric_bad_param_name(name: &str) -> String {
    format!("имя параметра «{name}» должно состоять из букв, цифр и «_» и начинаться с буквы")
}

pub fn numeric_param_not_finite(name: &str) -> String {
    format!("у параметра «{name}» min, max и step должны быть конечными числами")
}

pub fn numeric_param_min_above_max(name: &str, min: &str, max: &str) -> String {
    format!("у параметра «{name}» min ({min}) больше max ({max})")
}

pub fn numeric_param_bad_step(name: &str) -> String {
    format!("у параметра «{name}» step должен быть больше нуля")
}

pub fn numeric_formula(detail: &str) -> String {
    format!("формула answer: {detail}")
}

pub fn numeric_formula_not_finite(params: &str) -> String {
    if params.is_empty() {
        "формула answer даёт не число (деление на ноль или корень из отрицательного)".into()
    } else {
        format!("формула answer даёт не число (деление на ноль или корень из отрицательного) при {params}")
    }
}

// ---------------------------------------------------------------- formulas

pub fn formula_syntax(position: usize, detail: &str) -> String {
    format!("символ {position}: {detail}")
}

pub fn formula_unexpected(c: char) -> String {
    format!("неожиданный символ «{c}»")
}

pub fn formula_unexpected_end() -> String {
    "формула оборвалась: ожидалось число, параметр или «(»".into()
}

pub fn formula_expected_paren() -> String {
    "ожидалась «)»".into()
}

pub fn formula_expected_comma() -> String {
    "ожидалась «,» или «)» между аргументами функции".into()
}

pub fn formula_bad_number(text: &str) -> String {
    format!("«{text}» — не число (в формуле дробная часть пишется через точку)")
}

pub fn formula_unknown_function(name: &str) -> String {
    format!("неизвестная функция «{name}»; доступны min, max, round, abs, sqrt")
}

pub fn formula_arity(name: &str, got: usize) -> String {
    let wanted = match name {
        "round" => "один или два аргумента",
        "min" | "max" => "хотя бы один аргумент",
        _ => "один аргумент",
    };
    format!("функции {name} нужен {wanted}, а передано {got}")
}

pub fn formula_too_deep() -> String {
    "слишком глубокая вложенность скобок".into()
}

pub fn formula_too_long(max_nodes: usize) -> String {
    format!("формула слишком длинная: больше {max_nodes} чисел, имён и действий; упростите её")
}

pub fn formula_unknown_param(name: &str) -> String {
    format!("неизвестный параметр «{name}»: его нет в params")
}

// ---------------------------------------------------------------- numbers typed by the learner

pub fn number_empty() -> String {
    "ответ не введён".into()
}

pub fn number_no_digits(text: &str) -> String {
    format!("«{text}» — не число: ответ должен начинаться с числа, например 12,5")
}

pub fn number_two_separators() -> String {
    "в числе больше одного десятичного разделителя; пишите, например, 1234,5 или 1 234,5".into()
}

pub fn number_bad_grouping() -> String {
    "пробелы внутри числа допустимы только между группами по три цифры (1 234 567)".into()
}

pub fn number_no_fraction() -> String {
    "после десятичного разделителя нет цифр".into()
}

// ---------------------------------------------------------------- numeric: findings

pub fn numeric_unreadable(detail: &str) -> String {
    format!("не удалось прочитать число: {detail}")
}

pub fn numeric_wrong_unit(given: &str, expected: &str) -> String {
    format!("единица «{given}» не подходит: ответ даётся в «{expected}»")
}

pub fn numeric_unexpected_unit(given: &str) -> String {
    format!("здесь ответ — число без единицы измерения, а после числа стоит «{given}»")
}

pub fn numeric_right(expected: &str) -> String {
    format!("верно (ответ: {expected})")
}

/// How far a wrong number is from the right one, coarsely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffBand {
    /// Within 5 %.
    Slightly,
    /// 5–20 %.
    Noticeably,
    /// 20–50 %.
    Much,
    /// Over 50 %.
    VeryMuch,
}

pub fn numeric_off(too_big: bool, band: Option<OffBand>) -> String {
    let direction = if too_big { "больше" } else { "меньше" };
    match band {
        None => format!("неверно: ваш ответ {direction} верного"),
        Some(OffBand::Slightly) => format!("неверно: ваш ответ немного {direction} верного (не дальше чем на 5 %)"),
        Some(OffBand::Noticeably) => format!("неверно: ваш ответ {direction} верного на 5–20 %"),
        Some(OffBand::Much) => format!("неверно: ваш ответ {direction} верного на 20–50 %"),
        Some(OffBand::VeryMuch) => format!("неверно: ваш ответ {direction} верного более чем на 50 %"),
    }
}

pub fn numeric_scale_hint() -> String {
    "ответ отличается от верного примерно в 100 раз: проверьте, не перепутаны ли проценты и доли".into()
}

pub fn numeric_sign_hint() -> String {
    "у ответа другой знак: проверьте, что из чего вычитается".into()
}

pub fn numeric_broken_formula(detail: &str) -> String {
    format!("упражнение составлено с ошибкой, проверить ответ нельзя ({detail}); сообщите преподавателю")
}

// --- The kinds' names, as the course map shows them (`Kind::LABEL`) ------------------
pub const KIND_GRID: &str = "таблица из карточек";
pub const KIND_CHOICE: &str = "выбор ответа";
pub const KIND_ORDER: &str = "порядок шагов";
pub const KIND_NUMERIC: &str = "расчёт";
