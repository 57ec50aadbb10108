-- A reservation keeps the name each product had when it was held, as it keeps the price: the order and the
-- customer's confirmation read what was bought, even after the product is renamed. Older lines have none.
ALTER TABLE reservation_line ADD COLUMN product_name text;
