//! Queries on `conflicts`: fields changed both here and on the service,
//! kept until the manager decides (keep mine, take theirs, or a new value).
//! One row per record and field: a later conflict on the same field updates
//! the row (the latest local intent and the latest server value).

use chrono::Utc;
use kaart_api::records::RecordKind;
use kaart_api::sync::{ConflictReason, Scope};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};
use crate::store::outbox::ScopeDb;

/// The field name of a conflict about the whole record (a delete against an
/// edit, either way round).
pub const WHOLE_RECORD: &str = "*";

#[derive(Clone, PartialEq)]
pub struct ConflictRow {
    pub id: i64,
    pub scope: Scope,
    pub kind: RecordKind,
    pub record_id: Uuid,
    pub field: String,
    pub reason: ConflictReason,
    pub yours: Value,
    pub theirs: Value,
}

/// Values may be personal data: Debug shows where, not what.
impl std::fmt::Debug for ConflictRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConflictRow")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("record_id", &self.record_id)
            .field("field", &self.field)
            .field("reason", &self.reason)
            .finish_non_exhaustive()
    }
}

/// A conflict to record (see [`upsert`]).
#[allow(missing_debug_implementations)] // holds values that may be personal data
pub struct NewConflict<'a> {
    pub scope: Scope,
    pub kind: RecordKind,
    pub record_id: Uuid,
    pub field: &'a str,
    pub reason: ConflictReason,
    pub yours: &'a Value,
    pub theirs: &'a Value,
}

pub fn upsert(conn: &Connection, c: &NewConflict<'_>) -> CoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO conflicts (scope, kind, record_id, field, reason, yours, theirs, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (kind, record_id, field) DO UPDATE SET
             reason = excluded.reason, yours = excluded.yours, theirs = excluded.theirs",
    )?
    .execute(params![
        c.scope.to_db(),
        c.kind.as_str(),
        c.record_id.to_string(),
        c.field,
        serde_json::to_string(&c.reason)?,
        serde_json::to_string(c.yours)?,
        serde_json::to_string(c.theirs)?,
        Utc::now().to_rfc3339(),
    ])?;
    Ok(())
}

type RawRow = (i64, String, String, String, String, String, String, String);

fn raw(r: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

fn decode(
    (id, scope, kind, record_id, field, reason, yours, theirs): RawRow,
) -> CoreResult<ConflictRow> {
    Ok(ConflictRow {
        id,
        scope: Scope::from_db(&scope)?,
        kind: RecordKind::parse(&kind).ok_or_else(|| CoreError::Corrupt("conflict kind".into()))?,
        record_id: Uuid::parse_str(&record_id)
            .map_err(|_| CoreError::Corrupt("conflict record".into()))?,
        field,
        reason: serde_json::from_str(&reason)?,
        yours: serde_json::from_str(&yours)?,
        theirs: serde_json::from_str(&theirs)?,
    })
}

const SELECT: &str =
    "SELECT id, scope, kind, record_id, field, reason, yours, theirs FROM conflicts";

pub fn list(conn: &Connection) -> CoreResult<Vec<ConflictRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY id"))?;
    let rows = stmt.query_map([], raw)?;
    rows.map(|r| decode(r?)).collect()
}

pub fn get(conn: &Connection, id: i64) -> CoreResult<Option<ConflictRow>> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row(params![id], raw)
        .optional()?
        .map(decode)
        .transpose()
}

pub fn for_record(conn: &Connection, kind: RecordKind, id: Uuid) -> CoreResult<Vec<ConflictRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE kind = ?1 AND record_id = ?2 ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![kind.as_str(), id.to_string()], raw)?;
    rows.map(|r| decode(r?)).collect()
}

pub fn delete(conn: &Connection, id: i64) -> CoreResult<()> {
    conn.execute("DELETE FROM conflicts WHERE id = ?1", params![id])?;
    Ok(())
}

/// Removes the conflicts of a record (used when a sign-up is wiped).
pub fn delete_for_record(conn: &Connection, kind: RecordKind, id: Uuid) -> CoreResult<()> {
    conn.prepare_cached("DELETE FROM conflicts WHERE kind = ?1 AND record_id = ?2")?
        .execute(params![kind.as_str(), id.to_string()])?;
    Ok(())
}

pub fn count(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row("SELECT count(*) FROM conflicts", [], |r| r.get(0))?)
}

/// The ids of the waiting conflicts (no values), oldest first.
pub fn ids(conn: &Connection) -> CoreResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM conflicts ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
