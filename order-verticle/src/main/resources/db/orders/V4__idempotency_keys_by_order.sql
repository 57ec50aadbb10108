-- Ending an order keeps what placing answered under the key it was placed under, found by the order's id: without
-- this index every order's end read the whole key table, a cost that grew with every order ever placed.
CREATE INDEX idempotency_key_order_idx ON idempotency_key (order_id);
