//! An empty Tauri window: the baseline of the release app's rows in
//! `scripts/bench.sh` (start to first screen, memory). The app's own Tauri
//! configuration (identifier, security) and build settings, but its one
//! window shows a tiny page instead of the app's UI, and there is no core,
//! store, service or log. Built only by the bench script, in the release
//! profile (`--features bench-empty-window`; never in CI).

use tauri::{WebviewUrl, WebviewWindowBuilder};

const PAGE: &str =
    "data:text/html,<!doctype html><title>Kaartbeheer</title><p id=leeg>Leeg venster</p>";

fn main() {
    let mut context = tauri::generate_context!();
    // The window below instead of the app's (which would load its UI).
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .setup(|app| {
            let url: tauri::Url = PAGE.parse().map_err(|e| format!("page URL: {e}"))?;
            WebviewWindowBuilder::new(app, "main", WebviewUrl::External(url))
                .title("Kaartbeheer")
                .inner_size(1200.0, 800.0)
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("the empty window could not start");
}
