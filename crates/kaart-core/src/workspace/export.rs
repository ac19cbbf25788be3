//! The workspace's exports: writing the sign-up list of an activity to a
//! file (see [`crate::export`]), the export choices remembered per
//! organisation (see [`crate::export::choices`]), and the organisation's
//! own data as HSDS (see [`crate::hsds`]).

use std::path::Path;
use std::sync::atomic::AtomicBool;

use kaart_api::records::{Record, RecordKind};
use uuid::Uuid;

use super::Workspace;
use crate::error::{CoreError, CoreResult};
use crate::export::{self, choices, ExportChoices, ExportOptions, ExportProgress};
use crate::hsds;
use crate::transport::Transport;

impl<T: Transport> Workspace<T> {
    /// Exports the sign-ups of `activity` that its sign-up list shows with
    /// the options' filter, search and sort to `path` (see
    /// [`crate::export`]); returns the number of rows. The activity's form is
    /// the one the manager sees (local edits included). Blocking: holds the
    /// read side while it runs, so call it off the async runtime.
    pub fn export_signups(
        &self,
        activity: Uuid,
        path: &Path,
        options: &ExportOptions,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> CoreResult<u64> {
        let Record::Activity(activity) = self.record(RecordKind::Activity, activity)?.record else {
            return Err(CoreError::NotFound);
        };
        export::export_signups(&self.read(), &activity, path, options, cancel, progress)
    }

    /// Writes `organization` with its offerings, activities and contact
    /// persons, as the manager sees them (local edits included), to `path`
    /// as HSDS 3.0 JSON; a failed write leaves no file. Returns the number
    /// of services (offerings and activities) written.
    pub fn export_hsds(&self, organization: Uuid, path: &Path) -> CoreResult<u32> {
        let Record::Organization(org) = self.record(RecordKind::Organization, organization)?.record
        else {
            return Err(CoreError::NotFound);
        };
        let mut records = Vec::new();
        for kind in [
            RecordKind::Offering,
            RecordKind::Activity,
            RecordKind::Contact,
        ] {
            records.extend(
                self.records(Some(organization), kind)?
                    .into_iter()
                    .map(|r| r.record),
            );
        }
        let document = hsds::organization(&org, &records);
        export::write_atomically(path, |file| {
            let mut out = std::io::BufWriter::new(file);
            serde_json::to_writer_pretty(&mut out, &document)
                .map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
            std::io::Write::flush(&mut out)?;
            Ok(())
        })?;
        Ok(u32::try_from(document.services.len()).unwrap_or(u32::MAX))
    }

    /// The export choices last saved for `organization`, or the defaults.
    pub fn export_choices(&self, organization: Uuid) -> CoreResult<ExportChoices> {
        choices::load(&self.read(), organization)
    }

    /// Remembers the export choices for `organization`.
    pub fn save_export_choices(
        &self,
        organization: Uuid,
        choices: ExportChoices,
    ) -> CoreResult<()> {
        choices::save(&self.shared.store.write(), organization, &choices)
    }
}
