//! Record rows: reading, writing and deleting records with their per-record
//! `version` and global change `seq`, tombstones, and the changes feed query.
//! Every function works inside whatever transaction the caller opened.

use std::fmt::Write as _;

use chrono::Utc;
use kaart_api::records::{Record, RecordKind};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

/// A record as stored, with its bookkeeping.
#[derive(Debug, Clone)]
pub struct Stored {
    pub org_id: Option<Uuid>,
    pub version: i64,
    pub record: Record,
}

fn parse_uuid(s: Option<String>) -> Option<Uuid> {
    s.and_then(|s| Uuid::parse_str(&s).ok())
}

/// Takes the next value of the global change sequence.
pub fn next_seq(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value",
        [],
        |r| r.get(0),
    )
}

pub fn counter(conn: &Connection, name: &str) -> rusqlite::Result<i64> {
    conn.query_row("SELECT value FROM counters WHERE name = ?1", [name], |r| {
        r.get(0)
    })
}

pub fn set_counter(conn: &Connection, name: &str, value: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE counters SET value = ?2 WHERE name = ?1",
        params![name, value],
    )?;
    Ok(())
}

fn parent_of(record: &Record) -> Option<Uuid> {
    match record {
        Record::Signup(s) => Some(s.activity_id),
        _ => None,
    }
}

pub fn get(conn: &Connection, kind: RecordKind, id: Uuid) -> rusqlite::Result<Option<Stored>> {
    let row = conn
        .prepare_cached("SELECT org_id, version, json FROM records WHERE kind = ?1 AND id = ?2")?
        .query_row(params![kind.as_str(), id.to_string()], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    let Some((org, version, json)) = row else {
        return Ok(None);
    };
    // The error names only the position: serde's message could quote
    // personal data, and database errors are logged.
    let record = serde_json::from_str(&json).map_err(|e| {
        let why = format!(
            "unreadable record JSON at line {} column {}",
            e.line(),
            e.column()
        );
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, why.into())
    })?;
    Ok(Some(Stored {
        org_id: parse_uuid(org),
        version,
        record,
    }))
}

/// Inserts a new record at `version`; returns its seq.
pub fn insert(conn: &Connection, record: &Record, version: i64) -> rusqlite::Result<i64> {
    let seq = next_seq(conn)?;
    let json = serde_json::to_string(record).expect("records serialise");
    conn.prepare_cached(
        "INSERT INTO records (kind, id, org_id, parent_id, version, seq, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        record.kind().as_str(),
        record.id().to_string(),
        record.organization_id().map(|u| u.to_string()),
        parent_of(record).map(|u| u.to_string()),
        version,
        seq,
        json
    ])?;
    Ok(seq)
}

/// Replaces a record's content at `version`; returns its new seq.
pub fn update(conn: &Connection, record: &Record, version: i64) -> rusqlite::Result<i64> {
    let seq = next_seq(conn)?;
    let json = serde_json::to_string(record).expect("records serialise");
    conn.prepare_cached(
        "UPDATE records SET version = ?3, seq = ?4, json = ?5 WHERE kind = ?1 AND id = ?2",
    )?
    .execute(params![
        record.kind().as_str(),
        record.id().to_string(),
        version,
        seq,
        json
    ])?;
    Ok(seq)
}

/// Deletes a record and leaves a tombstone at `version`. A sign-up's
/// unsubscribe link goes too, and any stored mutation result that carried
/// the record is stripped of it, so no personal data stays behind.
pub fn delete(
    conn: &Connection,
    kind: RecordKind,
    id: Uuid,
    org_id: Option<Uuid>,
    version: i64,
) -> rusqlite::Result<()> {
    let seq = next_seq(conn)?;
    let id_s = id.to_string();
    conn.prepare_cached("DELETE FROM records WHERE kind = ?1 AND id = ?2")?
        .execute(params![kind.as_str(), id_s])?;
    conn.prepare_cached(
        "INSERT INTO tombstones (seq, kind, id, org_id, version, deleted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![seq, kind.as_str(), id_s, org_id.map(|u| u.to_string()), version, Utc::now().timestamp()])?;
    if kind == RecordKind::Signup {
        conn.prepare_cached("DELETE FROM unsubscribe_tokens WHERE signup_id = ?1")?
            .execute([&id_s])?;
    }
    redact_mutation_log(conn, &id_s)?;
    Ok(())
}

/// Removes the record copy from every stored mutation result about `id`.
fn redact_mutation_log(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    let rows: Vec<(String, String, String)> = conn
        .prepare_cached(
            "SELECT manager_id, mutation_id, result FROM mutation_log WHERE record_id = ?1",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (manager, mutation, result) in rows {
        let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&result) else {
            continue;
        };
        if let Some(record) = value.pointer_mut("/outcome/record") {
            if !record.is_null() {
                *record = serde_json::Value::Null;
                conn.execute(
                    "UPDATE mutation_log SET result = ?3 WHERE manager_id = ?1 AND mutation_id = ?2",
                    params![manager, mutation, value.to_string()],
                )?;
            }
        }
    }
    Ok(())
}

/// The version a deleted record had, if a tombstone for it is kept.
pub fn tombstone_version(
    conn: &Connection,
    kind: RecordKind,
    id: Uuid,
) -> rusqlite::Result<Option<(Option<Uuid>, i64)>> {
    conn.prepare_cached("SELECT org_id, version FROM tombstones WHERE kind = ?1 AND id = ?2 ORDER BY seq DESC LIMIT 1")?
        .query_row(params![kind.as_str(), id.to_string()], |r| {
            Ok((parse_uuid(r.get(0)?), r.get(1)?))
        })
        .optional()
}

/// Ids of the sign-ups of an activity.
pub fn signups_of(conn: &Connection, activity: Uuid) -> rusqlite::Result<Vec<Uuid>> {
    let ids: Vec<String> = conn
        .prepare_cached("SELECT id FROM records WHERE parent_id = ?1 AND kind = 'signup'")?
        .query_map([activity.to_string()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids
        .into_iter()
        .filter_map(|s| Uuid::parse_str(&s).ok())
        .collect())
}

/// The offerings of `org` whose `contact_ids` name `contact`. (`records.json`
/// qualified: inside `json_each` a bare `json` is json_each's own column.)
pub fn offerings_naming(
    conn: &Connection,
    org: Uuid,
    contact: Uuid,
) -> rusqlite::Result<Vec<Uuid>> {
    let ids: Vec<String> = conn
        .prepare_cached(
            "SELECT id FROM records WHERE org_id = ?1 AND kind = 'offering'
               AND EXISTS (SELECT 1 FROM json_each(records.json, '$.contact_ids') WHERE value = ?2)",
        )?
        .query_map([org.to_string(), contact.to_string()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids
        .into_iter()
        .filter_map(|s| Uuid::parse_str(&s).ok())
        .collect())
}

/// Counts an activity's sign-ups with status `registered`.
pub fn registered_count(conn: &Connection, activity: Uuid) -> rusqlite::Result<u32> {
    conn.prepare_cached(
        "SELECT count(*) FROM records WHERE parent_id = ?1 AND kind = 'signup' AND json_extract(json, '$.status') = 'registered'",
    )?
    .query_row([activity.to_string()], |r| r.get(0))
}

enum Entry {
    Upsert {
        seq: i64,
        version: i64,
        json: String,
    },
    Tombstone {
        seq: i64,
        kind: String,
        id: String,
    },
}

impl Entry {
    fn seq(&self) -> i64 {
        match self {
            Entry::Upsert { seq, .. } | Entry::Tombstone { seq, .. } => *seq,
        }
    }
}

/// One page of the changes feed of `org` (plus `profile_id`'s profile) after
/// `since`, as the JSON of a `ChangesPage`, written straight from the stored
/// record JSON. `since` must already be checked against the horizon;
/// `cursor_at` makes the (opaque, URL-safe) cursor of a sequence number.
pub fn feed_page(
    conn: &Connection,
    org: Uuid,
    profile_id: Uuid,
    since: i64,
    limit: u32,
    cursor_at: impl FnOnce(i64) -> String,
) -> rusqlite::Result<String> {
    let org_s = org.to_string();
    let take = i64::from(limit) + 1;
    let mut entries: Vec<Entry> = conn
        .prepare_cached("SELECT seq, version, json FROM records WHERE org_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3")?
        .query_map(params![org_s, since, take], |r| {
            Ok(Entry::Upsert { seq: r.get(0)?, version: r.get(1)?, json: r.get(2)? })
        })?
        .collect::<Result<_, _>>()?;
    let profile = conn
        .prepare_cached("SELECT seq, version, json FROM records WHERE kind = 'profile' AND id = ?1 AND seq > ?2")?
        .query_row(params![profile_id.to_string(), since], |r| {
            Ok(Entry::Upsert { seq: r.get(0)?, version: r.get(1)?, json: r.get(2)? })
        })
        .optional()?;
    let tombstones: Vec<Entry> = conn
        .prepare_cached("SELECT seq, kind, id FROM tombstones WHERE org_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3")?
        .query_map(params![org_s, since, take], |r| {
            Ok(Entry::Tombstone { seq: r.get(0)?, kind: r.get(1)?, id: r.get(2)? })
        })?
        .collect::<Result<_, _>>()?;
    entries.extend(profile);
    if !tombstones.is_empty() {
        entries.extend(tombstones);
    }
    entries.sort_by_key(Entry::seq);
    let has_more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    let cursor = match (has_more, entries.last()) {
        (true, Some(last)) => last.seq(),
        _ => counter(conn, "seq")?,
    };
    let mut out = String::with_capacity(
        entries
            .iter()
            .map(|e| match e {
                Entry::Upsert { json, .. } => json.len() + 48,
                Entry::Tombstone { .. } => 96,
            })
            .sum::<usize>()
            + 64,
    );
    out.push_str("{\"changes\":[");
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match e {
            Entry::Upsert { version, json, .. } => {
                let _ = write!(
                    out,
                    "{{\"type\":\"upsert\",\"version\":{version},\"record\":{json}}}"
                );
            }
            // kind and id are our own snake_case names and UUIDs: no escaping needed.
            Entry::Tombstone { kind, id, .. } => {
                let _ = write!(
                    out,
                    "{{\"type\":\"tombstone\",\"kind\":\"{kind}\",\"id\":\"{id}\"}}"
                );
            }
        }
    }
    let _ = write!(
        out,
        "],\"cursor\":\"{}\",\"has_more\":{has_more}}}",
        cursor_at(cursor)
    );
    Ok(out)
}
