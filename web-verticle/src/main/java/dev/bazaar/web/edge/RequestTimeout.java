package dev.bazaar.web.edge;

import dev.bazaar.web.bridge.SockJsBridge;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

import java.time.Duration;
import java.util.Set;

/**
 * The request timeout: a request not answered in time is failed with 503. Event streams, and the SockJS event bus
 * bridge's connections (long-lived by design, and bounded by its own pings), are let through without it.
 *
 * <p>Workaround: vertx-web 5.0.7's {@link TimeoutHandler} cancels its timer only when the routing context ends, and an
 * event stream ends only when its client leaves; so every stream would be failed once the timeout passed, and, its
 * head long written, cut off by {@link ProblemHandler}. Its clients would reconnect every 15 s. A stream bounds its
 * own waits instead: its catch-up is made of service calls that each have a timeout, and a client that stops reading
 * is cut off by the stream. This can go when a handler can take its request off the timer; 5.0.7 has no way to.
 *
 * <p>A platform handler, like the one it wraps, so that the router keeps it ahead of the security and body handlers.
 */
public final class RequestTimeout implements PlatformHandler {

  private final Handler<RoutingContext> timeout;
  private final OpenAPIContract contract;
  private final Set<String> streams;

  /**
   * @param streams the ids of the contract's operations that answer with an event stream
   */
  public RequestTimeout(Duration timeout, OpenAPIContract contract, Set<String> streams) {
    this.timeout = TimeoutHandler.create(timeout.toMillis(), 503);
    this.contract = contract;
    this.streams = streams;
  }

  @Override
  public void handle(RoutingContext rc) {
    if (isStream(rc)) {
      rc.next();
    } else {
      timeout.handle(rc);
    }
  }

  /** Asks the contract which operation the request is for, as the router will; a trailing slash routes the same. */
  private boolean isStream(RoutingContext rc) {
    if (rc.normalizedPath().startsWith(SockJsBridge.PATH + "/")) {
      return true;
    }
    if (streams.isEmpty() || rc.request().method() != HttpMethod.GET) {
      return false;
    }
    String path = rc.normalizedPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    Operation operation = contract.findOperation(path, HttpMethod.GET);
    return operation != null && streams.contains(operation.getOperationId());
  }
}
