-- What a writing transaction holds while it checks and writes something no
-- row of its own stands for (a payer's yearly allowance, a buyer's unpaid
-- holdings, a sign-in address): one row per name, locked by upserting it
-- (db::lock). SQLite's single writer makes it redundant here; the table
-- exists so both databases run the same statements.
CREATE TABLE write_marks (
    mark TEXT PRIMARY KEY
);
-- An order's marks, for the holds that unpaid orders of one device have.
ALTER TABLE orders ADD COLUMN device TEXT;
CREATE INDEX orders_unpaid_device ON orders(device, status);
-- A buyer's unpaid orders by delivery mobile, whether signed in or not.
CREATE INDEX orders_unpaid_phone ON orders(contact_phone, status);
-- "Notify me when it is back" (account/wishes.rs): its own notice.
CREATE TABLE notices_next (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER REFERENCES accounts(id),
    phone       TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('answer', 'harvest', 'shipped', 'delivered', 'customs_refused', 'aftersales', 'back_in_stock')),
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    tries       INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,
    CHECK ((account_id IS NULL) <> (phone IS NULL))
);
INSERT INTO notices_next SELECT id, account_id, phone, kind, created_at, sent_at, tries, next_try_at FROM notices;
DROP TABLE notices;
ALTER TABLE notices_next RENAME TO notices;
CREATE INDEX notices_due ON notices(next_try_at) WHERE sent_at IS NULL;
-- A drop: the moment a product goes on sale (UTC, RFC 3339); shown, with
-- its button disabled until then (catalog/import, orders refuse before it).
ALTER TABLE products ADD COLUMN sale_starts_at TEXT;
-- Sign-in codes counted per device too (auth/codes.rs): behind a NAT the
-- network address is thousands of phones.
ALTER TABLE code_sends ADD COLUMN device TEXT;
CREATE INDEX code_sends_device ON code_sends(device, sent_at);
