package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.util.Map;

/**
 * An RFC 9457 problem: the one shape every HTTP error of Bazaar takes. Its detail is written for the client and never
 * carries a stack trace, SQL, a class name or a bus address.
 */
public record Problem(int status, String title, String detail, Integer retryAfterSeconds) {

  public static final String CONTENT_TYPE = "application/problem+json";

  private static final Map<Integer, String> TITLES = Map.ofEntries(
    Map.entry(400, "Bad Request"),
    Map.entry(401, "Unauthorized"),
    Map.entry(402, "Payment Required"),
    Map.entry(403, "Forbidden"),
    Map.entry(404, "Not Found"),
    Map.entry(405, "Method Not Allowed"),
    Map.entry(406, "Not Acceptable"),
    Map.entry(409, "Conflict"),
    Map.entry(413, "Content Too Large"),
    Map.entry(414, "URI Too Long"),
    Map.entry(415, "Unsupported Media Type"),
    Map.entry(422, "Unprocessable Content"),
    Map.entry(429, "Too Many Requests"),
    Map.entry(431, "Request Header Fields Too Large"),
    Map.entry(500, "Internal Server Error"),
    Map.entry(502, "Bad Gateway"),
    Map.entry(503, "Service Unavailable"));

  /** How long a client is asked to wait after a service was not reachable, before the circuit says more. */
  static final int RETRY_UNREACHABLE_SECONDS = 1;

  public static Problem of(int status, String detail) {
    return new Problem(status, TITLES.getOrDefault(status, "Error"), detail, null);
  }

  /** The same problem, telling the client when to ask again ({@code Retry-After}). */
  public Problem retryAfter(int seconds) {
    return new Problem(status, title, detail, seconds);
  }

  /**
   * What a failed service call means to an HTTP client. Service codes map to 4xx; a bus that cannot reach a service
   * is a 503; anything else is our bug, answered as a bare 500 whose cause stays in the log.
   */
  public static Problem fromFailure(Throwable failure) {
    if (failure instanceof ServiceException service) {
      Integer retryAfter = service.getDebugInfo() == null ? null
        : service.getDebugInfo().getInteger(ErrorCode.RETRY_AFTER_SECONDS);
      return ErrorCode.of(service.failureCode())
        .map(code -> new Problem(code.httpStatus(), TITLES.getOrDefault(code.httpStatus(), "Error"), service.getMessage(),
          retryAfter))
        .orElseGet(Problem::internal);
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS, TIMEOUT -> of(503, "A service needed for this request is not available. Try again shortly.")
          .retryAfter(RETRY_UNREACHABLE_SECONDS);
        default -> internal();
      };
    }
    return internal();
  }

  public static Problem internal() {
    return of(500, "The request could not be completed because of an error on our side.");
  }

  public boolean isServerError() {
    return status >= 500;
  }

  public String type() {
    return "/problems/" + title.toLowerCase().replace(' ', '-');
  }

  public JsonObject toJson() {
    return new JsonObject().put("type", type()).put("title", title).put("status", status).put("detail", detail);
  }

  public Future<Void> send(HttpServerResponse response) {
    if (retryAfterSeconds != null) {
      response.putHeader("Retry-After", retryAfterSeconds.toString());
    }
    return response.setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(toJson().encode());
  }
}
