//! Request extractors that answer every rejection with an [`ApiError`] body:
//! JSON bodies (bad JSON, wrong types, unknown fields → 400; too large →
//! 413), path and query parameters (→ 400), and the signed-in caller from the
//! bearer token (→ 401).

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::Json;
use kaart_api::error::ApiErrorCode;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::AppState;
use crate::accounts;
use crate::failure::Failure;

/// A JSON body; see the module docs for the rejections.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Failure> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_failure(&rejection)),
        }
    }
}

fn json_failure(rejection: &JsonRejection) -> Failure {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return Failure::new(
            ApiErrorCode::PayloadTooLarge,
            format!(
                "Het verzoek is te groot (hoogstens {} MiB).",
                super::BODY_LIMIT / (1024 * 1024)
            ),
        );
    }
    let why = match rejection {
        JsonRejection::JsonDataError(_) => "De JSON past niet bij het verwachte formaat",
        JsonRejection::JsonSyntaxError(_) => "Het verzoek is geen geldige JSON",
        JsonRejection::MissingJsonContentType(_) => "Stuur JSON met Content-Type: application/json",
        _ => "Het verzoek kon niet worden gelezen",
    };
    // serde's detail names the field and the expected type, e.g.
    // "unknown field `x`, expected one of ..." or "invalid type: ...".
    Failure::bad_request(format!("{why}: {}", rejection.body_text()))
}

/// A path parameter, e.g. a UUID.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| ApiPath(p.0))
            .map_err(|e| Failure::bad_request(format!("Ongeldig pad: {}", e.body_text())))
    }
}

/// Query parameters.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e| Failure::bad_request(format!("Ongeldige parameters: {}", e.body_text())))
    }
}

/// The signed-in manager, from `Authorization: Bearer <token>`.
pub struct Caller {
    pub manager: Uuid,
    pub token: String,
}

impl std::fmt::Debug for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caller")
            .field("manager", &self.manager)
            .finish_non_exhaustive()
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Failure> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && t.len() <= 200)
            .ok_or_else(Failure::unauthorized)?;
        let lookup = token.clone();
        let manager = state
            .db
            .run(move |c| Ok(accounts::session_manager(c, &lookup)?))
            .await?
            .ok_or_else(Failure::unauthorized)?;
        Ok(Caller { manager, token })
    }
}
