-- An order voided before it had a payment: its checkout gave up while the authorize was still on its way (a timeout,
-- a crash). The mark makes that late authorize a refusal, instead of a hold on the card that nobody would release.
CREATE TABLE authorization_forbidden (
  order_id   text        PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);
