//! Contact photos on the service: stored by name (the SHA-256 of the JPEG
//! the app uploaded), each upload decoded and re-encoded here by
//! `kaart_photo::process` with the same limits as the app, so what is
//! served is a real image without metadata whatever a client sent. A
//! contact person's `photo_url` may only name a photo the service has
//! ([`refusal`]).
//!
//! A photo no contact names is forgotten by the purge job
//! ([`forget_unnamed`]) once it is older than [`UNNAMED_GRACE_HOURS`]: the
//! app uploads a photo just before it pushes the edit that names it, so a
//! fresh upload must survive until then, but the photo of an erased or
//! changed contact must not stay public. Until they are named, a manager's
//! uploads count against [`UNNAMED_PER_MANAGER`], so nobody can fill the
//! service with photos nobody uses.

use chrono::{DateTime, Duration, Utc};
use kaart_api::error::FieldError;
use kaart_api::records::Record;
use kaart_api::routes;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

/// Whether the service has the photo `name`.
pub fn exists(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM photos WHERE name = ?1")?
        .exists([name])
}

/// The JPEG of the photo `name`.
pub fn get(conn: &Connection, name: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.prepare_cached("SELECT jpeg FROM photos WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()
}

/// Stores a processed photo; `false` when the name was there already (the
/// first upload stays).
pub fn insert(conn: &Connection, name: &str, jpeg: &[u8], manager: Uuid) -> rusqlite::Result<bool> {
    let added = conn.execute(
        "INSERT INTO photos (name, jpeg, uploaded_by, uploaded_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (name) DO NOTHING",
        params![name, jpeg, manager.to_string(), Utc::now().to_rfc3339()],
    )?;
    Ok(added == 1)
}

/// Why `record` (a contact person) may not be stored with its photo: its
/// `photo_url` names a photo the service does not have. `already` is the
/// stored version's `photo_url`: an unchanged value is not checked again.
pub fn refusal(
    conn: &Connection,
    record: &Record,
    already: Option<&str>,
) -> rusqlite::Result<Option<FieldError>> {
    let Record::Contact(contact) = record else {
        return Ok(None);
    };
    let Some(url) = contact.photo_url.as_deref() else {
        return Ok(None);
    };
    if Some(url) == already {
        return Ok(None);
    }
    // The shared rules have already refused a value that is no photo path.
    let known = match routes::photo_name(url) {
        Some(name) => exists(conn, name)?,
        None => false,
    };
    Ok((!known).then(|| {
        FieldError::new(
            "photo_url",
            "unknown_photo",
            "De centrale dienst heeft deze foto niet; kies de foto opnieuw.",
        )
    }))
}

/// The stored `photo_url` of a record (`None` for other kinds).
pub fn named_by(record: &Record) -> Option<&str> {
    match record {
        Record::Contact(c) => c.photo_url.as_deref(),
        _ => None,
    }
}

/// How long an uploaded photo that no contact names is kept: long enough
/// for the push that follows its upload (even a slow one, retried), short
/// enough that a removed photo leaves the public side within a day.
pub const UNNAMED_GRACE_HOURS: i64 = 24;

/// How many uploaded photos no contact names yet a manager may have.
pub const UNNAMED_PER_MANAGER: i64 = 50;

/// The condition "no contact person names photo `p`", for SQL over
/// `photos p` (uses the partial index `records_contact_photo`).
fn unnamed_condition() -> String {
    let prefix = routes::public_photo("");
    format!(
        "NOT EXISTS (SELECT 1 FROM records r WHERE r.kind = 'contact'
           AND json_extract(r.json, '$.photo_url') = '{prefix}' || p.name)"
    )
}

/// How many photos `manager` uploaded that no contact names.
pub fn unnamed_uploads(conn: &Connection, manager: Uuid) -> rusqlite::Result<i64> {
    conn.query_row(
        &format!(
            "SELECT count(*) FROM photos p WHERE p.uploaded_by = ?1 AND {}",
            unnamed_condition()
        ),
        [manager.to_string()],
        |r| r.get(0),
    )
}

/// Deletes the photos no contact names that were uploaded more than
/// [`UNNAMED_GRACE_HOURS`] before `now`; how many. With `secure_delete`
/// on (see `db`), their bytes are overwritten in the file.
pub fn forget_unnamed(conn: &Connection, now: DateTime<Utc>) -> rusqlite::Result<usize> {
    let before = now - Duration::hours(UNNAMED_GRACE_HOURS);
    conn.execute(
        &format!(
            "DELETE FROM photos AS p WHERE julianday(p.uploaded_at) < julianday(?1) AND {}",
            unnamed_condition()
        ),
        [before.to_rfc3339()],
    )
}
