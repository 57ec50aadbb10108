package dev.bazaar.web.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

/** Reads the parts of a request that the OpenAPI contract has already validated and typed. */
final class Requests {

  private Requests() {
  }

  static ValidatedRequest validated(RoutingContext rc) {
    return rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  static String pathParam(RoutingContext rc, String name) {
    return validated(rc).getPathParameters().get(name).getString();
  }

  static JsonObject body(RoutingContext rc) {
    return validated(rc).getBody().getJsonObject();
  }

  /** A query parameter as the contract typed it, or null when the client left it out and it has no default. */
  static RequestParameter query(RoutingContext rc, String name) {
    return presentOrNull(validated(rc).getQuery().get(name));
  }

  /** A header parameter as the contract typed it, or null when the client left it out. */
  static RequestParameter header(RoutingContext rc, String name) {
    return presentOrNull(validated(rc).getHeaders().get(name));
  }

  /** An integer parameter's value, or {@code fallback} when it is absent. */
  static int intOr(RequestParameter parameter, int fallback) {
    return parameter == null ? fallback : parameter.getInteger();
  }

  private static RequestParameter presentOrNull(RequestParameter parameter) {
    return parameter == null || parameter.isNull() ? null : parameter;
  }
}
