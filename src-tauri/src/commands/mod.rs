//! The commands the window may call. Each is thin: take state, call one
//! `Workspace` function, return `Result<_, AppError>`. Every command here must
//! also be listed in `build.rs` (which generates its permission), registered
//! in `lib.rs`, and allowed in `capabilities/main.json`.
//!
//! - this module: facts about the app;
//! - [`account`]: sign-in and sign-out;
//! - [`records`]: reading and editing records, the review list;
//! - [`sync`]: sync now, status, conflicts and rejected edits.

pub mod account;
pub mod records;
pub mod sync;

use kaart_core::ipc::{AppError, AppInfo};
use tauri::State;

use crate::state::AppState;

/// Version, central service and any start problem, for the whole window.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    Ok(state.app_info())
}
