package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.NotRetriedAfterTimeout;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * A service proxy as a caller should use it. Every call has a send timeout. A call that timed out or found no instance
 * is made again with backoff, and the bus may send the retry to another instance; a call marked
 * {@link NotRetriedAfterTimeout} is retried only when no instance received it. And a circuit breaker per service counts
 * the calls that went unanswered: after {@value #FAILURES_TO_OPEN} within {@value #FAILURE_WINDOW_SECONDS} s it opens,
 * and for {@value #OPEN_SECONDS} s every call fails at once with {@link ErrorCode#UNAVAILABLE}, instead of waiting out
 * its timeout and piling up behind the others. Then one call is let through; if it is answered, the circuit closes.
 *
 * <p>A refusal from the service (no stock, a declined card) is an answer: it is neither retried nor counted.
 */
public final class Downstream {

  static final int FAILURES_TO_OPEN = 5;
  static final int FAILURE_WINDOW_SECONDS = 10;
  static final int OPEN_SECONDS = 5;
  static final Duration FIRST_PAUSE = Duration.ofMillis(100);

  private Downstream() {
  }

  /** Which failed calls are made again. */
  public enum Retries {
    /** Those that timed out (keyed ones only) or found no instance: for calls whose caller can wait for a retry. */
    UNANSWERED,
    /**
     * Only those no instance received: for a call given all of its caller's time, whose retry after a timeout could
     * answer nobody, and would only do in the background what the caller has already been told failed.
     */
    UNDELIVERED
  }

  /**
   * The proxy of service {@code name}, made by {@code proxies} (a contract's {@code createProxy}), with each call timed
   * out after {@code timeout}, made at most {@code attempts} times, and behind the service's circuit breaker.
   */
  public static <T> T proxy(Vertx vertx, Class<T> type, String name, BiFunction<Vertx, DeliveryOptions, T> proxies,
                            Duration timeout, int attempts) {
    return proxy(vertx, type, name, proxies, timeout, attempts, Retries.UNANSWERED);
  }

  /**
   * The proxy of service {@code name} for an {@link EventConsumer} reading its log only. One attempt per read, timed
   * out after {@code timeout}: the consumer reads again on its next turn anyway, and a consumer starting before the
   * service must not wait out retries. Its circuit breaker is its own ("{@code name} log"): the reads that fail while
   * the service is not up yet must not open the breaker that every other caller of the service on this node shares.
   */
  public static <T> T logReader(Vertx vertx, Class<T> type, String name, BiFunction<Vertx, DeliveryOptions, T> proxies,
                                Duration timeout) {
    return proxy(vertx, type, name + " log", proxies, timeout, 1);
  }

  /** As above, retrying only the calls that {@code retries} names. */
  public static <T> T proxy(Vertx vertx, Class<T> type, String name, BiFunction<Vertx, DeliveryOptions, T> proxies,
                            Duration timeout, int attempts, Retries retries) {
    T target = proxies.apply(vertx, new DeliveryOptions().setSendTimeout(timeout.toMillis()));
    Calls calls = new Calls(name, target, new Retry(vertx, attempts, FIRST_PAUSE), retries, breaker(vertx, name));
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, calls));
  }

  /**
   * The node's one breaker for service {@code name}: every verticle instance that calls the service counts its
   * failures in the same breaker, so the circuit opens after five failures on this node, not five per instance.
   */
  private static CircuitBreaker breaker(Vertx vertx, String name) {
    return vertx.sharedData().<String, SharedBreaker>getLocalMap("bazaar.breakers")
      .computeIfAbsent(name, absent -> new SharedBreaker(newBreaker(vertx, name))).breaker();
  }

  private record SharedBreaker(CircuitBreaker breaker) implements Shareable {
  }

  private static CircuitBreaker newBreaker(Vertx vertx, String name) {
    CircuitBreakerOptions options = new CircuitBreakerOptions()
      .setMaxFailures(FAILURES_TO_OPEN)
      .setFailuresRollingWindow(FAILURE_WINDOW_SECONDS * 1000L)
      .setResetTimeout(OPEN_SECONDS * 1000L)
      .setTimeout(-1) // the send timeout ends a call; the breaker could not cancel a bus request anyway
      .setNotificationAddress(null); // no periodic metrics published on the bus
    return CircuitBreaker.create("bazaar." + name, vertx, options)
      .failurePolicy(outcome -> outcome.failed() && Retry.isWorthRetrying(outcome.cause()));
  }

  /** What every call on the proxy goes through. */
  private record Calls(String name, Object target, Retry retry, Retries retries, CircuitBreaker breaker)
    implements InvocationHandler {

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getReturnType() != Future.class) {
        return Invocation.passOn(target, method, args); // toString, equals, hashCode
      }
      boolean afterTimeout = retries == Retries.UNANSWERED && !method.isAnnotationPresent(NotRetriedAfterTimeout.class);
      return breaker.<Object>execute(() -> afterTimeout
          ? retry.idempotent(() -> answer(method, args))
          : retry.ifUndelivered(() -> answer(method, args)))
        .recover(failure -> failure instanceof OpenCircuitException ? unavailable() : Future.failedFuture(failure));
    }

    private Future<Object> answer(Method method, Object[] args) {
      try {
        @SuppressWarnings("unchecked")
        Future<Object> answer = (Future<Object>) Invocation.passOn(target, method, args);
        return answer;
      } catch (Throwable failure) {
        return Future.failedFuture(failure);
      }
    }

    private <T> Future<T> unavailable() {
      return Future.failedFuture(ErrorCode.UNAVAILABLE.exception("The " + name + " service did not answer repeatedly "
          + "of late, so it is not being called for now. Try again in " + OPEN_SECONDS + " s.",
        new JsonObject().put(ErrorCode.RETRY_AFTER_SECONDS, OPEN_SECONDS)));
    }
  }
}
