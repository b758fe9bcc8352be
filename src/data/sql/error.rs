//! The error of one SQL statement, as the sandbox reports it. A leaf: the Russian words
//! that read it (`strings::sql`, which also gives its `Display`) stand on it.

/// An error of one statement: what went wrong, in Russian (SQLite's message put in
/// words by [`super::explain`], or the sandbox's own), and where the statement stood in
/// the submitted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlError {
    pub message: String,
    /// 1-based line within the submitted text (of the error's token when SQLite names
    /// it, else of the statement's start); 0 when the error is about the whole text.
    pub line: usize,
    /// 1-based number of the statement in the text; 0 for the whole text.
    pub statement: usize,
    /// The statement was stopped by the time limit.
    pub timed_out: bool,
    /// SQLite's extended result code, when SQLite reported the error
    /// (`SQLITE_CONSTRAINT_UNIQUE` = 2067, …).
    pub code: Option<i32>,
}
