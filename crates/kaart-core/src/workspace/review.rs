//! The workspace's reminders: the service's policy as last fetched, what is
//! due for its periodic check (list and counts, see [`crate::review`]), and
//! the retention of sign-ups on this computer (see [`crate::retention`]):
//! which activities' sign-ups go soon, and deleting those whose time has
//! come. Kept apart from `workspace.rs`, which owns opening, signing in and
//! syncing (and calls [`purge_expired_signups`] at start and after a sync).

use chrono::{DateTime, NaiveDate, Utc};
use kaart_api::account::Policy;
use uuid::Uuid;

use super::Workspace;
use crate::error::CoreResult;
use crate::ipc::ReviewItem;
use crate::retention::{self, RetentionNotice};
use crate::review::{self, ReviewCounts};
use crate::store::{settings, Store};
use crate::transport::Transport;

/// Deletes the sign-ups past their retention period at `now` under the
/// stored policy, then makes their bytes leave the files. Returns how many.
pub(super) fn purge_expired_signups(store: &Store, now: DateTime<Utc>) -> CoreResult<u32> {
    let deleted = store.transaction(|tx| {
        let policy = settings::policy(tx)?;
        retention::purge(tx, &policy, now)
    })?;
    if deleted > 0 {
        tracing::info!(deleted, "deleted sign-ups past their retention period");
        if !store.erase_removed_rows()? {
            tracing::warn!("write-ahead log still in use; erased at the next removal");
        }
    }
    Ok(deleted)
}

impl<T: Transport> Workspace<T> {
    /// The service's policy as last fetched at sync (its published
    /// defaults before the first sync).
    pub fn policy(&self) -> CoreResult<Policy> {
        settings::policy(&self.read())
    }

    /// The records due or almost due for their periodic check today, of
    /// one organisation or (with `None`) of all, the manager's profile
    /// included.
    pub fn due_for_review(&self, organization: Option<Uuid>) -> CoreResult<Vec<ReviewItem>> {
        self.due_for_review_at(organization, Utc::now())
    }

    /// [`Self::due_for_review`] as it stands at `now`.
    pub fn due_for_review_at(
        &self,
        organization: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<ReviewItem>> {
        let conn = self.read();
        let snapshot = conn.unchecked_transaction()?;
        let policy = settings::policy(&snapshot)?;
        review::due(&snapshot, organization, &policy, now)
    }

    /// How many records are due and almost due today, of one organisation
    /// or (with `None`) of all: cheap enough for a badge and a timer.
    pub fn review_counts(&self, organization: Option<Uuid>) -> CoreResult<ReviewCounts> {
        self.review_counts_at(organization, Utc::now())
    }

    /// [`Self::review_counts`] as they stand at `now`.
    pub fn review_counts_at(
        &self,
        organization: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> CoreResult<ReviewCounts> {
        let conn = self.read();
        let snapshot = conn.unchecked_transaction()?;
        let policy = settings::policy(&snapshot)?;
        review::counts(&snapshot, organization, &policy, now)
    }

    /// The activities whose sign-ups will be deleted from this computer
    /// within `days` days from now, soonest first.
    pub fn signup_deletions_within(&self, days: u32) -> CoreResult<Vec<RetentionNotice>> {
        self.signup_deletions_within_at(days, Utc::now())
    }

    /// [`Self::signup_deletions_within`] seen from `now`.
    pub fn signup_deletions_within_at(
        &self,
        days: u32,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<RetentionNotice>> {
        let conn = self.read();
        let snapshot = conn.unchecked_transaction()?;
        let policy = settings::policy(&snapshot)?;
        retention::upcoming(&snapshot, &policy, now, days)
    }

    /// The date (in the Netherlands) the sign-ups of `activity` will be
    /// deleted from this computer; `None` when it has none here.
    pub fn signup_retention(&self, activity: Uuid) -> CoreResult<Option<NaiveDate>> {
        let conn = self.read();
        let snapshot = conn.unchecked_transaction()?;
        let policy = settings::policy(&snapshot)?;
        retention::deletion_date(&snapshot, &policy, activity)
    }

    /// Deletes the sign-ups past their retention period now (also done at
    /// start and after each sync); returns how many.
    pub fn purge_expired_signups(&self) -> CoreResult<u32> {
        purge_expired_signups(&self.shared.store, Utc::now())
    }

    /// [`Self::purge_expired_signups`] as if it were `now`.
    pub fn purge_expired_signups_at(&self, now: DateTime<Utc>) -> CoreResult<u32> {
        purge_expired_signups(&self.shared.store, now)
    }
}
