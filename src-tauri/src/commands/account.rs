//! Signing in to and out of the central service, and starting over when
//! the local store's key is lost.

use kaart_core::ipc::AppError;
use kaart_core::threads::off_thread;
use kaart_core::Workspace;
use tauri::{AppHandle, State};

use crate::state::AppState;

#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> Result<(), AppError> {
    state
        .workspace()
        .await?
        .sign_in(&username, &password)
        .await
        .map_err(AppError::from)
}

/// With `wipe_local_data`, this computer's copy (pending edits included) is
/// deleted too.
#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>, wipe_local_data: bool) -> Result<(), AppError> {
    state
        .workspace()
        .await?
        .sign_out(wipe_local_data)
        .await
        .map_err(AppError::from)
}

/// Only after a start that failed with `store_key_lost`: sets the unreadable
/// local store aside (renamed, never deleted) and restarts the app, which
/// then begins with a new store that the next sync fills again.
#[tauri::command]
pub async fn set_aside_local_store(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<(), AppError> {
    let config = state.workspace_config().await;
    off_thread(move || Workspace::set_aside_unreadable_store(&config)).await?;
    app.restart()
}
