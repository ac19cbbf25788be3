//! Contact photos: set one from an image file (the window's open dialog or
//! a file dropped on the contact form; the core decodes, scales and
//! re-encodes it, see `kaart_core::contact_photo`), and hand the window the
//! JPEG of a photo as raw bytes, which it shows as a `blob:` URL (the CSP
//! allows images only from the app itself). Removing a photo is
//! `update_fields` with `photo_url: null`.

use std::path::PathBuf;

use kaart_core::ipc::{AppError, LocalRecord};
use tauri::ipc::Response;
use tauri::State;
use uuid::Uuid;

use crate::state::AppState;

/// Sets the photo of the contact person `id` from the image file at `path`.
#[tauri::command]
pub async fn set_contact_photo(
    state: State<'_, AppState>,
    id: Uuid,
    path: PathBuf,
) -> Result<LocalRecord, AppError> {
    state
        .workspace()
        .await?
        .blocking(move |workspace| workspace.set_contact_photo(id, &path))
        .await
        .map_err(AppError::from)
}

/// The JPEG a contact's `photo_url` names, as raw bytes (an `ArrayBuffer`
/// in the window); `not_found` when it is not on this computer yet.
#[tauri::command]
pub async fn contact_photo(
    state: State<'_, AppState>,
    photo_url: String,
) -> Result<Response, AppError> {
    let jpeg = state
        .workspace()
        .await?
        .blocking(move |workspace| workspace.contact_photo(&photo_url))
        .await
        .map_err(AppError::from)?;
    Ok(Response::new(jpeg))
}
