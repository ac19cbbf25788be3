//! The tray icon: the number of records due for their check in its tooltip
//! (and beside the icon on Linux, where trays show a title but no
//! tooltip), and a menu — *Openen*, *Nu synchroniseren*, *Afsluiten*, in
//! the language chosen when the app started (`notices::tray_menu_words`).
//! The counts come from the reminder check (`reminders.rs`).

use kaart_core::notices::{self, ReminderCounts};
use kaart_core::ui_language;
use tauri::menu::{Menu, MenuEvent, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager};

use crate::notifications::show_window;
use crate::state::AppState;

const TRAY_ID: &str = "main";

/// Builds the tray icon. A desktop without a tray (or, on Linux, without
/// the AppIndicator library, whose loader panics) leaves the app without
/// one; everything else works as before.
pub fn build(app: &AppHandle) {
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| try_build(app)));
    match built {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!(error = %e, "no tray icon"),
        Err(_) => tracing::warn!("no tray icon: the system's tray library is missing"),
    }
}

fn try_build(app: &AppHandle) -> tauri::Result<()> {
    let language = ui_language::load(app.state::<AppState>().data_dir());
    let [open, sync, quit] = notices::tray_menu_words(language);
    let open = MenuItem::with_id(app, "open", open, true, None::<&str>)?;
    let sync = MenuItem::with_id(app, "sync", sync, true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", quit, true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &sync, &quit])?;
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Kaartbeheer")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(on_menu)
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

fn on_menu(app: &AppHandle, event: MenuEvent) {
    match event.id().as_ref() {
        "open" => show_window(app),
        "sync" => {
            // Before the start sequence opened the workspace there is
            // nothing to sync yet.
            if let Some(workspace) = app.state::<AppState>().workspace_now() {
                tauri::async_runtime::spawn(async move {
                    // The status bar and the log tell how it went.
                    let _ = workspace.sync_now().await;
                });
            }
        }
        "quit" => app.exit(0),
        _ => {}
    }
}

/// Shows the counts on the tray icon (when there is one).
pub fn show_counts(app: &AppHandle, counts: &ReminderCounts) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let title = (counts.due_for_review > 0).then(|| counts.due_for_review.to_string());
    let shown = tray
        .set_tooltip(Some(&counts.tray_text))
        .and_then(|()| tray.set_title(title.as_deref()));
    if let Err(e) = shown {
        tracing::warn!(error = %e, "cannot update the tray icon");
    }
}
