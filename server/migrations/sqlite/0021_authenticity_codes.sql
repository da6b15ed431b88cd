-- Each unit a seller packs gets a code (a MAC of order, SKU and unit, made
-- by the shop's key), printed on its label; the check page finds it here.
CREATE TABLE authenticity_codes (
    code        TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES orders(id),
    sku         TEXT NOT NULL,
    unit        INTEGER NOT NULL,
    minted_at   TEXT NOT NULL
);
CREATE INDEX authenticity_codes_order ON authenticity_codes(order_id);
