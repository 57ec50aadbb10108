package dev.bazaar.web.edge;

import dev.bazaar.platform.Problem;
import dev.bazaar.web.WebVerticle;
import dev.bazaar.web.openapi.ValidationDetail;
import io.vertx.ext.web.RoutingContext;
import io.vertx.serviceproxy.ServiceException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stop of every failed request: whatever went wrong, the client gets an RFC 9457 problem and never a stack
 * trace. Server errors are logged here, with their cause, because the client is told nothing about them.
 */
public final class ProblemHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  private ProblemHandler() {
  }

  public static void handle(RoutingContext rc) {
    Problem problem = problemFor(rc);
    // A service that says why it failed (a processor error, a timeout) was understood; anything else is our bug.
    if (problem.isServerError() && problem.status() != 503 && !(rc.failure() instanceof ServiceException)) {
      LOG.error("{} {} failed", rc.request().method(), rc.request().path(), rc.failure());
    }
    if (rc.response().ended()) {
      return;
    }
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    problem.send(rc.response());
  }

  private static Problem problemFor(RoutingContext rc) {
    Throwable failure = rc.failure();
    ValidatorException invalid = validationFailure(failure);
    if (invalid != null) {
      return Problem.of(400, ValidationDetail.of(invalid));
    }
    // A status without a cause (a 413 from the body handler, a 503 from the timeout) or any 4xx the router chose.
    if (failure == null || (rc.statusCode() >= 400 && rc.statusCode() < 500)) {
      return Problem.of(rc.statusCode(), defaultDetail(rc.statusCode()));
    }
    return Problem.fromFailure(failure);
  }

  /** The contract's verdict on a request, wherever in the cause chain the router put it. */
  private static ValidatorException validationFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ValidatorException invalid) {
        return invalid;
      }
    }
    return null;
  }

  private static String defaultDetail(int status) {
    return switch (status) {
      case 400 -> "The request is malformed.";
      case 404 -> "There is nothing at this address.";
      case 405 -> "This address does not support that method.";
      case 413 -> "The request body is larger than " + WebVerticle.BODY_LIMIT / 1024 + " KiB.";
      case 415 -> "The request body must be application/json.";
      case 503 -> "The request took longer than the server allows. Try again shortly.";
      default -> Problem.of(status, "").title();
    };
  }
}
