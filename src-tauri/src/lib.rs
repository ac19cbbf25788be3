//! Kaartbeheer's desktop shell. It only wires: it picks the profile and the
//! central service, puts the state in place, and registers the commands.
//! Everything that can run without a window lives in `kaart-core`.

mod commands;
pub mod profile;
pub mod service;
mod state;

use profile::Profile;
use service::Service;
use state::AppState;
use tauri::Manager;

/// Starts the app and blocks until it quits.
pub fn run() {
    let profile = match Profile::from_env() {
        Ok(profile) => profile,
        Err(problem) => {
            eprintln!("kaartbeheer: {problem}");
            std::process::exit(2);
        }
    };

    let mut context = tauri::generate_context!();
    let identifier = profile.identifier(&context.config().identifier);
    context.config_mut().identifier = identifier;

    let service = Service::from_env();

    tauri::Builder::default()
        .setup(move |app| {
            let version = app.package_info().version.to_string();
            app.manage(AppState::new(version, &service));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![commands::app_info])
        .run(context)
        .expect("Kaartbeheer could not start its window");
}
