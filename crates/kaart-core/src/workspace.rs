//! [`Workspace`]: the one object the app holds (in Tauri state). Every UI
//! command is one call here; errors come out as [`CoreError`], which the
//! command layer turns into [`crate::ipc::AppError`] (`{code, message}`,
//! Dutch, no personal data).
//!
//! It owns the local store (a write and a read connection, see
//! [`crate::store`]), the secrets (store key and session token in the OS
//! keyring), the transport to the central service, and the sync status
//! channel. Local edits work with no network and no session; they wake the
//! background sync.
//!
//! Threads: the store calls here block (SQLite). From async code (the
//! window's commands) run them through [`Workspace::blocking`], which moves
//! them to tokio's blocking pool, so neither the UI's main thread nor an
//! async worker waits on the disk. The async methods here (sign-in and
//! -out, sync) do the same for their keyring and store work, and the sync
//! engine stores each page and push answer on that pool too. Reads use the
//! read connection and never wait for a sync applying a page; edits wait at
//! most for one page.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use kaart_api::account::{ManagedOrganization, SignInRequest};
use kaart_api::records::{Record, RecordKind};
use rusqlite::Transaction;
use serde_json::{Map, Value};
use tokio::sync::{watch, Notify};
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};
use crate::http_transport::{HttpTransport, Timeouts};
use crate::ipc::{
    ConflictView, Connectivity, LocalRecord, RejectedEdit, Resolution, SyncPhase, SyncProgress,
    SyncStatus,
};
use crate::secrets::{OsKeyring, SecretStore};
use crate::store::{conflicts, organizations, outbox, settings, Store};
use crate::sync::{Phase, RetryPolicy, SyncEngine, SyncReport};
use crate::threads::off_thread;
use crate::transport::{Transport, TransportError};
use crate::{edits, local_view, resolution};

/// Where the workspace keeps its data and which service it syncs with.
#[derive(Debug, Clone)]
pub struct WorkspaceConfig {
    /// The directory of the local store (the app's data dir).
    pub data_dir: PathBuf,
    /// The application identifier; the keyring service is derived from it.
    pub app_id: String,
    /// The central service's base URL.
    pub service_url: String,
    pub timeouts: Timeouts,
    pub retry: RetryPolicy,
    pub page_size: u32,
    pub batch_size: usize,
}

impl WorkspaceConfig {
    pub fn new(data_dir: impl Into<PathBuf>, app_id: &str, service_url: &str) -> Self {
        Self {
            data_dir: data_dir.into(),
            app_id: app_id.into(),
            service_url: service_url.into(),
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            page_size: crate::sync::PAGE_SIZE,
            batch_size: crate::sync::BATCH_SIZE,
        }
    }
}

/// The app's handle on its local data and the sync. Cheap to clone.
pub struct Workspace<T: Transport = HttpTransport> {
    pub(crate) shared: Arc<Shared<T>>,
}

impl<T: Transport> Clone for Workspace<T> {
    fn clone(&self) -> Self {
        Self {
            shared: self.shared.clone(),
        }
    }
}

impl<T: Transport> std::fmt::Debug for Workspace<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("data_dir", &self.shared.data_dir)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Shared<T> {
    store: Arc<Store>,
    secrets: Arc<dyn SecretStore>,
    transport: T,
    retry: RetryPolicy,
    page_size: u32,
    batch_size: usize,
    data_dir: PathBuf,
    status: watch::Sender<SyncStatus>,
    /// Held for the whole of a sync, sign-in and sign-out.
    sync_lock: tokio::sync::Mutex<()>,
    /// Woken by edits and sign-in (the scheduler debounces).
    pub(crate) wake: Notify,
}

impl Workspace<HttpTransport> {
    /// Opens (or creates) the workspace with the OS keyring and HTTP.
    pub fn open(config: WorkspaceConfig) -> CoreResult<Self> {
        let transport = HttpTransport::new(&config.service_url, config.timeouts)?;
        let secrets: Arc<dyn SecretStore> = Arc::new(OsKeyring::new(&config.app_id));
        Self::open_with(&config, secrets, transport)
    }

    /// Sets the local store aside when its key is lost (missing from the
    /// keyring, or not the store's key), so that the next [`Workspace::open`]
    /// starts a new store which the next sync fills again. Refuses for a
    /// store that opens, or that fails for another reason (a locked keyring
    /// is unlocked, not worked around). Returns where the old file now is;
    /// nothing is deleted.
    pub fn set_aside_unreadable_store(config: &WorkspaceConfig) -> CoreResult<PathBuf> {
        let secrets = OsKeyring::new(&config.app_id);
        match Store::open(&config.data_dir, &secrets) {
            Err(CoreError::StoreKeyMissing | CoreError::StoreKeyWrong) => {
                Ok(crate::store::set_aside(&config.data_dir)?)
            }
            Ok(_) => Err(CoreError::InvalidInput(
                crate::error_reason::ErrorReason::StoreReadable,
            )),
            Err(other) => Err(other),
        }
    }

    /// Requests sent so far (for the benchmark).
    pub fn request_count(&self) -> u64 {
        self.shared.transport.request_count()
    }
}

impl<T: Transport + 'static> Workspace<T> {
    /// Frees the store's page caches and gives the allocator's free memory
    /// back to the operating system. Blocking; run by
    /// [`crate::memory_release::IdleRelease`] when the app is idle.
    pub fn release_memory(&self) {
        let shrunk = self.shared.store.release_caches();
        let heap = kaart_heap::give_back_freed_memory();
        tracing::debug!(shrunk, heap, "memory released");
    }

    /// Runs one sync cycle now (waits for a running one to finish first).
    ///
    /// The cycle runs as a task of its own whose end is awaited here, so a
    /// panic inside it is caught: it is logged (without its message, which
    /// could quote data), the status no longer says a sync is running, and
    /// it comes back as [`CoreError::Interrupted`]. The steps it finished
    /// stay committed; the next cycle goes on from there. The background
    /// sync relies on this to keep running after such a panic.
    pub async fn sync_now(&self) -> CoreResult<SyncReport> {
        let workspace = self.clone();
        match tokio::spawn(async move { workspace.sync_cycle().await }).await {
            Ok(Ok(report)) => {
                // Counts only: what was exchanged, never which records.
                tracing::info!(
                    applied = report.applied,
                    pulled = report.pulled_changes,
                    pages = report.pages,
                    conflicts = report.conflicts,
                    rejected = report.rejected,
                    "sync finished"
                );
                Ok(report)
            }
            Ok(result) => result,
            Err(e) => {
                tracing::error!(panicked = e.is_panic(), "a sync cycle did not finish");
                self.shared.status.send_modify(|s| s.syncing = None);
                // Best effort: the counts as the finished steps left them.
                if let Err(e) = self.refresh_counts() {
                    tracing::warn!(error = %e, "could not count after an interrupted sync");
                }
                Err(CoreError::Interrupted("sync"))
            }
        }
    }

    /// Forgets where each organisation's feed was and syncs: everything is
    /// pulled again from scratch (pending edits are kept and sent first).
    pub async fn resync_from_scratch(&self) -> CoreResult<SyncReport> {
        {
            let _sync = self.shared.sync_lock.lock().await;
            let store = self.shared.store.clone();
            off_thread(move || organizations::clear_cursors(&store.write())).await?;
        }
        self.sync_now().await
    }
}

impl<T: Transport> Workspace<T> {
    /// Opens the workspace with the given secrets and transport (tests).
    pub fn open_with(
        config: &WorkspaceConfig,
        secrets: Arc<dyn SecretStore>,
        transport: T,
    ) -> CoreResult<Self> {
        let store = Store::open(&config.data_dir, secrets.as_ref())?;
        let signed_in = secrets.get(&store.id().token_entry())?.is_some();
        let (status, _) = watch::channel(SyncStatus {
            connectivity: if signed_in {
                Connectivity::Unknown
            } else {
                Connectivity::SignedOut
            },
            syncing: None,
            last_synced_at: settings::get(&store.read(), "last_synced_at")?,
            pending_edits: 0,
            rejected_edits: 0,
            conflicts: 0,
        });
        let workspace = Self {
            shared: Arc::new(Shared {
                store: Arc::new(store),
                secrets,
                transport,
                retry: config.retry,
                page_size: config.page_size,
                batch_size: config.batch_size,
                data_dir: config.data_dir.clone(),
                status,
                sync_lock: tokio::sync::Mutex::new(()),
                wake: Notify::new(),
            }),
        };
        workspace.refresh_counts()?;
        // Sign-ups past their retention period go even when this laptop
        // stays offline. A failure here does not keep the app from opening;
        // the next sync tries again.
        if let Err(e) = review::purge_expired_signups(&workspace.shared.store, Utc::now()) {
            tracing::warn!(error = %e, "could not delete sign-ups past their retention period");
        }
        Ok(workspace)
    }

    // ----- account -----

    pub async fn sign_in(&self, username: &str, password: &str) -> CoreResult<()> {
        let _sync = self.shared.sync_lock.lock().await;
        let request = SignInRequest {
            username: username.into(),
            password: password.into(),
        };
        let session = self
            .shared
            .transport
            .sign_in(&request)
            .await
            .map_err(|e| match e {
                TransportError::Unauthorized => CoreError::WrongCredentials,
                other => other.into(),
            })?;
        let (store, secrets) = (self.shared.store.clone(), self.shared.secrets.clone());
        let (username, entry) = (username.to_owned(), self.token_entry());
        off_thread(move || {
            secrets.set(&entry, &session.token)?;
            settings::set(&store.write(), "username", &username)
        })
        .await?;
        self.shared
            .status
            .send_modify(|s| s.connectivity = Connectivity::Online);
        self.shared.wake.notify_one();
        Ok(())
    }

    /// Revokes the session (best effort when offline) and forgets the token.
    /// With `wipe_local_data`, the local store and its key are deleted too
    /// (pending edits included) and a new, empty store takes its place.
    pub async fn sign_out(&self, wipe_local_data: bool) -> CoreResult<()> {
        let _sync = self.shared.sync_lock.lock().await;
        if let Some(token) = self.session_token().await? {
            if let Err(e) = self.shared.transport.sign_out(&token).await {
                tracing::info!(error = %e, "could not revoke the session; forgetting it locally");
            }
        }
        let (store, secrets) = (self.shared.store.clone(), self.shared.secrets.clone());
        let entry = self.token_entry();
        off_thread(move || {
            secrets.delete(&entry)?;
            if wipe_local_data {
                store.wipe_and_recreate(secrets.as_ref())
            } else {
                settings::delete(&store.write(), "username")
            }
        })
        .await?;
        self.shared.status.send_modify(|s| {
            s.connectivity = Connectivity::SignedOut;
            if wipe_local_data {
                s.last_synced_at = None;
            }
        });
        self.refresh_counts()?;
        Ok(())
    }

    pub fn is_signed_in(&self) -> CoreResult<bool> {
        Ok(self.shared.secrets.get(&self.token_entry())?.is_some())
    }

    pub fn organizations(&self) -> CoreResult<Vec<ManagedOrganization>> {
        organizations::list(&self.read())
    }

    // ----- reading -----

    /// Records of one kind as the manager sees them; of one organisation
    /// when `organization` is given (profiles have none).
    pub fn records(
        &self,
        organization: Option<Uuid>,
        kind: RecordKind,
    ) -> CoreResult<Vec<LocalRecord>> {
        local_view::list(&self.read(), organization, kind)
    }

    pub fn record(&self, kind: RecordKind, id: Uuid) -> CoreResult<LocalRecord> {
        local_view::get(&self.read(), kind, id)?.ok_or(CoreError::NotFound)
    }

    // ----- editing (works offline) -----

    pub fn create(&self, record: Record) -> CoreResult<LocalRecord> {
        let (kind, id) = (record.kind(), record.id());
        self.edit(|tx| {
            edits::create(tx, &record)?;
            edited_record(tx, kind, id)
        })
    }

    pub fn update_fields(
        &self,
        kind: RecordKind,
        id: Uuid,
        fields: Map<String, Value>,
    ) -> CoreResult<LocalRecord> {
        self.edit(|tx| {
            edits::update_fields(tx, kind, id, &fields)?;
            edited_record(tx, kind, id)
        })
    }

    pub fn delete(&self, kind: RecordKind, id: Uuid) -> CoreResult<()> {
        self.edit(|tx| edits::delete(tx, kind, id))
    }

    pub fn mark_checked(
        &self,
        kind: RecordKind,
        id: Uuid,
        checked_on: NaiveDate,
    ) -> CoreResult<LocalRecord> {
        self.edit(|tx| {
            edits::mark_checked(tx, kind, id, checked_on)?;
            edited_record(tx, kind, id)
        })
    }

    /// Marks a record as checked today (the date in the Netherlands).
    pub fn mark_checked_today(&self, kind: RecordKind, id: Uuid) -> CoreResult<LocalRecord> {
        self.mark_checked(kind, id, crate::review::today())
    }

    pub fn conflicts(&self) -> CoreResult<Vec<ConflictView>> {
        Ok(conflicts::list(&self.read())?
            .into_iter()
            .map(|c| ConflictView {
                id: c.id,
                kind: c.kind,
                record_id: c.record_id,
                field: c.field,
                reason: c.reason,
                yours: c.yours,
                theirs: c.theirs,
            })
            .collect())
    }

    pub fn resolve_conflict(&self, conflict_id: i64, decision: Resolution) -> CoreResult<()> {
        self.edit(|tx| resolution::resolve(tx, conflict_id, &decision))
    }

    pub fn rejected_edits(&self) -> CoreResult<Vec<RejectedEdit>> {
        Ok(outbox::rejected(&self.read())?
            .into_iter()
            .map(|e| RejectedEdit {
                mutation_id: e.mutation_id,
                kind: e.kind,
                record_id: e.record_id,
                errors: e.rejected.unwrap_or_default(),
            })
            .collect())
    }

    pub fn discard_edit(&self, mutation_id: Uuid) -> CoreResult<()> {
        self.edit(|tx| edits::discard(tx, mutation_id))
    }

    // ----- sync -----

    /// One sync cycle; see [`Workspace::sync_now`].
    async fn sync_cycle(&self) -> CoreResult<SyncReport> {
        let _sync = self.shared.sync_lock.lock().await;
        let Some(token) = self.session_token().await? else {
            self.shared
                .status
                .send_modify(|s| s.connectivity = Connectivity::SignedOut);
            return Err(CoreError::NotSignedIn);
        };
        self.shared.status.send_modify(|s| {
            s.syncing = Some(SyncProgress {
                phase: SyncPhase::Sending,
                done: 0,
                total: None,
            })
        });
        let status = &self.shared.status;
        let on_progress = move |p: crate::sync::Progress| {
            status.send_modify(|s| {
                s.syncing = Some(SyncProgress {
                    phase: match p.phase {
                        Phase::Push => SyncPhase::Sending,
                        Phase::Pull => SyncPhase::Receiving,
                    },
                    done: p.done,
                    total: p.total,
                })
            })
        };
        let engine = SyncEngine {
            store: &self.shared.store,
            transport: &self.shared.transport,
            token: &token,
            retry: self.shared.retry,
            page_size: self.shared.page_size,
            batch_size: self.shared.batch_size,
            on_progress: &on_progress,
        };
        let result = engine.run().await;
        // With the policy the sync may just have brought, whether or not
        // the sync got through.
        let store = self.shared.store.clone();
        if let Err(e) = off_thread(move || review::purge_expired_signups(&store, Utc::now())).await
        {
            tracing::warn!(error = %e, "could not delete sign-ups past their retention period");
        }
        let last_synced = settings::get(&self.read(), "last_synced_at").ok().flatten();
        self.shared.status.send_modify(|s| {
            s.syncing = None;
            s.connectivity = match &result {
                Ok(_) => Connectivity::Online,
                Err(CoreError::NotSignedIn) => Connectivity::SignedOut,
                Err(CoreError::Transport(t)) if t.is_retryable() => Connectivity::Offline,
                Err(_) => s.connectivity,
            };
            s.last_synced_at = last_synced;
        });
        self.refresh_counts()?;
        result
    }

    // ----- threads -----

    /// Runs blocking work on this workspace (any of the store calls above)
    /// on tokio's blocking pool and waits for it without blocking the
    /// caller's thread: how async code, such as the window's commands, must
    /// call the workspace (see [`off_thread`]). A panic in `f` comes back as
    /// [`CoreError::Interrupted`]; its transaction was rolled back.
    pub async fn blocking<R, F>(&self, f: F) -> CoreResult<R>
    where
        F: FnOnce(&Workspace<T>) -> CoreResult<R> + Send + 'static,
        R: Send + 'static,
        T: 'static,
    {
        let workspace = self.clone();
        off_thread(move || f(&workspace)).await
    }

    pub fn status(&self) -> SyncStatus {
        self.shared.status.borrow().clone()
    }

    /// A receiver that sees every status change.
    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.shared.status.subscribe()
    }

    // ----- internals -----

    #[cfg(test)]
    pub(crate) fn shared_store(&self) -> &Store {
        &self.shared.store
    }

    /// The session token, read from the keyring off the async threads.
    async fn session_token(&self) -> CoreResult<Option<String>> {
        let (secrets, entry) = (self.shared.secrets.clone(), self.token_entry());
        off_thread(move || secrets.get(&entry)).await
    }

    /// The keyring entry of this store's session token: a token kept for
    /// another store (another data folder) is never found here.
    fn token_entry(&self) -> String {
        self.shared.store.id().token_entry()
    }

    /// The read side of the store (see [`crate::store`]).
    fn read(&self) -> std::sync::MutexGuard<'_, rusqlite::Connection> {
        self.shared.store.read()
    }

    /// Runs one edit in one transaction, then updates the counts and wakes
    /// the background sync. The counts (and whatever `f` reads back, such
    /// as the edited record) are read in the edit's own transaction on the
    /// write side, whose page cache is warm: the read side's whole cache is
    /// dropped after every commit of the write side (SQLite's WAL mode), so
    /// reading there after each edit decrypted every outbox page again and
    /// made queueing many edits quadratic (see `docs/benchmarks.md`).
    fn edit<R>(&self, f: impl FnOnce(&Transaction<'_>) -> CoreResult<R>) -> CoreResult<R> {
        let (result, counts) = self.shared.store.transaction(|tx| {
            let result = f(tx)?;
            Ok((result, Counts::read(tx)?))
        })?;
        self.publish_counts(counts);
        self.shared.wake.notify_one();
        Ok(result)
    }

    fn refresh_counts(&self) -> CoreResult<()> {
        let counts = {
            let conn = self.read();
            // One read transaction: the three counts are of one moment.
            let snapshot = conn.unchecked_transaction()?;
            Counts::read(&snapshot)?
        };
        self.publish_counts(counts);
        Ok(())
    }

    fn publish_counts(&self, counts: Counts) {
        self.shared.status.send_modify(|s| {
            s.pending_edits = counts.pending;
            s.rejected_edits = counts.rejected;
            s.conflicts = counts.conflicts;
        });
    }
}

/// The status line's counts of edits and conflicts, of one moment.
struct Counts {
    pending: u64,
    rejected: u64,
    conflicts: u64,
}

impl Counts {
    fn read(conn: &rusqlite::Connection) -> CoreResult<Counts> {
        Ok(Counts {
            pending: outbox::count_pending(conn)? as u64,
            rejected: outbox::count_rejected(conn)? as u64,
            conflicts: conflicts::count(conn)? as u64,
        })
    }
}

/// A record as an edit in `tx` leaves it (what the edit commands answer).
fn edited_record(tx: &Transaction<'_>, kind: RecordKind, id: Uuid) -> CoreResult<LocalRecord> {
    local_view::get(tx, kind, id)?.ok_or(CoreError::NotFound)
}

mod activities;
mod export;
mod notices;
mod organization_lists;
mod person_request;
mod photos;
mod review;
#[cfg(test)]
mod tests;
