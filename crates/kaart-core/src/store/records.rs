//! Queries on `records`: the base, i.e. the last known server state of each
//! record with its version. Local edits never touch this table; they live in
//! the outbox and are laid on top by [`crate::local_view`].

use kaart_api::fields::{from_fields, to_fields};
use kaart_api::records::{Record, RecordKind};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};

/// One record as the service last sent it.
#[derive(Clone, PartialEq)]
pub struct BaseRecord {
    pub kind: RecordKind,
    pub id: Uuid,
    pub version: i64,
    pub fields: Map<String, Value>,
}

/// Fields may be personal data: Debug shows which record, not its contents.
impl std::fmt::Debug for BaseRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BaseRecord")
            .field("kind", &self.kind)
            .field("id", &self.id)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl BaseRecord {
    pub fn to_record(&self) -> CoreResult<Record> {
        Ok(from_fields(self.kind, self.fields.clone())?)
    }
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<(String, String, i64, String)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
}

fn decode((kind, id, version, fields): (String, String, i64, String)) -> CoreResult<BaseRecord> {
    let kind = RecordKind::parse(&kind).ok_or_else(|| CoreError::Corrupt("record kind".into()))?;
    let id = Uuid::parse_str(&id).map_err(|_| CoreError::Corrupt("record id".into()))?;
    let fields: Map<String, Value> = serde_json::from_str(&fields)?;
    Ok(BaseRecord {
        kind,
        id,
        version,
        fields,
    })
}

pub fn get(conn: &Connection, kind: RecordKind, id: Uuid) -> CoreResult<Option<BaseRecord>> {
    conn.prepare_cached(
        "SELECT kind, id, version, fields FROM records WHERE kind = ?1 AND id = ?2",
    )?
    .query_row(params![kind.as_str(), id.to_string()], from_row)
    .optional()?
    .map(decode)
    .transpose()
}

/// Stores the server's `record` at `version`, unless a newer version is
/// already known. During a full resync (`stale` rows) any version replaces.
pub fn upsert(conn: &Connection, record: &Record, version: i64) -> CoreResult<()> {
    let fields = serde_json::to_string(&to_fields(record))?;
    conn.prepare_cached(
        "INSERT INTO records (kind, id, organization_id, version, fields, stale)
         VALUES (?1, ?2, ?3, ?4, ?5, 0)
         ON CONFLICT (kind, id) DO UPDATE SET
             organization_id = excluded.organization_id,
             version = excluded.version,
             fields = excluded.fields,
             stale = 0
         WHERE excluded.version >= records.version OR records.stale = 1",
    )?
    .execute(params![
        record.kind().as_str(),
        record.id().to_string(),
        record.organization_id().map(|o| o.to_string()),
        version,
        fields,
    ])?;
    Ok(())
}

/// Removes a record's base; returns whether there was one.
pub fn delete(conn: &Connection, kind: RecordKind, id: Uuid) -> CoreResult<bool> {
    let n = conn
        .prepare_cached("DELETE FROM records WHERE kind = ?1 AND id = ?2")?
        .execute(params![kind.as_str(), id.to_string()])?;
    Ok(n > 0)
}

/// Records of one kind, of one organisation (or, for profiles, `None`).
pub fn list(
    conn: &Connection,
    organization: Option<Uuid>,
    kind: RecordKind,
) -> CoreResult<Vec<BaseRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, id, version, fields FROM records
         WHERE kind = ?1 AND (?2 IS NULL OR organization_id = ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(
        params![kind.as_str(), organization.map(|o| o.to_string())],
        from_row,
    )?;
    rows.map(|r| decode(r?)).collect()
}

/// Every record, ordered by kind and id (for comparisons and dumps).
pub fn all(conn: &Connection) -> CoreResult<Vec<BaseRecord>> {
    let mut stmt =
        conn.prepare("SELECT kind, id, version, fields FROM records ORDER BY kind, id")?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|r| decode(r?)).collect()
}

pub fn count(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row("SELECT count(*) FROM records", [], |r| r.get(0))?)
}

/// Start of a full resync: every record of the organisation is presumed gone
/// until the feed sends it again.
pub fn mark_stale(conn: &Connection, organization: Uuid) -> CoreResult<()> {
    conn.execute(
        "UPDATE records SET stale = 1 WHERE organization_id = ?1",
        params![organization.to_string()],
    )?;
    Ok(())
}

/// End of a full resync: records the feed did not send again are gone.
pub fn delete_stale(conn: &Connection, organization: Uuid) -> CoreResult<usize> {
    Ok(conn.execute(
        "DELETE FROM records WHERE organization_id = ?1 AND stale = 1",
        params![organization.to_string()],
    )?)
}

/// Removes everything of an organisation the manager no longer manages.
pub fn delete_organization(conn: &Connection, organization: Uuid) -> CoreResult<()> {
    conn.execute(
        "DELETE FROM records WHERE organization_id = ?1",
        params![organization.to_string()],
    )?;
    Ok(())
}
