-- Server secrets, e.g. the key of the feed cursors' HMAC.
CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
