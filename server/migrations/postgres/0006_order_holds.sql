-- The client address an order was placed from: one buyer's unpaid orders
-- (by payer, mobile or client) may hold only a share of a SKU (orders/holds.rs).
ALTER TABLE orders ADD COLUMN client TEXT;
