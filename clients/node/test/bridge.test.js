'use strict';

// The client on its own, against a small fake bridge in this process: no shop needed.
//   node --test test/bridge.test.js

const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { setTimeout: sleep } = require('node:timers/promises');

const { connect, encodeFrame, FrameDecoder, BridgeError, parseHostPort, tokenClaims } = require('../lib/bridge');

test('a frame is the byte length of its UTF-8 JSON, big-endian, then the JSON', () => {
  const frame = encodeFrame({ name: 'Crème brûlée ☕' });
  const json = '{"name":"Crème brûlée ☕"}';
  assert.equal(frame.readUInt32BE(0), Buffer.byteLength(json, 'utf8'));
  assert.notEqual(frame.readUInt32BE(0), json.length, 'characters are not bytes');
  assert.equal(frame.subarray(4).toString('utf8'), json);
});

test('frames split anywhere, even inside a length or a multi-byte character, come back whole', () => {
  const messages = [
    { type: 'message', address: 'a', body: { name: 'Teekanne 🫖 für Crème brûlée' } },
    { type: 'pong' },
    { type: 'err', address: 'b', failureCode: 403, failureType: 'REFUSED', message: 'ß'.repeat(300) },
  ];
  const stream = Buffer.concat(messages.map(encodeFrame));
  // Every chunk size from one byte at a time to all at once.
  for (let size = 1; size <= stream.length; size += size < 16 ? 1 : 37) {
    const decoder = new FrameDecoder();
    const decoded = [];
    for (let at = 0; at < stream.length; at += size) {
      decoded.push(...decoder.push(stream.subarray(at, at + size)));
    }
    assert.deepEqual(decoded, messages, `chunks of ${size} bytes`);
    assert.equal(decoder.pendingBytes, 0);
  }
});

test('a frame waits for its last byte', () => {
  const frame = encodeFrame({ type: 'pong' });
  const decoder = new FrameDecoder();
  assert.deepEqual(decoder.push(frame.subarray(0, frame.length - 1)), []);
  assert.equal(decoder.pendingBytes, frame.length - 1);
  assert.deepEqual(decoder.push(frame.subarray(frame.length - 1)), [{ type: 'pong' }]);
});

test('an oversized, non-JSON or non-object frame is an error, not a hang', () => {
  const huge = Buffer.alloc(4);
  huge.writeUInt32BE(1024);
  assert.throws(() => new FrameDecoder({ maxFrameBytes: 1000 }).push(huge), /1024 bytes, more than the 1000 allowed/);

  const garbage = Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('{x}')]);
  assert.throws(() => new FrameDecoder().push(garbage), /not JSON/);

  const array = Buffer.concat([Buffer.from([0, 0, 0, 2]), Buffer.from('[]')]);
  assert.throws(() => new FrameDecoder().push(array), /not a JSON object/);
});

test('BAZAAR_BRIDGE and tokens are read as documented', () => {
  assert.deepEqual(parseHostPort('localhost:7000'), { host: 'localhost', port: 7000 });
  assert.deepEqual(parseHostPort('[::1]:7000'), { host: '::1', port: 7000 });
  assert.deepEqual(parseHostPort('7000'), { host: 'localhost', port: 7000 });
  assert.throws(() => parseHostPort('localhost'), /not host:port/);
  assert.throws(() => parseHostPort('localhost:99999'), /not host:port/);
  assert.throws(() => parseHostPort(undefined), /not host:port/);

  const payload = Buffer.from(JSON.stringify({ sub: 'alice', roles: ['customer'] })).toString('base64url');
  assert.equal(tokenClaims(`e30.${payload}.c2ln`).sub, 'alice');
  assert.throws(() => tokenClaims('not-a-token'), /not a JWT/);
});

/**
 * A fake bridge: answers pings, replies to sends on 'echo' with their body and headers, fails sends on 'missing' as a
 * service would, refuses registers for addresses starting with 'secret.', and, on a send to 'emit', sends three events
 * to every registered address. It writes each frame in two pieces with a pause between, so the client has to put
 * them back together.
 */
async function fakeBridge(t) {
  const received = [];
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const registered = new Set();
    let lateRefusal = null;
    const decoder = new FrameDecoder();
    let writing = Promise.resolve();
    const send = (frame) => {
      const bytes = encodeFrame(frame);
      const cut = Math.max(1, Math.floor(bytes.length / 2) - 1);
      writing = writing.then(async () => {
        if (socket.destroyed) return;
        socket.write(bytes.subarray(0, cut));
        await sleep(5);
        if (!socket.destroyed) socket.write(bytes.subarray(cut));
      });
    };
    socket.on('data', (chunk) => {
      for (const frame of decoder.push(chunk)) {
        received.push(frame);
        if (frame.type === 'ping' && lateRefusal) {
          // The pong, and right behind it in the same chunk, a refusal of an address registered before the ping.
          const late = { type: 'err', address: lateRefusal, failureCode: 403, failureType: 'REFUSED', message: 'changed my mind' };
          writing = writing.then(() => socket.write(Buffer.concat([encodeFrame({ type: 'pong' }), encodeFrame(late)])));
          lateRefusal = null;
        } else if (frame.type === 'ping') send({ type: 'pong' });
        else if (frame.type === 'register' && frame.address.startsWith('late.')) lateRefusal = frame.address;
        else if (frame.type === 'register' && frame.address.startsWith('secret.')) {
          send({ type: 'err', address: frame.address, failureCode: 403, failureType: 'REFUSED', message: 'not yours' });
        } else if (frame.type === 'register') registered.add(frame.address);
        else if (frame.type === 'unregister') registered.delete(frame.address);
        else if (frame.type === 'send' && frame.address === 'echo') {
          send({ type: 'message', address: frame.replyAddress, body: { got: frame.body, headers: frame.headers } });
        } else if (frame.type === 'send' && frame.address === 'missing') {
          send({ type: 'err', address: frame.replyAddress, failureCode: 4040, failureType: 'RECIPIENT_FAILURE', message: 'no such product' });
        } else if (frame.type === 'send' && frame.address === 'emit') {
          for (const address of registered) {
            for (const n of [1, 2, 3]) send({ type: 'message', address, body: { n } });
          }
          send({ type: 'message', address: frame.replyAddress, body: null });
        }
        // 'silent' gets no answer at all.
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  return { port: server.address().port, received, sockets };
}

test('a call resolves with the reply body and carries the action and the token', async (t) => {
  const bridge = await fakeBridge(t);
  const client = await connect('127.0.0.1', bridge.port, { token: 'default-token', keepAliveMs: 0 });
  t.after(() => client.close());

  const reply = await client.call('echo', 'search', { query: { text: 'tea' } });
  assert.deepEqual(reply.got, { query: { text: 'tea' } });
  assert.deepEqual(reply.headers, { action: 'search', authorization: 'Bearer default-token' });

  const own = await client.call('echo', 'get', {}, { token: 'other' });
  assert.equal(own.headers.authorization, 'Bearer other');

  const anonymous = await client.call('echo', 'get', {}, { token: null });
  assert.deepEqual(anonymous.headers, { action: 'get' }, 'token: null sends none');

  const sends = bridge.received.filter((f) => f.type === 'send');
  assert.equal(new Set(sends.map((f) => f.replyAddress)).size, 3, 'each call has its own reply address');
});

test('calls in flight together each get their own reply', async (t) => {
  const bridge = await fakeBridge(t);
  const client = await connect('127.0.0.1', bridge.port, { keepAliveMs: 0 });
  t.after(() => client.close());
  const replies = await Promise.all([...Array(20).keys()].map((n) => client.call('echo', 'get', { n })));
  assert.deepEqual(replies.map((r) => r.got.n), [...Array(20).keys()]);
});

test('an err frame rejects the call with its code and type, and the connection goes on', async (t) => {
  const bridge = await fakeBridge(t);
  const client = await connect('127.0.0.1', bridge.port, { keepAliveMs: 0 });
  t.after(() => client.close());

  const error = await client.call('missing', 'get', { productId: 'x' }).then(
    () => assert.fail('the call should have failed'),
    (e) => e,
  );
  assert.ok(error instanceof BridgeError);
  assert.equal(error.failureCode, 4040);
  assert.equal(error.failureType, 'RECIPIENT_FAILURE');
  assert.equal(error.refused, false);
  assert.match(error.message, /missing get: 4040 RECIPIENT_FAILURE: no such product/);

  assert.deepEqual((await client.call('echo', 'get', { again: true })).got, { again: true });
});

test('follow resolves once registered and delivers events in order; a refused one rejects', async (t) => {
  const bridge = await fakeBridge(t);
  const client = await connect('127.0.0.1', bridge.port, { keepAliveMs: 0 });
  t.after(() => client.close());

  const events = [];
  const subscription = await client.follow('orders', { token: 't' }, (body) => events.push(body.n));
  const register = bridge.received.find((f) => f.type === 'register');
  assert.deepEqual(register, { type: 'register', address: 'orders', headers: { authorization: 'Bearer t' } });

  await assert.rejects(client.follow('orders', () => {}), { code: 'EALREADYFOLLOWING' });

  await assert.rejects(client.follow('secret.orders', () => {}), (e) => {
    assert.ok(e instanceof BridgeError);
    assert.equal(e.failureCode, 403);
    assert.equal(e.refused, true);
    return true;
  });

  await client.call('emit', 'now');
  assert.deepEqual(events, [1, 2, 3]);

  await subscription.unregister();
  assert.equal(bridge.received.at(-2).type, 'unregister');
  await client.call('emit', 'now');
  assert.deepEqual(events, [1, 2, 3], 'nothing after unregister');
});

test('an err frame that comes after the pong is a later refusal, not the answer to the register', async (t) => {
  const bridge = await fakeBridge(t);
  const client = await connect('127.0.0.1', bridge.port, { keepAliveMs: 0 });
  t.after(() => client.close());
  const later = [];
  const errs = [];
  client.on('err', (e) => errs.push(e));
  const subscription = await client.follow('late.orders', { onError: (e) => later.push(e) }, () => {});
  assert.equal(subscription.address, 'late.orders');
  assert.deepEqual(later.map((e) => e.failureCode), [403]);
  assert.deepEqual(errs.map((e) => e.message), ['register late.orders: 403 REFUSED: changed my mind']);
  await client.follow('late.orders', {}, () => {}); // refused, it is no longer followed here: it may be followed again
});

test('an unanswered call times out, and a closed connection rejects what is in flight', async (t) => {
  const bridge = await fakeBridge(t);
  const client = await connect('127.0.0.1', bridge.port, { keepAliveMs: 0 });
  await assert.rejects(client.call('silent', 'get', {}, { timeoutMs: 50 }), { code: 'ETIMEDOUT' });

  const closed = new Promise((resolve) => client.once('close', resolve));
  const inFlight = client.call('silent', 'get');
  for (const socket of bridge.sockets) socket.destroy();
  await assert.rejects(inFlight, { code: 'EBRIDGECLOSED' });
  await closed;
  await assert.rejects(client.call('echo', 'get'), { code: 'EBRIDGECLOSED' });
});

test('the keep-alive pings, and drops a bridge that stops answering', async (t) => {
  const sockets = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    socket.resume(); // reads, never answers
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  const client = await connect('127.0.0.1', server.address().port, { keepAliveMs: 30 });
  const pings = [];
  client.on('frame', (frame, direction) => direction === 'out' && pings.push(frame.type));
  const error = await new Promise((resolve) => client.once('close', resolve));
  assert.deepEqual(pings, ['ping']);
  assert.match(error.message, /no pong from the bridge within 30 ms/);
});

test('connecting where nothing listens fails with the address', async () => {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  await assert.rejects(connect('127.0.0.1', port), new RegExp(`cannot reach the bridge at 127.0.0.1:${port} \\(ECONNREFUSED\\)`));
});
