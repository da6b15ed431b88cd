-- A notice may go to a phone with no account (a guest's delivery mobile:
-- "your parcel has left"), and there is that kind of notice now. SQLite
-- cannot change a column's constraints in place: the table is made again.
CREATE TABLE notices_next (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER REFERENCES accounts(id),
    phone       TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('answer', 'harvest', 'shipped')),
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    tries       INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,
    CHECK ((account_id IS NULL) <> (phone IS NULL))
);
INSERT INTO notices_next (id, account_id, kind, created_at, sent_at, tries, next_try_at)
SELECT id, account_id, kind, created_at, sent_at, tries, next_try_at FROM notices;
DROP TABLE notices;
ALTER TABLE notices_next RENAME TO notices;
CREATE INDEX notices_due ON notices(next_try_at) WHERE sent_at IS NULL;
