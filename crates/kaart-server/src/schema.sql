-- The counters: `seq` is the global change sequence of the changes feed;
-- `tombstone_floor` is the highest seq of a tombstone dropped by the purge
-- (a cursor below it may have missed a deletion: resync required).
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('seq', 0), ('tombstone_floor', 0);

-- Every record as the JSON of kaart_api::records::Record (with its kind tag).
-- org_id is NULL for profiles; parent_id is a sign-up's activity.
CREATE TABLE records (
    rowid INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    org_id TEXT,
    parent_id TEXT,
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE UNIQUE INDEX records_kind_id ON records (kind, id);
CREATE INDEX records_org_seq ON records (org_id, seq);
CREATE INDEX records_parent ON records (parent_id) WHERE parent_id IS NOT NULL;

-- A deleted record: no data, only what sync needs to delete it locally.
CREATE TABLE tombstones (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    org_id TEXT,
    version INTEGER NOT NULL,
    deleted_at INTEGER NOT NULL
);
CREATE INDEX tombstones_org_seq ON tombstones (org_id, seq);
CREATE INDEX tombstones_kind_id ON tombstones (kind, id);
CREATE INDEX tombstones_deleted_at ON tombstones (deleted_at);

CREATE TABLE managers (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL
);

-- Bearer tokens, stored as SHA-256 hashes.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    manager_id TEXT NOT NULL REFERENCES managers (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);

CREATE TABLE grants (
    manager_id TEXT NOT NULL REFERENCES managers (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL,
    PRIMARY KEY (manager_id, org_id)
);

CREATE TABLE websites (
    org_id TEXT NOT NULL,
    name TEXT NOT NULL,
    url TEXT NOT NULL
);
CREATE INDEX websites_org ON websites (org_id);

-- The first result of every mutation, for idempotent replays.
CREATE TABLE mutation_log (
    manager_id TEXT NOT NULL,
    mutation_id TEXT NOT NULL,
    record_id TEXT,
    result TEXT NOT NULL,
    PRIMARY KEY (manager_id, mutation_id)
);
CREATE INDEX mutation_log_record ON mutation_log (record_id);

-- Unsubscribe links, stored as SHA-256 hashes of their tokens.
CREATE TABLE unsubscribe_tokens (
    token_hash BLOB PRIMARY KEY,
    signup_id TEXT NOT NULL UNIQUE
);
