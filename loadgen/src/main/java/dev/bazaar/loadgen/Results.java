package dev.bazaar.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;

/**
 * What a run measured: for each operation, its answers, its errors and a latency histogram in microseconds, measured
 * from each request's planned send time; the errors by status; the planned requests that were dropped because every
 * slot was taken; the run's second-by-second timeline; and the CPU the generator itself used. Results of several
 * generators add up to the results of the whole: {@link #add} sums counts and merges histograms exactly.
 */
public final class Results {

  /** Latencies are recorded in microseconds, up to an hour, to three significant digits. */
  static final long HIGHEST_MICROS = 3_600_000_000L;

  /** One second of the run, as the progress line shows it. */
  public record Second(int t, double plannedRate, long ok, long errors, long dropped, double p50, double p99) {

    JsonObject toJson() {
      return new JsonObject().put("t", t).put("plannedRate", plannedRate).put("ok", ok).put("errors", errors)
        .put("dropped", dropped).put("p50", p50).put("p99", p99);
    }

    static Second from(JsonObject json) {
      return new Second(json.getInteger("t"), json.getDouble("plannedRate"), json.getLong("ok"), json.getLong("errors"),
        json.getLong("dropped"), json.getDouble("p50"), json.getDouble("p99"));
    }
  }

  final Map<Operation, Histogram> latencies = new EnumMap<>(Operation.class);
  final Map<Operation, Long> errors = new EnumMap<>(Operation.class);
  final Map<String, Long> errorsByStatus = new TreeMap<>();
  final List<Second> timeline = new ArrayList<>();
  long dropped;
  double seconds;
  long cpuNanos;
  int generators = 1;

  static Histogram histogram() {
    return new Histogram(HIGHEST_MICROS, 3);
  }

  void record(Operation operation, long micros, String error) {
    latencies.computeIfAbsent(operation, none -> histogram()).recordValue(Math.min(Math.max(micros, 0), HIGHEST_MICROS));
    if (error != null) {
      errors.merge(operation, 1L, Long::sum);
      errorsByStatus.merge(error, 1L, Long::sum);
    }
  }

  public long count() {
    return latencies.values().stream().mapToLong(Histogram::getTotalCount).sum();
  }

  public long count(Operation operation) {
    Histogram histogram = latencies.get(operation);
    return histogram == null ? 0 : histogram.getTotalCount();
  }

  public long errors() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  public long dropped() {
    return dropped;
  }

  /** Answers per second over the run, errors included. */
  public double throughput() {
    return seconds == 0 ? 0 : count() / seconds;
  }

  /** Every operation's latencies in one histogram. */
  public Histogram all() {
    Histogram all = histogram();
    latencies.values().forEach(all::add);
    return all;
  }

  public Histogram latencies(Operation operation) {
    return latencies.getOrDefault(operation, histogram());
  }

  public List<Second> timeline() {
    return timeline;
  }

  /** The percent of one core the generator used while it ran, so a reader can tell whether it was the limit. */
  public double cpuPercentOfOneCore() {
    return seconds == 0 ? 0 : 100.0 * cpuNanos / 1e9 / seconds;
  }

  /** Adds another generator's results, which ran over the same time: counts add, histograms merge. */
  public void add(Results other) {
    other.latencies.forEach((operation, histogram) -> latencies.computeIfAbsent(operation, none -> histogram()).add(histogram));
    other.errors.forEach((operation, n) -> errors.merge(operation, n, Long::sum));
    other.errorsByStatus.forEach((status, n) -> errorsByStatus.merge(status, n, Long::sum));
    dropped += other.dropped;
    seconds = Math.max(seconds, other.seconds);
    cpuNanos += other.cpuNanos;
    generators += other.generators;
    for (int i = 0; i < other.timeline.size(); i++) {
      Second theirs = other.timeline.get(i);
      if (i < timeline.size()) {
        Second ours = timeline.get(i);
        // Percentiles of a second cannot be added; the worse of the two is the honest one to show.
        timeline.set(i, new Second(ours.t(), ours.plannedRate() + theirs.plannedRate(), ours.ok() + theirs.ok(),
          ours.errors() + theirs.errors(), ours.dropped() + theirs.dropped(), Math.max(ours.p50(), theirs.p50()),
          Math.max(ours.p99(), theirs.p99())));
      } else {
        timeline.add(theirs);
      }
    }
  }

  /** Everything, histograms included (compressed, Base64), to send to the generator that writes the report. */
  public JsonObject toWire() {
    JsonObject histograms = new JsonObject();
    latencies.forEach((operation, histogram) -> {
      ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
      int length = histogram.encodeIntoCompressedByteBuffer(buffer);
      histograms.put(operation.label(), Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length)));
    });
    JsonObject errorCounts = new JsonObject();
    errors.forEach((operation, n) -> errorCounts.put(operation.label(), n));
    return new JsonObject().put("histograms", histograms).put("errors", errorCounts)
      .put("errorsByStatus", new JsonObject(new TreeMap<>(errorsByStatus)))
      .put("dropped", dropped).put("seconds", seconds).put("cpuNanos", cpuNanos).put("generators", generators)
      .put("timeline", new JsonArray(timeline.stream().map(Second::toJson).toList()));
  }

  public static Results fromWire(JsonObject wire) {
    Results results = new Results();
    wire.getJsonObject("histograms").forEach(entry -> {
      try {
        results.latencies.put(Operation.of(entry.getKey()), Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode((String) entry.getValue())), 0));
      } catch (DataFormatException e) {
        throw new IllegalArgumentException("a histogram that cannot be decoded: " + e.getMessage());
      }
    });
    wire.getJsonObject("errors").forEach(entry -> results.errors.put(Operation.of(entry.getKey()), ((Number) entry.getValue()).longValue()));
    wire.getJsonObject("errorsByStatus").forEach(entry -> results.errorsByStatus.put(entry.getKey(), ((Number) entry.getValue()).longValue()));
    results.dropped = wire.getLong("dropped");
    results.seconds = wire.getDouble("seconds");
    results.cpuNanos = wire.getLong("cpuNanos");
    results.generators = wire.getInteger("generators");
    wire.getJsonArray("timeline").forEach(second -> results.timeline.add(Second.from((JsonObject) second)));
    return results;
  }
}
