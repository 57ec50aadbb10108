#!/usr/bin/env node
'use strict';

/*
 * Calls per second through the TCP bridge, closed model: CONNECTIONS connections, each keeping IN_FLIGHT calls of
 * the same catalog action going for SECONDS, and the latency of each call (from send to reply) as percentiles.
 *
 *   node clients/node/scripts/bench.js [host:port] [seconds] [connections] [inFlight]
 *
 * The shop must run with --bridge-port and, for numbers about the bridge rather than the limit, --rate-limit 0.
 */

const { connect } = require('../lib/bridge');

async function main() {
  const [hostPort = 'localhost:7000', seconds = '10', connections = '4', inFlight = '16'] = process.argv.slice(2);
  const [host, port] = hostPort.split(':');
  const buses = await Promise.all(Array.from({ length: Number(connections) }, () => connect(host, Number(port))));
  const product = (await buses[0].call('bazaar.catalog', 'search', { query: { size: 1 } })).items[0].id;
  const latencies = [];
  const end = Date.now() + Number(seconds) * 1000;
  let errors = 0;

  async function loop(bus) {
    while (Date.now() < end) {
      const start = process.hrtime.bigint();
      try {
        await bus.call('bazaar.catalog', 'get', { productId: product });
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      } catch (failure) {
        errors++;
      }
    }
  }

  const started = Date.now();
  await Promise.all(buses.flatMap((bus) => Array.from({ length: Number(inFlight) }, () => loop(bus))));
  const elapsed = (Date.now() - started) / 1000;
  await Promise.all(buses.map((bus) => bus.close()));

  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
  console.log(`${latencies.length} calls in ${elapsed.toFixed(1)} s: ${(latencies.length / elapsed).toFixed(0)} calls/s, `
    + `${errors} errors; latency ms p50 ${at(0.5)}, p90 ${at(0.9)}, p99 ${at(0.99)}, max ${at(1)}`);
}

main().catch((failure) => {
  console.error(`bench: ${failure.message}`);
  process.exit(1);
});
