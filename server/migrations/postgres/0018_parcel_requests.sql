-- What a parcel's request asked (carrier, waybill, lines), so that a retry
-- with the same key and another body is refused instead of answered.
ALTER TABLE parcels ADD COLUMN request TEXT;
