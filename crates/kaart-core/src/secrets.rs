//! Where the core keeps its two secrets: the local store's 256-bit key and
//! the session token. Both live in the OS keyring (Secret Service on Linux,
//! through the `keyring` crate), never on disk.
//!
//! Entries are addressed by a *service* derived from the app identifier the
//! caller passes in (`nl.kaartbeheer.app` for the app, a random one per test),
//! so tests never touch a user's real entries, and by a name bound to one
//! local store: `local-store-key.<store id>` and `session-token.<store id>`,
//! the id being the one in the store's `kaart.db.id`
//! ([`crate::store::identity`]). A second data folder under the same app
//! identity has its own id, so it never opens with another store's key nor
//! syncs with another store's session.
//!
//! Stores made before the ids existed used the bare names `local-store-key`
//! and `session-token`. The first store whose file that legacy key decrypts
//! adopts both entries once ([`adopt_legacy_entries`]): they are copied under
//! its id and the bare names are deleted. Decryption is the proof that the key
//! is this store's; the token goes with it because a legacy installation had
//! one store per identity. Another legacy folder (only the bug being fixed
//! made one) then finds no key and goes through the "key lost" flow: its file
//! is set aside, not deleted.
//!
//! [`MemorySecrets`] stands in for the keyring in fast unit tests only (and
//! only exists with the `test-seams` feature); the integration tests use the
//! real keyring inside `dbus-run-session`.

#[cfg(any(test, feature = "test-seams"))]
use std::collections::HashMap;
use std::fmt;
#[cfg(any(test, feature = "test-seams"))]
use std::sync::Mutex;

use crate::error::CoreResult;
use crate::store::identity::StoreId;

/// The start of the keyring user name of a store's key
/// (`local-store-key.<store id>`); alone, the legacy name.
pub const STORE_KEY_ENTRY: &str = "local-store-key";
/// The start of the keyring user name of a store's session token
/// (`session-token.<store id>`); alone, the legacy name.
pub const SESSION_TOKEN_ENTRY: &str = "session-token";

/// A small secret store: get, set and delete by entry name.
pub trait SecretStore: Send + Sync + fmt::Debug {
    /// `Ok(None)` when the entry does not exist; `Err` when the store itself
    /// is unreachable or locked.
    fn get(&self, entry: &str) -> CoreResult<Option<String>>;
    fn set(&self, entry: &str, secret: &str) -> CoreResult<()>;
    /// Deleting a missing entry is not an error.
    fn delete(&self, entry: &str) -> CoreResult<()>;
}

/// The OS keyring, under one service name.
pub struct OsKeyring {
    service: String,
}

impl OsKeyring {
    /// `app_id` is the application identifier, e.g. `nl.kaartbeheer.app`.
    pub fn new(app_id: &str) -> Self {
        Self {
            service: format!("{app_id}.sync"),
        }
    }

    fn entry(&self, name: &str) -> CoreResult<keyring::Entry> {
        Ok(keyring::Entry::new(&self.service, name)?)
    }
}

impl fmt::Debug for OsKeyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OsKeyring")
            .field("service", &self.service)
            .finish()
    }
}

impl SecretStore for OsKeyring {
    fn get(&self, entry: &str) -> CoreResult<Option<String>> {
        match self.entry(entry)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn set(&self, entry: &str, secret: &str) -> CoreResult<()> {
        Ok(self.entry(entry)?.set_password(secret)?)
    }

    fn delete(&self, entry: &str) -> CoreResult<()> {
        match self.entry(entry)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// Adopts the legacy (unbound) entries for the store `id` when the legacy
/// key opens it (`opens`): the token is copied first and the key second (a
/// key under the bound name marks the adoption done), then the legacy names
/// are deleted. Returns the key, or `None` when there is no legacy key or it
/// is not this store's (then nothing is touched).
pub fn adopt_legacy_entries(
    secrets: &dyn SecretStore,
    id: StoreId,
    opens: impl FnOnce(&str) -> bool,
) -> CoreResult<Option<String>> {
    let Some(key) = secrets.get(STORE_KEY_ENTRY)? else {
        return Ok(None);
    };
    if !opens(&key) {
        return Ok(None);
    }
    if let Some(token) = secrets.get(SESSION_TOKEN_ENTRY)? {
        secrets.set(&id.token_entry(), &token)?;
    }
    secrets.set(&id.key_entry(), &key)?;
    forget_legacy_entries(secrets, &key)?;
    Ok(Some(key))
}

/// Deletes the legacy entries when their key is `adopted_key` (finishes an
/// adoption cut short by a crash after the copies were made).
pub fn forget_legacy_entries(secrets: &dyn SecretStore, adopted_key: &str) -> CoreResult<()> {
    if secrets.get(STORE_KEY_ENTRY)?.as_deref() == Some(adopted_key) {
        secrets.delete(SESSION_TOKEN_ENTRY)?;
        secrets.delete(STORE_KEY_ENTRY)?;
    }
    Ok(())
}

/// An in-memory secret store for unit tests. Not for production use: it
/// only exists in this crate's own tests and with the `test-seams` feature.
#[cfg(any(test, feature = "test-seams"))]
#[derive(Default)]
pub struct MemorySecrets {
    entries: Mutex<HashMap<String, String>>,
}

#[cfg(any(test, feature = "test-seams"))]
impl MemorySecrets {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        crate::threads::acquire(&self.entries)
    }
}

#[cfg(any(test, feature = "test-seams"))]
impl fmt::Debug for MemorySecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.entries().keys().cloned().collect();
        f.debug_struct("MemorySecrets")
            .field("entries", &names)
            .finish()
    }
}

#[cfg(any(test, feature = "test-seams"))]
impl SecretStore for MemorySecrets {
    fn get(&self, entry: &str) -> CoreResult<Option<String>> {
        Ok(self.entries().get(entry).cloned())
    }

    fn set(&self, entry: &str, secret: &str) -> CoreResult<()> {
        self.entries().insert(entry.into(), secret.into());
        Ok(())
    }

    fn delete(&self, entry: &str) -> CoreResult<()> {
        self.entries().remove(entry);
        Ok(())
    }
}
