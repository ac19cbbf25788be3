//! A data subject's request (AVG/GDPR: *inzage*, *correctie*,
//! *verwijdering*, *overdraagbaarheid*): everything this computer holds
//! about one person across the contact persons and sign-ups of every
//! organisation the manager manages, shown, exported, corrected or erased,
//! with a small log that keeps the four-week deadline in view.
//!
//! - [`find`]: the person by name (case and accents folded: `zoe celik`
//!   finds *Zoë Çelik*), e-mail address (exact, any case) or phone number
//!   (compared by its digits, `+31 6…` = `06…`), as the local view has them;
//!   at most [`MAX_FINDINGS`] of each group come back, with the totals.
//! - [`export`]: chosen findings as JSON or CSV (BOM and `;` for Dutch
//!   Excel), for access and portability.
//! - [`erase`]: chosen findings deleted here as queued deletions that sync;
//!   their bytes leave the files once the service has the deletions (see
//!   `sync/push.rs`, which runs `Store::erase_removed_rows` after applied
//!   deletions).
//! - [`log`]: the requests handled, with dates and counts only — never the
//!   name, address or number that was searched for.
//!
//! Correcting goes through the ordinary record edit path (a contact's
//! fields with `update_fields`); a sign-up's answers cannot be changed: the
//! central service accepts only its status (`kaart_api::fields`).

pub mod erase;
pub mod export;
pub mod find;
pub mod log;

use chrono::{DateTime, Utc};
use kaart_api::records::{AnswerValue, FormField, SignupStatus};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::ipc::LocalRecord;

/// The most contact persons, and the most sign-ups, one search returns.
pub const MAX_FINDINGS: usize = 200;

/// What the manager knows of the person; empty parts are not searched.
/// Findings match any of the given parts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonQuery {
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// Which part of the query a finding matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Name,
    Email,
    Phone,
}

/// A contact person found, with the organisation it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FoundContact {
    pub organization_id: Uuid,
    pub organization_name: String,
    /// The record as the manager sees it (local edits included); edit it
    /// with `update_fields` to correct it.
    pub record: LocalRecord,
    pub matched_by: Vec<MatchedBy>,
}

/// One answer of a sign-up with the question it answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LabeledAnswer {
    pub key: String,
    /// The form field's label; the key when the field is no longer on the
    /// form.
    pub question: String,
    pub answer: AnswerValue,
}

/// A sign-up found, with its activity and organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FoundSignup {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub activity_id: Uuid,
    pub activity_title: String,
    pub activity_starts_at: Option<DateTime<Utc>>,
    pub submitted_at: DateTime<Utc>,
    pub status: SignupStatus,
    /// In the form's order; answers to fields since removed from the form
    /// after them.
    pub answers: Vec<LabeledAnswer>,
    pub matched_by: Vec<MatchedBy>,
    /// The activity's current sign-up form (empty when the activity is not
    /// here): the questions a correction answers
    /// (`Workspace::correct_signup_answers`).
    pub form: Vec<FormField>,
}

/// What a search found: at most [`MAX_FINDINGS`] of each group (newest
/// sign-ups first, contacts by name), and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PersonFindings {
    pub contacts: Vec<FoundContact>,
    pub signups: Vec<FoundSignup>,
    pub contacts_total: u32,
    pub signups_total: u32,
}

/// The findings the manager chose to export or erase, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonSelection {
    pub contacts: Vec<Uuid>,
    pub signups: Vec<Uuid>,
}

/// How many contact persons and sign-ups an action concerned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonCounts {
    pub contacts: u32,
    pub signups: u32,
}
