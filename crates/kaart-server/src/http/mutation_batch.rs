//! Answering a batch of mutations, the same for the caller's own profile
//! (`/me/mutations`) and for an organisation's records: size check, one
//! transaction on the blocking pool, one result per mutation.

use axum::Json;
use chrono::Utc;
use kaart_api::sync::{MutationBatch, MutationBatchResult, MutationOp, Scope, MAX_BATCH_SIZE};
use uuid::Uuid;

use super::AppState;
use crate::db;
use crate::failure::{ApiResult, Failure};
use crate::mutate::apply_batch;

fn check_batch(batch: &MutationBatch) -> ApiResult<()> {
    if batch.mutations.len() > MAX_BATCH_SIZE {
        return Err(Failure::bad_request(format!(
            "Stuur hoogstens {MAX_BATCH_SIZE} mutaties per keer."
        )));
    }
    Ok(())
}

/// Applies `batch` for `manager` within `scope` in one transaction and
/// answers with its results. The caller has checked that the manager may
/// use `scope` (see [`super::extract::ManagedOrg`]). A batch that deletes
/// organisation records is checkpointed so that deleted personal data does
/// not linger in the WAL.
pub(crate) async fn answer_batch(
    state: &AppState,
    manager: Uuid,
    scope: Scope,
    batch: MutationBatch,
) -> ApiResult<Json<MutationBatchResult>> {
    check_batch(&batch)?;
    let results = state
        .db
        .run(move |c| {
            let tx = c.transaction()?;
            let results = apply_batch(
                &tx,
                manager,
                scope,
                &batch.mutations,
                Utc::now().date_naive(),
            )?;
            tx.commit()?;
            // A deleted sign-up (or activity with sign-ups) must not linger
            // in the WAL: copy it into the (secure-deleted) main file.
            if matches!(scope, Scope::Organization(_))
                && batch
                    .mutations
                    .iter()
                    .any(|m| matches!(m.op, MutationOp::Delete { .. }))
            {
                db::checkpoint_truncate(c)?;
            }
            Ok(results)
        })
        .await?;
    Ok(Json(MutationBatchResult { results }))
}
