-- Orders that moved stock or sales, in commit order (their writers hold the
-- shop's write lock), for every server process to bring its in-memory
-- listing up to date (reload.rs).
CREATE TABLE index_changes (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id  TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX index_changes_at ON index_changes(at);
