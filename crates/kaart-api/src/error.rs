//! The body of every non-2xx answer: a code to switch on, a message to show
//! (Dutch, safe to display, never personal data), and per-field errors where
//! the input was not valid.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorCode {
    /// 400: the request is malformed (bad JSON, wrong types, unknown fields).
    BadRequest,
    /// 401: no valid bearer token, or wrong username or password.
    Unauthorized,
    /// 403: signed in, but not a manager of this organisation.
    Forbidden,
    /// 404: no such record, activity or link.
    NotFound,
    /// 410: the cursor is unknown or too old; resync from scratch.
    ResyncRequired,
    /// 413: the body is larger than the service accepts.
    PayloadTooLarge,
    /// 422: the input is well-formed but not valid; see `field_errors`.
    ValidationFailed,
    /// 409: the activity is full.
    ActivityFull,
    /// 409: the activity's sign-up window is closed (or not open yet).
    SignupClosed,
    /// 409: this e-mail address is already signed up for this activity.
    AlreadySignedUp,
    /// 429: too many failed sign-ins or sign-ups; wait `Retry-After` seconds.
    RateLimited,
    /// 500: the service failed; try again later.
    Internal,
}

impl ApiErrorCode {
    /// The HTTP status every answer with this code carries.
    pub fn http_status(self) -> u16 {
        match self {
            ApiErrorCode::BadRequest => 400,
            ApiErrorCode::Unauthorized => 401,
            ApiErrorCode::Forbidden => 403,
            ApiErrorCode::NotFound => 404,
            ApiErrorCode::ResyncRequired => 410,
            ApiErrorCode::PayloadTooLarge => 413,
            ApiErrorCode::ValidationFailed => 422,
            ApiErrorCode::ActivityFull
            | ApiErrorCode::SignupClosed
            | ApiErrorCode::AlreadySignedUp => 409,
            ApiErrorCode::RateLimited => 429,
            ApiErrorCode::Internal => 500,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct ApiError {
    pub code: ApiErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_errors: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ApiErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field_errors: Vec::new(),
        }
    }
}

/// Why one field is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct FieldError {
    pub field: String,
    /// Machine-readable reason, e.g. `required`, `too_long`, `invalid_postcode`.
    pub code: String,
    /// Dutch, for the manager: "Vul een postcode in als 1234 AB."
    pub message: String,
    /// The details `message` names, by name, so a client can word the rule
    /// in another language: `max` (a length or count limit), `label` (the
    /// question of a sign-up form field). Empty for rules without details;
    /// absent in what older services send.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
            params: BTreeMap::new(),
        }
    }

    /// The same error with the detail `name` = `value` (see [`FieldError::params`]).
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }
}
