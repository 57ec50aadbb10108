-- Each customer's address and opt-outs. A customer who never set them has no row: no address, nothing opted out.
CREATE TABLE preference (
  customer_id text        PRIMARY KEY,
  email       text,
  opted_out   text[]      NOT NULL DEFAULT '{}',
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Whose each order is, learnt from the order service's events, for the payment and shipping events, which name only
-- the order.
CREATE TABLE customer_order (
  order_id    uuid PRIMARY KEY,
  customer_id text NOT NULL
);

-- One row per notification, made from exactly one event: event_id is unique, so an event applied twice cannot make a
-- second one. The email is rendered once, when the notification is made, and sent as stored, so every attempt sends
-- the same message with the same Message-ID. A PENDING row is due at next_attempt_at; an instance that takes it moves
-- next_attempt_at past the send, so that if the instance dies, another one sends it again after that.
CREATE TABLE notification (
  id              uuid        PRIMARY KEY,
  event_id        uuid        NOT NULL UNIQUE,
  customer_id     text        NOT NULL,
  order_id        uuid        NOT NULL,
  kind            text        NOT NULL,
  recipient       text,
  subject         text        NOT NULL,
  body_text       text        NOT NULL,
  body_html       text        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'NOT_SENT')),
  reason          text,
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);

CREATE INDEX notification_by_customer ON notification (customer_id, created_at DESC, id);
CREATE INDEX notification_due ON notification (next_attempt_at) WHERE status = 'PENDING';

-- Every entry of the log names its customer as aggregate: a customer's feed is read by customer and position.
CREATE INDEX outbox_by_customer ON outbox (aggregate_id, position);
