//! Records seen as maps of named fields: the unit of the sync protocol's
//! field-level compare-and-set. An update names, per field, the value it was
//! edited *from* and the value it goes *to*; the server applies a change only
//! when the field still holds `from`, so edits to different fields of one
//! record merge and a field changed on both sides becomes a conflict.
//!
//! [`field_catalog`] describes every kind's fields (name, value type,
//! optional, editable) for the window, which builds its forms from it; the
//! committed `ui/src/lib/bindings/fieldCatalog.ts` is generated from it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;
use utoipa::ToSchema;

use crate::records::{
    Activity, Contact, Offering, Organization, Profile, Record, RecordKind, Signup,
};

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
/// organisation, a profile's username and a sign-up's activity and time are
/// read-only; `assured_date` changes only through "mark as checked". A
/// sign-up's `answers` change as one field (a correction at the person's
/// request), checked against the activity's current form
/// ([`crate::validate::validate_corrected_answers`]).
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
        RecordKind::Signup => &["status", "answers"],
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

/// What a field holds, as far as the window needs to know it to pick an
/// input and to read a typed value back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    Text,
    Number,
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// RFC 3339.
    DateTime,
    /// A UUID.
    Id,
    /// One of the names of an enum (e.g. an activity's status).
    Choice,
    List,
    Map,
}

/// One field of a record kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldInfo {
    /// The field's name on the wire (and in `update_fields`).
    pub name: String,
    pub value: ValueType,
    /// Whether the field may be `null` (left empty).
    pub optional: bool,
    /// Whether a manager may change it with an update ([`editable_fields`]).
    pub editable: bool,
}

/// The fields of one record kind: the editable ones first in the order of
/// [`editable_fields`] (the order forms show them in), then the read-only
/// ones by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KindFields {
    /// Whether records of this kind carry a "last checked" date.
    pub checkable: bool,
    pub fields: Vec<FieldInfo>,
}

/// Every kind's fields, read from the records' own schema (the one the
/// OpenAPI document shows) and [`editable_fields`].
pub fn field_catalog() -> BTreeMap<RecordKind, KindFields> {
    RecordKind::ALL
        .into_iter()
        .map(|kind| (kind, kind_fields(kind)))
        .collect()
}

fn kind_fields(kind: RecordKind) -> KindFields {
    use utoipa::PartialSchema;
    let schema = match kind {
        RecordKind::Organization => Organization::schema(),
        RecordKind::Offering => Offering::schema(),
        RecordKind::Activity => Activity::schema(),
        RecordKind::Contact => Contact::schema(),
        RecordKind::Signup => Signup::schema(),
        RecordKind::Profile => Profile::schema(),
    };
    let schema = serde_json::to_value(schema).unwrap_or_default();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let properties = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let editable = editable_fields(kind);
    let info = |name: &str| {
        let property = properties.get(name).unwrap_or(&Value::Null);
        FieldInfo {
            name: name.to_owned(),
            value: value_type(property),
            optional: !required.contains(&name) || is_nullable(property),
            editable: editable.contains(&name),
        }
    };
    let mut fields: Vec<FieldInfo> = editable.iter().map(|name| info(name)).collect();
    // `properties` is a sorted map: the read-only fields come by name.
    fields.extend(
        properties
            .keys()
            .filter(|name| !editable.contains(&name.as_str()))
            .map(|name| info(name)),
    );
    KindFields {
        checkable: is_checkable(kind),
        fields,
    }
}

/// The JSON Schema types of a property, `null` included.
fn schema_types(property: &Value) -> Vec<&str> {
    if let Some(members) = property["oneOf"].as_array() {
        return members.iter().flat_map(schema_types).collect();
    }
    if property.get("$ref").is_some() {
        return vec!["$ref"];
    }
    match &property["type"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_nullable(property: &Value) -> bool {
    schema_types(property).contains(&"null")
}

fn value_type(property: &Value) -> ValueType {
    let format = property["format"].as_str().or_else(|| {
        property["oneOf"]
            .as_array()?
            .iter()
            .find_map(|member| member["format"].as_str())
    });
    let types = schema_types(property);
    match types.into_iter().find(|t| *t != "null") {
        // The records refer only to enums (statuses).
        Some("$ref") => ValueType::Choice,
        Some("integer" | "number") => ValueType::Number,
        Some("boolean") => ValueType::Bool,
        Some("array") => ValueType::List,
        Some("object") => ValueType::Map,
        _ => match format {
            Some("date") => ValueType::Date,
            Some("date-time") => ValueType::DateTime,
            Some("uuid") => ValueType::Id,
            _ => ValueType::Text,
        },
    }
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

    fn field(kind: RecordKind, name: &str) -> FieldInfo {
        let catalog = field_catalog();
        catalog[&kind]
            .fields
            .iter()
            .find(|f| f.name == name)
            .cloned()
            .unwrap_or_else(|| panic!("{kind:?} has no field {name}"))
    }

    #[test]
    fn the_catalog_knows_each_fields_type_and_whether_it_may_be_empty() {
        let name = field(RecordKind::Organization, "name");
        assert_eq!(
            (name.value, name.optional, name.editable),
            (ValueType::Text, false, true)
        );
        let postcode = field(RecordKind::Organization, "visiting_postcode");
        assert_eq!((postcode.value, postcode.optional), (ValueType::Text, true));
        let capacity = field(RecordKind::Activity, "capacity");
        assert_eq!(
            (capacity.value, capacity.optional),
            (ValueType::Number, true)
        );
        let starts = field(RecordKind::Activity, "starts_at");
        assert_eq!(
            (starts.value, starts.optional),
            (ValueType::DateTime, false)
        );
        assert_eq!(
            field(RecordKind::Activity, "status").value,
            ValueType::Choice
        );
        assert_eq!(field(RecordKind::Activity, "form").value, ValueType::List);
        let published = field(RecordKind::Offering, "published");
        assert_eq!(
            (published.value, published.optional),
            (ValueType::Bool, false)
        );
        let checked = field(RecordKind::Contact, "assured_date");
        assert_eq!(
            (checked.value, checked.optional, checked.editable),
            (ValueType::Date, true, false)
        );
        let id = field(RecordKind::Signup, "id");
        assert_eq!((id.value, id.editable), (ValueType::Id, false));
        assert_eq!(field(RecordKind::Signup, "answers").value, ValueType::Map);
        assert!(!field(RecordKind::Profile, "username").editable);
    }

    #[test]
    fn the_catalog_lists_every_field_of_every_kind_editable_ones_first_in_order() {
        let catalog = field_catalog();
        assert_eq!(catalog.len(), RecordKind::ALL.len());
        for kind in RecordKind::ALL {
            let entry = &catalog[&kind];
            assert_eq!(entry.checkable, is_checkable(kind));
            let editable: Vec<&str> = entry
                .fields
                .iter()
                .take_while(|f| f.editable)
                .map(|f| f.name.as_str())
                .collect();
            assert_eq!(editable, editable_fields(kind), "{kind:?}");
            assert!(entry
                .fields
                .iter()
                .skip(editable.len())
                .all(|f| !f.editable));
        }
        // Every field of a contact is listed once (read-only ones too).
        let mut listed: Vec<&str> = catalog[&RecordKind::Contact]
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        listed.sort_unstable();
        let fields = to_fields(&contact());
        let mut expected: Vec<&str> = fields.keys().map(String::as_str).collect();
        expected.sort_unstable();
        assert_eq!(listed, expected);
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
