//! Managers, their passwords (argon2id), bearer sessions (random 256-bit
//! tokens stored as SHA-256 hashes), organisation grants and the websites
//! that publish an organisation.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use kaart_api::account::{ManagedOrganization, Website};
use kaart_api::records::{Profile, Record, RecordKind};
use rand::RngCore;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::store;

/// How long a session token is valid.
pub const SESSION_DAYS: i64 = 30;

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A random 256-bit token, URL-safe base64.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Creates a manager with a profile record; returns the manager's id (which
/// is also the profile's id).
pub fn create_manager(
    conn: &Connection,
    id: Uuid,
    username: &str,
    name: &str,
    password_hash: &str,
) -> anyhow::Result<Uuid> {
    if username.trim().is_empty() || username.len() > 100 {
        anyhow::bail!("the username must be 1 to 100 characters");
    }
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM managers WHERE username = ?1)",
        [username],
        |r| r.get(0),
    )?;
    if exists {
        anyhow::bail!("a manager named {username:?} exists already");
    }
    conn.execute(
        "INSERT INTO managers (id, username, password_hash) VALUES (?1, ?2, ?3)",
        params![id.to_string(), username, password_hash],
    )?;
    let profile = Record::Profile(Profile {
        id,
        name: name.to_string(),
        salutation: None,
        email: None,
        phone: None,
        username: username.to_string(),
        note: None,
        assured_date: None,
    });
    store::insert(conn, &profile, 1)?;
    Ok(id)
}

/// Lets the manager `username` manage organisation `org` (which must exist).
pub fn grant(conn: &Connection, username: &str, org: Uuid) -> anyhow::Result<()> {
    let manager = manager_by_username(conn, username)?
        .ok_or_else(|| anyhow::anyhow!("no manager named {username:?}"))?
        .0;
    if store::get(conn, RecordKind::Organization, org)?.is_none() {
        anyhow::bail!("no organisation with id {org}");
    }
    conn.execute(
        "INSERT OR IGNORE INTO grants (manager_id, org_id) VALUES (?1, ?2)",
        params![manager.to_string(), org.to_string()],
    )?;
    Ok(())
}

pub fn add_website(conn: &Connection, org: Uuid, name: &str, url: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO websites (org_id, name, url) VALUES (?1, ?2, ?3)",
        params![org.to_string(), name, url],
    )?;
    Ok(())
}

/// The URLs of the websites that publish `org`'s information.
pub fn website_urls(conn: &Connection, org: Uuid) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached("SELECT url FROM websites WHERE org_id = ?1 ORDER BY rowid")?
        .query_map([org.to_string()], |r| r.get(0))?
        .collect()
}

/// The manager's id and password hash; `None` for an unknown or disabled one.
pub fn manager_by_username(
    conn: &Connection,
    username: &str,
) -> rusqlite::Result<Option<(Uuid, String)>> {
    conn.query_row(
        "SELECT id, password_hash FROM managers WHERE username = ?1 AND disabled = 0",
        [username],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )
    .optional()
    .map(|o| o.and_then(|(id, h)| Uuid::parse_str(&id).ok().map(|id| (id, h))))
}

/// Starts a session; returns the token (only ever seen by the caller) and
/// its expiry.
pub fn open_session(conn: &Connection, manager: Uuid) -> rusqlite::Result<(String, DateTime<Utc>)> {
    let token = new_token();
    let expires = Utc::now() + Duration::days(SESSION_DAYS);
    conn.execute(
        "DELETE FROM sessions WHERE expires_at < ?1",
        [Utc::now().timestamp()],
    )?;
    conn.execute(
        "INSERT INTO sessions (token_hash, manager_id, expires_at) VALUES (?1, ?2, ?3)",
        params![token_hash(&token), manager.to_string(), expires.timestamp()],
    )?;
    Ok((token, expires))
}

/// The manager a valid, unexpired token belongs to.
pub fn session_manager(conn: &Connection, token: &str) -> rusqlite::Result<Option<Uuid>> {
    let id: Option<String> = conn
        .prepare_cached(
            "SELECT s.manager_id FROM sessions s JOIN managers m ON m.id = s.manager_id \
             WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND m.disabled = 0",
        )?
        .query_row(params![token_hash(token), Utc::now().timestamp()], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(id.and_then(|s| Uuid::parse_str(&s).ok()))
}

/// The id of the manager `username`, disabled or not.
fn manager_id(conn: &Connection, username: &str) -> anyhow::Result<Uuid> {
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM managers WHERE username = ?1",
            [username],
            |r| r.get(0),
        )
        .optional()?;
    id.and_then(|s| Uuid::parse_str(&s).ok())
        .ok_or_else(|| anyhow::anyhow!("no manager named {username:?}"))
}

/// Ends every session of `username`; returns how many there were.
pub fn revoke_sessions(conn: &Connection, username: &str) -> anyhow::Result<usize> {
    let id = manager_id(conn, username)?;
    Ok(conn.execute(
        "DELETE FROM sessions WHERE manager_id = ?1",
        [id.to_string()],
    )?)
}

/// Takes organisation `org` away from `username`; false when it was not granted.
pub fn revoke_grant(conn: &Connection, username: &str, org: Uuid) -> anyhow::Result<bool> {
    let id = manager_id(conn, username)?;
    Ok(conn.execute(
        "DELETE FROM grants WHERE manager_id = ?1 AND org_id = ?2",
        params![id.to_string(), org.to_string()],
    )? > 0)
}

/// Disables (or enables again) `username`; disabling ends every session.
pub fn set_disabled(conn: &Connection, username: &str, disabled: bool) -> anyhow::Result<()> {
    let id = manager_id(conn, username)?;
    conn.execute(
        "UPDATE managers SET disabled = ?2 WHERE id = ?1",
        params![id.to_string(), disabled],
    )?;
    if disabled {
        conn.execute(
            "DELETE FROM sessions WHERE manager_id = ?1",
            [id.to_string()],
        )?;
    }
    Ok(())
}

/// Replaces the password of `username` and ends every session.
pub fn reset_password(
    conn: &Connection,
    username: &str,
    password_hash: &str,
) -> anyhow::Result<()> {
    let id = manager_id(conn, username)?;
    conn.execute(
        "UPDATE managers SET password_hash = ?2 WHERE id = ?1",
        params![id.to_string(), password_hash],
    )?;
    conn.execute(
        "DELETE FROM sessions WHERE manager_id = ?1",
        [id.to_string()],
    )?;
    Ok(())
}

/// Deletes `username`: sessions, grants, stored mutation results and the
/// profile (leaving a tombstone without personal data), in one transaction,
/// then checkpoints so the profile is in no file.
pub fn delete_manager(conn: &mut Connection, username: &str) -> anyhow::Result<Uuid> {
    let tx = conn.transaction()?;
    let id = manager_id(&tx, username)?;
    let id_s = id.to_string();
    if let Some(profile) = store::get(&tx, RecordKind::Profile, id)? {
        store::delete(&tx, RecordKind::Profile, id, None, profile.version + 1)?;
    }
    tx.execute("DELETE FROM mutation_log WHERE manager_id = ?1", [&id_s])?;
    tx.execute("DELETE FROM sessions WHERE manager_id = ?1", [&id_s])?;
    tx.execute("DELETE FROM grants WHERE manager_id = ?1", [&id_s])?;
    tx.execute("DELETE FROM managers WHERE id = ?1", [&id_s])?;
    tx.commit()?;
    crate::db::checkpoint_truncate(conn)?;
    Ok(id)
}

pub fn revoke_session(conn: &Connection, token: &str) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        [token_hash(token)],
    )?;
    Ok(())
}

pub fn manages(conn: &Connection, manager: Uuid, org: Uuid) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM grants WHERE manager_id = ?1 AND org_id = ?2)",
    )?
    .query_row(params![manager.to_string(), org.to_string()], |r| r.get(0))
}

/// The organisations a manager manages, with name and websites.
pub fn managed_organizations(
    conn: &Connection,
    manager: Uuid,
) -> rusqlite::Result<Vec<ManagedOrganization>> {
    let orgs: Vec<String> = conn
        .prepare_cached("SELECT org_id FROM grants WHERE manager_id = ?1 ORDER BY org_id")?
        .query_map([manager.to_string()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for org in orgs {
        let Ok(id) = Uuid::parse_str(&org) else {
            continue;
        };
        let Some(stored) = store::get(conn, RecordKind::Organization, id)? else {
            continue;
        };
        let Record::Organization(o) = stored.record else {
            continue;
        };
        let websites = conn
            .prepare_cached("SELECT name, url FROM websites WHERE org_id = ?1 ORDER BY rowid")?
            .query_map([&org], |r| {
                Ok(Website {
                    name: r.get(0)?,
                    url: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        out.push(ManagedOrganization {
            id,
            name: o.name,
            websites,
        });
    }
    Ok(out)
}
