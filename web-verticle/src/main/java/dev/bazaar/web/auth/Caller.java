package dev.bazaar.web.auth;

import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * Who is making a request: a verified token's subject and roles, or nobody.
 *
 * @param expiresAt the token's {@code exp}: what the caller holds open (a feed) ends then; null when there is no token
 */
public record Caller(String subject, Set<String> roles, Instant expiresAt) {

  public static final Caller ANONYMOUS = new Caller(null, Set.of(), null);

  /** A caller whose token's expiry does not matter to the code at hand. */
  public Caller(String subject, Set<String> roles) {
    this(subject, roles, null);
  }

  private static final String KEY = "bazaar.caller";

  public boolean isAnonymous() {
    return subject == null;
  }

  public boolean hasAnyRole(Collection<String> wanted) {
    return wanted.stream().anyMatch(roles::contains);
  }

  public static Caller of(RoutingContext rc) {
    Caller caller = rc.get(KEY);
    return caller == null ? ANONYMOUS : caller;
  }

  void attachTo(RoutingContext rc) {
    rc.put(KEY, this);
  }
}
