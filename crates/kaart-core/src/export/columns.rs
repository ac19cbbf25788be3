//! What an export holds: the options (format, delimiter, BOM, columns, and
//! the sign-up list's view: status filter, search and sort) and how one
//! sign-up becomes one row of [`Cell`]s.
//!
//! By default the columns are the form's fields in form order, headed by
//! their labels, then submitted-at and status. A column may also name an
//! answer key no longer on the form (answers to removed fields stay
//! exportable; its header is the key); a field added later gives empty
//! cells for older sign-ups.

use chrono::{DateTime, NaiveDate, Utc};
use kaart_api::records::{Activity, AnswerValue, FieldType, Signup, SignupStatus};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::signup_list::SignupSortColumn;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Delimiter {
    Semicolon,
    Comma,
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Semicolon => b';',
            Delimiter::Comma => b',',
            Delimiter::Tab => b'\t',
        }
    }
}

/// One column of the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "of", content = "key", rename_all = "snake_case")]
pub enum Column {
    /// The answer to the form field with this key (on the form or not).
    Answer(String),
    SubmittedAt,
    Status,
}

/// The choices of one export. The last four are the sign-up list's view,
/// so the file holds exactly the sign-ups the list shows, in its order
/// (see [`crate::signup_list`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportOptions {
    pub format: ExportFormat,
    /// CSV only.
    pub delimiter: Delimiter,
    /// CSV only: start the file with a UTF-8 byte order mark (so Excel
    /// reads it as UTF-8).
    pub bom: bool,
    /// `None`: the default columns (see the module docs).
    pub columns: Option<Vec<Column>>,
    /// Only sign-ups with this status; `None` for all.
    pub status: Option<SignupStatus>,
    /// The list's search (every word begins a word of some answer); empty
    /// for all.
    pub search: String,
    pub sort: SignupSortColumn,
    pub descending: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            format: ExportFormat::Csv,
            delimiter: Delimiter::Semicolon,
            bom: true,
            columns: None,
            status: None,
            search: String::new(),
            sort: SignupSortColumn::SubmittedAt,
            descending: false,
        }
    }
}

/// The header of the submitted-at column (times are in UTC).
pub const SUBMITTED_AT_HEADER: &str = "Aangemeld op (UTC)";
pub const STATUS_HEADER: &str = "Status";

/// The form's fields in form order, then submitted-at and status.
pub fn default_columns(activity: &Activity) -> Vec<Column> {
    activity
        .form
        .iter()
        .map(|f| Column::Answer(f.key.clone()))
        .chain([Column::SubmittedAt, Column::Status])
        .collect()
}

/// A column's header: the field's label, or its key when it is no longer on
/// the form.
pub fn header(activity: &Activity, column: &Column) -> String {
    match column {
        Column::Answer(key) => activity
            .form
            .iter()
            .find(|f| &f.key == key)
            .map_or_else(|| key.clone(), |f| f.label.clone()),
        Column::SubmittedAt => SUBMITTED_AT_HEADER.into(),
        Column::Status => STATUS_HEADER.into(),
    }
}

/// One cell's value, typed so `.xlsx` can write numbers and dates as such.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    DateTime(DateTime<Utc>),
}

impl Cell {
    /// The cell as CSV text, before defusing.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }
}

pub fn status_text(status: SignupStatus) -> &'static str {
    match status {
        SignupStatus::Registered => "aangemeld",
        SignupStatus::Cancelled => "afgemeld",
    }
}

/// The row of `signup` for `columns`.
pub fn row(activity: &Activity, columns: &[Column], signup: &Signup) -> Vec<Cell> {
    columns
        .iter()
        .map(|c| match c {
            Column::SubmittedAt => Cell::DateTime(signup.submitted_at),
            Column::Status => Cell::Text(status_text(signup.status).into()),
            Column::Answer(key) => {
                let field_type = activity
                    .form
                    .iter()
                    .find(|f| &f.key == key)
                    .map(|f| f.field_type);
                answer_cell(signup.answers.get(key), field_type)
            }
        })
        .collect()
}

fn answer_cell(answer: Option<&AnswerValue>, field_type: Option<FieldType>) -> Cell {
    match answer {
        None => Cell::Empty,
        Some(AnswerValue::Bool(b)) => Cell::Text(if *b { "ja" } else { "nee" }.into()),
        Some(AnswerValue::Number(n)) => Cell::Number(*n),
        Some(AnswerValue::Text(t)) if t.is_empty() => Cell::Empty,
        Some(AnswerValue::Text(t)) => match field_type {
            Some(FieldType::Date) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map_or_else(|_| Cell::Text(t.clone()), Cell::Date),
            _ => Cell::Text(t.clone()),
        },
    }
}
