package dev.bazaar.web.edge;

import dev.bazaar.platform.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * Answers 415 to a request body that is not JSON; a request without a body, such as a cancel, needs no content type.
 * It runs after the body is read (so an oversized body is still a 413) and access is granted, and before the
 * contract's validation, which would report a wrong content type as a plain 400.
 */
public final class ContentTypeCheck {

  private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

  private ContentTypeCheck() {
  }

  public static void handle(RoutingContext rc) {
    boolean hasBody = rc.body().buffer() != null && rc.body().length() > 0;
    if (WITH_BODY.contains(rc.request().method()) && hasBody && !isJson(rc.request().getHeader("Content-Type"))) {
      Problem.of(415, "The request body must be application/json.").send(rc.response());
      return;
    }
    rc.next();
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase();
    return mediaType.equals("application/json");
  }
}
