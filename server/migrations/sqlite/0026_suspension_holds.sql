-- A suspended seller's products are off sale; these are the ones its
-- suspension took off (drafts again), put back on sale when it is lifted.
ALTER TABLE products ADD COLUMN held_by_suspension INTEGER NOT NULL DEFAULT 0;
