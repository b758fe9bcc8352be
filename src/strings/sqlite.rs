//! SQLite's errors in Russian: what went wrong in words a learner of SQL understands,
//! with the close name or the way out when there is one. The English is read into a
//! [`Problem`] by `data::sql::explain`.

use super::course::plural;
use crate::data::sql::problem::{AddColumn, ColumnHint, ForeignKeyAction, Object, Problem, SyntaxHint};

/// The longest piece of the learner's text quoted back (an unclosed quote takes the
/// whole rest of the text with it).
const QUOTED_CHARS: usize = 24;

fn quoted(token: &str) -> String {
    match token.char_indices().nth(QUOTED_CHARS) {
        Some((end, _)) => format!("{}…", &token[..end]),
        None => token.to_owned(),
    }
}

fn object_name(object: Object) -> &'static str {
    match object {
        Object::Table => "таблица",
        Object::View => "представление (VIEW)",
        Object::Index => "индекс",
        Object::Trigger => "триггер",
        Object::Savepoint => "точка сохранения (SAVEPOINT)",
    }
}

/// «нет таблицы …», «нет индекса …».
fn no_object(object: Object) -> &'static str {
    match object {
        Object::Table => "нет таблицы",
        Object::View => "нет представления (VIEW)",
        Object::Index => "нет индекса",
        Object::Trigger => "нет триггера",
        Object::Savepoint => "нет точки сохранения (SAVEPOINT)",
    }
}

fn maybe(close: &Option<String>) -> String {
    close.as_ref().map(|c| format!(" — может быть, {c}?")).unwrap_or_default()
}

/// «a», «a или b», «a, b или c».
fn either<T: ToString>(items: &[T]) -> String {
    let words: Vec<String> = items.iter().map(T::to_string).collect();
    match words.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} или {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// «в таблице orders», «в таблицах customers, orders».
fn in_tables(tables: &[String]) -> String {
    let word = if tables.len() == 1 { "в таблице" } else { "в таблицах" };
    format!("{word} {}", tables.join(", "))
}

/// How to do in SQLite what a function of another database does.
fn sqlite_way(function: &str) -> Option<&'static str> {
    Some(match function.to_lowercase().as_str() {
        "len" | "char_length" | "character_length" => "длина строки — length(текст)",
        "year" => "год даты — strftime('%Y', дата)",
        "month" => "месяц даты — strftime('%m', дата)",
        "day" | "dayofmonth" => "день даты — strftime('%d', дата)",
        "now" | "getdate" | "curdate" | "sysdate" | "today" => {
            "сегодняшняя дата — date('now'), дата и время — datetime('now')"
        }
        "datediff" | "age" => "разница дат в днях — julianday(дата1) - julianday(дата2)",
        "date_part" | "datepart" | "to_char" | "date_format" => {
            "часть даты или её запись — strftime('%Y', дата), strftime('%m', дата), strftime('%d.%m.%Y', дата)"
        }
        "isnull" | "nvl" => "замена NULL — ifnull(значение, замена) или coalesce(значение, замена)",
        "left" => "начало строки — substr(текст, 1, n)",
        "right" => "конец строки — substr(текст, -n)",
        "charindex" | "locate" | "position" | "strpos" => "место подстроки — instr(текст, что_искать)",
        "floor" | "ceil" | "ceiling" | "trunc" | "truncate" => {
            "математические функции в эту сборку не включены; округление — round(x, знаков), отбросить дробную \
             часть — CAST(x AS INTEGER)"
        }
        "sqrt" | "power" | "pow" | "mod" | "ln" | "log" | "log10" | "exp" => {
            "математические функции в эту сборку не включены; остаток от деления — x % y, квадрат — x * x"
        }
        _ => return None,
    })
}

/// A problem in words.
pub fn problem(p: &Problem) -> String {
    match p {
        Problem::Syntax { near, hint } => syntax(near, hint),
        Problem::Incomplete => "SQL оборван: команда не закончена — проверьте, закрыты ли все скобки, нет ли в конце \
                                незаконченного условия (AND, OR, =) и есть ли END у CREATE TRIGGER"
            .into(),
        Problem::UnclosedQuote { token, literal: true } => {
            format!("не закрыта кавычка: строка {} должна заканчиваться знаком '", quoted(token))
        }
        Problem::UnclosedQuote { token, literal: false } => {
            format!("не закрыта кавычка у имени {}", quoted(token))
        }
        Problem::DigitName { token } => format!(
            "«{}» — не число и не имя: имя не может начинаться с цифры (если это имя, возьмите его в двойные кавычки)",
            quoted(token)
        ),
        Problem::BadToken { token } => format!("символ «{}» в SQL не используется", quoted(token)),
        Problem::NoSuch { object, name, close } => format!("{} {name}{}", no_object(*object), maybe(close)),
        Problem::NoSuchColumn { name, hint } => no_such_column(name, hint),
        Problem::Ambiguous { column, tables } if tables.len() > 1 => {
            let choices: Vec<String> = tables.iter().map(|t| format!("{t}.{column}")).collect();
            format!(
                "неясно, какой столбец {column} имеется в виду: он есть в нескольких таблицах запроса — укажите \
                 таблицу: {}",
                either(&choices)
            )
        }
        Problem::Ambiguous { column, .. } => format!(
            "неясно, какой столбец {column} имеется в виду: он есть в нескольких таблицах запроса — укажите перед \
             ним таблицу или её псевдоним через точку"
        ),
        Problem::AlreadyExists { object, name } => {
            let done = if *object == Object::Table { "уже есть" } else { "уже существует" };
            format!("{} {name} {done}", object_name(*object))
        }
        Problem::NameTaken { name } => {
            format!("имя {name} уже занято: так называется другая таблица, представление или индекс")
        }
        Problem::NoColumnNamed { table, column, close } => {
            format!("в таблице {table} нет столбца {column}{}", maybe(close))
        }
        Problem::ValuesForTable { table, columns, values } => format!(
            "в таблице {table} столбцов: {columns}, а значений: {values} — перечислите столбцы после имени \
             таблицы, INSERT INTO {table} (…) VALUES (…), или дайте значение каждому столбцу"
        ),
        Problem::ValuesForColumns { values, columns } => {
            format!("значений: {values}, а столбцов в списке: {columns} — их должно быть поровну")
        }
        Problem::RowsOfDifferentWidth => {
            "в VALUES строки разной длины: в каждых скобках должно быть одинаковое число значений".into()
        }
        Problem::Unique { columns } if columns.contains(',') => {
            format!("нарушено ограничение UNIQUE: такое сочетание значений {columns} уже есть")
        }
        Problem::Unique { columns } => format!("нарушено ограничение UNIQUE: такое значение {columns} уже есть"),
        Problem::UniqueIndex { index } => {
            format!(
                "нарушено ограничение UNIQUE: уникальный индекс {index} не допускает повтора, а такое значение уже есть"
            )
        }
        Problem::PrimaryKey { columns } => {
            let value =
                if columns.contains(',') { "сочетанием значений" } else { "значением" };
            format!(
                "нарушен первичный ключ (PRIMARY KEY): строка с таким {value} {columns} уже есть — у каждой строки \
                 ключ свой"
            )
        }
        Problem::NotNull { column } => format!(
            "нарушено ограничение NOT NULL: у {column} должно быть значение, а получился NULL (столбец пропущен в \
             INSERT или ему дан NULL)"
        ),
        Problem::Check { constraint } => {
            format!("нарушено ограничение CHECK: значение не проходит условие {constraint}")
        }
        Problem::ForeignKey { action } => format!("нарушен внешний ключ (FOREIGN KEY): {}", foreign_key(*action)),
        Problem::ForeignKeyMismatch { child, parent } => format!(
            "внешний ключ таблицы {child} на таблицу {parent} не работает: столбец, на который он ссылается, должен \
             быть в {parent} первичным ключом (PRIMARY KEY) или UNIQUE"
        ),
        Problem::ForeignKeyColumn { column } => {
            format!("в FOREIGN KEY (…) назван столбец {column}, которого в этой таблице нет")
        }
        Problem::DatatypeMismatch => "несовпадение типа: в столбец INTEGER PRIMARY KEY можно записать только целое \
                                      число, а в LIMIT и OFFSET — только число"
            .into(),
        Problem::StrictType { value, declared, column } => {
            format!("в столбец {column} (тип {declared}, таблица STRICT) нельзя записать значение типа {value}")
        }
        Problem::MisusedAggregate { function, nested: false } => format!(
            "агрегатную функцию {function}() нельзя использовать в WHERE: условие на итоги групп пишут в HAVING \
             (после GROUP BY), а псевдоним из SELECT в WHERE ещё не известен"
        ),
        Problem::MisusedAggregate { function, nested: true } => format!(
            "агрегатную функцию {function}() нельзя вкладывать в другую агрегатную: посчитайте её в подзапросе, а \
             внешнюю функцию возьмите от его результата"
        ),
        Problem::MisusedWindow { function } => {
            format!("{function}() — оконная функция: после неё нужно OVER (…), например {function}() OVER (ORDER BY …)")
        }
        Problem::AggregateInGroupBy => "в GROUP BY нельзя агрегатные функции: группируют по столбцам и выражениям, \
                                        а count(), sum() и другие пишут в SELECT или HAVING"
            .into(),
        Problem::HavingWithoutAggregate => "HAVING без группировки: HAVING проверяет группы, поэтому нужен GROUP BY \
                                            или агрегатная функция; условие на отдельные строки пишут в WHERE"
            .into(),
        Problem::WrongArguments { function, takes, star } => wrong_arguments(function, takes, *star),
        Problem::NoSuchFunction { name, close } => match (sqlite_way(name), close) {
            (Some(way), _) => format!("функции {name}() в SQLite нет: {way}"),
            (None, Some(c)) => format!("нет функции {name}() — может быть, {c}()?"),
            (None, None) => format!("нет функции {name}()"),
        },
        Problem::NestedTransaction => "транзакция уже начата: BEGIN внутри транзакции нельзя — сначала завершите её \
                                       (COMMIT или ROLLBACK)"
            .into(),
        Problem::NoTransaction { commit: true } => {
            "COMMIT без транзакции: транзакция не начата (нет BEGIN), а без неё изменения и так сохраняются сразу"
                .into()
        }
        Problem::NoTransaction { commit: false } => {
            "ROLLBACK без транзакции: транзакция не начата (нет BEGIN), отменять нечего".into()
        }
        Problem::TermOutOfRange { ordinal, clause, max } => format!(
            "{ordinal}-й элемент {clause} — номер столбца, которого нет: в результате столбцов {max}, номер может \
             быть от 1 до {max}"
        ),
        Problem::TermNotInResult { ordinal } => format!(
            "{ordinal}-й элемент ORDER BY не совпадает ни с одним столбцом результата: после UNION, EXCEPT и \
             INTERSECT сортируют только по столбцам результата (по имени или номеру)"
        ),
        Problem::CompoundWidth { operator } => {
            format!("у запросов слева и справа от {operator} разное число столбцов, а оно должно совпадать")
        }
        Problem::NoTables => "не указано, из какой таблицы брать данные: для * нужен FROM".into(),
        Problem::SubqueryColumns { columns } => format!(
            "подзапрос возвращает {columns} {}, а здесь нужен один: оставьте в его SELECT один столбец",
            plural(*columns, "столбец", "столбца", "столбцов")
        ),
        Problem::RowValueMisused => "несколько значений в скобках (или подзапрос с несколькими столбцами) здесь не к \
                                     месту: на этом месте нужно одно значение"
            .into(),
        Problem::DuplicateColumn { name } => {
            format!("столбец {name} уже есть: имена столбцов в таблице не должны повторяться")
        }
        Problem::WrongDrop { object, name } => {
            let (what, command) = match object {
                Object::View => ("представление (VIEW)", "DROP VIEW"),
                _ => ("таблица", "DROP TABLE"),
            };
            format!("{name} — {what}: удаляется командой {command} {name}")
        }
        Problem::ViewNotWritable { name } => format!(
            "{name} — представление (VIEW): менять его INSERT, UPDATE или DELETE нельзя, меняйте таблицы, из которых \
             оно построено"
        ),
        Problem::CannotAddColumn(reason) => add_column(*reason).into(),
        Problem::CannotDropColumn { constraint, column } => {
            format!("столбец {column} удалить нельзя: на нём ограничение {constraint}")
        }
        Problem::TwoPrimaryKeys { table } => format!(
            "у таблицы {table} два первичных ключа, а он может быть только один: для составного ключа напишите \
             PRIMARY KEY (столбец1, столбец2) после столбцов"
        ),
        Problem::Autoincrement => {
            "AUTOINCREMENT бывает только у INTEGER PRIMARY KEY (тип именно INTEGER, не INT и не TEXT)".into()
        }
        Problem::JoinUsing { column } => format!(
            "USING ({column}): столбца {column} нет в обеих таблицах соединения — для столбцов с разными именами \
             пишите ON таблица1.столбец = таблица2.столбец"
        ),
        Problem::IntegerOverflow => "целое число вышло за пределы (больше 9 223 372 036 854 775 807): считайте в \
                                     дробных числах, например total(x) вместо sum(x)"
            .into(),
        Problem::MalformedJson => "неверный JSON: текст не разбирается как JSON — проверьте кавычки и скобки".into(),
        Problem::Parameters => "в запросе есть параметр (?, ?1, :имя, @имя или $имя), а значений для параметров здесь \
                                нет: впишите значение прямо в запрос"
            .into(),
        Problem::Other { text } => format!("ошибка SQLite: {text}"),
    }
}

fn syntax(near: &str, hint: &SyntaxHint) -> String {
    let near_q = quoted(near);
    match hint {
        SyntaxHint::None => format!("ошибка синтаксиса рядом с «{near_q}»"),
        SyntaxHint::ExtraComma => format!("ошибка синтаксиса: лишняя запятая перед «{near_q}»"),
        SyntaxHint::ReservedWord => format!(
            "ошибка синтаксиса рядом с «{near_q}»: это ключевое слово SQL — чтобы назвать так таблицу или столбец, \
             возьмите имя в двойные кавычки (\"{near_q}\") или выберите другое"
        ),
        SyntaxHint::Misspelt(keyword) => format!("ошибка синтаксиса рядом с «{near_q}» — может быть, {keyword}?"),
        SyntaxHint::MisspeltBefore { word, keyword } => {
            format!("ошибка синтаксиса рядом с «{near_q}» — может быть, вместо {word} нужно {keyword}?")
        }
    }
}

fn no_such_column(name: &str, hint: &ColumnHint) -> String {
    let column = name.rsplit_once('.').map_or(name, |(_, c)| c);
    let qualified = column.len() < name.len();
    match hint {
        ColumnHint::None => format!("нет столбца {name}"),
        ColumnHint::Close(close) => format!("нет столбца {name} — может быть, {close}?"),
        ColumnHint::InTables(tables) if qualified => {
            let which = if tables.len() == 1 { "её" } else { "одной из них" };
            format!(
                "нет столбца {name}: столбец {column} есть {} — проверьте, что перед точкой имя или псевдоним {which}",
                in_tables(tables)
            )
        }
        ColumnHint::InTables(tables) => {
            let which = if tables.len() == 1 { "её" } else { "нужную" };
            format!(
                "нет столбца {name} в таблицах запроса: он есть {} — добавьте {which} в FROM или JOIN",
                in_tables(tables)
            )
        }
        ColumnHint::MaybeValue => format!(
            "нет столбца {name}; если это значение, а не имя столбца, возьмите его в одинарные кавычки: '{name}'"
        ),
    }
}

fn foreign_key(action: ForeignKeyAction) -> &'static str {
    match action {
        ForeignKeyAction::Insert => {
            "в таблице, на которую ссылается столбец, нет строки с таким значением — сначала добавьте её"
        }
        ForeignKeyAction::Delete => {
            "на удаляемую строку ещё ссылаются строки другой таблицы — сначала удалите или измените их"
        }
        ForeignKeyAction::Other => {
            "значения нет в таблице, на которую ссылается столбец, или на изменяемую строку ещё ссылаются строки \
             другой таблицы"
        }
    }
}

fn wrong_arguments(function: &str, takes: &[i32], star: bool) -> String {
    let lower = function.to_lowercase();
    if lower == "count" {
        return "у count() один аргумент: count(*) — все строки, count(столбец) — непустые значения, \
                count(DISTINCT столбец) — разные значения"
            .into();
    }
    if star {
        return format!(
            "у функции {function}() не то число аргументов: звёздочка (*) бывает только в count(*), а {function}() \
             нужен столбец или выражение"
        );
    }
    let wrong = format!("у функции {function}() не то число аргументов");
    let fixed: Vec<usize> = takes.iter().filter_map(|&n| usize::try_from(n).ok()).collect();
    // A negative number is SQLite's «this many or more».
    let any = takes.iter().any(|&n| n < 0);
    match (fixed.first(), fixed.last()) {
        // max(x) is an aggregate, max(x, y, …) a scalar function of any number of them.
        (Some(&least), _) if any => {
            format!("{wrong}: нужен хотя бы {least} {}", plural(least, "аргумент", "аргумента", "аргументов"))
        }
        (Some(_), Some(&last)) => {
            format!("{wrong}: она принимает {} {}", either(&fixed), plural(last, "аргумент", "аргумента", "аргументов"))
        }
        _ => wrong,
    }
}

fn add_column(reason: AddColumn) -> &'static str {
    match reason {
        AddColumn::Unique => {
            "ALTER TABLE … ADD COLUMN не добавляет столбец с UNIQUE: добавьте столбец без него, а уникальность задайте \
             индексом (CREATE UNIQUE INDEX …)"
        }
        AddColumn::PrimaryKey => {
            "ALTER TABLE … ADD COLUMN не добавляет столбец PRIMARY KEY: первичный ключ задаётся при создании таблицы \
             (CREATE TABLE)"
        }
        AddColumn::NotNullWithoutDefault => {
            "в таблицу, где уже есть строки, столбец NOT NULL добавляется только со значением по умолчанию: ADD \
             COLUMN … NOT NULL DEFAULT …"
        }
        AddColumn::NonConstantDefault => {
            "у добавляемого столбца значение по умолчанию должно быть постоянным (число или строка), а не выражением \
             вроде random() или CURRENT_TIMESTAMP"
        }
    }
}
