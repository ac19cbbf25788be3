//! Exporting an activity's sign-ups (the attendee list) to CSV or `.xlsx`,
//! streaming: sign-ups are read one row at a time from the store's read
//! side, ordered by submitted-at, and written straight to the file; the
//! whole list is never in memory. Progress is reported per row, a cancel
//! flag is checked per row, and the file appears only when complete
//! ([`file`]).
//!
//! - [`columns`]: the options and how a sign-up becomes a row;
//! - [`defuse`]: the CSV formula-defusing rule;
//! - `csv_out`, `xlsx_out`: the two writers.

pub mod columns;
mod csv_out;
pub mod defuse;
mod file;
mod xlsx_out;

use std::io::BufWriter;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use kaart_api::records::{Activity, Signup};
use rusqlite::{params, Connection};

pub use columns::{Column, Delimiter, ExportFormat, ExportOptions};

use crate::error::{CoreError, CoreResult};

/// How far an export is: `done` of `total` sign-ups of the activity read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportProgress {
    pub done: u64,
    pub total: u64,
}

/// Writes the sign-ups of `activity` to `path`; returns the number of rows
/// written (without the header). When `cancel` becomes true the export
/// stops with [`CoreError::ExportCancelled`] and leaves no file.
pub fn export_signups(
    conn: &Connection,
    activity: &Activity,
    path: &Path,
    options: &ExportOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(ExportProgress),
) -> CoreResult<u64> {
    let columns = options
        .columns
        .clone()
        .unwrap_or_else(|| columns::default_columns(activity));
    let headers: Vec<String> = columns
        .iter()
        .map(|c| columns::header(activity, c))
        .collect();
    let mut rows = 0;
    file::write_atomically(path, |out| {
        let mut each = |write_row: &mut dyn FnMut(&[columns::Cell]) -> CoreResult<()>| {
            for_each_signup(conn, activity, cancel, progress, |signup| {
                if options
                    .statuses
                    .as_ref()
                    .is_none_or(|s| s.contains(&signup.status))
                {
                    write_row(&columns::row(activity, &columns, &signup))?;
                    rows += 1;
                }
                Ok(())
            })
        };
        match options.format {
            ExportFormat::Csv => {
                let mut sink =
                    csv_out::CsvSink::new(BufWriter::new(out), options.delimiter, options.bom)?;
                sink.header(&headers)?;
                each(&mut |cells| sink.row(cells))?;
                sink.finish()?
                    .into_inner()
                    .map_err(|e| CoreError::Io(e.into_error()))?;
            }
            ExportFormat::Xlsx => {
                let mut sink = xlsx_out::XlsxSink::new()?;
                sink.header(&headers)?;
                each(&mut |cells| sink.row(cells))?;
                sink.finish(out)?;
            }
        }
        Ok(())
    })?;
    Ok(rows)
}

/// Calls `f` with each sign-up of `activity`, oldest first, straight from
/// the query (one decoded row at a time).
fn for_each_signup(
    conn: &Connection,
    activity: &Activity,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(ExportProgress),
    mut f: impl FnMut(Signup) -> CoreResult<()>,
) -> CoreResult<()> {
    const WHERE: &str = "WHERE kind = 'signup' AND organization_id = ?1
                         AND json_extract(fields, '$.activity_id') = ?2";
    let ids = params![
        activity.organization_id.to_string(),
        activity.id.to_string()
    ];
    let total: i64 =
        conn.query_row(&format!("SELECT count(*) FROM records {WHERE}"), ids, |r| {
            r.get(0)
        })?;
    let total = u64::try_from(total).unwrap_or(0);
    let mut stmt = conn.prepare(&format!(
        "SELECT fields FROM records {WHERE}
         ORDER BY julianday(json_extract(fields, '$.submitted_at')),
                  json_extract(fields, '$.submitted_at'), id"
    ))?;
    let mut rows = stmt.query(ids)?;
    let mut done = 0;
    progress(ExportProgress { done, total });
    while let Some(row) = rows.next()? {
        if cancel.load(Ordering::Relaxed) {
            return Err(CoreError::ExportCancelled);
        }
        let fields: String = row.get(0)?;
        let signup: Signup = serde_json::from_str(&fields)?;
        f(signup)?;
        done += 1;
        progress(ExportProgress { done, total });
    }
    Ok(())
}
