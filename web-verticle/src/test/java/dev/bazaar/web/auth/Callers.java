package dev.bazaar.web.auth;

import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/** Lets tests of later handlers stand in for access control: the caller it would have attached. */
public final class Callers {

  private Callers() {
  }

  public static void attach(RoutingContext rc, String subject, String... roles) {
    new Caller(subject, Set.of(roles)).attachTo(rc);
  }
}
