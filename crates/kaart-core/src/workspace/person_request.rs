//! The workspace's requests from data subjects (see
//! [`crate::person_request`]): finding a person, exporting, erasing, and
//! the log of requests with their deadlines. Kept apart from
//! `workspace.rs`, which owns opening, signing in and syncing.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use kaart_api::records::{AnswerValue, RecordKind};
use serde_json::Map;
use uuid::Uuid;

use super::Workspace;
use crate::edits;
use crate::error::{CoreError, CoreResult};
use crate::ipc::LocalRecord;
use crate::local_view;
use crate::person_request::export::PersonExportFormat;
use crate::person_request::log::{self, PersonRequest, RequestKind};
use crate::person_request::{
    erase, export, find, PersonCounts, PersonFindings, PersonQuery, PersonSelection,
};
use crate::review::today;
use crate::transport::Transport;

impl<T: Transport> Workspace<T> {
    /// Everything about one person in the contact persons and sign-ups of
    /// every managed organisation (see [`crate::person_request::find`]).
    pub fn find_person(&self, query: PersonQuery) -> CoreResult<PersonFindings> {
        find::find(&self.read(), &query)
    }

    /// Writes the chosen findings to `path` (JSON or CSV); returns how many
    /// of each went in.
    pub fn export_person(
        &self,
        selection: PersonSelection,
        format: PersonExportFormat,
        path: PathBuf,
    ) -> CoreResult<PersonCounts> {
        export::export(&self.read(), &selection, format, &path)
    }

    /// Deletes the chosen findings here, as queued deletions that the next
    /// sync sends; their bytes leave this computer's files once the service
    /// has them. Returns how many were deleted.
    pub fn erase_person(&self, selection: PersonSelection) -> CoreResult<PersonCounts> {
        let mut counts = PersonCounts::default();
        self.edit(|tx| {
            counts = erase::erase(tx, &selection)?;
            Ok(())
        })?;
        // Queued edits and conflicts about them are gone already: out of
        // the files with them.
        if !self.shared.store.erase_removed_rows()? {
            tracing::warn!("write-ahead log still in use; erased at the next removal");
        }
        tracing::info!(
            contacts = counts.contacts,
            signups = counts.signups,
            "erased a person's data (deletions queued)"
        );
        Ok(counts)
    }

    /// Corrects a sign-up's answers at the person's request: `answers`
    /// replace the sign-up's answers as one edit, checked against its
    /// activity's form here first (nothing is queued when they break it),
    /// synced like any edit; the correction is recorded in the log in the
    /// same transaction ([`log::record_correction`]).
    pub fn correct_signup_answers(
        &self,
        id: Uuid,
        answers: BTreeMap<String, AnswerValue>,
    ) -> CoreResult<LocalRecord> {
        let mut fields = Map::new();
        fields.insert(
            "answers".into(),
            serde_json::to_value(answers).map_err(|_| CoreError::Corrupt("answers".into()))?,
        );
        self.edit(|tx| {
            let before = local_view::fields(tx, RecordKind::Signup, id)?;
            edits::update_fields(tx, RecordKind::Signup, id, &fields)?;
            if local_view::fields(tx, RecordKind::Signup, id)? != before {
                log::record_correction(tx, today())?;
            }
            Ok(())
        })?;
        tracing::info!("corrected a sign-up's answers (edit queued)");
        self.record(RecordKind::Signup, id)
    }

    /// The log of requests, open ones first.
    pub fn person_requests(&self) -> CoreResult<Vec<PersonRequest>> {
        log::list(&self.read(), today())
    }

    /// Records a request received on `received_on`.
    pub fn add_person_request(
        &self,
        kind: RequestKind,
        received_on: NaiveDate,
    ) -> CoreResult<PersonRequest> {
        log::add(&self.shared.store.write(), kind, received_on, today())
    }

    /// Marks a request handled today, with how many records it concerned.
    pub fn handle_person_request(
        &self,
        id: i64,
        counts: PersonCounts,
    ) -> CoreResult<PersonRequest> {
        log::handle(&self.shared.store.write(), id, counts, today())
    }
}
