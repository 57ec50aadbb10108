package dev.bazaar.catalog;

import dev.bazaar.platform.DatabaseConfig;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The catalog's settings, read from its verticle configuration:
 * {@code {"database": {...}, "reservationTtlSeconds": 900, "expirySweepMillis": 5000, "seedDemoData": true}}.
 */
record CatalogConfig(DatabaseConfig database, Duration reservationTtl, Duration expirySweep, boolean seedDemoData) {

  static CatalogConfig from(JsonObject json) {
    Duration ttl = Duration.ofMillis(Math.round(json.getDouble("reservationTtlSeconds", 900.0) * 1000));
    Duration sweep = Duration.ofMillis(json.getLong("expirySweepMillis", 5_000L));
    if (ttl.isNegative() || ttl.isZero() || sweep.isNegative() || sweep.isZero()) {
      throw new IllegalArgumentException("reservationTtlSeconds and expirySweepMillis must be positive");
    }
    return new CatalogConfig(DatabaseConfig.from(json), ttl, sweep, json.getBoolean("seedDemoData", false));
  }
}
