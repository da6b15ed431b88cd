-- The account's address book and its saved payers (real-name records). A
-- payer's ID number is sealed as orders seal it (AES-256-GCM, key outside
-- the database) with its own associated data; an order placed with a saved
-- payer copies the sealed number and names that associated data in `id_aad`.
CREATE TABLE addresses (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    address_json TEXT NOT NULL,
    is_default   INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX addresses_account ON addresses(account_id);

CREATE TABLE payers (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    id_masked   TEXT NOT NULL,
    id_hash     TEXT NOT NULL,
    id_sealed   TEXT NOT NULL,
    seal_aad    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (account_id, id_hash)
);

ALTER TABLE orders ADD COLUMN id_aad TEXT;
