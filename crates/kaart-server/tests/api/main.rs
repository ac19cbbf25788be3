//! Integration tests against the real `kaart-server` binary on 127.0.0.1.

// Test and benchmark code: an unwrap that fails is a failed run.
#![allow(clippy::unwrap_used)]

#[path = "../support/mod.rs"]
mod support;

mod account;
mod at_rest;
mod authz;
mod bad_input;
mod conformance;
mod corrections;
mod cors;
mod limits;
mod mail;
mod offering_contacts;
mod openapi;
mod operator;
mod photos;
mod public;
mod refuse;
mod replay;
mod retention;
mod sync;

use kaart_api::fields::FieldChange;
use kaart_api::records::{Record, RecordKind};
use kaart_api::sync::{Change, MutationOp};
use serde_json::Value;
use uuid::Uuid;

/// The upserted records of a feed, with versions.
pub fn upserts(changes: &[Change]) -> Vec<(i64, Record)> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::Upsert { version, record } => Some((*version, record.clone())),
            Change::Tombstone { .. } => None,
        })
        .collect()
}

pub fn first_of(changes: &[Change], kind: RecordKind) -> (i64, Record) {
    upserts(changes)
        .into_iter()
        .find(|(_, r)| r.kind() == kind)
        .unwrap_or_else(|| panic!("no {kind:?} in the feed"))
}

pub fn mid() -> Uuid {
    Uuid::now_v7()
}

/// An update of one field of a record from `from` to `to`.
pub fn update(kind: RecordKind, id: Uuid, field: &str, from: Value, to: Value) -> MutationOp {
    MutationOp::Update {
        kind,
        id,
        changes: vec![FieldChange {
            field: field.into(),
            from,
            to,
        }],
    }
}

/// A delete of a record at the version it was seen at.
pub fn delete(kind: RecordKind, id: Uuid, base_version: i64) -> MutationOp {
    MutationOp::Delete {
        kind,
        id,
        base_version,
    }
}
