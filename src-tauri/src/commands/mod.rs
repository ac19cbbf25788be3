//! The commands the window may call. Each is thin: take state, call one
//! `Workspace` function, return `Result<_, AppError>` (the core's errors
//! become `AppError` here, with `AppError::from`). Every command here must
//! also be listed in `build.rs` (which generates its permission), registered
//! in `lib.rs`, and allowed in `capabilities/main.json`.
//!
//! Threads: every command that touches the store is `async` and runs the
//! store work through `Workspace::blocking` (tokio's blocking pool), so the
//! window's main thread never waits for the disk or for a running sync.
//!
//! - this module: facts about the app and the window's language;
//! - [`account`]: sign-in and sign-out;
//! - [`records`]: reading and editing records, the review list;
//! - [`activities`]: the activity list and pages of a sign-up list;
//! - [`organization_lists`]: pages of an organisation's offerings and
//!   contact persons, and their counts;
//! - [`export`]: exporting a sign-up list to a file, remembered choices;
//! - [`person_request`]: a data subject's request: find, export, erase,
//!   the log of requests;
//! - [`photos`]: a contact person's photo from a file, and its JPEG;
//! - [`sync`]: sync now, status, conflicts and rejected edits;
//! - [`desktop`]: the tray's counts, keeping the app in the tray, starting
//!   with the computer.

/// Commands that hand their arguments to one `Workspace` method and return
/// its answer, written as `fn command(args) -> Answer = method;`. Each
/// becomes an async command whose call runs on the blocking pool.
macro_rules! workspace_commands {
    ($($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $answer:ty = $method:ident;)*) => {
        $(
            $(#[$doc])*
            #[tauri::command]
            pub async fn $name(
                state: tauri::State<'_, crate::state::AppState>,
                $($arg: $ty),*
            ) -> Result<$answer, kaart_core::ipc::AppError> {
                state
                    .workspace().await?
                    .blocking(move |workspace| workspace.$method($($arg),*))
                    .await
                    .map_err(kaart_core::ipc::AppError::from)
            }
        )*
    };
}

pub mod account;
pub mod activities;
pub mod desktop;
pub mod export;
pub mod organization_lists;
pub mod person_request;
pub mod photos;
pub mod records;
pub mod sync;

use kaart_core::ipc::{AppError, AppInfo};
use kaart_core::ui_language::{self, UiLanguage};
use tauri::State;

use crate::state::AppState;

/// Version, central service and any start problem, for the whole window.
/// Answers once the start sequence finished.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    Ok(state.app_info().await)
}

/// The language the window speaks (Dutch unless English was chosen); known
/// before sign-in and when the local data could not be opened.
#[tauri::command]
pub fn ui_language(state: State<'_, AppState>) -> UiLanguage {
    ui_language::load(state.data_dir())
}

/// Keeps the window's language for the next start.
#[tauri::command]
pub fn set_ui_language(state: State<'_, AppState>, language: UiLanguage) -> Result<(), AppError> {
    ui_language::save(state.data_dir(), language).map_err(AppError::from)
}
