package dev.bazaar.web;

import dev.bazaar.platform.Problem;
import dev.bazaar.web.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Answers 429 with Retry-After to a client over its rate: a signed-in caller by subject, anyone else by address. */
final class RateLimit implements Handler<RoutingContext> {

  private final RateLimiter limiter;

  RateLimit(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public void handle(RoutingContext rc) {
    Caller caller = Caller.of(rc);
    String client = caller.isAnonymous() ? "address:" + rc.request().remoteAddress().hostAddress() : "subject:" + caller.subject();
    long wait = limiter.secondsToWait(client, System.nanoTime());
    if (wait == 0) {
      rc.next();
      return;
    }
    rc.response().putHeader("Retry-After", Long.toString(wait));
    Problem.of(429, "Too many requests; try again in " + wait + " s.").send(rc.response());
  }
}
