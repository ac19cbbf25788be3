//! Kaartbeheer's desktop shell. It only wires: it picks the profile and the
//! central service, runs the start sequence (`startup`), puts the state in
//! place, builds the tray, starts the reminder checks (`reminders`), keeps
//! the app in the tray when the window closes (if the manager chose so),
//! and registers the commands. Everything that can run without a window
//! lives in `kaart-core`.

mod commands;
mod notifications;
pub mod profile;
mod reminders;
pub mod rendering;
pub mod service;
mod startup;
mod state;
mod tray;

use profile::Profile;
use service::Service;
use std::sync::Arc;

use kaart_core::memory_release::{self, IdleRelease, IDLE_BEFORE_RELEASE};
use tauri::ipc::Invoke;
use tauri::{Manager, WindowEvent};

/// Starts the log in the app's log folder (`app_log_dir`) and keeps its
/// writer in the managed state for as long as the app runs. Without a log
/// folder the app still runs, only unlogged.
fn start_log(app: &tauri::App) {
    let started = app
        .path()
        .app_log_dir()
        .map_err(|e| e.to_string())
        .and_then(|dir| kaart_core::logging::init(&dir).map_err(|e| e.to_string()));
    match started {
        Ok(guard) => {
            app.manage(guard);
            tracing::info!(version = %app.package_info().version, "Kaartbeheer started");
        }
        Err(e) => eprintln!("kaartbeheer: no log file ({e})"),
    }
}

/// Starts the app and blocks until it quits.
pub fn run() {
    // Before any thread exists: it sets an environment variable.
    rendering::choose();
    let profile = match Profile::from_env() {
        Ok(profile) => profile,
        Err(problem) => {
            // Before the window and the log exist: the console is the only
            // place to say that the profile setting is wrong.
            eprintln!("kaartbeheer: {problem}");
            std::process::exit(2);
        }
    };

    let mut context = tauri::generate_context!();
    let identifier = profile.identifier(&context.config().identifier);
    context.config_mut().identifier = identifier.clone();

    let service = Service::from_env();
    // Memory is given back once the app has been quiet for a moment after
    // a command or a sync (`kaart_core::memory_release`).
    let idle_release = IdleRelease::new();
    let command_activity = idle_release.clone();

    tauri::Builder::default()
        // The native save dialog of the export (the window may only ask
        // for a save path: `dialog:allow-save`).
        .plugin(tauri_plugin_dialog::init())
        // "Start with the computer" (Instellingen), switched from Rust only:
        // the window has no autostart permission.
        .plugin(tauri_plugin_autostart::Builder::new().build())
        .setup(move |app| {
            start_log(app);
            let startup = startup::Startup {
                version: app.package_info().version.to_string(),
                identifier,
                data_dir: app.path().app_data_dir()?,
                service,
            };
            app.manage(state::AppState::new(startup.data_dir.clone()));
            app.manage(idle_release.clone());
            release_memory_when_idle(app.handle().clone(), idle_release.clone());
            tray::build(app.handle());
            // The start sequence runs beside the window, not before it
            // (see `startup`): the hook returns at once, so the window and
            // its webview start while the store opens.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let started = startup::start(handle.clone(), startup).await;
                let workspace = started.workspace.as_ref().ok().cloned();
                handle.state::<state::AppState>().set_started(started);
                if let Some(workspace) = workspace {
                    reminders::start(handle, workspace);
                }
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing hides the window when the manager chose to keep the
            // app in the tray (reminders go on); otherwise the app quits.
            if let WindowEvent::CloseRequested { api, .. } = event {
                let app = window.app_handle();
                if app.state::<state::AppState>().keep_in_tray() {
                    api.prevent_close();
                    if let Err(e) = window.hide() {
                        tracing::warn!(error = %e, "cannot hide the window");
                    }
                }
            }
        })
        .invoke_handler(counting_as_activity(
            command_activity,
            tauri::generate_handler![
                commands::app_info,
                commands::ui_language,
                commands::set_ui_language,
                commands::account::sign_in,
                commands::account::sign_out,
                commands::account::set_aside_local_store,
                commands::records::organizations,
                commands::records::records,
                commands::records::record,
                commands::records::create_record,
                commands::records::update_fields,
                commands::records::delete_record,
                commands::records::mark_checked,
                commands::records::due_for_review,
                commands::records::review_counts,
                commands::organization_lists::record_page,
                commands::organization_lists::record_counts,
                commands::photos::set_contact_photo,
                commands::photos::contact_photo,
                commands::activities::activity_page,
                commands::activities::signup_page,
                commands::activities::signup_answer_keys,
                commands::activities::signup_removals,
                commands::activities::signup_retention,
                commands::activities::delete_signups_of,
                commands::export::export_choices,
                commands::export::save_export_choices,
                commands::export::export_signups,
                commands::export::export_organization_hsds,
                commands::export::cancel_export,
                commands::person_request::find_person,
                commands::person_request::export_person,
                commands::person_request::erase_person,
                commands::person_request::person_requests,
                commands::person_request::add_person_request,
                commands::person_request::handle_person_request,
                commands::person_request::correct_signup_answers,
                commands::sync::sync_now,
                commands::sync::sync_status,
                commands::sync::conflicts,
                commands::sync::resolve_conflict,
                commands::sync::rejected_edits,
                commands::sync::discard_edit,
                commands::desktop::reminder_counts,
                commands::desktop::desktop_settings,
                commands::desktop::set_desktop_settings,
            ],
        ))
        .run(context)
        .expect("Kaartbeheer could not start its window");
}

/// The command handler, telling `idle` of every call first.
fn counting_as_activity(
    idle: Arc<IdleRelease>,
    handler: impl Fn(Invoke) -> bool + Send + Sync + 'static,
) -> impl Fn(Invoke) -> bool + Send + Sync + 'static {
    move |invoke| {
        idle.activity();
        handler(invoke)
    }
}

/// Releases the store's caches and the free heap after each burst of
/// commands and syncs, once the app is quiet (`IDLE_BEFORE_RELEASE`).
fn release_memory_when_idle(app: tauri::AppHandle, idle: Arc<IdleRelease>) {
    let release = Arc::new(
        move || match app.state::<state::AppState>().workspace_now() {
            Some(workspace) => workspace.release_memory(),
            None => memory_release::release_heap(),
        },
    );
    tauri::async_runtime::spawn(async move { idle.run(IDLE_BEFORE_RELEASE, release).await });
}
