package dev.bazaar.web.edge;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;

import java.util.Set;
import java.util.TreeSet;

/**
 * The methods a resource answers, as RFC 9110 wants them: HEAD wherever GET is, answered like GET without the body,
 * and a 405 that names the allowed methods in {@code Allow}. The contract lists the methods of each path.
 */
public final class HttpMethods {

  private HttpMethods() {
  }

  /** Lets every GET route answer HEAD too; Vert.x sends the headers of the GET answer and leaves its body out. */
  public static void answerHeadLikeGet(Router router) {
    for (Route route : router.getRoutes()) {
      if (route.methods() != null && route.methods().contains(HttpMethod.GET)) {
        route.method(HttpMethod.HEAD);
      }
    }
  }

  /** The 405 answer: an {@code Allow} header from the contract, then the usual problem. */
  public static Handler<RoutingContext> notAllowed(OpenAPIContract contract) {
    return rc -> {
      rc.response().putHeader("Allow", String.join(", ", allowed(contract, rc.normalizedPath())));
      ProblemHandler.handle(rc);
    };
  }

  static Set<String> allowed(OpenAPIContract contract, String path) {
    Set<String> methods = new TreeSet<>();
    Path resource = contract.findPath(path);
    if (resource != null) {
      for (Operation operation : resource.getOperations()) {
        methods.add(operation.getHttpMethod().name());
      }
    }
    if (methods.contains("GET")) {
      methods.add("HEAD");
    }
    return methods;
  }
}
