package dev.bazaar.web.auth;

import dev.bazaar.platform.Problem;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;

import java.util.List;

/**
 * Decides who may call an operation, before its body is validated or any service is called. The rules live in the
 * contract: an operation with {@code security: [{bearerAuth: [admin]}]} needs a valid token carrying one of the listed
 * roles; an operation without {@code security} is public. A token sent to a public operation must still be valid.
 *
 * <p>The gate is attached to each operation's own route, so it guards exactly what the router dispatches, whatever
 * the spelling of the path (a trailing slash, doubled slashes).
 */
public final class AccessControl {

  static final String SCHEME = "bearerAuth";
  private static final String BEARER = "Bearer ";

  private final TokenVerifier verifier;

  public AccessControl(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** The gate in front of one operation. */
  public Handler<RoutingContext> forOperation(Operation operation) {
    List<String> roles = requiredRoles(operation);
    return rc -> admit(rc, roles);
  }

  private void admit(RoutingContext rc, List<String> roles) {
    String authorization = rc.request().getHeader("Authorization");
    if (authorization == null) {
      if (roles == null) {
        rc.next();
      } else {
        unauthorized(rc, null, "This operation needs a bearer token.");
      }
      return;
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      unauthorized(rc, "invalid_request", "Send the token as 'Authorization: Bearer <token>'.");
      return;
    }
    verifier.verify(bearerToken(rc.request()))
      .onSuccess(caller -> {
        if (roles != null && !roles.isEmpty() && !caller.hasAnyRole(roles)) {
          Problem.of(403, "This operation needs the role " + String.join(" or ", roles) + ".").send(rc.response());
          return;
        }
        caller.attachTo(rc);
        rc.next();
      })
      .onFailure(invalid -> unauthorized(rc, "invalid_token", invalid.getMessage()));
  }

  /** The token of an {@code Authorization: Bearer} header; null without one. */
  public static String bearerToken(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return authorization.substring(BEARER.length()).trim();
  }

  /**
   * Null for a public operation; otherwise the roles of which the caller needs one (empty: any signed-in caller). An
   * empty requirement ({@code security: [{}, ...]}) is OpenAPI's way of making authentication optional, so it makes
   * the operation public.
   */
  private static List<String> requiredRoles(Operation operation) {
    List<SecurityRequirement> requirements = operation.getSecurityRequirements();
    if (requirements == null || requirements.isEmpty()
      || requirements.stream().anyMatch(requirement -> requirement.getNames().isEmpty())) {
      return null;
    }
    return requirements.stream()
      .filter(requirement -> requirement.getNames().contains(SCHEME))
      .flatMap(requirement -> requirement.getScopes(SCHEME).stream())
      .toList();
  }

  private static void unauthorized(RoutingContext rc, String error, String detail) {
    String challenge = error == null ? "Bearer realm=\"bazaar\"" : "Bearer realm=\"bazaar\", error=\"" + error + "\"";
    rc.response().putHeader("WWW-Authenticate", challenge);
    Problem.of(401, detail).send(rc.response());
  }
}
