-- The catalog: sellers, a two-level category tree, products and their variants.
CREATE TABLE sellers (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    state       TEXT NOT NULL,
    story_zh    TEXT NOT NULL DEFAULT '',
    story_en    TEXT NOT NULL DEFAULT '',
    verified    INTEGER NOT NULL DEFAULT 0,
    founded     INTEGER
);

CREATE TABLE categories (
    slug        TEXT PRIMARY KEY,
    parent      TEXT REFERENCES categories(slug),
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    position    INTEGER NOT NULL
);

CREATE TABLE products (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    seller_id       INTEGER NOT NULL REFERENCES sellers(id),
    category        TEXT NOT NULL REFERENCES categories(slug),
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    desc_zh         TEXT NOT NULL DEFAULT '',
    desc_en         TEXT NOT NULL DEFAULT '',
    origin_state    TEXT NOT NULL,
    tax_class       TEXT NOT NULL,
    channel         TEXT NOT NULL,
    -- JSON arrays of strings
    certifications  TEXT NOT NULL DEFAULT '[]',
    images          TEXT NOT NULL DEFAULT '[]',
    season_from     INTEGER,
    season_to       INTEGER,
    status          TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published')),
    sold            INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX products_category ON products(category, status);
CREATE INDEX products_seller ON products(seller_id, status);

CREATE TABLE variants (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    sku         TEXT NOT NULL UNIQUE,
    label_zh    TEXT NOT NULL,
    label_en    TEXT NOT NULL,
    price_usd   INTEGER NOT NULL CHECK (price_usd >= 0),
    -- Never below zero: an order that would take it there fails as a whole.
    stock       INTEGER NOT NULL CHECK (stock >= 0),
    position    INTEGER NOT NULL
);
CREATE INDEX variants_product ON variants(product_id, position);

-- Small settings, such as the exchange rate and when it was set.
CREATE TABLE settings (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
);
