//! Contact photos in a sync cycle (see [`crate::contact_photo`]): before
//! the push, every photo the service does not have, or a queued edit names,
//! goes up
//! (`PUT /photos/{name}`, idempotent, so a replay after a lost answer is
//! harmless); after the pull, photos named by contacts but not here are
//! fetched (best effort: a photo that cannot be fetched now is tried at the
//! next sync, and the contact shows without it meanwhile).

use crate::contact_photo;
use crate::error::{CoreError, CoreResult};
use crate::store::photos;
use crate::transport::{Transport, TransportError};

use super::SyncEngine;

impl<T: Transport> SyncEngine<'_, T> {
    /// Uploads the photos the service does not have yet, and those queued
    /// edits name (the service may have forgotten one uploaded days ago
    /// whose edit was waiting). A photo the
    /// service refuses stays here; the edit naming it then comes back
    /// refused (`unknown_photo`) and is shown with the refused edits.
    pub async fn upload_photos(&self) -> CoreResult<()> {
        let names = {
            let store = self.store.write();
            contact_photo::forget_unnamed(&store)?;
            photos::to_upload(&store)?
        };
        for name in names {
            let Some(jpeg) = photos::get(&self.store.read(), &name)? else {
                continue;
            };
            match self
                .call(|| self.transport.upload_photo(self.token, &name, &jpeg))
                .await
            {
                Ok(()) => photos::mark_uploaded(&self.store.write(), &name)?,
                Err(CoreError::Transport(TransportError::Api { status, .. })) => {
                    tracing::warn!(status, "the service refused a contact photo");
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Fetches the photos contacts name that are not here, and forgets
    /// those nothing names any more.
    pub async fn fetch_photos(&self) -> CoreResult<()> {
        let missing = {
            let store = self.store.write();
            contact_photo::forget_unnamed(&store)?;
            photos::missing(&store)?
        };
        for name in missing {
            let fetched = match self.call(|| self.transport.photo(&name)).await {
                Ok(bytes) => bytes,
                Err(e) => {
                    tracing::debug!(error = %e, "a contact photo could not be fetched");
                    continue;
                }
            };
            // Checked like a file the manager picked; kept as served.
            if kaart_photo::process(&fetched).is_err() {
                tracing::warn!("the service sent a contact photo that is no image");
                continue;
            }
            photos::insert(&self.store.write(), &name, &fetched, true)?;
        }
        Ok(())
    }
}
