-- The rates' amounts are in whichever currency the shop sells in (--currency), in hundredths of it: 999 is 9.99 EUR in
-- a shop selling in EUR and 9.99 GBP in one selling in GBP. The column that said EUR for every rate said what is no
-- longer true, so it goes; the currency of a quote comes from the shop's configuration.
ALTER TABLE rate DROP COLUMN price_currency;
