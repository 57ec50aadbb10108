-- Shipping quotes need each product's weight. Products that existed before get the default weight until edited.
ALTER TABLE product ADD COLUMN weight_grams integer NOT NULL DEFAULT 500 CHECK (weight_grams > 0);
