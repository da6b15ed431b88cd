-- A parcel's events as its carrier reports them (through the tracking
-- provider), each once: a push replayed or a query that repeats what a push
-- said adds nothing.
CREATE TABLE parcel_events (
    parcel_id   INTEGER NOT NULL REFERENCES parcels(id),
    at          TEXT NOT NULL,
    state       TEXT NOT NULL,
    text        TEXT NOT NULL,
    place       TEXT,
    received_at TEXT NOT NULL,
    PRIMARY KEY (parcel_id, at, text)
);

-- Signed for: by the carrier's word ('carrier') or the shopper's ('shopper').
ALTER TABLE parcels ADD COLUMN delivered_at TEXT;
ALTER TABLE parcels ADD COLUMN delivered_by TEXT;
-- The provider's subscription: when asked for, and what it answered.
ALTER TABLE parcels ADD COLUMN tracking_asked_at TEXT;
ALTER TABLE parcels ADD COLUMN tracking_state TEXT;
-- The last time the provider was asked directly (the fallback query).
ALTER TABLE parcels ADD COLUMN tracking_queried_at TEXT;
CREATE INDEX parcels_undelivered ON parcels(delivered_at, tracking_asked_at);

ALTER TABLE orders ADD COLUMN cleared_at TEXT;
ALTER TABLE orders ADD COLUMN shipped_at TEXT;
ALTER TABLE orders ADD COLUMN delivered_at TEXT;
ALTER TABLE orders ADD COLUMN completed_at TEXT;
-- Customs' own words when it refused the goods (the receipt's returnInfo).
ALTER TABLE orders ADD COLUMN customs_note TEXT;
UPDATE orders SET shipped_at = status_at WHERE status = 'shipped';

-- New kinds of notice: delivered, refused by customs, an after-sales
-- request decided. SQLite cannot change a column's constraints in place.
CREATE TABLE notices_next (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER REFERENCES accounts(id),
    phone       TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('answer', 'harvest', 'shipped', 'delivered', 'customs_refused', 'aftersales')),
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
