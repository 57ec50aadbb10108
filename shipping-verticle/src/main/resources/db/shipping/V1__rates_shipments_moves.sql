-- Shipping owns its rates, the shipments of orders, and every move the carrier made with them.

-- What a parcel costs, by zone and weight band, in EUR minor units. A parcel takes the lightest band it fits in; the
-- heaviest band (31.5 kg, what parcel carriers take) is the limit of what the shop ships.
CREATE TABLE rate (
  zone           text    NOT NULL CHECK (zone IN ('DOMESTIC', 'EU', 'REST_OF_WORLD')),
  max_grams      integer NOT NULL CHECK (max_grams > 0),
  price_value    bigint  NOT NULL CHECK (price_value >= 0),
  price_currency char(3) NOT NULL DEFAULT 'EUR',
  PRIMARY KEY (zone, max_grams)
);

INSERT INTO rate (zone, max_grams, price_value) VALUES
  ('DOMESTIC',       1000,  499), ('DOMESTIC',       5000,  699), ('DOMESTIC',      10000,  999), ('DOMESTIC',      31500, 1699),
  ('EU',             1000,  999), ('EU',             5000, 1599), ('EU',            10000, 2499), ('EU',            31500, 3999),
  ('REST_OF_WORLD',  1000, 1999), ('REST_OF_WORLD',  5000, 3499), ('REST_OF_WORLD', 10000, 5499), ('REST_OF_WORLD', 31500, 8999);

-- The member states of the EU. The shop's own country is domestic whether or not it is listed here: it comes from
-- configuration, not from this table.
CREATE TABLE eu_country (
  country char(2) PRIMARY KEY
);

INSERT INTO eu_country (country) VALUES
  ('AT'), ('BE'), ('BG'), ('CY'), ('CZ'), ('DE'), ('DK'), ('EE'), ('ES'), ('FI'), ('FR'), ('GR'), ('HR'), ('HU'),
  ('IE'), ('IT'), ('LT'), ('LU'), ('LV'), ('MT'), ('NL'), ('PL'), ('PT'), ('RO'), ('SE'), ('SI'), ('SK');

-- One shipment per order: the order id is the idempotency key of creating and cancelling it. next_move_at is when the
-- carrier moves it on; keeping it here rather than in a timer is what lets a restarted service carry on.
CREATE TABLE shipment (
  order_id        text        PRIMARY KEY,
  tracking_number text        NOT NULL UNIQUE,
  status          text        NOT NULL
                  CHECK (status IN ('LABEL_CREATED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'CANCELLED')),
  recipient       text        NOT NULL,
  line1           text        NOT NULL,
  line2           text,
  city            text        NOT NULL,
  postal_code     text        NOT NULL,
  country         char(2)     NOT NULL,
  weight_grams    integer     NOT NULL CHECK (weight_grams > 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  next_move_at    timestamptz,
  -- A parcel that has arrived or was stopped is never moved again; one still on its way always has a due time.
  CHECK ((next_move_at IS NULL) = (status IN ('DELIVERED', 'CANCELLED')))
);

CREATE INDEX shipment_due_idx ON shipment (next_move_at) WHERE next_move_at IS NOT NULL;

-- The history of each shipment. A shipment enters each status at most once, so a move made twice fails here.
CREATE TABLE shipment_move (
  id       bigserial   PRIMARY KEY,
  order_id text        NOT NULL REFERENCES shipment (order_id),
  status   text        NOT NULL,
  moved_at timestamptz NOT NULL DEFAULT now(),
  place    text        NOT NULL,
  UNIQUE (order_id, status)
);
