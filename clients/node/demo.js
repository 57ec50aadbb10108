#!/usr/bin/env node
'use strict';

/*
 * Shops over the TCP event bus bridge, as a customer: searches the catalog, orders one of the first product in stock
 * with the test card 4242 4242 4242 4242, and follows the order until it is delivered.
 *
 *   BAZAAR_BRIDGE=localhost:7000 \
 *   BAZAAR_TOKEN=$(java -jar launcher/target/bazaar.jar token --sub alice --role customer) \
 *   node clients/node/demo.js [search text]
 *
 * The search text defaults to "beans". With the shop's default carrier (2m,5m,3m) delivery takes ten minutes; a shop
 * started with --carrier-delays 5s,5s,5s delivers in about fifteen seconds.
 */

const crypto = require('node:crypto');
const { connect, parseHostPort, tokenClaims, BridgeError } = require('./lib/bridge');

/** Statuses after which nothing more happens to an order that was placed. */
const ENDED = new Set(['DELIVERED', 'CANCELLED', 'REFUNDED', 'REJECTED', 'PAYMENT_DECLINED', 'FAILED']);

function fail(message, status = 1) {
  console.error(`demo: ${message}`);
  process.exit(status);
}

function settings() {
  if (!process.env.BAZAAR_BRIDGE) fail('set BAZAAR_BRIDGE to the shop\'s bridge, e.g. BAZAAR_BRIDGE=localhost:7000', 2);
  let bridge;
  try {
    bridge = parseHostPort(process.env.BAZAAR_BRIDGE);
  } catch (error) {
    fail(`BAZAAR_BRIDGE: ${error.message}`, 2);
  }
  if (!process.env.BAZAAR_TOKEN) {
    fail('set BAZAAR_TOKEN to a customer token: BAZAAR_TOKEN=$(java -jar launcher/target/bazaar.jar token --sub alice --role customer)', 2);
  }
  let claims;
  const token = process.env.BAZAAR_TOKEN.trim();
  try {
    claims = tokenClaims(token);
  } catch (error) {
    fail(`BAZAAR_TOKEN is ${error.message}`, 2);
  }
  if (!claims.sub) fail('BAZAAR_TOKEN has no subject (sub): whose orders would these be?', 2);
  const roles = [].concat(claims.roles ?? []);
  if (claims.roles !== undefined && !roles.includes('customer')) {
    fail(`BAZAAR_TOKEN is not a customer's (roles: ${roles.join(', ') || 'none'}): mint one with --role customer`, 2);
  }
  const text = process.argv.slice(2).join(' ').trim() || 'beans';
  return { bridge, token, customerId: String(claims.sub), text };
}

function money({ value, currency }) {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits;
  return format.format(value / 10 ** digits);
}

const time = () => new Date().toISOString().slice(11, 19);

async function main() {
  const { bridge, token, customerId, text } = settings();
  const shop = await connect(bridge.host, bridge.port, { token });
  let done = false;
  shop.on('close', (error) => {
    if (!done) fail(`lost the connection to the bridge${error ? ` (${error.message})` : ''}`);
  });

  const page = await shop.call('bazaar.catalog', 'search', { query: { text, size: 20 } });
  const available = (p) => p.stock?.available ?? (p.stock?.onHand ?? 0) - (p.stock?.reserved ?? 0);
  const product = page.items.find((p) => available(p) > 0);
  console.log(`${page.total} product(s) match "${text}"${page.items.length ? `: ${page.items.map((p) => p.name).join(', ')}` : ''}`);
  if (!product) fail(`nothing in stock matches "${text}"; try another search, e.g. node demo.js beans`);
  console.log(`Ordering 1 × ${product.name} at ${money(product.price)}`);

  // Follow first: the order's first events are published while the place call is still running. They are kept until
  // we know which order is ours.
  let orderId = null;
  let last = null;
  const early = [];
  let delivered;
  const finished = new Promise((resolve) => {
    delivered = resolve;
  });
  const show = (event) => {
    const status = event.data?.status;
    if (event.aggregateId !== orderId || !status || status === last) return;
    last = status;
    console.log(`${time()}  ${status}${event.data.trackingNumber ? `  (tracking ${event.data.trackingNumber})` : ''}`);
    if (ENDED.has(status)) delivered(status);
  };
  await shop.follow(`bazaar.customers.${customerId}.orders`, {}, (event) => {
    if (orderId === null) early.push(event);
    else show(event);
  });

  const card = { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' };
  const paymentMethod = await shop.call('bazaar.payment', 'tokenize', { card });
  const order = await shop.call('bazaar.order', 'place', {
    idempotencyKey: crypto.randomUUID(), // a retry with the same key would answer this order, never place a second
    request: {
      lines: [{ productId: product.id, quantity: 1 }],
      shippingAddress: { name: 'Alice Example', line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      paymentMethodId: paymentMethod.id,
    },
  });
  orderId = order.id;
  console.log(`Order ${order.id} placed, total ${money(order.total)}, paid with ${paymentMethod.brand ?? 'card'} …${paymentMethod.last4 ?? ''}`);
  for (const event of early) show(event);
  if (last !== order.status && !ENDED.has(last)) {
    // The reply is newer than any event we may have missed; later events still come in order.
    last = order.status;
    console.log(`${time()}  ${order.status}`);
    if (ENDED.has(order.status)) delivered(order.status);
  }

  const end = await finished;
  done = true;
  await shop.close();
  if (end !== 'DELIVERED') fail(`the order ended ${end}`);
}

main().catch((error) => {
  if (error instanceof BridgeError) {
    const why = error.refused ? 'the bridge refused' : 'the shop failed';
    fail(`${why} ${error.message}`);
  }
  fail(error.message);
});
