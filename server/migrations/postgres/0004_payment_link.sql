-- The link a provider gave for a payment (WeChat Pay's Native `code_url`), so
-- the QR page, which looks again every few seconds, asks the provider once.
ALTER TABLE payments ADD COLUMN provider_link TEXT;
