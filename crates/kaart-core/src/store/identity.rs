//! The store's id: a random UUID in `kaart.db.id` beside `kaart.db`, made
//! with the store. It names the store's entries in the keyring (its key and
//! its session token, see [`crate::secrets`]), so that two data folders under
//! one app identity never share a key or a session: a second folder has its
//! own id, finds no key under it and makes its own, and finds no token, so
//! it is not signed in.
//!
//! The file is not secret (it only names entries) and is written once,
//! atomically (temporary file, flush, rename), so a crash leaves either no
//! id or the whole id.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::error::{CoreError, CoreResult};
use crate::secrets::{SESSION_TOKEN_ENTRY, STORE_KEY_ENTRY};

/// The id file's name inside a data directory.
pub const ID_FILE: &str = "kaart.db.id";

/// The id of one local store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreId(Uuid);

impl StoreId {
    /// An id that names no entry in any keyring (a store opened with a key
    /// given directly).
    pub(crate) fn unbound() -> Self {
        StoreId(Uuid::new_v4())
    }

    /// The keyring entry of this store's database key.
    pub fn key_entry(&self) -> String {
        format!("{STORE_KEY_ENTRY}.{}", self.0)
    }

    /// The keyring entry of the session token this store syncs with.
    pub fn token_entry(&self) -> String {
        format!("{SESSION_TOKEN_ENTRY}.{}", self.0)
    }
}

impl fmt::Display for StoreId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

fn id_path(data_dir: &Path) -> PathBuf {
    data_dir.join(ID_FILE)
}

/// The id of the store in `data_dir`, if it has one.
pub fn read(data_dir: &Path) -> CoreResult<Option<StoreId>> {
    match std::fs::read_to_string(id_path(data_dir)) {
        Ok(text) => Uuid::parse_str(text.trim())
            .map(|id| Some(StoreId(id)))
            .map_err(|_| CoreError::Corrupt(format!("{ID_FILE} holds no store id"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The store's id, made (and written) now when it has none yet.
pub fn read_or_create(data_dir: &Path) -> CoreResult<StoreId> {
    if let Some(id) = read(data_dir)? {
        return Ok(id);
    }
    let id = StoreId(Uuid::new_v4());
    let tmp = data_dir.join(format!("{ID_FILE}.tmp"));
    {
        let mut file = std::fs::File::create(&tmp)?;
        writeln!(file, "{id}")?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, id_path(data_dir))?;
    Ok(id)
}

/// Removes the id file (the store is gone; a next store gets a new id).
pub fn remove(data_dir: &Path) -> CoreResult<()> {
    match std::fs::remove_file(id_path(data_dir)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
        let id = read_or_create(dir.path()).unwrap();
        assert_eq!(read_or_create(dir.path()).unwrap(), id);
        assert_eq!(read(dir.path()).unwrap(), Some(id));
        let other = tempfile::tempdir().unwrap();
        assert_ne!(read_or_create(other.path()).unwrap(), id);
        assert_ne!(id.key_entry(), id.token_entry());
        remove(dir.path()).unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
    }

    #[test]
    fn a_damaged_id_file_is_an_error_not_a_new_id() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(ID_FILE), "not an id").unwrap();
        assert!(matches!(
            read_or_create(dir.path()),
            Err(CoreError::Corrupt(_))
        ));
    }
}
