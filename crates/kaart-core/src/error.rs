//! The core's error type and its mapping to what the UI receives
//! ([`crate::ipc::AppError`]: a code to switch on and a Dutch message).
//!
//! Messages never hold personal data or tokens: they are written here, from
//! the kind of failure, not copied from the data involved. Underlying
//! library errors are kept only as a short technical detail for logs, and
//! those come from rusqlite/reqwest/keyring, which never see record contents
//! (queries are parameterised; bodies are not echoed).

use crate::ipc::{AppError, ErrorCode};
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
    InvalidInput(String),
    #[error("invalid input in {field}: {message}")]
    InvalidField { field: String, message: String },
    #[error("not signed in")]
    NotSignedIn,
    #[error(transparent)]
    Transport(#[from] TransportError),
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

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Keyring(_) => AppError::new(
                ErrorCode::Keyring,
                "De sleutelbos van het systeem is niet bereikbaar of vergrendeld. Ontgrendel de sleutelbos en probeer het opnieuw.",
            ),
            CoreError::StoreKeyMissing => AppError::new(
                ErrorCode::StoreKeyLost,
                "De sleutel van de lokale gegevens ontbreekt in de sleutelbos. De bestaande gegevens zijn niet aangeraakt.",
            ),
            CoreError::StoreKeyWrong => AppError::new(
                ErrorCode::StoreKeyLost,
                "De sleutel in de sleutelbos past niet bij de lokale gegevens. De bestaande gegevens zijn niet aangeraakt.",
            ),
            CoreError::StoreTooNew { .. } => AppError::new(
                ErrorCode::Store,
                "De lokale gegevens zijn gemaakt door een nieuwere versie van Kaartbeheer. Werk de app bij; de gegevens zijn niet aangeraakt.",
            ),
            CoreError::Store(_) | CoreError::Migration(_) | CoreError::Io(_) | CoreError::Corrupt(_) => {
                AppError::new(ErrorCode::Store, "De lokale gegevens konden niet worden gelezen of bijgewerkt.")
            }
            CoreError::NotFound => AppError::new(ErrorCode::NotFound, "Dit gegeven bestaat niet (meer)."),
            CoreError::InvalidInput(message) => AppError::new(ErrorCode::InvalidInput, message),
            CoreError::InvalidField { field, message } => AppError::invalid_field(field, message),
            CoreError::NotSignedIn => AppError::new(ErrorCode::NotSignedIn, "Log eerst in."),
            CoreError::Transport(t) => t.into(),
        }
    }
}

impl From<TransportError> for AppError {
    fn from(e: TransportError) -> Self {
        match e {
            TransportError::Network(_) | TransportError::Server { .. } => AppError::new(
                ErrorCode::Offline,
                "De centrale dienst is niet bereikbaar. Je kunt gewoon doorwerken; wijzigingen gaan later mee.",
            ),
            TransportError::Unauthorized => {
                AppError::new(ErrorCode::NotSignedIn, "Je sessie is verlopen of de inloggegevens kloppen niet.")
            }
            TransportError::ResyncRequired => {
                AppError::new(ErrorCode::Internal, "De gegevens moeten opnieuw volledig worden opgehaald.")
            }
            TransportError::Api { error, .. } => {
                let code = match error.code {
                    kaart_api::error::ApiErrorCode::ValidationFailed | kaart_api::error::ApiErrorCode::BadRequest => {
                        ErrorCode::InvalidInput
                    }
                    kaart_api::error::ApiErrorCode::NotFound => ErrorCode::NotFound,
                    kaart_api::error::ApiErrorCode::Unauthorized => ErrorCode::NotSignedIn,
                    _ => ErrorCode::Internal,
                };
                // The service's messages are Dutch and free of personal data
                // by contract (kaart_api::error).
                AppError::new(code, error.message)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_names_its_field_for_the_form() {
        let error: AppError = CoreError::InvalidField {
            field: "visiting_postcode".into(),
            message: "Vul een postcode in als 1234 AB.".into(),
        }
        .into();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert_eq!(error.field.as_deref(), Some("visiting_postcode"));
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["field"], "visiting_postcode");
        // Errors about no single field carry no `field` key at all.
        let plain = serde_json::to_value(AppError::from(CoreError::NotFound)).unwrap();
        assert!(plain.get("field").is_none());
    }
}
