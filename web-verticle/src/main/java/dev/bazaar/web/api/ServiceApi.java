package dev.bazaar.web.api;

import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.Map;

/**
 * The REST endpoints of one service. The web verticle mounts one of these per service; each turns validated requests
 * into calls on its service's proxy and the answers into JSON, and holds no business rule of its own.
 */
public interface ServiceApi {

  /**
   * The services these endpoints cannot work without, by name, with their bus addresses; {@code /ready} pings each of
   * them, and the node is not ready while one does not answer.
   */
  Map<String, String> calledServices();

  /**
   * The services these endpoints call but the shop can sell without, by name, with their bus addresses. {@code /ready}
   * pings them too and reports each that does not answer as DOWN, yet stays 200: taking every web node out of the load
   * balancer because such a service is down would stop checkouts that do not need it.
   */
  default Map<String, String> optionalServices() {
    return Map.of();
  }

  /** Puts a handler on each of the service's operations in the contract, by operation id. */
  void mount(RouterBuilder routes);

  /**
   * Ends what these endpoints hold open, such as live streams, when the verticle stops: the server's graceful shutdown
   * waits for every open request, and a stream never ends by itself.
   */
  default void close() {
  }
}
