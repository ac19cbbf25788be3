//! The activity list and the sign-up list: each call returns one page,
//! never a whole table (all local: they work offline).

use chrono::NaiveDate;
use kaart_core::activity_list::{ActivityPage, ActivityQuery};
use kaart_core::ipc::SignupRemovals;
use kaart_core::signup_list::{SignupPage, SignupQuery};
use uuid::Uuid;

workspace_commands! {
    /// One page of the activity list (the open activity whole: `record`).
    fn activity_page(query: ActivityQuery) -> ActivityPage = activity_page;
    fn signup_page(query: SignupQuery) -> SignupPage = signup_page;
    fn signup_answer_keys(activity: Uuid) -> Vec<String> = signup_answer_keys;
    fn signup_removals(organization: Uuid) -> SignupRemovals = signup_removals;
    /// The date the activity's sign-ups will be deleted from this computer
    /// (the retention period); `null` when it has none here.
    fn signup_retention(activity: Uuid) -> Option<NaiveDate> = signup_retention;
    /// Deletes every sign-up of an activity that has ended.
    fn delete_signups_of(activity: Uuid) -> u32 = delete_signups_of;
}
