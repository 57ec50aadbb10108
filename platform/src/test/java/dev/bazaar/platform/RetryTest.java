package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A call that may not have reached its service (no answer in time, nobody listening) is made again, as many times as
 * allowed, after pauses that double; any other failure is an answer and is passed on at once.
 *
 * <p>The pauses are read from the timers Retry asks Vert.x for, through a Vert.x whose timers fire at once, so they are
 * pinned exactly and the tests do not wait for them.
 */
@ExtendWith(VertxExtension.class)
class RetryTest {

  private final List<Long> pauses = Collections.synchronizedList(new ArrayList<>());
  private Vertx vertx;

  @BeforeEach
  void noteDownPauses(Vertx real) {
    vertx = timersNotedIn(real, pauses);
  }

  @Test
  void aCallThatTimesOutOrFindsNoHandlerIsMadeAgainUntilItIsAnswered() {
    Script script = new Script(timeout(), noHandlers(), null);

    String answer = await(new Retry(vertx, 3, Duration.ofMillis(100)).idempotent(script));

    assertThat(answer).isEqualTo("answer 3");
    assertThat(script.calls()).isEqualTo(3);
  }

  @Test
  void thePauseDoublesAfterEachAttemptWithAtMostAQuarterOfJitter() {
    Script script = new Script(timeout(), timeout(), timeout(), timeout(), null);

    await(new Retry(vertx, 5, Duration.ofMillis(100)).idempotent(script));

    assertThat(pauses).hasSize(4);
    assertThat(pauses.get(0)).isBetween(100L, 125L);
    assertThat(pauses.get(1)).isBetween(200L, 250L);
    assertThat(pauses.get(2)).isBetween(400L, 500L);
    assertThat(pauses.get(3)).isBetween(800L, 1000L);
  }

  @Test
  void whenEveryAttemptFailsTheLastFailureIsTheAnswer() {
    ReplyException last = timeout();
    Script script = new Script(timeout(), noHandlers(), timeout(), last, null);

    Throwable failure = catchThrowable(() -> await(new Retry(vertx, 4, Duration.ofMillis(10)).idempotent(script)));

    assertThat(failure).isSameAs(last);
    assertThat(script.calls()).as("attempts made").isEqualTo(4);
    assertThat(pauses).as("a pause between each two attempts, none after the last").hasSize(3);
  }

  @Test
  void oneAttemptIsTheCallAlone() {
    Script script = new Script(timeout(), null);

    assertThat(catchThrowable(() -> await(new Retry(vertx, 1, Duration.ofMillis(10)).idempotent(script))))
      .isInstanceOf(ReplyException.class);
    assertThat(script.calls()).isEqualTo(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void aRefusalOrAnyOtherFailureIsAnAnswerAndIsNotRetried() {
    List<Throwable> answers = List.of(
      ErrorCode.CONFLICT.exception("The order is shipped."),
      new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, "the service failed"),
      new ReplyException(ReplyFailure.ERROR, "the bus failed"),
      new IllegalStateException("a bug"));
    for (Throwable answer : answers) {
      Script script = new Script(answer, null);

      Throwable failure = catchThrowable(() -> await(new Retry(vertx, 5, Duration.ofMillis(10)).idempotent(script)));

      assertThat(failure).as("%s", answer).isSameAs(answer);
      assertThat(script.calls()).as("calls after %s", answer).isEqualTo(1);
    }
    assertThat(pauses).isEmpty();
  }

  @Test
  void onlyATimeoutOrNoHandlerIsWorthRetrying() {
    assertThat(Retry.isWorthRetrying(timeout())).isTrue();
    assertThat(Retry.isWorthRetrying(noHandlers())).isTrue();
    assertThat(Retry.isWorthRetrying(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 4092, "conflict"))).isFalse();
    assertThat(Retry.isWorthRetrying(new ReplyException(ReplyFailure.ERROR, "error"))).isFalse();
    assertThat(Retry.isWorthRetrying(ErrorCode.NOT_FOUND.exception("no such order"))).isFalse();
    assertThat(Retry.isWorthRetrying(new RuntimeException("timeout"))).isFalse();
    assertThat(Retry.isWorthRetrying(null)).isFalse();
  }

  @Test
  void aZeroFirstPauseStillWaitsOneMillisecond() {
    // Vert.x refuses a timer under 1 ms, and a jitter of a quarter of nothing must still be a valid random bound.
    Script script = new Script(timeout(), noHandlers(), null);

    assertThat(await(new Retry(vertx, 3, Duration.ZERO).idempotent(script))).isEqualTo("answer 3");
    assertThat(pauses).containsExactly(1L, 1L);
  }

  @Test
  void fewerThanOneAttemptIsRefused() {
    assertThatThrownBy(() -> new Retry(vertx, 0, Duration.ofMillis(10)))
      .isInstanceOf(IllegalArgumentException.class).hasMessage("attempts must be at least 1");
    assertThatThrownBy(() -> new Retry(vertx, -1, Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
    assertThat(new Retry(vertx, 1, Duration.ofMillis(10))).isNotNull();
  }

  /** A call whose outcomes are given in turn: a failure, or null for an answer. */
  private static final class Script implements Supplier<Future<String>> {
    private final List<Throwable> outcomes;
    private final AtomicInteger made = new AtomicInteger();

    Script(Throwable... outcomes) {
      this.outcomes = Arrays.asList(outcomes);
    }

    int calls() {
      return made.get();
    }

    @Override
    public Future<String> get() {
      int call = made.incrementAndGet();
      if (call > outcomes.size()) {
        return Future.failedFuture(new AssertionError("called more often than scripted"));
      }
      Throwable failure = outcomes.get(call - 1);
      return failure == null ? Future.succeededFuture("answer " + call) : Future.failedFuture(failure);
    }
  }

  private static ReplyException timeout() {
    return new ReplyException(ReplyFailure.TIMEOUT, "Timed out after waiting 5000(ms) for a reply");
  }

  private static ReplyException noHandlers() {
    return new ReplyException(ReplyFailure.NO_HANDLERS, "No handlers for address orders");
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no outcome within 10 s", e);
    }
  }

  /** {@code real}, except that each one-off timer asked for is noted down and fires after 1 ms. */
  private static Vertx timersNotedIn(Vertx real, List<Long> delays) {
    return (Vertx) Proxy.newProxyInstance(Vertx.class.getClassLoader(), new Class<?>[] {Vertx.class},
      (proxy, method, args) -> {
        if (method.getName().equals("timer") && args.length == 1) {
          delays.add((Long) args[0]);
          return real.timer(1);
        }
        try {
          return method.invoke(real, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });
  }
}
