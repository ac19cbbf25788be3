//! The workspace's contact photos (rules in [`crate::contact_photo`]):
//! setting one from a file or its bytes (offline, one edit), and the JPEG
//! of a photo for the window to show.

use std::path::Path;

use kaart_api::records::RecordKind;
use uuid::Uuid;

use super::Workspace;
use crate::contact_photo;
use crate::error::CoreResult;
use crate::ipc::LocalRecord;
use crate::transport::Transport;

impl<T: Transport> Workspace<T> {
    /// Sets the photo of the contact person `contact` from the image file
    /// at `path` (chosen in the dialog or dropped). Refused with the
    /// reason (`PhotoRefused`), nothing changed, when it is no photo.
    pub fn set_contact_photo(&self, contact: Uuid, path: &Path) -> CoreResult<LocalRecord> {
        let bytes = contact_photo::read_file(path)?;
        self.set_contact_photo_bytes(contact, &bytes)
    }

    /// As [`Workspace::set_contact_photo`], from the file's bytes.
    pub fn set_contact_photo_bytes(&self, contact: Uuid, bytes: &[u8]) -> CoreResult<LocalRecord> {
        let photo = contact_photo::process(bytes)?;
        self.edit(|tx| contact_photo::set(tx, contact, &photo))?;
        self.record(RecordKind::Contact, contact)
    }

    /// The JPEG a contact's `photo_url` names, when it is on this computer
    /// (`NotFound` otherwise: not synced yet, or no photo path).
    pub fn contact_photo(&self, photo_url: &str) -> CoreResult<Vec<u8>> {
        contact_photo::get(&self.read(), photo_url)
    }
}
