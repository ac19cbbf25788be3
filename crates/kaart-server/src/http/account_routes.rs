//! Handlers for signing in and out, the caller's own account (`/me`, its
//! profile mutations) and the published policy.

use std::sync::OnceLock;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use kaart_api::account::{Me, Policy, Session, SignInRequest};
use kaart_api::error::{ApiError, ApiErrorCode};
use kaart_api::records::RecordKind;
use kaart_api::routes::{ME_MUTATIONS_ROUTE, ME_ROUTE, POLICY_ROUTE, SESSION_ROUTE};
use kaart_api::sync::{MutationBatch, MutationBatchResult, Scope};
use kaart_api::API_PREFIX;

use super::extract::{ApiJson, Caller, ClientAddr};
use super::mutation_batch::answer_batch;
use super::AppState;
use crate::accounts;
use crate::failure::{ApiResult, Failure};
use crate::store;

/// A hash to verify against when the username is unknown, so that unknown
/// and known names take equally long.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| accounts::hash_password("kaartbeheer-dummy").unwrap_or_default())
}

/// Sign in with username and password; returns a bearer token.
#[utoipa::path(
    post,
    context_path = API_PREFIX,
    path = SESSION_ROUTE,
    tag = "account",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in", body = Session),
        (status = 400, description = "Malformed request", body = ApiError),
        (status = 401, description = "Wrong username or password", body = ApiError),
        (status = 413, description = "Body too large", body = ApiError),
        (status = 429, description = "Too many failed sign-ins for this user name from this address, or from this address at all; wait `Retry-After` seconds", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(req): ApiJson<SignInRequest>,
) -> ApiResult<Json<Session>> {
    if req.username.len() > 100 || req.password.len() > 1024 {
        return Err(Failure::bad_request(
            "Gebruikersnaam of wachtwoord is te lang.",
        ));
    }
    if let Some(wait) = state.throttle.locked_for(&req.username, addr) {
        return Err(Failure::rate_limited(
            format!(
                "Te veel mislukte pogingen. Probeer het over {} seconden opnieuw.",
                Failure::retry_after_secs(wait)
            ),
            wait,
        ));
    }
    let username = req.username.clone();
    let found = state
        .db
        .run(move |c| Ok(accounts::manager_by_username(c, &username)?))
        .await?;
    let (manager, hash) = match found {
        Some((id, hash)) => (Some(id), hash),
        None => (None, dummy_hash().to_string()),
    };
    let password = req.password;
    let verified = tokio::task::spawn_blocking(move || accounts::verify_password(&hash, &password))
        .await
        .map_err(|_| Failure::internal())?;
    let Some(manager) = manager.filter(|_| verified) else {
        state.throttle.failed(&req.username, addr);
        return Err(Failure::new(
            ApiErrorCode::Unauthorized,
            "Gebruikersnaam of wachtwoord klopt niet.",
        ));
    };
    state.throttle.succeeded(&req.username, addr);
    let (token, expires_at) = state
        .db
        .run(move |c| Ok(accounts::open_session(c, manager)?))
        .await?;
    Ok(Json(Session { token, expires_at }))
}

/// Sign out: revokes the token this request carries.
#[utoipa::path(
    delete,
    context_path = API_PREFIX,
    path = SESSION_ROUTE,
    tag = "account",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "No valid token", body = ApiError),
    )
)]
pub async fn sign_out(State(state): State<AppState>, caller: Caller) -> ApiResult<StatusCode> {
    let token = caller.token;
    state
        .db
        .run(move |c| Ok(accounts::revoke_session(c, &token)?))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in manager's profile and organisations.
#[utoipa::path(
    get,
    context_path = API_PREFIX,
    path = ME_ROUTE,
    tag = "account",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "No valid token", body = ApiError),
    )
)]
pub async fn me(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Me>> {
    let manager = caller.manager;
    let me = state
        .db
        .run(move |c| {
            let stored =
                store::get(c, RecordKind::Profile, manager)?.ok_or_else(Failure::unauthorized)?;
            let kaart_api::records::Record::Profile(profile) = stored.record else {
                return Err(Failure::internal());
            };
            Ok(Me {
                profile,
                profile_version: stored.version,
                organizations: accounts::managed_organizations(c, manager)?,
            })
        })
        .await?;
    Ok(Json(me))
}

/// Changes to the caller's own profile (update, mark as checked), with the
/// same idempotency and compare-and-set rules as organisation mutations.
#[utoipa::path(
    post,
    context_path = API_PREFIX,
    path = ME_MUTATIONS_ROUTE,
    tag = "account",
    security(("bearer" = [])),
    request_body = MutationBatch,
    responses(
        (status = 200, description = "One result per mutation, in order", body = MutationBatchResult),
        (status = 400, description = "Malformed request", body = ApiError),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 413, description = "Body too large", body = ApiError),
    )
)]
pub async fn me_mutations(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(batch): ApiJson<MutationBatch>,
) -> ApiResult<Json<MutationBatchResult>> {
    answer_batch(&state, caller.manager, Scope::Me, batch).await
}

/// The rules the service sets: review interval, sign-up retention, tombstone
/// horizon. No sign-in needed.
#[utoipa::path(
    get,
    context_path = API_PREFIX,
    path = POLICY_ROUTE,
    tag = "account",
    responses((status = 200, description = "The policy", body = Policy))
)]
pub async fn policy(State(state): State<AppState>) -> Json<Policy> {
    Json(state.policy.clone())
}
