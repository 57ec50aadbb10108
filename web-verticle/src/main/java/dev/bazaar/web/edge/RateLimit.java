package dev.bazaar.web.edge;

import dev.bazaar.platform.Problem;
import dev.bazaar.web.auth.AccessControl;
import dev.bazaar.web.auth.Caller;
import dev.bazaar.web.auth.TokenVerifier;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers 429 with Retry-After to a client over its rate: a signed-in caller by subject, anyone else by its
 * {@link ClientAddress}. Requests refused with 401 count against their address in a bucket of their own, checked
 * before any token is, so an address cannot try forged tokens faster than the rate either.
 *
 * <p>A token that verified before is let past that bucket: otherwise a burst of forged tokens from one address (a
 * shared NAT, a proxy we do not trust) would lock out every signed-in caller behind it. Checking each token's
 * signature once the bucket is empty would do that too, but would make every forged token cost a signature check
 * again, which is what the bucket is there to prevent; a remembered token costs a hash. A token never seen before
 * waits, like a forged one, until the address has turns again.
 */
public final class RateLimit implements Handler<RoutingContext> {

  private static final String CLIENT = "bazaar.client";

  private final RateLimiter limiter;
  private final ClientAddress clients;
  private final TokenVerifier tokens;

  public RateLimit(RateLimiter limiter, ClientAddress clients, TokenVerifier tokens) {
    this.limiter = limiter;
    this.clients = clients;
    this.tokens = tokens;
  }

  /** After access control: every admitted request spends from its caller's bucket. */
  @Override
  public void handle(RoutingContext rc) {
    admitOrRefuse(rc, limiter.secondsToWait(Caller.of(rc), address(rc)));
  }

  /** Before access control: an address whose bad tokens used up its bucket is refused without checking another. */
  public void beforeAccessControl(RoutingContext rc) {
    String address = clients.of(rc.request());
    rc.put(CLIENT, address);
    if (tokens.isKnownGood(AccessControl.bearerToken(rc.request()))) {
      rc.next();
      return;
    }
    rc.addHeadersEndHandler(sent -> {
      if (rc.response().getStatusCode() == 401) {
        limiter.countRefusedToken(address);
      }
    });
    admitOrRefuse(rc, limiter.secondsToWaitAfterRefusedTokens(address));
  }

  private static void admitOrRefuse(RoutingContext rc, long wait) {
    if (wait == 0) {
      rc.next();
      return;
    }
    rc.response().putHeader("Retry-After", Long.toString(wait));
    Problem.of(429, tooMany(wait)).send(rc.response());
  }

  /** What a client over its rate is told, over HTTP and over the bridges alike. */
  public static String tooMany(long wait) {
    return "Too many requests; try again in " + wait + " s.";
  }

  private String address(RoutingContext rc) {
    String address = rc.get(CLIENT);
    return address != null ? address : clients.of(rc.request());
  }
}
