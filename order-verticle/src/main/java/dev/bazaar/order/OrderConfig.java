package dev.bazaar.order;

import dev.bazaar.platform.ConfigReader;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import dev.bazaar.platform.SellingCurrency;
import dev.bazaar.platform.ServiceConfig;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Set;

/**
 * The order service's settings, as its verticle configuration carries them:
 * {@code {"database": {...}, "outbox": {...}, "serviceTimeoutMillis": 5000, "callAttempts": 3, "leaseMillis": 60000,
 * "recoveryMillis": 10000, "keyRetentionMillis": 86400000, "currency": "EUR"}}.
 *
 * @param serviceTimeout how long a call to the catalog, payment or shipping may take before it is tried again
 * @param callAttempts   how many times such a call is made before the step counts as failed
 * @param lease          how long a saga stays with the instance driving it after its last step; then another may finish it
 * @param recovery       how often each instance looks for sagas whose lease ran out
 * @param keyRetention   how long idempotency keys are kept after placing under them ended
 * @param currency       the currency the shop sells in: quotes and orders are in it, and a line in another is refused
 */
public record OrderConfig(DatabaseConfig database, OutboxConfig outbox, Duration serviceTimeout, int callAttempts,
                          Duration lease, Duration recovery, Duration keyRetention, String currency)
  implements ServiceConfig {

  public static final Duration DEFAULT_SERVICE_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_CALL_ATTEMPTS = 3;
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
  public static final Duration DEFAULT_RECOVERY = Duration.ofSeconds(10);
  public static final Duration DEFAULT_KEY_RETENTION = Duration.ofHours(24);

  private static final Set<String> KEYS = Set.of("database", "outbox", "serviceTimeoutMillis", "callAttempts", "leaseMillis",
    "recoveryMillis", "keyRetentionMillis", "currency");

  public OrderConfig {
    if (database == null) {
      throw new IllegalArgumentException("order configuration: database is required");
    }
    if (outbox == null) {
      outbox = OutboxConfig.DEFAULTS;
    }
    for (Duration duration : new Duration[] {serviceTimeout, lease, recovery, keyRetention}) {
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("order configuration: the timeouts, the lease and the retention must be positive");
      }
    }
    if (callAttempts < 1) {
      throw new IllegalArgumentException("order configuration: callAttempts must be at least 1");
    }
    SellingCurrency.checked("order", currency);
  }

  public static OrderConfig from(JsonObject json) {
    ConfigReader config = ConfigReader.of("order", json, KEYS);
    return new OrderConfig(
      config.section("database", DatabaseConfig::from),
      config.section("outbox", OutboxConfig::from),
      config.millis("serviceTimeoutMillis", DEFAULT_SERVICE_TIMEOUT),
      config.integer("callAttempts", DEFAULT_CALL_ATTEMPTS),
      config.millis("leaseMillis", DEFAULT_LEASE),
      config.millis("recoveryMillis", DEFAULT_RECOVERY),
      config.millis("keyRetentionMillis", DEFAULT_KEY_RETENTION),
      config.string("currency", SellingCurrency.DEFAULT));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("database", database.toJson())
      .put("outbox", outbox.toJson())
      .put("serviceTimeoutMillis", serviceTimeout.toMillis())
      .put("callAttempts", callAttempts)
      .put("leaseMillis", lease.toMillis())
      .put("recoveryMillis", recovery.toMillis())
      .put("keyRetentionMillis", keyRetention.toMillis())
      .put("currency", currency);
  }
}
