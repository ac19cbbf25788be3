//! Changes-feed cursors: opaque strings bound to the organisation they were
//! issued for and to this database's tombstone horizon.
//!
//! A cursor is `base64url(v1 ‖ seq ‖ floor ‖ mac)`: the feed position, the
//! tombstone floor when it was issued, and a truncated HMAC-SHA256 over both
//! and the organisation's id, keyed with a secret kept in the database. A
//! cursor of another organisation, of another server's database or with a
//! changed byte fails the MAC and is answered like an unknown one (410
//! `resync_required`); so is one older than the floor (it may have missed a
//! dropped tombstone) or beyond the current sequence.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand::RngCore;
use rusqlite::{Connection, OptionalExtension};
use sha2::Sha256;
use uuid::Uuid;

const VERSION: u8 = 1;
const MAC_LEN: usize = 16;
const LEN: usize = 1 + 8 + 8 + MAC_LEN;
const SECRET_NAME: &str = "cursor_hmac";

/// The server's cursor key.
#[derive(Clone)]
pub struct CursorKey([u8; 32]);

impl std::fmt::Debug for CursorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorKey(<redacted>)")
    }
}

/// What a valid cursor says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Changes after this sequence number are new to the holder.
    pub seq: i64,
    /// The tombstone floor when the cursor was issued.
    pub floor: i64,
}

impl CursorKey {
    /// The key stored in the database, made (and stored) on first use.
    pub fn load_or_create(conn: &Connection) -> rusqlite::Result<CursorKey> {
        let stored: Option<Vec<u8>> = conn
            .query_row(
                "SELECT value FROM secrets WHERE name = ?1",
                [SECRET_NAME],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(bytes) = stored {
            if let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice()) {
                return Ok(CursorKey(key));
            }
        }
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        conn.execute(
            "INSERT OR REPLACE INTO secrets (name, value) VALUES (?1, ?2)",
            rusqlite::params![SECRET_NAME, key.to_vec()],
        )?;
        Ok(CursorKey(key))
    }

    fn mac(&self, org: Uuid, body: &[u8]) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(b"kaartbeheer feed cursor");
        mac.update(org.as_bytes());
        mac.update(body);
        mac
    }

    /// The cursor for `org` at `pos`.
    pub fn issue(&self, org: Uuid, pos: Position) -> String {
        let mut bytes = Vec::with_capacity(LEN);
        bytes.push(VERSION);
        bytes.extend_from_slice(&pos.seq.to_be_bytes());
        bytes.extend_from_slice(&pos.floor.to_be_bytes());
        let tag = self.mac(org, &bytes).finalize().into_bytes();
        bytes.extend_from_slice(&tag[..MAC_LEN]);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The position of a cursor issued by this server for `org`; `None` for
    /// anything else (malformed, forged, another organisation's).
    pub fn open(&self, org: Uuid, cursor: &str) -> Option<Position> {
        if cursor.len() > 64 {
            return None;
        }
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(cursor)
            .ok()?;
        if bytes.len() != LEN || bytes[0] != VERSION {
            return None;
        }
        let (body, tag) = bytes.split_at(1 + 16);
        self.mac(org, body).verify_truncated_left(tag).ok()?;
        let seq = i64::from_be_bytes(body[1..9].try_into().ok()?);
        let floor = i64::from_be_bytes(body[9..17].try_into().ok()?);
        Some(Position { seq, floor })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> CursorKey {
        CursorKey([7u8; 32])
    }

    #[test]
    fn a_cursor_opens_only_for_its_organisation_and_key() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let pos = Position { seq: 42, floor: 3 };
        let c = key().issue(a, pos);
        assert_eq!(key().open(a, &c), Some(pos));
        assert_eq!(key().open(b, &c), None, "another organisation's");
        assert_eq!(CursorKey([8u8; 32]).open(a, &c), None, "another server's");
    }

    #[test]
    fn a_changed_cursor_does_not_open() {
        let org = Uuid::now_v7();
        let c = key().issue(org, Position { seq: 42, floor: 3 });
        let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&c)
            .unwrap();
        bytes[8] ^= 1; // seq 42 → 43
        let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        assert_eq!(key().open(org, &forged), None);
        for junk in ["", "c1.42", "garbage", &"A".repeat(200)] {
            assert_eq!(key().open(org, junk), None, "{junk}");
        }
    }
}
