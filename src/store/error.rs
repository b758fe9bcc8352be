//! What can go wrong with the progress file, in words a learner can act on.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use crate::strings::{self, store as msg};

/// An error of the progress store. Its `Display` is Russian, for the learner.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder for the file could not be created.
    CreateDir {
        dir: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The file exists but is not an SQLite database (or is damaged beyond reading).
    NotADatabase {
        path: PathBuf,
    },
    /// The file or its folder cannot be written.
    ReadOnly {
        path: PathBuf,
    },
    /// SQLite could not open the file at all (a folder, no permission, …).
    CannotOpen {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// The file was written by a newer program with a schema this one does not know.
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// Another process held the file longer than the busy timeout.
    Busy {
        path: PathBuf,
    },
    DiskFull {
        path: PathBuf,
    },
    /// A column holds a value this program never writes.
    Corrupt {
        path: PathBuf,
        what: String,
    },
    /// An answer or verdict could not be turned into JSON.
    Encode(#[source] serde_json::Error),
    /// Any other SQLite error.
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Sorts an SQLite error by what the learner can do about it.
    pub(super) fn from_sqlite(path: &Path, e: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::NotADatabase { path },
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
            Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
            Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => StoreError::CannotOpen { path, source: e },
            _ => StoreError::Sqlite { path, source: e },
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            StoreError::CreateDir { dir, source } => msg::create_dir(dir, &strings::io_error(source)),
            StoreError::NotADatabase { path } => msg::not_a_database(path),
            StoreError::ReadOnly { path } => msg::read_only(path),
            StoreError::CannotOpen { path, .. } => msg::cannot_open(path, &cannot_open_reason(path)),
            StoreError::TooNew { path, found, supported } => msg::too_new(path, *found, *supported),
            StoreError::Busy { path } => msg::busy(path),
            StoreError::DiskFull { path } => msg::disk_full(path),
            StoreError::Corrupt { path, what } => msg::corrupt(path, what),
            StoreError::Encode(e) => msg::encode(&e.to_string()),
            StoreError::Sqlite { path, source } => msg::sqlite(path, &source.to_string()),
        };
        f.write_str(&text)
    }
}

/// SQLite says only «unable to open database file» (in English); the file system says
/// why, in Russian.
pub(crate) fn cannot_open_reason(path: &Path) -> String {
    if path.is_dir() {
        return "это папка, а не файл".into();
    }
    match std::fs::OpenOptions::new().read(true).open(path) {
        // SQLite creates the file when it is missing: it could not.
        Err(io) if io.kind() == std::io::ErrorKind::NotFound => msg::cannot_create(),
        Err(io) => strings::io_error(&io),
        Ok(_) => msg::cannot_write(),
    }
}
