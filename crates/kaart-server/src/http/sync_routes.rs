//! Handlers for one organisation's changes feed and mutation batches. Both
//! check first that the caller manages the organisation.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kaart_api::error::{ApiError, ApiErrorCode};
use kaart_api::sync::{
    ChangesPage, ChangesQuery, MutationBatch, MutationBatchResult, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE,
};
use rusqlite::Connection;
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath, ApiQuery, Caller};
use super::mutation_batch::answer_batch;
use super::AppState;
use crate::accounts;
use crate::failure::{ApiResult, Failure};
use crate::mutate::Scope;
use crate::store;

/// Refuses (403) a manager who does not manage `org`.
pub(super) fn require_org(conn: &Connection, manager: Uuid, org: Uuid) -> ApiResult<()> {
    if accounts::manages(conn, manager, org)? {
        Ok(())
    } else {
        Err(Failure::forbidden())
    }
}

fn resync() -> Failure {
    Failure::new(
        ApiErrorCode::ResyncRequired,
        "Deze cursor is onbekend of te oud. Synchroniseer opnieuw vanaf het begin; je eigen wijzigingen blijven bewaard.",
    )
}

/// The organisation's records (and the caller's profile) changed since the
/// cursor, oldest first, with tombstones for deletions.
#[utoipa::path(
    get,
    path = "/api/v1/organizations/{org}/changes",
    tag = "sync",
    security(("bearer" = [])),
    params(("org" = Uuid, Path, description = "The organisation"), ChangesQuery),
    responses(
        (status = 200, description = "One page of changes", body = ChangesPage),
        (status = 400, description = "Malformed parameters", body = ApiError),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 403, description = "Not a manager of this organisation", body = ApiError),
        (status = 410, description = "Cursor unknown or older than the tombstone horizon: resync from scratch", body = ApiError),
    )
)]
pub async fn changes(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(org): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ChangesQuery>,
) -> ApiResult<Response> {
    let limit = query
        .limit
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .clamp(1, MAX_PAGE_SIZE);
    let manager = caller.manager;
    let body = state
        .db
        .run(move |c| {
            require_org(c, manager, org)?;
            // No cursor: a full sync, always possible. A cursor must be one
            // we issued (not beyond the sequence) and not older than the
            // newest tombstone the purge dropped.
            let since = match &query.since {
                None => 0,
                Some(s) => {
                    let since = store::parse_cursor(s).ok_or_else(resync)?;
                    if since > store::counter(c, "seq")?
                        || since < store::counter(c, "tombstone_floor")?
                    {
                        return Err(resync());
                    }
                    since
                }
            };
            Ok(store::feed_page(c, org, manager, since, limit)?)
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// A batch of mutations to the organisation's records, applied in order;
/// replays of a mutation id get their first result.
#[utoipa::path(
    post,
    path = "/api/v1/organizations/{org}/mutations",
    tag = "sync",
    security(("bearer" = [])),
    params(("org" = Uuid, Path, description = "The organisation")),
    request_body = MutationBatch,
    responses(
        (status = 200, description = "One result per mutation, in order", body = MutationBatchResult),
        (status = 400, description = "Malformed request", body = ApiError),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 403, description = "Not a manager of this organisation", body = ApiError),
        (status = 413, description = "Body too large", body = ApiError),
    )
)]
pub async fn mutations(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(org): ApiPath<Uuid>,
    ApiJson(batch): ApiJson<MutationBatch>,
) -> ApiResult<Json<MutationBatchResult>> {
    answer_batch(&state, caller.manager, Scope::Organization(org), batch).await
}
