package dev.bazaar.web.edge;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads each request's body, up to a limit, except a WebSocket upgrade's. An upgrade has no body, but a client may
 * still send {@code Content-Length: 0} with it (Java's HttpClient does), and a request whose body was read can no longer
 * be upgraded: the SockJS bridge would answer 500. vertx-web 5.0.7's BodyHandler reads it regardless.
 */
public final class RequestBodies implements Handler<RoutingContext> {

  private final BodyHandler bodies;

  public RequestBodies(long limit) {
    this.bodies = BodyHandler.create(false).setBodyLimit(limit);
  }

  @Override
  public void handle(RoutingContext rc) {
    String upgrade = rc.request().getHeader(HttpHeaders.UPGRADE);
    if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
      rc.next();
    } else {
      bodies.handle(rc);
    }
  }
}
