//! What a failed SQL statement's error says, typed: read from SQLite's English message
//! by [`super::explain`], put in Russian words by `strings::sqlite`. A leaf of its own, so
//! that the words and the reading both stand on it.

/// Schema objects SQLite's messages name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    Table,
    View,
    Index,
    Trigger,
    Savepoint,
}

impl Object {
    pub(super) fn from_word(word: &str) -> Option<Object> {
        match word {
            "table" => Some(Object::Table),
            "view" => Some(Object::View),
            "index" => Some(Object::Index),
            "trigger" => Some(Object::Trigger),
            "savepoint" => Some(Object::Savepoint),
            _ => None,
        }
    }
}

/// What may be said about a syntax error beyond where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxHint {
    None,
    /// A comma right before `)` or a clause keyword: `(a INT, b INT,)`, `SELECT a, FROM`.
    ExtraComma,
    /// A keyword where a name is expected: `CREATE TABLE order (…)`.
    ReservedWord,
    /// The word SQLite stopped at looks like a mistyped keyword: `TABEL` → `TABLE`.
    Misspelt(&'static str),
    /// The word before it does: `SELECT name FORM customers` stops at `customers`.
    MisspeltBefore {
        word: String,
        keyword: &'static str,
    },
}

/// What the hint of «no such column» is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnHint {
    None,
    /// A column of that name exists, in these tables (not among those the query reads).
    InTables(Vec<String>),
    /// A close name exists (qualified like the learner's name, if theirs was).
    Close(String),
    /// No such name anywhere: perhaps a value that lacks its quotes (`city = Москва`).
    MaybeValue,
}

/// What a statement that broke a foreign key was doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForeignKeyAction {
    /// INSERT: the referenced row does not exist.
    Insert,
    /// DELETE or DROP: other rows still reference the row.
    Delete,
    /// UPDATE, COMMIT and the rest: either of the two.
    Other,
}

/// Why `ALTER TABLE … ADD COLUMN` was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddColumn {
    Unique,
    PrimaryKey,
    NotNullWithoutDefault,
    NonConstantDefault,
}

/// An error of SQLite's (or rusqlite's), read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `near "X": syntax error`.
    Syntax { near: String, hint: SyntaxHint },
    /// `incomplete input`.
    Incomplete,
    /// `unrecognized token: "'abc"` — a string (`literal`) or a quoted name not closed.
    UnclosedQuote { token: String, literal: bool },
    /// `unrecognized token: "1abc"`: a name that starts with a digit.
    DigitName { token: String },
    /// `unrecognized token: "#"`.
    BadToken { token: String },
    /// `no such table: X` (also view, index, trigger, savepoint).
    NoSuch { object: Object, name: String, close: Option<String> },
    /// `no such column: X`.
    NoSuchColumn { name: String, hint: ColumnHint },
    /// `ambiguous column name: X`, with the tables of the statement that have it.
    Ambiguous { column: String, tables: Vec<String> },
    /// `table X already exists` (also view, index, trigger).
    AlreadyExists { object: Object, name: String },
    /// `there is already an index named X`, `there is already another table or index with this name: X`.
    NameTaken { name: String },
    /// `table X has no column named Y`.
    NoColumnNamed { table: String, column: String, close: Option<String> },
    /// `table X has N columns but M values were supplied`.
    ValuesForTable { table: String, columns: usize, values: usize },
    /// `N values for M columns` (INSERT with a column list; `table r has …` for a CTE).
    ValuesForColumns { values: usize, columns: usize },
    /// `all VALUES must have the same number of terms`.
    RowsOfDifferentWidth,
    /// `UNIQUE constraint failed: t.a, t.b` (not a primary key).
    Unique { columns: String },
    /// `UNIQUE constraint failed: index 'i'` (a unique index on an expression).
    UniqueIndex { index: String },
    /// `UNIQUE constraint failed: t.id` with `SQLITE_CONSTRAINT_PRIMARYKEY`.
    PrimaryKey { columns: String },
    /// `NOT NULL constraint failed: t.x`.
    NotNull { column: String },
    /// `CHECK constraint failed: x > 0` (the constraint's name, if it has one).
    Check { constraint: String },
    /// `FOREIGN KEY constraint failed`.
    ForeignKey { action: ForeignKeyAction },
    /// `foreign key mismatch - "child" referencing "parent"`.
    ForeignKeyMismatch { child: String, parent: String },
    /// `unknown column "y" in foreign key definition`.
    ForeignKeyColumn { column: String },
    /// `datatype mismatch`.
    DatatypeMismatch,
    /// `cannot store TEXT value in INTEGER column s.x` (a STRICT table).
    StrictType { value: String, declared: String, column: String },
    /// `misuse of aggregate: count()` (in WHERE), or `misuse of aggregate function
    /// count()` (`nested` in another aggregate).
    MisusedAggregate { function: String, nested: bool },
    /// `misuse of window function row_number()`.
    MisusedWindow { function: String },
    /// `aggregate functions are not allowed in the GROUP BY clause`.
    AggregateInGroupBy,
    /// `HAVING clause on a non-aggregate query` (SQLite before 3.39 said «a GROUP BY
    /// clause is required before HAVING»).
    HavingWithoutAggregate,
    /// `wrong number of arguments to function f()`, with what `f` takes (negative: a number
    /// or more)
    /// and whether the learner wrote `f(*)`.
    WrongArguments { function: String, takes: Vec<i32>, star: bool },
    /// `no such function: f`.
    NoSuchFunction { name: String, close: Option<String> },
    /// `cannot start a transaction within a transaction`.
    NestedTransaction,
    /// `cannot commit - no transaction is active` (`commit`) or `cannot rollback - …`.
    NoTransaction { commit: bool },
    /// `1st ORDER BY term out of range - should be between 1 and 5` (or GROUP BY).
    TermOutOfRange { ordinal: usize, clause: &'static str, max: usize },
    /// `1st ORDER BY term does not match any column in the result set`.
    TermNotInResult { ordinal: usize },
    /// `SELECTs to the left and right of UNION do not have the same number of result columns`.
    CompoundWidth { operator: String },
    /// `no tables specified` (`SELECT *` without FROM).
    NoTables,
    /// `sub-select returns 2 columns - expected 1`.
    SubqueryColumns { columns: usize },
    /// `row value misused`.
    RowValueMisused,
    /// `duplicate column name: x`.
    DuplicateColumn { name: String },
    /// `use DROP VIEW to delete view v`: the statement named the wrong kind of object.
    WrongDrop { object: Object, name: String },
    /// `cannot modify v because it is a view`.
    ViewNotWritable { name: String },
    /// `Cannot add a UNIQUE column` and the other refusals of ADD COLUMN.
    CannotAddColumn(AddColumn),
    /// `cannot drop PRIMARY KEY column: "id"` (or UNIQUE).
    CannotDropColumn { constraint: String, column: String },
    /// `table "e" has more than one primary key`.
    TwoPrimaryKeys { table: String },
    /// `AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY`.
    Autoincrement,
    /// `cannot join using column x - column not present in both tables`.
    JoinUsing { column: String },
    /// `integer overflow`.
    IntegerOverflow,
    /// `malformed JSON`.
    MalformedJson,
    /// rusqlite's «Wrong number of parameters passed to query»: the SQL has `?` or `:name`.
    Parameters,
    /// Anything else, as SQLite said it.
    Other { text: String },
}
