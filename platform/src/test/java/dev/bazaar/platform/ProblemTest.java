package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures as RFC 9457 problems: a service's code becomes its status, an unreachable service a 503, anything else a
 * bare 500 whose detail gives nothing of the cause away.
 */
@ExtendWith(VertxExtension.class)
class ProblemTest {

  private static final String UNAVAILABLE = "A service needed for this request is not available. Try again shortly.";
  private static final String INTERNAL = "The request could not be completed because of an error on our side.";

  @Test
  void aStatusGetsItsTitleAndAnUnlistedOneAPlainError() {
    assertThat(Problem.of(404, "No product p-1.")).isEqualTo(new Problem(404, "Not Found", "No product p-1.", null));
    assertThat(Problem.of(422, "d").title()).isEqualTo("Unprocessable Content");
    assertThat(Problem.of(503, "d").title()).isEqualTo("Service Unavailable");
    assertThat(Problem.of(418, "d").title()).isEqualTo("Error");
  }

  @Test
  void aServiceRefusalBecomesTheStatusOfItsCodeWithItsMessage() {
    assertThat(Problem.fromFailure(ErrorCode.NOT_FOUND.exception("No order o-1.")))
      .isEqualTo(new Problem(404, "Not Found", "No order o-1.", null));
    assertThat(Problem.fromFailure(ErrorCode.INVALID_INPUT.exception("bad"))).isEqualTo(Problem.of(400, "bad"));
    assertThat(Problem.fromFailure(ErrorCode.PAYMENT_DECLINED.exception("Insufficient funds.")))
      .isEqualTo(new Problem(402, "Payment Required", "Insufficient funds.", null));
    assertThat(Problem.fromFailure(ErrorCode.INSUFFICIENT_STOCK.exception("Only 2 left.")))
      .isEqualTo(Problem.of(409, "Only 2 left."));
    assertThat(Problem.fromFailure(ErrorCode.UPSTREAM_FAILED.exception("The carrier failed.")))
      .isEqualTo(new Problem(502, "Bad Gateway", "The carrier failed.", null));
  }

  @Test
  void aServiceThatCannotBeReachedIsUnavailable() {
    assertThat(Problem.fromFailure(new ReplyException(ReplyFailure.TIMEOUT, "Timed out after 5000 ms: orders")))
      .isEqualTo(new Problem(503, "Service Unavailable", UNAVAILABLE, 1));
    assertThat(Problem.fromFailure(new ReplyException(ReplyFailure.NO_HANDLERS, "No handlers for address orders")))
      .isEqualTo(new Problem(503, "Service Unavailable", UNAVAILABLE, 1));
  }

  @Test
  void anythingElseIsABare500ThatGivesNothingAway() {
    Problem internal = new Problem(500, "Internal Server Error", INTERNAL, null);
    assertThat(Problem.internal()).isEqualTo(internal);
    assertThat(Problem.fromFailure(new ServiceException(9999, "SELECT secret FROM orders"))).as("an unknown code")
      .isEqualTo(internal);
    assertThat(Problem.fromFailure(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, "NullPointerException")))
      .isEqualTo(internal);
    assertThat(Problem.fromFailure(new ReplyException(ReplyFailure.ERROR, "codec failed"))).isEqualTo(internal);
    assertThat(Problem.fromFailure(new IllegalStateException("dev.bazaar.order.Saga at line 12"))).isEqualTo(internal);
  }

  @Test
  void fiveHundredAndAboveAreServerErrors() {
    assertThat(Problem.of(499, "d").isServerError()).isFalse();
    assertThat(Problem.of(400, "d").isServerError()).isFalse();
    assertThat(Problem.of(500, "d").isServerError()).isTrue();
    assertThat(Problem.of(503, "d").isServerError()).isTrue();
  }

  @Test
  void theTypeIsTheTitleAsAPath() {
    assertThat(Problem.of(404, "d").type()).isEqualTo("/problems/not-found");
    assertThat(Problem.of(431, "d").type()).isEqualTo("/problems/request-header-fields-too-large");
    assertThat(Problem.of(418, "d").type()).isEqualTo("/problems/error");
  }

  @Test
  void itsJsonHasTheFourMembers() {
    assertThat(Problem.of(409, "The order is shipped.").toJson()).isEqualTo(new JsonObject()
      .put("type", "/problems/conflict").put("title", "Conflict").put("status", 409)
      .put("detail", "The order is shipped."));
  }

  private record Answer(int status, String contentType, Buffer body) {
  }

  @Test
  void itIsSentAsProblemJsonWithItsStatus(Vertx vertx) throws TimeoutException {
    Problem problem = Problem.of(409, "The order is shipped.");
    Promise<Void> sent = Promise.promise();
    HttpServer server = vertx.createHttpServer()
      .requestHandler(request -> problem.send(request.response()).onComplete(sent))
      .listen(0).await();
    try {
      Answer answer = vertx.createHttpClient()
        .request(HttpMethod.GET, server.actualPort(), "localhost", "/")
        .compose(request -> request.send())
        .compose(response -> response.body()
          .map(body -> new Answer(response.statusCode(), response.getHeader("Content-Type"), body)))
        .await();

      assertThat(answer.status()).isEqualTo(409);
      assertThat(answer.contentType()).isEqualTo("application/problem+json");
      assertThat(answer.body().toJsonObject()).isEqualTo(problem.toJson());
      sent.future().await(5, TimeUnit.SECONDS); // and the sending says it is done
    } finally {
      server.close().await();
    }
  }
}
