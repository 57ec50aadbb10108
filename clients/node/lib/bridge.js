'use strict';

/*
 * A client of Bazaar's TCP event bus bridge, with nothing but Node's built-ins.
 *
 * The wire protocol is the one of vertx-tcp-eventbus-bridge: each frame is a 4-byte big-endian length, then that many
 * bytes of UTF-8 JSON. We send
 *   {"type":"send","address":A,"replyAddress":R,"headers":{...},"body":{...}}   a request; the answer comes to R
 *   {"type":"register","address":A,"headers":{...}}                             deliver what is sent to A
 *   {"type":"unregister","address":A,"headers":{...}}
 *   {"type":"ping"}
 * and get back
 *   {"type":"message","address":R-or-A,"body":...}     a reply (address R) or an event on a followed address A
 *   {"type":"err","address":R-or-A,"failureCode":N,"failureType":T,"message":"..."}
 *   {"type":"pong"}
 *
 * Calls are Vert.x service-proxy messages: the method's name in the `action` header, its arguments by name in the
 * body. A bearer token rides in the `authorization` header of every frame that needs one.
 *
 *   const { connect } = require('./lib/bridge');
 *   const shop = await connect('localhost', 7000, { token });      // or { token, tls: true } for a shop with --tls-cert
 *   const page = await shop.call('bazaar.catalog', 'search', { query: { text: 'beans' } });
 *   const sub = await shop.follow(`bazaar.customers.${customerId}.orders`, {}, (event) => console.log(event.type));
 *   ...
 *   await shop.close();
 */

const net = require('node:net');
const tls = require('node:tls');
const crypto = require('node:crypto');
const { EventEmitter } = require('node:events');

const LENGTH_BYTES = 4;

/** Frames bigger than this are a broken or hostile peer, not a big catalog page: we drop the connection. */
const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * Longer than the event bus's own 30 s send timeout, so that when the shop is slow its TIMEOUT err frame, which says
 * which address timed out, normally arrives before we give up on our side.
 */
const DEFAULT_CALL_TIMEOUT_MS = 35_000;
const DEFAULT_PING_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** A third of the shop's --bridge-idle-timeout default (30 s): a quiet but live connection is never closed as idle. */
const DEFAULT_KEEP_ALIVE_MS = 10_000;

/** One frame for the wire: the length of the UTF-8 JSON (in bytes, not characters), then the JSON. */
function encodeFrame(message) {
  const json = Buffer.from(JSON.stringify(message), 'utf8');
  const frame = Buffer.allocUnsafe(LENGTH_BYTES + json.length);
  frame.writeUInt32BE(json.length, 0);
  json.copy(frame, LENGTH_BYTES);
  return frame;
}

/**
 * Turns the byte stream back into frames. TCP keeps the bytes in order but not the frame boundaries: one 'data' chunk
 * may hold half a length prefix, several frames, or end in the middle of a multi-byte UTF-8 character. So chunks are
 * kept as they come, and a payload is decoded only once all of its bytes are here.
 */
class FrameDecoder {
  constructor({ maxFrameBytes = DEFAULT_MAX_FRAME_BYTES } = {}) {
    this.maxFrameBytes = maxFrameBytes;
    this.chunks = [];
    this.buffered = 0;
    this.frameLength = null; // length of the frame being read, once its prefix has arrived
  }

  /** Takes the next chunk from the socket and returns the frames it completes (maybe none). Throws on a bad frame. */
  push(chunk) {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames = [];
    for (;;) {
      if (this.frameLength === null) {
        if (this.buffered < LENGTH_BYTES) break;
        this.frameLength = this.take(LENGTH_BYTES).readUInt32BE(0);
        if (this.frameLength > this.maxFrameBytes) {
          throw new Error(`the bridge sent a frame of ${this.frameLength} bytes, more than the ${this.maxFrameBytes} allowed`);
        }
      }
      if (this.buffered < this.frameLength) break;
      const payload = this.take(this.frameLength);
      this.frameLength = null;
      let message;
      try {
        message = JSON.parse(payload.toString('utf8'));
      } catch (e) {
        throw new Error(`the bridge sent a frame that is not JSON (${e.message})`);
      }
      if (message === null || typeof message !== 'object' || Array.isArray(message)) {
        throw new Error('the bridge sent a frame that is not a JSON object');
      }
      frames.push(message);
    }
    return frames;
  }

  /** Bytes not yet part of a whole frame: 0 between frames. */
  get pendingBytes() {
    return this.buffered + (this.frameLength === null ? 0 : LENGTH_BYTES);
  }

  /** Removes the first n buffered bytes (n <= this.buffered), copying only when they span chunks. */
  take(n) {
    const first = this.chunks[0];
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let copied = 0;
    while (copied < n) {
      const chunk = this.chunks[0];
      const wanted = Math.min(chunk.length, n - copied);
      chunk.copy(out, copied, 0, wanted);
      copied += wanted;
      if (wanted === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(wanted);
    }
    this.buffered -= n;
    return out;
  }
}

/**
 * An err frame, as an Error. failureType is REFUSED when the bridge itself said no (failureCode 400, 401, 403 or 429,
 * like the HTTP statuses), RECIPIENT_FAILURE when the service failed the call (failureCode from the shop's ErrorCode:
 * 4040 not found, 4091 insufficient stock, ...), NO_HANDLERS or TIMEOUT from the event bus.
 */
class BridgeError extends Error {
  constructor(frame, context) {
    const code = frame.failureCode === undefined ? '' : ` ${frame.failureCode}`;
    const type = frame.failureType === undefined ? '' : ` ${frame.failureType}`;
    super(`${context}:${code}${type}: ${frame.message ?? '(no message)'}`);
    this.name = 'BridgeError';
    this.failureCode = frame.failureCode;
    this.failureType = frame.failureType;
    this.address = frame.address;
    this.frame = frame;
  }

  /** Whether the bridge refused the frame (bad token, not allowed, rate limited, malformed), rather than a service failing it. */
  get refused() {
    return this.failureType === 'REFUSED';
  }
}

/** A failure of our own, not an err frame: code is ETIMEDOUT, EBRIDGECLOSED, EALREADYFOLLOWING or EBRIDGEPROTOCOL. */
function clientError(code, message, cause) {
  const error = new Error(message, cause ? { cause } : undefined);
  error.code = code;
  return error;
}

/**
 * One connection to the bridge. Make it with connect(). Requests, follows and pings on it may overlap freely.
 *
 * Events, mostly for debugging and tests:
 *   'frame' (frame, direction)   every frame, direction 'in' or 'out'
 *   'unrouted' (frame)           a message for no call or follow of ours
 *   'err' (BridgeError)          an err frame that no call or follow of ours was waiting for
 *   'close' (error | undefined)  the connection is gone, with what broke it, if anything did
 * Nothing is emitted as 'error', so a client without listeners never crashes the process: what is in flight when the
 * connection fails is rejected instead.
 */
class BridgeClient extends EventEmitter {
  constructor(socket, options = {}) {
    super();
    this.socket = socket;
    this.token = options.token ?? null;
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.pingTimeoutMs = options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
    this.decoder = new FrameDecoder({ maxFrameBytes: options.maxFrameBytes });
    this.calls = new Map(); // replyAddress -> { resolve, reject, timer, context }
    this.follows = new Map(); // address -> { onEvent, onError, registered, reject }
    this.pings = []; // one entry per ping sent, oldest first: pongs carry no id, so they answer in order
    this.closed = false;
    this.failure = undefined;

    socket.setNoDelay(true); // small frames that someone waits for: don't let Nagle hold them back
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (error) => {
      this.failure ??= error;
    });
    socket.on('close', () => this.onClose());

    const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
    if (keepAliveMs > 0) this.startKeepAlive(keepAliveMs);
  }

  /**
   * Calls `action` of the service at `address` with `args`, the method's arguments by name, and resolves with the
   * reply's body (null for a method answering nothing). Rejects with a BridgeError on an err frame.
   * options: token (this call's bearer token; null for none; default the connection's), headers, timeoutMs.
   */
  call(address, action, args = {}, options = {}) {
    options = options ?? {};
    const replyAddress = `reply.${crypto.randomUUID()}`;
    const context = `${address} ${action}`;
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(this.closedError(context));
        return;
      }
      const timeoutMs = options.timeoutMs ?? this.callTimeoutMs;
      const timer = setTimeout(() => {
        this.calls.delete(replyAddress);
        reject(clientError('ETIMEDOUT', `${context}: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.calls.set(replyAddress, { resolve, reject, timer, context });
      this.write({
        type: 'send',
        address,
        replyAddress,
        headers: this.headers(options, { action }),
        body: args,
      });
    });
  }

  /**
   * Registers for what is sent to `address` and calls onEvent(body, frame) for each, in the order they arrive.
   * Resolves with a subscription ({ address, unregister() }) once the bridge accepted the registration; rejects with
   * its BridgeError when the bridge refused it.
   *
   * The bridge answers nothing when a registration succeeds, only an err frame when it refuses. It handles the frames
   * of a connection in order, though, so we send a ping right after the register: a pong arriving before any err
   * means the registration went through.
   *
   * options: token, headers, timeoutMs, onError (called with a BridgeError if the bridge refuses the address later).
   * Events stop when the connection closes; the client's 'close' event says so, and a new connection must follow again.
   */
  async follow(address, options, onEvent) {
    if (typeof options === 'function') {
      onEvent = options;
      options = {};
    }
    options = options ?? {};
    if (typeof onEvent !== 'function') throw new TypeError('follow needs a function to call with each event');
    if (this.closed) throw this.closedError(`register ${address}`);
    // The bridge keeps one consumer per address and connection: a second register would replace the first
    // without removing it, and every event would then arrive twice.
    if (this.follows.has(address)) {
      throw clientError('EALREADYFOLLOWING', `already following ${address} on this connection`);
    }
    const follow = { onEvent, onError: options.onError, registered: false, reject: null };
    const refused = new Promise((_, reject) => {
      follow.reject = reject;
    });
    this.follows.set(address, follow);
    this.write({ type: 'register', address, headers: this.headers(options) });
    // Whichever comes first: the pong (accepted) or an err frame for this address (refused). The pong marks the
    // follow registered as it is read, so that an err frame later in the same chunk is not taken for the refusal.
    const accepted = this.sendPing(options.timeoutMs, () => {
      follow.registered = true;
    });
    try {
      await Promise.race([accepted, refused]);
    } catch (error) {
      if (this.follows.get(address) === follow) this.follows.delete(address);
      throw error;
    }
    return {
      address,
      unregister: (unregisterOptions = {}) => this.unregister(address, follow, { ...options, ...unregisterOptions }),
    };
  }

  async unregister(address, follow, options) {
    if (this.follows.get(address) !== follow) return; // already gone
    this.follows.delete(address); // stop delivering at once, whatever the bridge still sends
    if (this.closed) return;
    this.write({ type: 'unregister', address, headers: this.headers(options) });
    await this.sendPing(options.timeoutMs);
  }

  /** Resolves when the bridge answers a ping: a round trip through everything sent before it on this connection. */
  ping(options = {}) {
    return this.sendPing(options.timeoutMs);
  }

  /** A ping; onPong, if given, runs the moment its pong is read, before the frames after it are. */
  sendPing(timeoutMs = this.pingTimeoutMs, onPong = undefined) {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(this.closedError('ping'));
        return;
      }
      const entry = { resolve, reject, onPong, settled: false, timer: null };
      // A ping that timed out stays in the queue: its pong may still come, and must not be taken for the next one's.
      entry.timer = setTimeout(() => {
        entry.settled = true;
        reject(clientError('ETIMEDOUT', `no pong within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pings.push(entry);
      this.write({ type: 'ping' });
    });
  }

  /** Ends the connection; resolves once it is closed. Whatever is still in flight is rejected with EBRIDGECLOSED. */
  close() {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
      // The bridge closes its side when ours ends; if it doesn't, don't wait forever.
      setTimeout(() => this.socket.destroy(), 2000).unref();
    });
  }

  headers(options, extra = {}) {
    const headers = { ...(options.headers ?? {}), ...extra };
    const token = Object.hasOwn(options, 'token') ? options.token : this.token;
    if (token) headers.authorization = `Bearer ${token}`;
    return headers;
  }

  write(frame) {
    this.emit('frame', frame, 'out');
    this.socket.write(encodeFrame(frame));
  }

  onData(chunk) {
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      // The stream is out of step and cannot be trusted from here on.
      this.socket.destroy(clientError('EBRIDGEPROTOCOL', error.message));
      return;
    }
    for (const frame of frames) this.dispatch(frame);
  }

  dispatch(frame) {
    this.emit('frame', frame, 'in');
    switch (frame.type) {
      case 'pong':
        this.onPong();
        break;
      case 'message':
        this.onMessage(frame);
        break;
      case 'err':
        this.onErr(frame);
        break;
      default:
        this.emit('unrouted', frame);
    }
  }

  onPong() {
    const entry = this.pings.shift();
    if (!entry) return; // a pong we did not ask for
    clearTimeout(entry.timer);
    if (!entry.settled) {
      entry.settled = true;
      entry.onPong?.();
      entry.resolve();
    }
  }

  onMessage(frame) {
    const call = this.calls.get(frame.address);
    if (call) {
      this.calls.delete(frame.address);
      clearTimeout(call.timer);
      call.resolve(frame.body ?? null);
      return;
    }
    const follow = this.follows.get(frame.address);
    if (follow) {
      follow.onEvent(frame.body ?? null, frame);
      return;
    }
    this.emit('unrouted', frame);
  }

  onErr(frame) {
    const call = this.calls.get(frame.address);
    if (call) {
      this.calls.delete(frame.address);
      clearTimeout(call.timer);
      call.reject(new BridgeError(frame, call.context));
      return;
    }
    const follow = this.follows.get(frame.address);
    if (follow) {
      const error = new BridgeError(frame, `register ${frame.address}`);
      this.follows.delete(frame.address);
      if (!follow.registered) {
        follow.reject(error);
        return;
      }
      // Refused after the pong said it was accepted: the bridge changed its mind, or broke the frame order.
      if (follow.onError) follow.onError(error);
      this.emit('err', error);
      return;
    }
    // No address of ours: an error about the connection as a whole, or about a call we already gave up on.
    this.emit('err', new BridgeError(frame, frame.address ? `unknown address ${frame.address}` : 'bridge'));
  }

  startKeepAlive(intervalMs) {
    // A ping every interval: it keeps idle NAT and load-balancer entries alive, and a pong that does not come back
    // within the next interval tells us the bridge is gone even when TCP has not noticed.
    let outstanding = false;
    this.keepAlive = setInterval(() => {
      if (outstanding) {
        this.socket.destroy(clientError('ETIMEDOUT', `no pong from the bridge within ${intervalMs} ms`));
        return;
      }
      outstanding = true;
      this.sendPing(intervalMs * 2).then(
        () => {
          outstanding = false;
        },
        () => {}, // the interval above notices, or the connection is already closing
      );
    }, intervalMs);
    this.keepAlive.unref(); // the keep-alive alone must not keep a process running
  }

  onClose() {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    for (const call of this.calls.values()) {
      clearTimeout(call.timer);
      call.reject(this.closedError(call.context));
    }
    this.calls.clear();
    for (const entry of this.pings) {
      clearTimeout(entry.timer);
      if (!entry.settled) entry.reject(this.closedError('ping'));
    }
    this.pings = [];
    for (const follow of this.follows.values()) {
      if (!follow.registered) follow.reject(this.closedError('register'));
    }
    this.follows.clear();
    this.emit('close', this.failure);
  }

  closedError(context) {
    const why = this.failure ? ` (${this.failure.message})` : '';
    return clientError('EBRIDGECLOSED', `${context}: the connection to the bridge is closed${why}`, this.failure);
  }
}

/**
 * Opens a connection to the bridge at host:port. Resolves with a BridgeClient once connected; rejects with an Error
 * naming the address when it cannot be reached.
 * options: token (sent with every frame unless a call says otherwise), keepAliveMs (0: no keep-alive),
 * callTimeoutMs, pingTimeoutMs, connectTimeoutMs, maxFrameBytes, and tls: true (or node:tls connect options, such as
 * { ca } for a certificate no system CA signed) for a shop whose bridge speaks TLS (--tls-cert). Over TLS the
 * certificate must be valid for host: the connection is refused otherwise, before any token is sent.
 */
function connect(host, port, options = {}) {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const secure = Boolean(options.tls);
  return new Promise((resolve, reject) => {
    const socket = secure
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ...(options.tls === true ? {} : options.tls) })
      : net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(clientError('ETIMEDOUT', `cannot reach the bridge at ${host}:${port}: no connection within ${connectTimeoutMs} ms`));
    }, connectTimeoutMs);
    const onError = (error) => {
      clearTimeout(timer);
      reject(clientError(error.code ?? 'ECONNREFUSED', `cannot reach the bridge at ${host}:${port} (${error.code ?? error.message})`, error));
    };
    socket.once('error', onError);
    // Over TLS, 'connect' is only TCP's: the client is ready once the handshake checked the certificate.
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(new BridgeClient(socket, options));
    });
  });
}

/**
 * "host:port", "[::1]:port" or just "port" (on localhost), as in BAZAAR_BRIDGE, to { host, port }. Throws on
 * anything else.
 */
function parseHostPort(text) {
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[^:\s]+):)?(\d{1,5})$/.exec(String(text ?? '').trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new Error(`'${text}' is not host:port, e.g. localhost:7000`);
  }
  const host = match[1] ? match[1].replace(/^\[(.*)\]$/, '$1') : 'localhost';
  return { host, port };
}

/** The claims of a JWT, unverified: for showing whom a token speaks for, never for trusting it. */
function tokenClaims(token) {
  const parts = String(token ?? '').trim().split('.');
  if (parts.length !== 3) throw new Error('not a JWT (header.payload.signature)');
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch (e) {
    throw new Error(`not a JWT: its payload is not base64url JSON (${e.message})`);
  }
}

module.exports = {
  connect,
  BridgeClient,
  BridgeError,
  FrameDecoder,
  encodeFrame,
  parseHostPort,
  tokenClaims,
};
