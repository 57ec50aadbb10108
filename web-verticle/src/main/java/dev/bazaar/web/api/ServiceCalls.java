package dev.bazaar.web.api;

import dev.bazaar.platform.Downstream;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.time.Duration;
import java.util.function.BiFunction;

/**
 * How the REST endpoints call services: each through a {@link Downstream} proxy, with a send timeout, retries of
 * unanswered calls, and a circuit breaker per service that turns a service with no live instance into quick 503s.
 *
 * @param timeout  how long one call may take
 * @param attempts how many times an unanswered call is made
 */
public record ServiceCalls(Vertx vertx, Duration timeout, int attempts, Downstream.Retries retries) {

  public ServiceCalls(Vertx vertx, Duration timeout, int attempts) {
    this(vertx, timeout, attempts, Downstream.Retries.UNANSWERED);
  }

  /** The proxy of service {@code name}, made by its contract's {@code createProxy}. */
  public <T> T proxy(Class<T> type, String name, BiFunction<Vertx, DeliveryOptions, T> proxies) {
    return Downstream.proxy(vertx, type, name, proxies, timeout, attempts, retries);
  }

  /**
   * Calls given the whole of the request's time, for an operation that runs other calls in turn: made again only
   * when no instance received them, since after a timeout the request has been answered already.
   */
  public ServiceCalls takingTheWholeRequest(Duration requestTimeout) {
    return new ServiceCalls(vertx, requestTimeout, attempts, Downstream.Retries.UNDELIVERED);
  }
}
