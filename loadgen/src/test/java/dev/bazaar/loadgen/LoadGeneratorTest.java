package dev.bazaar.loadgen;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator against a server in this JVM whose delays the test sets: what it measures is what the server did, and
 * a server that stalls shows as latency, never as fewer requests.
 */
@ExtendWith(VertxExtension.class)
class LoadGeneratorTest {

  private final List<String> progress = new ArrayList<>();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close().await();
    }
  }

  @Test
  void theMeasuredPercentilesAreTheServersDelay(Vertx vertx) {
    URI target = serve(vertx, sinceStart -> 20);

    Results results = run(vertx, target, "200", Duration.ofSeconds(3), 512);

    assertThat(results.count()).as("every planned request").isEqualTo(600);
    assertThat(results.dropped()).isZero();
    assertThat(results.errors()).isZero();
    Histogram all = results.all();
    assertThat(all.getValueAtPercentile(50) / 1000.0).as("p50 ms").isBetween(19.5, 26.0);
    assertThat(all.getValueAtPercentile(99) / 1000.0).as("p99 ms").isBetween(19.5, 45.0);
    assertThat(results.throughput()).isBetween(190.0, 210.0);
    assertThat(progress).as("a line a second").hasSizeBetween(3, 4);
    assertThat(progress.get(1)).contains("planned     200/s").contains("p99");
  }

  @Test
  void aStalledServerShowsAsLongLatenciesNotAsFewerRequests(Vertx vertx) {
    // For the second second of the run, the server answers nothing until that second is over.
    URI target = serve(vertx, sinceStart -> sinceStart >= 1_000 && sinceStart < 2_000 ? 2_000 - sinceStart : 5);

    Results results = run(vertx, target, "200", Duration.ofSeconds(3), 1000);

    assertThat(results.count()).as("the plan went on while the server stalled").isEqualTo(600);
    assertThat(results.dropped()).isZero();
    Histogram all = results.all();
    assertThat(all.getMaxValue() / 1000.0).as("the first request of the stall waited it out").isGreaterThan(900);
    assertThat(all.getValueAtPercentile(90) / 1000.0).as("a third of the requests were in the stall").isGreaterThan(150);
    assertThat(all.getValueAtPercentile(50) / 1000.0).isLessThan(100);
  }

  @Test
  void requestsThatFindEverySlotTakenAreDroppedAndCountedNeverSentLate(Vertx vertx) {
    URI target = serve(vertx, sinceStart -> 500);

    Results results = run(vertx, target, "100", Duration.ofSeconds(2), 10);

    assertThat(results.dropped()).isGreaterThan(100);
    assertThat(results.count() + results.dropped()).as("each planned request sent or counted").isEqualTo(200);
    assertThat(results.all().getValueAtPercentile(50) / 1000.0).isBetween(499.0, 560.0);
  }

  @Test
  void theClosedModelsUsersEachWaitForTheirAnswer(Vertx vertx) {
    URI target = serve(vertx, sinceStart -> 50);

    LoadPlan plan = new LoadPlan(List.of(target), null, 4, Duration.ZERO, Duration.ofSeconds(2), Mix.parse("health=1"),
      512, Duration.ofSeconds(5));
    Results results = Loadgen.run(vertx, plan, List.of(), progress::add, System.nanoTime(), 1).await();

    // Four users, 50 ms each answer: about 80 each in 2 s, and never more.
    assertThat(results.count()).isBetween(120L, 168L);
    assertThat(results.all().getValueAtPercentile(50) / 1000.0).isBetween(49.0, 60.0);
  }

  @Test
  void anAnswerTheOperationDoesNotExpectIsAnErrorByItsStatus(Vertx vertx) {
    // The look before the run finds the shop up; every request of the run is refused.
    int[] requests = {0};
    server = vertx.createHttpServer().requestHandler(request -> request.response()
      .setStatusCode(requests[0]++ == 0 ? 200 : 503).end()).listen(0).await();
    URI target = URI.create("http://localhost:" + server.actualPort());

    Results results = run(vertx, target, "50", Duration.ofSeconds(1), 64);

    assertThat(results.errors()).isEqualTo(50);
    assertThat(results.errorsByStatus).containsEntry("503", 50L);
  }

  @Test
  void anUnreachableTargetFailsWithOneLine(Vertx vertx) throws Exception {
    int closed;
    try (var socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    LoadPlan plan = new LoadPlan(List.of(URI.create("http://localhost:" + closed)), RateSchedule.parse("10", Duration.ofSeconds(1)),
      0, Duration.ZERO, Duration.ofSeconds(1), Mix.parse("health=1"), 10, Duration.ofSeconds(2));

    Throwable failure = Loadgen.run(vertx, plan, List.of(), progress::add, System.nanoTime(), 1)
      .transform(outcome -> io.vertx.core.Future.succeededFuture(outcome.cause())).await();

    assertThat(failure).hasMessageStartingWith("cannot reach http://localhost:" + closed);
    assertThat(failure.getMessage()).doesNotContain("\n");
  }

  private Results run(Vertx vertx, URI target, String rate, Duration duration, int maxInFlight) {
    LoadPlan plan = new LoadPlan(List.of(target), RateSchedule.parse(rate, duration), 0, Duration.ZERO, duration,
      Mix.parse("health=1"), maxInFlight, Duration.ofSeconds(5));
    return Loadgen.run(vertx, plan, List.of(), progress::add, System.nanoTime(), 1).await();
  }

  /** A server that answers /health 200 after {@code delay(millis since its first load request)} ms. */
  private URI serve(Vertx vertx, LongUnaryOperator delay) {
    long[] first = {0};
    server = vertx.createHttpServer().requestHandler((HttpServerRequest request) -> {
      long now = System.nanoTime() / 1_000_000;
      if (first[0] == 0) {
        first[0] = now;
      }
      vertx.setTimer(Math.max(1, delay.applyAsLong(now - first[0])), answer -> request.response().end("{\"status\":\"UP\"}"));
    }).listen(0).await();
    return URI.create("http://localhost:" + server.actualPort());
  }
}
