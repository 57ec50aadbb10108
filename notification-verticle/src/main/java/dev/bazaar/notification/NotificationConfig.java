package dev.bazaar.notification;

import dev.bazaar.platform.ConfigReader;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import dev.bazaar.platform.ServiceConfig;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Set;

/**
 * Notification's settings, as its verticle configuration carries them: {@code {"database": {...}, "outbox": {...},
 * "smtp": {...} or absent, "sender": "Bazaar <orders@bazaar.local>", "sendAttempts": 8, "firstRetryMillis": 1000,
 * "maxRetryMillis": 600000, "sendSweepMillis": 1000, "sendLeaseMillis": 120000, "serviceTimeoutMillis": 5000,
 * "callAttempts": 3}}.
 *
 * @param smtp           the mail server; null sends nothing: notifications are stored and listed only
 * @param sender         the From of every email
 * @param sendAttempts   how many times an email is tried before it ends FAILED
 * @param firstRetry     the wait after the first failed attempt; each later wait doubles, up to {@code maxRetry}
 * @param sendSweep      how often each instance looks for emails due to be sent
 * @param sendLease      how long an email taken for sending stays with the instance that took it: every attempt
 *                       ends within it, and if the instance dies, another sends the email after it
 * @param serviceTimeout how long a read of another service's event log may take
 * @param callAttempts   how often such a read is made when it goes unanswered
 */
public record NotificationConfig(DatabaseConfig database, OutboxConfig outbox, SmtpConfig smtp, String sender,
                                 int sendAttempts, Duration firstRetry, Duration maxRetry, Duration sendSweep,
                                 Duration sendLease, Duration serviceTimeout, int callAttempts) implements ServiceConfig {

  public static final String DEFAULT_SENDER = "Bazaar <orders@bazaar.local>";
  public static final int DEFAULT_SEND_ATTEMPTS = 8;
  public static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_RETRY = Duration.ofMinutes(10);
  public static final Duration DEFAULT_SEND_SWEEP = Duration.ofSeconds(1);
  public static final Duration DEFAULT_SEND_LEASE = Duration.ofMinutes(2);
  public static final Duration DEFAULT_SERVICE_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_CALL_ATTEMPTS = 3;

  private static final Set<String> KEYS = Set.of("database", "outbox", "smtp", "sender", "sendAttempts",
    "firstRetryMillis", "maxRetryMillis", "sendSweepMillis", "sendLeaseMillis", "serviceTimeoutMillis", "callAttempts");

  public NotificationConfig {
    if (database == null) {
      throw new IllegalArgumentException("notification configuration: database is required");
    }
    if (outbox == null) {
      outbox = OutboxConfig.DEFAULTS;
    }
    if (!isSender(sender)) {
      throw new IllegalArgumentException("notification configuration: sender must be an address such as "
        + DEFAULT_SENDER);
    }
    if (sendAttempts < 1) {
      throw new IllegalArgumentException("notification configuration: sendAttempts must be at least 1");
    }
    if (!positive(firstRetry) || maxRetry.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException("notification configuration: firstRetryMillis must be positive and "
        + "maxRetryMillis at least as long");
    }
    if (!positive(sendSweep) || !positive(serviceTimeout) || callAttempts < 1) {
      throw new IllegalArgumentException("notification configuration: sendSweepMillis and serviceTimeoutMillis must "
        + "be positive, callAttempts at least 1");
    }
    if (sendLease.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new IllegalArgumentException("notification configuration: sendLeaseMillis must be at least 2000");
    }
  }

  /** An address such as {@code orders@example.com}, or with a name, {@code Shop <orders@example.com>}. */
  public static boolean isSender(String sender) {
    return sender != null && !sender.contains("\n") && !sender.contains("\r") && Mailbox.isPlausible(Mailbox.address(sender));
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  public static NotificationConfig from(JsonObject json) {
    ConfigReader config = ConfigReader.of("notification", json, KEYS);
    return new NotificationConfig(
      config.section("database", DatabaseConfig::from),
      config.section("outbox", OutboxConfig::from),
      config.section("smtp", SmtpConfig::from),
      config.string("sender", DEFAULT_SENDER),
      config.integer("sendAttempts", DEFAULT_SEND_ATTEMPTS),
      config.millis("firstRetryMillis", DEFAULT_FIRST_RETRY),
      config.millis("maxRetryMillis", DEFAULT_MAX_RETRY),
      config.millis("sendSweepMillis", DEFAULT_SEND_SWEEP),
      config.millis("sendLeaseMillis", DEFAULT_SEND_LEASE),
      config.millis("serviceTimeoutMillis", DEFAULT_SERVICE_TIMEOUT),
      config.integer("callAttempts", DEFAULT_CALL_ATTEMPTS));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("database", database.toJson())
      .put("outbox", outbox.toJson())
      .put("smtp", smtp == null ? null : smtp.toJson())
      .put("sender", sender)
      .put("sendAttempts", sendAttempts)
      .put("firstRetryMillis", firstRetry.toMillis())
      .put("maxRetryMillis", maxRetry.toMillis())
      .put("sendSweepMillis", sendSweep.toMillis())
      .put("sendLeaseMillis", sendLease.toMillis())
      .put("serviceTimeoutMillis", serviceTimeout.toMillis())
      .put("callAttempts", callAttempts);
  }
}
