//! The encrypted local store: one SQLCipher database per data directory,
//! keyed with a random 256-bit raw key that lives in the OS keyring.
//!
//! Opening is careful about what already exists, because the store holds
//! the only copy of edits not yet synced:
//! - a database file but no key in the keyring → [`CoreError::StoreKeyMissing`],
//!   the file is left alone (never replaced by a new empty store);
//! - a key that does not decrypt the file → [`CoreError::StoreKeyWrong`];
//! - a schema newer than this build knows → [`CoreError::StoreTooNew`],
//!   checked before anything is written (WAL mode and migrations come after).
//!
//! The query modules, one per table, take a `&Connection` (or transaction).

pub mod conflicts;
pub mod organizations;
pub mod outbox;
pub mod records;
mod schema;
pub mod settings;

use std::fmt;
use std::path::{Path, PathBuf};

use rand::RngCore;
use rusqlite::Connection;

use crate::error::{CoreError, CoreResult};
use crate::secrets::{SecretStore, STORE_KEY_ENTRY};

/// The database file name inside a data directory.
pub const DB_FILE: &str = "kaart.db";

/// An open local store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the store in `data_dir`, creating it (and its key) when neither
    /// exists yet. See the module docs for the refusals.
    pub fn open(data_dir: &Path, secrets: &dyn SecretStore) -> CoreResult<Store> {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join(DB_FILE);
        let exists = path.exists();
        let key = match (exists, secrets.get(STORE_KEY_ENTRY)?) {
            (true, None) => return Err(CoreError::StoreKeyMissing),
            (_, Some(key)) => key,
            (false, None) => {
                // The key goes into the keyring first: a store nobody can
                // open again must never be created.
                let key = new_key();
                secrets.set(STORE_KEY_ENTRY, &key)?;
                key
            }
        };
        let conn = open_keyed(&path, &key)?;
        Store::prepare(conn, path)
    }

    /// Opens an encrypted database file with a key given directly (used by
    /// the benchmark and by tests that check the refusals).
    pub fn open_with_key(path: &Path, key_hex: &str) -> CoreResult<Store> {
        let conn = open_keyed(path, key_hex)?;
        Store::prepare(conn, path.to_path_buf())
    }

    fn prepare(mut conn: Connection, path: PathBuf) -> CoreResult<Store> {
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > schema::latest_version() {
            return Err(CoreError::StoreTooNew {
                found,
                known: schema::latest_version(),
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 64 MiB of page cache: every page read from disk must be decrypted,
        // and a large organisation's sign-ups arrive in random id order.
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        schema::migrations().to_latest(&mut conn)?;
        Ok(Store { conn, path })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes the store's files and its key: the local data is gone for good.
    pub fn wipe(self, secrets: &dyn SecretStore) -> CoreResult<()> {
        let path = self.path.clone();
        drop(self.conn);
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        secrets.delete(STORE_KEY_ENTRY)
    }
}

/// Moves the store in `data_dir` aside when it can no longer be read (its
/// key is lost): `kaart.db` and its `-wal`/`-shm` files are renamed to
/// `kaart.db.onleesbaar-<UTC time>…`, so the next [`Store::open`] starts a
/// new, empty store that the next sync fills again. Nothing is deleted: should
/// the key turn up, the old file still opens with it. Returns the new path
/// of the database file.
pub fn set_aside(data_dir: &Path) -> CoreResult<PathBuf> {
    let db = data_dir.join(DB_FILE);
    if !db.exists() {
        return Err(CoreError::NotFound);
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let aside = data_dir.join(format!("{DB_FILE}.onleesbaar-{stamp}"));
    // The main file last: a crash in between leaves either the old store
    // whole or the new name with what it needs beside it.
    for suffix in ["-wal", "-shm", ""] {
        let from = PathBuf::from(format!("{}{suffix}", db.display()));
        let to = PathBuf::from(format!("{}{suffix}", aside.display()));
        match std::fs::rename(&from, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(aside)
}

/// A fresh random 256-bit key, hex-encoded.
pub fn new_key() -> String {
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    hex::encode(key)
}

fn open_keyed(path: &Path, key_hex: &str) -> CoreResult<Connection> {
    if key_hex.len() != 64 || !key_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(CoreError::StoreKeyWrong);
    }
    let conn = Connection::open(path)?;
    // A raw key (x'…'): no passphrase derivation, so opening is cheap.
    conn.execute_batch(&format!("PRAGMA key = \"x'{key_hex}'\";"))?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(CoreError::StoreKeyWrong)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemorySecrets;

    #[test]
    fn creates_then_reopens_with_the_same_key() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecrets::default();
        let store = Store::open(dir.path(), &secrets).unwrap();
        settings::set(store.conn(), "probe", "1").unwrap();
        drop(store);
        let store = Store::open(dir.path(), &secrets).unwrap();
        assert_eq!(
            settings::get(store.conn(), "probe").unwrap().as_deref(),
            Some("1")
        );
    }

    #[test]
    fn missing_key_with_existing_file_is_refused_and_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecrets::default();
        drop(Store::open(dir.path(), &secrets).unwrap());
        let before = std::fs::read(dir.path().join(DB_FILE)).unwrap();
        secrets.delete(STORE_KEY_ENTRY).unwrap();
        let err = Store::open(dir.path(), &secrets).unwrap_err();
        assert!(matches!(err, CoreError::StoreKeyMissing), "{err:?}");
        assert_eq!(std::fs::read(dir.path().join(DB_FILE)).unwrap(), before);
        assert!(
            secrets.get(STORE_KEY_ENTRY).unwrap().is_none(),
            "no new key was made"
        );
    }

    #[test]
    fn a_store_with_a_lost_key_is_set_aside_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecrets::default();
        drop(Store::open(dir.path(), &secrets).unwrap());
        let before = std::fs::read(dir.path().join(DB_FILE)).unwrap();
        let old_key = secrets.get(STORE_KEY_ENTRY).unwrap().unwrap();
        secrets.delete(STORE_KEY_ENTRY).unwrap();
        assert!(matches!(
            Store::open(dir.path(), &secrets),
            Err(CoreError::StoreKeyMissing)
        ));

        let aside = set_aside(dir.path()).unwrap();
        assert_eq!(std::fs::read(&aside).unwrap(), before, "kept byte for byte");
        let fresh = Store::open(dir.path(), &secrets).expect("a new store opens");
        assert!(settings::get(fresh.conn(), "probe").unwrap().is_none());
        drop(fresh);
        Store::open_with_key(&aside, &old_key).expect("the old key still opens the set-aside file");
        assert!(matches!(
            set_aside(&dir.path().join("nowhere")),
            Err(CoreError::NotFound)
        ));
    }

    #[test]
    fn wrong_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecrets::default();
        drop(Store::open(dir.path(), &secrets).unwrap());
        secrets.set(STORE_KEY_ENTRY, &new_key()).unwrap();
        let err = Store::open(dir.path(), &secrets).unwrap_err();
        assert!(matches!(err, CoreError::StoreKeyWrong), "{err:?}");
    }

    #[test]
    fn newer_schema_is_refused_and_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecrets::default();
        let store = Store::open(dir.path(), &secrets).unwrap();
        store
            .conn()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        drop(store);
        let before = std::fs::read(dir.path().join(DB_FILE)).unwrap();
        let err = Store::open(dir.path(), &secrets).unwrap_err();
        assert!(
            matches!(err, CoreError::StoreTooNew { found: 99, .. }),
            "{err:?}"
        );
        assert_eq!(std::fs::read(dir.path().join(DB_FILE)).unwrap(), before);
    }
}
