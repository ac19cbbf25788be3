//! The start sequence, run once in Tauri's setup hook on its tokio runtime:
//! start the embedded demo service (demo mode), open the workspace in the
//! profile's data directory, sign in as the demo manager (demo mode),
//! start the background sync, and forward every sync
//! status change to the window as the `sync-status` event.
//!
//! Nothing here panics: a failure (keyring locked, key missing, demo service
//! not starting) becomes `AppInfo::startup_error`, which the window shows
//! instead of its screens. The store itself refuses to create a new empty
//! store over an existing one (see `kaart_core::store`).

use std::path::PathBuf;

use kaart_core::ipc::{AppError, AppInfo, ErrorCode, SyncStatus};
use kaart_core::scheduler::SyncSchedule;
use kaart_core::{Workspace, WorkspaceConfig};
use tauri::{AppHandle, Emitter};

use crate::service::{self, Service};
use crate::state::AppState;

/// The event that carries a [`SyncStatus`] to the window.
pub const SYNC_STATUS_EVENT: &str = "sync-status";

/// What the setup hook knows.
#[derive(Debug)]
pub struct Startup {
    pub version: String,
    pub identifier: String,
    pub data_dir: PathBuf,
    pub service: Service,
}

/// Runs the start sequence; must run inside Tauri's async runtime.
pub async fn start(app: AppHandle, startup: Startup) -> AppState {
    let demo = startup.service.is_demo();
    let (url, demo_service, service_error) = match &startup.service {
        Service::External { url } => (url.clone(), None, None),
        Service::Demo => match service::start_demo_service(&startup.data_dir).await {
            Ok(running) => (running.url(), Some(running), None),
            Err(e) => {
                eprintln!("kaartbeheer: the demo service did not start: {e}");
                let error = AppError::new(
                    ErrorCode::Internal,
                    "De ingebouwde demodienst kon niet starten. Sluit andere vensters van Kaartbeheer en probeer het opnieuw.",
                );
                (String::new(), None, Some(error))
            }
        },
    };

    let config = WorkspaceConfig::new(&startup.data_dir, &startup.identifier, &url);
    let workspace = match service_error {
        Some(error) => Err(error),
        None => Workspace::open(config.clone()).map_err(AppError::from),
    };

    let mut background = None;
    if let Ok(ws) = &workspace {
        forward_status(app, ws.subscribe());
        if demo {
            // Demo mode needs no account: sign in as the demo manager, at
            // every start (a token kept from another service would not be
            // known to this one). The background sync starts after it, so
            // its first sync has a token.
            if let Err(e) = ws
                .sign_in(service::DEMO_USERNAME, service::DEMO_PASSWORD)
                .await
            {
                eprintln!(
                    "kaartbeheer: demo sign-in failed ({:?})",
                    AppError::from(e).code
                );
            }
        }
        background = Some(ws.start_background_sync(SyncSchedule::default()));
    }

    let info = AppInfo {
        version: startup.version,
        demo,
        service_url: url,
        startup_error: workspace.as_ref().err().cloned(),
    };
    AppState::new(info, config, workspace, background, demo_service)
}

/// Emits every status change to the window, for as long as the app runs.
fn forward_status(app: AppHandle, mut status: tokio::sync::watch::Receiver<SyncStatus>) {
    tokio::spawn(async move {
        loop {
            let current = status.borrow_and_update().clone();
            // Status holds counts and times only, no personal data.
            let _ = app.emit(SYNC_STATUS_EVENT, current);
            if status.changed().await.is_err() {
                break;
            }
        }
    });
}
