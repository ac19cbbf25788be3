//! What the app keeps for the life of the process, handed to every command
//! through Tauri's managed state: the app facts, the workspace (or the
//! reason it could not be opened), the background sync and, in demo mode,
//! the embedded central service, and the flag that cancels a running
//! export, the counts the tray shows and whether closing the window keeps
//! the app in the tray. Dropping the handles stops them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use kaart_core::ipc::{AppError, AppInfo};
use kaart_core::notices::{self, ReminderCounts};
use kaart_core::scheduler::BackgroundSync;
use kaart_core::ui_language;
use kaart_core::{Workspace, WorkspaceConfig};

/// The app's managed state.
#[derive(Debug)]
pub struct AppState {
    info: AppInfo,
    config: WorkspaceConfig,
    workspace: Result<Workspace, AppError>,
    _background: Option<BackgroundSync>,
    _demo_service: Option<kaart_server::RunningServer>,
    export_cancel: Arc<AtomicBool>,
    reminder_counts: Mutex<ReminderCounts>,
    keep_in_tray: AtomicBool,
}

impl AppState {
    pub fn new(
        info: AppInfo,
        config: WorkspaceConfig,
        workspace: Result<Workspace, AppError>,
        background: Option<BackgroundSync>,
        demo_service: Option<kaart_server::RunningServer>,
    ) -> Self {
        let keep_in_tray = workspace
            .as_ref()
            .ok()
            .and_then(|ws| ws.keep_in_tray().ok())
            .unwrap_or(false);
        let language = ui_language::load(&config.data_dir);
        Self {
            info,
            config,
            workspace,
            _background: background,
            _demo_service: demo_service,
            export_cancel: Arc::default(),
            reminder_counts: Mutex::new(ReminderCounts {
                due_for_review: 0,
                conflicts: 0,
                tray_text: notices::tray_text(0, 0, language),
            }),
            keep_in_tray: AtomicBool::new(keep_in_tray),
        }
    }

    pub fn app_info(&self) -> AppInfo {
        self.info.clone()
    }

    /// Where the workspace lives and which service it syncs with.
    pub fn workspace_config(&self) -> &WorkspaceConfig {
        &self.config
    }

    /// Set to stop the running export (one runs at a time: the window
    /// waits for it).
    pub fn export_cancel(&self) -> Arc<AtomicBool> {
        self.export_cancel.clone()
    }

    /// The workspace, or the error that kept it from opening at start.
    pub fn workspace(&self) -> Result<&Workspace, AppError> {
        self.workspace.as_ref().map_err(Clone::clone)
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
