//! The encrypted local store: one SQLCipher database per data directory,
//! keyed with a random 256-bit raw key that lives in the OS keyring under
//! the store's own id ([`identity`]; legacy entries are adopted once, see
//! [`crate::secrets`]).
//!
//! Opening is careful about what already exists, because the store holds
//! the only copy of edits not yet synced:
//! - a database file but no key in the keyring → [`CoreError::StoreKeyMissing`],
//!   the file is left alone (never replaced by a new empty store);
//! - a key that does not decrypt the file → [`CoreError::StoreKeyWrong`];
//! - a schema newer than this build knows → [`CoreError::StoreTooNew`],
//!   checked before anything is written (WAL mode and migrations come after).
//!
//! Two connections to the one WAL file, each behind its own mutex (taken
//! with [`crate::threads::acquire`]):
//! - the **write** side ([`Store::write`], [`Store::transaction`]): every
//!   change goes through it, one short transaction at a time (an edit, a
//!   sync page, a push answer); it is never held across an `.await`;
//! - the **read** side ([`Store::read`]), opened `query_only`: the lists,
//!   records, counts and conflicts the window shows. Under WAL a reader sees
//!   the last committed state and never waits for the writer, so the window
//!   stays usable while a sync applies a page of thousands of changes (and
//!   never sees half a page).
//!
//! SQLCipher needs the key on every connection; both get it.
//!
//! The query modules, one per table, take a `&Connection` (or transaction).

pub mod conflicts;
pub mod identity;
pub mod notified;
pub mod organizations;
pub mod outbox;
pub mod photos;
pub mod records;
mod schema;
pub mod search;
pub mod settings;
mod text_order;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rand::RngCore;
use rusqlite::{Connection, Transaction};

use crate::error::{CoreError, CoreResult};
use crate::secrets::{self, SecretStore};
use crate::threads::acquire;
use identity::StoreId;
pub use text_order::{folded_words, reading_key, FOLDED_WORDS, NATURAL_ORDER};

/// The database file name inside a data directory.
pub const DB_FILE: &str = "kaart.db";

/// An open local store: a write and a read connection (see the module docs).
pub struct Store {
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    path: PathBuf,
    id: StoreId,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("id", &self.id)
            .finish()
    }
}

impl Store {
    /// Opens the store in `data_dir`, creating it (and its key) when neither
    /// exists yet. See the module docs for the refusals.
    pub fn open(data_dir: &Path, secrets: &dyn SecretStore) -> CoreResult<Store> {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join(DB_FILE);
        let exists = path.exists();
        // A store made before ids existed gets its id now; the file itself
        // is not touched by that.
        let id = identity::read_or_create(data_dir)?;
        let key = match (exists, secrets.get(&id.key_entry())?) {
            (_, Some(key)) => {
                secrets::forget_legacy_entries(secrets, &key)?;
                key
            }
            (true, None) => {
                secrets::adopt_legacy_entries(secrets, id, |key| open_keyed(&path, key).is_ok())?
                    .ok_or(CoreError::StoreKeyMissing)?
            }
            (false, None) => {
                // The key goes into the keyring first: a store nobody can
                // open again must never be created.
                let key = new_key();
                secrets.set(&id.key_entry(), &key)?;
                key
            }
        };
        Store::open_keyed_as(&path, &key, id)
    }

    /// Opens an encrypted database file with a key given directly (used by
    /// the benchmark and by tests that check the refusals). The store gets
    /// an id of its own that names no keyring entry.
    pub fn open_with_key(path: &Path, key_hex: &str) -> CoreResult<Store> {
        Store::open_keyed_as(path, key_hex, StoreId::unbound())
    }

    fn open_keyed_as(path: &Path, key_hex: &str, id: StoreId) -> CoreResult<Store> {
        let writer = prepare_writer(open_keyed(path, key_hex)?)?;
        // The reader comes after the migrations, so it sees the schema whole.
        let reader = prepare_reader(open_keyed(path, key_hex)?)?;
        Ok(Store {
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            path: path.to_path_buf(),
            id,
        })
    }

    /// The store's id, which names its keyring entries.
    pub fn id(&self) -> StoreId {
        self.id
    }

    /// The write connection, for as long as the guard lives. Keep it short
    /// (one transaction) and never hold it across an `.await`.
    pub fn write(&self) -> MutexGuard<'_, Connection> {
        acquire(&self.writer)
    }

    /// The read connection (`query_only`): sees the last committed state and
    /// does not wait for the write side.
    pub fn read(&self) -> MutexGuard<'_, Connection> {
        acquire(&self.reader)
    }

    /// Runs `f` in one transaction on the write side: committed when it
    /// returns `Ok`, rolled back otherwise (and when it panics).
    pub fn transaction<R>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> CoreResult<R>,
    ) -> CoreResult<R> {
        let mut conn = self.write();
        let tx = conn.transaction()?;
        let result = f(&tx)?;
        tx.commit()?;
        Ok(result)
    }

    /// Makes rows deleted since (e.g. an unsubscribed person's sign-up)
    /// leave the disk: the search index is rewritten into one segment, so no
    /// old index page keeps their words (FTS5's secure-delete removes the
    /// entries but can leave a word as a page separator), freed pages are
    /// zeroed (`secure_delete`), and the write-ahead log, which holds older
    /// page images, is copied in and truncated to nothing. Waits for running
    /// reads (busy timeout); returns whether the log is empty.
    pub fn erase_removed_rows(&self) -> CoreResult<bool> {
        let conn = self.write();
        conn.execute(
            "INSERT INTO signup_search (signup_search) VALUES ('optimize')",
            [],
        )?;
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }

    /// Frees the page caches of both connections (`PRAGMA shrink_memory`):
    /// up to 64 + 32 MiB of decrypted pages after a sync or a long list. A
    /// connection in use is left alone (no waiting); the next query reads
    /// its pages again. Returns how many connections were shrunk.
    pub fn release_caches(&self) -> usize {
        [&self.writer, &self.reader]
            .into_iter()
            .filter_map(|conn| conn.try_lock().ok())
            .filter(|conn| conn.execute_batch("PRAGMA shrink_memory").is_ok())
            .count()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes the store's files, its key and its session token (the local
    /// data is gone for good), then opens a new, empty store in their place
    /// with a new key under the same id. Holds both sides while it works, so
    /// nothing reads or writes the old files meanwhile.
    pub fn wipe_and_recreate(&self, secrets: &dyn SecretStore) -> CoreResult<()> {
        let mut writer = self.write();
        let mut reader = self.read();
        // Close the files before removing them (Windows refuses otherwise).
        *writer = Connection::open_in_memory()?;
        *reader = Connection::open_in_memory()?;
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", self.path.display()));
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        secrets.delete(&self.id.token_entry())?;
        secrets.delete(&self.id.key_entry())?;
        let data_dir = self.path.parent().unwrap_or(Path::new("."));
        let fresh = Store::open(data_dir, secrets)?;
        *writer = fresh
            .writer
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        *reader = fresh
            .reader
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        Ok(())
    }
}

/// Gives a connection of the caller's the store's settings and schema (the
/// same pragmas, tables, indexes, search index and triggers as the store's
/// writer), without a key or the keyring: the benchmarks' baselines insert
/// the same rows into a plain, or a separately keyed, SQLite file.
pub fn prepare_like_store(conn: Connection) -> CoreResult<Connection> {
    prepare_writer(conn)
}

fn prepare_writer(mut conn: Connection) -> CoreResult<Connection> {
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
    // Deleted rows are overwritten with zeros, not just unlinked: a sign-up
    // removed on unsubscribe must not linger in free space (see
    // [`Store::erase_removed_rows`]).
    conn.pragma_update(None, "secure_delete", "ON")?;
    // 64 MiB of page cache: every page read from disk must be decrypted,
    // and a large organisation's sign-ups arrive in random id order.
    conn.pragma_update(None, "cache_size", -65_536)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    text_order::register(&conn)?;
    search::register_phone_key(&conn)?;
    schema::migrations().to_latest(&mut conn)?;
    search::finish_interrupted(&conn)?;
    Ok(conn)
}

fn prepare_reader(conn: Connection) -> CoreResult<Connection> {
    text_order::register(&conn)?;
    conn.pragma_update(None, "query_only", "ON")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // The lists of a large organisation decrypt many pages too.
    conn.pragma_update(None, "cache_size", -32_768)?;
    // A reader under WAL waits only while the file is being checkpointed
    // or recovered, never for a write transaction.
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
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
    use crate::secrets::{MemorySecrets, SESSION_TOKEN_ENTRY, STORE_KEY_ENTRY};

    fn key_entry(dir: &Path) -> String {
        identity::read(dir)
            .unwrap()
            .expect("the store has an id")
            .key_entry()
    }

    #[test]
    fn creates_then_reopens_with_the_same_key() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecrets::default();
        let store = Store::open(dir.path(), &secrets).unwrap();
        settings::set(&store.write(), "probe", "1").unwrap();
        drop(store);
        let store = Store::open(dir.path(), &secrets).unwrap();
        assert_eq!(
            settings::get(&store.read(), "probe").unwrap().as_deref(),
            Some("1")
        );
    }

    #[test]
    fn releasing_caches_leaves_a_connection_in_use_alone_and_keeps_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            std::sync::Arc::new(Store::open(dir.path(), &MemorySecrets::default()).unwrap());
        settings::set(&store.write(), "probe", "1").unwrap();
        assert_eq!(store.release_caches(), 2, "both connections idle");
        {
            let _reading = store.read();
            // Asked from another thread while this one reads: it must
            // answer without waiting for the read to end.
            let (tx, rx) = std::sync::mpsc::channel();
            let releasing = store.clone();
            std::thread::spawn(move || tx.send(releasing.release_caches()));
            let shrunk = rx.recv_timeout(std::time::Duration::from_secs(5));
            assert_eq!(shrunk, Ok(1), "only the idle writer, at once");
        }
        assert_eq!(
            settings::get(&store.read(), "probe").unwrap().as_deref(),
            Some("1"),
            "the pages are read again after the release"
        );
    }

    #[test]
    fn missing_key_with_existing_file_is_refused_and_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecrets::default();
        drop(Store::open(dir.path(), &secrets).unwrap());
        let before = std::fs::read(dir.path().join(DB_FILE)).unwrap();
        let entry = key_entry(dir.path());
        secrets.delete(&entry).unwrap();
        let err = Store::open(dir.path(), &secrets).unwrap_err();
        assert!(matches!(err, CoreError::StoreKeyMissing), "{err:?}");
        assert_eq!(std::fs::read(dir.path().join(DB_FILE)).unwrap(), before);
        assert!(
            secrets.get(&entry).unwrap().is_none(),
            "no new key was made"
        );
    }

    #[test]
    fn a_store_with_a_lost_key_is_set_aside_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecrets::default();
        drop(Store::open(dir.path(), &secrets).unwrap());
        let before = std::fs::read(dir.path().join(DB_FILE)).unwrap();
        let entry = key_entry(dir.path());
        let old_key = secrets.get(&entry).unwrap().unwrap();
        secrets.delete(&entry).unwrap();
        assert!(matches!(
            Store::open(dir.path(), &secrets),
            Err(CoreError::StoreKeyMissing)
        ));

        let aside = set_aside(dir.path()).unwrap();
        assert_eq!(std::fs::read(&aside).unwrap(), before, "kept byte for byte");
        let fresh = Store::open(dir.path(), &secrets).expect("a new store opens");
        assert!(settings::get(&fresh.read(), "probe").unwrap().is_none());
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
        secrets.set(&key_entry(dir.path()), &new_key()).unwrap();
        let err = Store::open(dir.path(), &secrets).unwrap_err();
        assert!(matches!(err, CoreError::StoreKeyWrong), "{err:?}");
    }

    #[test]
    fn newer_schema_is_refused_and_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecrets::default();
        let store = Store::open(dir.path(), &secrets).unwrap();
        store
            .write()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        store
            .write()
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

    #[test]
    fn two_data_dirs_under_one_keyring_get_their_own_keys() {
        let secrets = MemorySecrets::default();
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = Store::open(a.path(), &secrets).unwrap();
        let second = Store::open(b.path(), &secrets).unwrap();
        assert_ne!(first.id(), second.id());
        let key_a = secrets.get(&first.id().key_entry()).unwrap().unwrap();
        let key_b = secrets.get(&second.id().key_entry()).unwrap().unwrap();
        assert_ne!(key_a, key_b);
        drop(second);
        assert!(matches!(
            Store::open_with_key(&b.path().join(DB_FILE), &key_a),
            Err(CoreError::StoreKeyWrong)
        ));
    }

    /// A store made before ids: its file, the bare key and token entries.
    fn legacy_store(dir: &Path, secrets: &MemorySecrets) -> String {
        let store = Store::open(dir, secrets).unwrap();
        settings::set(&store.write(), "probe", "1").unwrap();
        let id = store.id();
        drop(store);
        let key = secrets.get(&id.key_entry()).unwrap().unwrap();
        secrets.delete(&id.key_entry()).unwrap();
        identity::remove(dir).unwrap();
        secrets.set(STORE_KEY_ENTRY, &key).unwrap();
        secrets.set(SESSION_TOKEN_ENTRY, "legacy-token").unwrap();
        key
    }

    #[test]
    fn a_legacy_store_adopts_the_legacy_entries_once() {
        let secrets = MemorySecrets::default();
        let dir = tempfile::tempdir().unwrap();
        let key = legacy_store(dir.path(), &secrets);

        let store = Store::open(dir.path(), &secrets).expect("the legacy store opens");
        assert_eq!(
            settings::get(&store.read(), "probe").unwrap().as_deref(),
            Some("1")
        );
        let id = store.id();
        assert_eq!(identity::read(dir.path()).unwrap(), Some(id));
        assert_eq!(secrets.get(&id.key_entry()).unwrap(), Some(key));
        assert_eq!(
            secrets.get(&id.token_entry()).unwrap().as_deref(),
            Some("legacy-token")
        );
        assert_eq!(secrets.get(STORE_KEY_ENTRY).unwrap(), None);
        assert_eq!(secrets.get(SESSION_TOKEN_ENTRY).unwrap(), None);
        drop(store);
        assert_eq!(Store::open(dir.path(), &secrets).unwrap().id(), id);
    }

    #[test]
    fn a_legacy_key_that_does_not_open_the_store_is_left_alone() {
        let secrets = MemorySecrets::default();
        let (legacy, other) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        legacy_store(legacy.path(), &secrets);
        // Another store whose own key is lost must not take the legacy ones.
        let store = Store::open(other.path(), &secrets).unwrap();
        secrets.delete(&store.id().key_entry()).unwrap();
        drop(store);
        assert!(matches!(
            Store::open(other.path(), &secrets),
            Err(CoreError::StoreKeyMissing)
        ));
        assert!(secrets.get(STORE_KEY_ENTRY).unwrap().is_some());
        assert!(secrets.get(SESSION_TOKEN_ENTRY).unwrap().is_some());
        Store::open(legacy.path(), &secrets).expect("the legacy store still adopts its key");
    }

    #[test]
    fn wipe_and_recreate_removes_the_data_the_key_and_the_token() {
        let secrets = MemorySecrets::default();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &secrets).unwrap();
        settings::set(&store.write(), "probe", "1").unwrap();
        let id = store.id();
        let old_key = secrets.get(&id.key_entry()).unwrap().unwrap();
        secrets.set(&id.token_entry(), "token").unwrap();
        store.wipe_and_recreate(&secrets).unwrap();
        assert_eq!(secrets.get(&id.token_entry()).unwrap(), None);
        let new_key = secrets.get(&id.key_entry()).unwrap().expect("a new key");
        assert_ne!(new_key, old_key);
        assert!(settings::get(&store.read(), "probe").unwrap().is_none());
        settings::set(&store.write(), "probe", "2").unwrap();
        drop(store);
        let reopened = Store::open(dir.path(), &secrets).unwrap();
        assert_eq!(
            settings::get(&reopened.read(), "probe").unwrap().as_deref(),
            Some("2")
        );
    }
}
