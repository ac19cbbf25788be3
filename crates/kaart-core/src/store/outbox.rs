//! Queries on `outbox`: local edits not yet accepted by the service, in the
//! order they were made. Each entry is one [`MutationOp`] with the
//! `mutation_id` made when the edit was made, so a replay after a crash or a
//! lost answer reuses it and the service never applies it twice.
//!
//! `attempted` is set (in its own transaction) before an entry is first
//! sent: from then on it may have been applied, so later edits never fold
//! into it (see [`crate::edits`]). `rejected` holds the service's field
//! errors; a rejected entry stays until fixed or discarded and blocks later
//! entries of the same record.

use std::collections::HashSet;

use chrono::Utc;
use kaart_api::error::FieldError;
use kaart_api::records::RecordKind;
use kaart_api::sync::{Mutation, MutationOp, Scope};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};

/// A delete queued after other, not yet confirmed, edits of the same record
/// carries this `base_version` until the answer to the previous edit says
/// which version the manager's own edit produced.
pub const DEFERRED_BASE_VERSION: i64 = -1;

/// How a [`Scope`] (which push endpoint an entry goes to) is stored in the
/// `scope` columns: `me` or the organisation's id.
pub trait ScopeDb: Sized {
    fn to_db(self) -> String;
    fn from_db(s: &str) -> CoreResult<Self>;
}

impl ScopeDb for Scope {
    fn to_db(self) -> String {
        match self {
            Scope::Me => "me".into(),
            Scope::Organization(id) => id.to_string(),
        }
    }

    fn from_db(s: &str) -> CoreResult<Scope> {
        if s == "me" {
            return Ok(Scope::Me);
        }
        Uuid::parse_str(s)
            .map(Scope::Organization)
            .map_err(|_| CoreError::Corrupt("outbox scope".into()))
    }
}

#[derive(Clone, PartialEq)]
pub struct OutboxEntry {
    pub seq: i64,
    pub mutation_id: Uuid,
    pub scope: Scope,
    pub kind: RecordKind,
    pub record_id: Uuid,
    pub op: MutationOp,
    pub attempted: bool,
    pub rejected: Option<Vec<FieldError>>,
}

/// The operation may hold personal data: Debug shows which edit, not what.
impl std::fmt::Debug for OutboxEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboxEntry")
            .field("seq", &self.seq)
            .field("mutation_id", &self.mutation_id)
            .field("kind", &self.kind)
            .field("record_id", &self.record_id)
            .field("attempted", &self.attempted)
            .field("rejected", &self.rejected.is_some())
            .finish_non_exhaustive()
    }
}

impl OutboxEntry {
    pub fn mutation(&self) -> Mutation {
        Mutation {
            mutation_id: self.mutation_id,
            op: self.op.clone(),
        }
    }

    fn is_deferred_delete(&self) -> bool {
        matches!(self.op, MutationOp::Delete { base_version, .. } if base_version == DEFERRED_BASE_VERSION)
    }
}

const COLUMNS: &str = "seq, mutation_id, scope, kind, record_id, op, attempted, rejected";

type RawRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
);

fn raw(row: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
    ))
}

fn decode(
    (seq, mutation_id, scope, kind, record_id, op, attempted, rejected): RawRow,
) -> CoreResult<OutboxEntry> {
    let bad = |what: &str| CoreError::Corrupt(format!("outbox {what}"));
    Ok(OutboxEntry {
        seq,
        mutation_id: Uuid::parse_str(&mutation_id).map_err(|_| bad("mutation id"))?,
        scope: Scope::from_db(&scope)?,
        kind: RecordKind::parse(&kind).ok_or_else(|| bad("kind"))?,
        record_id: Uuid::parse_str(&record_id).map_err(|_| bad("record id"))?,
        op: serde_json::from_str(&op)?,
        attempted: attempted != 0,
        rejected: rejected.map(|r| serde_json::from_str(&r)).transpose()?,
    })
}

fn query(
    conn: &Connection,
    sql_where: &str,
    params: impl rusqlite::Params,
) -> CoreResult<Vec<OutboxEntry>> {
    let sql = format!("SELECT {COLUMNS} FROM outbox {sql_where} ORDER BY seq");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, raw)?;
    rows.map(|r| decode(r?)).collect()
}

/// Queues a new edit with a fresh mutation id; returns it.
pub fn insert(
    conn: &Connection,
    scope: Scope,
    kind: RecordKind,
    record_id: Uuid,
    op: &MutationOp,
) -> CoreResult<Uuid> {
    let mutation_id = Uuid::now_v7();
    conn.prepare_cached(
        "INSERT INTO outbox (mutation_id, scope, kind, record_id, op, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        mutation_id.to_string(),
        scope.to_db(),
        kind.as_str(),
        record_id.to_string(),
        serde_json::to_string(op)?,
        Utc::now().to_rfc3339(),
    ])?;
    Ok(mutation_id)
}

/// Replaces the operation of a never-sent (or rejected) entry. A rejected
/// entry gets a new mutation id: the service answers a replayed id with its
/// first result, so a fix must be a new mutation.
pub fn replace_op(conn: &Connection, entry: &OutboxEntry, op: &MutationOp) -> CoreResult<()> {
    let mutation_id = if entry.rejected.is_some() {
        Uuid::now_v7()
    } else {
        entry.mutation_id
    };
    conn.execute(
        "UPDATE outbox SET op = ?2, mutation_id = ?3, rejected = NULL, attempted = 0 WHERE seq = ?1",
        params![entry.seq, serde_json::to_string(op)?, mutation_id.to_string()],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, seq: i64) -> CoreResult<()> {
    conn.prepare_cached("DELETE FROM outbox WHERE seq = ?1")?
        .execute(params![seq])?;
    Ok(())
}

pub fn get_by_mutation_id(conn: &Connection, mutation_id: Uuid) -> CoreResult<Option<OutboxEntry>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE mutation_id = ?1"
    ))?
    .query_row(params![mutation_id.to_string()], raw)
    .optional()?
    .map(decode)
    .transpose()
}

/// The entries of one record, oldest first.
pub fn for_record(conn: &Connection, kind: RecordKind, id: Uuid) -> CoreResult<Vec<OutboxEntry>> {
    query(
        conn,
        "WHERE kind = ?1 AND record_id = ?2",
        params![kind.as_str(), id.to_string()],
    )
}

/// The ids of the records of `kind` with entries (no operations decoded).
pub fn record_ids(conn: &Connection, kind: RecordKind) -> CoreResult<Vec<Uuid>> {
    let mut stmt = conn.prepare_cached("SELECT DISTINCT record_id FROM outbox WHERE kind = ?1")?;
    let ids = stmt
        .query_map([kind.as_str()], |r| r.get::<_, String>(0))?
        .map(|id| Uuid::parse_str(&id?).map_err(|_| CoreError::Corrupt("outbox record id".into())))
        .collect();
    ids
}

/// Every entry, oldest first.
pub fn all(conn: &Connection) -> CoreResult<Vec<OutboxEntry>> {
    query(conn, "", [])
}

pub fn rejected(conn: &Connection) -> CoreResult<Vec<OutboxEntry>> {
    query(conn, "WHERE rejected IS NOT NULL", [])
}

/// Scopes with something to send.
pub fn scopes(conn: &Connection) -> CoreResult<Vec<Scope>> {
    let mut stmt =
        conn.prepare("SELECT DISTINCT scope FROM outbox WHERE rejected IS NULL ORDER BY scope")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|r| Scope::from_db(&r?)).collect()
}

/// The next entries of `scope` that may be sent, oldest first, at most
/// `limit`. An entry waits while an earlier entry of its record is rejected
/// or itself waiting, and a deferred delete waits for its base version.
pub fn pushable(conn: &Connection, scope: Scope, limit: usize) -> CoreResult<Vec<OutboxEntry>> {
    let mut blocked: HashSet<(RecordKind, Uuid)> = HashSet::new();
    let mut out = Vec::new();
    for entry in query(conn, "WHERE scope = ?1", params![scope.to_db()])? {
        let key = (entry.kind, entry.record_id);
        if blocked.contains(&key) {
            continue;
        }
        if entry.rejected.is_some() || entry.is_deferred_delete() {
            blocked.insert(key);
            continue;
        }
        out.push(entry);
        if out.len() >= limit {
            break;
        }
    }
    Ok(out)
}

pub fn mark_attempted(conn: &Connection, seqs: &[i64]) -> CoreResult<()> {
    let mut stmt = conn.prepare_cached("UPDATE outbox SET attempted = 1 WHERE seq = ?1")?;
    for seq in seqs {
        stmt.execute(params![seq])?;
    }
    Ok(())
}

pub fn set_rejected(conn: &Connection, seq: i64, errors: &[FieldError]) -> CoreResult<()> {
    conn.execute(
        "UPDATE outbox SET rejected = ?2 WHERE seq = ?1",
        params![seq, serde_json::to_string(errors)?],
    )?;
    Ok(())
}

/// Gives deferred deletes of a record the version the previous edit of the
/// same record produced on the service.
pub fn fill_deferred_deletes(
    conn: &Connection,
    kind: RecordKind,
    id: Uuid,
    version: i64,
) -> CoreResult<()> {
    for entry in for_record(conn, kind, id)? {
        if entry.is_deferred_delete() {
            let op = MutationOp::Delete {
                kind,
                id,
                base_version: version,
            };
            conn.execute(
                "UPDATE outbox SET op = ?2 WHERE seq = ?1",
                params![entry.seq, serde_json::to_string(&op)?],
            )?;
        }
    }
    Ok(())
}

/// Entries waiting to be sent (not rejected).
pub fn count_pending(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM outbox WHERE rejected IS NULL",
        [],
        |r| r.get(0),
    )?)
}

pub fn count_rejected(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM outbox WHERE rejected IS NOT NULL",
        [],
        |r| r.get(0),
    )?)
}
