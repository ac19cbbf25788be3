//! What the app keeps for the life of the process, handed to every command
//! through Tauri's managed state: the app facts, the workspace (or the
//! reason it could not be opened), the background sync and, in demo mode,
//! the embedded central service. Dropping the handles stops them.

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
        }
    }

    pub fn app_info(&self) -> AppInfo {
        self.info.clone()
    }

    /// Where the workspace lives and which service it syncs with.
    pub fn workspace_config(&self) -> &WorkspaceConfig {
        &self.config
    }

    /// The workspace, or the error that kept it from opening at start.
    pub fn workspace(&self) -> Result<&Workspace, AppError> {
        self.workspace.as_ref().map_err(Clone::clone)
    }
}
