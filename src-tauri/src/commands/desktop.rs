//! The app outside its window: what the tray shows, and the manager's
//! choices for it (keep running in the tray when the window closes, start
//! with the computer).

use kaart_core::error_reason::ErrorReason;
use kaart_core::ipc::{AppError, ErrorCode};
use kaart_core::notices::{DesktopSettings, ReminderCounts};
use tauri::{AppHandle, State};
use tauri_plugin_autostart::ManagerExt;

use crate::state::AppState;

/// The counts the tray shows now (as the last reminder check left them).
#[tauri::command]
pub fn reminder_counts(state: State<'_, AppState>) -> Result<ReminderCounts, AppError> {
    Ok(state.reminder_counts())
}

#[tauri::command]
pub async fn desktop_settings(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<DesktopSettings, AppError> {
    // The keep-in-tray choice is read from the store at start.
    state.started().await;
    Ok(DesktopSettings {
        keep_in_tray: state.keep_in_tray(),
        start_with_computer: app.autolaunch().is_enabled().map_err(autostart_error)?,
    })
}

#[tauri::command]
pub async fn set_desktop_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: DesktopSettings,
) -> Result<(), AppError> {
    let keep = settings.keep_in_tray;
    state
        .workspace()
        .await?
        .blocking(move |ws| ws.set_keep_in_tray(keep))
        .await?;
    state.set_keep_in_tray(keep);
    let autostart = app.autolaunch();
    if autostart.is_enabled().map_err(autostart_error)? != settings.start_with_computer {
        if settings.start_with_computer {
            autostart.enable()
        } else {
            autostart.disable()
        }
        .map_err(autostart_error)?;
    }
    Ok(())
}

fn autostart_error(e: tauri_plugin_autostart::Error) -> AppError {
    tracing::warn!(error = %e, "start with the computer");
    AppError::new(ErrorCode::Internal, ErrorReason::AutostartNotSet)
}
