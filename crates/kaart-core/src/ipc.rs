//! The types that cross the IPC boundary to the UI and are not sync wire types
//! (those live in `kaart-api`). Every type here derives `ts_rs::TS`; the
//! TypeScript in `ui/src/lib/bindings/` is generated from them and checked for
//! drift by `tests/bindings.rs`.
//!
//! It also turns the core's errors into what the UI receives
//! (`From<CoreError>` and `From<TransportError>` for [`AppError`]): a code to
//! switch on and an [`ErrorReason`] (a key with parameters) that the window
//! words in its catalogue, in the language the manager chose. The Dutch
//! `message` goes along for logs and tools. Both are made from the kind of
//! failure, never copied from the data involved, so they hold no personal
//! data or tokens.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;
pub use crate::error_reason::{ErrorReason, SaveFailure};
use crate::transport::TransportError;

/// The event that brings every [`SyncStatus`] change to the window (its
/// payload is the `SyncStatus`). Exported to the UI as a constant in
/// `ui/src/lib/bindings/events.ts`.
pub const SYNC_STATUS_EVENT: &str = "sync-status";

/// The event that tells the window how far a running export is (its
/// payload is a [`crate::export::ExportProgress`]: counts only). Exported to
/// the UI as a constant in `ui/src/lib/bindings/events.ts`.
pub const EXPORT_PROGRESS_EVENT: &str = "export-progress";

/// The event that tells the window which section to open (its payload is a
/// [`crate::notices::WindowSection`]): sent when the manager clicks a
/// notification. Exported to the UI as a constant in
/// `ui/src/lib/bindings/events.ts`.
pub const OPEN_SECTION_EVENT: &str = "open-section";

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
    /// The OS keyring is not reachable or locked; unlocking it fixes this.
    Keyring,
    /// The keyring works but holds no key, or a wrong key, for the existing
    /// local store: that store can never be read again. The UI may offer to
    /// set it aside (never delete it) and start with a new one.
    StoreKeyLost,
    /// The local store cannot be opened or was written by a newer version.
    Store,
    /// The record does not exist (anymore).
    NotFound,
    /// Anything else; the message is safe to show and holds no personal data.
    Internal,
}

/// An error as the UI receives it: `{ code, reason, message }`. The window
/// words `reason` from its catalogue; `message` is the Dutch text, shown only
/// for an [`ErrorReason::Unworded`] reason and as the Dutch wording of an
/// [`ErrorReason::FieldRule`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub reason: ErrorReason,
    pub message: String,
    /// For `invalid_input` about one field of a record: that field's name
    /// (e.g. `visiting_postcode`), so a form can show the message beside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// For `invalid_input` about fields of a record: every broken field
    /// (the first is `field`), so a form shows all its errors at once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<kaart_api::error::FieldError>>", optional)]
    pub fields: Vec<kaart_api::error::FieldError>,
}

impl AppError {
    /// An error with a reason the window words; `message` is its Dutch text.
    pub fn new(code: ErrorCode, reason: ErrorReason) -> Self {
        Self {
            code,
            message: reason.dutch(),
            reason,
            field: None,
            fields: Vec::new(),
        }
    }

    /// An error whose text has no key (the central service's, the
    /// command-line tool's): shown as it is.
    pub fn unworded(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            reason: ErrorReason::Unworded,
            message: message.into(),
            field: None,
            fields: Vec::new(),
        }
    }

    /// An `invalid_input` error about one field that broke the shared
    /// validation rule `rule`; `message` is the rule's Dutch wording.
    pub fn invalid_field(
        field: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
        params: std::collections::BTreeMap<String, String>,
    ) -> Self {
        Self {
            code: ErrorCode::InvalidInput,
            reason: ErrorReason::FieldRule {
                rule: rule.into(),
                params,
            },
            message: message.into(),
            field: Some(field.into()),
            fields: Vec::new(),
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
    /// The folder that holds this computer's local data (the encrypted
    /// store and the logs).
    pub data_dir: String,
    /// Why the local data could not be opened at start (keyring locked, key
    /// missing, newer schema); the window then shows only this.
    pub startup_error: Option<AppError>,
}

/// A record as the manager sees it: the service's last known state with the
/// edits made here on top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LocalRecord {
    pub record: kaart_api::records::Record,
    /// The service's version of the base; `None` for a record created here
    /// and not yet accepted.
    pub version: Option<i64>,
    /// Edits made here that have not reached the service yet.
    pub pending_edits: u32,
    /// Edits the service refused (see the rejected-edits list).
    pub rejected_edits: u32,
    /// Fields waiting for the manager's decision.
    pub conflicts: u32,
}

/// Sign-ups of an organisation the service removed (unsubscribed, or past
/// the retention period) since the first such removal reached this store:
/// a count, never who.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignupRemovals {
    pub count: u32,
    /// When the first counted removal arrived (RFC 3339); `None` before.
    pub since: Option<String>,
}

/// Whether the central service could be reached at the last attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Connectivity {
    /// Not tried yet since start.
    Unknown,
    Online,
    Offline,
    /// Signed out or the session expired: sync waits for a sign-in.
    SignedOut,
}

/// What a running sync is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    Sending,
    Receiving,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub done: u64,
    /// Known when sending; the service does not announce how much it sends.
    pub total: Option<u64>,
}

/// The sync status line of the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    pub connectivity: Connectivity,
    /// `Some` while a sync runs.
    pub syncing: Option<SyncProgress>,
    /// RFC 3339; the end of the last complete sync.
    pub last_synced_at: Option<String>,
    pub pending_edits: u64,
    pub rejected_edits: u64,
    pub conflicts: u64,
}

/// A field changed both here and on the service, shown side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConflictView {
    pub id: i64,
    pub kind: kaart_api::records::RecordKind,
    pub record_id: uuid::Uuid,
    /// The field, or `*` for the whole record (a delete against an edit).
    pub field: String,
    pub reason: kaart_api::sync::ConflictReason,
    /// The value made here (`null` for "deleted here").
    #[ts(type = "unknown")]
    pub yours: serde_json::Value,
    /// The service's value (`null` for "deleted there").
    #[ts(type = "unknown")]
    pub theirs: serde_json::Value,
}

/// How the manager decides a conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "choice", rename_all = "snake_case")]
pub enum Resolution {
    /// Send my value again, now over the service's value.
    KeepMine,
    /// Keep the service's value.
    TakeTheirs,
    /// Neither: this new value.
    Edit {
        #[ts(type = "unknown")]
        value: serde_json::Value,
    },
}

/// An edit the service refused, with its reasons per field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RejectedEdit {
    pub mutation_id: uuid::Uuid,
    pub kind: kaart_api::records::RecordKind,
    pub record_id: uuid::Uuid,
    pub errors: Vec<kaart_api::error::FieldError>,
}

/// A record that is due for its periodic check (*controle*) — never
/// checked, or last checked the service's review interval ago or longer —
/// or almost due (within [`crate::review::WARNING_DAYS`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewItem {
    pub kind: kaart_api::records::RecordKind,
    pub record_id: uuid::Uuid,
    pub organization_id: Option<uuid::Uuid>,
    /// The record's name or title, for the list.
    pub title: String,
    /// When it was last checked; `None` for never.
    pub assured_date: Option<chrono::NaiveDate>,
    /// The day it became (or, when almost due, becomes) due, a date in the
    /// Netherlands; `None` when never checked.
    pub due_on: Option<chrono::NaiveDate>,
    /// Not due yet, but within the warning window.
    pub almost_due: bool,
}

// ----- from the core's errors to what the UI receives -----

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        use ErrorReason as R;
        match e {
            CoreError::Keyring(_) => AppError::new(ErrorCode::Keyring, R::KeyringUnavailable),
            CoreError::StoreKeyMissing => {
                AppError::new(ErrorCode::StoreKeyLost, R::StoreKeyMissing)
            }
            CoreError::StoreKeyWrong => AppError::new(ErrorCode::StoreKeyLost, R::StoreKeyWrong),
            CoreError::StoreTooNew { .. } => AppError::new(ErrorCode::Store, R::StoreTooNew),
            CoreError::Store(_)
            | CoreError::Migration(_)
            | CoreError::Io(_)
            | CoreError::Corrupt(_) => AppError::new(ErrorCode::Store, R::StoreUnreadable),
            CoreError::NotFound => AppError::new(ErrorCode::NotFound, R::NotFound),
            CoreError::InvalidInput(reason) => AppError::new(ErrorCode::InvalidInput, reason),
            CoreError::InvalidFields(errors) => match errors.first() {
                Some(first) => AppError {
                    fields: errors.clone(),
                    ..AppError::invalid_field(
                        &first.field,
                        &first.code,
                        &first.message,
                        first.params.clone(),
                    )
                },
                None => AppError::new(ErrorCode::InvalidInput, R::InvalidValues),
            },
            CoreError::NotSignedIn => AppError::new(ErrorCode::NotSignedIn, R::SignInFirst),
            CoreError::WrongCredentials => {
                AppError::new(ErrorCode::NotSignedIn, R::WrongCredentials)
            }
            CoreError::Interrupted(_) => AppError::new(ErrorCode::Internal, R::Interrupted),
            CoreError::Transport(t) => t.into(),
            CoreError::Export(reason) => AppError::new(ErrorCode::Internal, reason),
            CoreError::ExportCancelled => AppError::new(ErrorCode::Internal, R::ExportCancelled),
        }
    }
}

impl From<TransportError> for AppError {
    fn from(e: TransportError) -> Self {
        match e {
            TransportError::Network(_) | TransportError::Server { .. } => {
                AppError::new(ErrorCode::Offline, ErrorReason::ServiceUnreachable)
            }
            TransportError::Unauthorized => {
                AppError::new(ErrorCode::NotSignedIn, ErrorReason::SessionExpired)
            }
            TransportError::ResyncRequired => {
                AppError::new(ErrorCode::Internal, ErrorReason::ResyncRequired)
            }
            TransportError::Api { error, .. } => {
                let code = match error.code {
                    kaart_api::error::ApiErrorCode::ValidationFailed
                    | kaart_api::error::ApiErrorCode::BadRequest => ErrorCode::InvalidInput,
                    kaart_api::error::ApiErrorCode::NotFound => ErrorCode::NotFound,
                    kaart_api::error::ApiErrorCode::Unauthorized => ErrorCode::NotSignedIn,
                    _ => ErrorCode::Internal,
                };
                // The service's messages are Dutch and free of personal data
                // by contract (kaart_api::error); they have no key.
                AppError::unworded(code, error.message)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_names_its_field_for_the_form() {
        let error: AppError = CoreError::InvalidFields(vec![
            kaart_api::error::FieldError::new(
                "visiting_postcode",
                "invalid_postcode",
                "Vul een postcode in als 1234 AB.",
            )
            .with("max", 7),
            kaart_api::error::FieldError::new("phone", "invalid_phone", "Geen telefoonnummer."),
        ])
        .into();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert_eq!(error.field.as_deref(), Some("visiting_postcode"));
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["field"], "visiting_postcode");
        assert_eq!(json["reason"]["kind"], "field_rule");
        assert_eq!(json["reason"]["rule"], "invalid_postcode");
        // Every broken field goes along, so the form shows them all at once.
        assert_eq!(json["fields"][0]["field"], "visiting_postcode");
        assert_eq!(json["fields"][1]["field"], "phone");
        assert_eq!(json["fields"][1]["code"], "invalid_phone");
        assert_eq!(json["reason"]["params"]["max"], "7");
        // Errors about no single field carry no `field` key at all.
        let plain = serde_json::to_value(AppError::from(CoreError::NotFound)).unwrap();
        assert!(plain.get("field").is_none());
    }

    #[test]
    fn a_reason_crosses_as_a_key_with_its_parameters() {
        let error = AppError::from(CoreError::InvalidInput(ErrorReason::FieldNotEditable {
            field: "name".into(),
        }));
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["reason"]["kind"], "field_not_editable");
        assert_eq!(json["reason"]["field"], "name");
        // The Dutch message goes along for logs and tools.
        assert_eq!(
            json["message"],
            "Het veld 'name' kan niet worden gewijzigd."
        );
        let saved = AppError::from(CoreError::Export(ErrorReason::ExportNotSaved {
            cause: SaveFailure::NoFolder,
        }));
        let json = serde_json::to_value(&saved).unwrap();
        assert_eq!(json["reason"]["kind"], "export_not_saved");
        assert_eq!(json["reason"]["cause"], "no_folder");
    }
}
