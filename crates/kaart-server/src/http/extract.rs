//! Request extractors that answer every rejection with an [`ApiError`] body
//! and a Dutch message that never echoes what was sent:
//! JSON bodies (bad JSON, wrong types, unknown fields → 400; too large →
//! 413), path and query parameters (→ 400), and the signed-in caller from the
//! bearer token (→ 401), and an organisation the caller manages (→ 403).

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use http_body_util::BodyExt;
use kaart_api::error::ApiErrorCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use uuid::Uuid;

use super::AppState;
use crate::accounts;
use crate::failure::Failure;

/// A JSON body; see the module docs for the rejections. The messages are
/// Dutch and name where in the body the problem is (our own field names),
/// never a submitted value and never a library's English detail.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Failure> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(Failure::bad_request(
                "Stuur de gegevens als JSON, met Content-Type: application/json.",
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| body_failure(&e))?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| json_failure(&e))?;
        // Trailing content after the value is as malformed as a syntax error.
        de.end().map_err(|_| Failure::bad_request(SYNTAX))?;
        Ok(ApiJson(value))
    }
}

const SYNTAX: &str = "Het verzoek is geen geldige JSON.";

/// A too-large body announced up to this size is read (and dropped) before
/// the answer; a larger one is answered at once, its connection cut.
const DRAIN_LIMIT: u64 = 8 * super::BODY_LIMIT as u64;
/// The longest a too-large body is read before the answer goes anyway.
const DRAIN_TIME: Duration = Duration::from_secs(30);

/// Middleware: a request whose `Content-Length` announces more than the
/// limit is answered 413 without parsing it (the limit on the body itself,
/// `DefaultBodyLimit`, stays for bodies without a length). Its body is read
/// to the end first: answered while the client was still sending, the
/// connection was closed under it, and the client saw "broken pipe" instead
/// of the 413 (a sync client must see the 413 to halve its batch).
pub(super) async fn refuse_announced_too_large(
    req: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(length) = announced.filter(|&n| n > super::BODY_LIMIT as u64) {
        if length <= DRAIN_LIMIT {
            // Whatever the reading ends with, the answer is the same.
            let _ = tokio::time::timeout(DRAIN_TIME, drain(req.into_body())).await;
        }
        return axum::response::IntoResponse::into_response(too_large());
    }
    next.run(req).await
}

/// Reads a body to its end (or its first error), keeping nothing.
async fn drain(mut body: axum::body::Body) {
    while let Some(Ok(_)) = body.frame().await {}
}

fn too_large() -> Failure {
    Failure::new(
        ApiErrorCode::PayloadTooLarge,
        format!(
            "Het verzoek is te groot (hoogstens {} MiB).",
            super::BODY_LIMIT / (1024 * 1024)
        ),
    )
}

pub(super) fn body_failure(rejection: &BytesRejection) -> Failure {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        Failure::bad_request("Het verzoek kon niet worden gelezen.")
    }
}

/// Where in the body: the path of our own field names and list positions,
/// e.g. `mutations[0].op`; the root is "het verzoek".
fn place(path: &serde_path_to_error::Path) -> String {
    let p = path.to_string();
    if p.is_empty() || p == "." {
        "het verzoek".to_string()
    } else {
        format!("“{p}”")
    }
}

/// The Dutch answer to a body that is not JSON or does not fit the type.
/// serde's own message is only classified (by its fixed English prefix),
/// never passed on: it can quote the submitted value.
fn json_failure(e: &serde_path_to_error::Error<serde_json::Error>) -> Failure {
    let inner = e.inner();
    if !inner.is_data() {
        return Failure::bad_request(SYNTAX);
    }
    let detail = inner.to_string();
    let at = place(e.path());
    let message = if detail.starts_with("unknown field") {
        // Name where the unknown key is, never the key itself: the path of a
        // plain struct ends in it (inside a tagged enum it does not).
        let mut segments: Vec<String> = e.path().iter().map(|s| s.to_string()).collect();
        if segments
            .last()
            .is_some_and(|key| detail.starts_with(&format!("unknown field `{key}`")))
        {
            segments.pop();
        }
        let parent = if segments.is_empty() {
            "het verzoek".to_string()
        } else {
            format!("“{}”", segments.join(".").replace(".[", "["))
        };
        format!("In {parent} staat een veld dat hier niet bestaat. Laat het weg.")
    } else if let Some(rest) = detail.strip_prefix("missing field `") {
        // The missing field's name is ours, not the sender's.
        let field = rest.split('`').next().unwrap_or_default();
        format!("In {at} ontbreekt het verplichte veld “{field}”.")
    } else if detail.starts_with("unknown variant") {
        format!(
            "{} heeft een waarde die hier niet bestaat.",
            capitalise(&at)
        )
    } else if detail.starts_with("invalid type") {
        format!("{} heeft het verkeerde soort waarde.", capitalise(&at))
    } else {
        format!("{} heeft een ongeldige waarde.", capitalise(&at))
    };
    Failure::bad_request(message)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A path parameter, e.g. a UUID. A malformed one is named, not echoed.
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
            .map_err(|e| path_failure(&e))
    }
}

fn path_failure(rejection: &PathRejection) -> Failure {
    use axum::extract::path::ErrorKind;
    let key = match rejection {
        PathRejection::FailedToDeserializePathParams(e) => match e.kind() {
            ErrorKind::ParseErrorAtKey { key, .. } | ErrorKind::DeserializeError { key, .. } => {
                Some(key.clone())
            }
            _ => None,
        },
        _ => None,
    };
    match key {
        Some(key) => Failure::bad_request(format!(
            "Het webadres klopt niet: “{key}” is geen geldig id."
        )),
        None => Failure::bad_request("Het webadres klopt niet."),
    }
}

/// Query parameters. A malformed one is named, not echoed.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Failure> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| {
                let p = e.path().to_string();
                if p.is_empty() || p == "." {
                    Failure::bad_request("De parameters in het webadres kloppen niet.")
                } else {
                    Failure::bad_request(format!(
                        "De parameter “{p}” in het webadres heeft een ongeldige waarde."
                    ))
                }
            })
    }
}

/// The client's address: the TCP peer (no proxy headers are trusted). The
/// unspecified address when the service runs without connection info.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Failure> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        ))
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

/// The `{org}` of an organisation route.
#[derive(Deserialize)]
struct OrgPath {
    org: Uuid,
}

/// The signed-in caller and the organisation of the route (`{org}`), which
/// the caller manages: no valid token → 401, malformed id → 400, not a
/// manager of it → 403.
#[derive(Debug)]
pub struct ManagedOrg {
    pub manager: Uuid,
    pub org: Uuid,
}

impl FromRequestParts<AppState> for ManagedOrg {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Failure> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let ApiPath(OrgPath { org }) = ApiPath::from_request_parts(parts, state).await?;
        let manager = caller.manager;
        let manages = state
            .db
            .run(move |c| Ok(accounts::manages(c, manager, org)?))
            .await?;
        if manages {
            Ok(ManagedOrg { manager, org })
        } else {
            Err(Failure::forbidden())
        }
    }
}
