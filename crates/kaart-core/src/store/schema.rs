//! The local store's schema, as an ordered list of migrations applied on
//! open (rusqlite_migration keeps the version in `PRAGMA user_version`).
//! Append new migrations; never edit one that has shipped.

use rusqlite_migration::{Migrations, M};

const MIGRATIONS: &[M<'static>] = &[
    M::up(
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
    ),
    M::up(
        r#"
-- Sign-ups by activity and status: the sign-up list of one activity and the
-- counts per activity read this index instead of parsing every sign-up.
ALTER TABLE records ADD COLUMN activity_ref TEXT GENERATED ALWAYS AS
    (CASE WHEN kind = 'signup' THEN json_extract(fields, '$.activity_id') END) VIRTUAL;
ALTER TABLE records ADD COLUMN signup_status TEXT GENERATED ALWAYS AS
    (CASE WHEN kind = 'signup' THEN json_extract(fields, '$.status') END) VIRTUAL;
CREATE INDEX records_signups ON records (activity_ref, signup_status) WHERE kind = 'signup';

-- Full-text search over the answers of every sign-up, keyed by records.seq.
-- Contentless (the answers are stored once, in records) with deletes by
-- rowid; 'secure-delete' removes a deleted row's terms from the index itself,
-- so an unsubscribed person's words do not linger in old index segments.
-- unicode61 with remove_diacritics 2 folds case and accents: zoe finds Zoë.
CREATE VIRTUAL TABLE signup_search USING fts5(
    answers,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO signup_search (signup_search, rank) VALUES ('secure-delete', 1);

-- Kept in step by triggers, so the index changes in the same transaction
-- as the record (a sync page, a tombstone, a full resync).
CREATE TRIGGER signup_search_insert AFTER INSERT ON records WHEN new.kind = 'signup'
BEGIN
    INSERT INTO signup_search (rowid, answers)
    SELECT new.seq, group_concat(value, ' ') FROM json_each(new.fields, '$.answers')
    WHERE type IN ('text', 'integer', 'real');
END;
CREATE TRIGGER signup_search_update AFTER UPDATE OF fields ON records WHEN new.kind = 'signup'
BEGIN
    DELETE FROM signup_search WHERE rowid = old.seq;
    INSERT INTO signup_search (rowid, answers)
    SELECT new.seq, group_concat(value, ' ') FROM json_each(new.fields, '$.answers')
    WHERE type IN ('text', 'integer', 'real');
END;
CREATE TRIGGER signup_search_delete AFTER DELETE ON records WHEN old.kind = 'signup'
BEGIN
    DELETE FROM signup_search WHERE rowid = old.seq;
END;

-- How many sign-ups the service removed (unsubscribed, or past the retention
-- period) since when: a count only, never who.
ALTER TABLE organizations ADD COLUMN signups_removed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organizations ADD COLUMN signups_removed_since TEXT;

INSERT INTO signup_search (rowid, answers)
SELECT r.seq, (SELECT group_concat(value, ' ') FROM json_each(r.fields, '$.answers')
               WHERE type IN ('text', 'integer', 'real'))
FROM records r WHERE r.kind = 'signup';
"#,
    ),
    M::up(
        r#"
-- When each checkable record was last checked (HSDS assured_date, an ISO
-- date), '' for never: what is due for its periodic check is one range scan
-- of this index (assured_on <= a cut-off date; '' sorts before every date),
-- never a pass over the sign-ups, which have no checked date.
ALTER TABLE records ADD COLUMN assured_on TEXT GENERATED ALWAYS AS
    (CASE WHEN kind <> 'signup' THEN COALESCE(json_extract(fields, '$.assured_date'), '') END) VIRTUAL;
CREATE INDEX records_review ON records (assured_on) WHERE kind <> 'signup';
"#,
    ),
    M::up(
        r#"
-- What the desktop notifications already told the manager, so a notice is
-- not repeated at every start: per kind of notice one row per subject (a
-- record due for its check, a conflict) with the period it was told for
-- (for a record, the day it became due; 'never' when never checked). A
-- subject is told again only in a new period. Ids only, never names.
CREATE TABLE notified (
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    period      TEXT NOT NULL,
    notified_at TEXT NOT NULL,
    PRIMARY KEY (kind, subject)
);
"#,
    ),
    M::up(
        r#"
-- Requests of data subjects (AVG: access, rectification, erasure,
-- portability) handled here: what kind, when received, when handled and
-- how many contact persons and sign-ups it concerned. Never who: no name,
-- e-mail address or phone number searched for is kept. The deadline
-- (received + 4 weeks) is computed, not stored.
CREATE TABLE person_requests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,                -- access, rectification, erasure, portability
    received_on TEXT NOT NULL,                -- ISO date (Dutch calendar day)
    handled_on  TEXT,                         -- ISO date; NULL while open
    contacts    INTEGER NOT NULL DEFAULT 0,
    signups     INTEGER NOT NULL DEFAULT 0
);
"#,
    ),
    M::up(
        r#"
-- Contact photos, as processed here (kaart_photo: re-encoded JPEG, no
-- metadata), named by the SHA-256 of that JPEG. `uploaded` = 0 while the
-- service does not have it yet (uploaded before the edit naming it is
-- pushed); photos synced from the service come in with 1. Kept while a
-- record, a queued edit or a conflict names them (see contact_photo.rs).
CREATE TABLE photos (
    name     TEXT PRIMARY KEY,
    jpeg     BLOB NOT NULL,
    uploaded INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL
);
"#,
    ),
    M::up(
        r#"
-- Filling the search index row by row from the triggers of migration 2 made
-- a big pull slow: a statement that fires a trigger opens a savepoint, and
-- FTS5 writes its pending terms out as a new index segment at every
-- savepoint, so each of 200,000 sign-ups became a segment of its own that
-- had to be merged (the initial sync of the bench set: 100 s instead of 6).
-- A page of the feed therefore defers the index (store::search): while
-- search_mode.deferred is 1, which it is only inside that page's
-- transaction, new and changed sign-ups are listed in search_backlog, and
-- the page fills the index from the list in one statement before it commits
-- with its cursor. Outside a page (push answers, anything else) the
-- triggers fill the index row by row, as before. (No INSERT OR IGNORE in
-- the triggers: the upsert that fires them imposes its own conflict policy.)
CREATE TABLE search_mode (deferred INTEGER NOT NULL);
INSERT INTO search_mode (deferred) VALUES (0);
CREATE TABLE search_backlog (seq INTEGER PRIMARY KEY);

DROP TRIGGER signup_search_insert;
DROP TRIGGER signup_search_update;
DROP TRIGGER signup_search_delete;

CREATE TRIGGER signup_search_insert AFTER INSERT ON records
WHEN new.kind = 'signup' AND NOT (SELECT deferred FROM search_mode)
BEGIN
    INSERT INTO signup_search (rowid, answers)
    SELECT new.seq, group_concat(value, ' ') FROM json_each(new.fields, '$.answers')
    WHERE type IN ('text', 'integer', 'real');
END;
CREATE TRIGGER signup_search_insert_deferred AFTER INSERT ON records
WHEN new.kind = 'signup' AND (SELECT deferred FROM search_mode)
BEGIN
    INSERT INTO search_backlog (seq) SELECT new.seq
    WHERE NOT EXISTS (SELECT 1 FROM search_backlog WHERE seq = new.seq);
END;

-- A sign-up written again with the same fields (a full resync) keeps its
-- index entry.
CREATE TRIGGER signup_search_update AFTER UPDATE OF fields ON records
WHEN new.kind = 'signup' AND old.fields IS NOT new.fields
    AND NOT (SELECT deferred FROM search_mode)
BEGIN
    DELETE FROM signup_search WHERE rowid = old.seq;
    INSERT INTO signup_search (rowid, answers)
    SELECT new.seq, group_concat(value, ' ') FROM json_each(new.fields, '$.answers')
    WHERE type IN ('text', 'integer', 'real');
END;
CREATE TRIGGER signup_search_update_deferred AFTER UPDATE OF fields ON records
WHEN new.kind = 'signup' AND old.fields IS NOT new.fields
    AND (SELECT deferred FROM search_mode)
BEGIN
    DELETE FROM signup_search WHERE rowid = old.seq
        AND NOT EXISTS (SELECT 1 FROM search_backlog WHERE seq = old.seq);
    INSERT INTO search_backlog (seq) SELECT new.seq
    WHERE NOT EXISTS (SELECT 1 FROM search_backlog WHERE seq = new.seq);
END;

CREATE TRIGGER signup_search_delete AFTER DELETE ON records WHEN old.kind = 'signup'
BEGIN
    DELETE FROM signup_search WHERE rowid = old.seq
        AND NOT EXISTS (SELECT 1 FROM search_backlog WHERE seq = old.seq);
    DELETE FROM search_backlog WHERE seq = old.seq;
END;
"#,
    ),
    M::up(
        r#"
-- Phone numbers in the search index. Finding a person by phone number
-- scanned every answer (7.6 s over 200,000 sign-ups in a debug build):
-- people type numbers in too many ways for the index's words ("06-1234
-- 5678", "+31 6 12345678"). Now every text answer written like a phone
-- number also puts its national digits into the index as one word
-- (kaart_phone_key, a Rust function the store registers on its writer:
-- person_request::find::phone_key, "+31 6 1234 5678" -> 0612345678), so
-- the search is one exact word of the index, then compared in Rust.
-- Only the two triggers that index a sign-up row by row change (the
-- deferred ones only list rows for store::search, which uses the same
-- expression); the index is then filled again from the records.
DROP TRIGGER signup_search_insert;
DROP TRIGGER signup_search_update;

CREATE TRIGGER signup_search_insert AFTER INSERT ON records
WHEN new.kind = 'signup' AND NOT (SELECT deferred FROM search_mode)
BEGIN
    INSERT INTO signup_search (rowid, answers)
    SELECT new.seq, group_concat(CASE WHEN type = 'text'
        THEN value || coalesce(' ' || nullif(kaart_phone_key(value), value), '')
        ELSE value END, ' ')
    FROM json_each(new.fields, '$.answers')
    WHERE type IN ('text', 'integer', 'real');
END;
CREATE TRIGGER signup_search_update AFTER UPDATE OF fields ON records
WHEN new.kind = 'signup' AND old.fields IS NOT new.fields
    AND NOT (SELECT deferred FROM search_mode)
BEGIN
    DELETE FROM signup_search WHERE rowid = old.seq;
    INSERT INTO signup_search (rowid, answers)
    SELECT new.seq, group_concat(CASE WHEN type = 'text'
        THEN value || coalesce(' ' || nullif(kaart_phone_key(value), value), '')
        ELSE value END, ' ')
    FROM json_each(new.fields, '$.answers')
    WHERE type IN ('text', 'integer', 'real');
END;

INSERT INTO signup_search (signup_search) VALUES ('delete-all');
DELETE FROM search_backlog;
UPDATE search_mode SET deferred = 0;
INSERT INTO signup_search (rowid, answers)
SELECT r.seq, (SELECT group_concat(CASE WHEN type = 'text'
                   THEN value || coalesce(' ' || nullif(kaart_phone_key(value), value), '')
                   ELSE value END, ' ')
               FROM json_each(r.fields, '$.answers')
               WHERE type IN ('text', 'integer', 'real'))
FROM records r WHERE r.kind = 'signup' ORDER BY r.seq;
"#,
    ),
    // Migration 9.
    M::up(
        r#"
-- When each activity ends, indexed: the local retention purge after every
-- sync, and the reminder of sign-ups about to go, look only at the
-- activities whose end makes them due (one range of this index) instead of
-- parsing every activity's JSON (a few thousand, with their forms) each
-- time; that made a sync with nothing to do cost about 70 ms under load.
-- With the id in it, whether an activity of the range has sign-ups is
-- answered from this index and records_signups alone.
ALTER TABLE records ADD COLUMN activity_ends_at TEXT GENERATED ALWAYS AS
    (CASE WHEN kind = 'activity' THEN json_extract(fields, '$.ends_at') END) VIRTUAL;
CREATE INDEX records_activity_end ON records (activity_ends_at, id) WHERE kind = 'activity';
"#,
    ),
    // Migration 10.
    M::up(
        r#"
-- The activity list, one page at a time (activity_list.rs): what a row
-- shows and what the list is filtered and sorted by, as virtual columns with
-- one covering index, so a page over a few thousand activities is read from
-- this index instead of parsing every activity's JSON with its whole form.
ALTER TABLE records ADD COLUMN activity_title TEXT GENERATED ALWAYS AS
    (CASE WHEN kind = 'activity' THEN json_extract(fields, '$.title') END) VIRTUAL;
ALTER TABLE records ADD COLUMN activity_starts_at TEXT GENERATED ALWAYS AS
    (CASE WHEN kind = 'activity' THEN json_extract(fields, '$.starts_at') END) VIRTUAL;
ALTER TABLE records ADD COLUMN activity_status TEXT GENERATED ALWAYS AS
    (CASE WHEN kind = 'activity' THEN json_extract(fields, '$.status') END) VIRTUAL;
ALTER TABLE records ADD COLUMN activity_capacity INTEGER GENERATED ALWAYS AS
    (CASE WHEN kind = 'activity' THEN json_extract(fields, '$.capacity') END) VIRTUAL;
CREATE INDEX records_activity_list ON records (organization_id, activity_starts_at,
    activity_ends_at, activity_title, activity_status, activity_capacity, version, id)
    WHERE kind = 'activity';
"#,
    ),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

#[cfg(test)]
mod tests {
    /// Every migration applies, in order, to an empty database with the
    /// functions the store registers (migration 8 calls one); rusqlite's
    /// `validate` would run them without it.
    #[test]
    fn migrations_are_valid() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::store::search::register_phone_key(&conn).unwrap();
        super::migrations().to_latest(&mut conn).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, super::latest_version());
    }
}
