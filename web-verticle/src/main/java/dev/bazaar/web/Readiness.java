package dev.bazaar.web;

import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Liveness and readiness. This node is ready when every service it calls answers a ping over the bus; each service's
 * ping runs a query on its database, so one answer proves the handler is on the bus and its database is up.
 */
final class Readiness {

  /** A ping answers quickly or not at all: readiness must not hang as long as a real request may. */
  private static final long PING_TIMEOUT_MILLIS = 2_000;

  private final Map<String, Supplier<Future<Void>>> checks = new LinkedHashMap<>();

  Readiness(Vertx vertx) {
    DeliveryOptions ping = new DeliveryOptions().setSendTimeout(PING_TIMEOUT_MILLIS);
    checks.put("catalog", CatalogService.createProxy(vertx, ping)::ping);
  }

  static void alive(RoutingContext rc) {
    Responses.json(rc, 200, Future.succeededFuture(new JsonObject().put("status", "UP")));
  }

  void ready(RoutingContext rc) {
    Map<String, Future<Void>> pings = new LinkedHashMap<>();
    checks.forEach((name, ping) -> pings.put(name, ping.get()));
    Future.join(List.copyOf(pings.values())).onComplete(done -> {
      JsonObject status = new JsonObject();
      pings.forEach((name, ping) -> status.put(name, ping.succeeded() ? "UP" : "DOWN"));
      if (pings.values().stream().allMatch(Future::succeeded)) {
        Responses.json(rc, 200, Future.succeededFuture(new JsonObject().put("status", "UP").put("checks", status)));
      } else {
        Problem.of(503, "Not ready: " + status.encode()).send(rc.response());
      }
    });
  }
}
