-- A disabled manager can neither sign in nor use an existing session.
ALTER TABLE managers ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
