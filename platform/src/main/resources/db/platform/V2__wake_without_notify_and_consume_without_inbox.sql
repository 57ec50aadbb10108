-- The relay is no longer woken by NOTIFY: pg_notify takes a database-wide lock at commit, held until the commit
-- record is flushed, so every transaction that wrote events was serialized through its fsync. A transaction that
-- wrote events now wakes the relay itself once it has committed (Outbox, OutboxRelay).
DROP TRIGGER outbox_written ON outbox;
DROP FUNCTION outbox_notify();

-- A consumer no longer records each event it applied: its cursor moves by compare-and-set in the transaction of the
-- effect, from the position it read to the batch's last, and positions are dense and ordered per producer, so the
-- cursor alone says what was applied (EventConsumer).
DROP TABLE consumed_event;
