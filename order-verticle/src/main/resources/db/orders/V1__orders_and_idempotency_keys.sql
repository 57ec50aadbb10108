-- The order service keeps each order, its lines and its history, and the idempotency keys it was placed under.

CREATE TABLE customer_order (
  id                 uuid        PRIMARY KEY,
  customer_id        text        NOT NULL,
  status             text        NOT NULL CHECK (status IN ('PENDING', 'STOCK_RESERVED', 'PRICED', 'PAYMENT_AUTHORIZED',
                                                            'SHIPMENT_CREATED', 'CONFIRMED', 'REJECTED', 'PAYMENT_DECLINED',
                                                            'FAILED', 'CANCELLING', 'CANCELLED', 'SHIPPED', 'DELIVERED',
                                                            'REFUNDED')),
  currency           char(3),
  items_subtotal     bigint      CHECK (items_subtotal >= 0),
  shipping           bigint      CHECK (shipping >= 0),
  total              bigint      CHECK (total >= 0),
  refunded           bigint      NOT NULL DEFAULT 0 CHECK (refunded >= 0),
  weight_grams       integer,
  ship_name          text        NOT NULL,
  ship_line1         text        NOT NULL,
  ship_line2         text,
  ship_city          text        NOT NULL,
  ship_postal_code   text        NOT NULL,
  ship_country       char(2)     NOT NULL,
  payment_method_id  text        NOT NULL,
  payment_brand      text,
  payment_last4      text,
  tracking_number    text,
  reason             text,
  -- Which instance drives the order's saga, and until when: another takes over only once the lease has run out.
  lease_owner        text,
  lease_until        timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (refunded <= coalesce(total, 0))
);

CREATE INDEX customer_order_customer_idx ON customer_order (customer_id, created_at DESC, id);
CREATE INDEX customer_order_created_idx ON customer_order (created_at DESC, id);
-- Sagas a crash may have left midway, for recovery to find without reading every order.
CREATE INDEX customer_order_unfinished_idx ON customer_order (lease_until)
  WHERE status IN ('PENDING', 'STOCK_RESERVED', 'PRICED', 'PAYMENT_AUTHORIZED', 'SHIPMENT_CREATED', 'CANCELLING');

CREATE TABLE order_line (
  order_id            uuid    NOT NULL REFERENCES customer_order (id),
  product_id          uuid    NOT NULL,
  quantity            integer NOT NULL CHECK (quantity BETWEEN 1 AND 100),
  unit_price_value    bigint  CHECK (unit_price_value >= 0),
  PRIMARY KEY (order_id, product_id)
);

CREATE TABLE order_history (
  order_id uuid        NOT NULL REFERENCES customer_order (id),
  seq      bigserial   PRIMARY KEY,
  status   text        NOT NULL,
  reason   text,
  at       timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX order_history_order_idx ON order_history (order_id, seq);

-- Each key a customer placed an order under, with a fingerprint of the request and, once placing ended, what it
-- answered, so that the same request again gets the same answer and nothing is done twice.
CREATE TABLE idempotency_key (
  customer_id text        NOT NULL,
  key         text        NOT NULL,
  fingerprint text        NOT NULL,
  order_id    uuid        NOT NULL,
  outcome     jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, key)
);

CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
