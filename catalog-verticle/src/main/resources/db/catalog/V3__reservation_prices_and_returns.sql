-- A reservation line keeps the price and weight its units were held at: what the order is charged is what the catalog
-- said in the same transaction that held the stock. Lines held before this migration have none.
ALTER TABLE reservation_line
  ADD COLUMN unit_price_value    bigint  CHECK (unit_price_value >= 0),
  ADD COLUMN unit_price_currency char(3),
  ADD COLUMN weight_grams        integer CHECK (weight_grams > 0);

-- A committed reservation whose order is cancelled gives its units back: RETURNED.
ALTER TABLE reservation DROP CONSTRAINT reservation_status_check;
ALTER TABLE reservation ADD CONSTRAINT reservation_status_check
  CHECK (status IN ('HELD', 'COMMITTED', 'RELEASED', 'EXPIRED', 'RETURNED'));
