//! When the reminders are checked, and where their answer goes: at start,
//! at least once a day while the app runs, after every sync and whenever
//! the counts of pending edits or conflicts change (marking a record
//! checked is such an edit). Each check asks the core what stands
//! (`Workspace::reminders`), shows the counts on the tray and in the
//! state (`reminder_counts`), and shows the core's notices, remembering
//! each one that was shown (`Workspace::mark_notified`). Checks run one
//! after the other in one task, so a notice is never shown twice by two
//! checks at once.

use std::time::Duration;

use kaart_core::ipc::SyncStatus;
use kaart_core::Workspace;
use tauri::{AppHandle, Manager};

use crate::state::AppState;
use crate::{notifications, tray};

/// The longest time between two checks while the app runs.
const CHECK_AT_LEAST_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Starts the checks for as long as the app runs.
pub fn start(app: AppHandle, workspace: Workspace) {
    tauri::async_runtime::spawn(async move {
        let mut status = workspace.subscribe();
        let mut last = status.borrow_and_update().clone();
        // The first tick is at once: the check at start.
        let mut daily = tokio::time::interval(CHECK_AT_LEAST_EVERY);
        daily.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = daily.tick() => {}
                changed = status.changed() => {
                    if changed.is_err() {
                        break;
                    }
                    let now = status.borrow_and_update().clone();
                    let worth = worth_a_check(&last, &now);
                    last = now;
                    if !worth {
                        continue;
                    }
                }
            }
            check(&app, &workspace).await;
        }
    });
}

/// A sync ended, or an edit or a decision changed what stands.
fn worth_a_check(before: &SyncStatus, now: &SyncStatus) -> bool {
    (before.syncing.is_some() && now.syncing.is_none())
        || before.pending_edits != now.pending_edits
        || before.conflicts != now.conflicts
}

async fn check(app: &AppHandle, workspace: &Workspace) {
    let reminders = match workspace.blocking(|ws| ws.reminders()).await {
        Ok(reminders) => reminders,
        Err(e) => {
            tracing::warn!(error = %e, "could not check the reminders");
            return;
        }
    };
    let counts = reminders.counts();
    tray::show_counts(app, &counts);
    app.state::<AppState>().set_reminder_counts(counts);
    for notice in reminders.notices {
        let shower = app.clone();
        let shown = tauri::async_runtime::spawn_blocking(move || {
            notifications::show(&shower, &notice).map(|()| notice)
        })
        .await;
        match shown {
            Ok(Ok(notice)) => {
                // The kind only: the words hold counts, never names.
                tracing::info!(kind = notice.kind.as_str(), "notification shown");
                if let Err(e) = workspace
                    .blocking(move |ws| ws.mark_notified(&notice))
                    .await
                {
                    tracing::warn!(error = %e, "could not remember a shown notification");
                }
            }
            Ok(Err(e)) => tracing::info!(error = %e, "no notification shown"),
            Err(e) => tracing::warn!(error = %e, "showing a notification failed"),
        }
    }
}
