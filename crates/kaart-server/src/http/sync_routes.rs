//! Handlers for one organisation's changes feed and mutation batches. Both
//! take a [`ManagedOrg`]: the caller manages the organisation.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kaart_api::error::{ApiError, ApiErrorCode};
use kaart_api::routes::{CHANGES_ROUTE, MUTATIONS_ROUTE};
use kaart_api::sync::{
    ChangesPage, ChangesQuery, MutationBatch, MutationBatchResult, Scope, DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
};
use kaart_api::API_PREFIX;

use super::extract::{ApiJson, ApiQuery, ManagedOrg};
use super::mutation_batch::answer_batch;
use super::AppState;
use crate::cursor::Position;
use crate::failure::{ApiResult, Failure};
use crate::store;

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
    context_path = API_PREFIX,
    path = CHANGES_ROUTE,
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
    ManagedOrg { manager, org }: ManagedOrg,
    ApiQuery(query): ApiQuery<ChangesQuery>,
) -> ApiResult<Response> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(Failure::bad_request(format!(
            "Vraag per pagina 1 tot {MAX_PAGE_SIZE} wijzigingen op (limit)."
        )));
    }
    let key = state.cursor_key.clone();
    let body = state
        .db
        .run(move |c| {
            // No cursor: a full sync, always possible. A cursor must be one
            // we issued for this organisation (see crate::cursor), not
            // beyond the sequence, and not older than the newest tombstone
            // the purge dropped.
            let floor = store::counter(c, "tombstone_floor")?;
            let since = match &query.since {
                None => 0,
                Some(s) => {
                    let pos = key.open(org, s).ok_or_else(resync)?;
                    if pos.seq > store::counter(c, "seq")? || pos.seq < floor || pos.floor > floor {
                        return Err(resync());
                    }
                    pos.seq
                }
            };
            let cursor_at = |seq| key.issue(org, Position { seq, floor });
            Ok(store::feed_page(c, org, manager, since, limit, cursor_at)?)
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// A batch of mutations to the organisation's records, applied in order;
/// replays of a mutation id get their first result.
#[utoipa::path(
    post,
    context_path = API_PREFIX,
    path = MUTATIONS_ROUTE,
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
    ManagedOrg { manager, org }: ManagedOrg,
    ApiJson(batch): ApiJson<MutationBatch>,
) -> ApiResult<Json<MutationBatchResult>> {
    answer_batch(&state, manager, Scope::Organization(org), batch).await
}
