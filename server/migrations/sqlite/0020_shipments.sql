-- What a seller sends of a paid order: one shipment per seller per order
-- (that seller's lines), made when the payment succeeds.
CREATE TABLE shipments (
    id          INTEGER PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES orders(id),
    seller_id   INTEGER NOT NULL REFERENCES sellers(id),
    created_at  TEXT NOT NULL,
    -- When its last unit left (every line in a parcel).
    shipped_at  TEXT,
    UNIQUE (order_id, seller_id)
);
CREATE INDEX shipments_seller ON shipments(seller_id, shipped_at, created_at);

-- Orders paid before shipments existed, not yet shipped, get theirs.
INSERT INTO shipments (order_id, seller_id, created_at)
SELECT DISTINCT o.id, p.seller_id, o.paid_at
  FROM orders o
  JOIN order_lines l ON l.order_id = o.id
  JOIN variants v ON v.sku = l.sku
  JOIN products p ON p.id = v.product_id
 WHERE o.status IN ('paid', 'customs_declared') AND o.paid_at IS NOT NULL;

-- A box that left: its carrier and waybill, what it holds. A waybill is one
-- parcel's; a retried request (its Idempotency-Key) is the same parcel.
CREATE TABLE parcels (
    id              INTEGER PRIMARY KEY,
    shipment_id     INTEGER NOT NULL REFERENCES shipments(id),
    carrier         TEXT NOT NULL,
    waybill         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES seller_users(id),
    created_at      TEXT NOT NULL,
    UNIQUE (carrier, waybill),
    UNIQUE (shipment_id, idempotency_key)
);

CREATE TABLE parcel_lines (
    parcel_id   INTEGER NOT NULL REFERENCES parcels(id),
    sku         TEXT NOT NULL,
    qty         INTEGER NOT NULL CHECK (qty > 0),
    PRIMARY KEY (parcel_id, sku)
);

-- Who was shown a recipient's name, mobile and address, and when.
CREATE TABLE recipient_views (
    shipment_id INTEGER NOT NULL REFERENCES shipments(id),
    user_id     INTEGER NOT NULL REFERENCES seller_users(id),
    viewed_at   TEXT NOT NULL
);
CREATE INDEX recipient_views_shipment ON recipient_views(shipment_id, viewed_at);
