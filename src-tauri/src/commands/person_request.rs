//! A data subject's request (*verzoek van een betrokkene*): find one person
//! in the contact persons and sign-ups of every managed organisation, export
//! the chosen findings to a file picked in the native save dialog, erase
//! them (queued deletions that sync), and the log of requests with their
//! four-week deadline, and correcting a sign-up's answers. Each command is
//! one `Workspace` call.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use kaart_api::records::AnswerValue;
use kaart_core::ipc::LocalRecord;
use kaart_core::person_request::export::PersonExportFormat;
use kaart_core::person_request::log::{PersonRequest, RequestKind};
use kaart_core::person_request::{PersonCounts, PersonFindings, PersonQuery, PersonSelection};
use uuid::Uuid;

workspace_commands! {
    /// Everything about one person (at most 200 of each kind, with totals).
    fn find_person(query: PersonQuery) -> PersonFindings = find_person;
    /// Writes the chosen findings as JSON or CSV to `path`.
    fn export_person(selection: PersonSelection, format: PersonExportFormat, path: PathBuf) -> PersonCounts = export_person;
    /// Deletes the chosen findings here; they go to the service at the next sync.
    fn erase_person(selection: PersonSelection) -> PersonCounts = erase_person;
    /// The log of requests, open ones first.
    fn person_requests() -> Vec<PersonRequest> = person_requests;
    /// Records a request received on a day.
    fn add_person_request(kind: RequestKind, received_on: NaiveDate) -> PersonRequest = add_person_request;
    /// Marks a request handled today with how many records it concerned.
    fn handle_person_request(id: i64, counts: PersonCounts) -> PersonRequest = handle_person_request;
    /// Corrects a sign-up's answers (checked against its form; logged); syncs like any edit.
    fn correct_signup_answers(id: Uuid, answers: BTreeMap<String, AnswerValue>) -> LocalRecord = correct_signup_answers;
}
