#!/usr/bin/env node
'use strict';

/*
 * Runs the Node client's tests against a real shop:
 *   1. makes a self-signed certificate for localhost with the JDK's keytool,
 *   2. starts launcher/target/bazaar.jar on free ports, with a fresh data directory under target/shop/, serving HTTPS
 *      and the TLS bridge with that certificate,
 *   3. mints a token for two customers and an admin with `bazaar token`,
 *   4. waits until /ready answers 200 and the bridge accepts connections (polling, with a deadline),
 *   5. runs `node --test` on test/*.test.js with the shop's addresses and the tokens in the environment, and the
 *      certificate trusted (NODE_EXTRA_CA_CERTS),
 *   6. stops the shop with SIGTERM, waits for it to exit, and exits with the tests' status.
 *
 *   node scripts/with-shop.js                     all the tests
 *   node scripts/with-shop.js test/orders.test.js  some of them
 *
 * BAZAAR_JAR names another jar (default ../../launcher/target/bazaar.jar), BAZAAR_JAVA another java (default
 * $JAVA_HOME/bin/java, else java on the PATH). The shop's output is in target/shop/shop.log.
 */

const fs = require('node:fs');
const https = require('node:https');
const net = require('node:net');
const path = require('node:path');
const { spawn, execFile } = require('node:child_process');

const CLIENT_DIR = path.resolve(__dirname, '..');
const TARGET = path.join(CLIENT_DIR, 'target');
const RUN_DIR = path.join(TARGET, 'shop');
const DATA_DIR = path.join(RUN_DIR, 'data');
const LOG_FILE = path.join(RUN_DIR, 'shop.log');
const CERT_FILE = path.join(RUN_DIR, 'cert.pem');
const KEY_FILE = path.join(RUN_DIR, 'key.pem');
const JUNIT_REPORT = path.join(TARGET, 'node-test-report.xml');

const READY_DEADLINE_MS = 120_000; // a first start makes a database; on a busy 2-core machine that can take a while
const TOKEN_DEADLINE_MS = 60_000;
const TESTS_DEADLINE_MS = 5 * 60_000;
const STOP_DEADLINE_MS = 45_000; // the shop's --shutdown-grace below, plus stopping PostgreSQL

const started = Date.now();
const since = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (message) => console.log(`[with-shop ${since()}] ${message}`);

class Fatal extends Error {}

async function main() {
  // The test runner's --test-concurrency and junit reporter came with Node 20.11.
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 11)) throw new Fatal(`these tests need Node 20.11 or later, not ${process.version}`);
  const jar = path.resolve(process.env.BAZAAR_JAR || path.join(CLIENT_DIR, '..', '..', 'launcher', 'target', 'bazaar.jar'));
  const java = process.env.BAZAAR_JAVA || (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java');
  if (!fs.existsSync(jar)) {
    throw new Fatal(`no shop jar at ${jar}: build it with 'mvn -B -DskipTests package' at the root, or set BAZAAR_JAR`);
  }
  const tests = testFiles(process.argv.slice(2));

  fs.rmSync(RUN_DIR, { recursive: true, force: true });
  fs.mkdirSync(RUN_DIR, { recursive: true });
  const [httpPort, bridgePort] = await freePorts(2);
  await makeCertificate(java);

  // The first `token` makes the signing key in the data directory; the shop then starts with that key, and the
  // other tokens are minted while it starts.
  const customerToken = await mintToken(java, jar, 'alice', 'customer');
  const shop = startShop(java, jar, httpPort, bridgePort);
  let status = 1;
  const stopOnSignal = (signal) => {
    say(`${signal}: stopping the shop`);
    stopShop(shop).finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const [otherToken, adminToken] = await Promise.all([
      mintToken(java, jar, 'bob', 'customer'),
      mintToken(java, jar, 'root', 'admin'),
    ]);
    await waitUntilReady(shop, httpPort, bridgePort);
    say(`shop ready: REST on ${httpPort}, bridge on ${bridgePort}`);
    status = await runTests(tests, {
      BAZAAR_HTTP: `https://127.0.0.1:${httpPort}`,
      BAZAAR_BRIDGE: `127.0.0.1:${bridgePort}`,
      BAZAAR_BRIDGE_TLS: '1',
      NODE_EXTRA_CA_CERTS: CERT_FILE,
      BAZAAR_CUSTOMER_TOKEN: customerToken,
      BAZAAR_OTHER_CUSTOMER_TOKEN: otherToken,
      BAZAAR_ADMIN_TOKEN: adminToken,
    });
  } finally {
    await stopShop(shop);
  }
  say(status === 0 ? 'tests passed' : `tests FAILED (node --test exited with ${status})`);
  return status;
}

function testFiles(args) {
  if (args.length > 0) return args.map((file) => path.resolve(file));
  const dir = path.join(CLIENT_DIR, 'test');
  return fs.readdirSync(dir).filter((name) => name.endsWith('.test.js')).sort().map((name) => path.join(dir, name));
}

/** n distinct ports free right now: all held open at once, so that they differ, then released for the shop. */
async function freePorts(n) {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** The shop gets no BAZAAR_* variables of ours or the caller's: its settings are the command line below, only. */
function shopEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BAZAAR_')));
}

function mintToken(java, jar, sub, role) {
  const args = ['-jar', jar, 'token', '--data-dir', DATA_DIR, '--sub', sub, '--role', role, '--ttl', '1h'];
  return new Promise((resolve, reject) => {
    execFile(java, args, { cwd: RUN_DIR, env: shopEnvironment(), timeout: TOKEN_DEADLINE_MS }, (error, stdout, stderr) => {
      const token = stdout.trim();
      if (error || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
        const why = error ? (error.killed ? `no token within ${TOKEN_DEADLINE_MS} ms` : error.message) : `printed '${token}'`;
        reject(new Fatal(`bazaar token --sub ${sub} --role ${role} failed: ${why}\n${stderr.trim()}`));
        return;
      }
      resolve(token);
    });
  });
}

/**
 * A self-signed certificate for localhost and 127.0.0.1, PEM, as the shop's --tls-cert and --tls-key take it: keytool
 * (always beside java) makes it in a PKCS#12 keystore and exports the certificate; scripts/PemKey.java the key.
 */
async function makeCertificate(java) {
  const keytool = path.join(path.dirname(java), 'keytool');
  const tool = path.isAbsolute(java) ? keytool : 'keytool';
  const store = path.join(RUN_DIR, 'shop.p12');
  const password = 'with-shop';
  const run = (command, args) => new Promise((resolve, reject) => {
    execFile(command, args, { cwd: RUN_DIR, timeout: TOKEN_DEADLINE_MS }, (error, stdout, stderr) => {
      if (error) reject(new Fatal(`${path.basename(command)} ${args[0]} failed: ${error.message}\n${stderr.trim()}`));
      else resolve();
    });
  });
  await run(tool, ['-genkeypair', '-alias', 'shop', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '2',
    '-dname', 'CN=localhost', '-ext', 'SAN=dns:localhost,ip:127.0.0.1', '-storetype', 'PKCS12',
    '-keystore', store, '-storepass', password, '-keypass', password]);
  await run(tool, ['-exportcert', '-rfc', '-alias', 'shop', '-keystore', store, '-storepass', password, '-file', CERT_FILE]);
  await run(java, [path.join(CLIENT_DIR, 'scripts', 'PemKey.java'), store, password, KEY_FILE]);
}

function startShop(java, jar, httpPort, bridgePort) {
  const args = [
    '-jar', jar,
    '--data-dir', DATA_DIR,
    '--http-port', String(httpPort),
    '--bridge-port', String(bridgePort),
    '--tls-cert', CERT_FILE,
    '--tls-key', KEY_FILE,
    '--carrier-delays', '1s,1s,1s', // label to delivered in about 3 s instead of 10 minutes
    '--carrier-sweep', '200ms',
    '--payment-latency', '0ms',
    '--shutdown-grace', '5s',
  ];
  const log = fs.openSync(LOG_FILE, 'a');
  fs.writeSync(log, `$ ${java} ${args.join(' ')}\n`);
  const child = spawn(java, args, { cwd: RUN_DIR, env: shopEnvironment(), stdio: ['ignore', log, log] });
  fs.closeSync(log); // the child has its own copy
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
  say(`starting the shop (pid ${child.pid}), log in ${path.relative(process.cwd(), LOG_FILE) || LOG_FILE}`);
  return child;
}

/** Polls /ready and the bridge's port until both answer, the shop exits, or the deadline passes. */
async function waitUntilReady(shop, httpPort, bridgePort) {
  const deadline = Date.now() + READY_DEADLINE_MS;
  let exit = null;
  shop.exited.then((result) => {
    exit = result;
  });
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exit) {
      const how = exit.error ? exit.error.message : `exit code ${exit.code}${exit.signal ? `, signal ${exit.signal}` : ''}`;
      throw new Fatal(`the shop stopped before it was ready (${how})\n${logTail()}`);
    }
    try {
      const response = await ready(httpPort);
      last = `/ready answered ${response.status}: ${response.body.slice(0, 200)}`;
      if (response.status === 200 && (await canConnect(bridgePort))) return;
      if (response.status === 200) last = `/ready is 200 but nothing listens on the bridge port ${bridgePort}`;
    } catch (error) {
      last = `/ready: ${error.code ?? error.cause?.code ?? error.message}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Fatal(`the shop was not ready within ${READY_DEADLINE_MS / 1000} s (${last})\n${logTail()}`);
}

/** GET /ready over HTTPS, trusting the certificate made for the shop (this process started before it existed). */
function ready(httpPort) {
  return new Promise((resolve, reject) => {
    const request = https.get({ host: '127.0.0.1', port: httpPort, path: '/ready', ca: fs.readFileSync(CERT_FILE), timeout: 2000 },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode, body }));
      });
    request.on('timeout', () => request.destroy(new Error('no answer within 2 s')));
    request.on('error', reject);
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function runTests(files, env) {
  say(`node --test ${files.map((f) => path.relative(CLIENT_DIR, f)).join(' ')}`);
  const args = [
    '--test',
    '--test-concurrency=1', // one file at a time: they share one shop and its stock
    '--test-timeout=120000', // a test that hangs fails, and names itself
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=junit', `--test-reporter-destination=${JUNIT_REPORT}`,
    ...files,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: CLIENT_DIR, env: { ...process.env, ...env }, stdio: 'inherit' });
    const timer = setTimeout(() => {
      say(`the tests ran for more than ${TESTS_DEADLINE_MS / 1000} s: stopping them`);
      child.kill('SIGKILL');
    }, TESTS_DEADLINE_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** SIGTERM, then wait: the shop stops its services and its PostgreSQL before it exits. SIGKILL only past the deadline. */
async function stopShop(shop) {
  if (shop.exitCode !== null || shop.signalCode !== null) return;
  const t0 = Date.now();
  shop.kill('SIGTERM');
  const timer = setTimeout(() => {
    say(`the shop did not stop within ${STOP_DEADLINE_MS / 1000} s of SIGTERM: killing it (its PostgreSQL may be left running)`);
    shop.kill('SIGKILL');
  }, STOP_DEADLINE_MS);
  const { code, signal } = await shop.exited;
  clearTimeout(timer);
  say(`shop stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s (${signal ? `signal ${signal}` : `exit code ${code}`})`);
}

function logTail(lines = 40) {
  try {
    const text = fs.readFileSync(LOG_FILE, 'utf8').trimEnd().split('\n');
    return `--- last ${Math.min(lines, text.length)} lines of ${LOG_FILE} ---\n${text.slice(-lines).join('\n')}`;
  } catch (error) {
    return `(no shop log: ${error.message})`;
  }
}

main().then(
  (status) => process.exit(status),
  (error) => {
    console.error(`[with-shop ${since()}] ${error instanceof Fatal ? error.message : error.stack}`);
    process.exit(1);
  },
);
