//! A contact person's photo, offline first. The manager picks a file (or
//! drops one); [`read_file`] reads it only when it is not too large, and
//! [`kaart_photo::process`] decodes it within limits and re-encodes it as
//! a small JPEG without metadata — nothing of the original file is kept.
//! [`set`] stores that JPEG in the encrypted store (`photos`, named by its
//! SHA-256) and queues the contact's `photo_url` edit (the photo's path on
//! the service, `kaart_api::routes::public_photo`) in the same transaction,
//! like any field edit. Removing a photo is the edit `photo_url = null`.
//!
//! At sync (`sync/photos.rs`) photos the service does not have yet go up
//! before the edits are pushed (the service refuses an edit naming a photo
//! it does not have); photos that contacts synced from the service name
//! are fetched, so the list shows them offline too. A photo nothing names
//! any more — no contact, queued edit or conflict — is forgotten
//! ([`forget_unnamed`]), so a photo chosen and then replaced before a sync
//! never leaves this computer.

use std::io::Read;
use std::path::Path;

use kaart_api::records::RecordKind;
use kaart_api::routes;
use kaart_photo::Photo;
use rusqlite::{Connection, Transaction};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::edits;
use crate::error::{CoreError, CoreResult};
use crate::error_reason::{ErrorReason, PhotoRefusal};
use crate::store::photos;

fn refused(cause: PhotoRefusal) -> CoreError {
    CoreError::InvalidInput(ErrorReason::PhotoRefused { cause })
}

/// The bytes of the file at `path`, or a refusal: a file larger than
/// [`kaart_photo::MAX_INPUT_BYTES`] is refused by its size, unread.
pub fn read_file(path: &Path) -> CoreResult<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|_| refused(PhotoRefusal::Unreadable))?;
    let limit = kaart_photo::MAX_INPUT_BYTES as u64;
    let size = file
        .metadata()
        .map_err(|_| refused(PhotoRefusal::Unreadable))?
        .len();
    if size > limit {
        return Err(refused(PhotoRefusal::TooLarge));
    }
    let mut bytes = Vec::new();
    // A file that grew since: never read more than the limit and a byte.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| refused(PhotoRefusal::Unreadable))?;
    Ok(bytes)
}

/// The photo made from a file's bytes, or why not.
pub fn process(bytes: &[u8]) -> CoreResult<Photo> {
    kaart_photo::process(bytes).map_err(|r| refused(r.into()))
}

/// Stores `photo` and queues `photo_url` of the contact `contact` naming
/// it; both or neither.
pub fn set(tx: &Transaction<'_>, contact: Uuid, photo: &Photo) -> CoreResult<()> {
    let name = photo.sha256();
    photos::insert(tx, &name, &photo.jpeg, false)?;
    let mut fields = Map::new();
    fields.insert(
        "photo_url".into(),
        Value::String(routes::public_photo(&name)),
    );
    edits::update_fields(tx, RecordKind::Contact, contact, &fields)
}

/// The JPEG a `photo_url` names, when it is on this computer.
pub fn get(conn: &Connection, photo_url: &str) -> CoreResult<Vec<u8>> {
    let name = routes::photo_name(photo_url).ok_or(CoreError::NotFound)?;
    photos::get(conn, name)?.ok_or(CoreError::NotFound)
}

/// Deletes the photos nothing names any more; returns how many.
pub fn forget_unnamed(conn: &Connection) -> CoreResult<usize> {
    let named = photos::named(conn)?;
    photos::delete_all_but(conn, &named)
}
