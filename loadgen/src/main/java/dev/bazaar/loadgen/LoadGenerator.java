package dev.bazaar.loadgen;

import dev.bazaar.loadgen.Shoppers.Request;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Drives the shop with the requests of a {@link LoadPlan} and measures each answer.
 *
 * <p>The open model plans every request's send time from the rate, and measures its latency from that planned time,
 * not from when it was actually sent: a server that stalls then shows as long latencies, not as fewer requests (the
 * coordinated omission wrk2 and HdrHistogram's author describe). A planned request that finds {@code maxInFlight}
 * requests outstanding is not sent late; it is dropped and counted. The closed model runs a number of virtual users,
 * each sending its next request when it has the answer to the last (and its think time has passed), and measures from
 * the actual send.
 *
 * <p>Everything runs on the one event loop the generator starts on, so the histograms need no locks: a fresh histogram
 * per second for the progress line, and one per operation for the run.
 */
public final class LoadGenerator {

  private static final long TICK_MILLIS = 1;

  private final Vertx vertx;
  private final LoadPlan plan;
  private final Shoppers shoppers;
  private final Consumer<String> progress;
  private final HttpClient client;
  private final SplittableRandom random;
  private final Results results = new Results();
  private final Promise<Results> done = Promise.promise();
  private Histogram second = Results.histogram();
  private long secondOk;
  private long secondErrors;
  private long secondDropped;
  private long start;
  private long cpuAtStart;
  private long next;
  private long inFlight;
  private int target;
  private boolean stopping;
  private long ticker;
  private long reporter;

  LoadGenerator(Vertx vertx, LoadPlan plan, Shoppers shoppers, Consumer<String> progress, long seed) {
    this.vertx = vertx;
    this.plan = plan;
    this.shoppers = shoppers;
    this.progress = progress;
    this.random = new SplittableRandom(seed);
    int perTarget = Math.max(1, plan.maxInFlight() / plan.targets().size() + 1);
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
        .setConnectTimeout((int) Math.min(plan.requestTimeout().toMillis(), 10_000)),
      new PoolOptions().setHttp1MaxSize(perTarget).setMaxWaitQueueSize(plan.maxInFlight()));
  }

  /**
   * Runs the plan from {@code startAtNanos} (a {@link System#nanoTime()} reading; later ones wait for it), and
   * completes with what was measured once the last request started has its answer or its timeout.
   */
  Future<Results> run(long startAtNanos) {
    long wait = Math.max(0, (startAtNanos - System.nanoTime()) / 1_000_000);
    vertx.setTimer(Math.max(1, wait), go -> begin());
    return done.future().eventually(client::close);
  }

  private void begin() {
    start = System.nanoTime();
    cpuAtStart = cpuNanos();
    reporter = vertx.setPeriodic(1000, tick -> reportSecond());
    if (plan.open()) {
      ticker = vertx.setPeriodic(TICK_MILLIS, tick -> sendWhatIsDue());
    } else {
      for (int user = 0; user < plan.users(); user++) {
        userSends();
      }
    }
  }

  // ---- the open model

  private void sendWhatIsDue() {
    double elapsed = seconds();
    long due = plan.rate().countBy(elapsed);
    while (next < due) {
      long planned = start + (long) (plan.rate().timeOf(next) * 1e9);
      next++;
      if (inFlight >= plan.maxInFlight()) {
        results.dropped++;
        secondDropped++;
      } else {
        send(shoppers.next(plan.mix().draw(random)), planned);
      }
    }
    if (elapsed >= seconds(plan.duration())) {
      vertx.cancelTimer(ticker);
      stopping = true;
      finishIfIdle();
    }
  }

  // ---- the closed model

  private void userSends() {
    if (seconds() >= seconds(plan.duration())) {
      stopping = true;
      finishIfIdle();
      return;
    }
    send(shoppers.next(plan.mix().draw(random)), System.nanoTime()).onComplete(answered -> {
      if (plan.think().isZero()) {
        vertx.runOnContext(again -> userSends());
      } else {
        vertx.setTimer(plan.think().toMillis(), again -> userSends());
      }
    });
  }

  // ---- one request

  private Future<Void> send(Request request, long plannedNanos) {
    inFlight++;
    URI base = plan.targets().get(target++ % plan.targets().size());
    RequestOptions options = new RequestOptions()
      .setMethod(request.method())
      .setHost(base.getHost())
      .setPort(base.getPort())
      .setURI(base.getRawPath().replaceAll("/$", "") + request.path())
      .setIdleTimeout(plan.requestTimeout().toMillis());
    if (request.token() != null) {
      options.putHeader("Authorization", "Bearer " + request.token());
    }
    if (request.idempotencyKey() != null) {
      options.putHeader("Idempotency-Key", request.idempotencyKey());
    }
    if (request.body() != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return client.request(options)
      .compose(sent -> request.body() == null ? sent.send() : sent.send(Buffer.buffer(request.body())))
      .compose(response -> response.body().map(body -> answered(request, response, body)))
      .timeout(plan.requestTimeout().toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)
      .transform(outcome -> {
        long micros = (System.nanoTime() - plannedNanos) / 1000;
        String error = outcome.succeeded() ? outcome.result() : failureName(outcome.cause());
        record(request.operation(), micros, error);
        inFlight--;
        finishIfIdle();
        return Future.succeededFuture();
      });
  }

  /** Null for an answer the operation expects; else the status, as errors are counted. */
  private static String answered(Request request, HttpClientResponse response, Buffer body) {
    int status = response.statusCode();
    if (status == 201 && request.operation() == Operation.CHECKOUT) {
      Shoppers.placed(request, body.length() == 0 ? null : new JsonObject(body));
    }
    return request.operation().expects(status) ? null : Integer.toString(status);
  }

  private static String failureName(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return "timeout";
    }
    String message = failure.getMessage() == null ? "" : failure.getMessage().toLowerCase();
    return message.contains("timeout") || message.contains("timed out") ? "timeout" : "no answer";
  }

  private void record(Operation operation, long micros, String error) {
    results.record(operation, micros, error);
    second.recordValue(Math.min(Math.max(micros, 0), Results.HIGHEST_MICROS));
    if (error == null) {
      secondOk++;
    } else {
      secondErrors++;
    }
  }

  // ---- seconds and the end

  private void reportSecond() {
    int t = results.timeline().size() + 1;
    double planned = plan.open() ? plan.rate().rateAt(t - 1) : 0;
    Results.Second line = new Results.Second(t, planned, secondOk, secondErrors, secondDropped,
      second.getValueAtPercentile(50) / 1000.0, second.getValueAtPercentile(99) / 1000.0);
    results.timeline().add(line);
    progress.accept(String.format("%4ds  %s  ok %6d  errors %5d  dropped %5d  p50 %8.2f ms  p99 %8.2f ms", t,
      plan.open() ? String.format("planned %7.0f/s", planned) : String.format("users %5d", plan.users()),
      line.ok(), line.errors(), line.dropped(), line.p50(), line.p99()));
    second = Results.histogram();
    secondOk = 0;
    secondErrors = 0;
    secondDropped = 0;
  }

  private void finishIfIdle() {
    if (stopping && inFlight == 0 && !done.future().isComplete()) {
      vertx.cancelTimer(reporter);
      results.seconds = Math.min(seconds(), seconds(plan.duration()) + plan.requestTimeout().toSeconds());
      results.seconds = Math.max(results.seconds, seconds(plan.duration()));
      results.cpuNanos = cpuNanos() - cpuAtStart;
      done.complete(results);
    }
  }

  private double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double seconds(java.time.Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  private static long cpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
      ? os.getProcessCpuTime() : 0;
  }
}
