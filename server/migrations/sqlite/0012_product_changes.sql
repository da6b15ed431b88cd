-- Products whose published form changed outside an order (an import turned
-- them back into drafts, a publication put them on sale), followed by every
-- server process like an order's change: one row names an order or a product.
CREATE TABLE index_changes_new (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id   TEXT,
    product_id INTEGER,
    at         TEXT NOT NULL,
    CHECK ((order_id IS NULL) <> (product_id IS NULL))
);
INSERT INTO index_changes_new (seq, order_id, at) SELECT seq, order_id, at FROM index_changes;
DROP TABLE index_changes;
ALTER TABLE index_changes_new RENAME TO index_changes;
CREATE INDEX index_changes_at ON index_changes(at);
