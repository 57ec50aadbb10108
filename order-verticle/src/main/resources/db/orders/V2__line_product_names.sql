-- Each line keeps the product's name from its reservation, as it keeps the price, so the order and the notifications
-- about it say what was bought even after the product is renamed. Lines of older orders have none.
ALTER TABLE order_line ADD COLUMN product_name text;
