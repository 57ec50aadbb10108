package dev.bazaar.web.edge;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Headers that make browsers treat our answers strictly: no MIME sniffing, no framing, HSTS when we speak TLS, and a
 * content security policy that allows nothing on the responses outside the JSON API.
 */
public final class SecurityHeaders implements SecurityPolicyHandler {

  private final boolean tls;

  public SecurityHeaders(boolean tls) {
    this.tls = tls;
  }

  @Override
  public void handle(RoutingContext rc) {
    addTo(rc.response(), rc.normalizedPath().startsWith("/api/"));
    rc.next();
  }

  void addTo(HttpServerResponse response, boolean api) {
    response.putHeader("X-Content-Type-Options", "nosniff");
    response.putHeader("X-Frame-Options", "DENY");
    if (tls) {
      response.putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    if (!api) {
      response.putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    }
  }
}
