package dev.bazaar.web.edge;

import dev.bazaar.web.storefront.Storefront;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Headers that make browsers treat our answers strictly: no MIME sniffing, no framing, HSTS when we speak TLS, and a
 * content security policy: the storefront page may run only its own script and style and connect only to this
 * origin (its API and its event bus bridge); every other response outside the JSON API may do nothing at all.
 */
public final class SecurityHeaders implements SecurityPolicyHandler {

  static final String NOTHING = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
  static final String STOREFRONT = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final boolean tls;

  public SecurityHeaders(boolean tls) {
    this.tls = tls;
  }

  @Override
  public void handle(RoutingContext rc) {
    String path = rc.normalizedPath();
    addTo(rc.response(), path.startsWith("/api/"), Storefront.serves(path));
    rc.next();
  }

  void addTo(HttpServerResponse response, boolean api) {
    addTo(response, api, false);
  }

  private void addTo(HttpServerResponse response, boolean api, boolean storefront) {
    response.putHeader("X-Content-Type-Options", "nosniff");
    response.putHeader("X-Frame-Options", "DENY");
    if (tls) {
      response.putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    if (!api) {
      response.putHeader("Content-Security-Policy", storefront ? STOREFRONT : NOTHING);
    }
  }
}
