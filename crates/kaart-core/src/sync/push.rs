//! Pushing the outbox: per scope, batches of the oldest sendable entries.
//! Entries are marked `attempted` (committed) before the batch leaves, and
//! each answer is stored in one transaction: an applied mutation updates the
//! base and leaves the outbox together; a conflict updates the base to the
//! service's state and records the conflicting fields; a rejection stays in
//! the outbox with its field errors.

use kaart_api::fields::to_fields;
use kaart_api::sync::{MutationBatch, MutationOp, MutationResult, Outcome, Scope};
use rusqlite::Transaction;
use serde_json::Value;

use super::{Phase, Progress, SyncEngine, SyncReport};
use crate::error::{CoreError, CoreResult};
use crate::local_view;
use crate::pause_points;
use crate::store::conflicts::{self, NewConflict, WHOLE_RECORD};
use crate::store::outbox::{self, OutboxEntry};
use crate::store::{organizations, records};
use crate::transport::{Transport, TransportError};
use kaart_api::error::FieldError;

/// Mutations per request (the service accepts up to `MAX_BATCH_SIZE`).
pub const BATCH_SIZE: usize = 200;

impl<T: Transport> SyncEngine<'_, T> {
    pub async fn push(&self, report: &mut SyncReport) -> CoreResult<()> {
        let (scopes, total) = {
            let store = self.store.write();
            let managed = organizations::list(&store)?;
            // Edits of an organisation no longer managed cannot go out (the
            // service would answer 403); they stay, visible, until discarded.
            let scopes: Vec<Scope> = outbox::scopes(&store)?
                .into_iter()
                .filter(|s| match s {
                    Scope::Me => true,
                    Scope::Organization(id) => managed.iter().any(|o| o.id == *id),
                })
                .collect();
            (scopes, outbox::count_pending(&store)? as u64)
        };
        let mut done = 0u64;
        let mut removed_any = false;
        for scope in scopes {
            let mut batch_size = self.batch_size.max(1);
            loop {
                let batch = self.store.transaction(|tx| {
                    let entries = outbox::pushable(tx, scope, batch_size)?;
                    let seqs: Vec<i64> = entries.iter().map(|e| e.seq).collect();
                    outbox::mark_attempted(tx, &seqs)?;
                    Ok(entries)
                })?;
                if batch.is_empty() {
                    break;
                }
                (self.on_progress)(Progress {
                    phase: Phase::Push,
                    done,
                    total: Some(total),
                });
                pause_points::reached("push-before-send");
                let body = MutationBatch {
                    mutations: batch.iter().map(OutboxEntry::mutation).collect(),
                };
                let answer = match self
                    .call(|| self.transport.push(self.token, scope, &body))
                    .await
                {
                    Ok(answer) => answer,
                    // The service refused the batch as a whole (too large,
                    // malformed): halve it until the culprit stands alone,
                    // then set that one aside as rejected.
                    Err(CoreError::Transport(TransportError::Api { error, .. })) => {
                        if batch.len() > 1 {
                            batch_size = batch.len() / 2;
                        } else {
                            let reason = FieldError::new("", "refused", error.message);
                            outbox::set_rejected(&self.store.write(), batch[0].seq, &[reason])?;
                            report.rejected += 1;
                        }
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                pause_points::reached("push-answered");
                let sent = batch.len();
                let (answered, counted, removed) = self
                    .store_step(move |tx| {
                        let mut counted = SyncReport::default();
                        let mut answered = 0usize;
                        let mut removed = false;
                        for result in &answer.results {
                            // Answers are matched by id; an entry without one
                            // stays queued and is replayed (same id) next time.
                            if let Some(entry) =
                                batch.iter().find(|e| e.mutation_id == result.mutation_id)
                            {
                                removed |= store_answer(tx, entry, result, &mut counted)?;
                                answered += 1;
                            }
                        }
                        Ok((answered, counted, removed))
                    })
                    .await?;
                removed_any |= removed;
                report.applied += counted.applied;
                report.conflicts += counted.conflicts;
                report.rejected += counted.rejected;
                done += answered as u64;
                if answered < sent {
                    // Part of the batch went unanswered; try again next cycle
                    // rather than loop on it now.
                    break;
                }
            }
        }
        if removed_any {
            // Deleted here and now at the service (e.g. a person erased on
            // request): their bytes leave the files as a tombstone's do.
            let store = std::sync::Arc::clone(self.store);
            if !crate::threads::off_thread(move || store.erase_removed_rows()).await? {
                tracing::warn!("write-ahead log still in use; erased at the next removal");
            }
        }
        Ok(())
    }
}

/// Stores one answer; returns whether a record was removed from the base
/// (an applied deletion).
fn store_answer(
    tx: &Transaction<'_>,
    entry: &OutboxEntry,
    result: &MutationResult,
    report: &mut SyncReport,
) -> CoreResult<bool> {
    let (kind, id) = (entry.kind, entry.record_id);
    let mut removed = false;
    match &result.outcome {
        Outcome::Applied { version, record } => {
            match record {
                Some(record) => records::upsert(tx, record, *version)?,
                None => {
                    removed = records::delete(tx, kind, id)?;
                }
            }
            outbox::delete(tx, entry.seq)?;
            outbox::fill_deferred_deletes(tx, kind, id, *version)?;
            report.applied += 1;
        }
        Outcome::Conflict {
            reason,
            conflicts: fields,
            version,
            record,
        } => {
            let before = records::get(tx, kind, id)?;
            let intended = local_view::apply(before.map(|b| b.fields), &entry.op);
            match (record, version) {
                (Some(record), Some(version)) => records::upsert(tx, record, *version)?,
                (None, _) => {
                    records::delete(tx, kind, id)?;
                }
                (Some(_), None) => {}
            }
            outbox::delete(tx, entry.seq)?;
            if let Some(version) = version {
                outbox::fill_deferred_deletes(tx, kind, id, *version)?;
            }
            let record_conflict = |field: &str, yours: &Value, theirs: &Value| {
                conflicts::upsert(
                    tx,
                    &NewConflict {
                        scope: entry.scope,
                        kind,
                        record_id: id,
                        field,
                        reason: *reason,
                        yours,
                        theirs,
                    },
                )
            };
            if fields.is_empty() {
                let yours = match &entry.op {
                    MutationOp::Delete { .. } => Value::Null,
                    _ => intended.map(Value::Object).unwrap_or(Value::Null),
                };
                let theirs = record
                    .as_ref()
                    .map(|r| Value::Object(to_fields(r)))
                    .unwrap_or(Value::Null);
                record_conflict(WHOLE_RECORD, &yours, &theirs)?;
            }
            for c in fields {
                record_conflict(&c.field, &c.yours, &c.theirs)?;
            }
            report.conflicts += 1;
        }
        Outcome::Rejected { errors } => {
            outbox::set_rejected(tx, entry.seq, errors)?;
            report.rejected += 1;
        }
    }
    Ok(removed)
}
