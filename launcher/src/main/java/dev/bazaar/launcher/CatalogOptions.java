package dev.bazaar.launcher;

import dev.bazaar.catalog.CatalogConfig;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The catalog's options: how long a checkout may hold stock, how often expired holds return, and the demo catalog. */
final class CatalogOptions implements ServiceOptions {

  @Option(names = "--reservation-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_RESERVATION_TTL:-15m}",
    description = "How long a checkout may hold stock before it returns, e.g. 90s, 15m. Default: ${DEFAULT-VALUE}. "
      + "Env: BAZAAR_RESERVATION_TTL.")
  Duration reservationTtl;

  @Option(names = "--expiry-sweep", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_EXPIRY_SWEEP:-5s}",
    description = "How often each catalog instance returns the stock of expired reservations. Default: ${DEFAULT-VALUE}. "
      + "Env: BAZAAR_EXPIRY_SWEEP.")
  Duration expirySweep;

  @Option(names = "--demo-data", paramLabel = "true|false", arity = "1",
    defaultValue = "${env:BAZAAR_DEMO_DATA:-true}",
    description = "Seed an empty catalog with demo products. Default: ${DEFAULT-VALUE}. Env: BAZAAR_DEMO_DATA.")
  boolean demoData;

  @Override
  public void check() {
    if (reservationTtl.isZero() || expirySweep.isZero()) {
      throw new BadOption("--reservation-ttl and --expiry-sweep must be longer than 0");
    }
  }

  @Override
  public CatalogConfig config(Node node) {
    return new CatalogConfig(node.database(), node.outbox(), reservationTtl, expirySweep, demoData, node.currency());
  }
}
