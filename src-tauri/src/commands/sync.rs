//! The sync: run it now, its status, and what it left to decide (conflicts,
//! rejected edits).

use kaart_core::ipc::{AppError, ConflictView, RejectedEdit, Resolution, SyncStatus};
use tauri::State;
use uuid::Uuid;

use crate::state::AppState;

/// Runs one sync now; the status events show its progress.
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> Result<(), AppError> {
    state
        .workspace()
        .await?
        .sync_now()
        .await
        .map(|_| ())
        .map_err(AppError::from)
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus, AppError> {
    Ok(state.workspace().await?.status())
}

workspace_commands! {
    fn conflicts() -> Vec<ConflictView> = conflicts;
    fn resolve_conflict(conflict_id: i64, decision: Resolution) -> () = resolve_conflict;
    fn rejected_edits() -> Vec<RejectedEdit> = rejected_edits;
    fn discard_edit(mutation_id: Uuid) -> () = discard_edit;
}
