package dev.bazaar.shipping;

import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shipping's configuration survives its JSON form, and a key it does not know stops it from starting. */
class ShippingConfigTest {

  private static final DatabaseConfig DATABASE = new DatabaseConfig("postgresql://postgres@localhost:5432/postgres", 4);

  @Test
  void fromToJsonGivesBackTheSameConfig() {
    ShippingConfig config = new ShippingConfig(DATABASE, OutboxConfig.DEFAULTS, Duration.ofMillis(100),
      Duration.ofSeconds(2), Duration.ofMinutes(3), Duration.ofMillis(250), "FR", "GBP");

    assertThat(ShippingConfig.from(config.toJson())).isEqualTo(config);
    assertThat(ShippingConfig.from(new JsonObject(config.toJson().encode()))).isEqualTo(config);
  }

  @Test
  void absentSettingsTakeTheDefaults() {
    ShippingConfig config = ShippingConfig.from(new JsonObject().put("database", DATABASE.toJson()));

    assertThat(config).isEqualTo(new ShippingConfig(DATABASE, OutboxConfig.DEFAULTS, Duration.ofMinutes(2),
      Duration.ofMinutes(5), Duration.ofMinutes(3), Duration.ofSeconds(1), "DE", "EUR"));
  }

  @Test
  void aMisspeltKeyIsRefusedInOneLine() {
    JsonObject misspelt = new JsonObject().put("database", DATABASE.toJson()).put("deliveredAfterSeconds", 180);

    assertThatThrownBy(() -> ShippingConfig.from(misspelt))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageStartingWith("unknown key 'deliveredAfterSeconds' in the shipping configuration; known keys: carrierSweepMillis, ")
      .hasMessageNotContaining("\n");
  }

  @Test
  void settingsThatCannotWorkAreRefused() {
    JsonObject valid = ShippingConfig.from(new JsonObject().put("database", DATABASE.toJson())).toJson();

    assertThatThrownBy(() -> ShippingConfig.from(valid.copy().put("inTransitAfterMillis", -1))).hasMessageContaining("negative");
    assertThatThrownBy(() -> ShippingConfig.from(valid.copy().put("carrierSweepMillis", 0))).hasMessageContaining("positive");
    assertThatThrownBy(() -> ShippingConfig.from(valid.copy().put("homeCountry", "XX"))).hasMessageContaining("ISO 3166-1");
    assertThatThrownBy(() -> ShippingConfig.from(valid.copy().put("homeCountry", "de"))).hasMessageContaining("ISO 3166-1");
    assertThatThrownBy(() -> ShippingConfig.from(valid.copy().put("homeCountry", 49))).hasMessageContaining("a string");
    assertThatThrownBy(() -> ShippingConfig.from(new JsonObject())).hasMessageContaining("database is required");
  }

  @Test
  void zeroDelaysAreAllowedForACarrierThatMovesAtEverySweep() {
    JsonObject instant = ShippingConfig.from(new JsonObject().put("database", DATABASE.toJson())).toJson()
      .put("inTransitAfterMillis", 0).put("outForDeliveryAfterMillis", 0).put("deliveredAfterMillis", 0);

    assertThat(ShippingConfig.from(instant).inTransitAfter()).isZero();
  }
}
