-- The client address an order was placed from: one buyer's unpaid orders
-- (by payer, mobile or client) may hold only a share of a SKU (orders/holds.rs).
ALTER TABLE orders ADD COLUMN client TEXT;

-- The payment provider's own number for a successful payment (Alipay's
-- trade_no, WeChat Pay's transaction_id): customs' payTransactionId.
ALTER TABLE payments ADD COLUMN provider_txn TEXT;
