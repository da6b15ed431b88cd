-- What a writing transaction holds while it checks and writes something no
-- row of its own stands for (a payer's yearly allowance, a buyer's unpaid
-- holdings, a sign-in address): one row per name, locked by upserting it
-- (db::lock). SQLite's single writer makes it redundant here; the table
-- exists so both databases run the same statements.
CREATE TABLE write_marks (
    mark TEXT PRIMARY KEY
);
-- An order's marks, for the holds that unpaid orders of one device have.
ALTER TABLE orders ADD COLUMN device TEXT;
CREATE INDEX orders_unpaid_device ON orders(device, status);
-- A buyer's unpaid orders by delivery mobile, whether signed in or not.
CREATE INDEX orders_unpaid_phone ON orders(contact_phone, status);
