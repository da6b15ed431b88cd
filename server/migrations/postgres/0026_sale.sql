-- As sqlite/0033_write_marks.sql: the rows writing transactions lock in
-- place of the shop-wide advisory lock they no longer take.
CREATE TABLE write_marks (
    mark TEXT PRIMARY KEY
);
ALTER TABLE orders ADD COLUMN device TEXT;
CREATE INDEX orders_unpaid_device ON orders(device, status);
-- The transaction that recorded a change (its 64-bit id): a follower reads
-- the changes of every transaction below the oldest one still running, so a
-- change committed after a later one is never passed over (reload.rs).
ALTER TABLE index_changes
    ADD COLUMN tx BIGINT NOT NULL DEFAULT CAST(CAST(pg_current_xact_id() AS TEXT) AS BIGINT);
CREATE INDEX index_changes_tx ON index_changes(tx, seq);
CREATE INDEX orders_unpaid_phone ON orders(contact_phone, status);
ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_kind_check CHECK (kind IN ('answer', 'harvest', 'shipped', 'delivered', 'customs_refused', 'aftersales', 'back_in_stock'));
-- A drop: the moment a product goes on sale (UTC, RFC 3339); shown, with
-- its button disabled until then (catalog/import, orders refuse before it).
ALTER TABLE products ADD COLUMN sale_starts_at TEXT;
-- Sign-in codes counted per device too (auth/codes.rs): behind a NAT the
-- network address is thousands of phones.
ALTER TABLE code_sends ADD COLUMN device TEXT;
CREATE INDEX code_sends_device ON code_sends(device, sent_at);
