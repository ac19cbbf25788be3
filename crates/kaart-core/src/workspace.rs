//! [`Workspace`]: the one object the app holds (in Tauri state). Every UI
//! command is one call here; errors come out as [`AppError`] (`{code,
//! message}`, Dutch, no personal data).
//!
//! It owns the local store (behind a mutex; every call is short), the
//! secrets (store key and session token in the OS keyring), the transport to
//! the central service, and the sync status channel. Local edits work with
//! no network and no session; they wake the background sync.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use kaart_api::account::{ManagedOrganization, SignInRequest};
use kaart_api::records::{Record, RecordKind};
use rusqlite::Transaction;
use serde_json::{Map, Value};
use tokio::sync::{watch, Notify};
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};
use crate::http_transport::{HttpTransport, Timeouts};
use crate::ipc::{
    AppError, ConflictView, Connectivity, LocalRecord, RejectedEdit, Resolution, ReviewItem,
    SyncPhase, SyncProgress, SyncStatus,
};
use crate::secrets::{OsKeyring, SecretStore, SESSION_TOKEN_ENTRY};
use crate::store::{conflicts, organizations, outbox, settings, Store};
use crate::sync::{Phase, RetryPolicy, SyncEngine, SyncReport};
use crate::transport::{Transport, TransportError};
use crate::{edits, local_view, resolution, review};

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
    store: Mutex<Store>,
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

type AppResult<T> = Result<T, AppError>;

impl Workspace<HttpTransport> {
    /// Opens (or creates) the workspace with the OS keyring and HTTP.
    pub fn open(config: WorkspaceConfig) -> AppResult<Self> {
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
    pub fn set_aside_unreadable_store(config: &WorkspaceConfig) -> AppResult<PathBuf> {
        let secrets = OsKeyring::new(&config.app_id);
        match Store::open(&config.data_dir, &secrets) {
            Err(CoreError::StoreKeyMissing | CoreError::StoreKeyWrong) => {
                Ok(crate::store::set_aside(&config.data_dir)?)
            }
            Ok(_) => Err(AppError::new(
                crate::ipc::ErrorCode::InvalidInput,
                "De lokale gegevens zijn gewoon leesbaar; er is niets opzij te zetten.",
            )),
            Err(other) => Err(other.into()),
        }
    }

    /// Requests sent so far (for the benchmark).
    pub fn request_count(&self) -> u64 {
        self.shared.transport.request_count()
    }
}

impl<T: Transport> Workspace<T> {
    /// Opens the workspace with the given secrets and transport (tests).
    pub fn open_with(
        config: &WorkspaceConfig,
        secrets: Arc<dyn SecretStore>,
        transport: T,
    ) -> AppResult<Self> {
        let store = Store::open(&config.data_dir, secrets.as_ref())?;
        let signed_in = secrets.get(SESSION_TOKEN_ENTRY)?.is_some();
        let (status, _) = watch::channel(SyncStatus {
            connectivity: if signed_in {
                Connectivity::Unknown
            } else {
                Connectivity::SignedOut
            },
            syncing: None,
            last_synced_at: settings::get(store.conn(), "last_synced_at")?,
            pending_edits: 0,
            rejected_edits: 0,
            conflicts: 0,
        });
        let workspace = Self {
            shared: Arc::new(Shared {
                store: Mutex::new(store),
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
        Ok(workspace)
    }

    // ----- account -----

    pub async fn sign_in(&self, username: &str, password: &str) -> AppResult<()> {
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
                TransportError::Unauthorized => AppError::new(
                    crate::ipc::ErrorCode::NotSignedIn,
                    "De gebruikersnaam of het wachtwoord klopt niet.",
                ),
                other => other.into(),
            })?;
        self.shared
            .secrets
            .set(SESSION_TOKEN_ENTRY, &session.token)?;
        settings::set(self.lock().conn(), "username", username)?;
        self.shared
            .status
            .send_modify(|s| s.connectivity = Connectivity::Online);
        self.shared.wake.notify_one();
        Ok(())
    }

    /// Revokes the session (best effort when offline) and forgets the token.
    /// With `wipe_local_data`, the local store and its key are deleted too
    /// (pending edits included) and a new, empty store takes its place.
    pub async fn sign_out(&self, wipe_local_data: bool) -> AppResult<()> {
        let _sync = self.shared.sync_lock.lock().await;
        if let Some(token) = self.shared.secrets.get(SESSION_TOKEN_ENTRY)? {
            if let Err(e) = self.shared.transport.sign_out(&token).await {
                tracing::info!(error = %e, "could not revoke the session; forgetting it locally");
            }
        }
        self.shared.secrets.delete(SESSION_TOKEN_ENTRY)?;
        if wipe_local_data {
            let mut store = self.lock();
            let placeholder =
                Store::open_with_key(std::path::Path::new(":memory:"), &crate::store::new_key())?;
            let old = std::mem::replace(&mut *store, placeholder);
            old.wipe(self.shared.secrets.as_ref())?;
            *store = Store::open(&self.shared.data_dir, self.shared.secrets.as_ref())?;
        } else {
            settings::delete(self.lock().conn(), "username")?;
        }
        self.shared.status.send_modify(|s| {
            s.connectivity = Connectivity::SignedOut;
            if wipe_local_data {
                s.last_synced_at = None;
            }
        });
        self.refresh_counts()?;
        Ok(())
    }

    pub fn is_signed_in(&self) -> AppResult<bool> {
        Ok(self.shared.secrets.get(SESSION_TOKEN_ENTRY)?.is_some())
    }

    pub fn organizations(&self) -> AppResult<Vec<ManagedOrganization>> {
        Ok(organizations::list(self.lock().conn())?)
    }

    // ----- reading -----

    /// Records of one kind as the manager sees them; of one organisation
    /// when `organization` is given (profiles have none).
    pub fn records(
        &self,
        organization: Option<Uuid>,
        kind: RecordKind,
    ) -> AppResult<Vec<LocalRecord>> {
        Ok(local_view::list(self.lock().conn(), organization, kind)?)
    }

    pub fn record(&self, kind: RecordKind, id: Uuid) -> AppResult<LocalRecord> {
        local_view::get(self.lock().conn(), kind, id)?.ok_or_else(|| CoreError::NotFound.into())
    }

    // ----- editing (works offline) -----

    pub fn create(&self, record: Record) -> AppResult<LocalRecord> {
        let (kind, id) = (record.kind(), record.id());
        self.edit(|tx| edits::create(tx, &record))?;
        self.record(kind, id)
    }

    pub fn update_fields(
        &self,
        kind: RecordKind,
        id: Uuid,
        fields: Map<String, Value>,
    ) -> AppResult<LocalRecord> {
        self.edit(|tx| edits::update_fields(tx, kind, id, &fields))?;
        self.record(kind, id)
    }

    pub fn delete(&self, kind: RecordKind, id: Uuid) -> AppResult<()> {
        self.edit(|tx| edits::delete(tx, kind, id))
    }

    pub fn mark_checked(
        &self,
        kind: RecordKind,
        id: Uuid,
        checked_on: NaiveDate,
    ) -> AppResult<LocalRecord> {
        self.edit(|tx| edits::mark_checked(tx, kind, id, checked_on))?;
        self.record(kind, id)
    }

    /// Marks a record as checked today (this computer's date).
    pub fn mark_checked_today(&self, kind: RecordKind, id: Uuid) -> AppResult<LocalRecord> {
        self.mark_checked(kind, id, review::today())
    }

    /// The records due for their periodic check today, of one organisation
    /// or (with `None`) of all, the manager's profile included.
    pub fn due_for_review(&self, organization: Option<Uuid>) -> AppResult<Vec<ReviewItem>> {
        let all = local_view::all(self.lock().conn())?;
        let mine = all
            .iter()
            .filter(|r| organization.is_none() || r.organization_id() == organization);
        Ok(review::due(
            mine,
            review::today(),
            review::REVIEW_INTERVAL_DAYS,
        ))
    }

    pub fn conflicts(&self) -> AppResult<Vec<ConflictView>> {
        Ok(conflicts::list(self.lock().conn())?
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

    pub fn resolve_conflict(&self, conflict_id: i64, decision: Resolution) -> AppResult<()> {
        self.edit(|tx| resolution::resolve(tx, conflict_id, &decision))
    }

    pub fn rejected_edits(&self) -> AppResult<Vec<RejectedEdit>> {
        Ok(outbox::rejected(self.lock().conn())?
            .into_iter()
            .map(|e| RejectedEdit {
                mutation_id: e.mutation_id,
                kind: e.kind,
                record_id: e.record_id,
                errors: e.rejected.unwrap_or_default(),
            })
            .collect())
    }

    pub fn discard_edit(&self, mutation_id: Uuid) -> AppResult<()> {
        self.edit(|tx| edits::discard(tx, mutation_id))
    }

    // ----- sync -----

    /// Runs one sync cycle now (waits for a running one to finish first).
    pub async fn sync_now(&self) -> AppResult<SyncReport> {
        let _sync = self.shared.sync_lock.lock().await;
        let Some(token) = self.shared.secrets.get(SESSION_TOKEN_ENTRY)? else {
            self.shared
                .status
                .send_modify(|s| s.connectivity = Connectivity::SignedOut);
            return Err(CoreError::NotSignedIn.into());
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
        let last_synced = settings::get(self.lock().conn(), "last_synced_at")
            .ok()
            .flatten();
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
        Ok(result?)
    }

    pub fn status(&self) -> SyncStatus {
        self.shared.status.borrow().clone()
    }

    /// A receiver that sees every status change.
    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.shared.status.subscribe()
    }

    // ----- internals -----

    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.shared
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs one edit in one transaction, then updates the counts and wakes
    /// the background sync.
    fn edit(&self, f: impl FnOnce(&Transaction<'_>) -> CoreResult<()>) -> AppResult<()> {
        {
            let mut store = self.lock();
            let tx = store.conn_mut().transaction().map_err(CoreError::from)?;
            f(&tx)?;
            tx.commit().map_err(CoreError::from)?;
        }
        self.refresh_counts()?;
        self.shared.wake.notify_one();
        Ok(())
    }

    fn refresh_counts(&self) -> CoreResult<()> {
        let (pending, rejected, conflict_count) = {
            let store = self.lock();
            (
                outbox::count_pending(store.conn())?,
                outbox::count_rejected(store.conn())?,
                conflicts::count(store.conn())?,
            )
        };
        self.shared.status.send_modify(|s| {
            s.pending_edits = pending as u64;
            s.rejected_edits = rejected as u64;
            s.conflicts = conflict_count as u64;
        });
        Ok(())
    }
}
