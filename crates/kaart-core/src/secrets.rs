//! Where the core keeps its two secrets: the local store's 256-bit key and
//! the session token. Both live in the OS keyring (Secret Service on Linux,
//! through the `keyring` crate), never on disk.
//!
//! Entries are addressed by a *service* derived from the app identifier the
//! caller passes in (`nl.kaartbeheer.app` for the app, a random one per test),
//! so tests never touch a user's real entries. [`MemorySecrets`] stands in for
//! the keyring in fast unit tests only; the integration tests use the real
//! keyring inside `dbus-run-session`.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use crate::error::CoreResult;

/// The keyring user name under which the local store's key is kept.
pub const STORE_KEY_ENTRY: &str = "local-store-key";
/// The keyring user name under which the session token is kept.
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

/// An in-memory secret store for unit tests. Not for production use.
#[derive(Default)]
pub struct MemorySecrets {
    entries: Mutex<HashMap<String, String>>,
}

impl fmt::Debug for MemorySecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = crate::threads::acquire(&self.entries)
            .keys()
            .cloned()
            .collect();
        f.debug_struct("MemorySecrets")
            .field("entries", &names)
            .finish()
    }
}

impl SecretStore for MemorySecrets {
    fn get(&self, entry: &str) -> CoreResult<Option<String>> {
        Ok(crate::threads::acquire(&self.entries).get(entry).cloned())
    }

    fn set(&self, entry: &str, secret: &str) -> CoreResult<()> {
        crate::threads::acquire(&self.entries).insert(entry.into(), secret.into());
        Ok(())
    }

    fn delete(&self, entry: &str) -> CoreResult<()> {
        crate::threads::acquire(&self.entries).remove(entry);
        Ok(())
    }
}
