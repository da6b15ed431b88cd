-- Each seller's user chooses the language of the shop's mails to them and
-- whether to get them; the day (in China) of their last digest.
ALTER TABLE seller_users ADD COLUMN lang TEXT NOT NULL DEFAULT 'en-US';
ALTER TABLE seller_users ADD COLUMN mail_orders INTEGER NOT NULL DEFAULT 1;
ALTER TABLE seller_users ADD COLUMN digest_on TEXT;

-- Mails to sellers' users waiting to go out (an outbox, as `notices`): a
-- paid order that reached them, the day's digest of what is left to ship.
CREATE TABLE seller_mails (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES seller_users(id),
    kind        TEXT NOT NULL CHECK (kind IN ('order', 'digest')),
    order_id    TEXT REFERENCES orders(id),
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    tries       INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL
);
CREATE INDEX seller_mails_due ON seller_mails(next_try_at) WHERE sent_at IS NULL;
