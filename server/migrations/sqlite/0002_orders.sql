CREATE TABLE orders (
    id                  TEXT PRIMARY KEY,
    status              TEXT NOT NULL,
    created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    -- A retried or double-tapped request carries the same key and gets this order back.
    idempotency_key     TEXT NOT NULL UNIQUE,
    -- SHA-256 of the request body, so a key reused for a different order is refused.
    request_hash        TEXT NOT NULL,
    total_fen           INTEGER NOT NULL,
    -- The quote as priced by the server at ordering time, and the address (JSON).
    quote_json          TEXT NOT NULL,
    address_json        TEXT NOT NULL
);

CREATE TABLE order_lines (
    order_id    TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    sku         TEXT NOT NULL,
    qty         INTEGER NOT NULL,
    PRIMARY KEY (order_id, sku)
);
