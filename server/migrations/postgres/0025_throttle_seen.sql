-- As sqlite/0032_throttle_seen.sql.
DELETE FROM throttle;
ALTER TABLE throttle ADD COLUMN seen BIGINT NOT NULL DEFAULT 0;
