'use strict';

// The catalog over the bridge, anonymously, checked against the REST API of the same shop.

const test = require('node:test');
const assert = require('node:assert/strict');
const { shop, open, failureOf } = require('./support');

test('a catalog search over the bridge returns the products the REST API returns', async (t) => {
  const client = await open(t);
  const page = await client.call('bazaar.catalog', 'search', { query: { text: 'beans', size: 10 } });

  assert.equal(page.page, 1);
  assert.equal(page.size, 10);
  assert.ok(page.total >= 3, `the demo catalog has three kinds of beans, the search found ${page.total}`);
  assert.equal(page.items.length, Math.min(page.total, 10));
  for (const product of page.items) {
    assert.match(`${product.name} ${product.description}`, /beans/i);
    assert.match(product.id, /^[0-9a-f-]{36}$/);
    assert.equal(product.active, true);
    assert.equal(typeof product.price.value, 'number');
    assert.match(product.price.currency, /^[A-Z]{3}$/);
  }

  const rest = await fetch(`${shop().http}/api/v1/products?q=beans&size=10`);
  assert.equal(rest.status, 200);
  const restPage = await rest.json();
  assert.equal(page.total, restPage.total);
  assert.deepEqual(page.items.map((p) => p.id), restPage.items.map((p) => p.id));
});

test('get and products answer the products asked for; an unknown id is the service NOT_FOUND', async (t) => {
  const client = await open(t);
  const page = await client.call('bazaar.catalog', 'search', { query: { size: 3 } });
  assert.equal(page.items.length, 3);
  const ids = page.items.map((p) => p.id);

  const one = await client.call('bazaar.catalog', 'get', { productId: ids[0] });
  assert.equal(one.id, ids[0]);
  assert.equal(one.name, page.items[0].name);

  const many = await client.call('bazaar.catalog', 'products', { productIds: [ids[2], ids[0]] });
  assert.deepEqual(many.map((p) => p.id), [ids[2], ids[0]], 'in the order asked');

  const missing = await failureOf(client.call('bazaar.catalog', 'get', { productId: '00000000-0000-4000-8000-000000000000' }));
  assert.equal(missing.failureType, 'RECIPIENT_FAILURE');
  assert.equal(missing.failureCode, 4040);
});

test('an action the bridge does not offer is refused, and a malformed argument is a 400', async (t) => {
  const { customer } = shop();
  const client = await open(t, customer.token);
  const page = await client.call('bazaar.catalog', 'search', { query: { size: 1 } });

  const setStock = await failureOf(client.call('bazaar.catalog', 'setStock', { productId: page.items[0].id, onHand: 0 }));
  assert.equal(setStock.failureType, 'REFUSED');
  assert.equal(setStock.failureCode, 403);

  const malformed = await failureOf(client.call('bazaar.catalog', 'search', { query: 'beans' }));
  assert.equal(malformed.failureType, 'REFUSED');
  assert.equal(malformed.failureCode, 400);

  const after = await client.call('bazaar.catalog', 'get', { productId: page.items[0].id });
  assert.equal(after.stock.onHand, page.items[0].stock.onHand, 'the refused setStock changed nothing');
});
