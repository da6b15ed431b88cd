-- Each check of a unit's authenticity code on the public page: when, and by
-- which client (a keyed hash, never its address). Counted per code.
CREATE TABLE code_checks (
    code        TEXT NOT NULL,
    client      TEXT NOT NULL,
    checked_at  TEXT NOT NULL
);
CREATE INDEX code_checks_code ON code_checks (code);
