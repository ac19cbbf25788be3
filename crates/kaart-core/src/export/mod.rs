//! Exporting an activity's sign-ups (the attendee list) to CSV or `.xlsx`,
//! streaming: the ids come one row at a time from the very query of the
//! sign-up list ([`signup_list::for_each_id`]: its status filter, search
//! and order), each sign-up is read as the list shows it (local view) and
//! written straight to the file; the whole list is never in memory.
//! Progress is reported per row, a cancel flag is checked per row, and the
//! file appears only when complete ([`file`]).
//!
//! - [`columns`]: the options and how a sign-up becomes a row;
//! - [`choices`]: the choices remembered per organisation;
//! - [`defuse`]: the CSV formula-defusing rule;
//! - `csv_out`, `xlsx_out`: the two writers.

pub mod choices;
pub mod columns;
mod csv_out;
pub mod defuse;
mod file;
pub(crate) use file::write_atomically;
mod xlsx_out;

use std::io::BufWriter;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use kaart_api::records::{Activity, Record, RecordKind, Signup};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use choices::{ColumnChoice, ExportChoices};
pub use columns::{Column, Delimiter, ExportFormat, ExportOptions};

use crate::error::{CoreError, CoreResult};
use crate::local_view;
use crate::signup_list::{self, SignupQuery, SignupScope};

/// How far an export is: `done` of the `total` sign-ups to export written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
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
            for_each_signup(conn, activity, options, cancel, progress, |signup| {
                write_row(&columns::row(activity, &columns, &signup))?;
                rows += 1;
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

/// Calls `f` with each sign-up of `activity` that the sign-up list shows
/// with the options' status filter, search and sort, in that order, as the
/// list shows it (one sign-up at a time).
fn for_each_signup(
    conn: &Connection,
    activity: &Activity,
    options: &ExportOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(ExportProgress),
    mut f: impl FnMut(Signup) -> CoreResult<()>,
) -> CoreResult<()> {
    let query = SignupQuery {
        scope: SignupScope::Activity(activity.id),
        status: options.status,
        search: options.search.clone(),
        sort: options.sort.clone(),
        descending: options.descending,
        offset: 0,
        limit: 0,
    };
    let total = u64::from(signup_list::count(conn, &query)?);
    let mut done = 0;
    progress(ExportProgress { done, total });
    signup_list::for_each_id(conn, &query, |id| {
        if cancel.load(Ordering::Relaxed) {
            return Err(CoreError::ExportCancelled);
        }
        let Some(local) = local_view::get(conn, RecordKind::Signup, id)? else {
            return Ok(());
        };
        let Record::Signup(signup) = local.record else {
            return Err(CoreError::Corrupt("sign-up record".into()));
        };
        f(signup)?;
        done += 1;
        progress(ExportProgress { done, total });
        Ok(())
    })
}
