package dev.bazaar.web.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sends what a service answered; a failure goes to the router's failure handler, which answers with a problem. An
 * answer that arrives after the request timed out (and was already answered with a 503) is dropped.
 */
final class Responses {

  private Responses() {
  }

  static void json(RoutingContext rc, int status, Future<JsonObject> result) {
    buffer(rc, status, result.map(JsonObject::toBuffer));
  }

  /**
   * Sends an already encoded JSON body. The length is set here rather than left to Vert.x, which leaves it out when
   * answering HEAD; a HEAD answer should carry the headers its GET would.
   */
  static void buffer(RoutingContext rc, int status, Future<Buffer> result) {
    whenAnswered(rc, result, body -> send(rc, status, "application/json", body));
  }

  static void send(RoutingContext rc, int status, String contentType, Buffer body) {
    rc.response()
      .setStatusCode(status)
      .putHeader("Content-Type", contentType)
      .putHeader("Content-Length", Integer.toString(body.length()))
      .end(body);
  }

  /**
   * 201 with the new resource in the body and its address in {@code Location}. Like every answer, one that arrives
   * after the request timed out (a retried call that succeeded late) is dropped, headers included.
   */
  static <T> void created(RoutingContext rc, Future<T> result, Function<T, String> location, Function<T, JsonObject> json) {
    whenAnswered(rc, result, created -> {
      rc.response().putHeader("Location", location.apply(created));
      send(rc, 201, "application/json", json.apply(created).toBuffer());
    });
  }

  static void noContent(RoutingContext rc, Future<?> result) {
    whenAnswered(rc, result, done -> rc.response().setStatusCode(204).end());
  }

  private static <T> void whenAnswered(RoutingContext rc, Future<T> result, Consumer<T> send) {
    result.onComplete(answer -> {
      if (rc.response().ended()) {
        return;
      }
      if (answer.succeeded()) {
        send.accept(answer.result());
      } else {
        rc.fail(answer.cause());
      }
    });
  }
}
