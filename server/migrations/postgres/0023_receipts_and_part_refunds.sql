-- As sqlite/0030_receipts_and_part_refunds.sql.
CREATE TABLE customs_receipts (
    order_id    TEXT NOT NULL REFERENCES orders(id),
    message     TEXT NOT NULL CHECK (message IN ('CEB312', 'CEB622')),
    status      BIGINT NOT NULL,
    return_time TEXT NOT NULL,
    info        TEXT NOT NULL,
    file        TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (order_id, message, return_time, status)
);

ALTER TABLE refunds DROP CONSTRAINT refunds_payment_id_key;
CREATE INDEX refunds_payment ON refunds(payment_id);

ALTER TABLE payments ADD COLUMN refunded_fen BIGINT NOT NULL DEFAULT 0;
UPDATE payments SET refunded_fen = COALESCE((SELECT SUM(r.amount_fen) FROM refunds r WHERE r.payment_id = payments.id), 0);
