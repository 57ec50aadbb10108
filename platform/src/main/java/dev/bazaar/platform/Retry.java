package dev.bazaar.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Calls to another service that may be repeated. When a call times out or finds no handler, nobody knows whether it
 * took effect, so it is made again, after a pause that doubles each time, with a little jitter so that many callers do
 * not come back at once. Only calls keyed so that a repeat has no second effect (an order id, a refund id) may be
 * retried; a refusal from the service itself is an answer, and is never retried.
 */
public final class Retry {

  private final Vertx vertx;
  private final int attempts;
  private final Duration firstPause;

  public Retry(Vertx vertx, int attempts, Duration firstPause) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    this.vertx = vertx;
    this.attempts = attempts;
    this.firstPause = firstPause;
  }

  /** Makes a keyed call, again after a timeout or when nobody was listening. */
  public <T> Future<T> idempotent(Supplier<Future<T>> call) {
    return attempt(call, 1, Retry::isWorthRetrying);
  }

  /** Makes a call that is not keyed, again only when the bus says no instance received it. */
  public <T> Future<T> ifUndelivered(Supplier<Future<T>> call) {
    return attempt(call, 1, Retry::wasUndelivered);
  }

  private <T> Future<T> attempt(Supplier<Future<T>> call, int attempt, Predicate<Throwable> worthRetrying) {
    return call.get().recover(failure -> {
      if (attempt >= attempts || !worthRetrying.test(failure)) {
        return Future.failedFuture(failure);
      }
      long pause = firstPause.toMillis() << (attempt - 1);
      long jitter = ThreadLocalRandom.current().nextLong(pause / 4 + 1);
      return vertx.timer(Math.max(1, pause + jitter)).compose(waited -> attempt(call, attempt + 1, worthRetrying));
    });
  }

  /** Whether the call may not have reached its service: no answer in time, or nobody listening. */
  public static boolean isWorthRetrying(Throwable failure) {
    return failure instanceof ReplyException reply
      && (reply.failureType() == ReplyFailure.TIMEOUT || reply.failureType() == ReplyFailure.NO_HANDLERS);
  }

  /** Whether the bus found no instance of the service: the call surely had no effect. */
  public static boolean wasUndelivered(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
