//! Background sync: a tokio task that syncs at start, every `period`, soon
//! after local edits (debounced: a burst of edits is one sync) and after a
//! sign-in. While the service cannot be reached it retries with exponential
//! backoff (`offline_retry_min` doubling up to `offline_retry_max`), so a
//! returning network is noticed within that bound. The status goes out
//! through the workspace's `watch` channel.
//!
//! A cycle that panics (a bug) does not end the loop: [`Workspace::sync_now`]
//! runs each cycle as a task of its own and awaits it, so the panic comes
//! back as an error, is logged and shown in the status (no longer
//! syncing), and the next cycle runs as scheduled.

use std::time::Duration;

use crate::error::CoreError;
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
            Err(CoreError::Transport(e)) if e.is_retryable() => {
                let wait = offline_wait;
                offline_wait = (offline_wait * 2).min(schedule.offline_retry_max);
                wait
            }
            // Signed out, something only the manager can fix, or a cycle
            // that panicked (caught and logged by `sync_now`): wait for a
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    use kaart_api::account::{Me, Session, SignInRequest};
    use kaart_api::sync::{ChangesPage, MutationBatch, MutationBatchResult};
    use uuid::Uuid;

    use super::*;
    use crate::ipc::Connectivity;
    use crate::secrets::{MemorySecrets, SecretStore};
    use crate::sync::RetryPolicy;
    use crate::transport::{TransportError, TransportResult};
    use crate::WorkspaceConfig;
    use kaart_api::sync::Scope;

    /// A service whose first `GET /me` hits a bug in the client (a panic
    /// while the sync runs); after that it cannot be reached.
    struct PanicsOnce {
        calls: Arc<AtomicU32>,
    }

    fn unreachable<R>() -> TransportResult<R> {
        Err(TransportError::Network("unreachable".into()))
    }

    impl Transport for PanicsOnce {
        async fn sign_in(&self, _request: &SignInRequest) -> TransportResult<Session> {
            unreachable()
        }
        async fn sign_out(&self, _token: &str) -> TransportResult<()> {
            unreachable()
        }
        async fn me(&self, _token: &str) -> TransportResult<Me> {
            if self.calls.fetch_add(1, Ordering::SeqCst) == 0 {
                panic!("a bug hit during the first sync");
            }
            unreachable()
        }
        async fn policy(&self) -> TransportResult<kaart_api::account::Policy> {
            unreachable()
        }
        async fn changes(
            &self,
            _token: &str,
            _organization: Uuid,
            _since: Option<&str>,
            _limit: u32,
        ) -> TransportResult<ChangesPage> {
            unreachable()
        }
        async fn push(
            &self,
            _token: &str,
            _scope: Scope,
            _batch: &MutationBatch,
        ) -> TransportResult<MutationBatchResult> {
            unreachable()
        }
        async fn upload_photo(
            &self,
            _token: &str,
            _name: &str,
            _jpeg: &[u8],
        ) -> TransportResult<()> {
            unreachable()
        }
        async fn photo(&self, _name: &str) -> TransportResult<Vec<u8>> {
            unreachable()
        }
    }

    fn signed_in_workspace(dir: &tempfile::TempDir) -> (Workspace<PanicsOnce>, Arc<AtomicU32>) {
        let mut config = WorkspaceConfig::new(dir.path(), "test", "http://127.0.0.1:9");
        config.retry = RetryPolicy {
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
            max_times: 0,
        };
        let secrets = Arc::new(MemorySecrets::default());
        let calls = Arc::new(AtomicU32::new(0));
        let transport = PanicsOnce {
            calls: calls.clone(),
        };
        let ws = Workspace::open_with(&config, secrets.clone(), transport).unwrap();
        // Signed in: a token under this store's own entry.
        let id = crate::store::identity::read(dir.path())
            .unwrap()
            .expect("the store has an id");
        secrets.set(&id.token_entry(), "token").unwrap();
        (ws, calls)
    }

    #[tokio::test]
    async fn a_sync_that_panics_is_reported_and_the_next_one_runs() {
        let dir = tempfile::tempdir().unwrap();
        let (ws, calls) = signed_in_workspace(&dir);

        let err = ws.sync_now().await.unwrap_err();
        assert!(matches!(err, CoreError::Interrupted(_)), "{err:?}");
        assert_eq!(ws.status().syncing, None, "no sync is shown as running");

        // The next sync is not locked out and runs to its (offline) end.
        let err = ws.sync_now().await.unwrap_err();
        assert!(matches!(err, CoreError::Transport(_)), "{err:?}");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert_eq!(ws.status().connectivity, Connectivity::Offline);
    }

    #[tokio::test]
    async fn the_background_sync_goes_on_after_a_sync_panicked() {
        let dir = tempfile::tempdir().unwrap();
        let (ws, calls) = signed_in_workspace(&dir);
        let mut status = ws.subscribe();
        let _background = ws.start_background_sync(SyncSchedule {
            period: Duration::from_millis(20),
            debounce: Duration::from_millis(5),
            offline_retry_min: Duration::from_millis(5),
            offline_retry_max: Duration::from_millis(20),
        });
        let went_on = tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                let now = status.borrow_and_update().clone();
                if calls.load(Ordering::SeqCst) >= 3
                    && now.connectivity == Connectivity::Offline
                    && now.syncing.is_none()
                {
                    return;
                }
                if status.changed().await.is_err() {
                    return;
                }
            }
        })
        .await;
        assert!(
            went_on.is_ok(),
            "the background sync stopped after the panic ({} syncs)",
            calls.load(Ordering::SeqCst)
        );
    }
}
