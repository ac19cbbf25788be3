-- Contact photos, named by the SHA-256 of the JPEG the app uploaded; `jpeg`
-- is the service's own re-encoding of it (no metadata). Served publicly.
CREATE TABLE photos (
    name        TEXT PRIMARY KEY,
    jpeg        BLOB NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
