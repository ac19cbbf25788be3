//! What the app keeps for the life of the process, handed to every command
//! through Tauri's managed state: the app facts, the workspace (or the
//! reason it could not be opened), the background sync and, in demo mode,
//! the embedded central service, and the flag that cancels a running
//! export. Dropping the handles stops them.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use kaart_core::ipc::{AppError, AppInfo};
use kaart_core::scheduler::BackgroundSync;
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
}

impl AppState {
    pub fn new(
        info: AppInfo,
        config: WorkspaceConfig,
        workspace: Result<Workspace, AppError>,
        background: Option<BackgroundSync>,
        demo_service: Option<kaart_server::RunningServer>,
    ) -> Self {
        Self {
            info,
            config,
            workspace,
            _background: background,
            _demo_service: demo_service,
            export_cancel: Arc::default(),
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
}
