'use strict';

// The bridge of a shop started with --tls-cert speaks TLS with the shop's certificate, as its HTTPS does: tokens and
// card numbers do not cross the network in clear. with-shop.js starts the shop so, with a self-signed certificate.

const test = require('node:test');
const assert = require('node:assert/strict');
const { connect } = require('../lib/bridge');
const { shop, open, collect, productInStock, placeOrder } = require('./support');

test('the bridge speaks TLS with the certificate of the shop\'s HTTPS', { skip: !shop().tls && 'a shop without TLS' }, async (t) => {
  const client = await open(t);
  assert.equal(client.socket.encrypted, true);
  assert.equal(client.socket.getPeerCertificate().subject.CN, 'localhost');
  await client.ping();

  const rest = await fetch(`${shop().http}/ready`);
  assert.equal(rest.status, 200, 'the same certificate is trusted for HTTPS');
});

test('a client that does not speak TLS gets no pong from a TLS bridge', { skip: !shop().tls && 'a shop without TLS' }, async (t) => {
  const { bridge } = shop();
  const plain = await connect(bridge.host, bridge.port, { keepAliveMs: 0, pingTimeoutMs: 2000 });
  t.after(() => plain.close());
  await assert.rejects(plain.ping(), (error) => ['ETIMEDOUT', 'EBRIDGECLOSED', 'EBRIDGEPROTOCOL'].includes(error.code));
});

test('an anonymous client follows a sale on the public catalog, without the order or the reserved count', async (t) => {
  const { customer } = shop();
  const anonymous = await open(t);
  const buyer = await open(t, customer.token);
  const product = await productInStock(buyer);
  const publicCatalog = await collect(anonymous, 'bazaar.public.catalog');

  const { order } = await placeOrder(buyer, product.id);
  const events = await publicCatalog.until((e) => e.productId === product.id && e.type === 'catalog.stock-changed', 10_000,
    'the sale\'s stock change');
  for (const event of events) {
    assert.deepEqual(Object.keys(event).sort(), event.type === 'catalog.stock-changed'
      ? ['available', 'productId', 'type'] : ['active', 'available', 'price', 'productId', 'type']);
    assert.ok(!JSON.stringify(event).includes(order.id), 'no event names the order');
  }

  const refused = await anonymous.follow('bazaar.events.catalog', () => {}).then(() => null, (error) => error);
  assert.equal(refused?.failureCode, 401, 'the catalog\'s own events are for admins');
});
