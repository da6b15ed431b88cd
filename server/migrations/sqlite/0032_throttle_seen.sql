-- The shared limit counts in nanoseconds (a microsecond interval rounds to
-- nothing at very high limits) and never lets a request's time go back
-- (`seen`, throttle.rs). Its rows are an hour's state at most: dropped.
DELETE FROM throttle;
ALTER TABLE throttle ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;
