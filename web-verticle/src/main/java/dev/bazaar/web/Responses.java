package dev.bazaar.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Sends what a service answered; a failure goes to the router's failure handler, which answers with a problem. */
final class Responses {

  private Responses() {
  }

  static void json(RoutingContext rc, int status, Future<JsonObject> result) {
    result
      .onSuccess(json -> rc.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(json.encode()))
      .onFailure(rc::fail);
  }

  static void noContent(RoutingContext rc, Future<?> result) {
    result
      .onSuccess(done -> rc.response().setStatusCode(204).end())
      .onFailure(rc::fail);
  }
}
