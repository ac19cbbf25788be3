//! An offering's contact persons (`contact_ids`): the service accepts only
//! ids of live contact persons of the offering's own organisation, and
//! deleting a contact person takes it out of every offering that named it —
//! as a new version of each such offering, so every client sees it through
//! the changes feed. Kept apart from `mutate` because it is the one rule
//! that reads across records.

use std::collections::HashSet;

use kaart_api::error::FieldError;
use kaart_api::records::{Record, RecordKind};
use rusqlite::Connection;
use uuid::Uuid;

use crate::store;

/// Why `record` (an offering) may not be stored with its contact ids:
/// one that is not a live contact person of its organisation. Only ids not
/// in `already` (the stored version's) are checked, so an offering whose
/// contact was deleted meanwhile can still be edited in its other fields.
pub fn refusal(
    conn: &Connection,
    record: &Record,
    already: &[Uuid],
) -> rusqlite::Result<Option<FieldError>> {
    let Record::Offering(offering) = record else {
        return Ok(None);
    };
    let known: HashSet<&Uuid> = already.iter().collect();
    for id in offering.contact_ids.iter().filter(|id| !known.contains(id)) {
        let ours = store::get(conn, RecordKind::Contact, *id)?
            .is_some_and(|c| c.org_id == Some(offering.organization_id));
        if !ours {
            return Ok(Some(FieldError::new(
                "contact_ids",
                "unknown_contact",
                "Een gekozen contactpersoon bestaat niet (meer) bij deze organisatie.",
            )));
        }
    }
    Ok(None)
}

/// The contact ids of a stored offering (empty for other records).
pub fn named_by(record: &Record) -> &[Uuid] {
    match record {
        Record::Offering(o) => &o.contact_ids,
        _ => &[],
    }
}

/// Takes the deleted contact person `contact` of `org` out of every
/// offering that names it; returns how many offerings changed.
pub fn forget_contact(conn: &Connection, org: Uuid, contact: Uuid) -> rusqlite::Result<usize> {
    let mut changed = 0;
    for id in store::offerings_naming(conn, org, contact)? {
        let Some(stored) = store::get(conn, RecordKind::Offering, id)? else {
            continue;
        };
        let Record::Offering(mut offering) = stored.record else {
            continue;
        };
        offering.contact_ids.retain(|c| *c != contact);
        store::update(conn, &Record::Offering(offering), stored.version + 1)?;
        changed += 1;
    }
    Ok(changed)
}
