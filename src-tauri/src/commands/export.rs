//! Exporting the sign-up list to a file the manager chose in the native save
//! dialog (the dialog itself is `tauri-plugin-dialog`, called by the
//! window): the export runs on the blocking pool, tells the window how far
//! it is with the `export-progress` event (at most about ten a second), and
//! stops when `cancel_export` is called. The export choices are remembered
//! per organisation. Also the organisation's own data as HSDS.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use kaart_core::export::{ExportChoices, ExportOptions, ExportProgress};
use kaart_core::ipc::{AppError, EXPORT_PROGRESS_EVENT};
use tauri::{AppHandle, Emitter, State};
use uuid::Uuid;

use crate::state::AppState;

workspace_commands! {
    /// The export choices last used for an organisation (or the defaults).
    fn export_choices(organization: Uuid) -> ExportChoices = export_choices;
    fn save_export_choices(organization: Uuid, choices: ExportChoices) -> () = save_export_choices;
}

/// How often progress goes to the window at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Writes the sign-ups the list shows (see `ExportOptions`) to `path`;
/// returns the number of rows. A cancelled export ends with an error and
/// leaves no file.
#[tauri::command]
pub async fn export_signups(
    app: AppHandle,
    state: State<'_, AppState>,
    activity: Uuid,
    path: PathBuf,
    options: ExportOptions,
) -> Result<u64, AppError> {
    let cancel = state.export_cancel();
    cancel.store(false, Ordering::Relaxed);
    state
        .workspace()
        .await?
        .blocking(move |workspace| {
            let mut last_sent: Option<Instant> = None;
            let mut progress = |p: ExportProgress| {
                let due = last_sent.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY);
                if due || p.done == p.total {
                    last_sent = Some(Instant::now());
                    // Counts only, no personal data.
                    let _ = app.emit(EXPORT_PROGRESS_EVENT, p);
                }
            };
            workspace.export_signups(activity, &path, &options, &cancel, &mut progress)
        })
        .await
        .map_err(AppError::from)
}

/// Writes the organisation's own data (offerings, activities, contact
/// persons) as HSDS 3.0 JSON to `path`; returns the number of services.
#[tauri::command]
pub async fn export_organization_hsds(
    state: State<'_, AppState>,
    organization: Uuid,
    path: PathBuf,
) -> Result<u32, AppError> {
    state
        .workspace()
        .await?
        .blocking(move |workspace| workspace.export_hsds(organization, &path))
        .await
        .map_err(AppError::from)
}

/// Stops the running export (if any); its file is not made.
#[tauri::command]
pub fn cancel_export(state: State<'_, AppState>) {
    state.export_cancel().store(true, Ordering::Relaxed);
}
