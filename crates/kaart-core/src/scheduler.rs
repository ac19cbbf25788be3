//! Background sync: a tokio task that syncs at start, every `period`, soon
//! after local edits (debounced: a burst of edits is one sync) and after a
//! sign-in. While the service cannot be reached it retries with exponential
//! backoff (`offline_retry_min` doubling up to `offline_retry_max`), so a
//! returning network is noticed within that bound. The status goes out
//! through the workspace's `watch` channel.

use std::time::Duration;

use crate::ipc::ErrorCode;
use crate::transport::Transport;
use crate::workspace::Workspace;

#[derive(Debug, Clone, Copy)]
pub struct SyncSchedule {
    pub period: Duration,
    pub debounce: Duration,
    pub offline_retry_min: Duration,
    pub offline_retry_max: Duration,
}

impl Default for SyncSchedule {
    fn default() -> Self {
        Self {
            period: Duration::from_secs(300),
            debounce: Duration::from_secs(2),
            offline_retry_min: Duration::from_secs(2),
            offline_retry_max: Duration::from_secs(120),
        }
    }
}

/// The running background sync; stops when dropped.
#[derive(Debug)]
pub struct BackgroundSync {
    task: tokio::task::JoinHandle<()>,
}

impl Drop for BackgroundSync {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl<T: Transport + 'static> Workspace<T> {
    /// Starts the background sync on the current tokio runtime.
    pub fn start_background_sync(&self, schedule: SyncSchedule) -> BackgroundSync {
        let workspace = self.clone();
        BackgroundSync {
            task: tokio::spawn(async move { run(workspace, schedule).await }),
        }
    }
}

async fn run<T: Transport + 'static>(workspace: Workspace<T>, schedule: SyncSchedule) {
    let mut offline_wait = schedule.offline_retry_min;
    loop {
        let wait = match workspace.sync_now().await {
            Ok(_) => {
                offline_wait = schedule.offline_retry_min;
                schedule.period
            }
            Err(e) if e.code == ErrorCode::Offline => {
                let wait = offline_wait;
                offline_wait = (offline_wait * 2).min(schedule.offline_retry_max);
                wait
            }
            // Signed out, or something only the manager can fix: wait for a
            // sign-in or an edit, or the next period.
            Err(_) => schedule.period,
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = workspace.shared.wake.notified() => {
                // Debounce: wait until edits stop for `debounce`.
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep(schedule.debounce) => break,
                        _ = workspace.shared.wake.notified() => continue,
                    }
                }
            }
        }
    }
}
