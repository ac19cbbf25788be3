//! The records an information manager keeps, as they travel over the wire and
//! as the local store keeps them. Names follow Open Referral HSDS 3.0 where
//! that costs nothing (`organization`, `service` → offering, `contact`,
//! `assured_date` = the date the record was last checked).
//!
//! Every record has an `id` made by whoever created it (UUIDv7 from the
//! client), so nothing changes identity on upload. Optional text is `None`,
//! never an empty string. Versions are not part of a record: they travel
//! beside it (see [`crate::sync::Change`]).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;
use uuid::Uuid;

/// The kinds of record the changes feed carries and mutations address.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Organization,
    Offering,
    Activity,
    Contact,
    Signup,
    Profile,
}

impl RecordKind {
    pub const ALL: [RecordKind; 6] = [
        RecordKind::Organization,
        RecordKind::Offering,
        RecordKind::Activity,
        RecordKind::Contact,
        RecordKind::Signup,
        RecordKind::Profile,
    ];

    /// The snake_case name used on the wire and in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Organization => "organization",
            RecordKind::Offering => "offering",
            RecordKind::Activity => "activity",
            RecordKind::Contact => "contact",
            RecordKind::Signup => "signup",
            RecordKind::Profile => "profile",
        }
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Any record, tagged by its kind: `{"kind": "contact", "id": ..., ...}`.
/// (In TypeScript `AnyRecord`, so it does not shadow the built-in `Record`.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(rename = "AnyRecord")]
pub enum Record {
    Organization(Organization),
    Offering(Offering),
    Activity(Activity),
    Contact(Contact),
    Signup(Signup),
    Profile(Profile),
}

impl Record {
    pub fn kind(&self) -> RecordKind {
        match self {
            Record::Organization(_) => RecordKind::Organization,
            Record::Offering(_) => RecordKind::Offering,
            Record::Activity(_) => RecordKind::Activity,
            Record::Contact(_) => RecordKind::Contact,
            Record::Signup(_) => RecordKind::Signup,
            Record::Profile(_) => RecordKind::Profile,
        }
    }

    pub fn id(&self) -> Uuid {
        match self {
            Record::Organization(r) => r.id,
            Record::Offering(r) => r.id,
            Record::Activity(r) => r.id,
            Record::Contact(r) => r.id,
            Record::Signup(r) => r.id,
            Record::Profile(r) => r.id,
        }
    }

    /// The organisation the record belongs to; `None` for a manager's profile.
    pub fn organization_id(&self) -> Option<Uuid> {
        match self {
            Record::Organization(r) => Some(r.id),
            Record::Offering(r) => Some(r.organization_id),
            Record::Activity(r) => Some(r.organization_id),
            Record::Contact(r) => Some(r.organization_id),
            Record::Signup(r) => Some(r.organization_id),
            Record::Profile(_) => None,
        }
    }

    /// When the record was last checked by its manager (HSDS `assured_date`).
    /// Sign-ups are not checked, they have none.
    pub fn assured_date(&self) -> Option<NaiveDate> {
        match self {
            Record::Organization(r) => r.assured_date,
            Record::Offering(r) => r.assured_date,
            Record::Activity(r) => r.assured_date,
            Record::Contact(r) => r.assured_date,
            Record::Signup(_) => None,
            Record::Profile(r) => r.assured_date,
        }
    }
}

/// The organisation itself (HSDS `organization`). Addresses are flat fields so
/// that a change of city and a change of street by two people merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    /// Chamber of Commerce (KvK) number: exactly 8 digits.
    pub kvk_number: Option<String>,
    pub visiting_street: Option<String>,
    /// Dutch postcode, `1234 AB`.
    pub visiting_postcode: Option<String>,
    pub visiting_city: Option<String>,
    pub postal_street: Option<String>,
    pub postal_postcode: Option<String>,
    pub postal_city: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub assured_date: Option<NaiveDate>,
}

/// An offering of the organisation (*product*, *hulpaanbod*; HSDS `service`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub target_group: Option<String>,
    pub costs: Option<String>,
    /// How to apply (*aanmelden*), free text.
    pub application_process: Option<String>,
    /// Contact persons for this offering (ids of [`Contact`] records).
    pub contact_ids: Vec<Uuid>,
    pub published: bool,
    pub assured_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    Draft,
    Published,
    Cancelled,
}

/// An activity people can sign up for on the public websites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: Option<String>,
    /// Maximum number of sign-ups; `None` is unlimited.
    pub capacity: Option<u32>,
    pub signup_opens_at: Option<DateTime<Utc>>,
    pub signup_closes_at: Option<DateTime<Utc>>,
    pub status: ActivityStatus,
    /// The sign-up form, in display order. No field is mandatory by default:
    /// the manager chooses what to ask (privacy: ask no more than needed).
    pub form: Vec<FormField>,
    pub assured_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    LongText,
    Email,
    Phone,
    Number,
    Date,
    Choice,
    Checkbox,
}

/// One field of an activity's sign-up form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    /// Stable key of the field; sign-up answers are keyed by it.
    pub key: String,
    pub label: String,
    pub field_type: FieldType,
    pub required: bool,
    /// The options of a `choice` field; empty for other types.
    pub options: Vec<String>,
    /// A short explanation shown under the field on the public form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub help: Option<String>,
}

impl FormField {
    /// A field that is not required, with no options and no help text.
    pub fn optional(
        key: impl Into<String>,
        label: impl Into<String>,
        field_type: FieldType,
    ) -> Self {
        FormField {
            key: key.into(),
            label: label.into(),
            field_type,
            required: false,
            options: vec![],
            help: None,
        }
    }
}

/// A contact person of the organisation, published on the websites
/// (HSDS `contact`). Only the name is required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    /// Function (*functie*).
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// When and how the person can be reached (*bereikbaarheid*).
    pub reachability: Option<String>,
    /// The photo on the central service: its path
    /// `/public/v1/photos/{sha256}` (see `routes::public_photo`).
    pub photo_url: Option<String>,
    /// AGB code of a care provider: exactly 8 digits.
    pub agb_code: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub assured_date: Option<NaiveDate>,
}

impl Contact {
    /// A contact with only the required fields: id, organisation and name.
    pub fn named(id: Uuid, organization_id: Uuid, name: impl Into<String>) -> Self {
        Contact {
            id,
            organization_id,
            name: name.into(),
            title: None,
            email: None,
            phone: None,
            reachability: None,
            photo_url: None,
            agb_code: None,
            street: None,
            postcode: None,
            city: None,
            assured_date: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignupStatus {
    Registered,
    Cancelled,
}

/// One answer on a sign-up form: text (also e-mail, phone, date as
/// `YYYY-MM-DD`, choice), a number, or a checkbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(untagged)]
pub enum AnswerValue {
    Bool(bool),
    Number(f64),
    Text(String),
}

/// A sign-up (*aanmelding*) for an activity, made on a public website.
/// Personal data: kept encrypted, wiped on unsubscribe, purged after the
/// retention period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Signup {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub activity_id: Uuid,
    pub submitted_at: DateTime<Utc>,
    /// Answers keyed by [`FormField::key`].
    pub answers: BTreeMap<String, AnswerValue>,
    pub status: SignupStatus,
}

/// The information manager's own profile (*beheerder*).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: Uuid,
    pub name: String,
    /// Salutation (*aanspreekvorm*), e.g. "mevrouw", "de heer", free text.
    pub salutation: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Read-only: the sign-in name.
    pub username: String,
    pub note: Option<String>,
    pub assured_date: Option<NaiveDate>,
}
