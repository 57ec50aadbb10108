/*
 * The Bazaar storefront: search the catalog, sign in with a bearer token, buy with a test card, and watch orders
 * change live over the event bus bridge at /eventbus.
 *
 * Plain DOM and one script, no framework and no build step. Every text that came from the shop is set with
 * textContent, never parsed as HTML: product names, addresses and reasons are whatever some client typed. The page
 * runs under a CSP without 'unsafe-inline' or 'unsafe-eval', so nothing here builds code or inline styles from
 * strings.
 */
(() => {
  'use strict';

  const TOKEN_KEY = 'bazaar.token';
  const PAGE_SIZE = 24;
  const FEED_ROWS = 100;
  const NOTIFICATIONS = 30;

  const $ = (id) => document.getElementById(id);

  const state = {
    token: null,
    claims: null,
    lastPage: null,              // the last page of search results, redrawn when who may buy changes
    cart: new Map(),             // productId -> {product, quantity}
    myOrders: new Map(),         // orderId -> {order, row}
    feed: new Map(),             // orderId -> {order, row}, the admin's live feed
    checkout: null,              // {key, body, final}: the last order request, for a safe retry
  };

  // ---------------------------------------------------------------------------------------------------------------
  // Small helpers

  /** An element with properties and children; text children become text nodes, never markup. */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (name === 'dataset') {
        Object.assign(node.dataset, value);
      } else if (name === 'class') {
        node.className = value;
      } else if (name in node) {
        node[name] = value;
      } else {
        node.setAttribute(name, value);
      }
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  function showStatus(text) {
    $('status').textContent = text;
  }

  function showProblem(text) {
    const problem = $('problem');
    problem.textContent = text;
    problem.hidden = false;
  }

  function clearProblem() {
    const problem = $('problem');
    problem.textContent = '';
    problem.hidden = true;
  }

  /**
   * Money is integer minor units: turn it into a decimal string and let Intl place the symbol and separators. Intl
   * formats decimal strings exactly, so no amount ever passes through a floating point number.
   */
  function formatMoney(money) {
    if (!money || typeof money.value !== 'number' || !money.currency) {
      return '';
    }
    try {
      const format = new Intl.NumberFormat(undefined, { style: 'currency', currency: money.currency });
      const digits = format.resolvedOptions().maximumFractionDigits;
      const units = String(money.value).padStart(digits + 1, '0');
      return format.format(digits === 0 ? units : units.slice(0, -digits) + '.' + units.slice(-digits));
    } catch (unknownCurrency) {
      return money.value + ' ' + money.currency + ' (minor units)';
    }
  }

  /** Totals per currency: a cart could mix them, and amounts in two currencies never add up. */
  function formatTotals(amounts) {
    const byCurrency = new Map();
    for (const { value, currency } of amounts) {
      byCurrency.set(currency, (byCurrency.get(currency) || 0) + value);
    }
    return [...byCurrency].map(([currency, value]) => formatMoney({ value, currency })).join(' + ');
  }

  /** The short form of an order id that the shop's emails use too. */
  function shortId(orderId) {
    return String(orderId).replace(/-/g, '').slice(0, 8).toUpperCase();
  }

  function formatTime(iso) {
    const time = Date.parse(iso);
    return Number.isNaN(time) ? '' : new Date(time).toLocaleString();
  }

  /** crypto.randomUUID exists only in secure contexts (https, localhost); a shop behind plain http still needs keys. */
  function newKey() {
    if (typeof crypto.randomUUID === 'function') {
      return crypto.randomUUID();
    }
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The REST API

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /**
   * One call to /api/v1. The token goes only where it is asked for: the shop checks any token it is sent, even on
   * public reads, so an expired one would otherwise break searching too. Problems (application/problem+json) become
   * an ApiError carrying the problem's detail, which the shop words for people.
   */
  async function api(method, path, { auth = false, body, headers = {} } = {}) {
    const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers } };
    if (auth && state.token) {
      init.headers.Authorization = 'Bearer ' + state.token;
    }
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (network) {
      throw new ApiError(0, 'The shop did not answer. Check the connection and try again.');
    }
    const type = response.headers.get('Content-Type') || '';
    const json = type.includes('json') ? await response.json().catch(() => null) : null;
    if (!response.ok) {
      let text = (json && (json.detail || json.title)) || `The shop answered ${response.status}.`;
      if (response.status === 401) {
        text += ' Sign in again with a valid token.';
      } else if (response.status === 429 && response.headers.get('Retry-After')) {
        text += ` Try again in ${response.headers.get('Retry-After')} s.`;
      }
      throw new ApiError(response.status, text);
    }
    return json;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The event bus bridge, spoken directly: SockJS carries text frames, and each frame is one JSON object.

  /**
   * A connection to the Vert.x SockJS bridge that stays up: it reconnects with a growing, jittered delay (so that a
   * restarted shop is not hit by every tab at once), pings every 5 s (the bridge drops a socket that stays silent),
   * and registers every subscription again on each new socket, since the server forgets them with the old one.
   */
  function createBus(url, onState) {
    const subscriptions = new Map(); // address -> {headers, onMessage, onRefused}
    let socket = null;
    let retryTimer = 0;
    let failures = 0;

    function send(frame) {
      if (socket && socket.readyState === SockJS.OPEN) {
        socket.send(JSON.stringify(frame));
      }
    }

    function register(address, subscription) {
      send({ type: 'register', address, headers: subscription.headers });
    }

    function receive(text) {
      let frame;
      try {
        frame = JSON.parse(text);
      } catch (notJson) {
        return;
      }
      const subscription = frame && subscriptions.get(frame.address);
      if (frame.type === 'rec' && subscription) {
        subscription.onMessage(frame.body);
      } else if (frame.type === 'err') {
        refused(frame, subscription);
      }
    }

    /** A 401 or 403 will not change by asking again with the same token; a 429 will, a little later. */
    function refused(frame, subscription) {
      if (subscription && frame.failureCode === 429) {
        setTimeout(() => {
          if (subscriptions.get(frame.address) === subscription) {
            register(frame.address, subscription);
          }
        }, 5000);
      } else if (subscription) {
        subscriptions.delete(frame.address);
      }
      const why = frame.message || frame.body || 'refused';
      (subscription ? subscription.onRefused : onState.refused)(frame.failureCode, why);
    }

    function connect() {
      clearTimeout(retryTimer);
      const sock = new SockJS(url);
      let pinger = 0;
      socket = sock;
      onState('connecting');
      sock.onopen = () => {
        failures = 0;
        pinger = setInterval(() => send({ type: 'ping' }), 5000);
        // register first, then say 'open': a catch-up read that 'open' starts goes out after the registrations
        subscriptions.forEach((subscription, address) => register(address, subscription));
        onState('open');
      };
      sock.onmessage = (event) => receive(event.data);
      sock.onclose = () => {
        clearInterval(pinger);
        if (socket !== sock) {
          return;
        }
        socket = null;
        const delay = Math.round(Math.min(30000, 1000 * 2 ** failures++) * (0.8 + Math.random() * 0.4));
        onState('closed', delay);
        retryTimer = setTimeout(connect, delay);
      };
    }

    return {
      connect,
      /** Reconnects at once, when the browser says it is back online, instead of waiting out the delay. */
      reconnectNow() {
        if (!socket) {
          failures = 0;
          connect();
        }
      },
      subscribe(address, headers, onMessage, onRefused) {
        const subscription = { headers, onMessage, onRefused };
        subscriptions.set(address, subscription);
        register(address, subscription);
      },
      unsubscribeAll() {
        subscriptions.forEach((subscription, address) => send({ type: 'unregister', address }));
        subscriptions.clear();
      },
    };
  }

  const CONNECTION_TEXT = {
    connecting: () => 'Live updates: connecting…',
    open: () => 'Live updates: on',
    closed: (delay) => `Live updates: off, trying again in ${Math.ceil(delay / 1000)} s`,
    unavailable: () => 'Live updates: unavailable (the SockJS client did not load)',
  };

  let wasOpen = false;

  function showConnection(stateName, delay) {
    const connection = $('connection');
    connection.dataset.state = stateName;
    connection.textContent = CONNECTION_TEXT[stateName](delay);
    if (stateName === 'open') {
      // The bridge does not replay what was published while the socket was down: read the orders again to catch up.
      if (wasOpen && isCustomer()) {
        loadMyOrders();
      }
      wasOpen = true;
    }
  }
  showConnection.refused = (code, why) => showProblem(`Live updates refused (${code || 'error'}): ${why}`);

  const bus = typeof SockJS === 'function' ? createBus('/eventbus', showConnection) : null;

  // ---------------------------------------------------------------------------------------------------------------
  // Signing in: the token is only read here to say who is signed in; the shop checks it on every call.

  function decodeClaims(token) {
    const parts = token.split('.');
    if (parts.length !== 3) {
      throw new Error('That is not a JWT: a JWT is three base64url parts separated by dots.');
    }
    let claims;
    try {
      const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
      const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
      const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
      claims = JSON.parse(new TextDecoder().decode(bytes));
    } catch (unreadable) {
      throw new Error('The token\'s payload cannot be read: it is not base64url-encoded JSON.');
    }
    if (!claims || typeof claims.sub !== 'string' || claims.sub === '') {
      throw new Error('The token names no subject (sub).');
    }
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) {
      throw new Error(`The token expired at ${new Date(claims.exp * 1000).toLocaleString()}.`);
    }
    return claims;
  }

  function roles() {
    const claimed = state.claims && state.claims.roles;
    return Array.isArray(claimed) ? claimed.filter((role) => typeof role === 'string') : [];
  }

  const isCustomer = () => roles().includes('customer');
  const isAdmin = () => roles().includes('admin');

  /** Kept in sessionStorage: it survives a reload of this tab and goes with it; never in localStorage or a cookie. */
  function signIn(token) {
    state.claims = decodeClaims(token);
    state.token = token;
    sessionStorage.setItem(TOKEN_KEY, token);
    applySession();
    showStatus(`Signed in as ${state.claims.sub}.`);
  }

  function signOut() {
    state.token = null;
    state.claims = null;
    state.checkout = null;
    sessionStorage.removeItem(TOKEN_KEY);
    applySession();
    showStatus('Signed out.');
  }

  /** Shows what the signed-in roles may use and listens on their addresses, and forgets the last session's data. */
  function applySession() {
    const signedIn = state.token !== null;
    $('signin-form').hidden = signedIn;
    $('signed-in').hidden = !signedIn;
    $('whoami').textContent = signedIn ? state.claims.sub : '';
    $('roles').textContent = signedIn ? `(${roles().join(', ') || 'no roles'})` : '';
    $('token-input').value = '';
    $('cart-panel').hidden = !isCustomer();
    $('orders-panel').hidden = !isCustomer();
    $('admin-panel').hidden = !isAdmin();
    $('buy-hint').hidden = isCustomer();

    clearOrders(state.myOrders);
    clearOrders(state.feed);
    $('notifications').replaceChildren();
    for (const note of document.querySelectorAll('[data-testid=live-refused]')) {
      note.replaceChildren();
      note.hidden = true;
    }
    state.cart.clear();
    renderCart();
    renderResults(state.lastPage);
    clearProblem();

    if (bus) {
      bus.unsubscribeAll();
      if (signedIn) {
        listen();
      }
    }
    if (isCustomer()) {
      loadMyOrders();
    }
  }

  /**
   * A refused registration stays refused until the next sign-in, so it is written in the panel it empties, not in
   * the alert line that the next search clears; a 429 only delays it, and the bus asks again.
   */
  function listen() {
    const headers = { authorization: 'Bearer ' + state.token };
    const refused = (what, noteId) => (code, why) => {
      if (code === 429) {
        showStatus(`${what}: the shop is busy, asking again in 5 s.`);
        return;
      }
      const note = $(noteId);
      note.append(el('span', { class: 'line' }, `${what} cannot be followed live (${code || 'refused'}): ${why}`));
      note.hidden = false;
    };
    if (isCustomer()) {
      const customer = state.claims.sub;
      bus.subscribe(`bazaar.customers.${customer}.orders`, headers,
        (event) => onOrderEvent(event, state.myOrders, $('my-orders'), renderMyOrderRow),
        refused('Your orders', 'orders-live-problem'));
      bus.subscribe(`bazaar.customers.${customer}.notifications`, headers, onNotification,
        refused('Your notifications', 'orders-live-problem'));
    }
    if (isAdmin()) {
      bus.subscribe('bazaar.events.order', headers,
        (event) => onOrderEvent(event, state.feed, $('admin-feed'), renderFeedRow),
        refused('The order feed', 'admin-live-problem'));
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Products

  let searchSeq = 0;

  async function search() {
    const seq = ++searchSeq;
    const q = $('search-q').value.trim();
    const params = new URLSearchParams({ sort: $('search-sort').value, size: String(PAGE_SIZE) });
    if (q) {
      params.set('q', q);
    }
    $('results').setAttribute('aria-busy', 'true');
    try {
      const page = await api('GET', '/api/v1/products?' + params);
      if (seq === searchSeq) { // answers can overtake each other; only the latest search is shown
        page.query = q;
        state.lastPage = page;
        renderResults(page);
        clearProblem();
      }
    } catch (failure) {
      if (seq === searchSeq) {
        showProblem(failure.message);
      }
    } finally {
      if (seq === searchSeq) {
        $('results').removeAttribute('aria-busy');
      }
    }
  }

  function renderResults(page) {
    if (!page) {
      return;
    }
    const found = page.total === 1 ? '1 product' : `${page.total} products`;
    const match = page.total === 1 ? 'matches' : 'match';
    const shown = page.items.length < page.total ? `, showing the first ${page.items.length}` : '';
    $('results-summary').textContent = (page.query ? `${found} ${match} “${page.query}”` : found) + shown;
    $('results').replaceChildren(...page.items.map(renderProduct));
  }

  function renderProduct(product) {
    const available = product.stock ? product.stock.available : 0;
    const button = el('button', {
      type: 'button',
      class: 'add',
      dataset: { testid: 'add-to-cart' },
      disabled: !isCustomer() || available < 1,
      'aria-label': `Add ${product.name} to the cart`,
    }, available < 1 ? 'Sold out' : 'Add to cart');
    button.addEventListener('click', () => addToCart(product));
    return el('li', { class: 'product', dataset: { testid: 'product', productId: product.id } },
      el('h3', { class: 'name', dataset: { testid: 'product-name' } }, product.name),
      el('p', { class: 'description' }, product.description),
      el('p', { class: 'meta' },
        el('span', { class: 'price', dataset: { testid: 'product-price' } }, formatMoney(product.price)),
        el('span', { class: 'category' }, product.category),
        el('span', { class: 'stock' }, available < 1 ? 'out of stock' : `${available} in stock`)),
      button);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The cart and the checkout

  function addToCart(product) {
    const line = state.cart.get(product.id) || { product, quantity: 0 };
    line.quantity = Math.min(line.quantity + 1, 100, product.stock.available);
    state.cart.set(product.id, line);
    renderCart();
    showStatus(`${product.name} is in the cart (${line.quantity}).`);
  }

  function renderCart() {
    const lines = [...state.cart.values()];
    $('cart').replaceChildren(...lines.map(renderCartLine));
    $('cart-empty').hidden = lines.length > 0;
    $('cart-summary').hidden = lines.length === 0;
    $('cart-subtotal').textContent = formatTotals(lines.map(({ product, quantity }) =>
      ({ value: product.price.value * quantity, currency: product.price.currency })));
    $('place-order').disabled = lines.length === 0;
  }

  function renderCartLine({ product, quantity }) {
    const inputId = 'qty-' + product.id;
    const input = el('input', { id: inputId, type: 'number', min: 1, max: 100, value: quantity, class: 'quantity' });
    input.addEventListener('change', () => {
      const wanted = Math.trunc(Number(input.value));
      const line = state.cart.get(product.id);
      line.quantity = Math.max(1, Math.min(Number.isFinite(wanted) ? wanted : 1, 100, product.stock.available));
      renderCart();
    });
    const remove = el('button', { type: 'button', class: 'remove', 'aria-label': `Remove ${product.name}` }, 'Remove');
    remove.addEventListener('click', () => {
      state.cart.delete(product.id);
      renderCart();
    });
    return el('li', { dataset: { testid: 'cart-line', productId: product.id } },
      el('span', { class: 'name' }, product.name),
      el('label', { htmlFor: inputId, class: 'visually-hidden' }, `Quantity of ${product.name}`),
      input,
      el('span', { class: 'price' }, formatMoney({ value: product.price.value * quantity, currency: product.price.currency })),
      remove);
  }

  function orderRequest() {
    const value = (id) => $(id).value.trim();
    return {
      lines: [...state.cart.values()].map(({ product, quantity }) => ({ productId: product.id, quantity })),
      shippingAddress: {
        name: value('ship-name'),
        line1: value('ship-line1'),
        city: value('ship-city'),
        postalCode: value('ship-postal'),
        country: value('ship-country').toUpperCase(),
      },
      payment: {
        card: {
          number: value('card-number').replace(/[\s-]/g, ''),
          expMonth: Number(value('card-exp-month')),
          expYear: Number(value('card-exp-year')),
          cvc: value('card-cvc'),
        },
      },
    };
  }

  /**
   * The Idempotency-Key makes "try again" safe: the shop places one body under one key at most once. The key is
   * kept only for a retry of the same body after an answer that settled nothing (no answer, 409 still running, 429,
   * 5xx); anything else gets a fresh key, because the shop answers a used key with another body 422.
   */
  function checkoutKey(body) {
    const text = JSON.stringify(body);
    if (!state.checkout || state.checkout.body !== text || state.checkout.final) {
      state.checkout = { key: newKey(), body: text, final: false };
    }
    return state.checkout.key;
  }

  async function placeOrder(event) {
    event.preventDefault();
    clearProblem();
    if (state.cart.size === 0) {
      showProblem('Add something to the cart first.');
      return;
    }
    const body = orderRequest();
    const key = checkoutKey(body);
    const button = $('place-order');
    const result = $('checkout-result');
    result.textContent = '';
    delete result.dataset.orderId;
    result.dataset.outcome = 'pending';
    button.disabled = true;
    button.textContent = 'Placing order…';
    showStatus('Placing the order…');
    try {
      const order = await api('POST', '/api/v1/orders', { auth: true, body, headers: { 'Idempotency-Key': key } });
      state.checkout.final = true;
      upsertOrder(state.myOrders, $('my-orders'), renderMyOrderRow, order, null);
      state.cart.clear();
      renderCart();
      $('card-number').value = '';
      result.dataset.outcome = 'placed';
      result.dataset.orderId = order.id;
      result.textContent = `Order ${shortId(order.id)}: ${statusText(order.status)}, ${formatMoney(order.total)}.`;
      showStatus(`Order ${shortId(order.id)} is ${statusText(order.status).toLowerCase()}.`);
      search(); // the stock it took shows at once
    } catch (failure) {
      const settled = failure.status >= 400 && failure.status < 500 && failure.status !== 409 && failure.status !== 429;
      state.checkout.final = settled;
      result.dataset.outcome = 'problem';
      result.textContent = settled ? '' : 'Nothing was charged twice: placing it again with the same cart is safe.';
      showProblem(failure.message);
      showStatus('The order was not placed.');
    } finally {
      button.textContent = 'Place order';
      button.disabled = state.cart.size === 0;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Orders, from the REST API and then live from order events

  async function loadMyOrders() {
    const token = state.token;
    try {
      const page = await api('GET', '/api/v1/orders?size=20', { auth: true });
      if (token === state.token) {
        page.items.forEach((order) => upsertOrder(state.myOrders, $('my-orders'), renderMyOrderRow, order, null));
      }
    } catch (failure) {
      if (token === state.token) {
        showProblem(`Your orders cannot be listed: ${failure.message}`);
      }
    }
  }

  function clearOrders(orders) {
    orders.forEach(({ row }) => row.remove());
    orders.clear();
  }

  /** An order event: {id, source, type, aggregateId, position, occurredAt, data: the order as it is now}. */
  function onOrderEvent(event, orders, tbody, render) {
    if (event && event.data && event.data.id) {
      upsertOrder(orders, tbody, render, event.data, event);
    }
  }

  /**
   * Events and REST answers race (the order.confirmed event may come before or after the answer to the POST), and
   * a redelivered event can come late: the newer state of an order wins, whichever way it arrived. Each status
   * change adds to the order's history, so a longer history is newer; updatedAt breaks ties.
   */
  function isNewer(incoming, current) {
    const length = (order) => (Array.isArray(order.history) ? order.history.length : 0);
    if (length(incoming) !== length(current)) {
      return length(incoming) > length(current);
    }
    return (Date.parse(incoming.updatedAt) || 0) >= (Date.parse(current.updatedAt) || 0);
  }

  function upsertOrder(orders, tbody, render, order, event) {
    const known = orders.get(order.id);
    if (known && !isNewer(order, known.order)) {
      return;
    }
    const row = known ? known.row : el('tr', { dataset: { orderId: order.id, testid: 'order' } });
    orders.set(order.id, { order, row });
    render(row, order, event);
    row.dataset.status = order.status;
    if (event) {
      row.dataset.live = 'true';
      row.dataset.liveStatus = order.status; // the status the last live event brought: what the browser test waits for
    }
    if (!known) {
      placeRow(orders, tbody, row, order);
    }
    if (known || event) {
      // replay the highlight so the eye finds what just changed
      row.classList.remove('changed');
      void row.offsetWidth;
      row.classList.add('changed');
    }
  }

  /** PAYMENT_DECLINED reads "Payment declined". */
  function statusText(status) {
    const words = String(status).toLowerCase().replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /**
   * The admin's feed shows the latest new order on top; a customer's own list stays newest placed first, whether an
   * order came from the list, the POST or an event.
   */
  function placeRow(orders, tbody, row, order) {
    if (orders === state.feed) {
      tbody.prepend(row);
      while (tbody.rows.length > FEED_ROWS) {
        orders.delete(tbody.lastElementChild.dataset.orderId);
        tbody.lastElementChild.remove();
      }
      return;
    }
    const placed = Date.parse(order.createdAt) || Infinity;
    const below = [...tbody.rows].find((other) => {
      const known = orders.get(other.dataset.orderId);
      return known && (Date.parse(known.order.createdAt) || 0) < placed;
    });
    tbody.insertBefore(row, below || null);
  }

  function statusCell(order) {
    return el('td', { dataset: { testid: 'order-status', status: order.status } },
      el('span', { class: 'badge ' + statusTone(order.status) }, statusText(order.status)),
      order.reason ? el('span', { class: 'reason' }, order.reason) : null);
  }

  function statusTone(status) {
    if (['CONFIRMED', 'SHIPPED', 'DELIVERED'].includes(status)) {
      return 'good';
    }
    if (['REJECTED', 'PAYMENT_DECLINED', 'FAILED', 'CANCELLED', 'REFUNDED'].includes(status)) {
      return 'bad';
    }
    return 'pending';
  }

  function orderCell(order, note) {
    return el('td', {}, el('code', { title: order.id }, shortId(order.id)), note ? el('span', { class: 'note' }, note) : null);
  }

  function itemsText(order) {
    const lines = Array.isArray(order.lines) ? order.lines : [];
    return lines.map((line) => `${line.quantity} × ${line.name || 'item'}`).join(', ');
  }

  function renderMyOrderRow(row, order) {
    row.replaceChildren(
      orderCell(order, formatTime(order.createdAt)),
      el('td', {}, itemsText(order)),
      el('td', { class: 'money' }, formatMoney(order.total)),
      statusCell(order));
  }

  function renderFeedRow(row, order, event) {
    row.replaceChildren(
      orderCell(order),
      el('td', {}, order.customerId || ''),
      el('td', { class: 'money' }, formatMoney(order.total)),
      el('td', {}, event ? `${event.type} ${formatTime(event.occurredAt)}` : ''),
      statusCell(order));
  }

  /** The customer's notification feed: {type: notification.order-status | notification.created | …, data}. */
  function onNotification(event) {
    if (!event || !event.data) {
      return;
    }
    const data = event.data;
    let text;
    if (event.type === 'notification.order-status') {
      text = `Order ${shortId(data.orderId)}: ${statusText(data.status)}` + (data.reason ? ` (${data.reason})` : '');
    } else if (event.type === 'notification.created') {
      text = data.subject || 'A new notification';
    } else if (event.type === 'notification.sent') {
      text = `Emailed: ${data.subject || ''}`;
    } else {
      return;
    }
    const list = $('notifications');
    list.prepend(el('li', { dataset: { testid: 'notification', type: event.type } },
      el('time', { dateTime: event.occurredAt || '' }, formatTime(event.occurredAt)), ' ', text));
    while (list.children.length > NOTIFICATIONS) {
      list.lastElementChild.remove();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Wiring

  function start() {
    $('card-exp-year').value = String(new Date().getFullYear() + 2);

    $('signin-form').addEventListener('submit', (event) => {
      event.preventDefault();
      try {
        signIn($('token-input').value.trim());
      } catch (bad) {
        showProblem(bad.message);
      }
    });
    $('signout').addEventListener('click', signOut);

    let typing = 0;
    $('search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(typing);
      search();
    });
    // search as one types, but not on every key: the shop rate-limits each client
    $('search-q').addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(search, 300);
    });
    $('search-sort').addEventListener('change', search);
    $('checkout-form').addEventListener('submit', placeOrder);

    if (bus) {
      bus.connect();
      window.addEventListener('online', bus.reconnectNow);
    } else {
      showConnection('unavailable');
    }

    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) {
      try {
        signIn(saved);
      } catch (expired) {
        sessionStorage.removeItem(TOKEN_KEY);
        showProblem(expired.message + ' Sign in again.');
      }
    } else {
      applySession();
    }
    search();
  }

  start();
})();
