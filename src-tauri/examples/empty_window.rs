//! An empty Tauri window: the baseline of the release app's rows in
//! `scripts/bench.sh` (start to first screen, memory). The app's own Tauri
//! configuration (identifier, security) and build settings, but its one
//! window shows an empty page instead of the app's UI, and there is no core,
//! store, service or log. Built only by the bench script, in the release
//! profile (`--features bench-empty-window`; never in CI).

use tauri::WebviewUrl;

/// An empty page (a `data:` URL would need Tauri's `webview-data-url`).
const PAGE: &str = "about:blank";

fn main() {
    let mut context = tauri::generate_context!();
    // The app's own window configuration (size, title, label), created the
    // same way at start, but showing the page above instead of the app's UI.
    let url: tauri::Url = PAGE.parse().expect("about:blank is a valid URL");
    for window in &mut context.config_mut().app.windows {
        window.url = WebviewUrl::External(url.clone());
    }
    tauri::Builder::default()
        .run(context)
        .expect("the empty window could not start");
}
