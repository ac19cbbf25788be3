//! Erasing a person (*verwijdering*): the chosen contact persons and
//! sign-ups are deleted here as ordinary queued deletions, in one
//! transaction, so they sync like any delete (works offline; the service
//! deletes them for every client and its feed carries tombstones). Their
//! queued edits and any conflicts about them go at once: those hold the
//! person's data too. The rows themselves stay in the base until the
//! service has the deletions; then the push removes them and makes their
//! bytes leave the files (`Store::erase_removed_rows`, see `sync/push.rs`).

use kaart_api::records::RecordKind;
use rusqlite::Transaction;

use super::{PersonCounts, PersonSelection};
use crate::edits;
use crate::error::{CoreError, CoreResult};
use crate::store::conflicts;

/// Queues the deletions; returns how many were deleted now (a finding
/// already deleted here, or gone, is not counted again).
pub fn erase(tx: &Transaction<'_>, selection: &PersonSelection) -> CoreResult<PersonCounts> {
    let mut counts = PersonCounts::default();
    let groups = [
        (
            RecordKind::Contact,
            &selection.contacts,
            &mut counts.contacts,
        ),
        (RecordKind::Signup, &selection.signups, &mut counts.signups),
    ];
    for (kind, ids, count) in groups {
        for id in ids {
            conflicts::delete_for_record(tx, kind, *id)?;
            match edits::delete(tx, kind, *id) {
                Ok(()) => *count += 1,
                Err(CoreError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(counts)
}
