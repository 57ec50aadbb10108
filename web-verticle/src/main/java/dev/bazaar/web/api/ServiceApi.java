package dev.bazaar.web.api;

import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.Map;

/**
 * The REST endpoints of one service. The web verticle mounts one of these per service; each turns validated requests
 * into calls on its service's proxy and the answers into JSON, and holds no business rule of its own.
 */
public interface ServiceApi {

  /** The services these endpoints call, by name, with their bus addresses; {@code /ready} pings each of them. */
  Map<String, String> calledServices();

  /** Puts a handler on each of the service's operations in the contract, by operation id. */
  void mount(RouterBuilder routes);
}
