//! Queries on `settings`: small, non-secret values (the signed-in username,
//! the service URL last used, the service's policy). Secrets go to the
//! keyring, never here.

use kaart_api::account::Policy;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::CoreResult;

pub fn get(conn: &Connection, name: &str) -> CoreResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM settings WHERE name = ?1",
            params![name],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn set(conn: &Connection, name: &str, value: &str) -> CoreResult<()> {
    conn.execute(
        "INSERT INTO settings (name, value) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        params![name, value],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, name: &str) -> CoreResult<()> {
    conn.execute("DELETE FROM settings WHERE name = ?1", params![name])?;
    Ok(())
}

/// The service's policy as last fetched (at sync); its published defaults
/// before the first fetch.
pub fn policy(conn: &Connection) -> CoreResult<Policy> {
    match get(conn, "policy")? {
        Some(json) => Ok(serde_json::from_str(&json)?),
        None => Ok(Policy::default()),
    }
}

pub fn set_policy(conn: &Connection, policy: &Policy) -> CoreResult<()> {
    set(conn, "policy", &serde_json::to_string(policy)?)
}
