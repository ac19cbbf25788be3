//! The core's error type. What the UI receives is made from it in
//! [`crate::ipc`] (`From<CoreError> for AppError`: a code to switch on, a
//! reason the UI words and a Dutch message), so this module does not depend on the IPC types.
//!
//! Messages never hold personal data or tokens: they are written from the
//! kind of failure, not copied from the data involved. Underlying
//! library errors are kept only as a short technical detail for logs, and
//! those come from rusqlite/reqwest/keyring, which never see record contents
//! (queries are parameterised; bodies are not echoed).

use crate::error_reason::ErrorReason;
use crate::transport::TransportError;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("keyring: {0}")]
    Keyring(String),
    #[error("de sleutel van de lokale opslag ontbreekt in de sleutelbos")]
    StoreKeyMissing,
    #[error("de sleutel in de sleutelbos past niet bij de lokale opslag")]
    StoreKeyWrong,
    #[error("de lokale opslag is gemaakt door een nieuwere versie (schema {found}, deze versie kent {known})")]
    StoreTooNew { found: i64, known: i64 },
    #[error("store: {0}")]
    Store(#[from] rusqlite::Error),
    #[error("migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0}")]
    InvalidInput(ErrorReason),
    /// A record broke shared validation rules (`kaart_api::validate`): every
    /// broken field, in the rules' order (never empty), so a form can show
    /// them all at once. Each names its field, its rule's code and the
    /// rule's Dutch wording.
    #[error("invalid input in {} field(s)", .0.len())]
    InvalidFields(Vec<kaart_api::error::FieldError>),
    #[error("not signed in")]
    NotSignedIn,
    /// A sign-in refused: the username or the password is wrong.
    #[error("wrong username or password")]
    WrongCredentials,
    /// Work that ran on another thread or task did not finish: it panicked,
    /// or the runtime shut down under it. Nothing of it was committed beyond
    /// its last finished transaction.
    #[error("interrupted work: {0}")]
    Interrupted(&'static str),
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// An export could not be written; the reason says why.
    #[error("{0}")]
    Export(ErrorReason),
    /// An export was cancelled; no file was left.
    #[error("export cancelled")]
    ExportCancelled,
    #[error("corrupt local data: {0}")]
    Corrupt(String),
}

impl From<keyring::Error> for CoreError {
    fn from(e: keyring::Error) -> Self {
        // keyring errors carry no secret material, only platform messages.
        CoreError::Keyring(e.to_string())
    }
}

impl From<serde_json::Error> for CoreError {
    fn from(e: serde_json::Error) -> Self {
        // serde_json messages name a position and an expectation, not data.
        CoreError::Corrupt(format!("json at line {} column {}", e.line(), e.column()))
    }
}

pub type CoreResult<T> = Result<T, CoreError>;
