-- Preview links for sellers. The token itself is signed with the server
-- secret and never stored; this row is what lets one be revoked.
CREATE TABLE preview_tokens (
    id          TEXT PRIMARY KEY,
    seller_id   INTEGER NOT NULL REFERENCES sellers(id),
    -- Unix seconds, as signed into the token.
    expires_at  INTEGER NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    revoked_at  TEXT
);
CREATE INDEX preview_tokens_seller ON preview_tokens(seller_id);

-- Bumped by import and publish (other processes); a running server reloads
-- its search index when it changes.
INSERT OR IGNORE INTO settings (key, value) VALUES ('catalog_version', '0');
