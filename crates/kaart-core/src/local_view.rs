//! The local view: what the manager sees. It is the base (the last known
//! server state, `records`) with the pending local edits (`outbox`) laid on
//! top, in the order they were made. Nothing here writes.

use std::collections::BTreeMap;

use kaart_api::fields::{from_fields, to_fields};
use kaart_api::records::{Record, RecordKind};
use kaart_api::sync::MutationOp;
use rusqlite::Connection;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};
use crate::ipc::LocalRecord;
use crate::store::outbox::OutboxEntry;
use crate::store::{conflicts, outbox, records};

/// Lays one queued operation over a record's fields (`None`: no record).
pub fn apply(fields: Option<Map<String, Value>>, op: &MutationOp) -> Option<Map<String, Value>> {
    match op {
        MutationOp::Create { record } => Some(to_fields(record)),
        MutationOp::Update { changes, .. } => fields.map(|mut f| {
            for change in changes {
                f.insert(change.field.clone(), change.to.clone());
            }
            f
        }),
        MutationOp::Delete { .. } => None,
        MutationOp::MarkChecked { checked_on, .. } => fields.map(|mut f| {
            let later = match f.get("assured_date").and_then(Value::as_str) {
                Some(current) if current >= checked_on.to_string().as_str() => current.to_string(),
                _ => checked_on.to_string(),
            };
            f.insert("assured_date".into(), Value::String(later));
            f
        }),
    }
}

/// The fields of a record in the local view, or `None` when it does not
/// exist locally (never existed, or deleted here or there).
pub fn fields(
    conn: &Connection,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<Option<Map<String, Value>>> {
    let base = records::get(conn, kind, id)?.map(|b| b.fields);
    let entries = outbox::for_record(conn, kind, id)?;
    Ok(entries.iter().fold(base, |f, e| apply(f, &e.op)))
}

fn build(
    kind: RecordKind,
    fields: Map<String, Value>,
    version: Option<i64>,
    entries: &[&OutboxEntry],
    conflict_count: usize,
) -> CoreResult<LocalRecord> {
    let record =
        from_fields(kind, fields).map_err(|_| CoreError::Corrupt("local record".into()))?;
    Ok(LocalRecord {
        record,
        version,
        pending_edits: entries.iter().filter(|e| e.rejected.is_none()).count() as u32,
        rejected_edits: entries.iter().filter(|e| e.rejected.is_some()).count() as u32,
        conflicts: conflict_count as u32,
    })
}

/// One record as the manager sees it.
pub fn get(conn: &Connection, kind: RecordKind, id: Uuid) -> CoreResult<Option<LocalRecord>> {
    let base = records::get(conn, kind, id)?;
    let version = base.as_ref().map(|b| b.version);
    let entries = outbox::for_record(conn, kind, id)?;
    let fields = entries
        .iter()
        .fold(base.map(|b| b.fields), |f, e| apply(f, &e.op));
    let Some(fields) = fields else {
        return Ok(None);
    };
    let refs: Vec<&OutboxEntry> = entries.iter().collect();
    let conflict_count = conflicts::for_record(conn, kind, id)?.len();
    build(kind, fields, version, &refs, conflict_count).map(Some)
}

/// The records of one kind (of one organisation, when given) as the manager
/// sees them, ordered by id (UUIDv7: creation order).
pub fn list(
    conn: &Connection,
    organization: Option<Uuid>,
    kind: RecordKind,
) -> CoreResult<Vec<LocalRecord>> {
    // Per record: the base version, and the fields as they stand.
    type Slot = (Option<i64>, Option<Map<String, Value>>);
    let mut by_id: BTreeMap<Uuid, Slot> = records::list(conn, organization, kind)?
        .into_iter()
        .map(|b| (b.id, (Some(b.version), Some(b.fields))))
        .collect();
    let entries: Vec<OutboxEntry> = outbox::all(conn)?
        .into_iter()
        .filter(|e| e.kind == kind)
        .collect();
    let mut entries_by_id: BTreeMap<Uuid, Vec<&OutboxEntry>> = BTreeMap::new();
    for entry in &entries {
        entries_by_id
            .entry(entry.record_id)
            .or_default()
            .push(entry);
    }
    for (id, list) in &entries_by_id {
        let slot = by_id.entry(*id).or_insert((None, None));
        slot.1 = list.iter().fold(slot.1.take(), |f, e| apply(f, &e.op));
    }
    let mut conflict_counts: BTreeMap<Uuid, usize> = BTreeMap::new();
    for c in conflicts::list(conn)?
        .into_iter()
        .filter(|c| c.kind == kind)
    {
        *conflict_counts.entry(c.record_id).or_default() += 1;
    }
    let mut out = Vec::with_capacity(by_id.len());
    for (id, (version, fields)) in by_id {
        let Some(fields) = fields else { continue };
        if let Some(org) = organization {
            let record_org = fields.get("organization_id").and_then(Value::as_str);
            let own_id = kind == RecordKind::Organization && id == org;
            if !own_id && record_org != Some(org.to_string().as_str()) {
                continue;
            }
        }
        let refs = entries_by_id.get(&id).cloned().unwrap_or_default();
        out.push(build(
            kind,
            fields,
            version,
            &refs,
            conflict_counts.get(&id).copied().unwrap_or(0),
        )?);
    }
    Ok(out)
}

/// Every record in the local view, ordered by kind and id (for dumps and
/// test comparisons).
pub fn all(conn: &Connection) -> CoreResult<Vec<Record>> {
    let mut out = Vec::new();
    for kind in RecordKind::ALL {
        for local in list(conn, None, kind)? {
            out.push(local.record);
        }
    }
    Ok(out)
}
