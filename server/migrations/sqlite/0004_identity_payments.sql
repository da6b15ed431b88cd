-- The payer as customs require, kept only masked and as a keyed hash (enough
-- to count the yearly quota); payment state; when the status last moved.
ALTER TABLE orders ADD COLUMN payer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN id_masked TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN id_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN paid_at TEXT;
ALTER TABLE orders ADD COLUMN payment_method TEXT;
ALTER TABLE orders ADD COLUMN status_at TEXT;
CREATE INDEX orders_quota ON orders(id_hash, status);

CREATE TABLE payments (
    id              TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES orders(id),
    method          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled')),
    idempotency_key TEXT NOT NULL UNIQUE,
    amount_fen      INTEGER NOT NULL,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    finished_at     TEXT
);
CREATE INDEX payments_order ON payments(order_id, status);
-- An order is paid once, whatever the provider sends.
CREATE UNIQUE INDEX payments_one_success ON payments(order_id) WHERE status = 'succeeded';
