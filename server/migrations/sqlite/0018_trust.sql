-- The day the shop checked a verified seller (its US business registration,
-- and that it grows or makes what it lists): the genuine-goods promise names it.
ALTER TABLE sellers ADD COLUMN verified_on TEXT;

-- Questions shoppers ask about a product; the seller (today the operator,
-- `haitao-server questions`) answers, and the shopper is told by SMS.
CREATE TABLE questions (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    body        TEXT NOT NULL,
    asked_at    TEXT NOT NULL,
    answer      TEXT,
    answered_at TEXT
);
CREATE INDEX questions_account ON questions(account_id, asked_at);
CREATE INDEX questions_open ON questions(asked_at) WHERE answer IS NULL;

-- "Notify me at harvest": one per account and product, waiting; deleted
-- when the shopper is told (once, when the season opens) or stops it.
CREATE TABLE harvest_wishes (
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (account_id, product_id)
);
CREATE INDEX harvest_wishes_product ON harvest_wishes(product_id);

-- SMS notices waiting to go out (an outbox: what decided to tell a shopper
-- commits the notice with its own change; the serving process sends it).
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    kind        TEXT NOT NULL CHECK (kind IN ('answer', 'harvest')),
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    tries       INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL
);
CREATE INDEX notices_due ON notices(next_try_at) WHERE sent_at IS NULL;
