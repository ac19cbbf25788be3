//! Contact photos: the app uploads one (`PUT /api/v1/photos/{name}`, any
//! signed-in manager; the name is the SHA-256 of the body), the websites
//! fetch it (`GET /public/v1/photos/{name}`, no sign-in). The upload is
//! decoded and re-encoded here (`kaart_photo::process`): neither the
//! `Content-Type` nor a file name is looked at. See `crate::photos`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use kaart_api::error::{ApiError, FieldError};
use kaart_api::routes::{self, PHOTO_ROUTE};
use kaart_api::{API_PREFIX, PUBLIC_PREFIX};
use serde::Deserialize;

use super::extract::{body_failure, ApiPath, Caller};
use super::AppState;
use crate::failure::{ApiResult, Failure};
use crate::photos;

#[derive(Debug, Deserialize)]
pub struct PhotoPath {
    name: String,
}

fn unknown_photo() -> Failure {
    Failure::not_found("Deze foto bestaat niet.")
}

fn too_many_unnamed() -> Failure {
    Failure::validation(vec![FieldError::new(
        "photo",
        "too_many_unnamed",
        format!(
            "Je hebt al {} foto's geüpload die nog bij geen contactpersoon staan. \
             Sla eerst de contactpersonen met hun foto op, of probeer het morgen opnieuw.",
            photos::UNNAMED_PER_MANAGER
        ),
    )])
}

/// The machine code of a refusal, as a field error on `photo`.
pub fn refusal_code(refusal: kaart_photo::Refusal) -> &'static str {
    use kaart_photo::Refusal as R;
    match refusal {
        R::TooLarge => "too_large",
        R::NotAnImage => "not_an_image",
        R::Svg => "svg",
        R::UnsupportedFormat => "unsupported_format",
        R::TooManyPixels => "too_many_pixels",
        R::Damaged => "damaged",
    }
}

/// Stores a contact photo under its name. The body is the image file; it
/// must be a JPEG, PNG or WebP (by its content) within the limits.
#[utoipa::path(
    put,
    context_path = API_PREFIX,
    path = PHOTO_ROUTE,
    tag = "photos",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "SHA-256 of the body, 64 lower-case hex digits")),
    request_body(content = Vec<u8>, description = "The image file (JPEG, PNG or WebP; recognised by its content)", content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Stored"),
        (status = 200, description = "The service had this photo already"),
        (status = 400, description = "The name is no SHA-256, or not that of the body", body = ApiError),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 413, description = "Body too large", body = ApiError),
        (status = 422, description = "Not an accepted image: field `photo`, code `not_an_image`, `svg`, `unsupported_format`, `too_many_pixels`, `too_large` or `damaged`; `too_many_unnamed` when the manager has 50 uploaded photos no contact names yet", body = ApiError),
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(PhotoPath { name }): ApiPath<PhotoPath>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<StatusCode> {
    if !routes::is_photo_name(&name) {
        return Err(Failure::bad_request(
            "De naam van een foto is de SHA-256 van het bestand: 64 kleine hexadecimale tekens.",
        ));
    }
    let body = body.map_err(|e| body_failure(&e))?;
    if kaart_photo::sha256_hex(&body) != name {
        return Err(Failure::bad_request(
            "De naam van de foto past niet bij de inhoud (SHA-256).",
        ));
    }
    let photo = tokio::task::spawn_blocking(move || kaart_photo::process(&body))
        .await
        .map_err(|_| Failure::internal())?
        .map_err(|refusal| {
            Failure::validation(vec![FieldError::new(
                "photo",
                refusal_code(refusal),
                refusal.dutch(),
            )])
        })?;
    let manager = caller.manager;
    let added = state
        .db
        .run(move |c| {
            if !photos::exists(c, &name)?
                && photos::unnamed_uploads(c, manager)? >= photos::UNNAMED_PER_MANAGER
            {
                return Ok(None);
            }
            Ok(Some(photos::insert(c, &name, &photo.jpeg, manager)?))
        })
        .await?
        .ok_or_else(too_many_unnamed)?;
    Ok(if added {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    })
}

/// A contact photo, for the websites: a JPEG without metadata, never
/// changing under its name.
#[utoipa::path(
    get,
    context_path = PUBLIC_PREFIX,
    path = PHOTO_ROUTE,
    tag = "public",
    params(("name" = String, Path, description = "SHA-256 name of the photo")),
    responses(
        (status = 200, description = "The photo", content_type = "image/jpeg", body = Vec<u8>),
        (status = 404, description = "No such photo", body = ApiError),
    )
)]
pub async fn serve(
    State(state): State<AppState>,
    ApiPath(PhotoPath { name }): ApiPath<PhotoPath>,
) -> ApiResult<Response> {
    if !routes::is_photo_name(&name) {
        return Err(unknown_photo());
    }
    let jpeg = state
        .db
        .run(move |c| Ok(photos::get(c, &name)?))
        .await?
        .ok_or_else(unknown_photo)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "public, max-age=86400, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        jpeg,
    )
        .into_response())
}
