-- A refund the provider accepted but has not finished is `processing` until
-- its notification or a query says how it ended; one that ended without the
-- money reaching the shopper is `failed`, with the provider's word, for the
-- operator to send again (`attempt` numbers the provider's refund number).
ALTER TABLE refunds DROP CONSTRAINT refunds_status_check;
ALTER TABLE refunds ADD CONSTRAINT refunds_status_check
    CHECK (status IN ('requested', 'processing', 'done', 'failed'));
ALTER TABLE refunds ADD COLUMN attempt BIGINT NOT NULL DEFAULT 0;
ALTER TABLE refunds ADD COLUMN failure TEXT;
CREATE INDEX refunds_open ON refunds(status) WHERE status IN ('requested', 'processing');

-- The screen a payment was made on: Alipay's refund names the product
-- (website or mobile cashier) the trade was paid through.
ALTER TABLE payments ADD COLUMN scene TEXT;
