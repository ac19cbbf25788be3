//! What the app keeps for the life of the process, handed to every command
//! through Tauri's managed state.

use kaart_core::ipc::AppInfo;

use crate::service::Service;

/// The app's managed state.
#[derive(Debug)]
pub struct AppState {
    info: AppInfo,
}

impl AppState {
    pub fn new(version: String, service: &Service) -> Self {
        Self {
            info: AppInfo {
                version,
                demo: service.is_demo(),
                service_url: service.url().to_owned(),
            },
        }
    }

    pub fn app_info(&self) -> AppInfo {
        self.info.clone()
    }
}
