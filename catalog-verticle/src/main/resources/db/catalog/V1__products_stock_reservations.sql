-- The catalog owns products, their stock, and the stock held for orders while they check out.

CREATE TABLE product (
  id             uuid        PRIMARY KEY,
  sku            text        NOT NULL UNIQUE,
  name           text        NOT NULL,
  description    text        NOT NULL DEFAULT '',
  category       text        NOT NULL,
  price_value    bigint      NOT NULL CHECK (price_value >= 0),
  price_currency char(3)     NOT NULL,
  active         boolean     NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX product_category_idx ON product (category) WHERE active;
CREATE INDEX product_price_idx ON product (price_value) WHERE active;

-- Stock lives apart from the product row: reservations update it constantly, product edits rarely.
-- The checks are the last line of defence against overselling; the service never relies on hitting them.
CREATE TABLE stock (
  product_id uuid PRIMARY KEY REFERENCES product (id),
  on_hand    integer NOT NULL CHECK (on_hand >= 0),
  reserved   integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  CHECK (reserved <= on_hand)
);

-- One reservation per order: the order id is the idempotency key of reserve, commit and release.
CREATE TABLE reservation (
  order_id   text        PRIMARY KEY,
  status     text        NOT NULL CHECK (status IN ('HELD', 'COMMITTED', 'RELEASED', 'EXPIRED')),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX reservation_held_expiry_idx ON reservation (expires_at) WHERE status = 'HELD';

CREATE TABLE reservation_line (
  order_id   text    NOT NULL REFERENCES reservation (order_id),
  product_id uuid    NOT NULL REFERENCES product (id),
  quantity   integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, product_id)
);
