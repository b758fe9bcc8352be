//! Progress: the learner, every checked attempt, drafts, hints shown. SQLite through
//! rusqlite, one file per learner (by default in the platform's data folder).
//!
//! Every change is one short transaction, so a crash or a closed terminal loses at most
//! what was being written. The file is in WAL mode with a busy timeout, so two workbooks
//! open on one file wait for each other instead of failing or corrupting it; writes that
//! read first (`record_attempt`, migrations) take the write lock up front
//! (`BEGIN IMMEDIATE`), because a WAL reader that later wants to write fails at once
//! instead of waiting.
//!
//! Answers and verdicts are kept as JSON. When the course or a kind changes so that an
//! old row's JSON no longer parses:
//! - [`Store::draft`] returns `Ok(None)`: the editor starts empty;
//! - [`Store::attempts`] leaves the row out and [`Store::unreadable_attempts`] counts
//!   such rows, so a screen can say that some old attempts are not shown;
//! - [`Store::progress`] still counts the row: scores and statuses are also kept in plain
//!   columns and never depend on the JSON.

mod attempts;
mod drafts;
mod error;
mod feedback;
mod hints;
mod migrations;
mod settings;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Local, SecondsFormat, SubsecRound};
use directories::ProjectDirs;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::kinds::{Answer, Status, Verdict};

pub(crate) use attempts::{parse_status, status_name};
pub use drafts::Draft;
pub use error::StoreError;
pub(crate) use error::cannot_open_reason;
pub use feedback::{CriterionPoints, Feedback};
pub use migrations::LATEST_VERSION;

/// How long a write waits for another program holding the file.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The learner the file belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Student {
    pub name: String,
    pub group: String,
}

/// One checked answer, as it was graded then.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub id: i64,
    pub exercise_id: String,
    pub answer: Answer,
    pub verdict: Verdict,
    /// What it was graded against; `None` for attempts recorded before schema version 3.
    pub graded_with: Option<GradedWith>,
    /// Hints revealed for the exercise when the answer was checked.
    pub hints_shown: u32,
    pub at: DateTime<Local>,
}

/// What an attempt was graded against: the learner's variant, the fingerprint of the
/// exercise's spec and the grader's version (see [`crate::grading::GradedAttempt`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradedWith {
    pub variant: u64,
    pub spec_fingerprint: String,
    pub grader_version: String,
}

/// Where a learner stands on one exercise they have checked at least once.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Of the best attempt: the highest earned, the latest among equals.
    pub best_earned: f64,
    pub possible: f64,
    pub best_status: Status,
    /// Every checked attempt, readable or not.
    pub attempts: u32,
    /// Hints revealed for the exercise so far.
    pub hints_shown: u32,
}

/// The progress file, open.
pub struct Store {
    conn: Connection,
    /// For messages; `:memory:` for a store in memory.
    path: PathBuf,
}

impl Store {
    /// `progress.db` in the platform's data folder for crm-workbook
    /// (`~/.local/share/crm-workbook` on Linux, `~/Library/Application Support/crm-workbook`
    /// on macOS, `%APPDATA%\crm-workbook\data` on Windows); `None` when the platform has
    /// no home folder.
    pub fn default_path() -> Option<PathBuf> {
        ProjectDirs::from("", "", "crm-workbook").map(|dirs| dirs.data_dir().join("progress.db"))
    }

    /// Opens the file, creating it and its folder if need be, and brings its schema to
    /// the latest version.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Self::open_with(path, migrations::MIGRATIONS)
    }

    /// A store that lives as long as the value: for tests and trial runs.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = crate::data::sql::open_in_memory().map_err(|e| StoreError::from_sqlite(&path, e))?;
        Store::configure(conn, path, migrations::MIGRATIONS)
    }

    fn open_with(path: &Path, migrations: &[&str]) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir { dir: dir.to_path_buf(), source })?;
        }
        // Not SQLITE_OPEN_URI: a file named `file:…` is a file.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = crate::data::sql::open_with_flags(path, flags).map_err(|e| StoreError::from_sqlite(path, e))?;
        Store::configure(conn, path.to_path_buf(), migrations)
    }

    fn configure(conn: Connection, path: PathBuf, migrations: &[&str]) -> Result<Store, StoreError> {
        let sqlite = |e| StoreError::from_sqlite(&path, e);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        // SQLite quietly opens a write-protected file read-only; say so now rather than at
        // the first answer checked.
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(sqlite)? {
            return Err(StoreError::ReadOnly { path });
        }
        // The first statement that reads the file: a file that is not a database fails here.
        // An in-memory database answers `memory` and stays so.
        let _mode: String = wal_mode(&conn).map_err(sqlite)?;
        // WAL with NORMAL survives a crash of the program (the learner's case); only a
        // power cut can lose the last commits.
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(sqlite)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(sqlite)?;
        migrations::migrate(&conn, &path, migrations)?;
        let store = Store { conn, path };
        // The identity columns exist from schema version 3 on (tests migrate with other
        // histories).
        if migrations.get(2) == migrations::MIGRATIONS.get(2) {
            store.fill_in_identity()?;
        }
        Ok(store)
    }

    /// The file this store writes (`:memory:` for one in memory).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        migrations::user_version(&self.conn).map_err(|e| self.sqlite(e))
    }

    fn sqlite(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(&self.path, e)
    }

    /// A transaction that holds the write lock from its start.
    fn write_transaction(&self) -> Result<Transaction<'_>, StoreError> {
        Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate).map_err(|e| self.sqlite(e))
    }
}

/// Turns on WAL. Switching a new file to WAL needs it to itself, and SQLite answers BUSY
/// at once rather than calling the busy handler when another program is opening the same
/// new file; so it is tried again, within the busy timeout.
fn wal_mode(conn: &Connection) -> rusqlite::Result<String> {
    let started = std::time::Instant::now();
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            other => return other,
        }
    }
}

/// Now, to the precision the file keeps, so that what `record_attempt` returns equals
/// what `attempts` reads back.
fn now() -> DateTime<Local> {
    Local::now().trunc_subsecs(6)
}

fn encode_time(t: &DateTime<Local>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, false)
}

fn decode_time(text: &str) -> Option<DateTime<Local>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Local))
}

fn encode_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(StoreError::Encode)
}
