'use strict';

// What the tests against a running shop share: where the shop is, whose tokens they hold, and a few helpers.
// scripts/with-shop.js starts a shop and sets these; to use a shop of your own, set them yourself:
//   BAZAAR_BRIDGE               host:port of the TCP event bus bridge
//   BAZAAR_HTTP                 base URL of the REST API, e.g. http://localhost:8080
//   BAZAAR_CUSTOMER_TOKEN       a customer token (bazaar token --sub alice --role customer)
//   BAZAAR_OTHER_CUSTOMER_TOKEN a token of another customer
//   BAZAAR_ADMIN_TOKEN          an admin token
//   BAZAAR_RATE_LIMIT=0         for a shop started with --rate-limit 0: skips the test of the limit
//   BAZAAR_BRIDGE_TLS=1         for a shop started with --tls-cert: the bridge speaks TLS (with-shop.js starts one so,
//                               with a self-signed certificate that NODE_EXTRA_CA_CERTS makes trusted)

const crypto = require('node:crypto');
const { connect, parseHostPort, tokenClaims } = require('../lib/bridge');

function required(name) {
  const value = process.env[name];
  if (!value || !value.trim()) {
    throw new Error(`${name} is not set: run these tests with 'node scripts/with-shop.js', or see test/support.js`);
  }
  return value.trim();
}

function shop() {
  const bridge = parseHostPort(required('BAZAAR_BRIDGE'));
  const http = required('BAZAAR_HTTP').replace(/\/+$/, '');
  const person = (variable) => {
    const token = required(variable);
    return { token, id: tokenClaims(token).sub };
  };
  const customer = person('BAZAAR_CUSTOMER_TOKEN');
  const other = person('BAZAAR_OTHER_CUSTOMER_TOKEN');
  const admin = person('BAZAAR_ADMIN_TOKEN');
  if (customer.id === other.id) throw new Error('the two customer tokens must be of different customers');
  return { bridge, http, customer, other, admin, tls: process.env.BAZAAR_BRIDGE_TLS === '1' };
}

/** A connection for this test, closed when it ends. */
async function open(t, token = null) {
  const { bridge, tls } = shop();
  const client = await connect(bridge.host, bridge.port, { token, tls });
  t.after(() => client.close());
  return client;
}

/**
 * Follows `address` and keeps what arrives. until(predicate, ms) resolves with the events so far as soon as one
 * satisfies predicate, or rejects after ms with what did arrive: no fixed sleeps.
 */
async function collect(client, address, options = {}) {
  const events = [];
  const waiters = new Set();
  const subscription = await client.follow(address, options, (event) => {
    events.push(event);
    for (const waiter of waiters) waiter.check();
  });
  const until = (predicate, ms, what = 'the expected event') =>
    new Promise((resolve, reject) => {
      const waiter = {
        check() {
          if (events.some(predicate)) {
            clearTimeout(waiter.timer);
            waiters.delete(waiter);
            resolve(events);
          }
        },
        timer: setTimeout(() => {
          waiters.delete(waiter);
          const seen = events.map((e) => `${e.type ?? '?'} ${e.aggregateId ?? ''}`.trim()).join(', ') || 'nothing';
          reject(new Error(`no ${what} on ${address} within ${ms} ms; got: ${seen}`));
        }, ms),
      };
      waiters.add(waiter);
      waiter.check();
    });
  return { events, until, subscription };
}

const SHIPPING_ADDRESS = { name: 'Alice Example', line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
const PAYING_CARD = { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 3, cvc: '123' };
const DECLINED_CARD = { ...PAYING_CARD, number: '4000000000009995' };

/** The first product of a catalog search with units left to sell. */
async function productInStock(client, text = 'beans') {
  const page = await client.call('bazaar.catalog', 'search', { query: { text, size: 50 } });
  const product = page.items.find((p) => available(p) > 0);
  if (!product) throw new Error(`no product in stock for '${text}'`);
  return product;
}

function available(product) {
  const stock = product.stock ?? {};
  return stock.available ?? (stock.onHand ?? 0) - (stock.reserved ?? 0);
}

/** Tokenizes `card` and places one unit of `productId`; resolves with { order, request, idempotencyKey }. */
async function placeOrder(client, productId, { card = PAYING_CARD, extraArgs = {} } = {}) {
  const method = await client.call('bazaar.payment', 'tokenize', { card });
  const request = { lines: [{ productId, quantity: 1 }], shippingAddress: SHIPPING_ADDRESS, paymentMethodId: method.id };
  const idempotencyKey = crypto.randomUUID();
  const order = await client.call('bazaar.order', 'place', { idempotencyKey, request, ...extraArgs });
  return { order, request, idempotencyKey, method };
}

/** The same token with its signature changed in the middle (the last character may only carry padding bits). */
function withBrokenSignature(token) {
  const [header, payload, signature] = token.split('.');
  const at = Math.floor(signature.length / 2);
  const changed = signature[at] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, at)}${changed}${signature.slice(at + 1)}`;
}

/** The same token claiming another subject, still with the original signature. */
function withSubject(token, sub) {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  const forged = Buffer.from(JSON.stringify({ ...claims, sub })).toString('base64url');
  return `${header}.${forged}.${signature}`;
}

/** Resolves with the BridgeError the promise fails with; fails the test if it succeeds. */
async function failureOf(promise) {
  try {
    const value = await promise;
    throw Object.assign(new Error(`expected a refusal, got ${JSON.stringify(value)?.slice(0, 300)}`), { unexpected: true });
  } catch (error) {
    if (error.unexpected) throw error;
    return error;
  }
}

module.exports = {
  shop,
  open,
  collect,
  productInStock,
  available,
  placeOrder,
  withBrokenSignature,
  withSubject,
  failureOf,
  SHIPPING_ADDRESS,
  PAYING_CARD,
  DECLINED_CARD,
};
