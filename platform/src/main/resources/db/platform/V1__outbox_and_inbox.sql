-- Tables every service keeps in its own schema, migrated by platform with a history table of their own
-- (platform_schema_history), so their versions never mix with the service's.

-- The outbox: each event is written in the same transaction as the change it announces. It is a log, not a queue:
-- rows stay for the retention period, and each gets a position in commit order once the relay sees it committed.
CREATE TABLE outbox (
  id           uuid        PRIMARY KEY,
  seq          bigserial   NOT NULL UNIQUE, -- insertion order: NOT commit order, so never a reader's cursor
  type         text        NOT NULL,
  aggregate_id text        NOT NULL,
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  data         jsonb       NOT NULL,
  position     bigint      UNIQUE            -- set after commit by the one relay that holds the lock
);

CREATE INDEX outbox_unpositioned_idx ON outbox (seq) WHERE position IS NULL;
CREATE INDEX outbox_occurred_idx ON outbox (occurred_at);

-- The last position the relay gave out and the last it published, so that whichever instance relays next carries on
-- from there; kept apart from the rows, which retention deletes.
CREATE TABLE outbox_relay (
  singleton          boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  assigned_position  bigint  NOT NULL DEFAULT 0,
  published_position bigint  NOT NULL DEFAULT 0
);
INSERT INTO outbox_relay DEFAULT VALUES;

-- Wakes the relay when a transaction that wrote events commits (a notification is delivered at commit, or never).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox_${flyway:defaultSchema}', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER outbox_written AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- The inbox of a consumer: each event it applied, once, and how far it has read each producer's log.
CREATE TABLE consumed_event (
  event_id    uuid        PRIMARY KEY,
  source      text        NOT NULL,
  consumed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX consumed_event_consumed_idx ON consumed_event (consumed_at);

CREATE TABLE consumer_cursor (
  source   text   PRIMARY KEY,
  position bigint NOT NULL
);
