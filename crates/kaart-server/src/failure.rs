//! The error every request handler and domain function returns: an
//! [`ApiError`] body with its HTTP status. Internal failures are logged
//! without any request data and answered with a generic message.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kaart_api::error::{ApiError, ApiErrorCode, FieldError};

#[derive(Debug)]
pub struct Failure(pub ApiError, Option<Duration>);

pub type ApiResult<T> = Result<T, Failure>;

impl Failure {
    pub fn new(code: ApiErrorCode, message: impl Into<String>) -> Self {
        Failure(ApiError::new(code, message), None)
    }

    /// 429: too many attempts; try again after `wait` (sent as `Retry-After`).
    pub fn rate_limited(message: impl Into<String>, wait: Duration) -> Self {
        Failure(
            ApiError::new(ApiErrorCode::RateLimited, message),
            Some(wait),
        )
    }

    /// Whole seconds to wait, rounded up, at least 1.
    pub fn retry_after_secs(wait: Duration) -> u64 {
        (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ApiErrorCode::BadRequest, message)
    }

    pub fn unauthorized() -> Self {
        Self::new(
            ApiErrorCode::Unauthorized,
            "Meld je aan: er is geen geldige sessie.",
        )
    }

    pub fn forbidden() -> Self {
        Self::new(ApiErrorCode::Forbidden, "Je beheert deze organisatie niet.")
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ApiErrorCode::NotFound, message)
    }

    pub fn validation(field_errors: Vec<FieldError>) -> Self {
        Failure(
            ApiError {
                code: ApiErrorCode::ValidationFailed,
                message: "Niet alle velden zijn goed ingevuld.".into(),
                field_errors,
            },
            None,
        )
    }

    pub fn internal() -> Self {
        Self::new(
            ApiErrorCode::Internal,
            "Er ging iets mis bij de centrale dienst. Probeer het later opnieuw.",
        )
    }

    pub fn code(&self) -> ApiErrorCode {
        self.0.code
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        // rusqlite errors carry SQL and codes, never bound values.
        tracing::error!(error = %e, "database error");
        Failure::internal()
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        tracing::error!(
            line = e.line(),
            column = e.column(),
            "stored JSON is unreadable"
        );
        Failure::internal()
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(self.0)).into_response();
        if let Some(wait) = self.1 {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(Self::retry_after_secs(wait)),
            );
        }
        response
    }
}
