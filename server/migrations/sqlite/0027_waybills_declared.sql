-- When an order's parcels were written for the inventory list and the
-- logistics enterprise's waybill (`customs waybills`), once.
ALTER TABLE orders ADD COLUMN waybills_declared_at TEXT;
