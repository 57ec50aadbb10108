package dev.bazaar.payment;

import dev.bazaar.platform.ConfigReader;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The brake on card testing: once a customer's cards were declined {@code declines} times within {@code window}, that
 * customer may neither add a payment method nor pay by card until {@code coolDown} has passed since the last decline.
 * A decline after the cool-down, with the ones before it still inside the window, starts another. Other customers are
 * never held up. As configuration: {@code {"declines": 5, "windowMillis": 600000, "coolDownMillis": 900000}}.
 *
 * @param declines how many declines trip it; 0 turns it off
 */
public record DeclineLimit(int declines, Duration window, Duration coolDown) {

  public static final DeclineLimit DEFAULTS = new DeclineLimit(5, Duration.ofMinutes(10), Duration.ofMinutes(15));

  public DeclineLimit {
    if (declines < 0) {
      throw new IllegalArgumentException("payment configuration: declineLimit.declines must not be negative");
    }
    if (window.isNegative() || window.isZero() || coolDown.isNegative() || coolDown.isZero()) {
      throw new IllegalArgumentException("payment configuration: declineLimit's window and cool-down must be positive");
    }
  }

  boolean isOff() {
    return declines == 0;
  }

  /**
   * When the customer's cool-down ends, if one was ever tripped by their latest declines: {@code newestFirst} are the
   * times of their most recent declines, at most {@link #declines()} of them, newest first.
   */
  Optional<Instant> coolDownEnd(List<Instant> newestFirst) {
    if (isOff() || newestFirst.size() < declines) {
      return Optional.empty();
    }
    Instant newest = newestFirst.get(0);
    Instant oldest = newestFirst.get(declines - 1);
    return Duration.between(oldest, newest).compareTo(window) <= 0 ? Optional.of(newest.plus(coolDown)) : Optional.empty();
  }

  static DeclineLimit from(JsonObject json) {
    ConfigReader config = ConfigReader.of("payment declineLimit", json, Set.of("declines", "windowMillis", "coolDownMillis"));
    return new DeclineLimit(config.integer("declines", DEFAULTS.declines),
      config.millis("windowMillis", DEFAULTS.window), config.millis("coolDownMillis", DEFAULTS.coolDown));
  }

  JsonObject toJson() {
    return new JsonObject().put("declines", declines).put("windowMillis", window.toMillis())
      .put("coolDownMillis", coolDown.toMillis());
  }
}
