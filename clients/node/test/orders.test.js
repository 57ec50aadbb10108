'use strict';

// A customer shops over the bridge: card to payment method, order, and the order's events until it is delivered.
// The shop under test runs its simulated carrier fast (scripts/with-shop.js: --carrier-delays 1s,1s,1s).

const test = require('node:test');
const assert = require('node:assert/strict');
const { shop, open, collect, productInStock, placeOrder, failureOf, DECLINED_CARD, SHIPPING_ADDRESS } = require('./support');

const DELIVERY_DEADLINE_MS = 45_000;

/** Which event announces which status (contracts: OrderEvents); the steps of a checkout announce none. */
const EVENT_TYPES = {
  PENDING: 'order.placed',
  CONFIRMED: 'order.confirmed',
  REJECTED: 'order.rejected',
  PAYMENT_DECLINED: 'order.payment-declined',
  FAILED: 'order.failed',
  CANCELLED: 'order.cancelled',
  SHIPPED: 'order.shipped',
  DELIVERED: 'order.delivered',
  REFUNDED: 'order.refunded',
};

test('an order placed over the bridge is CONFIRMED for the token\'s customer, then SHIPPED and DELIVERED', { timeout: 90_000 }, async (t) => {
  const { customer, other, admin, http } = shop();
  const client = await open(t, customer.token);
  const adminClient = await open(t, admin.token);

  // Follow before placing: the order's first events are published while the place call is still running.
  const mine = await collect(client, `bazaar.customers.${customer.id}.orders`);
  const all = await collect(adminClient, 'bazaar.events.order');

  const product = await productInStock(client);
  // customerId in the arguments is the bridge's to set from the token: claiming another customer changes nothing.
  const { order, request, idempotencyKey } = await placeOrder(client, product.id, { extraArgs: { customerId: other.id } });

  assert.equal(order.status, 'CONFIRMED');
  assert.equal(order.customerId, customer.id);
  assert.deepEqual(order.lines.map((l) => [l.productId, l.quantity]), [[product.id, 1]]);
  assert.equal(order.total.currency, product.price.currency);
  assert.ok(order.total.value >= product.price.value, 'the total is at least the item');
  assert.equal(order.shippingAddress.postalCode, SHIPPING_ADDRESS.postalCode);

  const isThis = (e) => e.aggregateId === order.id;
  await mine.until((e) => isThis(e) && e.data?.status === 'DELIVERED', DELIVERY_DEADLINE_MS, `DELIVERED event for ${order.id}`);

  // Every event on the customer's address is one of theirs, with the order as it then stood.
  for (const event of mine.events) {
    assert.equal(event.source, 'order');
    assert.equal(event.data.customerId, customer.id, `event ${event.id} of another customer on ${customer.id}'s address`);
    assert.equal(event.aggregateId, event.data.id);
    assert.equal(event.type, EVENT_TYPES[event.data.status], `the type of event ${event.id}`);
  }

  // The statuses of this order, each once however often an event came, in the order they came.
  const ours = mine.events.filter(isThis);
  const statuses = [...new Set(ours.map((e) => e.data.status))];
  const at = (status) => statuses.indexOf(status);
  assert.ok(at('CONFIRMED') >= 0, `CONFIRMED among ${statuses}`);
  assert.ok(at('CONFIRMED') < at('SHIPPED'), `CONFIRMED before SHIPPED in ${statuses}`);
  assert.ok(at('SHIPPED') < at('DELIVERED'), `SHIPPED before DELIVERED in ${statuses}`);
  assert.equal(statuses.at(-1), 'DELIVERED', `DELIVERED last in ${statuses}`);

  // Arrival order is the order of the order log.
  const distinct = [...new Map(ours.map((e) => [e.id, e])).values()];
  const positions = distinct.map((e) => e.position);
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'events arrive in log order');

  // The admin's feed of all orders carried the same order.
  await all.until((e) => isThis(e) && e.data?.status === 'DELIVERED', 10_000, `DELIVERED event for ${order.id} on bazaar.events.order`);

  // Reading it back: over the bridge, over REST, and not as another customer.
  const read = await client.call('bazaar.order', 'get', { orderId: order.id });
  assert.equal(read.status, 'DELIVERED');
  assert.equal(read.customerId, customer.id);

  const rest = await fetch(`${http}/api/v1/orders/${order.id}`, { headers: { authorization: `Bearer ${customer.token}` } });
  assert.equal(rest.status, 200);
  assert.equal((await rest.json()).status, 'DELIVERED');

  const otherClient = await open(t, other.token);
  const notTheirs = await failureOf(otherClient.call('bazaar.order', 'get', { orderId: order.id, customerId: customer.id }));
  assert.equal(notTheirs.failureType, 'RECIPIENT_FAILURE');
  assert.equal(notTheirs.failureCode, 4040);

  // The same idempotency key with the same request answers the same order, and places nothing new.
  const again = await client.call('bazaar.order', 'place', { idempotencyKey, request });
  assert.equal(again.id, order.id);
  const list = await client.call('bazaar.order', 'list', { page: 1, size: 100 });
  assert.equal(list.items.filter((o) => o.id === order.id).length, 1);
});

test('a declined card fails the place call with the service\'s PAYMENT_DECLINED', async (t) => {
  const { customer } = shop();
  const client = await open(t, customer.token);
  const product = await productInStock(client);
  const declined = await failureOf(placeOrder(client, product.id, { card: DECLINED_CARD }));
  assert.equal(declined.failureType, 'RECIPIENT_FAILURE');
  assert.equal(declined.failureCode, 4020);
});
