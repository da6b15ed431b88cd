-- Products whose published form changed outside an order (an import turned
-- them back into drafts, a publication put them on sale), followed by every
-- server process like an order's change: one row names an order or a product.
ALTER TABLE index_changes ALTER COLUMN order_id DROP NOT NULL;
ALTER TABLE index_changes ADD COLUMN product_id BIGINT;
ALTER TABLE index_changes ADD CONSTRAINT index_changes_one_subject
    CHECK ((order_id IS NULL) <> (product_id IS NULL));
