//! Opening the server's SQLite database: encrypted at rest with SQLCipher
//! when the operator names a key file ([`DbKey`]), WAL mode, `secure_delete`
//! (so wiped personal data is overwritten, not just unlinked), the schema
//! migrations, and the [`Db`] handle that runs blocking work off the async
//! runtime.

use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::failure::{ApiResult, Failure};

const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("schema.sql")),
    M::up(include_str!("schema_2.sql")),
    M::up(include_str!("schema_3.sql")),
    M::up(include_str!("schema_4.sql")),
    M::up(include_str!("schema_5.sql")),
];

/// The 256-bit key of an encrypted database, read from a file the operator
/// names (64 hex digits; never taken from the command line).
#[derive(Clone)]
pub struct DbKey(String);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(<redacted>)")
    }
}

impl DbKey {
    /// Reads the key from `path`: 64 hex digits, surrounding white space
    /// ignored (e.g. made with `openssl rand -hex 32 > key`).
    pub fn from_file(path: &Path) -> anyhow::Result<DbKey> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the key file {}", path.display()))?;
        DbKey::from_hex(text.trim())
            .with_context(|| format!("the key file {} is not valid", path.display()))
    }

    pub fn from_hex(hex: &str) -> anyhow::Result<DbKey> {
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            anyhow::bail!("a database key is 64 hex digits (256 bits)");
        }
        Ok(DbKey(hex.to_ascii_lowercase()))
    }

    /// A new random key.
    pub fn generate() -> DbKey {
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        DbKey(hex::encode(bytes))
    }

    /// The key as 64 hex digits, for writing a new key file.
    pub fn to_hex(&self) -> &str {
        &self.0
    }
}

/// Opens (creating if needed) and migrates the unencrypted database at `path`.
pub fn open(path: &Path) -> anyhow::Result<Connection> {
    open_keyed(path, None)
}

/// Opens (creating if needed) and migrates the database at `path`,
/// encrypted with `key` when given. A wrong key (or a key for a plain
/// database, or none for an encrypted one) is an error.
pub fn open_keyed(path: &Path, key: Option<&DbKey>) -> anyhow::Result<Connection> {
    let mut conn = Connection::open(path)?;
    if let Some(key) = key {
        // The key is checked to be hex only: nothing to escape.
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.0))?;
    }
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .context("cannot read the database: wrong or missing key?")?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Migrations::from_slice(MIGRATIONS).to_latest(&mut conn)?;
    Ok(conn)
}

/// Copies the WAL into the database file and truncates it to zero bytes, so
/// that deleted personal data survives in neither file.
pub fn checkpoint_truncate(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
}

/// The one connection of the server, shared behind a mutex. Work runs on
/// tokio's blocking pool.
#[derive(Clone, Debug)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    pub fn new(conn: Connection) -> Self {
        Db {
            conn: Arc::new(Mutex::new(conn)),
        }
    }

    /// Runs `f` with exclusive use of the connection on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> ApiResult<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|_| Failure::internal())?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(Migrations::from_slice(MIGRATIONS).validate().is_ok());
    }
}
