//! The sync: run it now, its status, and what it left to decide (conflicts,
//! rejected edits).

use kaart_core::ipc::{AppError, ConflictView, RejectedEdit, Resolution, SyncStatus};
use tauri::State;
use uuid::Uuid;

use crate::state::AppState;

/// Runs one sync now; the status events show its progress.
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> Result<(), AppError> {
    state.workspace()?.sync_now().await.map(|_| ())
}

#[tauri::command]
pub fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus, AppError> {
    Ok(state.workspace()?.status())
}

#[tauri::command]
pub fn conflicts(state: State<'_, AppState>) -> Result<Vec<ConflictView>, AppError> {
    state.workspace()?.conflicts()
}

#[tauri::command]
pub fn resolve_conflict(
    state: State<'_, AppState>,
    conflict_id: i64,
    decision: Resolution,
) -> Result<(), AppError> {
    state.workspace()?.resolve_conflict(conflict_id, decision)
}

#[tauri::command]
pub fn rejected_edits(state: State<'_, AppState>) -> Result<Vec<RejectedEdit>, AppError> {
    state.workspace()?.rejected_edits()
}

#[tauri::command]
pub fn discard_edit(state: State<'_, AppState>, mutation_id: Uuid) -> Result<(), AppError> {
    state.workspace()?.discard_edit(mutation_id)
}
