-- Orders that hold up for real: a deadline to pay, why an order was
-- cancelled, the payer's ID number sealed for customs (AES-256-GCM, key
-- outside the database; NULL once deleted), when it was declared.
ALTER TABLE orders ADD COLUMN pay_by TEXT;
ALTER TABLE orders ADD COLUMN cancel_reason TEXT;
ALTER TABLE orders ADD COLUMN id_sealed TEXT;
ALTER TABLE orders ADD COLUMN declared_at TEXT;
UPDATE orders SET pay_by = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+30 minutes')
 WHERE status = 'awaiting_payment';
CREATE INDEX orders_pay_by ON orders(status, pay_by);
-- The old mask kept region, sequence and check character: at most the last four now.
UPDATE orders SET id_masked = '**************' || substr(id_masked, -4) WHERE length(id_masked) = 18;

-- Payments: 'superseded' when the shop withdrew an attempt (another was
-- started, or the order closed), 'refunded' when a success had to be given
-- back; the currency a provider must confirm.
CREATE TABLE payments_v2 (
    id              TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES orders(id),
    method          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled', 'superseded', 'refunded')),
    idempotency_key TEXT NOT NULL UNIQUE,
    amount_fen      INTEGER NOT NULL,
    currency        TEXT NOT NULL DEFAULT 'CNY',
    created_at      TEXT NOT NULL,
    finished_at     TEXT
);
INSERT INTO payments_v2 (id, order_id, method, status, idempotency_key, amount_fen, currency, created_at, finished_at)
SELECT id, order_id, method, status, idempotency_key, amount_fen, 'CNY', created_at, finished_at FROM payments;
DROP TABLE payments;
ALTER TABLE payments_v2 RENAME TO payments;
CREATE INDEX payments_order ON payments(order_id, status);
-- An order is paid once, whatever the providers send.
CREATE UNIQUE INDEX payments_one_success ON payments(order_id) WHERE status = 'succeeded';

-- Money given back: recorded in the same transaction that decides it, then
-- sent through the provider ('requested' until the provider confirms).
CREATE TABLE refunds (
    id           TEXT PRIMARY KEY,
    payment_id   TEXT NOT NULL UNIQUE REFERENCES payments(id),
    order_id     TEXT NOT NULL REFERENCES orders(id),
    amount_fen   INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    reason       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('requested', 'done')),
    provider_ref TEXT,
    created_at   TEXT NOT NULL,
    done_at      TEXT
);
CREATE INDEX refunds_order ON refunds(order_id);

-- `sold` counts paid orders only: take back what unpaid and cancelled orders added.
UPDATE products SET sold = MAX(0, sold - (
    SELECT COALESCE(SUM(l.qty), 0) FROM order_lines l
      JOIN variants v ON v.sku = l.sku
      JOIN orders o ON o.id = l.order_id
     WHERE v.product_id = products.id AND o.status IN ('awaiting_payment', 'cancelled')));
