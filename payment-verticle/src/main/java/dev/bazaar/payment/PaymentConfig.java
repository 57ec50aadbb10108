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
 * {@code {"database": {...}, "outbox": {...}, "gatewayLatencyMillis": 50, "currency": "EUR", "declineLimit": {...}}}.
 *
 * @param gatewayLatency how long the simulated processor takes to answer each call
 * @param currency       the currency the shop sells in: payments are authorized in it, and in no other
 * @param declineLimit   when a customer's declines stop their card payments for a while; null for the defaults
 */
public record PaymentConfig(DatabaseConfig database, OutboxConfig outbox, Duration gatewayLatency, String currency,
                            DeclineLimit declineLimit) implements ServiceConfig {

  public static final Duration DEFAULT_GATEWAY_LATENCY = Duration.ofMillis(50);

  private static final Set<String> KEYS = Set.of("database", "outbox", "gatewayLatencyMillis", "currency", "declineLimit");

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
    if (declineLimit == null) {
      declineLimit = DeclineLimit.DEFAULTS;
    }
  }

  /** With the default limit on declines. */
  public PaymentConfig(DatabaseConfig database, OutboxConfig outbox, Duration gatewayLatency, String currency) {
    this(database, outbox, gatewayLatency, currency, DeclineLimit.DEFAULTS);
  }

  public static PaymentConfig from(JsonObject json) {
    ConfigReader config = ConfigReader.of("payment", json, KEYS);
    return new PaymentConfig(
      config.section("database", DatabaseConfig::from),
      config.section("outbox", OutboxConfig::from),
      config.millis("gatewayLatencyMillis", DEFAULT_GATEWAY_LATENCY),
      config.string("currency", SellingCurrency.DEFAULT),
      config.section("declineLimit", DeclineLimit::from));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("database", database.toJson())
      .put("outbox", outbox.toJson())
      .put("gatewayLatencyMillis", gatewayLatency.toMillis())
      .put("currency", currency)
      .put("declineLimit", declineLimit.toJson());
  }
}
