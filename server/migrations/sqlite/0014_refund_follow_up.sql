-- A refund the provider accepted but has not finished is `processing` until
-- its notification or a query says how it ended; one that ended without the
-- money reaching the shopper is `failed`, with the provider's word, for the
-- operator to send again (`attempt` numbers the provider's refund number).
-- SQLite cannot change a CHECK: the table is rebuilt (nothing refers to it).
CREATE TABLE refunds_new (
    id           TEXT PRIMARY KEY,
    payment_id   TEXT NOT NULL UNIQUE REFERENCES payments(id),
    order_id     TEXT NOT NULL REFERENCES orders(id),
    amount_fen   INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    reason       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('requested', 'processing', 'done', 'failed')),
    provider_ref TEXT,
    created_at   TEXT NOT NULL,
    done_at      TEXT,
    attempt      INTEGER NOT NULL DEFAULT 0,
    failure      TEXT
);
INSERT INTO refunds_new (id, payment_id, order_id, amount_fen, currency, reason, status, provider_ref, created_at, done_at)
    SELECT id, payment_id, order_id, amount_fen, currency, reason, status, provider_ref, created_at, done_at FROM refunds;
DROP TABLE refunds;
ALTER TABLE refunds_new RENAME TO refunds;
CREATE INDEX refunds_order ON refunds(order_id);
CREATE INDEX refunds_open ON refunds(status) WHERE status IN ('requested', 'processing');

-- The screen a payment was made on: Alipay's refund names the product
-- (website or mobile cashier) the trade was paid through.
ALTER TABLE payments ADD COLUMN scene TEXT;
