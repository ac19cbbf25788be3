//! The types that cross the IPC boundary to the UI and are not sync wire types
//! (those live in `kaart-api`). Every type here derives `ts_rs::TS`; the
//! TypeScript in `ui/src/lib/bindings/` is generated from them and checked for
//! drift by `tests/bindings.rs`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What went wrong, as a code the UI can switch on. Never match on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input was not acceptable; the message says which field and why.
    InvalidInput,
    /// Not signed in, or the session expired.
    NotSignedIn,
    /// The central service cannot be reached; local work goes on.
    Offline,
    /// The OS keyring is missing, locked, or holds no key for the local store.
    Keyring,
    /// The local store cannot be opened or was written by a newer version.
    Store,
    /// The record does not exist (anymore).
    NotFound,
    /// Anything else; the message is safe to show and holds no personal data.
    Internal,
}

/// An error as the UI receives it: `{ code, message }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// What the app shows about itself in its About panel and title bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub version: String,
    /// `true` when the app runs against the embedded demo central service.
    pub demo: bool,
    /// The base URL of the central service the app syncs with.
    pub service_url: String,
}
