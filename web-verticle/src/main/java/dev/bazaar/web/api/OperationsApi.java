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
 * <p>This node is ready when every service its APIs call answers a ping over the bus. Each service's ping runs a query
 * on its database, so one answer proves the handler is on the bus and its database is up. When it is not ready, it
 * says which services have no live instance anywhere in the cluster, and which have one that did not answer.
 */
public final class OperationsApi {

  /** A ping answers quickly or not at all: readiness must not hang as long as a real request may. */
  static final long PING_TIMEOUT_MILLIS = 2_000;

  private final Vertx vertx;
  private final Buffer contract;
  private final Map<String, String> services = new TreeMap<>();

  /** Readiness covers the services that the given APIs call, and nothing written per service. */
  public OperationsApi(Vertx vertx, Buffer contract, List<ServiceApi> apis) {
    this.vertx = vertx;
    this.contract = contract;
    apis.forEach(api -> services.putAll(api.calledServices()));
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
    Map<String, Future<Void>> pings = new LinkedHashMap<>();
    services.forEach((name, address) -> pings.put(name, ping(address)));
    Future.join(List.copyOf(pings.values())).onComplete(done -> {
      if (pings.values().stream().allMatch(Future::succeeded)) {
        JsonObject checks = new JsonObject();
        pings.keySet().forEach(name -> checks.put(name, "UP"));
        Responses.json(rc, 200, Future.succeededFuture(new JsonObject().put("status", "UP").put("checks", checks)));
      } else {
        Problem.of(503, "Not ready: " + whatIsMissing(pings) + ".").send(rc.response());
      }
    });
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
  private Future<Void> ping(String address) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(PING_TIMEOUT_MILLIS).addHeader("action", "ping");
    return vertx.eventBus().request(address, new JsonObject(), options).mapEmpty();
  }

  private void contract(RoutingContext rc) {
    Responses.send(rc, 200, "application/yaml", contract);
  }
}
