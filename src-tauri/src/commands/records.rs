//! Reading and editing records (all local: they work offline), and the list
//! and counts of records due for their periodic check.

use kaart_api::account::ManagedOrganization;
use kaart_api::records::{Record, RecordKind};
use kaart_core::ipc::{LocalRecord, ReviewItem};
use kaart_core::review::ReviewCounts;
use serde_json::{Map, Value};
use uuid::Uuid;

workspace_commands! {
    fn organizations() -> Vec<ManagedOrganization> = organizations;
    fn records(organization: Option<Uuid>, kind: RecordKind) -> Vec<LocalRecord> = records;
    fn record(kind: RecordKind, id: Uuid) -> LocalRecord = record;
    fn create_record(record: Record) -> LocalRecord = create;
    fn update_fields(
        kind: RecordKind,
        id: Uuid,
        fields: Map<String, Value>,
    ) -> LocalRecord = update_fields;
    fn delete_record(kind: RecordKind, id: Uuid) -> () = delete;
    /// Marks the record as checked today.
    fn mark_checked(kind: RecordKind, id: Uuid) -> LocalRecord = mark_checked_today;
    /// Due and almost due, under the service's policy, in Dutch dates.
    fn due_for_review(organization: Option<Uuid>) -> Vec<ReviewItem> = due_for_review;
    /// How many are due and almost due (the sidebar's badge).
    fn review_counts(organization: Option<Uuid>) -> ReviewCounts = review_counts;
}
