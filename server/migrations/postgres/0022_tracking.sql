-- As sqlite/0029_tracking.sql.
CREATE TABLE parcel_events (
    parcel_id   BIGINT NOT NULL REFERENCES parcels(id),
    at          TEXT NOT NULL,
    state       TEXT NOT NULL,
    text        TEXT NOT NULL,
    place       TEXT,
    received_at TEXT NOT NULL,
    PRIMARY KEY (parcel_id, at, text)
);

ALTER TABLE parcels ADD COLUMN delivered_at TEXT;
ALTER TABLE parcels ADD COLUMN delivered_by TEXT;
ALTER TABLE parcels ADD COLUMN tracking_asked_at TEXT;
ALTER TABLE parcels ADD COLUMN tracking_state TEXT;
ALTER TABLE parcels ADD COLUMN tracking_queried_at TEXT;
CREATE INDEX parcels_undelivered ON parcels(delivered_at, tracking_asked_at);

ALTER TABLE orders ADD COLUMN cleared_at TEXT;
ALTER TABLE orders ADD COLUMN shipped_at TEXT;
ALTER TABLE orders ADD COLUMN delivered_at TEXT;
ALTER TABLE orders ADD COLUMN completed_at TEXT;
ALTER TABLE orders ADD COLUMN customs_note TEXT;
UPDATE orders SET shipped_at = status_at WHERE status = 'shipped';

ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_kind_check CHECK (kind IN ('answer', 'harvest', 'shipped', 'delivered', 'customs_refused', 'aftersales'));
