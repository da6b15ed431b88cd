-- The per-client limit on orders and payments when several server processes
-- share the database (throttle.rs): GCRA, the theoretical arrival time in µs.
CREATE TABLE throttle (
    client  TEXT PRIMARY KEY,
    tat     INTEGER NOT NULL,
    ok      INTEGER NOT NULL
);
