//! The export choices a manager made last time, remembered per
//! organisation: format, delimiter, byte order mark and the columns in
//! their chosen order (each included or left out). Kept as JSON in the
//! local store's `settings` table under `export_choices.<organisation id>`;
//! they hold no personal data (column keys are form keys).
//!
//! Columns are remembered by what they are (an answer key, submitted-at,
//! status), not by position, so they carry over to other activities of the
//! organisation whose forms share keys; the window puts the activity's own
//! columns in the remembered order and adds new ones as included.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::columns::{Column, Delimiter, ExportFormat};
use crate::error::CoreResult;
use crate::store::settings;

/// One column as last chosen: where it stood and whether it was included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnChoice {
    pub column: Column,
    pub included: bool,
}

/// What the export panel starts with for an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportChoices {
    pub format: ExportFormat,
    pub delimiter: Delimiter,
    pub bom: bool,
    /// In the chosen order; empty when never chosen (the form's order).
    pub columns: Vec<ColumnChoice>,
}

impl Default for ExportChoices {
    /// CSV for Dutch Excel: semicolons, with a byte order mark.
    fn default() -> Self {
        ExportChoices {
            format: ExportFormat::Csv,
            delimiter: Delimiter::Semicolon,
            bom: true,
            columns: Vec::new(),
        }
    }
}

fn setting_name(organization: Uuid) -> String {
    format!("export_choices.{organization}")
}

/// The remembered choices, or the defaults when there are none (or when
/// what is stored was written by a version that stored something else).
pub fn load(conn: &Connection, organization: Uuid) -> CoreResult<ExportChoices> {
    let stored = settings::get(conn, &setting_name(organization))?;
    Ok(stored
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

pub fn save(conn: &Connection, organization: Uuid, choices: &ExportChoices) -> CoreResult<()> {
    let json = serde_json::to_string(choices)?;
    settings::set(conn, &setting_name(organization), &json)
}
