//! Queries on `organizations`: the organisations the signed-in manager
//! manages (from `GET /me`), each with its own changes-feed cursor and the
//! "full resync in progress" flag that makes a resync crash-safe.

use kaart_api::account::{ManagedOrganization, Website};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use crate::error::{CoreError, CoreResult};
use crate::ipc::SignupRemovals;

/// Where an organisation's pull stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedPosition {
    pub cursor: Option<String>,
    /// A full resync started and has not yet seen its last page.
    pub resyncing: bool,
}

/// Makes the table hold exactly `orgs`; returns the ids that were removed.
pub fn replace_all(conn: &Connection, orgs: &[ManagedOrganization]) -> CoreResult<Vec<Uuid>> {
    for org in orgs {
        conn.execute(
            "INSERT INTO organizations (id, name, websites) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, websites = excluded.websites",
            params![
                org.id.to_string(),
                org.name,
                serde_json::to_string(&org.websites)?
            ],
        )?;
    }
    let keep: Vec<Uuid> = orgs.iter().map(|o| o.id).collect();
    let removed: Vec<Uuid> = list(conn)?
        .into_iter()
        .map(|o| o.id)
        .filter(|id| !keep.contains(id))
        .collect();
    for id in &removed {
        conn.execute(
            "DELETE FROM organizations WHERE id = ?1",
            params![id.to_string()],
        )?;
    }
    Ok(removed)
}

pub fn list(conn: &Connection) -> CoreResult<Vec<ManagedOrganization>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, websites FROM organizations ORDER BY name, id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    rows.map(|row| {
        let (id, name, websites) = row?;
        Ok(ManagedOrganization {
            id: Uuid::parse_str(&id).map_err(|_| CoreError::Corrupt("organization id".into()))?,
            name,
            websites: serde_json::from_str::<Vec<Website>>(&websites)?,
        })
    })
    .collect()
}

pub fn position(conn: &Connection, org: Uuid) -> CoreResult<FeedPosition> {
    Ok(conn
        .query_row(
            "SELECT cursor, resyncing FROM organizations WHERE id = ?1",
            params![org.to_string()],
            |r| {
                Ok(FeedPosition {
                    cursor: r.get(0)?,
                    resyncing: r.get::<_, i64>(1)? != 0,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub fn set_position(conn: &Connection, org: Uuid, position: &FeedPosition) -> CoreResult<()> {
    conn.prepare_cached("UPDATE organizations SET cursor = ?2, resyncing = ?3 WHERE id = ?1")?
        .execute(params![
            org.to_string(),
            position.cursor,
            position.resyncing as i64
        ])?;
    Ok(())
}

pub fn set_last_synced(
    conn: &Connection,
    org: Uuid,
    at: chrono::DateTime<chrono::Utc>,
) -> CoreResult<()> {
    conn.execute(
        "UPDATE organizations SET last_synced_at = ?2 WHERE id = ?1",
        params![org.to_string(), at.to_rfc3339()],
    )?;
    Ok(())
}

/// Forgets every organisation's feed position: the next pull of each is a
/// full resync (local records confirmed again, pending edits kept).
pub fn clear_cursors(conn: &Connection) -> CoreResult<()> {
    conn.execute("UPDATE organizations SET cursor = NULL, resyncing = 0", [])?;
    Ok(())
}

/// Adds `n` sign-ups the service removed to the organisation's count; the
/// count starts at the first removal.
pub fn count_removed_signups(
    conn: &Connection,
    org: Uuid,
    n: u32,
    at: chrono::DateTime<chrono::Utc>,
) -> CoreResult<()> {
    conn.prepare_cached(
        "UPDATE organizations SET signups_removed = signups_removed + ?2,
             signups_removed_since = COALESCE(signups_removed_since, ?3)
         WHERE id = ?1",
    )?
    .execute(params![org.to_string(), n, at.to_rfc3339()])?;
    Ok(())
}

/// How many sign-ups of the organisation the service removed, and since
/// when (`None` before the first).
pub fn removed_signups(conn: &Connection, org: Uuid) -> CoreResult<SignupRemovals> {
    Ok(conn
        .query_row(
            "SELECT signups_removed, signups_removed_since FROM organizations WHERE id = ?1",
            params![org.to_string()],
            |r| {
                Ok(SignupRemovals {
                    count: r.get(0)?,
                    since: r.get(1)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}
