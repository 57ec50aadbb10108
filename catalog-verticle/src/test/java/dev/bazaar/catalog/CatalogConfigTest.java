package dev.bazaar.catalog;

import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog's configuration survives its JSON form, and a key it does not know stops it from starting. */
class CatalogConfigTest {

  private static final DatabaseConfig DATABASE = new DatabaseConfig("postgresql://postgres@localhost:5432/postgres", 4);

  @Test
  void fromToJsonGivesBackTheSameConfig() {
    CatalogConfig config = new CatalogConfig(DATABASE, OutboxConfig.DEFAULTS, Duration.ofSeconds(90), Duration.ofMillis(250),
      true, "GBP");

    assertThat(CatalogConfig.from(config.toJson())).isEqualTo(config);
    assertThat(CatalogConfig.from(new JsonObject(config.toJson().encode()))).isEqualTo(config);
  }

  @Test
  void absentSettingsTakeTheDefaults() {
    CatalogConfig config = CatalogConfig.from(new JsonObject().put("database", DATABASE.toJson()));

    assertThat(config).isEqualTo(new CatalogConfig(DATABASE, OutboxConfig.DEFAULTS, Duration.ofMinutes(15), Duration.ofSeconds(5),
      false, "EUR"));
  }

  @Test
  void aMisspeltKeyIsRefusedInOneLine() {
    JsonObject misspelt = new JsonObject().put("database", DATABASE.toJson()).put("reservationTtlSeconds", 900);

    assertThatThrownBy(() -> CatalogConfig.from(misspelt))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageStartingWith("unknown key 'reservationTtlSeconds' in the catalog configuration; known keys: currency, database, ")
      .hasMessageNotContaining("\n");
  }

  @Test
  void theOutboxSectionSurvivesItsJsonFormAndAMissingOneMeansTheDefaults() {
    OutboxConfig outbox = new OutboxConfig(Duration.ofHours(1), Duration.ofMillis(200));
    CatalogConfig config = new CatalogConfig(DATABASE, outbox, Duration.ofSeconds(90), Duration.ofMillis(250), true, "EUR");

    assertThat(CatalogConfig.from(config.toJson()).outbox()).isEqualTo(outbox);
    assertThat(new CatalogConfig(DATABASE, null, Duration.ofSeconds(1), Duration.ofSeconds(1), false, "EUR").outbox())
      .isEqualTo(OutboxConfig.DEFAULTS);
  }

  @Test
  void aTimeToLiveOrSweepIntervalOfZeroOrLessIsRefusedAndOneMillisecondIsEnough() {
    for (Duration notPositive : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
      assertThatThrownBy(() -> new CatalogConfig(DATABASE, null, notPositive, Duration.ofSeconds(1), false, "EUR"))
        .hasMessageContaining("positive");
      assertThatThrownBy(() -> new CatalogConfig(DATABASE, null, Duration.ofSeconds(1), notPositive, false, "EUR"))
        .hasMessageContaining("positive");
    }
    CatalogConfig shortest = new CatalogConfig(DATABASE, null, Duration.ofMillis(1), Duration.ofMillis(1), false, "EUR");

    assertThat(shortest.reservationTtl()).isEqualTo(Duration.ofMillis(1));
    assertThat(shortest.expirySweep()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void settingsThatCannotWorkAreRefused() {
    JsonObject valid = new CatalogConfig(DATABASE, OutboxConfig.DEFAULTS, Duration.ofMinutes(1), Duration.ofSeconds(1), false,
      "EUR").toJson();

    assertThatThrownBy(() -> CatalogConfig.from(valid.copy().put("reservationTtlMillis", 0))).hasMessageContaining("positive");
    assertThatThrownBy(() -> CatalogConfig.from(valid.copy().put("expirySweepMillis", -5))).hasMessageContaining("positive");
    assertThatThrownBy(() -> CatalogConfig.from(valid.copy().put("seedDemoData", "yes"))).hasMessageContaining("true or false");
    assertThatThrownBy(() -> CatalogConfig.from(new JsonObject())).hasMessageContaining("database is required");
  }
}
