//! SQLite's error messages read into what they say, with the names a hint needs.
//!
//! SQLite (and rusqlite) speak English and a learner reads Russian. The messages a
//! learner meets are matched here against the exact wording of the bundled SQLite (the
//! tests trigger each one in a real sandbox) and become a [`Problem`] that carries what
//! a good hint needs: the closest name that does exist, the tables a column really is
//! in, the numbers of arguments a function takes. `strings::sql::problem` puts a
//! problem in words; a message not known here stays SQLite's text after a Russian
//! lead-in, so nothing is hidden.

use std::cell::OnceCell;
use std::sync::OnceLock;

use rusqlite::ffi;

use super::catalog::{DENIED_FUNCTIONS, TableInfo};

pub use super::problem::{AddColumn, ColumnHint, ForeignKeyAction, Object, Problem, SyntaxHint};

/// What is known about the failed statement besides SQLite's message.
pub struct Context<'a> {
    /// The statement's text as submitted.
    statement: &'a str,
    /// Byte offset in `statement` of the token SQLite points at, if it does.
    offset: Option<usize>,
    /// SQLite's extended result code.
    code: Option<i32>,
    /// The sandbox's tables and views, read only if a hint needs them.
    tables: OnceCell<Vec<TableInfo>>,
    read_tables: &'a dyn Fn() -> Vec<TableInfo>,
}

impl<'a> Context<'a> {
    pub fn new(
        statement: &'a str,
        offset: Option<usize>,
        code: Option<i32>,
        read_tables: &'a dyn Fn() -> Vec<TableInfo>,
    ) -> Context<'a> {
        Context { statement, offset, code, tables: OnceCell::new(), read_tables }
    }

    fn tables(&self) -> &[TableInfo] {
        self.tables.get_or_init(self.read_tables)
    }

    /// The statement's first word, upper-cased.
    fn verb(&self) -> String {
        self.statement.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or("").to_uppercase()
    }
}

/// Where in `statement` the name a problem is about first stands (outside strings and
/// comments), for the errors SQLite reports without pointing at a token («no such
/// table» is one): the line of the error is then the line of that name.
pub fn locate(problem: &Problem, statement: &str) -> Option<usize> {
    let name = match problem {
        // Not a duplicate column: its first occurrence is the one that is right.
        Problem::NoSuch { name, .. } | Problem::NoSuchFunction { name, .. } => name.as_str(),
        Problem::NoSuchColumn { name, .. } => name.rsplit('.').next().unwrap_or(name),
        Problem::NoColumnNamed { column, .. }
        | Problem::Ambiguous { column, .. }
        | Problem::JoinUsing { column }
        | Problem::ForeignKeyColumn { column } => column.as_str(),
        _ => return None,
    };
    find_word(statement, name)
}

/// The byte offset of the first whole-word occurrence of `word` (case aside) in `sql`
/// that is not inside a string literal or a comment.
fn find_word(sql: &str, word: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut chars = sql.char_indices().peekable();
    let mut previous_is_word = false;
    while let Some((i, c)) = chars.next() {
        let rest = &sql[i..];
        if c == '\'' {
            // A string: up to the closing quote ('' inside is a quote, which this also skips).
            chars.by_ref().find(|&(_, d)| d == '\'');
            previous_is_word = false;
            continue;
        }
        if rest.starts_with("--") {
            chars.by_ref().find(|&(_, d)| d == '\n');
            previous_is_word = false;
            continue;
        }
        if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(sql.len(), |e| i + e + 2);
            while chars.next_if(|&(j, _)| j < end).is_some() {}
            previous_is_word = false;
            continue;
        }
        if !previous_is_word
            && rest.get(..word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word))
            && !rest[word.len()..].starts_with(is_word)
        {
            return Some(i);
        }
        previous_is_word = is_word(c);
    }
    None
}

/// Reads SQLite's message `text` about the statement of `ctx`.
pub fn explain(text: &str, ctx: &Context<'_>) -> Problem {
    read(text.trim(), ctx).unwrap_or_else(|| Problem::Other { text: text.to_owned() })
}

fn read(text: &str, ctx: &Context<'_>) -> Option<Problem> {
    if let Some(f) = fields("near \"{}\": syntax error", text) {
        let near = f[0].to_owned();
        let hint = syntax_hint(&near, ctx);
        return Some(Problem::Syntax { near, hint });
    }
    if text == "incomplete input" {
        return Some(Problem::Incomplete);
    }
    if let Some(f) = fields("unrecognized token: \"{}\"", text) {
        let token = f[0].to_owned();
        return Some(match token.chars().next() {
            Some('\'') => Problem::UnclosedQuote { token, literal: true },
            Some('"' | '`' | '[') => Problem::UnclosedQuote { token, literal: false },
            Some(c) if c.is_ascii_digit() => Problem::DigitName { token },
            _ => Problem::BadToken { token },
        });
    }
    if let Some(f) = fields("no such column: {}", text) {
        let name = unquote(f[0]).to_owned();
        let hint = column_hint(&name, ctx);
        return Some(Problem::NoSuchColumn { name, hint });
    }
    if let Some(f) = fields("no such function: {}", text) {
        let name = f[0].to_owned();
        let close = closest(&name, functions().iter().map(|f| f.name.as_str()));
        return Some(Problem::NoSuchFunction { name, close });
    }
    if let Some(f) = fields("no such {}: {}", text) {
        let object = Object::from_word(f[0])?;
        let name = without_schema(f[1]).to_owned();
        let close = match object {
            Object::Table | Object::View => {
                let views = object == Object::View;
                let names = ctx.tables().iter().filter(|t| !views || t.is_view).map(|t| t.name.as_str());
                closest(&name, names)
            }
            _ => None,
        };
        return Some(Problem::NoSuch { object, name, close });
    }
    if let Some(f) = fields("ambiguous column name: {}", text) {
        let column = f[0].to_owned();
        let mut tables = tables_with(&column, ctx);
        tables.retain(|t| mentions(ctx.statement, &t.name));
        let tables = names(&tables);
        return Some(Problem::Ambiguous { column, tables });
    }
    if let Some(f) = fields("table {} has no column named {}", text) {
        let table = f[0].to_owned();
        let column = f[1].to_owned();
        let close = ctx
            .tables()
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(&table))
            .and_then(|t| closest(&column, t.columns.iter().map(|c| c.name.as_str())));
        return Some(Problem::NoColumnNamed { table, column, close });
    }
    if let Some(f) = fields("table {} has {} columns but {} values were supplied", text) {
        return Some(Problem::ValuesForTable {
            table: f[0].to_owned(),
            columns: f[1].parse().ok()?,
            values: f[2].parse().ok()?,
        });
    }
    if let Some(f) = fields("{} values for {} columns", text) {
        // A common table expression says «table r has 1 values for 2 columns».
        let values = f[0].rsplit(' ').next()?.parse().ok()?;
        return Some(Problem::ValuesForColumns { values, columns: f[1].parse().ok()? });
    }
    if text == "all VALUES must have the same number of terms" {
        return Some(Problem::RowsOfDifferentWidth);
    }
    if let Some(f) = fields("{} {} already exists", text) {
        return Some(Problem::AlreadyExists { object: Object::from_word(f[0])?, name: f[1].to_owned() });
    }
    if let Some(f) = fields("there is already an index named {}", text)
        .or_else(|| fields("there is already another table or index with this name: {}", text))
    {
        return Some(Problem::NameTaken { name: f[0].to_owned() });
    }
    if let Some(f) = fields("UNIQUE constraint failed: {}", text) {
        let what = f[0];
        if ctx.code == Some(ffi::SQLITE_CONSTRAINT_PRIMARYKEY) {
            return Some(Problem::PrimaryKey { columns: what.to_owned() });
        }
        return Some(match fields("index '{}'", what) {
            Some(i) => Problem::UniqueIndex { index: i[0].to_owned() },
            None => Problem::Unique { columns: what.to_owned() },
        });
    }
    if let Some(f) = fields("NOT NULL constraint failed: {}", text) {
        return Some(Problem::NotNull { column: f[0].to_owned() });
    }
    if let Some(f) = fields("CHECK constraint failed: {}", text) {
        return Some(Problem::Check { constraint: f[0].to_owned() });
    }
    if text == "FOREIGN KEY constraint failed" {
        let action = match ctx.verb().as_str() {
            "INSERT" | "REPLACE" => ForeignKeyAction::Insert,
            "DELETE" | "DROP" => ForeignKeyAction::Delete,
            _ => ForeignKeyAction::Other,
        };
        return Some(Problem::ForeignKey { action });
    }
    if let Some(f) = fields("foreign key mismatch - \"{}\" referencing \"{}\"", text) {
        return Some(Problem::ForeignKeyMismatch { child: f[0].to_owned(), parent: f[1].to_owned() });
    }
    if let Some(f) = fields("unknown column \"{}\" in foreign key definition", text) {
        return Some(Problem::ForeignKeyColumn { column: f[0].to_owned() });
    }
    if text == "datatype mismatch" {
        return Some(Problem::DatatypeMismatch);
    }
    if let Some(f) = fields("cannot store {} value in {} column {}", text) {
        return Some(Problem::StrictType {
            value: f[0].to_owned(),
            declared: f[1].to_owned(),
            column: f[2].to_owned(),
        });
    }
    if let Some(f) = fields("misuse of aggregate: {}()", text) {
        return Some(Problem::MisusedAggregate { function: f[0].to_owned(), nested: false });
    }
    if let Some(f) = fields("misuse of aggregate function {}()", text) {
        return Some(Problem::MisusedAggregate { function: f[0].to_owned(), nested: true });
    }
    if let Some(f) = fields("misuse of window function {}()", text) {
        return Some(Problem::MisusedWindow { function: f[0].to_owned() });
    }
    if text == "aggregate functions are not allowed in the GROUP BY clause" {
        return Some(Problem::AggregateInGroupBy);
    }
    if text == "HAVING clause on a non-aggregate query" || text == "a GROUP BY clause is required before HAVING" {
        return Some(Problem::HavingWithoutAggregate);
    }
    if let Some(f) = fields("wrong number of arguments to function {}()", text) {
        let function = f[0].to_owned();
        let lower = function.to_lowercase();
        let mut takes: Vec<i32> = functions().iter().filter(|f| f.name == lower).map(|f| f.args).collect();
        takes.sort_unstable();
        takes.dedup();
        let written: String = ctx.statement.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
        let star = written.contains(&format!("{lower}(*)"));
        return Some(Problem::WrongArguments { function, takes, star });
    }
    if text == "cannot start a transaction within a transaction" {
        return Some(Problem::NestedTransaction);
    }
    if text == "cannot commit - no transaction is active" {
        return Some(Problem::NoTransaction { commit: true });
    }
    if text == "cannot rollback - no transaction is active" {
        return Some(Problem::NoTransaction { commit: false });
    }
    if let Some(f) = fields("{} {} BY term out of range - should be between 1 and {}", text) {
        let clause = match f[1] {
            "ORDER" => "ORDER BY",
            "GROUP" => "GROUP BY",
            _ => return None,
        };
        return Some(Problem::TermOutOfRange { ordinal: ordinal(f[0])?, clause, max: f[2].parse().ok()? });
    }
    if let Some(f) = fields("{} ORDER BY term does not match any column in the result set", text) {
        return Some(Problem::TermNotInResult { ordinal: ordinal(f[0])? });
    }
    if let Some(f) = fields("SELECTs to the left and right of {} do not have the same number of result columns", text) {
        return Some(Problem::CompoundWidth { operator: f[0].to_owned() });
    }
    if text == "no tables specified" {
        return Some(Problem::NoTables);
    }
    if let Some(f) = fields("sub-select returns {} columns - expected 1", text) {
        return Some(Problem::SubqueryColumns { columns: f[0].parse().ok()? });
    }
    if text == "row value misused" {
        return Some(Problem::RowValueMisused);
    }
    if let Some(f) = fields("duplicate column name: {}", text) {
        return Some(Problem::DuplicateColumn { name: f[0].to_owned() });
    }
    if let Some(f) = fields("use DROP {} to delete {} {}", text) {
        return Some(Problem::WrongDrop { object: Object::from_word(f[1])?, name: f[2].to_owned() });
    }
    if let Some(f) = fields("cannot modify {} because it is a view", text) {
        return Some(Problem::ViewNotWritable { name: f[0].to_owned() });
    }
    let add_column = match text {
        "Cannot add a UNIQUE column" => Some(AddColumn::Unique),
        "Cannot add a PRIMARY KEY column" => Some(AddColumn::PrimaryKey),
        "Cannot add a NOT NULL column with default value NULL" => Some(AddColumn::NotNullWithoutDefault),
        "Cannot add a column with non-constant default" => Some(AddColumn::NonConstantDefault),
        _ => None,
    };
    if let Some(reason) = add_column {
        return Some(Problem::CannotAddColumn(reason));
    }
    if let Some(f) = fields("cannot drop {} column: {}", text) {
        return Some(Problem::CannotDropColumn { constraint: f[0].to_owned(), column: unquote(f[1]).to_owned() });
    }
    if let Some(f) = fields("table {} has more than one primary key", text) {
        return Some(Problem::TwoPrimaryKeys { table: unquote(f[0]).to_owned() });
    }
    if text == "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY" {
        return Some(Problem::Autoincrement);
    }
    if let Some(f) = fields("cannot join using column {} - column not present in both tables", text) {
        return Some(Problem::JoinUsing { column: f[0].to_owned() });
    }
    match text {
        "integer overflow" => Some(Problem::IntegerOverflow),
        "malformed JSON" => Some(Problem::MalformedJson),
        _ => None,
    }
}

/// The parts of `text` that stand where `pattern` has `{}`; the rest of `pattern` must
/// match `text` exactly. A field ends at the first occurrence of the text after it.
fn fields<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let mut literals = pattern.split("{}");
    let mut rest = text.strip_prefix(literals.next()?)?;
    let literals: Vec<&str> = literals.collect();
    let mut out = Vec::with_capacity(literals.len());
    for (i, literal) in literals.iter().enumerate() {
        let end = if i + 1 == literals.len() { rest.strip_suffix(literal)?.len() } else { rest.find(literal)? };
        if end == 0 {
            return None;
        }
        out.push(&rest[..end]);
        rest = &rest[end + literal.len()..];
    }
    rest.is_empty().then_some(out)
}

/// `1st`, `2nd`, `3rd`, `11th` as a number.
fn ordinal(word: &str) -> Option<usize> {
    word.get(..word.len().checked_sub(2)?)?.parse().ok()
}

/// A name without the double quotes SQLite sometimes puts around it.
fn unquote(name: &str) -> &str {
    name.strip_prefix('"').and_then(|n| n.strip_suffix('"')).unwrap_or(name)
}

/// `main.orders` → `orders` (SQLite adds the schema to names the learner wrote without).
fn without_schema(name: &str) -> &str {
    ["main.", "temp."].iter().find_map(|s| name.strip_prefix(s)).unwrap_or(name)
}

/// How far a name may be from a misspelling of it and still be suggested: nothing for
/// one or two letters (anything is that close), one edit up to five, two up to nine.
fn max_distance(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        6..=9 => 2,
        _ => 3,
    }
}

/// The name among `candidates` closest to `name` (optimal string alignment distance:
/// a swap of two neighbouring letters is one edit, as in «nmae»), if close enough; the
/// first in sorted order among equally close ones.
fn closest<'c>(name: &str, candidates: impl Iterator<Item = &'c str>) -> Option<String> {
    let lower = name.to_lowercase();
    let limit = max_distance(lower.chars().count());
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let d = strsim::osa_distance(&lower, &candidate.to_lowercase());
        if d == 0 || d > limit {
            continue;
        }
        if best.is_none_or(|(bd, bn)| d < bd || (d == bd && candidate < bn)) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, n)| n.to_owned())
}

/// The tables and views that have a column named `column`.
fn tables_with<'c>(column: &str, ctx: &'c Context<'_>) -> Vec<&'c TableInfo> {
    ctx.tables().iter().filter(|t| t.columns.iter().any(|c| c.name.eq_ignore_ascii_case(column))).collect()
}

fn names(tables: &[&TableInfo]) -> Vec<String> {
    tables.iter().map(|t| t.name.clone()).collect()
}

/// `word` occurs in `text` as a whole word, case aside.
fn mentions(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.split(|c: char| !is_word(c)).any(|w| w.eq_ignore_ascii_case(word))
}

fn column_hint(name: &str, ctx: &Context<'_>) -> ColumnHint {
    let (qualifier, column) = match name.rsplit_once('.') {
        Some((q, c)) => (Some(q), c),
        None => (None, name),
    };
    let mut elsewhere = tables_with(column, ctx);
    // A view built on a table repeats its columns: name the table.
    if elsewhere.iter().any(|t| !t.is_view) {
        elsewhere.retain(|t| !t.is_view);
    }
    if !elsewhere.is_empty() {
        return ColumnHint::InTables(names(&elsewhere));
    }
    let table = qualifier.and_then(|q| ctx.tables().iter().find(|t| t.name.eq_ignore_ascii_case(q)));
    let close = match table {
        Some(t) => closest(column, t.columns.iter().map(|c| c.name.as_str())),
        None => closest(column, ctx.tables().iter().flat_map(|t| t.columns.iter().map(|c| c.name.as_str()))),
    };
    match (close, qualifier) {
        (Some(c), Some(q)) => ColumnHint::Close(format!("{q}.{c}")),
        (Some(c), None) => ColumnHint::Close(c),
        (None, None) => ColumnHint::MaybeValue,
        (None, Some(_)) => ColumnHint::None,
    }
}

/// Keywords a learner writes and so may mistype.
const COMMON_KEYWORDS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "GROUP",
    "ORDER",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "INSERT",
    "INTO",
    "VALUES",
    "UPDATE",
    "DELETE",
    "CREATE",
    "TABLE",
    "VIEW",
    "INDEX",
    "UNIQUE",
    "PRIMARY",
    "FOREIGN",
    "REFERENCES",
    "CHECK",
    "DEFAULT",
    "DISTINCT",
    "BETWEEN",
    "EXISTS",
    "NULL",
    "JOIN",
    "INNER",
    "LEFT",
    "OUTER",
    "CROSS",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "RECURSIVE",
    "DROP",
    "ALTER",
    "COLUMN",
    "RENAME",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "TRANSACTION",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "LIKE",
    "CAST",
    "WITH",
    "TRIGGER",
];

/// Keywords that start a clause: a comma right before one is one too many.
const CLAUSE_KEYWORDS: &[&str] = &[
    "FROM",
    "WHERE",
    "GROUP",
    "ORDER",
    "HAVING",
    "LIMIT",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "VALUES",
    "SET",
    "ON",
    "JOIN",
];

/// Words after which a name is expected.
const BEFORE_NAME: &[&str] = &["TABLE", "VIEW", "INDEX", "INTO", "FROM", "JOIN", "UPDATE", "AS"];

/// SQLite's own list of keywords.
fn is_keyword(word: &str) -> bool {
    let Ok(len) = i32::try_from(word.len()) else { return false };
    // SAFETY: sqlite3_keyword_check reads `len` bytes from the pointer, all inside `word`.
    unsafe { ffi::sqlite3_keyword_check(word.as_ptr().cast(), len) != 0 }
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphabetic() || c == '_')
}

/// A keyword `word` looks like a misspelling of, if it is not a keyword itself.
fn misspelt_keyword(word: &str) -> Option<&'static str> {
    if !is_word(word) || word.chars().count() < 4 || is_keyword(word) {
        return None;
    }
    let upper = word.to_uppercase();
    let limit = if upper.chars().count() <= 6 { 1 } else { 2 };
    COMMON_KEYWORDS
        .iter()
        .map(|k| (strsim::osa_distance(&upper, k), *k))
        .filter(|(d, _)| *d > 0 && *d <= limit)
        .min()
        .map(|(_, k)| k)
}

fn syntax_hint(near: &str, ctx: &Context<'_>) -> SyntaxHint {
    let at = ctx.offset.filter(|&o| ctx.statement.get(o..o + near.len()).is_some_and(|t| t.eq_ignore_ascii_case(near)));
    let Some(at) = at else {
        return misspelt_keyword(near).map_or(SyntaxHint::None, SyntaxHint::Misspelt);
    };
    let before = ctx.statement[..at].trim_end();
    let after = ctx.statement[at + near.len()..].trim_start();
    let word_before = before.rsplit(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
    let word_after = after.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
    let upper = near.to_uppercase();
    let starts_clause = CLAUSE_KEYWORDS.contains(&upper.as_str())
        && (!matches!(upper.as_str(), "GROUP" | "ORDER") || word_after.eq_ignore_ascii_case("BY"));
    if before.ends_with(',') && (near == ")" || starts_clause) {
        return SyntaxHint::ExtraComma;
    }
    if is_word(near) && is_keyword(near) && !starts_clause {
        let name_expected = before.ends_with(',')
            || before.ends_with('(')
            || BEFORE_NAME.iter().any(|w| word_before.eq_ignore_ascii_case(w));
        return if name_expected { SyntaxHint::ReservedWord } else { SyntaxHint::None };
    }
    if let Some(keyword) = misspelt_keyword(near) {
        return SyntaxHint::Misspelt(keyword);
    }
    match misspelt_keyword(word_before) {
        Some(keyword) if before.ends_with(word_before) => {
            SyntaxHint::MisspeltBefore { word: word_before.to_owned(), keyword }
        }
        _ => SyntaxHint::None,
    }
}

/// A function of the bundled SQLite and a number of arguments it takes (negative: that
/// many or more, as `pragma_function_list` says).
struct Function {
    name: String,
    args: i32,
}

/// The functions the bundled SQLite has, from its own `pragma_function_list` (read once,
/// on a private connection: the sandbox's authorizer does not allow that PRAGMA), less
/// the internal ones and those the sandbox denies.
fn functions() -> &'static [Function] {
    static FUNCTIONS: OnceLock<Vec<Function>> = OnceLock::new();
    FUNCTIONS.get_or_init(|| {
        let read = || -> rusqlite::Result<Vec<Function>> {
            let conn = super::open_in_memory()?;
            let mut stmt = conn.prepare("SELECT DISTINCT name, narg FROM pragma_function_list ORDER BY name, narg")?;
            let rows = stmt.query_map([], |r| Ok(Function { name: r.get(0)?, args: r.get(1)? }))?;
            rows.collect()
        };
        let internal = |name: &str| {
            ["sqlite_", "fts", "rtree"].iter().any(|p| name.starts_with(p))
                || DENIED_FUNCTIONS.contains(&name)
                || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        read().unwrap_or_default().into_iter().filter(|f| !internal(&f.name)).collect()
    })
}

#[cfg(test)]
mod tests;
