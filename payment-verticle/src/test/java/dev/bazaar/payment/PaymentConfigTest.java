package dev.bazaar.payment;

import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The payment service's configuration survives its JSON form, and a key it does not know stops it from starting. */
class PaymentConfigTest {

  private static final DatabaseConfig DATABASE = new DatabaseConfig("postgresql://postgres@localhost:5432/postgres", 4);

  @Test
  void fromToJsonGivesBackTheSameConfig() {
    PaymentConfig config = new PaymentConfig(DATABASE, new OutboxConfig(Duration.ofDays(2), Duration.ofMillis(300)),
      Duration.ofMillis(120), "GBP");

    PaymentConfig limited = new PaymentConfig(DATABASE, OutboxConfig.DEFAULTS, Duration.ZERO,
      "EUR", new DeclineLimit(3, Duration.ofMinutes(2), Duration.ofSeconds(30)));

    assertThat(PaymentConfig.from(config.toJson())).isEqualTo(config);
    assertThat(PaymentConfig.from(limited.toJson())).isEqualTo(limited);
    assertThat(config.declineLimit()).isEqualTo(DeclineLimit.DEFAULTS);
    assertThat(PaymentConfig.from(new JsonObject().put("database", DATABASE.toJson())))
      .isEqualTo(new PaymentConfig(DATABASE, OutboxConfig.DEFAULTS, PaymentConfig.DEFAULT_GATEWAY_LATENCY, "EUR"));
  }

  @Test
  void misspeltKeysAndBadValuesAreRefusedInOneLine() {
    JsonObject valid = new PaymentConfig(DATABASE, OutboxConfig.DEFAULTS, Duration.ZERO, "EUR").toJson();

    assertThatThrownBy(() -> PaymentConfig.from(valid.copy().put("gatewayLatency", 5)))
      .hasMessageStartingWith("unknown key 'gatewayLatency' in the payment configuration");
    assertThatThrownBy(() -> PaymentConfig.from(valid.copy().put("outbox", new JsonObject().put("retention", 1))))
      .hasMessageStartingWith("unknown key 'retention' in the outbox configuration");
    assertThatThrownBy(() -> PaymentConfig.from(valid.copy().put("gatewayLatencyMillis", -1))).hasMessageContaining("negative");
    assertThatThrownBy(() -> PaymentConfig.from(new JsonObject())).hasMessageContaining("database is required");
    assertThatThrownBy(() -> PaymentConfig.from(valid.copy().put("declineLimit", new JsonObject().put("limit", 5))))
      .hasMessageStartingWith("unknown key 'limit' in the payment declineLimit configuration");
    assertThatThrownBy(() -> PaymentConfig.from(valid.copy().put("declineLimit", new JsonObject().put("declines", -1))))
      .hasMessageContaining("declines");
    assertThatThrownBy(() -> PaymentConfig.from(valid.copy().put("declineLimit", new JsonObject().put("windowMillis", 0))))
      .hasMessageContaining("window");
  }
}
