-- When the order service announced the order confirmed, noted on a payment that was still AUTHORIZED then. The saga
-- captures right after it confirms, so this is normally moments before the capture; a payment still AUTHORIZED long
-- after it (the order's process died between its commit and the capture) is captured by the payment service itself.
ALTER TABLE payment ADD COLUMN confirmed_at timestamptz;

CREATE INDEX payment_confirmed_uncaptured_idx ON payment (confirmed_at)
  WHERE status = 'AUTHORIZED' AND confirmed_at IS NOT NULL;
