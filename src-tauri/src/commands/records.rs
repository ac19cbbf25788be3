//! Reading and editing records (all local: they work offline), and the list
//! of records due for their periodic check.

use kaart_api::account::ManagedOrganization;
use kaart_api::records::{Record, RecordKind};
use kaart_core::ipc::{AppError, LocalRecord, ReviewItem};
use serde_json::{Map, Value};
use tauri::State;
use uuid::Uuid;

use crate::state::AppState;

#[tauri::command]
pub fn organizations(state: State<'_, AppState>) -> Result<Vec<ManagedOrganization>, AppError> {
    state.workspace()?.organizations()
}

#[tauri::command]
pub fn records(
    state: State<'_, AppState>,
    organization: Option<Uuid>,
    kind: RecordKind,
) -> Result<Vec<LocalRecord>, AppError> {
    state.workspace()?.records(organization, kind)
}

#[tauri::command]
pub fn record(
    state: State<'_, AppState>,
    kind: RecordKind,
    id: Uuid,
) -> Result<LocalRecord, AppError> {
    state.workspace()?.record(kind, id)
}

#[tauri::command]
pub fn create_record(state: State<'_, AppState>, record: Record) -> Result<LocalRecord, AppError> {
    state.workspace()?.create(record)
}

#[tauri::command]
pub fn update_fields(
    state: State<'_, AppState>,
    kind: RecordKind,
    id: Uuid,
    fields: Map<String, Value>,
) -> Result<LocalRecord, AppError> {
    state.workspace()?.update_fields(kind, id, fields)
}

#[tauri::command]
pub fn delete_record(
    state: State<'_, AppState>,
    kind: RecordKind,
    id: Uuid,
) -> Result<(), AppError> {
    state.workspace()?.delete(kind, id)
}

/// Marks the record as checked today.
#[tauri::command]
pub fn mark_checked(
    state: State<'_, AppState>,
    kind: RecordKind,
    id: Uuid,
) -> Result<LocalRecord, AppError> {
    state.workspace()?.mark_checked_today(kind, id)
}

#[tauri::command]
pub fn due_for_review(
    state: State<'_, AppState>,
    organization: Option<Uuid>,
) -> Result<Vec<ReviewItem>, AppError> {
    state.workspace()?.due_for_review(organization)
}
