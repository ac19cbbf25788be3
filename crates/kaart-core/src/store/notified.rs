//! Queries on `notified`: what the desktop notifications already told the
//! manager, per kind of notice, as (subject, period) pairs — ids and dates,
//! never names. [`crate::notices`] decides what is new; this module only
//! reads and replaces the rows.

use std::collections::HashMap;

use chrono::Utc;
use rusqlite::{params, Connection};

use crate::error::CoreResult;

/// One thing a notice is about, in one period: a record in the due period
/// that started on a given day, a conflict (whose period never changes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Subject {
    /// What it is about, e.g. `contact:<uuid>` or a conflict's row id.
    pub key: String,
    /// Which occurrence: told once per key and period.
    pub period: String,
}

/// The subjects among `current` that were not told yet in their period.
pub fn fresh(conn: &Connection, kind: &str, current: &[Subject]) -> CoreResult<Vec<Subject>> {
    let told = told(conn, kind)?;
    Ok(current
        .iter()
        .filter(|s| told.get(&s.key) != Some(&s.period))
        .cloned()
        .collect())
}

/// Remembers that the manager was told about `current` (all that stands
/// now): the rows of this kind become exactly `current`, so subjects that
/// no longer stand (a record checked, a conflict decided) are forgotten.
pub fn replace(conn: &Connection, kind: &str, current: &[Subject]) -> CoreResult<()> {
    conn.execute("DELETE FROM notified WHERE kind = ?1", params![kind])?;
    let now = Utc::now().to_rfc3339();
    let mut insert = conn.prepare_cached(
        "INSERT OR REPLACE INTO notified (kind, subject, period, notified_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for s in current {
        insert.execute(params![kind, s.key, s.period, now])?;
    }
    Ok(())
}

fn told(conn: &Connection, kind: &str) -> CoreResult<HashMap<String, String>> {
    let mut stmt = conn.prepare_cached("SELECT subject, period FROM notified WHERE kind = ?1")?;
    let rows = stmt.query_map(params![kind], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
