-- Shoppers who sign in with their mobile number and a code sent by SMS.
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    phone       TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

-- The one live sign-in code of a phone, stored as a keyed hash.
CREATE TABLE sign_in_codes (
    phone       TEXT PRIMARY KEY,
    code_hash   TEXT NOT NULL,
    sent_at     TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    wrong_tries INTEGER NOT NULL DEFAULT 0
);

-- Every code sent, for the daily limits per phone and per client.
CREATE TABLE code_sends (
    phone       TEXT NOT NULL,
    client      TEXT NOT NULL,
    sent_at     TEXT NOT NULL
);
CREATE INDEX code_sends_phone ON code_sends(phone, sent_at);
CREATE INDEX code_sends_client ON code_sends(client, sent_at);

-- A signed-in device: the cookie holds a random token, this table its hash.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

-- Whose an order is: the account signed in when it was placed, or the one
-- that later signed in with the mobile given at checkout.
ALTER TABLE orders ADD COLUMN account_id INTEGER REFERENCES accounts(id);
ALTER TABLE orders ADD COLUMN contact_phone TEXT;
UPDATE orders SET contact_phone = json_extract(address_json, '$.mobile');
CREATE INDEX orders_account ON orders(account_id, created_at);
CREATE INDEX orders_contact ON orders(contact_phone) WHERE account_id IS NULL;
