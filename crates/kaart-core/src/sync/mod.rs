//! The sync engine: one cycle = refresh the account (`GET /me`), upload new
//! contact photos, push the outbox of every scope, pull the changes feed of
//! every organisation, then fetch the contact photos not here yet.
//!
//! Invariants (see `docs/architecture.md`, "Sync engine"):
//! - an answer to a push is stored in one transaction: base updated, outbox
//!   entry gone (applied/conflict) or marked rejected, conflicts recorded;
//! - a page of the feed is stored in one transaction with its cursor;
//! - network failures and 5xx are retried with backoff inside a cycle; when
//!   the retries run out the cycle stops with [`TransportError::Network`]
//!   and nothing is lost (the next cycle replays the same mutation ids).

mod photos;
mod pull;
mod push;

use std::sync::Arc;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use kaart_api::records::Record;
use rusqlite::Transaction;
use serde::Serialize;

use crate::error::{CoreError, CoreResult};
use crate::store::{organizations, records, settings, Store};
use crate::threads::off_thread;
use crate::transport::{Transport, TransportError, TransportResult};

pub use pull::PAGE_SIZE;
pub use push::BATCH_SIZE;

/// How hard a cycle retries a failing request before giving up.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub min_delay: Duration,
    pub max_delay: Duration,
    pub max_times: usize,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            min_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_times: 5,
        }
    }
}

/// What a cycle is doing, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Push,
    Pull,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    /// Known for a push (the outbox size); the feed does not say its length.
    pub total: Option<u64>,
}

/// What one cycle did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub applied: u64,
    pub conflicts: u64,
    pub rejected: u64,
    pub pulled_changes: u64,
    pub pages: u64,
    pub full_resyncs: u64,
}

/// One sync run over a store and a transport, with the session's token.
pub struct SyncEngine<'a, T: Transport> {
    /// Written through its write side only, one transaction per step.
    pub store: &'a Arc<Store>,
    pub transport: &'a T,
    pub token: &'a str,
    pub retry: RetryPolicy,
    /// Changes per page asked of the feed (see [`PAGE_SIZE`]).
    pub page_size: u32,
    /// Mutations per push request (see [`BATCH_SIZE`]).
    pub batch_size: usize,
    pub on_progress: &'a (dyn Fn(Progress) + Send + Sync),
}

impl<T: Transport> std::fmt::Debug for SyncEngine<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncEngine")
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl<T: Transport> SyncEngine<'_, T> {
    /// A full cycle: account and policy, push, pull.
    pub async fn run(&self) -> CoreResult<SyncReport> {
        let mut report = SyncReport::default();
        self.refresh_account().await?;
        self.refresh_policy().await?;
        self.upload_photos().await?;
        self.push(&mut report).await?;
        let orgs = organizations::list(&self.store.write())?;
        for org in orgs {
            self.pull(org.id, &mut report).await?;
        }
        self.fetch_photos().await?;
        settings::set(
            &self.store.write(),
            "last_synced_at",
            &chrono::Utc::now().to_rfc3339(),
        )?;
        Ok(report)
    }

    /// `GET /me`: the organisations managed now (those no longer managed are
    /// removed locally) and the profile's server state.
    pub async fn refresh_account(&self) -> CoreResult<()> {
        let me = self.call(|| self.transport.me(self.token)).await?;
        self.store.transaction(|tx| {
            for gone in organizations::replace_all(tx, &me.organizations)? {
                records::delete_organization(tx, gone)?;
            }
            records::upsert(tx, &Record::Profile(me.profile), me.profile_version)
        })
    }

    /// `GET /policy`: the review interval and sign-up retention the
    /// service sets now, kept for the reminders and the local retention.
    pub async fn refresh_policy(&self) -> CoreResult<()> {
        let policy = self.call(|| self.transport.policy()).await?;
        settings::set_policy(&self.store.write(), &policy)
    }

    /// Stores one large step (a page of the feed, a push answer) in one
    /// write transaction on tokio's blocking pool: it can take a while, and
    /// the async workers meanwhile serve the window. Should the sync be
    /// dropped meanwhile, the transaction still commits or rolls back whole.
    async fn store_step<R, F>(&self, step: F) -> CoreResult<R>
    where
        F: FnOnce(&Transaction<'_>) -> CoreResult<R> + Send + 'static,
        R: Send + 'static,
    {
        let store = Arc::clone(self.store);
        off_thread(move || store.transaction(step)).await
    }

    /// Runs a request with the retry policy (network errors and 5xx only).
    async fn call<R, F, Fut>(&self, request: F) -> CoreResult<R>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = TransportResult<R>>,
    {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.retry.min_delay)
            .with_max_delay(self.retry.max_delay)
            .with_max_times(self.retry.max_times)
            .with_jitter();
        request
            .retry(backoff)
            .sleep(tokio::time::sleep)
            .when(TransportError::is_retryable)
            .notify(|e, after| tracing::debug!(error = %e, ?after, "request failed, retrying"))
            .await
            .map_err(|e| match e {
                TransportError::Unauthorized => CoreError::NotSignedIn,
                other => CoreError::Transport(other),
            })
    }
}

#[cfg(test)]
mod tests;
