//! Local edits: create, update fields, delete, mark as checked. Each edit is
//! written in one transaction together with its outbox entry, so after a
//! crash either both exist or neither does.
//!
//! Folding: an edit to a record whose last outbox entry was never sent (or
//! was rejected) folds into that entry instead of queueing another one; an
//! update's `from` values always stay the values the edit started from (the
//! value before the *first* queued change of that field). Entries that may
//! have reached the service (`attempted`) are never changed: a replay of
//! their mutation id would get the first answer and lose the new edit.
//!
//! Typed input is tidied first (`kaart_api::tidy`: a postcode `1234ab`
//! becomes `1234 AB`); a refused edit names every broken field at once.

use chrono::NaiveDate;
use kaart_api::error::FieldError;
use kaart_api::fields::{editable_fields, from_fields, is_checkable, to_fields, FieldChange};
use kaart_api::records::{Record, RecordKind};
use kaart_api::sync::{MutationOp, Scope};
use kaart_api::tidy::{tidy_fields, tidy_record};
use kaart_api::validate::{validate_corrected_answers, validate_record};
use rusqlite::Transaction;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};
use crate::error_reason::ErrorReason;
use crate::local_view;
use crate::store::outbox::{self, OutboxEntry, DEFERRED_BASE_VERSION};
use crate::store::{organizations, records};

fn invalid(reason: ErrorReason) -> CoreError {
    CoreError::InvalidInput(reason)
}

/// Refuses a record that breaks the shared validation rules in one of
/// `fields` (all fields when `None`), naming every broken field at once.
/// Fields the edit does not touch are not held against it: they are the
/// service's business.
fn check(record: &Record, fields: Option<&[&String]>) -> CoreResult<()> {
    let relevant: Vec<FieldError> = validate_record(record)
        .into_iter()
        .filter(|e| fields.is_none_or(|f| f.iter().any(|name| **name == e.field)))
        .collect();
    if relevant.is_empty() {
        Ok(())
    } else {
        Err(CoreError::InvalidFields(relevant))
    }
}

/// A sign-up's corrected answers against its activity's form as this
/// computer has it, with the rules the service applies
/// ([`validate_corrected_answers`]): a correction that breaks the form is
/// refused here, naming every broken answer (`answers.<key>`), and nothing
/// is queued.
fn check_corrected_answers(
    tx: &Transaction<'_>,
    current: &Map<String, Value>,
    corrected: &Record,
) -> CoreResult<()> {
    let Record::Signup(after) = corrected else {
        return Ok(());
    };
    let Ok(Record::Signup(before)) = from_fields(RecordKind::Signup, current.clone()) else {
        return Err(invalid(ErrorReason::InvalidValues));
    };
    let activity = local_view::fields(tx, RecordKind::Activity, after.activity_id)?
        .and_then(|fields| from_fields(RecordKind::Activity, fields).ok());
    let Some(Record::Activity(activity)) = activity else {
        return Err(CoreError::NotFound);
    };
    let errors = validate_corrected_answers(&activity.form, &before.answers, &after.answers);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::InvalidFields(errors))
    }
}

/// The entry a new edit may fold into: the record's last entry, if it never
/// left this machine or was refused.
fn foldable(entries: &[OutboxEntry]) -> Option<&OutboxEntry> {
    entries
        .last()
        .filter(|e| !e.attempted || e.rejected.is_some())
}

fn scope_of(kind: RecordKind, fields: &Map<String, Value>, id: Uuid) -> Scope {
    let org = match kind {
        RecordKind::Organization => Some(id),
        RecordKind::Profile => None,
        _ => fields
            .get("organization_id")
            .and_then(Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok()),
    };
    Scope::of(kind, org)
}

/// Queues a new record. Its id is made by the client (UUIDv7) and must be new.
pub fn create(tx: &Transaction<'_>, record: &Record) -> CoreResult<()> {
    let mut record = record.clone();
    tidy_record(&mut record);
    let record = &record;
    let kind = record.kind();
    if matches!(
        kind,
        RecordKind::Profile | RecordKind::Signup | RecordKind::Organization
    ) {
        return Err(invalid(ErrorReason::KindNotCreatable));
    }
    if local_view::fields(tx, kind, record.id())?.is_some()
        || records::get(tx, kind, record.id())?.is_some()
    {
        return Err(invalid(ErrorReason::IdExists));
    }
    check(record, None)?;
    let org = record
        .organization_id()
        .ok_or_else(|| invalid(ErrorReason::OrganizationMissing))?;
    let managed = organizations::list(tx)?;
    if !managed.iter().any(|o| o.id == org) {
        return Err(invalid(ErrorReason::OrganizationNotManaged));
    }
    outbox::insert(
        tx,
        Scope::Organization(org),
        kind,
        record.id(),
        &MutationOp::Create {
            record: record.clone(),
        },
    )?;
    Ok(())
}

/// Changes some fields of a record. `changes` maps field names to new values;
/// only [`editable_fields`] may change. Unchanged values are ignored.
pub fn update_fields(
    tx: &Transaction<'_>,
    kind: RecordKind,
    id: Uuid,
    changes: &Map<String, Value>,
) -> CoreResult<()> {
    let allowed = editable_fields(kind);
    if let Some(field) = changes.keys().find(|f| !allowed.contains(&f.as_str())) {
        return Err(invalid(ErrorReason::FieldNotEditable {
            field: field.clone(),
        }));
    }
    let mut changes = changes.clone();
    tidy_fields(kind, &mut changes);
    let current = local_view::fields(tx, kind, id)?.ok_or(CoreError::NotFound)?;
    let mut next = current.clone();
    for (field, value) in &changes {
        next.insert(field.clone(), value.clone());
    }
    // The result must still be a well-formed record (types, required fields).
    let record =
        from_fields(kind, next.clone()).map_err(|_| invalid(ErrorReason::InvalidValues))?;
    let changed: Vec<(&String, &Value)> = changes
        .iter()
        .filter(|(f, v)| current.get(*f) != Some(*v))
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let names: Vec<&String> = changed.iter().map(|(f, _)| *f).collect();
    check(&record, Some(&names))?;
    if names.iter().any(|f| *f == "answers") {
        check_corrected_answers(tx, &current, &record)?;
    }
    let entries = outbox::for_record(tx, kind, id)?;
    match foldable(&entries) {
        Some(
            entry @ OutboxEntry {
                op: MutationOp::Create { .. },
                ..
            },
        ) => {
            let record = from_fields(kind, next).map_err(|_| invalid(ErrorReason::InvalidValue))?;
            outbox::replace_op(tx, entry, &MutationOp::Create { record })?;
        }
        Some(
            entry @ OutboxEntry {
                op: MutationOp::Update {
                    changes: queued, ..
                },
                ..
            },
        ) => {
            let mut merged = queued.clone();
            for (field, value) in &changed {
                match merged.iter_mut().find(|c| &c.field == *field) {
                    Some(c) => c.to = (*value).clone(),
                    None => merged.push(FieldChange {
                        field: (*field).clone(),
                        from: current.get(*field).cloned().unwrap_or(Value::Null),
                        to: (*value).clone(),
                    }),
                }
            }
            merged.retain(|c| c.from != c.to);
            if merged.is_empty() {
                outbox::delete(tx, entry.seq)?;
            } else {
                outbox::replace_op(
                    tx,
                    entry,
                    &MutationOp::Update {
                        kind,
                        id,
                        changes: merged,
                    },
                )?;
            }
        }
        _ => {
            let changes = changed
                .iter()
                .map(|(field, value)| FieldChange {
                    field: (*field).clone(),
                    from: current.get(*field).cloned().unwrap_or(Value::Null),
                    to: (*value).clone(),
                })
                .collect();
            let scope = scope_of(kind, &current, id);
            outbox::insert(
                tx,
                scope,
                kind,
                id,
                &MutationOp::Update { kind, id, changes },
            )?;
        }
    }
    Ok(())
}

/// Deletes a record. Queued edits that never left this machine are dropped
/// with it; a record created here and never sent leaves no trace.
pub fn delete(tx: &Transaction<'_>, kind: RecordKind, id: Uuid) -> CoreResult<()> {
    if matches!(kind, RecordKind::Profile | RecordKind::Organization) {
        return Err(invalid(ErrorReason::KindNotDeletable));
    }
    let current = local_view::fields(tx, kind, id)?.ok_or(CoreError::NotFound)?;
    let scope = scope_of(kind, &current, id);
    let entries = outbox::for_record(tx, kind, id)?;
    let may_have_arrived = entries.iter().any(|e| e.attempted && e.rejected.is_none());
    let unsent: Vec<&OutboxEntry> = entries
        .iter()
        .filter(|e| !e.attempted || e.rejected.is_some())
        .collect();
    let created_here = unsent
        .iter()
        .any(|e| matches!(e.op, MutationOp::Create { .. }));
    for entry in &unsent {
        outbox::delete(tx, entry.seq)?;
    }
    if created_here && !may_have_arrived {
        return Ok(());
    }
    let base_version = if may_have_arrived {
        DEFERRED_BASE_VERSION
    } else {
        records::get(tx, kind, id)?
            .ok_or(CoreError::NotFound)?
            .version
    };
    outbox::insert(
        tx,
        scope,
        kind,
        id,
        &MutationOp::Delete {
            kind,
            id,
            base_version,
        },
    )?;
    Ok(())
}

/// Records that the manager checked the record and found it correct.
pub fn mark_checked(
    tx: &Transaction<'_>,
    kind: RecordKind,
    id: Uuid,
    checked_on: NaiveDate,
) -> CoreResult<()> {
    if !is_checkable(kind) {
        return Err(invalid(ErrorReason::NoCheckDate));
    }
    let current = local_view::fields(tx, kind, id)?.ok_or(CoreError::NotFound)?;
    let entries = outbox::for_record(tx, kind, id)?;
    let op = MutationOp::MarkChecked {
        kind,
        id,
        checked_on,
    };
    match foldable(&entries) {
        Some(
            entry @ OutboxEntry {
                op: MutationOp::Create { record },
                ..
            },
        ) => {
            let fields = local_view::apply(Some(to_fields(record)), &op).unwrap_or_default();
            let record =
                from_fields(kind, fields).map_err(|_| invalid(ErrorReason::InvalidDate))?;
            outbox::replace_op(tx, entry, &MutationOp::Create { record })?;
        }
        Some(
            entry @ OutboxEntry {
                op:
                    MutationOp::MarkChecked {
                        checked_on: queued, ..
                    },
                ..
            },
        ) => {
            let later = (*queued).max(checked_on);
            outbox::replace_op(
                tx,
                entry,
                &MutationOp::MarkChecked {
                    kind,
                    id,
                    checked_on: later,
                },
            )?;
        }
        _ => {
            let scope = scope_of(kind, &current, id);
            outbox::insert(tx, scope, kind, id, &op)?;
        }
    }
    Ok(())
}

/// Throws away a queued edit that the service refused, or one that never
/// left this machine. Later edits of a record whose creation is discarded
/// go with it.
pub fn discard(tx: &Transaction<'_>, mutation_id: Uuid) -> CoreResult<()> {
    let entry = outbox::get_by_mutation_id(tx, mutation_id)?.ok_or(CoreError::NotFound)?;
    if entry.attempted && entry.rejected.is_none() {
        return Err(invalid(ErrorReason::EditMayBeSent));
    }
    outbox::delete(tx, entry.seq)?;
    let rest = outbox::for_record(tx, entry.kind, entry.record_id)?;
    if matches!(entry.op, MutationOp::Create { .. }) {
        for later in rest.iter().filter(|e| e.seq > entry.seq) {
            outbox::delete(tx, later.seq)?;
        }
    } else if let Some(base) = records::get(tx, entry.kind, entry.record_id)? {
        if !rest
            .iter()
            .any(|e| e.seq < entry.seq && e.rejected.is_none())
        {
            outbox::fill_deferred_deletes(tx, entry.kind, entry.record_id, base.version)?;
        }
    }
    Ok(())
}
