//! Signing in to and out of the central service, and starting over when
//! the local store's key is lost.

use kaart_core::ipc::AppError;
use tauri::{AppHandle, State};

use crate::state::AppState;

#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> Result<(), AppError> {
    state.workspace()?.sign_in(&username, &password).await
}

/// With `wipe_local_data`, this computer's copy (pending edits included) is
/// deleted too.
#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>, wipe_local_data: bool) -> Result<(), AppError> {
    state.workspace()?.sign_out(wipe_local_data).await
}

/// Only after a start that failed with `store_key_lost`: sets the unreadable
/// local store aside (renamed, never deleted) and restarts the app, which
/// then begins with a new store that the next sync fills again.
#[tauri::command]
pub fn set_aside_local_store(app: AppHandle, state: State<'_, AppState>) -> Result<(), AppError> {
    kaart_core::Workspace::set_aside_unreadable_store(state.workspace_config())?;
    app.restart()
}
