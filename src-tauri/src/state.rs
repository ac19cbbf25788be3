//! What the app keeps for the life of the process, handed to every command
//! through Tauri's managed state: the data folder, what the start sequence
//! left (the app facts, the workspace or the reason it could not be opened,
//! the background sync and, in demo mode, the embedded central service),
//! the flag that cancels a running export, the counts the tray shows and
//! whether closing the window keeps the app in the tray. Dropping the
//! handles stops them.
//!
//! The state is in place before the start sequence runs: the sequence runs
//! beside the window (see `startup`), so the window and its webview start
//! while the store opens. A command that needs what the sequence leaves
//! waits for it (`started`, `workspace`); the window's first calls do so
//! for the few hundred milliseconds the store takes to open.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use kaart_core::ipc::{AppError, AppInfo};
use kaart_core::notices::{self, ReminderCounts};
use kaart_core::scheduler::BackgroundSync;
use kaart_core::ui_language;
use kaart_core::{Workspace, WorkspaceConfig};
use tokio::sync::watch;

/// What the start sequence left: set once, when it finished.
#[derive(Debug)]
pub struct Started {
    pub info: AppInfo,
    pub config: WorkspaceConfig,
    pub workspace: Result<Workspace, AppError>,
    /// Kept only to be dropped with the state (which stops them).
    pub _background: Option<BackgroundSync>,
    pub _demo_service: Option<kaart_server::RunningServer>,
}

/// The app's managed state.
#[derive(Debug)]
pub struct AppState {
    data_dir: PathBuf,
    /// `None` until the start sequence finished (see the module docs).
    started: watch::Sender<Option<Arc<Started>>>,
    export_cancel: Arc<AtomicBool>,
    reminder_counts: Mutex<ReminderCounts>,
    keep_in_tray: AtomicBool,
}

impl AppState {
    /// The state before the start sequence ran, for the app whose data
    /// folder is `data_dir`.
    pub fn new(data_dir: PathBuf) -> Self {
        let language = ui_language::load(&data_dir);
        Self {
            data_dir,
            started: watch::Sender::new(None),
            export_cancel: Arc::default(),
            reminder_counts: Mutex::new(ReminderCounts {
                due_for_review: 0,
                conflicts: 0,
                tray_text: notices::tray_text(0, 0, language),
            }),
            keep_in_tray: AtomicBool::new(false),
        }
    }

    /// Keeps what the start sequence left and lets every waiting command go
    /// on. The manager's keep-in-tray choice is read from the store here.
    pub fn set_started(&self, started: Started) {
        let keep_in_tray = started
            .workspace
            .as_ref()
            .ok()
            .and_then(|ws| ws.keep_in_tray().ok())
            .unwrap_or(false);
        self.keep_in_tray.store(keep_in_tray, Ordering::Relaxed);
        self.started.send_replace(Some(Arc::new(started)));
    }

    /// What the start sequence left, once it finished (waits until then).
    pub async fn started(&self) -> Arc<Started> {
        let mut receiver = self.started.subscribe();
        let started = receiver
            .wait_for(Option::is_some)
            .await
            .expect("the sender lives in this state, so the channel stays open");
        started
            .clone()
            .expect("wait_for returned a value it was waiting for")
    }

    pub async fn app_info(&self) -> AppInfo {
        self.started().await.info.clone()
    }

    /// The data folder (known before the start sequence ran).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Where the workspace lives and which service it syncs with.
    pub async fn workspace_config(&self) -> WorkspaceConfig {
        self.started().await.config.clone()
    }

    /// Set to stop the running export (one runs at a time: the window
    /// waits for it).
    pub fn export_cancel(&self) -> Arc<AtomicBool> {
        self.export_cancel.clone()
    }

    /// The workspace, or the error that kept it from opening at start
    /// (waits for the start sequence to finish).
    pub async fn workspace(&self) -> Result<Workspace, AppError> {
        self.started().await.workspace.clone()
    }

    /// The workspace if the start sequence already opened it, without
    /// waiting.
    pub fn workspace_now(&self) -> Option<Workspace> {
        self.started
            .borrow()
            .as_ref()
            .and_then(|started| started.workspace.as_ref().ok().cloned())
    }

    /// What the tray shows, as the last reminder check left it.
    pub fn reminder_counts(&self) -> ReminderCounts {
        kaart_core::threads::acquire(&self.reminder_counts).clone()
    }

    pub fn set_reminder_counts(&self, counts: ReminderCounts) {
        *kaart_core::threads::acquire(&self.reminder_counts) = counts;
    }

    /// Whether closing the window hides it to the tray instead of quitting
    /// (the manager's choice, kept in the store; read at start).
    pub fn keep_in_tray(&self) -> bool {
        self.keep_in_tray.load(Ordering::Relaxed)
    }

    pub fn set_keep_in_tray(&self, keep: bool) {
        self.keep_in_tray.store(keep, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use kaart_core::ipc::{ErrorCode, ErrorReason};

    use super::*;

    fn started(dir: &Path, startup_error: Option<AppError>) -> Started {
        Started {
            info: AppInfo {
                version: "1.2.3".into(),
                demo: false,
                service_url: "http://127.0.0.1:9".into(),
                data_dir: dir.display().to_string(),
                startup_error: startup_error.clone(),
            },
            config: WorkspaceConfig::new(dir, "nl.kaartbeheer.test", "http://127.0.0.1:9"),
            workspace: Err(startup_error.expect("a test start without a workspace")),
            _background: None,
            _demo_service: None,
        }
    }

    /// The window's first calls come while the store is still opening:
    /// they wait for the start sequence, then get what it left.
    #[tokio::test]
    async fn commands_wait_for_the_start_sequence_then_get_what_it_left() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = Arc::new(AppState::new(dir.path().to_path_buf()));
        assert_eq!(state.data_dir(), dir.path(), "known before the start");
        assert!(state.workspace_now().is_none());

        let asking = state.clone();
        let info = tokio::spawn(async move { asking.app_info().await });
        let asking = state.clone();
        let workspace = tokio::spawn(async move { asking.workspace().await });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            !info.is_finished(),
            "app_info answered before the start finished"
        );
        assert!(!workspace.is_finished());

        let locked = AppError::new(ErrorCode::Keyring, ErrorReason::KeyringUnavailable);
        state.set_started(started(dir.path(), Some(locked)));
        let info = info.await.expect("app_info task");
        assert_eq!(info.version, "1.2.3");
        assert_eq!(info.startup_error.map(|e| e.code), Some(ErrorCode::Keyring));
        let workspace = workspace.await.expect("workspace task");
        assert_eq!(
            workspace.expect_err("no workspace").code,
            ErrorCode::Keyring
        );
        // Later calls answer at once.
        assert_eq!(state.app_info().await.version, "1.2.3");
    }
}
