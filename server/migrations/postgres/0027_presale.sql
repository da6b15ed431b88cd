-- A pre-sale (预售): a product sold before its harvest ships in this window,
-- days in China's calendar (catalog/import's `presale` column).
ALTER TABLE products ADD COLUMN presale_from TEXT;
ALTER TABLE products ADD COLUMN presale_to TEXT;
-- The window an order was sold with (also in its quote): the seller's list,
-- customs and the sandbox's progress wait for its first day.
ALTER TABLE orders ADD COLUMN ships_from TEXT;
ALTER TABLE orders ADD COLUMN ships_to TEXT;
CREATE INDEX orders_ships_from ON orders(ships_from) WHERE ships_from IS NOT NULL;
-- A pre-sale the seller cannot fill: refunded, and the shopper told.
ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_kind_check CHECK (kind IN ('answer', 'harvest', 'shipped', 'delivered', 'customs_refused', 'aftersales', 'back_in_stock', 'presale_unfilled'));
