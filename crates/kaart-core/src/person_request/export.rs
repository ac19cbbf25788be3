//! The person's data out, for a request for access (*inzage*) or
//! portability (*overdraagbaarheid*): the chosen contact persons and
//! sign-ups as they stand here, in a machine-readable file.
//!
//! - **JSON** (`format: "kaartbeheer-persoonsgegevens/1"`): per contact
//!   person its organisation and every field; per sign-up its organisation,
//!   activity, submission time, status and answers with their questions.
//!   Times in UTC (RFC 3339).
//! - **CSV** for Dutch Excel (UTF-8 with BOM, `;`, CRLF, formula cells
//!   defused as in the sign-up export): one row per value — *soort*,
//!   *organisatie*, *activiteit*, *datum activiteit*, *veld*, *waarde* — so
//!   contact persons and sign-ups of differing forms fit one table.
//!
//! Written to a temporary file and renamed when complete, like every export.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::Utc;
use kaart_api::fields::to_fields;
use kaart_api::records::{AnswerValue, SignupStatus};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use super::find::{found_contact, found_signup, organization_names};
use super::{FoundContact, FoundSignup, PersonCounts, PersonSelection};
use crate::error::{CoreError, CoreResult};
use crate::export::defuse::defuse;
use crate::export::write_atomically;

/// The file format of a person's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PersonExportFormat {
    Json,
    Csv,
}

/// The format tag of the JSON document.
pub const JSON_FORMAT: &str = "kaartbeheer-persoonsgegevens/1";

/// The chosen findings as the local view has them now (some may be gone
/// since the search: those are left out).
fn gather(
    conn: &Connection,
    selection: &PersonSelection,
) -> CoreResult<(Vec<FoundContact>, Vec<FoundSignup>)> {
    let names = organization_names(conn)?;
    let mut contacts = Vec::new();
    for id in &selection.contacts {
        contacts.extend(found_contact(conn, *id, &names)?);
    }
    let mut signups = Vec::new();
    let mut activities = HashMap::new();
    for id in &selection.signups {
        signups.extend(found_signup(conn, *id, &names, &mut activities)?);
    }
    Ok((contacts, signups))
}

/// Writes the chosen findings to `path`; returns how many of each went in.
pub fn export(
    conn: &Connection,
    selection: &PersonSelection,
    format: PersonExportFormat,
    path: &Path,
) -> CoreResult<PersonCounts> {
    let (contacts, signups) = gather(conn, selection)?;
    write_atomically(path, |file| {
        let mut out = BufWriter::new(file);
        match format {
            PersonExportFormat::Json => {
                serde_json::to_writer_pretty(&mut out, &json_document(&contacts, &signups))
                    .map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
            }
            PersonExportFormat::Csv => write_csv(&mut out, &contacts, &signups)?,
        }
        out.flush()?;
        Ok(())
    })?;
    Ok(PersonCounts {
        contacts: u32::try_from(contacts.len()).unwrap_or(u32::MAX),
        signups: u32::try_from(signups.len()).unwrap_or(u32::MAX),
    })
}

fn status_key(status: SignupStatus) -> &'static str {
    match status {
        SignupStatus::Registered => "registered",
        SignupStatus::Cancelled => "cancelled",
    }
}

/// The JSON document (see the module docs).
pub fn json_document(contacts: &[FoundContact], signups: &[FoundSignup]) -> Value {
    let contacts: Vec<Value> = contacts
        .iter()
        .map(|c| {
            let mut fields = to_fields(&c.record.record);
            fields.remove("organization_id");
            json!({
                "organization": { "id": c.organization_id, "name": c.organization_name },
                "contact_person": fields,
            })
        })
        .collect();
    let signups: Vec<Value> = signups
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "organization": { "id": s.organization_id, "name": s.organization_name },
                "activity": {
                    "id": s.activity_id,
                    "title": s.activity_title,
                    "starts_at": s.activity_starts_at,
                },
                "submitted_at": s.submitted_at,
                "status": status_key(s.status),
                "answers": s.answers.iter().map(|a| json!({
                    "key": a.key,
                    "question": a.question,
                    "answer": a.answer,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "format": JSON_FORMAT,
        "exported_at": Utc::now(),
        "contact_persons": contacts,
        "sign_ups": signups,
    })
}

/// The CSV header row.
pub const CSV_HEADER: [&str; 6] = [
    "soort",
    "organisatie",
    "activiteit",
    "datum activiteit",
    "veld",
    "waarde",
];

fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "ja" } else { "nee" }.into()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

fn answer_text(answer: &AnswerValue) -> String {
    match answer {
        AnswerValue::Text(t) => t.clone(),
        AnswerValue::Number(n) => n.to_string(),
        AnswerValue::Bool(b) => if *b { "ja" } else { "nee" }.into(),
    }
}

fn write_csv(
    out: &mut impl Write,
    contacts: &[FoundContact],
    signups: &[FoundSignup],
) -> CoreResult<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let mut row = |cells: [&str; 6]| -> CoreResult<()> {
        writer
            .write_record(cells.iter().map(|c| defuse(c).into_owned()))
            .map_err(csv_error)
    };
    row(CSV_HEADER)?;
    for c in contacts {
        let fields = to_fields(&c.record.record);
        for (name, value) in &fields {
            if name == "organization_id" {
                continue;
            }
            if let Some(text) = value_text(value) {
                row(["contactpersoon", &c.organization_name, "", "", name, &text])?;
            }
        }
    }
    for s in signups {
        let starts = s
            .activity_starts_at
            .map(|t| t.to_rfc3339())
            .unwrap_or_default();
        let base = |field: &str, value: &str| {
            [
                "aanmelding".to_owned(),
                s.organization_name.clone(),
                s.activity_title.clone(),
                starts.clone(),
                field.to_owned(),
                value.to_owned(),
            ]
        };
        let mut rows = vec![
            base("id", &s.id.to_string()),
            base("ingediend", &s.submitted_at.to_rfc3339()),
            base("status", status_key(s.status)),
        ];
        rows.extend(
            s.answers
                .iter()
                .map(|a| base(&a.question, &answer_text(&a.answer))),
        );
        for r in &rows {
            row([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]])?;
        }
    }
    writer.flush().map_err(CoreError::Io)?;
    Ok(())
}

fn csv_error(e: csv::Error) -> CoreError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => CoreError::Io(io),
        other => CoreError::Io(std::io::Error::other(format!("{other:?}"))),
    }
}
