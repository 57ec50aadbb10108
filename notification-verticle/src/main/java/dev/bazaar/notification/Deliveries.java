package dev.bazaar.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends the emails that are due, on a timer: takes a batch, hands each to the mail server, and records what happened.
 * An email is SENT only after the server accepted it. A failed attempt is tried again after a wait that doubles each
 * time, with jitter so that many emails failed by one outage do not all come back at once, up to the configured
 * attempts; then, or at once when the server refuses it for good, it is FAILED with the reason. What was pending when
 * the service stopped is simply due on the next start.
 */
final class Deliveries {

  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
  private static final int BATCH = 32;

  private final Vertx vertx;
  private final NotificationRepository repository;
  private final Mailer mailer;
  private final NotificationConfig config;
  private long timer = -1;
  private Future<Void> sweep = Future.succeededFuture();

  Deliveries(Vertx vertx, NotificationRepository repository, Mailer mailer, NotificationConfig config) {
    this.vertx = vertx;
    this.repository = repository;
    this.mailer = mailer;
    this.config = config;
  }

  void start() {
    timer = vertx.setPeriodic(1, config.sendSweep().toMillis(), tick -> {
      if (sweep.isComplete()) {
        sweep = sendDue();
      }
    });
  }

  /** Takes no more emails and waits for the ones being sent. */
  Future<Void> close() {
    vertx.cancelTimer(timer);
    return sweep.eventually(mailer::close);
  }

  /** Sends batches until none is due; a failure to reach the database waits for the next tick. */
  private Future<Void> sendDue() {
    return repository.takeDue(BATCH, config.sendLease())
      .compose(due -> Future.join(due.stream().map(this::deliver).toList())
        .transform(sent -> due.size() == BATCH ? sendDue() : Future.succeededFuture()))
      .onFailure(failure -> LOG.warn("Could not look for emails to send: {}", failure.getMessage()))
      .otherwiseEmpty()
      .mapEmpty();
  }

  private Future<Void> deliver(Email email) {
    return mailer.send(email)
      .transform(sent -> sent.succeeded() ? repository.sent(email.id()) : afterFailure(email, sent.cause()));
  }

  private Future<Void> afterFailure(Email email, Throwable failure) {
    String reason = "Attempt " + email.attempt() + " of " + config.sendAttempts() + " failed: " + describe(failure);
    if (Mailer.refusedForGood(failure) || email.attempt() >= config.sendAttempts()) {
      LOG.warn("Gave up the email of notification {}: {}", email.id(), reason);
      return repository.failed(email.id(), reason);
    }
    return repository.retryLater(email.id(), reason, waitAfter(email.attempt()));
  }

  /** First retry after about {@code firstRetry}, then twice as long each time, at most {@code maxRetry}; jittered. */
  Duration waitAfter(int attempt) {
    long ceiling = config.maxRetry().toMillis();
    long base = Math.min(ceiling, config.firstRetry().toMillis() << Math.min(attempt - 1, 30));
    // Between half and all of the step: spread out, never shorter than half, never longer than the step.
    return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return message.length() > 300 ? message.substring(0, 300) : message;
  }

  /** For the verticle's start-up: nothing to close when nothing was started. */
  static Future<Void> close(Deliveries deliveries) {
    return deliveries == null ? Future.succeededFuture() : deliveries.close();
  }
}
