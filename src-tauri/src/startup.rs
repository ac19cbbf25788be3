//! The start sequence, started once from Tauri's setup hook as a task on
//! its tokio runtime, beside the window: start the embedded demo service
//! (demo mode), open the workspace in the profile's data directory (on the
//! blocking pool: keyring, SQLCipher key, migrations), sign in as the demo
//! manager (demo mode), start the background sync, and forward every sync
//! status change to the window as the `sync-status` event.
//!
//! It does not run in the setup hook itself: the hook runs on the main
//! thread before the window's event loop, so everything it waits for delays
//! the window and its webview (about 1.4 s of the release app's start under
//! load, see docs/benchmarks.md). The window's first commands wait for the
//! sequence instead (`AppState::started`).
//!
//! Nothing here panics: a failure (keyring locked, key missing, demo service
//! not starting, demo sign-in refused) becomes `AppInfo::startup_error`,
//! which the window shows instead of its screens, and a line in the log.
//! The store itself refuses to create a new empty store over an existing one
//! (see `kaart_core::store`).

use std::path::PathBuf;
use std::sync::Arc;

use kaart_core::ipc::{AppError, AppInfo, ErrorCode, ErrorReason, SyncStatus, SYNC_STATUS_EVENT};
use kaart_core::memory_release::IdleRelease;
use kaart_core::scheduler::SyncSchedule;
use kaart_core::threads::off_thread;
use kaart_core::{Workspace, WorkspaceConfig};
use tauri::{AppHandle, Emitter, Manager};

use crate::service::{self, Service};
use crate::state::Started;

/// What the setup hook knows.
#[derive(Debug)]
pub struct Startup {
    pub version: String,
    pub identifier: String,
    pub data_dir: PathBuf,
    pub service: Service,
}

/// Runs the start sequence; must run inside Tauri's async runtime.
pub async fn start(app: AppHandle, startup: Startup) -> Started {
    let began = std::time::Instant::now();
    let demo = startup.service.is_demo();
    let (url, demo_service, service_error) = match &startup.service {
        Service::External { url } => (url.clone(), None, None),
        Service::Demo => match service::start_demo_service(&startup.data_dir).await {
            Ok(running) => (running.url(), Some(running), None),
            Err(e) => {
                tracing::error!(error = %e, "the demo service did not start");
                let error = AppError::new(ErrorCode::Internal, ErrorReason::DemoServiceFailed);
                (String::new(), None, Some(error))
            }
        },
    };

    let config = WorkspaceConfig::new(&startup.data_dir, &startup.identifier, &url);
    let workspace = match service_error {
        Some(error) => Err(error),
        None => {
            let config = config.clone();
            off_thread(move || Workspace::open(config))
                .await
                .map_err(AppError::from)
        }
    };
    // How long the store took to open (keyring, key, migrations): the part
    // of the start the window's first answers wait for.
    tracing::info!(ms = began.elapsed().as_millis() as u64, "workspace opened");

    let mut background = None;
    let mut startup_error = workspace.as_ref().err().cloned();
    if let Ok(ws) = &workspace {
        forward_status(app, ws.subscribe());
        if demo {
            // Demo mode needs no account: sign in as the demo manager, at
            // every start (a token kept from another service would not be
            // known to this one). The background sync starts after it, so
            // its first sync has a token.
            if let Err(e) = sign_in_demo(ws).await {
                startup_error = Some(e);
            }
        }
        background = Some(ws.start_background_sync(SyncSchedule::default()));
    }
    if let Some(error) = &startup_error {
        // Code and message only: both are written by the core, without
        // personal data.
        tracing::error!(code = ?error.code, detail = %error.message, "start-up failed");
    }

    let info = AppInfo {
        version: startup.version,
        demo,
        service_url: url,
        data_dir: startup.data_dir.display().to_string(),
        startup_error,
    };
    Started {
        info,
        config,
        workspace,
        _background: background,
        _demo_service: demo_service,
    }
}

/// Signs in as the demo manager. A failure is a start-up error: the demo
/// cannot work without it, so the window says why instead of a silent
/// "Niet ingelogd".
async fn sign_in_demo(ws: &Workspace) -> Result<(), AppError> {
    ws.sign_in(service::DEMO_USERNAME, service::DEMO_PASSWORD)
        .await
        .map_err(|e| {
            let e = AppError::from(e);
            // The message keeps the cause's own text (an unworded one from
            // the service has no other).
            let message = format!(
                "Inloggen bij de ingebouwde demodienst is mislukt. {} Sluit Kaartbeheer en start het opnieuw.",
                e.message
            );
            AppError {
                message,
                ..AppError::new(
                    e.code,
                    ErrorReason::DemoSignInFailed {
                        cause: Box::new(e.reason),
                    },
                )
            }
        })
}

/// Emits every status change to the window, for as long as the app runs.
fn forward_status(app: AppHandle, mut status: tokio::sync::watch::Receiver<SyncStatus>) {
    tokio::spawn(async move {
        loop {
            let current = status.borrow_and_update().clone();
            // Status holds counts and times only, no personal data.
            let _ = app.emit(SYNC_STATUS_EVENT, current);
            // A sync's start and end are activity: its memory is given
            // back once it is over (`kaart_core::memory_release`).
            if let Some(idle) = app.try_state::<Arc<IdleRelease>>() {
                idle.activity();
            }
            if status.changed().await.is_err() {
                break;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, SocketAddr};
    use std::sync::Arc;

    use kaart_core::http_transport::{HttpTransport, Timeouts};
    use kaart_core::secrets::MemorySecrets;

    use super::*;

    /// A workspace on a fresh in-process central service, seeded with the
    /// demo set or empty.
    async fn workspace_on(
        seed_demo: bool,
    ) -> (Workspace, kaart_server::RunningServer, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = kaart_server::Config::new(
            SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            dir.path().join("service.db"),
        );
        config.seed_demo = seed_demo;
        let server = kaart_server::start(config).await.expect("service starts");
        let ws_config =
            WorkspaceConfig::new(dir.path().join("app"), "nl.kaartbeheer.test", &server.url());
        let transport = HttpTransport::new(&server.url(), Timeouts::default()).expect("transport");
        let ws = Workspace::open_with(&ws_config, Arc::new(MemorySecrets::default()), transport)
            .expect("workspace opens");
        (ws, server, dir)
    }

    #[tokio::test]
    async fn a_failed_demo_sign_in_is_a_dutch_start_up_error() {
        let (ws, _server, _dir) = workspace_on(false).await;
        let error = sign_in_demo(&ws).await.expect_err("no demo account");
        assert_eq!(error.code, ErrorCode::NotSignedIn);
        assert!(
            error
                .message
                .starts_with("Inloggen bij de ingebouwde demodienst is mislukt."),
            "{}",
            error.message
        );
        assert!(!ws.is_signed_in().expect("keyring"));

        let (ws, _server, _dir) = workspace_on(true).await;
        sign_in_demo(&ws).await.expect("the demo manager signs in");
        assert!(ws.is_signed_in().expect("keyring"));
    }
}
