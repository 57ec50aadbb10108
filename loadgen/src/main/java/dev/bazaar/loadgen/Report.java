package dev.bazaar.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's results for people and programs: the summary printed at the end, {@code summary.json}, and
 * {@code report.html}, one self-contained file (inline SVG, no script) with latency over time and a percentile plot.
 */
public final class Report {

  private Report() {
  }

  /** Per operation: count, errors, and latencies in milliseconds; for the run: throughput, errors by status, CPU. */
  public static JsonObject summary(Results results, String description) {
    JsonObject operations = new JsonObject();
    for (Operation operation : Operation.values()) {
      if (results.count(operation) > 0) {
        operations.put(operation.label(), latencies(results.latencies(operation))
          .put("count", results.count(operation))
          .put("errors", results.errors.getOrDefault(operation, 0L)));
      }
    }
    return new JsonObject()
      .put("description", description)
      .put("seconds", round(results.seconds))
      .put("generators", results.generators)
      .put("count", results.count())
      .put("errors", results.errors())
      .put("dropped", results.dropped())
      .put("throughput", round(results.throughput()))
      .put("latency", latencies(results.all()))
      .put("operations", operations)
      .put("errorsByStatus", new JsonObject(Map.copyOf(results.errorsByStatus)))
      .put("generatorCpu", new JsonObject().put("seconds", round(results.cpuNanos / 1e9))
        .put("percentOfOneCore", round(results.cpuPercentOfOneCore())))
      .put("timeline", new JsonArray(results.timeline().stream().map(Results.Second::toJson).toList()));
  }

  private static JsonObject latencies(Histogram histogram) {
    return new JsonObject()
      .put("p50", ms(histogram.getValueAtPercentile(50)))
      .put("p90", ms(histogram.getValueAtPercentile(90)))
      .put("p99", ms(histogram.getValueAtPercentile(99)))
      .put("p999", ms(histogram.getValueAtPercentile(99.9)))
      .put("max", ms(histogram.getMaxValue()));
  }

  /** The lines printed at the end of a run. */
  public static List<String> text(Results results) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-10s %9s %8s %10s %10s %10s %10s %10s", "operation", "count", "errors",
      "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"));
    for (Operation operation : Operation.values()) {
      if (results.count(operation) > 0) {
        lines.add(row(operation.label(), results.count(operation), results.errors.getOrDefault(operation, 0L),
          results.latencies(operation)));
      }
    }
    lines.add(row("all", results.count(), results.errors(), results.all()));
    lines.add(String.format(Locale.ROOT, "throughput %.1f requests/s over %.1f s; %d dropped (no free slot at their "
      + "planned time); errors by status %s", results.throughput(), results.seconds, results.dropped(),
      results.errorsByStatus.isEmpty() ? "none" : results.errorsByStatus));
    lines.add(String.format(Locale.ROOT, "generator CPU: %.1f s, %.0f%% of one core (%d generator%s)",
      results.cpuNanos / 1e9, results.cpuPercentOfOneCore(), results.generators, results.generators == 1 ? "" : "s"));
    return lines;
  }

  private static String row(String name, long count, long errors, Histogram h) {
    return String.format(Locale.ROOT, "%-10s %9d %8d %10.2f %10.2f %10.2f %10.2f %10.2f", name, count, errors,
      ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
      ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
  }

  /** Writes summary.json and report.html into {@code directory}, creating it. */
  public static void write(Path directory, Results results, String description) throws IOException {
    Files.createDirectories(directory);
    JsonObject summary = summary(results, description);
    Files.writeString(directory.resolve("summary.json"), summary.encodePrettily());
    Files.writeString(directory.resolve("report.html"), html(results, summary, description));
  }

  // ---- the HTML page

  static String html(Results results, JsonObject summary, String description) {
    StringBuilder page = new StringBuilder("""
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>Bazaar load test</title>
      <style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
      td,th{padding:.2em .8em;text-align:right;border-bottom:1px solid #ddd}th:first-child,td:first-child{text-align:left}
      svg{background:#fafafa;border:1px solid #ddd;margin:1em 0}</style></head><body>
      """);
    page.append("<h1>Bazaar load test</h1><p>").append(escape(description)).append("</p>");
    page.append(String.format(Locale.ROOT, "<p>%.1f requests/s over %.1f s; %d requests, %d errors, %d dropped; "
        + "generator CPU %.0f%% of one core.</p>", results.throughput(), results.seconds, results.count(),
      results.errors(), results.dropped(), results.cpuPercentOfOneCore()));
    page.append("<table><tr><th>operation</th><th>count</th><th>errors</th><th>p50 ms</th><th>p90 ms</th>"
      + "<th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr>");
    JsonObject operations = summary.getJsonObject("operations");
    for (String name : operations.fieldNames()) {
      JsonObject o = operations.getJsonObject(name);
      page.append("<tr><td>").append(escape(name)).append("</td><td>").append(o.getLong("count")).append("</td><td>")
        .append(o.getLong("errors")).append("</td>");
      for (String key : List.of("p50", "p90", "p99", "p999", "max")) {
        page.append("<td>").append(o.getValue(key)).append("</td>");
      }
      page.append("</tr>");
    }
    page.append("</table><h2>Latency over time</h2>").append(timeChart(results.timeline()));
    page.append("<h2>Latency by percentile</h2>").append(percentilePlot(results.all()));
    return page.append("</body></html>\n").toString();
  }

  private static String timeChart(List<Results.Second> timeline) {
    int width = 800;
    int height = 300;
    double maxT = Math.max(1, timeline.size());
    double maxMs = Math.max(1, timeline.stream().mapToDouble(Results.Second::p99).max().orElse(1));
    StringBuilder svg = new StringBuilder(String.format("<svg id=\"latency-over-time\" width=\"%d\" height=\"%d\" "
      + "viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">", width + 80, height + 40, width + 80, height + 40));
    svg.append(axes(width, height, String.format(Locale.ROOT, "%.1f ms", maxMs), String.format("%d s", (int) maxT)));
    svg.append(line(timeline.stream().map(s -> point(s.t() / maxT, s.p99() / maxMs, width, height)).toList(), "#c0392b"));
    svg.append(line(timeline.stream().map(s -> point(s.t() / maxT, s.p50() / maxMs, width, height)).toList(), "#2471a3"));
    svg.append(legend(width, "p99", "#c0392b", 0)).append(legend(width, "p50", "#2471a3", 1));
    return svg.append("</svg>").toString();
  }

  /** x is the percentile on the usual log scale, 1 / (1 - p): 90% at 1 decade, 99% at 2, 99.9% at 3, 99.99% at 4. */
  private static String percentilePlot(Histogram histogram) {
    int width = 800;
    int height = 300;
    double maxMs = Math.max(0.001, ms(histogram.getMaxValue()));
    List<String> points = new ArrayList<>();
    for (double decades = 0; decades <= 4.0001; decades += 0.05) {
      double percentile = 100 * (1 - Math.pow(10, -decades));
      points.add(point(decades / 4, ms(histogram.getValueAtPercentile(percentile)) / maxMs, width, height));
    }
    StringBuilder svg = new StringBuilder(String.format("<svg id=\"latency-by-percentile\" width=\"%d\" height=\"%d\" "
      + "viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">", width + 80, height + 40, width + 80, height + 40));
    svg.append(axes(width, height, String.format(Locale.ROOT, "%.1f ms", maxMs), ""));
    for (int d = 0; d <= 4; d++) {
      double x = 70 + width * d / 4.0;
      svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
        x, height + 30, List.of("0%", "90%", "99%", "99.9%", "99.99%").get(d)));
    }
    svg.append(line(points, "#2471a3"));
    return svg.append("</svg>").toString();
  }

  private static String axes(int width, int height, String top, String right) {
    return String.format("<line x1=\"70\" y1=\"10\" x2=\"70\" y2=\"%d\" stroke=\"#555\"/>"
        + "<line x1=\"70\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>"
        + "<text x=\"66\" y=\"16\" font-size=\"11\" text-anchor=\"end\">%s</text>"
        + "<text x=\"66\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">0</text>"
        + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>",
      height + 10, height + 10, width + 70, height + 10, escape(top), height + 10, width + 70, height + 24, escape(right));
  }

  private static String legend(int width, String name, String colour, int row) {
    return String.format("<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>", width - 20, 24 + row * 16,
      colour, name);
  }

  private static String point(double x, double y, int width, int height) {
    return String.format(Locale.ROOT, "%.1f,%.1f", 70 + x * width, 10 + (1 - Math.min(1, y)) * height);
  }

  private static String line(List<String> points, String colour) {
    return "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\" points=\"" + String.join(" ", points) + "\"/>";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static double ms(long micros) {
    return round(micros / 1000.0);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
