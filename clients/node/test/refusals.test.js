'use strict';

// What the bridge refuses: calls without the right token, other customers' addresses, forged tokens. A refusal is an
// err frame for that one frame; the connection carries on.

const test = require('node:test');
const assert = require('node:assert/strict');
const {
  shop, open, collect, productInStock, placeOrder, failureOf, withBrokenSignature, withSubject, SHIPPING_ADDRESS,
} = require('./support');

function assertRefused(error, codes) {
  assert.equal(error.name, 'BridgeError', `expected an err frame, got ${error.stack}`);
  assert.equal(error.failureType, 'REFUSED', error.message);
  assert.ok([].concat(codes).includes(error.failureCode), `failureCode ${error.failureCode}, expected ${codes}: ${error.message}`);
}

test('an anonymous place is refused, and the same connection then still answers a catalog search', async (t) => {
  const client = await open(t); // no token
  const product = await productInStock(client);
  const request = {
    lines: [{ productId: product.id, quantity: 1 }],
    shippingAddress: SHIPPING_ADDRESS,
    paymentMethodId: '00000000-0000-4000-8000-000000000000',
  };
  const refused = await failureOf(client.call('bazaar.order', 'place', { idempotencyKey: 'anonymous-1', request }));
  assertRefused(refused, [401, 403]);

  const page = await client.call('bazaar.catalog', 'search', { query: { text: 'beans' } });
  assert.ok(page.items.length > 0, 'the search after the refusal found products');
  assert.ok(page.items.some((p) => p.id === product.id));
});

test('following another customer\'s orders is refused with 403, and nothing of theirs arrives', async (t) => {
  const { customer, other, admin } = shop();
  const client = await open(t, customer.token);
  const frames = [];
  client.on('frame', (frame, direction) => direction === 'in' && frames.push(frame));

  const theirs = `bazaar.customers.${other.id}.orders`;
  assertRefused(await failureOf(client.follow(theirs, () => assert.fail('an event of another customer arrived'))), 403);
  assertRefused(await failureOf(client.follow(`bazaar.customers.${other.id}.notifications`, () => {})), 403);
  assertRefused(await failureOf(client.follow('bazaar.events.order', () => {})), 403);

  // Anonymous is no better.
  const anonymous = await open(t);
  assertRefused(await failureOf(anonymous.follow(`bazaar.customers.${customer.id}.orders`, () => {})), [401, 403]);

  // The other customer orders, and sees their own events; the refused follow above must not have registered anyway.
  const otherClient = await open(t, other.token);
  const own = await collect(otherClient, theirs);
  const { order } = await placeOrder(otherClient, (await productInStock(otherClient)).id);
  await own.until((e) => e.aggregateId === order.id && e.data?.status === 'CONFIRMED', 15_000, 'their CONFIRMED event');
  // An admin finds it among that customer's orders; a customer may not search at all.
  const adminClient = await open(t, admin.token);
  const found = await adminClient.call('bazaar.order', 'search', { search: { customerId: other.id, size: 100 } });
  assert.ok(found.items.some((o) => o.id === order.id), 'the admin search finds the order');
  assert.ok(found.items.every((o) => o.customerId === other.id));
  assertRefused(await failureOf(client.call('bazaar.order', 'search', { search: { customerId: other.id } })), 403);

  await client.ping(); // a round trip, so that anything the bridge had queued for this connection has arrived
  const leaked = frames.filter((f) => f.type === 'message' && f.address === theirs);
  assert.deepEqual(leaked, [], 'no event of another customer reached this connection');
});

test('a forged token is refused with 401: changed signature, or another subject under the same signature', async (t) => {
  const { customer, other } = shop();
  const client = await open(t);
  const broken = withBrokenSignature(customer.token);
  const impostor = withSubject(customer.token, other.id);

  for (const [name, token] of [['changed signature', broken], ['changed subject', impostor]]) {
    const listed = await failureOf(client.call('bazaar.order', 'list', { page: 1, size: 10 }, { token }));
    assertRefused(listed, 401);
    assert.match(listed.message, /./, `${name}: the refusal says why`);

    assertRefused(await failureOf(client.follow(`bazaar.customers.${tokenSub(token)}.orders`, { token }, () => {})), 401);
    assertRefused(await failureOf(client.call('bazaar.catalog', 'search', { query: {} }, { token })), 401);
  }

  // The genuine token on the same connection still works.
  const list = await client.call('bazaar.order', 'list', { page: 1, size: 10 }, { token: customer.token });
  assert.ok(Array.isArray(list.items));
});

function tokenSub(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub;
}

test('a caller over the rate is refused with 429, and the connection and other callers carry on', async (t) => {
  if (process.env.BAZAAR_RATE_LIMIT === '0') {
    t.skip('the shop under test does not limit rates (BAZAAR_RATE_LIMIT=0)');
    return;
  }
  // The admin's token, which no test after this one uses: the limit is per token subject, and refills in a second.
  const { admin, customer } = shop();
  const client = await open(t, admin.token);
  const calls = Array.from({ length: 250 }, () => client.call('bazaar.catalog', 'search', { query: { size: 1 } }));
  const results = await Promise.allSettled(calls);
  const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
  assert.ok(refused.length > 0, 'some of 250 calls at once are over the default burst of 100');
  for (const error of refused) assertRefused(error, 429);
  assert.match(refused[0].message, /try again in \d+ s/);
  assert.ok(results.some((r) => r.status === 'fulfilled'), 'the calls within the burst were answered');

  await client.ping();
  const page = await client.call('bazaar.catalog', 'search', { query: { size: 1 } }, { token: customer.token });
  assert.equal(page.items.length, 1, 'another caller on the same connection is not held back');
});
