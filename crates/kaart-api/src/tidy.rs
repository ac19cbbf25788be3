//! Tidying what a manager typed into the canonical form the validation rules
//! ([`crate::validate`]) ask for, before those rules judge it: a postcode
//! typed as `1234ab` or ` 1234  AB ` becomes `1234 AB` instead of being
//! refused. The client applies it to every edit before it validates and
//! queues it, so what is stored, shown and sent is the tidied value; the
//! server keeps refusing anything not canonical (it never rewrites data).
//! Only what is unambiguous is tidied: a value that cannot be a Dutch
//! postcode is left as typed, for the rule to refuse with its message.

use serde_json::{Map, Value};

use crate::records::{Record, RecordKind};
use crate::validate::normalize_postcode;

/// The fields of `kind` that hold a Dutch postcode.
pub fn postcode_fields(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Organization => &["visiting_postcode", "postal_postcode"],
        RecordKind::Contact => &["postcode"],
        _ => &[],
    }
}

/// Tidies the postcode fields among `fields` (a record's field map, or the
/// changes of an edit) in place.
pub fn tidy_fields(kind: RecordKind, fields: &mut Map<String, Value>) {
    for name in postcode_fields(kind) {
        if let Some(Value::String(typed)) = fields.get_mut(*name) {
            if let Some(tidy) = normalize_postcode(typed) {
                *typed = tidy;
            }
        }
    }
}

/// Tidies a whole record in place (a record created on this computer).
pub fn tidy_record(record: &mut Record) {
    let tidy = |value: &mut Option<String>| {
        if let Some(typed) = value {
            if let Some(tidy) = normalize_postcode(typed) {
                *typed = tidy;
            }
        }
    };
    match record {
        Record::Organization(r) => {
            tidy(&mut r.visiting_postcode);
            tidy(&mut r.postal_postcode);
        }
        Record::Contact(r) => tidy(&mut r.postcode),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::fields::to_fields;
    use crate::validate::validate_record;

    #[test]
    fn a_postcode_typed_loosely_becomes_1234_ab() {
        let mut changes = json!({
            "visiting_postcode": "2311ab",
            "postal_postcode": " 2311  cd ",
            "phone": "071 516 1234",
        })
        .as_object()
        .cloned()
        .expect("an object");
        tidy_fields(RecordKind::Organization, &mut changes);
        assert_eq!(changes["visiting_postcode"], "2311 AB");
        assert_eq!(changes["postal_postcode"], "2311 CD");
        assert_eq!(changes["phone"], "071 516 1234", "other fields untouched");
    }

    #[test]
    fn what_cannot_be_a_postcode_is_left_for_the_rule_to_refuse() {
        let mut changes = json!({ "postcode": "0123ab", "name": "2311ab" })
            .as_object()
            .cloned()
            .expect("an object");
        tidy_fields(RecordKind::Contact, &mut changes);
        assert_eq!(changes["postcode"], "0123ab");
        assert_eq!(changes["name"], "2311ab", "only postcode fields");
    }

    #[test]
    fn a_tidied_record_passes_the_postcode_rule() {
        let mut record = Record::Contact(crate::records::Contact {
            postcode: Some("2311ab".into()),
            ..crate::records::Contact::named(uuid::Uuid::nil(), uuid::Uuid::nil(), "Daniëlle")
        });
        assert!(validate_record(&record)
            .iter()
            .any(|e| e.field == "postcode"));
        tidy_record(&mut record);
        assert_eq!(to_fields(&record)["postcode"], "2311 AB");
        assert!(validate_record(&record).is_empty());
    }
}
