-- When the issuer answered an authorization, by the service's clock. The declines of one customer, newest first, are
-- what the brake on card testing counts (DeclineLimit): from this table, so every instance and a restart count alike.
ALTER TABLE payment ADD COLUMN decided_at timestamptz;

UPDATE payment SET decided_at = updated_at WHERE status = 'DECLINED';

CREATE INDEX payment_customer_declines_idx ON payment (customer_id, decided_at DESC) WHERE status = 'DECLINED';
