//! Each message a learner meets, triggered in a real sandbox against the bundled SQLite
//! and checked word for word in Russian: a test fails if SQLite's wording changes (the
//! message would fall back to English) or a translation is lost.

use super::*;
use crate::data::sql::{Limits, Sandbox, SqlError};

/// A small shop: every error below is made against it.
const SHOP: &str = "
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT UNIQUE,
  city TEXT,
  age INTEGER CHECK (age > 0),
  CONSTRAINT adult CHECK (age < 200)
);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id), amount REAL);
CREATE TABLE tags (code TEXT PRIMARY KEY, a, b, UNIQUE (a, b));
CREATE TABLE strict_t (x INTEGER) STRICT;
CREATE TABLE loose_ref (x TEXT REFERENCES tags (a));
CREATE VIEW moscow AS SELECT * FROM customers WHERE city = 'Москва';
CREATE INDEX customers_city ON customers (city);
CREATE UNIQUE INDEX customers_lower_name ON customers (lower(name));
INSERT INTO customers VALUES (1, 'Anna', 'anna@example.ru', 'Москва', 20);
INSERT INTO orders VALUES (1, 1, 990.0);
INSERT INTO tags VALUES ('p', 1, 2);
";

fn shop() -> Sandbox {
    let sandbox = Sandbox::new(Limits::default()).expect("sandbox");
    sandbox.run(SHOP, 10).expect("the shop is created");
    sandbox
}

fn error(sql: &str) -> SqlError {
    shop().run(sql, 10).expect_err(sql)
}

/// What the learner reads about `sql` run in the shop.
fn says(sql: &str) -> String {
    error(sql).message
}

// ------------------------------------------------------------------ the reading itself

#[test]
fn fields_match_the_pattern_exactly() {
    assert_eq!(fields("no such table: {}", "no such table: t"), Some(vec!["t"]));
    assert_eq!(fields("table {} has {} columns", "table t has 3 columns"), Some(vec!["t", "3"]));
    assert_eq!(fields("no such table: {}", "no such table: "), None);
    assert_eq!(fields("no such table: {}", "no such column: t"), None);
    assert_eq!(fields("incomplete input", "incomplete input!"), None);
    assert_eq!(fields("incomplete input", "incomplete input"), Some(vec![]));
    assert_eq!(ordinal("1st"), Some(1));
    assert_eq!(ordinal("12th"), Some(12));
    assert_eq!(ordinal("x"), None);
}

#[test]
fn a_name_is_found_outside_strings_and_comments() {
    let sql = "SELECT 'custmers' -- custmers\n/* custmers */ , xcustmers FROM Custmers";
    assert_eq!(find_word(sql, "custmers"), sql.find("Custmers"));
    assert_eq!(find_word("SELECT \"custmers\".id", "custmers"), Some(8));
    assert_eq!(find_word("SELECT 'it''s custmers'", "custmers"), None);
    let cyrillic = "SELECT 'Москва', город FROM t";
    assert_eq!(find_word(cyrillic, "город"), cyrillic.find("город"));
}

#[test]
fn close_names_allow_more_edits_for_longer_names() {
    let names = ["customers", "orders", "name", "id"];
    let close = |n: &str| closest(n, names.iter().copied());
    assert_eq!(close("custmers"), Some("customers".into()));
    assert_eq!(close("CUSTOMRES"), Some("customers".into()));
    assert_eq!(close("nmae"), Some("name".into()), "a swap of neighbours is one edit");
    assert_eq!(close("orderz"), Some("orders".into()));
    assert_eq!(close("ix"), None, "one or two letters: anything is close");
    assert_eq!(close("cities"), None);
    assert_eq!(close("products"), None);
}

#[test]
fn keywords_come_from_sqlite_itself() {
    assert!(is_keyword("order") && is_keyword("SELECT") && is_keyword("Group"));
    assert!(!is_keyword("customers") && !is_keyword("TABEL"));
    assert_eq!(misspelt_keyword("selec"), Some("SELECT"));
    assert_eq!(misspelt_keyword("FORM"), Some("FROM"));
    assert_eq!(misspelt_keyword("table"), None, "a keyword is not a misspelling");
    assert_eq!(misspelt_keyword("abc"), None);
}

#[test]
fn functions_come_from_the_bundled_sqlite_without_denied_ones() {
    let names: Vec<&str> = functions().iter().map(|f| f.name.as_str()).collect();
    for name in ["length", "substr", "strftime", "coalesce", "count", "json_extract"] {
        assert!(names.contains(&name), "{name}");
    }
    for name in ["load_extension", "fts3_tokenizer", "sqlite_version"] {
        assert!(!names.contains(&name), "{name}");
    }
}

// ------------------------------------------------------------------ syntax

#[test]
fn a_syntax_error_names_the_token() {
    assert_eq!(says("SELECT * FROM customers WHERE a = 1 b = 2"), "ошибка синтаксиса рядом с «b»");
}

#[test]
fn a_syntax_error_at_a_misspelt_keyword_suggests_it() {
    let e = error("SELECT 1;\n\nCREATE TABEL orders2 (x);");
    assert_eq!((e.line, e.message.as_str()), (3, "ошибка синтаксиса рядом с «TABEL» — может быть, TABLE?"));
    assert_eq!(says("SELEC name FROM customers"), "ошибка синтаксиса рядом с «SELEC» — может быть, SELECT?");
}

#[test]
fn a_syntax_error_after_a_misspelt_keyword_points_back_at_it() {
    // «FORM» is taken for an alias of the column, SQLite stops at the table name.
    assert_eq!(
        says("SELECT name FORM customers"),
        "ошибка синтаксиса рядом с «customers» — может быть, вместо FORM нужно FROM?"
    );
}

#[test]
fn a_comma_before_a_closing_bracket_or_a_clause_is_one_too_many() {
    assert_eq!(says("CREATE TABLE t2 (a INT, b INT,)"), "ошибка синтаксиса: лишняя запятая перед «)»");
    assert_eq!(says("SELECT name, FROM customers"), "ошибка синтаксиса: лишняя запятая перед «FROM»");
    assert_eq!(
        says("SELECT name, ORDER BY name"),
        "ошибка синтаксиса: лишняя запятая перед «ORDER»",
        "ORDER BY after a comma is a clause"
    );
}

#[test]
fn a_keyword_used_as_a_name_is_named_so() {
    let reserved = "ошибка синтаксиса рядом с «order»: это ключевое слово SQL — чтобы назвать так таблицу или \
                    столбец, возьмите имя в двойные кавычки (\"order\") или выберите другое";
    assert_eq!(says("CREATE TABLE order (x)"), reserved);
    assert_eq!(says("SELECT id, order FROM customers"), reserved);
    shop().run("CREATE TABLE \"order\" (\"group\" TEXT)", 1).expect("quoted keywords are names");
}

#[test]
fn incomplete_input() {
    let text = "SQL оборван: команда не закончена — проверьте, закрыты ли все скобки, нет ли в конце \
                незаконченного условия (AND, OR, =) и есть ли END у CREATE TRIGGER";
    assert_eq!(says("SELECT name FROM customers WHERE city = 'Москва' AND"), text);
    assert_eq!(says("SELECT name FROM customers WHERE id IN (1, 2"), text);
}

#[test]
fn an_unclosed_quote_is_named_and_cut_short() {
    assert_eq!(says("SELECT 'Москва"), "не закрыта кавычка: строка 'Москва должна заканчиваться знаком '");
    assert_eq!(
        says("SELECT * FROM customers WHERE city = 'Москва AND name = 'Anna'"),
        "ошибка синтаксиса рядом с «Anna»",
        "two quotes pair up differently: SQLite stops after the string"
    );
    assert_eq!(
        says("SELECT 'одна очень длинная строка без конца и края"),
        "не закрыта кавычка: строка 'одна очень длинная стро… должна заканчиваться знаком '"
    );
    assert_eq!(says("SELECT \"name FROM customers"), "не закрыта кавычка у имени \"name FROM customers");
}

#[test]
fn a_name_that_starts_with_a_digit() {
    assert_eq!(
        says("SELECT 1st FROM customers"),
        "«1st» — не число и не имя: имя не может начинаться с цифры (если это имя, возьмите его в двойные кавычки)"
    );
}

#[test]
fn a_character_sql_does_not_use() {
    assert_eq!(says("SELECT # FROM customers"), "символ «#» в SQL не используется");
}

// ------------------------------------------------------------------ names

#[test]
fn no_such_table_suggests_a_close_one() {
    let e = error("SELECT 1;\nSELECT name\nFROM custmers;");
    assert_eq!((e.line, e.message.as_str()), (3, "нет таблицы custmers — может быть, customers?"), "the name's line");
    assert_eq!(says("INSERT INTO main.ordrs VALUES (1)"), "нет таблицы ordrs — может быть, orders?");
    assert_eq!(says("SELECT * FROM products"), "нет таблицы products");
    // SQLite adds «main.» to the name the learner wrote; it is not shown.
    assert_eq!(says("CREATE INDEX i ON ordrs (x)"), "нет таблицы ordrs — может быть, orders?");
}

#[test]
fn no_such_view_index_trigger_and_savepoint() {
    assert_eq!(says("DROP VIEW moscw"), "нет представления (VIEW) moscw — может быть, moscow?");
    assert_eq!(says("DROP INDEX customers_town"), "нет индекса customers_town");
    assert_eq!(says("DROP TRIGGER audit"), "нет триггера audit");
    assert_eq!(says("ROLLBACK TO before_cleanup"), "нет точки сохранения (SAVEPOINT) before_cleanup");
}

#[test]
fn no_such_column_suggests_a_close_one() {
    assert_eq!(says("SELECT nmae FROM customers"), "нет столбца nmae — может быть, name?");
    assert_eq!(says("SELECT c.nmae FROM customers c"), "нет столбца c.nmae — может быть, c.name?");
    assert_eq!(says("UPDATE customers SET emial = NULL"), "нет столбца emial — может быть, email?");
    // A qualifier that is a table narrows the choice to its columns.
    assert_eq!(says("SELECT orders.amout FROM orders"), "нет столбца orders.amout — может быть, orders.amount?");
}

#[test]
fn no_such_column_names_the_table_that_has_it() {
    assert_eq!(
        says("SELECT amount FROM customers"),
        "нет столбца amount в таблицах запроса: он есть в таблице orders — добавьте её в FROM или JOIN"
    );
    assert_eq!(
        says("SELECT o.name FROM customers c JOIN orders o ON o.customer_id = c.id"),
        "нет столбца o.name: столбец name есть в таблице customers — проверьте, что перед точкой имя или \
         псевдоним её",
        "the view moscow repeats customers' columns and is not named"
    );
}

#[test]
fn no_such_column_without_a_close_name_may_be_an_unquoted_value() {
    assert_eq!(
        says("SELECT * FROM customers WHERE city = Москва"),
        "нет столбца Москва; если это значение, а не имя столбца, возьмите его в одинарные кавычки: 'Москва'"
    );
    assert_eq!(
        says("ALTER TABLE customers DROP COLUMN phone_number"),
        "нет столбца phone_number; если это значение, а не имя столбца, возьмите его в одинарные кавычки: 'phone_number'"
    );
}

#[test]
fn an_ambiguous_column_lists_the_tables_of_the_query() {
    assert_eq!(
        says("SELECT id FROM customers JOIN orders ON customer_id = customers.id"),
        "неясно, какой столбец id имеется в виду: он есть в нескольких таблицах запроса — укажите таблицу: \
         customers.id или orders.id"
    );
    assert_eq!(
        says("SELECT id FROM customers a, customers b"),
        "неясно, какой столбец id имеется в виду: он есть в нескольких таблицах запроса — укажите перед ним \
         таблицу или её псевдоним через точку"
    );
}

#[test]
fn an_object_that_already_exists() {
    assert_eq!(says("CREATE TABLE customers (x)"), "таблица customers уже есть");
    assert_eq!(says("CREATE VIEW moscow AS SELECT 1"), "представление (VIEW) moscow уже существует");
    assert_eq!(says("CREATE TABLE moscow (x)"), "представление (VIEW) moscow уже существует");
    assert_eq!(says("CREATE INDEX customers_city ON orders (amount)"), "индекс customers_city уже существует");
    assert_eq!(
        says(
            "CREATE TRIGGER t AFTER INSERT ON orders BEGIN SELECT 1; END;\nCREATE TRIGGER t AFTER DELETE ON orders BEGIN SELECT 1; END;"
        ),
        "триггер t уже существует"
    );
}

#[test]
fn a_name_taken_by_another_kind_of_object() {
    let taken = "имя customers_city уже занято: так называется другая таблица, представление или индекс";
    assert_eq!(says("CREATE TABLE customers_city (x)"), taken);
    let taken = "имя customers уже занято: так называется другая таблица, представление или индекс";
    assert_eq!(says("ALTER TABLE orders RENAME TO customers"), taken);
}

#[test]
fn insert_into_a_column_the_table_has_not() {
    assert_eq!(
        says("INSERT INTO customers (id, nmae) VALUES (2, 'Boris')"),
        "в таблице customers нет столбца nmae — может быть, name?"
    );
    assert_eq!(says("INSERT INTO orders (phone) VALUES (1)"), "в таблице orders нет столбца phone");
}

// ------------------------------------------------------------------ values and columns

#[test]
fn values_for_a_whole_table() {
    let e = error("INSERT INTO orders\nVALUES (2, 1);");
    assert_eq!(e.line, 1, "SQLite points at no token: the statement's first line");
    assert_eq!(
        e.message,
        "в таблице orders столбцов: 3, а значений: 2 — перечислите столбцы после имени таблицы, INSERT INTO orders \
         (…) VALUES (…), или дайте значение каждому столбцу"
    );
    assert!(
        says("INSERT INTO customers SELECT * FROM orders")
            .starts_with("в таблице customers столбцов: 5, а значений: 3")
    );
}

#[test]
fn values_for_listed_columns() {
    let text = "значений: 2, а столбцов в списке: 1 — их должно быть поровну";
    assert_eq!(says("INSERT INTO orders (id) VALUES (2, 3)"), text);
    assert_eq!(
        says("WITH r(n, m) AS (SELECT 1) SELECT * FROM r"),
        "значений: 1, а столбцов в списке: 2 — их должно быть поровну"
    );
}

#[test]
fn rows_of_values_of_different_width() {
    assert_eq!(
        says("INSERT INTO orders VALUES (2, 1, 10), (3, 1)"),
        "в VALUES строки разной длины: в каждых скобках должно быть одинаковое число значений"
    );
}

// ------------------------------------------------------------------ constraints

#[test]
fn unique() {
    assert_eq!(
        says("INSERT INTO customers (id, name, email) VALUES (2, 'Boris', 'anna@example.ru')"),
        "нарушено ограничение UNIQUE: такое значение customers.email уже есть"
    );
    assert_eq!(
        says("INSERT INTO tags VALUES ('q', 1, 2)"),
        "нарушено ограничение UNIQUE: такое сочетание значений tags.a, tags.b уже есть"
    );
}

#[test]
fn unique_index_on_an_expression() {
    assert_eq!(
        says("INSERT INTO customers (id, name) VALUES (2, 'ANNA')"),
        "нарушено ограничение UNIQUE: уникальный индекс customers_lower_name не допускает повтора, а такое значение \
         уже есть"
    );
}

#[test]
fn primary_key() {
    let e = error("INSERT INTO customers (id, name) VALUES (1, 'Boris')");
    assert_eq!(e.code, Some(ffi::SQLITE_CONSTRAINT_PRIMARYKEY), "grading tells the constraint by the code");
    assert_eq!(
        e.message,
        "нарушен первичный ключ (PRIMARY KEY): строка с таким значением customers.id уже есть — у каждой строки ключ \
         свой"
    );
    assert!(
        says("INSERT INTO tags VALUES ('p', 5, 6)")
            .starts_with("нарушен первичный ключ (PRIMARY KEY): строка с таким значением tags.code уже есть")
    );
    assert!(
        says("CREATE TABLE pair (a, b, PRIMARY KEY (a, b));\nINSERT INTO pair VALUES (1, 2), (1, 2);").starts_with(
            "нарушен первичный ключ (PRIMARY KEY): строка с таким сочетанием значений pair.a, pair.b уже есть"
        )
    );
}

#[test]
fn not_null() {
    let e = error("INSERT INTO customers (id) VALUES (2)");
    assert_eq!(e.code, Some(ffi::SQLITE_CONSTRAINT_NOTNULL));
    assert_eq!(
        e.message,
        "нарушено ограничение NOT NULL: у customers.name должно быть значение, а получился NULL (столбец пропущен в \
         INSERT или ему дан NULL)"
    );
}

#[test]
fn check_by_its_expression_or_its_name() {
    assert_eq!(
        says("INSERT INTO customers (id, name, age) VALUES (2, 'Boris', -1)"),
        "нарушено ограничение CHECK: значение не проходит условие age > 0"
    );
    assert_eq!(
        says("UPDATE customers SET age = 500"),
        "нарушено ограничение CHECK: значение не проходит условие adult"
    );
}

#[test]
fn foreign_key_by_what_the_statement_did() {
    assert_eq!(
        says("INSERT INTO orders VALUES (2, 99, 10)"),
        "нарушен внешний ключ (FOREIGN KEY): в таблице, на которую ссылается столбец, нет строки с таким значением \
         — сначала добавьте её"
    );
    assert_eq!(
        says("DELETE FROM customers"),
        "нарушен внешний ключ (FOREIGN KEY): на удаляемую строку ещё ссылаются строки другой таблицы — сначала \
         удалите или измените их"
    );
    assert_eq!(
        says("UPDATE orders SET customer_id = 99"),
        "нарушен внешний ключ (FOREIGN KEY): значения нет в таблице, на которую ссылается столбец, или на \
         изменяемую строку ещё ссылаются строки другой таблицы"
    );
}

#[test]
fn a_foreign_key_to_a_column_that_is_not_a_key() {
    assert_eq!(
        says("INSERT INTO loose_ref VALUES ('z')"),
        "внешний ключ таблицы loose_ref на таблицу tags не работает: столбец, на который он ссылается, должен быть в \
         tags первичным ключом (PRIMARY KEY) или UNIQUE"
    );
}

#[test]
fn a_foreign_key_of_an_unknown_column() {
    assert_eq!(
        says("CREATE TABLE e (x, FOREIGN KEY (y) REFERENCES customers (id))"),
        "в FOREIGN KEY (…) назван столбец y, которого в этой таблице нет"
    );
}

#[test]
fn datatype_mismatch() {
    let text = "несовпадение типа: в столбец INTEGER PRIMARY KEY можно записать только целое число, а в LIMIT и \
                OFFSET — только число";
    assert_eq!(says("INSERT INTO customers (id, name) VALUES ('abc', 'Boris')"), text);
    assert_eq!(says("SELECT * FROM customers LIMIT 'десять'"), text);
}

#[test]
fn a_value_of_the_wrong_type_in_a_strict_table() {
    assert_eq!(
        says("INSERT INTO strict_t VALUES ('abc')"),
        "в столбец strict_t.x (тип INTEGER, таблица STRICT) нельзя записать значение типа TEXT"
    );
}

// ------------------------------------------------------------------ aggregates and functions

#[test]
fn an_aggregate_in_where() {
    let text = "агрегатную функцию count() нельзя использовать в WHERE: условие на итоги групп пишут в HAVING (после \
                GROUP BY), а псевдоним из SELECT в WHERE ещё не известен";
    assert_eq!(says("SELECT city FROM customers WHERE count(*) > 1 GROUP BY city"), text);
    assert_eq!(
        says("SELECT count(*) AS n FROM customers WHERE n > 1"),
        text,
        "an alias of an aggregate in WHERE is the aggregate"
    );
}

#[test]
fn an_aggregate_inside_an_aggregate() {
    assert_eq!(
        says("SELECT sum(count(*)) FROM customers GROUP BY city"),
        "агрегатную функцию count() нельзя вкладывать в другую агрегатную: посчитайте её в подзапросе, а внешнюю \
         функцию возьмите от его результата"
    );
}

#[test]
fn a_window_function_without_over() {
    assert_eq!(
        says("SELECT name, row_number() FROM customers"),
        "row_number() — оконная функция: после неё нужно OVER (…), например row_number() OVER (ORDER BY …)"
    );
}

#[test]
fn an_aggregate_in_group_by() {
    assert_eq!(
        says("SELECT city FROM customers GROUP BY count(*)"),
        "в GROUP BY нельзя агрегатные функции: группируют по столбцам и выражениям, а count(), sum() и другие пишут в \
         SELECT или HAVING"
    );
}

/// SQLite before 3.39 said «a GROUP BY clause is required before HAVING»; the bundled
/// one allows HAVING without GROUP BY when the query aggregates, and says this when it
/// does not.
#[test]
fn having_without_grouping() {
    assert_eq!(
        says("SELECT name FROM customers HAVING age > 18"),
        "HAVING без группировки: HAVING проверяет группы, поэтому нужен GROUP BY или агрегатная функция; условие на \
         отдельные строки пишут в WHERE"
    );
    shop().run("SELECT count(*) FROM customers HAVING count(*) > 0", 1).expect("an aggregate query may have HAVING");
}

#[test]
fn wrong_number_of_arguments_says_what_the_function_takes() {
    assert_eq!(
        says("SELECT substr(name) FROM customers"),
        "у функции substr() не то число аргументов: она принимает 2 или 3 аргумента"
    );
    assert_eq!(
        says("SELECT abs(age, 1) FROM customers"),
        "у функции abs() не то число аргументов: она принимает 1 аргумент"
    );
    assert_eq!(says("SELECT max() FROM customers"), "у функции max() не то число аргументов: нужен хотя бы 1 аргумент");
    assert_eq!(says("SELECT coalesce(city) FROM customers"), "у функции coalesce() не то число аргументов");
    assert_eq!(
        says("SELECT sum(*) FROM orders"),
        "у функции sum() не то число аргументов: звёздочка (*) бывает только в count(*), а sum() нужен столбец или \
         выражение"
    );
    assert_eq!(
        says("SELECT count(DISTINCT city, name) FROM customers"),
        "у count() один аргумент: count(*) — все строки, count(столбец) — непустые значения, count(DISTINCT столбец) \
         — разные значения"
    );
}

#[test]
fn no_such_function_suggests_a_close_one_or_the_sqlite_way() {
    assert_eq!(says("SELECT lenght(name) FROM customers"), "нет функции lenght() — может быть, length()?");
    assert_eq!(says("SELECT len(name) FROM customers"), "функции len() в SQLite нет: длина строки — length(текст)");
    assert_eq!(says("SELECT year('2025-07-01')"), "функции year() в SQLite нет: год даты — strftime('%Y', дата)");
    assert_eq!(
        says("SELECT * FROM orders WHERE amount > now()"),
        "функции now() в SQLite нет: сегодняшняя дата — date('now'), дата и время — datetime('now')"
    );
    assert_eq!(
        says("SELECT sqrt(age) FROM customers"),
        "функции sqrt() в SQLite нет: математические функции в эту сборку не включены; остаток от деления — x % y, \
         квадрат — x * x"
    );
    assert_eq!(says("SELECT frobnicate(1)"), "нет функции frobnicate()");
}

// ------------------------------------------------------------------ transactions

#[test]
fn a_transaction_inside_a_transaction() {
    let e = error("BEGIN;\nINSERT INTO orders VALUES (2, 1, 5);\nBEGIN TRANSACTION;");
    assert_eq!(
        (e.line, e.message.as_str()),
        (3, "транзакция уже начата: BEGIN внутри транзакции нельзя — сначала завершите её (COMMIT или ROLLBACK)")
    );
}

#[test]
fn commit_and_rollback_without_a_transaction() {
    assert_eq!(
        says("COMMIT"),
        "COMMIT без транзакции: транзакция не начата (нет BEGIN), а без неё изменения и так сохраняются сразу"
    );
    assert_eq!(says("ROLLBACK"), "ROLLBACK без транзакции: транзакция не начата (нет BEGIN), отменять нечего");
}

// ------------------------------------------------------------------ queries

#[test]
fn a_column_number_out_of_range() {
    assert_eq!(
        says("SELECT name, city FROM customers ORDER BY 3"),
        "1-й элемент ORDER BY — номер столбца, которого нет: в результате столбцов 2, номер может быть от 1 до 2"
    );
    assert_eq!(
        says("SELECT city, count(*) FROM customers GROUP BY 1, 5"),
        "2-й элемент GROUP BY — номер столбца, которого нет: в результате столбцов 2, номер может быть от 1 до 2"
    );
}

#[test]
fn order_by_after_union_only_by_result_columns() {
    assert_eq!(
        says("SELECT name FROM customers UNION SELECT city FROM customers ORDER BY email"),
        "1-й элемент ORDER BY не совпадает ни с одним столбцом результата: после UNION, EXCEPT и INTERSECT \
         сортируют только по столбцам результата (по имени или номеру)"
    );
}

#[test]
fn compound_selects_of_different_width() {
    assert_eq!(
        says("SELECT name FROM customers UNION ALL SELECT name, city FROM customers"),
        "у запросов слева и справа от UNION ALL разное число столбцов, а оно должно совпадать"
    );
    assert_eq!(
        says("SELECT 1 EXCEPT SELECT 1, 2"),
        "у запросов слева и справа от EXCEPT разное число столбцов, а оно должно совпадать"
    );
}

#[test]
fn select_star_without_from() {
    assert_eq!(says("SELECT *"), "не указано, из какой таблицы брать данные: для * нужен FROM");
}

#[test]
fn a_subquery_of_several_columns_where_one_is_needed() {
    assert_eq!(
        says("SELECT name FROM customers WHERE id IN (SELECT id, amount FROM orders)"),
        "подзапрос возвращает 2 столбца, а здесь нужен один: оставьте в его SELECT один столбец"
    );
}

#[test]
fn a_row_value_where_one_value_is_needed() {
    assert_eq!(
        says("SELECT name FROM customers WHERE id = (SELECT id, amount FROM orders)"),
        "несколько значений в скобках (или подзапрос с несколькими столбцами) здесь не к месту: на этом месте нужно \
         одно значение"
    );
}

#[test]
fn join_using_a_column_not_in_both_tables() {
    assert_eq!(
        says("SELECT * FROM customers JOIN orders USING (customer_id)"),
        "USING (customer_id): столбца customer_id нет в обеих таблицах соединения — для столбцов с разными именами \
         пишите ON таблица1.столбец = таблица2.столбец"
    );
}

#[test]
fn integer_overflow() {
    assert_eq!(
        says("SELECT sum(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 1)"),
        "целое число вышло за пределы (больше 9 223 372 036 854 775 807): считайте в дробных числах, например \
         total(x) вместо sum(x)"
    );
}

#[test]
fn malformed_json() {
    assert_eq!(
        says("SELECT json_extract('{\"page\": ', '$.page')"),
        "неверный JSON: текст не разбирается как JSON — проверьте кавычки и скобки"
    );
}

#[test]
fn parameters_are_not_passed() {
    let text = "в запросе есть параметр (?, ?1, :имя, @имя или $имя), а значений для параметров здесь нет: впишите \
                значение прямо в запрос";
    assert_eq!(says("SELECT * FROM customers WHERE id = ?"), text);
    let e = error("SELECT 1;\nSELECT * FROM customers WHERE city = :city;");
    assert_eq!((e.line, e.message.as_str()), (2, text));
}

// ------------------------------------------------------------------ schema changes

#[test]
fn a_duplicate_column() {
    let text = "столбец city уже есть: имена столбцов в таблице не должны повторяться";
    assert_eq!(says("ALTER TABLE customers ADD COLUMN city TEXT"), text);
    assert_eq!(says("CREATE TABLE d (city, city)"), text);
}

#[test]
fn drop_of_the_wrong_kind_of_object() {
    assert_eq!(says("DROP TABLE moscow"), "moscow — представление (VIEW): удаляется командой DROP VIEW moscow");
    assert_eq!(says("DROP VIEW customers"), "customers — таблица: удаляется командой DROP TABLE customers");
}

#[test]
fn a_view_is_not_written() {
    let text = "moscow — представление (VIEW): менять его INSERT, UPDATE или DELETE нельзя, меняйте таблицы, из \
                которых оно построено";
    assert_eq!(says("UPDATE moscow SET name = 'x'"), text);
    assert_eq!(says("INSERT INTO moscow (id) VALUES (5)"), text);
}

#[test]
fn columns_add_column_refuses() {
    assert!(
        says("ALTER TABLE orders ADD COLUMN code TEXT UNIQUE")
            .starts_with("ALTER TABLE … ADD COLUMN не добавляет столбец с UNIQUE")
    );
    assert!(
        says("ALTER TABLE orders ADD COLUMN n INTEGER PRIMARY KEY")
            .starts_with("ALTER TABLE … ADD COLUMN не добавляет столбец PRIMARY KEY")
    );
    assert_eq!(
        says("ALTER TABLE customers ADD COLUMN phone TEXT NOT NULL"),
        "в таблицу, где уже есть строки, столбец NOT NULL добавляется только со значением по умолчанию: ADD COLUMN \
         … NOT NULL DEFAULT …"
    );
    assert_eq!(
        says("ALTER TABLE customers ADD COLUMN added TEXT DEFAULT CURRENT_TIMESTAMP"),
        "у добавляемого столбца значение по умолчанию должно быть постоянным (число или строка), а не выражением \
         вроде random() или CURRENT_TIMESTAMP"
    );
}

#[test]
fn a_key_column_is_not_dropped() {
    assert_eq!(says("ALTER TABLE orders DROP COLUMN id"), "столбец id удалить нельзя: на нём ограничение PRIMARY KEY");
    assert_eq!(
        says("ALTER TABLE customers DROP COLUMN email"),
        "столбец email удалить нельзя: на нём ограничение UNIQUE"
    );
}

#[test]
fn two_primary_keys() {
    assert_eq!(
        says("CREATE TABLE e (id INTEGER PRIMARY KEY, code TEXT PRIMARY KEY)"),
        "у таблицы e два первичных ключа, а он может быть только один: для составного ключа напишите PRIMARY KEY \
         (столбец1, столбец2) после столбцов"
    );
}

#[test]
fn autoincrement_only_on_integer_primary_key() {
    assert_eq!(
        says("CREATE TABLE e (id INT PRIMARY KEY AUTOINCREMENT)"),
        "AUTOINCREMENT бывает только у INTEGER PRIMARY KEY (тип именно INTEGER, не INT и не TEXT)"
    );
}

// ------------------------------------------------------------------ the rest

#[test]
fn an_unknown_message_keeps_sqlites_text_after_a_russian_lead_in() {
    assert_eq!(
        says("SELECT * FROM customers ORDER BY name COLLATE nope"),
        "ошибка SQLite: no such collation sequence: nope"
    );
    assert_eq!(
        explain("something new", &Context::new("", None, None, &Vec::new)),
        Problem::Other { text: "something new".into() }
    );
}

#[test]
fn the_sandboxs_own_refusals_and_limits_stay_as_they_were() {
    use crate::strings::sql as msg;
    assert_eq!(says("ATTACH DATABASE ':memory:' AS x"), msg::attach_denied());
    assert_eq!(says("VACUUM"), msg::vacuum_denied());
    assert!(says("PRAGMA journal_mode = WAL").starts_with("PRAGMA journal_mode запрещена в песочнице"));
    assert_eq!(says("SELECT zeroblob(100000000)"), msg::too_big(Limits::default().max_value_len));
}
