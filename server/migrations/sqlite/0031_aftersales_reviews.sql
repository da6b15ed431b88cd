-- Shoppers' photos (after-sales, reviews): decoded and written again by the
-- server, kept here (every process serves them), tied to the order they
-- were taken for. One not used within a day is deleted.
CREATE TABLE photos (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES orders(id),
    bytes       BLOB NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX photos_order ON photos(order_id);

-- After-sales: money back for some lines of a delivered order.
CREATE TABLE aftersales (
    id              INTEGER PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES orders(id),
    seller_id       INTEGER REFERENCES sellers(id),
    reason          TEXT NOT NULL CHECK (reason IN ('damaged', 'wrong_item', 'missing', 'not_as_described')),
    note            TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('requested', 'approved', 'refused', 'escalated', 'closed')),
    amount_fen      INTEGER NOT NULL,
    freight_fen     INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    answer          TEXT,
    decided_at      TEXT,
    decided_by      TEXT,
    escalated_at    TEXT,
    refund_id       TEXT,
    UNIQUE (order_id, idempotency_key)
);
CREATE INDEX aftersales_seller ON aftersales(seller_id, state);
CREATE INDEX aftersales_state ON aftersales(state);

CREATE TABLE aftersales_lines (
    aftersales_id INTEGER NOT NULL REFERENCES aftersales(id),
    sku           TEXT NOT NULL,
    qty           INTEGER NOT NULL CHECK (qty > 0),
    amount_fen    INTEGER NOT NULL,
    PRIMARY KEY (aftersales_id, sku)
);

CREATE TABLE aftersales_photos (
    aftersales_id INTEGER NOT NULL REFERENCES aftersales(id),
    photo_id      TEXT NOT NULL REFERENCES photos(id),
    position      INTEGER NOT NULL,
    PRIMARY KEY (aftersales_id, photo_id)
);

-- Reviews, one per delivered line, only from its buyer.
CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES orders(id),
    sku         TEXT NOT NULL,
    product_id  INTEGER NOT NULL REFERENCES products(id),
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    text        TEXT NOT NULL,
    lang        TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    reply       TEXT,
    replied_at  TEXT,
    hidden_at   TEXT,
    hidden_why  TEXT,
    UNIQUE (order_id, sku)
);
CREATE INDEX reviews_product ON reviews(product_id, created_at);

CREATE TABLE review_photos (
    review_id   INTEGER NOT NULL REFERENCES reviews(id),
    photo_id    TEXT NOT NULL REFERENCES photos(id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (review_id, photo_id)
);

-- A paid order cancelled before it shipped, after it was declared: its
-- declaration is withdrawn (CEB311 appType 3) by the next `customs export`.
ALTER TABLE orders ADD COLUMN withdraw_declaration INTEGER NOT NULL DEFAULT 0;
