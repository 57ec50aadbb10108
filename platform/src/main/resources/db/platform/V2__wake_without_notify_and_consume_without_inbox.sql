-- A consumer no longer records each event it applied: its cursor moves by compare-and-set in the transaction of the
-- effect, from the position it read to the batch's last, and positions are dense and ordered per producer, so the
-- cursor alone says what was applied (EventConsumer).
DROP TABLE consumed_event;
