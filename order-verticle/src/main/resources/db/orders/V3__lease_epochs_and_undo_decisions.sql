-- A lease's generation. Every takeover starts a new one, and a saga stores a step, renews its lease or ends its order
-- only under the generation it drives it under, so a driver that stalled past its lease and was taken over can no
-- longer move the order. The owner cannot tell the two apart: the stalled saga and the recovery that took it over may
-- run in the same instance.
ALTER TABLE customer_order ADD COLUMN lease_epoch bigint NOT NULL DEFAULT 0;

-- Where an undo that has begun is taking the order, and what placing it will answer, stored before the first thing is
-- undone. Whoever drives the order next finishes that undo instead of going forward: once stock may have gone back
-- on the shelf, nobody may confirm the order.
ALTER TABLE customer_order ADD COLUMN undo_to text CHECK (undo_to IN ('REJECTED', 'PAYMENT_DECLINED', 'FAILED'));
ALTER TABLE customer_order ADD COLUMN undo_failure jsonb;
