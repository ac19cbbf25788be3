-- Which contact names which photo, for forgetting photos nobody names
-- (the purge job) and for the per-manager limit on unused uploads
-- (`crate::photos`). A partial index on the expression the queries use.
CREATE INDEX records_contact_photo ON records (json_extract(json, '$.photo_url'))
    WHERE kind = 'contact';
