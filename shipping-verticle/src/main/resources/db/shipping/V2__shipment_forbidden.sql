-- An order whose shipment was cancelled before it was created: its checkout gave up while createShipment was still on
-- its way (a timeout, a crash). The mark makes that late creation a refusal, instead of a parcel for a dead order.
CREATE TABLE shipment_forbidden (
  order_id   text        PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);
