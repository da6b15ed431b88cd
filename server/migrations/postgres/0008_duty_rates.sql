-- The goods' import duty rate in basis points, when the seller gave it: what
-- a single indivisible item over the single-transaction limit is taxed in
-- full at ([2018] No. 49 art. 2, docs/CUSTOMS.md). NULL: not known, and such
-- an item cannot be sold cross-border.
ALTER TABLE products ADD COLUMN duty_bp BIGINT;
