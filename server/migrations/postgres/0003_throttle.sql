-- The per-client limit on orders and payments shared by every server process
-- (throttle.rs): GCRA, the theoretical arrival time in µs.
CREATE TABLE throttle (
    client  TEXT PRIMARY KEY,
    tat     BIGINT NOT NULL,
    ok      BIGINT NOT NULL
);
