-- A pre-sale (预售): a product sold before its harvest ships in this window,
-- days in China's calendar (catalog/import's `presale` column).
ALTER TABLE products ADD COLUMN presale_from TEXT;
ALTER TABLE products ADD COLUMN presale_to TEXT;
-- The window an order was sold with (also in its quote): the seller's list,
-- customs and the sandbox's progress wait for its first day.
ALTER TABLE orders ADD COLUMN ships_from TEXT;
ALTER TABLE orders ADD COLUMN ships_to TEXT;
CREATE INDEX orders_ships_from ON orders(ships_from) WHERE ships_from IS NOT NULL;
-- A pre-sale the seller cannot fill: refunded, and the shopper told.
CREATE TABLE notices_next (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER REFERENCES accounts(id),
    phone       TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('answer', 'harvest', 'shipped', 'delivered', 'customs_refused', 'aftersales', 'back_in_stock', 'presale_unfilled')),
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
