-- Orders that moved stock or sales, in commit order, for every server process
-- to bring its in-memory listing up to date (reload.rs).
CREATE TABLE index_changes (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id  TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX index_changes_at ON index_changes(at);
