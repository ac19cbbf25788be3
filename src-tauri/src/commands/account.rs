//! Signing in to and out of the central service.

use kaart_core::ipc::AppError;
use tauri::State;

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
