//! Applying a batch of mutations: idempotency by mutation id, field-level
//! compare-and-set for updates, delete against a base version, "mark as
//! checked", and validation. Runs inside one transaction per batch; each
//! mutation gets its own [`Outcome`], stored for replays.

use chrono::{Duration, NaiveDate};
use kaart_api::error::FieldError;
use kaart_api::fields::{editable_fields, from_fields, is_checkable, to_fields, FieldChange};
use kaart_api::records::{Record, RecordKind};
use kaart_api::routes;
use kaart_api::sync::{
    ConflictReason, FieldConflict, Mutation, MutationOp, MutationResult, Outcome, Scope,
};
use kaart_api::validate::validate_record;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::store::{self, Stored};
use crate::{contact_refs, corrections, photos};

/// Whose records a mutation may touch: the scope of its route, and the
/// caller (whose own profile is [`Scope::Me`]).
#[derive(Debug, Clone, Copy)]
struct Within {
    scope: Scope,
    manager: Uuid,
}

impl Within {
    fn owns(self, stored: &Stored) -> bool {
        self.owns_id(stored.org_id, stored.record.id())
    }

    /// Whether a record of organisation `org` (`None` for a profile) with
    /// `id` lies in this scope.
    fn owns_id(self, org: Option<Uuid>, id: Uuid) -> bool {
        match self.scope {
            Scope::Organization(o) => org == Some(o),
            Scope::Me => id == self.manager,
        }
    }
}

/// Applies `mutations` for `manager` in order, inside the caller's
/// transaction. A mutation id seen before is answered with its stored result
/// and never applied again; when that stored result cannot be read any more,
/// the answer is a rejection saying so (stored in its place), never a second
/// application.
pub fn apply_batch(
    conn: &Connection,
    manager: Uuid,
    scope: Scope,
    mutations: &[Mutation],
    today: NaiveDate,
) -> rusqlite::Result<Vec<MutationResult>> {
    let within = Within { scope, manager };
    let manager_s = manager.to_string();
    let mut results = Vec::with_capacity(mutations.len());
    for m in mutations {
        let mutation_s = m.mutation_id.to_string();
        let stored: Option<String> = conn
            .prepare_cached(
                "SELECT result FROM mutation_log WHERE manager_id = ?1 AND mutation_id = ?2",
            )?
            .query_row(params![manager_s, mutation_s], |r| r.get(0))
            .optional()?;
        if let Some(json) = stored {
            let result = match serde_json::from_str::<MutationResult>(&json) {
                Ok(result) => result,
                Err(_) => {
                    tracing::error!(
                        "a stored mutation result is unreadable; answering result_lost"
                    );
                    let result = result_lost(m.mutation_id);
                    conn.prepare_cached(
                        "UPDATE mutation_log SET result = ?3 WHERE manager_id = ?1 AND mutation_id = ?2",
                    )?
                    .execute(params![manager_s, mutation_s, result_json(&result)])?;
                    result
                }
            };
            results.push(result);
            continue;
        }
        let outcome = apply_one(conn, within, &m.op, today)?;
        let result = MutationResult {
            mutation_id: m.mutation_id,
            outcome,
        };
        conn.prepare_cached(
            "INSERT INTO mutation_log (manager_id, mutation_id, record_id, result) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            manager_s,
            mutation_s,
            target_id(&m.op).to_string(),
            result_json(&result)
        ])?;
        results.push(result);
    }
    Ok(results)
}

fn result_json(result: &MutationResult) -> String {
    serde_json::to_string(result).expect("results serialise")
}

/// The answer to a replay whose first result is lost: the mutation was
/// handled before (maybe applied), so it is not applied again.
fn result_lost(mutation_id: Uuid) -> MutationResult {
    MutationResult {
        mutation_id,
        outcome: rejected(
            "mutation_id",
            "result_lost",
            "Deze wijziging is al eerder verwerkt, maar de uitkomst is niet meer bekend. \
             Haal de gegevens opnieuw op en controleer of je wijziging erin staat.",
        ),
    }
}

fn target_id(op: &MutationOp) -> Uuid {
    match op {
        MutationOp::Create { record } => record.id(),
        MutationOp::Update { id, .. }
        | MutationOp::Delete { id, .. }
        | MutationOp::MarkChecked { id, .. } => *id,
    }
}

fn rejected(field: &str, code: &str, message: impl Into<String>) -> Outcome {
    Outcome::Rejected {
        errors: vec![FieldError::new(field, code, message)],
    }
}

fn deleted_conflict() -> Outcome {
    Outcome::Conflict {
        reason: ConflictReason::Deleted,
        conflicts: Vec::new(),
        version: None,
        record: None,
    }
}

fn apply_one(
    conn: &Connection,
    within: Within,
    op: &MutationOp,
    today: NaiveDate,
) -> rusqlite::Result<Outcome> {
    let kind = match op {
        MutationOp::Create { record } => record.kind(),
        MutationOp::Update { kind, .. }
        | MutationOp::Delete { kind, .. }
        | MutationOp::MarkChecked { kind, .. } => *kind,
    };
    if !within.scope.allows_kind(kind) {
        let msg = match within.scope {
            Scope::Organization(_) => format!(
                "Een profiel wijzig je via {}.",
                routes::mutations(Scope::Me)
            ),
            Scope::Me => "Hier kun je alleen je eigen profiel wijzigen.".to_string(),
        };
        return Ok(rejected("kind", "wrong_route", msg));
    }
    match op {
        MutationOp::Create { record } => create(conn, within, record, today),
        MutationOp::Update { kind, id, changes } => update(conn, within, *kind, *id, changes),
        MutationOp::Delete {
            kind,
            id,
            base_version,
        } => delete(conn, within, *kind, *id, *base_version),
        MutationOp::MarkChecked {
            kind,
            id,
            checked_on,
        } => mark_checked(conn, within, *kind, *id, *checked_on, today),
    }
}

/// Looks the record up within the scope. `Err(outcome)` when it is not
/// there: deleted (conflict) or unknown (rejected, also for other
/// organisations' records, so that nothing leaks).
fn find(
    conn: &Connection,
    within: Within,
    kind: RecordKind,
    id: Uuid,
) -> rusqlite::Result<Result<Stored, Outcome>> {
    if let Some(stored) = store::get(conn, kind, id)? {
        if within.owns(&stored) {
            return Ok(Ok(stored));
        }
    } else if let Some((org, _)) = store::tombstone_version(conn, kind, id)? {
        if within.owns_id(org, id) {
            return Ok(Err(deleted_conflict()));
        }
    }
    Ok(Err(rejected(
        "id",
        "not_found",
        "Dit record bestaat niet (meer) bij deze organisatie.",
    )))
}

fn create(
    conn: &Connection,
    within: Within,
    record: &Record,
    today: NaiveDate,
) -> rusqlite::Result<Outcome> {
    let kind = record.kind();
    if kind == RecordKind::Signup {
        return Ok(rejected(
            "kind",
            "not_allowed",
            "Aanmeldingen komen binnen via het openbare formulier.",
        ));
    }
    if !within.owns_id(record.organization_id(), record.id()) {
        return Ok(rejected(
            "organization_id",
            "forbidden",
            "Dit record hoort niet bij deze organisatie.",
        ));
    }
    if let Some(existing) = store::get(conn, kind, record.id())? {
        if &existing.record == record && within.owns(&existing) {
            return Ok(Outcome::Applied {
                version: existing.version,
                record: Some(existing.record),
            });
        }
        return Ok(rejected(
            "id",
            "id_exists",
            "Er bestaat al een ander record met dit id.",
        ));
    }
    if store::tombstone_version(conn, kind, record.id())?.is_some() {
        return Ok(rejected(
            "id",
            "deleted",
            "Een record met dit id is verwijderd; maak een nieuw record.",
        ));
    }
    if kind == RecordKind::Organization || kind == RecordKind::Profile {
        return Ok(rejected(
            "id",
            "not_found",
            "Dit record bestaat niet bij de centrale dienst.",
        ));
    }
    if let Some(date) = record.assured_date() {
        if date > today + Duration::days(1) {
            return Ok(rejected(
                "assured_date",
                "in_future",
                "De controledatum ligt in de toekomst.",
            ));
        }
    }
    let errors = validate_record(record);
    if !errors.is_empty() {
        return Ok(Outcome::Rejected { errors });
    }
    if let Some(error) = contact_refs::refusal(conn, record, &[])? {
        return Ok(Outcome::Rejected {
            errors: vec![error],
        });
    }
    if let Some(error) = photos::refusal(conn, record, None)? {
        return Ok(Outcome::Rejected {
            errors: vec![error],
        });
    }
    store::insert(conn, record, 1)?;
    Ok(Outcome::Applied {
        version: 1,
        record: Some(record.clone()),
    })
}

/// `value` in the canonical form the server stores for `field` (so that
/// equal dates in different notations compare equal); `None` when it is not
/// a valid value for the field.
fn canonical(
    kind: RecordKind,
    base: &Map<String, Value>,
    field: &str,
    value: &Value,
) -> Option<Value> {
    let mut map = base.clone();
    map.insert(field.to_string(), value.clone());
    let record = from_fields(kind, map).ok()?;
    Some(to_fields(&record).remove(field).unwrap_or(Value::Null))
}

/// Why a value does not fit its field: Dutch, without serde's English detail
/// (which would quote the value).
const INVALID_VALUE: &str =
    "Deze waarde past niet bij dit veld: verkeerd soort waarde, of een ongeldige datum of tijd.";

fn update(
    conn: &Connection,
    within: Within,
    kind: RecordKind,
    id: Uuid,
    changes: &[FieldChange],
) -> rusqlite::Result<Outcome> {
    let stored = match find(conn, within, kind, id)? {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    let editable = editable_fields(kind);
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for c in changes {
        if !editable.contains(&c.field.as_str()) {
            errors.push(FieldError::new(
                &c.field,
                "not_editable",
                "Dit veld kan niet worden gewijzigd.",
            ));
        } else if !seen.insert(c.field.as_str()) {
            errors.push(FieldError::new(
                &c.field,
                "duplicate",
                "Dit veld staat twee keer in de wijziging.",
            ));
        }
    }
    if !errors.is_empty() {
        return Ok(Outcome::Rejected { errors });
    }
    let base = to_fields(&stored.record);
    let mut next = base.clone();
    let mut conflicts = Vec::new();
    let mut changed = false;
    for c in changes {
        let Some(to) = canonical(kind, &base, &c.field, &c.to) else {
            errors.push(FieldError::new(&c.field, "invalid_value", INVALID_VALUE));
            continue;
        };
        let from = canonical(kind, &base, &c.field, &c.from).unwrap_or_else(|| c.from.clone());
        let current = base.get(&c.field).cloned().unwrap_or(Value::Null);
        if current == to {
            continue; // already so: nothing to do, no conflict
        }
        if current == from {
            next.insert(c.field.clone(), to);
            changed = true;
        } else {
            conflicts.push(FieldConflict {
                field: c.field.clone(),
                yours: to,
                theirs: current,
            });
        }
    }
    if !errors.is_empty() {
        return Ok(Outcome::Rejected { errors });
    }
    let (version, record) = if changed {
        let record = match from_fields(kind, next) {
            Ok(r) => r,
            Err(_) => return Ok(rejected("record", "invalid_value", INVALID_VALUE)),
        };
        let errors = validate_record(&record);
        if !errors.is_empty() {
            return Ok(Outcome::Rejected { errors });
        }
        if let Some(error) =
            contact_refs::refusal(conn, &record, contact_refs::named_by(&stored.record))?
        {
            return Ok(Outcome::Rejected {
                errors: vec![error],
            });
        }
        if let Some(error) = photos::refusal(conn, &record, photos::named_by(&stored.record))? {
            return Ok(Outcome::Rejected {
                errors: vec![error],
            });
        }
        let errors = corrections::refusal(conn, &record, &stored.record)?;
        if !errors.is_empty() {
            return Ok(Outcome::Rejected { errors });
        }
        let version = stored.version + 1;
        store::update(conn, &record, version)?;
        (version, record)
    } else {
        (stored.version, stored.record)
    };
    Ok(if conflicts.is_empty() {
        Outcome::Applied {
            version,
            record: Some(record),
        }
    } else {
        Outcome::Conflict {
            reason: ConflictReason::FieldsChanged,
            conflicts,
            version: Some(version),
            record: Some(record),
        }
    })
}

fn delete(
    conn: &Connection,
    within: Within,
    kind: RecordKind,
    id: Uuid,
    base_version: i64,
) -> rusqlite::Result<Outcome> {
    if matches!(kind, RecordKind::Organization | RecordKind::Profile) {
        return Ok(rejected(
            "kind",
            "not_allowed",
            "Dit soort record kan niet worden verwijderd.",
        ));
    }
    let stored = match store::get(conn, kind, id)? {
        Some(s) if within.owns(&s) => s,
        _ => {
            if let (Scope::Organization(org), Some((Some(t_org), version))) =
                (within.scope, store::tombstone_version(conn, kind, id)?)
            {
                if t_org == org {
                    // Already deleted: the wish is fulfilled.
                    return Ok(Outcome::Applied {
                        version,
                        record: None,
                    });
                }
            }
            return Ok(rejected(
                "id",
                "not_found",
                "Dit record bestaat niet (meer) bij deze organisatie.",
            ));
        }
    };
    if base_version > stored.version {
        return Ok(rejected(
            "base_version",
            "unknown_version",
            "Deze versie van het record bestaat niet (nog) bij de centrale dienst; haal de gegevens opnieuw op.",
        ));
    }
    if base_version < stored.version {
        return Ok(Outcome::Conflict {
            reason: ConflictReason::ChangedSinceBase,
            conflicts: Vec::new(),
            version: Some(stored.version),
            record: Some(stored.record),
        });
    }
    let version = stored.version + 1;
    if kind == RecordKind::Activity {
        for signup in store::signups_of(conn, id)? {
            if let Some(s) = store::get(conn, RecordKind::Signup, signup)? {
                store::delete(conn, RecordKind::Signup, signup, s.org_id, s.version + 1)?;
            }
        }
    }
    if let (RecordKind::Contact, Some(org)) = (kind, stored.org_id) {
        contact_refs::forget_contact(conn, org, id)?;
    }
    store::delete(conn, kind, id, stored.org_id, version)?;
    Ok(Outcome::Applied {
        version,
        record: None,
    })
}

fn mark_checked(
    conn: &Connection,
    within: Within,
    kind: RecordKind,
    id: Uuid,
    checked_on: NaiveDate,
    today: NaiveDate,
) -> rusqlite::Result<Outcome> {
    if !is_checkable(kind) {
        return Ok(rejected(
            "kind",
            "not_checkable",
            "Aanmeldingen worden niet gecontroleerd.",
        ));
    }
    let stored = match find(conn, within, kind, id)? {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    if checked_on > today + Duration::days(1) {
        return Ok(rejected(
            "checked_on",
            "in_future",
            "De controledatum ligt in de toekomst.",
        ));
    }
    if stored
        .record
        .assured_date()
        .is_some_and(|d| d >= checked_on)
    {
        return Ok(Outcome::Applied {
            version: stored.version,
            record: Some(stored.record),
        });
    }
    let mut fields = to_fields(&stored.record);
    fields.insert(
        "assured_date".into(),
        Value::String(checked_on.format("%Y-%m-%d").to_string()),
    );
    let record = match from_fields(kind, fields) {
        Ok(r) => r,
        Err(_) => {
            return Ok(rejected(
                "kind",
                "not_checkable",
                "Dit record heeft geen controledatum.",
            ))
        }
    };
    let version = stored.version + 1;
    store::update(conn, &record, version)?;
    Ok(Outcome::Applied {
        version,
        record: Some(record),
    })
}
