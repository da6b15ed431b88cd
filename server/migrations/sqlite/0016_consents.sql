-- Every document agreed to (legal documents, documents/<lang>/<name>.md), in
-- the version read and when: an account's (the user agreement and privacy
-- policy, at sign-in) or an order's (the consumer notice and the separate
-- consents to the ID number and to sending the recipient's details abroad).
CREATE TABLE consents (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER REFERENCES accounts(id),
    order_id    TEXT REFERENCES orders(id),
    document    TEXT NOT NULL,
    version     TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    CHECK ((account_id IS NULL) <> (order_id IS NULL))
);
CREATE INDEX consents_account ON consents(account_id) WHERE account_id IS NOT NULL;
CREATE INDEX consents_order ON consents(order_id) WHERE order_id IS NOT NULL;
