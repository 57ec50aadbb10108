package dev.bazaar.web.api;

import dev.bazaar.platform.Problem;
import dev.bazaar.platform.Retry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What an operator and a client tool ask of the node itself: liveness, readiness, and the contract document.
 *
 * <p>This node is ready when every service its APIs need answers a ping over the bus. Each service's ping runs a query
 * on its database, so one answer proves the handler is on the bus and its database is up. When it is not ready, it
 * says which services have no live instance anywhere in the cluster, and which have one that did not answer. The
 * services the APIs call but can do without (see {@link ServiceApi#optionalServices()}) are pinged too and reported
 * UP or DOWN, and never make the node unready.
 */
public final class OperationsApi {

  /** A ping answers quickly or not at all: readiness must not hang as long as a real request may. */
  static final long PING_TIMEOUT_MILLIS = 2_000;
  /**
   * An optional service is given less time: a hung one would otherwise hold every answer of {@code /ready} for the full
   * ping timeout, and a load balancer whose probe gives up sooner would take the node out all the same.
   */
  static final long OPTIONAL_PING_TIMEOUT_MILLIS = 500;

  private final Vertx vertx;
  private final Buffer contract;
  private final Map<String, String> services = new TreeMap<>();
  private final Map<String, String> optional = new TreeMap<>();

  /** Readiness covers the services that the given APIs call, and nothing written per service. */
  public OperationsApi(Vertx vertx, Buffer contract, List<ServiceApi> apis) {
    this.vertx = vertx;
    this.contract = contract;
    apis.forEach(api -> services.putAll(api.calledServices()));
    apis.forEach(api -> optional.putAll(api.optionalServices()));
    // A service that one API needs is needed, whatever another API says of it.
    optional.keySet().removeAll(services.keySet());
  }

  public void mount(RouterBuilder routes) {
    routes.getRoute("health").addHandler(this::alive);
    routes.getRoute("ready").addHandler(this::ready);
    routes.getRoute("getContract").addHandler(this::contract);
  }

  private void alive(RoutingContext rc) {
    Responses.json(rc, 200, Future.succeededFuture(new JsonObject().put("status", "UP")));
  }

  private void ready(RoutingContext rc) {
    Map<String, Future<Void>> needed = pings(services, PING_TIMEOUT_MILLIS);
    Map<String, Future<Void>> optionals = pings(optional, OPTIONAL_PING_TIMEOUT_MILLIS);
    List<Future<Void>> all = new ArrayList<>(needed.values());
    all.addAll(optionals.values());
    Future.join(all).onComplete(done -> {
      if (needed.values().stream().allMatch(Future::succeeded)) {
        Map<String, Future<Void>> checked = new TreeMap<>(needed);
        checked.putAll(optionals);
        JsonObject checks = new JsonObject();
        checked.forEach((name, ping) -> checks.put(name, ping.succeeded() ? "UP" : "DOWN"));
        Responses.json(rc, 200, Future.succeededFuture(new JsonObject().put("status", "UP").put("checks", checks)));
      } else {
        Problem.of(503, "Not ready: " + whatIsMissing(needed) + ".").send(rc.response());
      }
    });
  }

  private Map<String, Future<Void>> pings(Map<String, String> addresses, long timeoutMillis) {
    Map<String, Future<Void>> pings = new LinkedHashMap<>();
    addresses.forEach((name, address) -> pings.put(name, ping(address, timeoutMillis)));
    return pings;
  }

  /** For example "no live instance of catalog, payment; shipping did not answer within 2 s". */
  private static String whatIsMissing(Map<String, Future<Void>> pings) {
    List<String> absent = names(pings, Retry::wasUndelivered);
    List<String> silent = names(pings, failure -> !Retry.wasUndelivered(failure));
    List<String> parts = new ArrayList<>();
    if (!absent.isEmpty()) {
      parts.add("no live instance of " + String.join(", ", absent));
    }
    if (!silent.isEmpty()) {
      parts.add(String.join(", ", silent) + (silent.size() == 1 ? " did" : " do") + " not answer within "
        + PING_TIMEOUT_MILLIS / 1000 + " s");
    }
    return String.join("; ", parts);
  }

  private static List<String> names(Map<String, Future<Void>> pings, Predicate<Throwable> failedSo) {
    return pings.entrySet().stream()
      .filter(ping -> ping.getValue().failed() && failedSo.test(ping.getValue().cause()))
      .map(Map.Entry::getKey).toList();
  }

  /** Every service proxy answers the action {@code ping}; the message is plain JSON, as any bus client would send it. */
  private Future<Void> ping(String address, long timeoutMillis) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMillis).addHeader("action", "ping");
    return vertx.eventBus().request(address, new JsonObject(), options).mapEmpty();
  }

  private void contract(RoutingContext rc) {
    Responses.send(rc, 200, "application/yaml", contract);
  }
}
