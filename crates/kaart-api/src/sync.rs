//! The two halves of sync: the changes feed (pull) and batched mutations
//! (push).
//!
//! **Pull** — `GET /api/v1/organizations/{org}/changes?since=CURSOR&limit=N`
//! returns a [`ChangesPage`]: every record of the organisation (and the
//! caller's own profile) changed after the cursor, oldest first, with
//! tombstones for deletions. Apply the page and store its `cursor` in one
//! transaction; fetch again while `has_more`. A cursor the server no longer
//! honours (unknown, malformed, or older than the tombstone horizon) gets
//! `410 Gone` with code `resync_required`: start again without `since`,
//! keeping local pending edits. Cursors are opaque, bound to the
//! organisation they were issued for: another organisation's cursor, or a
//! changed one, gets the same 410.
//!
//! **Push** — `POST /api/v1/organizations/{org}/mutations` (and
//! `POST /api/v1/me/mutations` for the profile) with a [`MutationBatch`].
//! Every mutation carries a client-made `mutation_id`; a replayed id is
//! answered with its first result and never applied twice. Each mutation gets
//! its own [`MutationResult`], in order.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::error::FieldError;
use crate::fields::FieldChange;
use crate::records::{Record, RecordKind};

/// Where a batch of mutations goes, and so whose records it may touch: the
/// caller's own profile (`/me/mutations`) or one organisation's records
/// (`/organizations/{org}/mutations`). See [`crate::routes::mutations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// The signed-in manager's own profile.
    Me,
    /// One organisation's records.
    Organization(Uuid),
}

impl Scope {
    /// The scope a record's mutations go to: profiles (and anything without
    /// an organisation) to [`Scope::Me`], the rest to their organisation.
    pub fn of(kind: RecordKind, organization: Option<Uuid>) -> Scope {
        match (kind, organization) {
            (RecordKind::Profile, _) | (_, None) => Scope::Me,
            (_, Some(org)) => Scope::Organization(org),
        }
    }

    /// Whether records of `kind` change through this scope.
    pub fn allows_kind(self, kind: RecordKind) -> bool {
        match self {
            Scope::Organization(_) => kind != RecordKind::Profile,
            Scope::Me => kind == RecordKind::Profile,
        }
    }
}

/// Largest page the feed serves; larger `limit`s are clamped.
pub const MAX_PAGE_SIZE: u32 = 5_000;
/// Page size when the client names none.
pub const DEFAULT_PAGE_SIZE: u32 = 1_000;
/// Most mutations accepted in one batch.
pub const MAX_BATCH_SIZE: usize = 500;

#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `cursor` of the last page applied; absent for a full sync.
    pub since: Option<String>,
    /// Page size: 1 to [`MAX_PAGE_SIZE`] (default [`DEFAULT_PAGE_SIZE`]);
    /// anything else is refused (400).
    #[param(minimum = 1, maximum = 5000)]
    pub limit: Option<u32>,
}

/// One entry of the changes feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
// Records are moved around by value on purpose: boxing would only make
// construction and matching noisier for every user of the wire types.
#[allow(clippy::large_enum_variant)]
pub enum Change {
    /// The record as it is now, at `version`.
    Upsert { version: i64, record: Record },
    /// The record was deleted (or, for a sign-up, unsubscribed or purged):
    /// delete it locally, with all its personal data.
    Tombstone { kind: RecordKind, id: Uuid },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct ChangesPage {
    pub changes: Vec<Change>,
    /// Opaque; pass as `since` for the next page or the next sync.
    pub cursor: String,
    /// More changes are waiting: fetch again with `cursor`.
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MutationBatch {
    pub mutations: Vec<Mutation>,
}

/// One change the client made, with its idempotency key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Mutation {
    /// Made by the client (UUIDv7) when the edit was made; replays reuse it.
    pub mutation_id: Uuid,
    pub op: MutationOp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
#[allow(clippy::large_enum_variant)]
pub enum MutationOp {
    /// A new record, its id made by the client. Creating an id that exists
    /// with the same content is applied (idempotent); different content is
    /// rejected.
    Create { record: Record },
    /// Field-level compare-and-set: each change applies only if the field
    /// still holds `from`. Non-conflicting fields are applied; conflicting
    /// ones come back in [`Outcome::Conflict`]. Only the kind's editable
    /// fields may change; for a sign-up, `status` and `answers` (the whole
    /// map, a manager's correction), the new answers checked against the
    /// activity's current form as a public sign-up is (errors on
    /// `answers.<key>`), an answer to a question no longer on the form kept
    /// or removed but not added or changed (`no_longer_on_form`).
    Update {
        kind: RecordKind,
        id: Uuid,
        changes: Vec<FieldChange>,
    },
    /// Delete, if the record is still at `base_version` (the version the
    /// client saw). A record changed since then comes back as a conflict; a
    /// `base_version` newer than the record's is refused.
    Delete {
        kind: RecordKind,
        id: Uuid,
        base_version: i64,
    },
    /// The manager checked the record and found it correct on `checked_on`.
    /// Never conflicts: the later date wins.
    MarkChecked {
        kind: RecordKind,
        id: Uuid,
        checked_on: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct MutationBatchResult {
    /// One result per mutation, in the order sent.
    pub results: Vec<MutationResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct MutationResult {
    pub mutation_id: Uuid,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Applied in full. `record` is the record as it is now (`None` after a
    /// delete), at `version`.
    Applied {
        version: i64,
        record: Option<Record>,
    },
    /// Not (fully) applied because the server's copy changed. For an update,
    /// the non-conflicting fields *were* applied; `record` and `version` are
    /// the server's state after that. `record` is `None` when the record was
    /// deleted on the server.
    Conflict {
        reason: ConflictReason,
        conflicts: Vec<FieldConflict>,
        version: Option<i64>,
        record: Option<Record>,
    },
    /// Refused: nothing applied. Fix the fields and send a new mutation.
    Rejected { errors: Vec<FieldError> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConflictReason {
    /// Some fields were changed on the server since the client's `from`.
    FieldsChanged,
    /// The record was deleted on the server.
    Deleted,
    /// A delete found the record changed since `base_version`.
    ChangedSinceBase,
}

/// A field changed on both sides: what the client wanted and what the server has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct FieldConflict {
    pub field: String,
    #[ts(type = "unknown")]
    pub yours: serde_json::Value,
    #[ts(type = "unknown")]
    pub theirs: serde_json::Value,
}
