package dev.bazaar.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbox section: retention and poll interval in whole milliseconds, both positive, each with a default. */
class OutboxConfigTest {

  @Test
  void aConfigRoundTripsThroughItsJson() {
    OutboxConfig config = new OutboxConfig(Duration.ofHours(2), Duration.ofMillis(250));

    assertThat(config.toJson()).isEqualTo(new JsonObject().put("retentionMillis", 7_200_000L).put("pollMillis", 250L));
    assertThat(OutboxConfig.from(config.toJson())).isEqualTo(config);
  }

  @Test
  void anAbsentSettingTakesItsDefault() {
    assertThat(OutboxConfig.from(null)).isEqualTo(OutboxConfig.DEFAULTS);
    assertThat(OutboxConfig.from(new JsonObject()))
      .isEqualTo(new OutboxConfig(Duration.ofDays(7), Duration.ofSeconds(1)));
    assertThat(OutboxConfig.from(new JsonObject().put("pollMillis", 50)))
      .isEqualTo(new OutboxConfig(OutboxConfig.DEFAULT_RETENTION, Duration.ofMillis(50)));
  }

  @Test
  void oneMillisecondIsTheShortestOfEither() {
    assertThat(OutboxConfig.from(new JsonObject().put("retentionMillis", 1).put("pollMillis", 1)))
      .isEqualTo(new OutboxConfig(Duration.ofMillis(1), Duration.ofMillis(1)));
  }

  @Test
  void aZeroOrNegativeDurationIsRefused() {
    for (JsonObject bad : new JsonObject[] {
      new JsonObject().put("retentionMillis", 0), new JsonObject().put("retentionMillis", -1),
      new JsonObject().put("pollMillis", 0), new JsonObject().put("pollMillis", -1)}) {
      assertThatThrownBy(() -> OutboxConfig.from(bad)).as("%s", bad)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outbox configuration: retentionMillis and pollMillis must be positive");
    }
  }

  @Test
  void anUnknownKeyOrAWrongTypeIsRefused() {
    assertThatThrownBy(() -> OutboxConfig.from(new JsonObject().put("pollMs", 5))).hasMessageContaining("'pollMs'");
    assertThatThrownBy(() -> OutboxConfig.from(new JsonObject().put("pollMillis", "fast")))
      .hasMessage("outbox configuration: pollMillis must be a number of milliseconds");
  }
}
