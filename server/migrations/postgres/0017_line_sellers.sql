-- The seller of each line as it was when the order was placed: shipments
-- follow it, not the catalog, where a later import may drop the SKU (and
-- another seller then take it).
ALTER TABLE order_lines ADD COLUMN seller_id BIGINT REFERENCES sellers(id);
UPDATE order_lines SET seller_id = (
    SELECT p.seller_id FROM variants v JOIN products p ON p.id = v.product_id
     WHERE v.sku = order_lines.sku);
