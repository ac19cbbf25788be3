//! Queries on `photos`: contact photos by name (SHA-256 of the JPEG), with
//! whether the service has them. The rules (what is kept, when it goes up)
//! are in [`crate::contact_photo`].

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::CoreResult;

/// Adds a photo made here (`uploaded` = false) or fetched from the service
/// (true). A photo already there keeps its row, except that `uploaded`
/// only ever goes from 0 to 1.
pub fn insert(conn: &Connection, name: &str, jpeg: &[u8], uploaded: bool) -> CoreResult<()> {
    conn.execute(
        "INSERT INTO photos (name, jpeg, uploaded, added_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (name) DO UPDATE SET uploaded = max(uploaded, excluded.uploaded)",
        params![name, jpeg, uploaded, chrono::Utc::now().to_rfc3339()],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, name: &str) -> CoreResult<Option<Vec<u8>>> {
    Ok(conn
        .query_row("SELECT jpeg FROM photos WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn exists(conn: &Connection, name: &str) -> CoreResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM photos WHERE name = ?1")?
        .exists([name])?)
}

/// The names of the photos to upload before a push: those the service does
/// not have yet, and those a queued edit names. The service forgets a photo
/// no contact names a day after its upload, so a photo uploaded for an
/// edit that then waited (a conflict decided days later) may be gone
/// there; the upload is idempotent, so sending it again costs one request.
pub fn to_upload(conn: &Connection) -> CoreResult<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT p.name FROM photos p
         WHERE p.uploaded = 0 OR EXISTS (SELECT 1 FROM outbox o WHERE instr(o.op, p.name) > 0)
         ORDER BY p.added_at",
    )?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(names)
}

pub fn mark_uploaded(conn: &Connection, name: &str) -> CoreResult<()> {
    conn.execute("UPDATE photos SET uploaded = 1 WHERE name = ?1", [name])?;
    Ok(())
}

/// Every photo name some contact, queued edit or conflict mentions: the
/// record's `photo_url`, and any text of an edit or conflict holding a
/// photo path (a name is 64 hex digits, so a match is that photo).
pub fn named(conn: &Connection) -> CoreResult<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT p.name FROM photos p WHERE
            EXISTS (SELECT 1 FROM records r WHERE r.kind = 'contact'
                    AND json_extract(r.fields, '$.photo_url') LIKE '%' || p.name)
         OR EXISTS (SELECT 1 FROM outbox o WHERE instr(o.op, p.name) > 0)
         OR EXISTS (SELECT 1 FROM conflicts c WHERE instr(c.yours, p.name) > 0
                                             OR instr(c.theirs, p.name) > 0)",
    )?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(names)
}

/// Deletes the photos not in `keep`; returns how many went.
pub fn delete_all_but(conn: &Connection, keep: &[String]) -> CoreResult<usize> {
    let all: Vec<String> = conn
        .prepare("SELECT name FROM photos")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut gone = 0;
    for name in all.iter().filter(|n| !keep.contains(n)) {
        gone += conn.execute("DELETE FROM photos WHERE name = ?1", [name])?;
    }
    Ok(gone)
}

/// The photo names contacts in the base name that are not here.
pub fn missing(conn: &Connection) -> CoreResult<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT json_extract(r.fields, '$.photo_url') FROM records r
         WHERE r.kind = 'contact' AND json_extract(r.fields, '$.photo_url') IS NOT NULL",
    )?;
    let urls = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::new();
    for url in urls {
        if let Some(name) = kaart_api::routes::photo_name(&url) {
            if !exists(conn, name)? && !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
        }
    }
    Ok(out)
}
