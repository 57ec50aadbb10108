package dev.bazaar.catalog;

import dev.bazaar.platform.ConfigReader;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import dev.bazaar.platform.SellingCurrency;
import dev.bazaar.platform.ServiceConfig;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Set;

/**
 * The catalog's settings, as its verticle configuration carries them:
 * {@code {"database": {...}, "outbox": {...}, "reservationTtlMillis": 900000, "expirySweepMillis": 5000,
 * "seedDemoData": true, "currency": "EUR"}}.
 *
 * @param reservationTtl how long a checkout may hold stock before the sweeper returns it
 * @param expirySweep    how often each catalog instance looks for reservations that ran out of time
 * @param seedDemoData   whether an empty catalog gets the demo products on start, priced in the selling currency
 * @param currency       the one currency the shop sells in: products are priced in it, and in no other
 */
public record CatalogConfig(DatabaseConfig database, OutboxConfig outbox, Duration reservationTtl, Duration expirySweep,
                            boolean seedDemoData, String currency) implements ServiceConfig {

  public static final Duration DEFAULT_RESERVATION_TTL = Duration.ofMinutes(15);
  public static final Duration DEFAULT_EXPIRY_SWEEP = Duration.ofSeconds(5);

  private static final Set<String> KEYS =
    Set.of("database", "outbox", "reservationTtlMillis", "expirySweepMillis", "seedDemoData", "currency");

  public CatalogConfig {
    if (database == null) {
      throw new IllegalArgumentException("catalog configuration: database is required");
    }
    if (outbox == null) {
      outbox = OutboxConfig.DEFAULTS;
    }
    if (reservationTtl.isNegative() || reservationTtl.isZero() || expirySweep.isNegative() || expirySweep.isZero()) {
      throw new IllegalArgumentException("catalog configuration: reservationTtlMillis and expirySweepMillis must be positive");
    }
    SellingCurrency.checked("catalog", currency);
  }

  public static CatalogConfig from(JsonObject json) {
    ConfigReader config = ConfigReader.of("catalog", json, KEYS);
    return new CatalogConfig(
      config.section("database", DatabaseConfig::from),
      config.section("outbox", OutboxConfig::from),
      config.millis("reservationTtlMillis", DEFAULT_RESERVATION_TTL),
      config.millis("expirySweepMillis", DEFAULT_EXPIRY_SWEEP),
      config.bool("seedDemoData", false),
      config.string("currency", SellingCurrency.DEFAULT));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("database", database.toJson())
      .put("outbox", outbox.toJson())
      .put("reservationTtlMillis", reservationTtl.toMillis())
      .put("expirySweepMillis", expirySweep.toMillis())
      .put("seedDemoData", seedDemoData)
      .put("currency", currency);
  }
}
