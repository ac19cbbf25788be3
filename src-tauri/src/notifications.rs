//! Desktop notifications (notify-rust): shows a notice the core decided on
//! (`kaart_core::notices`) and, when the manager clicks it, brings the
//! window forward on the section the notice is about.
//!
//! On Linux and the BSDs the notification goes to the desktop's
//! notification server over D-Bus (`org.freedesktop.Notifications`) with a
//! default action; a thread per shown notification shows it and then waits
//! for that action (`wait_for_action`) or for the notification to close. Windows (toast)
//! and macOS show the same words; a click there only brings the system's
//! default behaviour.

use kaart_core::notices::{Notice, WindowSection};
use notify_rust::Notification;
use tauri::{AppHandle, Manager};

/// The notification's app name (servers show it above the text).
const APP_NAME: &str = "Kaartbeheer";

/// Shows `notice`; an error when no notification could be shown (e.g. no
/// notification server on the session bus), so it is offered again later.
pub fn show(app: &AppHandle, notice: &Notice) -> anyhow::Result<()> {
    let mut notification = Notification::new();
    notification
        .appname(APP_NAME)
        .summary(&notice.title)
        .body(&notice.body)
        // "default" is the action of a click on the notification itself.
        .action("default", &notice.action);
    show_platform(app, &notification, notice.opens)
}

#[cfg(all(unix, not(target_os = "macos")))]
fn show_platform(
    app: &AppHandle,
    notification: &Notification,
    opens: WindowSection,
) -> anyhow::Result<()> {
    // The D-Bus connection of a shown notification stays on the thread
    // that showed it, which then waits until the notification is clicked
    // or closed (the server keeps at most a few of ours open).
    let (app, notification) = (app.clone(), notification.clone());
    let (shown, was_shown) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("notification".into())
        .spawn(move || match notification.show() {
            Ok(handle) => {
                let _ = shown.send(Ok(()));
                handle.wait_for_action(|action| {
                    if action == "default" {
                        open_section(&app, opens);
                    }
                });
            }
            Err(e) => {
                let _ = shown.send(Err(e));
            }
        })?;
    Ok(was_shown.recv()??)
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn show_platform(
    _app: &AppHandle,
    notification: &Notification,
    _opens: WindowSection,
) -> anyhow::Result<()> {
    notification.show()?;
    Ok(())
}

/// Shows, unminimises and focuses the main window and tells the window
/// which section to open (the `open-section` event). Only where a click on
/// a notification reaches the app (D-Bus).
#[cfg(all(unix, not(target_os = "macos")))]
fn open_section(app: &AppHandle, section: WindowSection) {
    use tauri::Emitter;
    show_window(app);
    if let Err(e) = app.emit(kaart_core::ipc::OPEN_SECTION_EVENT, section) {
        tracing::warn!(error = %e, "cannot tell the window which section to open");
    }
}

/// Brings the main window forward (also from the tray, where closing it
/// may have hidden it).
pub fn show_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let shown = window
            .show()
            .and_then(|()| window.unminimize())
            .and_then(|()| window.set_focus());
        if let Err(e) = shown {
            tracing::warn!(error = %e, "cannot bring the window forward");
        }
    }
}
