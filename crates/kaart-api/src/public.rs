//! The public side: what the websites call so that people can sign up for an
//! activity and unsubscribe again. No sign-in.
//!
//! - `GET /public/v1/activities/{id}/form` → [`PublicForm`]
//! - `POST /public/v1/activities/{id}/signups` with [`SignupSubmission`] → [`SignupReceipt`]
//! - `GET /public/v1/unsubscribe/{token}` → a small confirmation page;
//!   `POST` to the same URL wipes the sign-up's personal data everywhere
//!   (only a tombstone without personal data remains, for sync).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::records::{AnswerValue, FormField};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct PublicForm {
    pub activity_id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: Option<String>,
    /// Places left; `None` when the activity has no capacity limit.
    pub places_left: Option<u32>,
    pub signup_opens_at: Option<DateTime<Utc>>,
    pub signup_closes_at: Option<DateTime<Utc>>,
    pub fields: Vec<FormField>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupSubmission {
    /// Answers keyed by the form field's `key`; unknown keys are refused.
    pub answers: BTreeMap<String, AnswerValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct SignupReceipt {
    pub signup_id: Uuid,
    /// The link for the confirmation e-mail; its token is unguessable.
    pub unsubscribe_url: String,
}
