package dev.bazaar.platform;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Set;

/**
 * How a service keeps and relays its outbox, the {@code outbox} section of its configuration:
 * {@code {"retentionMillis": 604800000, "pollMillis": 1000}}.
 *
 * @param retention how long events stay in the log, for consumers that were down to catch up
 * @param poll      how often the relay looks for new events when no notification woke it
 */
public record OutboxConfig(Duration retention, Duration poll) {

  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);
  public static final OutboxConfig DEFAULTS = new OutboxConfig(DEFAULT_RETENTION, DEFAULT_POLL);

  public OutboxConfig {
    if (retention.isNegative() || retention.isZero() || poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("outbox configuration: retentionMillis and pollMillis must be positive");
    }
  }

  public static OutboxConfig from(JsonObject json) {
    ConfigReader config = ConfigReader.of("outbox", json, Set.of("retentionMillis", "pollMillis"));
    return new OutboxConfig(config.millis("retentionMillis", DEFAULT_RETENTION), config.millis("pollMillis", DEFAULT_POLL));
  }

  public JsonObject toJson() {
    return new JsonObject().put("retentionMillis", retention.toMillis()).put("pollMillis", poll.toMillis());
  }
}
