-- A refund the provider refused to take (WeChat Pay answers a refund request
-- with a refusal such as INVALID_REQUEST or USER_ACCOUNT_ABNORMAL) is `failed`
-- with `refused` set: sent again, it keeps its number, as WeChat Pay asks.
-- `tried_at` is when it was last sent: one refused for a while (NOT_ENOUGH, a
-- rate limit, an outage) is sent again no sooner than a minute later.
ALTER TABLE refunds ADD COLUMN refused BIGINT NOT NULL DEFAULT 0;
ALTER TABLE refunds ADD COLUMN tried_at TEXT;
