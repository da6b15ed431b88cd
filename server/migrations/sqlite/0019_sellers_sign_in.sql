-- Sign-in codes go to a phone (shoppers) or an email address (sellers'
-- users): the column holds either, and they cannot collide (an address has
-- an @, a phone none).
ALTER TABLE sign_in_codes RENAME COLUMN phone TO address;
ALTER TABLE code_sends RENAME COLUMN phone TO address;

-- A seller the operator suspended signs in no more.
ALTER TABLE sellers ADD COLUMN suspended_at TEXT;
-- Who checked a verified seller, and what they saw ("verified on …, by …").
ALTER TABLE sellers ADD COLUMN verified_note TEXT;

-- The people who run a seller's part of the shop: its owner (invited by the
-- operator) and staff (invited by an owner). An address is one seller's.
CREATE TABLE seller_users (
    id          INTEGER PRIMARY KEY,
    seller_id   INTEGER NOT NULL REFERENCES sellers(id),
    email       TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    invited_at  TEXT NOT NULL,
    invited_by  INTEGER REFERENCES seller_users(id),
    removed_at  TEXT
);
CREATE INDEX seller_users_seller ON seller_users(seller_id);

-- A signed-in seller's device, as `sessions` for shoppers.
CREATE TABLE seller_sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES seller_users(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX seller_sessions_user ON seller_sessions(user_id);

-- The development mailer's outbox (development only: production refuses
-- that mailer, and nothing else writes here).
CREATE TABLE dev_mail (
    id          INTEGER PRIMARY KEY,
    to_address  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    text        TEXT NOT NULL,
    sent_at     TEXT NOT NULL
);
CREATE INDEX dev_mail_to ON dev_mail(to_address, id);
