-- The payment service keeps what a shop may keep of a card, and the payment of each order.

-- A card exchanged for a token. No number and no CVC, ever: the brand, the last 4 and the expiry are all a customer
-- needs to recognise it, and the gateway's reference is all the processor needs to charge it.
CREATE TABLE payment_method (
  id                text        PRIMARY KEY,
  customer_id       text        NOT NULL,
  brand             text        NOT NULL,
  last4             char(4)     NOT NULL,
  exp_month         integer     NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
  exp_year          integer     NOT NULL,
  gateway_reference text        NOT NULL, -- the processor's token; the simulator keeps which test behaviour was chosen
  created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payment_method_customer_idx ON payment_method (customer_id);

-- One payment per order: the order id is the idempotency key of authorize, capture and void.
CREATE TABLE payment (
  order_id          text        PRIMARY KEY,
  customer_id       text        NOT NULL,
  payment_method_id text        NOT NULL REFERENCES payment_method (id),
  status            text        NOT NULL CHECK (status IN ('PENDING', 'AUTHORIZED', 'DECLINED', 'FAILED', 'CAPTURED',
                                                           'VOIDED', 'PARTIALLY_REFUNDED', 'REFUNDED')),
  currency          char(3)     NOT NULL,
  amount_value      bigint      NOT NULL CHECK (amount_value > 0),
  captured_value    bigint      NOT NULL DEFAULT 0 CHECK (captured_value IN (0, amount_value)),
  refunded_value    bigint      NOT NULL DEFAULT 0 CHECK (refunded_value >= 0),
  decline_reason    text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  -- The last line of defence: never more refunded than captured. The service checks first.
  CHECK (refunded_value <= captured_value)
);

-- Each refund under the caller's id, so that a repeated refund is recognised and gives back nothing more. A refund is
-- PENDING from the moment its amount is claimed until the processor has paid it out.
CREATE TABLE refund (
  refund_id    text        PRIMARY KEY,
  order_id     text        NOT NULL REFERENCES payment (order_id),
  amount_value bigint      NOT NULL CHECK (amount_value > 0),
  status       text        NOT NULL CHECK (status IN ('PENDING', 'DONE')),
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX refund_order_idx ON refund (order_id);
