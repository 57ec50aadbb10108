package dev.bazaar.web.edge;

import dev.bazaar.platform.Problem;
import dev.bazaar.web.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers 429 with Retry-After to a client over its rate: a signed-in caller by subject, anyone else by address.
 * Requests refused with 401 count against their address in a bucket of their own, checked before any token is, so
 * an address cannot try forged tokens faster than the rate either.
 */
public final class RateLimit implements Handler<RoutingContext> {

  private final RateLimiter limiter;

  public RateLimit(RateLimiter limiter) {
    this.limiter = limiter;
  }

  /** After access control: every admitted request spends from its caller's bucket. */
  @Override
  public void handle(RoutingContext rc) {
    admitOrRefuse(rc, limiter.secondsToWait(Caller.of(rc), address(rc)));
  }

  /** Before access control: an address whose bad tokens used up its bucket is refused without checking another. */
  public void beforeAccessControl(RoutingContext rc) {
    String address = address(rc);
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

  private static String address(RoutingContext rc) {
    return rc.request().remoteAddress().hostAddress();
  }
}
