-- A notice may go to a phone with no account (a guest's delivery mobile:
-- "your parcel has left"), and there is that kind of notice now.
ALTER TABLE notices ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE notices ADD COLUMN phone TEXT;
ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_kind_check CHECK (kind IN ('answer', 'harvest', 'shipped'));
ALTER TABLE notices ADD CONSTRAINT notices_one_recipient CHECK ((account_id IS NULL) <> (phone IS NULL));
