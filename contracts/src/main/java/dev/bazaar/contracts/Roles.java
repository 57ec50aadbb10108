package dev.bazaar.contracts;

import java.util.Set;

/**
 * What a bearer token may allow its holder: the roles an issuer puts into a token's {@value #CLAIM} claim, and the
 * edge reads back. A role is required where the public contract names it.
 */
public final class Roles {

  /** The token claim that carries the roles, a JSON array of strings. */
  public static final String CLAIM = "roles";
  /** Someone who shops: acts on their own orders only. */
  public static final String CUSTOMER = "customer";
  /** Someone who runs the shop: changes the catalog. */
  public static final String ADMIN = "admin";

  public static final Set<String> ALL = Set.of(CUSTOMER, ADMIN);

  private Roles() {
  }
}
