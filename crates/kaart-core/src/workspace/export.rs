//! The workspace's exports: writing the sign-up list of an activity to a
//! file (see [`crate::export`]), and the export choices remembered per
//! organisation (see [`crate::export::choices`]).

use std::path::Path;
use std::sync::atomic::AtomicBool;

use kaart_api::records::{Record, RecordKind};
use uuid::Uuid;

use super::Workspace;
use crate::error::{CoreError, CoreResult};
use crate::export::{self, choices, ExportChoices, ExportOptions, ExportProgress};
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
