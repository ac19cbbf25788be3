//! Records seen as maps of named fields: the unit of the sync protocol's
//! field-level compare-and-set. An update names, per field, the value it was
//! edited *from* and the value it goes *to*; the server applies a change only
//! when the field still holds `from`, so edits to different fields of one
//! record merge and a field changed on both sides becomes a conflict.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;
use utoipa::ToSchema;

use crate::records::{Record, RecordKind};

/// One field of one record changed from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldChange {
    pub field: String,
    /// The value the edit started from (the last server value the client knew).
    #[ts(type = "unknown")]
    pub from: Value,
    #[ts(type = "unknown")]
    pub to: Value,
}

/// The fields a manager may change with an update, per kind. Ids, the owning
/// organisation, a profile's username and a sign-up's answers are read-only;
/// `assured_date` changes only through "mark as checked".
pub fn editable_fields(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Organization => &[
            "name",
            "description",
            "kvk_number",
            "visiting_street",
            "visiting_postcode",
            "visiting_city",
            "postal_street",
            "postal_postcode",
            "postal_city",
            "phone",
            "email",
            "website",
        ],
        RecordKind::Offering => &[
            "name",
            "description",
            "target_group",
            "costs",
            "application_process",
            "contact_ids",
            "published",
        ],
        RecordKind::Activity => &[
            "title",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "capacity",
            "signup_opens_at",
            "signup_closes_at",
            "status",
            "form",
        ],
        RecordKind::Contact => &[
            "name",
            "title",
            "email",
            "phone",
            "reachability",
            "photo_url",
            "agb_code",
            "street",
            "postcode",
            "city",
        ],
        RecordKind::Signup => &["status"],
        RecordKind::Profile => &["name", "salutation", "email", "phone", "note"],
    }
}

/// Whether records of this kind carry a "last checked" date.
pub fn is_checkable(kind: RecordKind) -> bool {
    kind != RecordKind::Signup
}

/// The record as a map of its fields, without the `kind` tag.
pub fn to_fields(record: &Record) -> Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(mut map)) => {
            map.remove("kind");
            map
        }
        _ => unreachable!("a Record always serialises to an object"),
    }
}

/// Builds a record of `kind` from a field map (the inverse of [`to_fields`]).
/// Fails when a field is missing, unknown or of the wrong type.
pub fn from_fields(
    kind: RecordKind,
    fields: Map<String, Value>,
) -> Result<Record, serde_json::Error> {
    let mut map = fields;
    map.insert("kind".into(), Value::String(kind.as_str().into()));
    serde_json::from_value(Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Contact;
    use uuid::Uuid;

    fn contact() -> Record {
        Record::Contact(Contact {
            id: Uuid::now_v7(),
            organization_id: Uuid::now_v7(),
            name: "Anouk de Vries".into(),
            title: None,
            email: Some("anouk@example.nl".into()),
            phone: None,
            reachability: Some("ma–wo, 9–12 uur".into()),
            photo_url: None,
            agb_code: None,
            street: None,
            postcode: None,
            city: Some("Zoëterwoude".into()),
            assured_date: None,
        })
    }

    #[test]
    fn fields_round_trip_without_the_kind_tag() {
        let record = contact();
        let fields = to_fields(&record);
        assert!(!fields.contains_key("kind"));
        assert_eq!(fields["city"], Value::String("Zoëterwoude".into()));
        assert_eq!(from_fields(RecordKind::Contact, fields).unwrap(), record);
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut fields = to_fields(&contact());
        fields.insert("shoe_size".into(), Value::from(43));
        assert!(from_fields(RecordKind::Contact, fields).is_err());
    }

    #[test]
    fn every_editable_field_exists_on_its_record() {
        let record = contact();
        let fields = to_fields(&record);
        for field in editable_fields(RecordKind::Contact) {
            assert!(fields.contains_key(*field), "{field}");
        }
    }
}
