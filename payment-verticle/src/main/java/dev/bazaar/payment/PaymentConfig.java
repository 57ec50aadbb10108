package dev.bazaar.payment;

import dev.bazaar.platform.ConfigReader;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import dev.bazaar.platform.SellingCurrency;
import dev.bazaar.platform.ServiceConfig;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Set;

/**
 * The payment service's settings, as its verticle configuration carries them:
 * {@code {"database": {...}, "outbox": {...}, "gatewayLatencyMillis": 50, "currency": "EUR"}}.
 *
 * @param gatewayLatency how long the simulated processor takes to answer each call
 * @param currency       the currency the shop sells in: payments are authorized in it, and in no other
 */
public record PaymentConfig(DatabaseConfig database, OutboxConfig outbox, Duration gatewayLatency, String currency)
  implements ServiceConfig {

  public static final Duration DEFAULT_GATEWAY_LATENCY = Duration.ofMillis(50);

  private static final Set<String> KEYS = Set.of("database", "outbox", "gatewayLatencyMillis", "currency");

  public PaymentConfig {
    if (database == null) {
      throw new IllegalArgumentException("payment configuration: database is required");
    }
    if (outbox == null) {
      outbox = OutboxConfig.DEFAULTS;
    }
    if (gatewayLatency.isNegative()) {
      throw new IllegalArgumentException("payment configuration: gatewayLatencyMillis must not be negative");
    }
    SellingCurrency.checked("payment", currency);
  }

  public static PaymentConfig from(JsonObject json) {
    ConfigReader config = ConfigReader.of("payment", json, KEYS);
    return new PaymentConfig(
      config.section("database", DatabaseConfig::from),
      config.section("outbox", OutboxConfig::from),
      config.millis("gatewayLatencyMillis", DEFAULT_GATEWAY_LATENCY),
      config.string("currency", SellingCurrency.DEFAULT));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("database", database.toJson())
      .put("outbox", outbox.toJson())
      .put("gatewayLatencyMillis", gatewayLatency.toMillis())
      .put("currency", currency);
  }
}
