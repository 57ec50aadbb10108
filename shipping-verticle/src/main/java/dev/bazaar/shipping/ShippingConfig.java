package dev.bazaar.shipping;

import dev.bazaar.contracts.shipping.ShipmentStatus;
import dev.bazaar.platform.ConfigReader;
import dev.bazaar.platform.Countries;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import dev.bazaar.platform.SellingCurrency;
import dev.bazaar.platform.ServiceConfig;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Set;

/**
 * Shipping's settings, as its verticle configuration carries them:
 * {@code {"database": {...}, "outbox": {...}, "inTransitAfterMillis": 120000, "outForDeliveryAfterMillis": 300000,
 * "deliveredAfterMillis": 180000, "carrierSweepMillis": 1000, "homeCountry": "DE", "currency": "EUR"}}.
 *
 * @param inTransitAfter      how long after its label a parcel goes into transit
 * @param outForDeliveryAfter how long after that it goes out for delivery
 * @param deliveredAfter      how long after that it is delivered
 * @param carrierSweep        how often each shipping instance looks for parcels due to move
 * @param homeCountry         the shop's own country, ISO 3166-1 alpha-2: the domestic zone of rates
 * @param currency            the currency the shop sells in: the rate table's amounts are amounts in it
 */
public record ShippingConfig(DatabaseConfig database, OutboxConfig outbox, Duration inTransitAfter,
                             Duration outForDeliveryAfter, Duration deliveredAfter, Duration carrierSweep,
                             String homeCountry, String currency) implements ServiceConfig {

  public static final Duration DEFAULT_IN_TRANSIT_AFTER = Duration.ofMinutes(2);
  public static final Duration DEFAULT_OUT_FOR_DELIVERY_AFTER = Duration.ofMinutes(5);
  public static final Duration DEFAULT_DELIVERED_AFTER = Duration.ofMinutes(3);
  public static final Duration DEFAULT_CARRIER_SWEEP = Duration.ofSeconds(1);
  public static final String DEFAULT_HOME_COUNTRY = "DE";

  private static final Set<String> KEYS = Set.of("database", "outbox", "inTransitAfterMillis",
    "outForDeliveryAfterMillis", "deliveredAfterMillis", "carrierSweepMillis", "homeCountry", "currency");

  public ShippingConfig {
    if (database == null) {
      throw new IllegalArgumentException("shipping configuration: database is required");
    }
    if (outbox == null) {
      outbox = OutboxConfig.DEFAULTS;
    }
    if (inTransitAfter.isNegative() || outForDeliveryAfter.isNegative() || deliveredAfter.isNegative()) {
      throw new IllegalArgumentException("shipping configuration: the carrier's delays must not be negative");
    }
    if (carrierSweep.isNegative() || carrierSweep.isZero()) {
      throw new IllegalArgumentException("shipping configuration: carrierSweepMillis must be positive");
    }
    if (!Countries.isCode(homeCountry)) {
      throw new IllegalArgumentException("shipping configuration: homeCountry must be an ISO 3166-1 alpha-2 code such as DE");
    }
    SellingCurrency.checked("shipping", currency);
  }

  public static ShippingConfig from(JsonObject json) {
    ConfigReader config = ConfigReader.of("shipping", json, KEYS);
    return new ShippingConfig(
      config.section("database", DatabaseConfig::from),
      config.section("outbox", OutboxConfig::from),
      config.millis("inTransitAfterMillis", DEFAULT_IN_TRANSIT_AFTER),
      config.millis("outForDeliveryAfterMillis", DEFAULT_OUT_FOR_DELIVERY_AFTER),
      config.millis("deliveredAfterMillis", DEFAULT_DELIVERED_AFTER),
      config.millis("carrierSweepMillis", DEFAULT_CARRIER_SWEEP),
      config.string("homeCountry", DEFAULT_HOME_COUNTRY),
      config.string("currency", SellingCurrency.DEFAULT));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("database", database.toJson())
      .put("outbox", outbox.toJson())
      .put("inTransitAfterMillis", inTransitAfter.toMillis())
      .put("outForDeliveryAfterMillis", outForDeliveryAfter.toMillis())
      .put("deliveredAfterMillis", deliveredAfter.toMillis())
      .put("carrierSweepMillis", carrierSweep.toMillis())
      .put("homeCountry", homeCountry)
      .put("currency", currency);
  }

  /** How long the carrier leaves a parcel in {@code status} before moving it on; null where it never moves it again. */
  Duration carrierDelayIn(ShipmentStatus status) {
    return switch (status) {
      case LABEL_CREATED -> inTransitAfter;
      case IN_TRANSIT -> outForDeliveryAfter;
      case OUT_FOR_DELIVERY -> deliveredAfter;
      case DELIVERED, CANCELLED -> null;
    };
  }
}
