-- Customs' receipts as `customs receipts` read them, each once: the order
-- moves on the newest of each message only (docs/CUSTOMS.md "Receipts").
CREATE TABLE customs_receipts (
    order_id    TEXT NOT NULL REFERENCES orders(id),
    message     TEXT NOT NULL CHECK (message IN ('CEB312', 'CEB622')),
    status      INTEGER NOT NULL,
    return_time TEXT NOT NULL,
    info        TEXT NOT NULL,
    file        TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (order_id, message, return_time, status)
);

-- A payment may be given back in parts (after-sales): several refunds each,
-- never more in all than was paid (`refunded_fen`, moved in the refund's
-- own transaction). SQLite cannot drop a UNIQUE: the table is rebuilt.
CREATE TABLE refunds_new (
    id            TEXT PRIMARY KEY,
    payment_id    TEXT NOT NULL REFERENCES payments(id),
    order_id      TEXT NOT NULL REFERENCES orders(id),
    amount_fen    INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    reason        TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('requested', 'processing', 'done', 'failed')),
    provider_ref  TEXT,
    created_at    TEXT NOT NULL,
    done_at       TEXT,
    attempt       INTEGER NOT NULL DEFAULT 0,
    failure       TEXT,
    refused       INTEGER NOT NULL DEFAULT 0,
    tried_at      TEXT
);
INSERT INTO refunds_new (id, payment_id, order_id, amount_fen, currency, reason, status, provider_ref, created_at, done_at, attempt, failure, refused, tried_at)
    SELECT id, payment_id, order_id, amount_fen, currency, reason, status, provider_ref, created_at, done_at, attempt, failure, refused, tried_at FROM refunds;
DROP TABLE refunds;
ALTER TABLE refunds_new RENAME TO refunds;
CREATE INDEX refunds_order ON refunds(order_id);
CREATE INDEX refunds_payment ON refunds(payment_id);
CREATE INDEX refunds_open ON refunds(status) WHERE status IN ('requested', 'processing');

ALTER TABLE payments ADD COLUMN refunded_fen INTEGER NOT NULL DEFAULT 0;
UPDATE payments SET refunded_fen = COALESCE((SELECT SUM(r.amount_fen) FROM refunds r WHERE r.payment_id = payments.id), 0);
