//! The local store's schema, as an ordered list of migrations applied on
//! open (rusqlite_migration keeps the version in `PRAGMA user_version`).
//! Append new migrations; never edit one that has shipped.

use rusqlite_migration::{Migrations, M};

const MIGRATIONS: &[M<'static>] = &[M::up(
    r#"
-- Last known server state of every record (the "base"), one row per record.
-- A rowid table with a unique index rather than WITHOUT ROWID: rows are
-- appended and only the small index takes the random-order inserts of a big
-- pull (sign-up ids are not time-ordered), so a page dirties far fewer pages.
CREATE TABLE records (
    seq             INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    id              TEXT NOT NULL,
    organization_id TEXT,
    version         INTEGER NOT NULL,
    fields          TEXT NOT NULL,            -- JSON object, the record without its kind tag
    stale           INTEGER NOT NULL DEFAULT 0, -- set during a full resync until seen again
    UNIQUE (kind, id)
);
CREATE INDEX records_by_organization ON records (organization_id, kind);

-- Local edits not yet accepted by the service, in the order they were made.
CREATE TABLE outbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id TEXT NOT NULL UNIQUE,
    scope       TEXT NOT NULL,                -- organisation id, or 'me' for the profile
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    op          TEXT NOT NULL,                -- JSON kaart_api::sync::MutationOp
    attempted   INTEGER NOT NULL DEFAULT 0,   -- 1 once it may have reached the service
    rejected    TEXT,                         -- JSON [FieldError] when the service refused it
    created_at  TEXT NOT NULL
);
CREATE INDEX outbox_by_record ON outbox (kind, record_id);

-- Fields changed on both sides, waiting for the manager's decision.
CREATE TABLE conflicts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    scope       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    field       TEXT NOT NULL,                -- '*' for the whole record (delete conflicts)
    reason      TEXT NOT NULL,
    yours       TEXT NOT NULL,                -- JSON
    theirs      TEXT NOT NULL,                -- JSON
    created_at  TEXT NOT NULL,
    UNIQUE (kind, record_id, field)
);

-- The organisations the signed-in manager manages, with their feed cursor.
CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    websites    TEXT NOT NULL,                -- JSON [Website]
    cursor      TEXT,
    resyncing   INTEGER NOT NULL DEFAULT 0,
    last_synced_at TEXT
);

-- Small non-secret settings (signed-in username, last sync time).
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"#,
)];

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
