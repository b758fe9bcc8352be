//! The schema, versioned with `PRAGMA user_version`: migration N (1-based) takes a file
//! from version N−1 to N. A file is brought to the latest version when it is opened,
//! whatever older version it is at (0 is a new or empty file). Migrations are only ever
//! appended: a released one is never edited, since files in the wild already ran it.

use std::path::Path;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::StoreError;

/// Every migration in order; the latest schema version is their count.
pub(super) const MIGRATIONS: &[&str] = &[
    include_str!("schema/v1.sql"),
    include_str!("schema/v2.sql"),
    include_str!("schema/v3.sql"),
    include_str!("schema/v4.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings the file to `migrations.len()`. Runs in one immediate transaction, so that two
/// programs opening a new file at once neither both migrate nor see half a schema, and a
/// failed migration leaves the file at its old version.
pub(super) fn migrate(conn: &Connection, path: &Path, migrations: &[&str]) -> Result<(), StoreError> {
    let sqlite = |e| StoreError::from_sqlite(path, e);
    let latest = migrations.len() as i64;
    // The common case, an up-to-date file, needs no write lock.
    if user_version(conn).map_err(sqlite)? == latest {
        return Ok(());
    }
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate).map_err(sqlite)?;
    // Read again under the lock: another program may have migrated meanwhile.
    let found = user_version(&tx).map_err(sqlite)?;
    if found < 0 {
        let what = crate::strings::store::bad_column("PRAGMA", "user_version", &found.to_string());
        return Err(StoreError::Corrupt { path: path.to_path_buf(), what });
    }
    if found > latest {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found, supported: latest });
    }
    for sql in &migrations[found as usize..] {
        tx.execute_batch(sql).map_err(sqlite)?;
    }
    tx.pragma_update(None, "user_version", latest).map_err(sqlite)?;
    tx.commit().map_err(sqlite)
}
