//! The workspace's activity and sign-up screens: one page of the activity
//! list with its counts, one page of a sign-up list, the count of sign-ups the service
//! removed, and deleting every sign-up of an activity that is over. Kept
//! apart from `workspace.rs`, which owns opening, signing in and syncing.

use kaart_api::records::{Record, RecordKind};
use uuid::Uuid;

use super::Workspace;
use crate::activity_list::{self, ActivityPage, ActivityQuery};
use crate::edits;
use crate::error::{CoreError, CoreResult};
use crate::ipc::SignupRemovals;
use crate::signup_list::{self, SignupPage, SignupQuery};
use crate::store::organizations;

impl Workspace {
    /// One page of the activity list with the sign-up counts (see
    /// [`crate::activity_list`]).
    pub fn activity_page(&self, query: ActivityQuery) -> CoreResult<ActivityPage> {
        activity_list::page(&self.read(), &query, chrono::Utc::now())
    }

    /// One page of a sign-up list (see [`crate::signup_list`]).
    pub fn signup_page(&self, query: SignupQuery) -> CoreResult<SignupPage> {
        signup_list::page(&self.read(), &query)
    }

    /// The answer keys the sign-ups of an activity carry (see
    /// [`signup_list::answer_keys`]).
    pub fn signup_answer_keys(&self, activity: Uuid) -> CoreResult<Vec<String>> {
        signup_list::answer_keys(&self.read(), activity)
    }

    /// How many sign-ups of the organisation the service removed, since when.
    pub fn signup_removals(&self, organization: Uuid) -> CoreResult<SignupRemovals> {
        organizations::removed_signups(&self.read(), organization)
    }

    /// Deletes every sign-up of an activity that has ended (its data is no
    /// longer needed), as one edit; returns how many. Refused while the
    /// activity has not ended.
    pub fn delete_signups_of(&self, activity: Uuid) -> CoreResult<u32> {
        let Record::Activity(a) = self.record(RecordKind::Activity, activity)?.record else {
            return Err(CoreError::NotFound);
        };
        if a.ends_at >= chrono::Utc::now() {
            return Err(CoreError::InvalidInput(
                crate::error_reason::ErrorReason::ActivityNotOver,
            ));
        }
        let mut deleted = 0;
        self.edit(|tx| {
            for id in activity_list::signup_ids(tx, activity)? {
                match edits::delete(tx, RecordKind::Signup, id) {
                    Ok(()) => deleted += 1,
                    // Already deleted here, waiting to be synced.
                    Err(CoreError::NotFound) => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(())
        })?;
        Ok(deleted)
    }
}
