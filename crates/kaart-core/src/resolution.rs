//! Deciding a conflict. The conflict row goes away in the same transaction
//! as the edit that carries the decision, so a decision is never lost and a
//! conflict never silently disappears:
//! - keep mine: a new edit with my value, made over the service's current
//!   value (so its `from` is theirs); for "deleted here, changed there" a
//!   new delete at the current version; for "changed here, deleted there"
//!   the record is created again, under a new id;
//! - take theirs: nothing to send, the base already holds their state;
//! - edit: a new edit with a new value.

use kaart_api::fields::from_fields;
use kaart_api::records::{Record, RecordKind};
use rusqlite::Transaction;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::edits;
use crate::error::{CoreError, CoreResult};
use crate::error_reason::ErrorReason;
use crate::ipc::Resolution;
use crate::store::conflicts::{self, ConflictRow, WHOLE_RECORD};

pub fn resolve(tx: &Transaction<'_>, conflict_id: i64, resolution: &Resolution) -> CoreResult<()> {
    let conflict = conflicts::get(tx, conflict_id)?.ok_or(CoreError::NotFound)?;
    conflicts::delete(tx, conflict.id)?;
    match resolution {
        Resolution::TakeTheirs => Ok(()),
        Resolution::KeepMine if conflict.field == WHOLE_RECORD => keep_mine_whole(tx, &conflict),
        Resolution::KeepMine => set_field(tx, &conflict, conflict.yours.clone()),
        Resolution::Edit { value } if conflict.field != WHOLE_RECORD => {
            set_field(tx, &conflict, value.clone())
        }
        Resolution::Edit { .. } => Err(CoreError::InvalidInput(ErrorReason::DeletedNeedsChoice)),
    }
}

fn set_field(tx: &Transaction<'_>, conflict: &ConflictRow, value: Value) -> CoreResult<()> {
    let mut changes = Map::new();
    changes.insert(conflict.field.clone(), value);
    edits::update_fields(tx, conflict.kind, conflict.record_id, &changes)
}

fn keep_mine_whole(tx: &Transaction<'_>, conflict: &ConflictRow) -> CoreResult<()> {
    match &conflict.yours {
        // Deleted here, changed there: delete what is there now.
        Value::Null => match edits::delete(tx, conflict.kind, conflict.record_id) {
            Err(CoreError::NotFound) => Ok(()),
            other => other,
        },
        // Changed here, deleted there: bring my version back as a new record.
        Value::Object(fields) => {
            let mut fields = fields.clone();
            fields.insert("id".into(), Value::String(Uuid::now_v7().to_string()));
            let record = from_fields(conflict.kind, fields)
                .map_err(|_| CoreError::Corrupt("conflict record".into()))?;
            if matches!(record, Record::Signup(_)) || conflict.kind == RecordKind::Profile {
                return Err(CoreError::InvalidInput(ErrorReason::CannotRecreate));
            }
            edits::create(tx, &record)
        }
        _ => Err(CoreError::Corrupt("conflict value".into())),
    }
}
