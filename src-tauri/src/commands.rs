//! The commands the window may call. Each is thin: take state, call one
//! function, map the error to `AppError`. Every command here must also be
//! listed in `build.rs` (which generates its permission) and registered in
//! `lib.rs`; `capabilities/` says which window may call it.

use kaart_core::ipc::{AppError, AppInfo};
use tauri::State;

use crate::state::AppState;

/// Version and central service, for the About panel and the status bar.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    Ok(state.app_info())
}
