package dev.bazaar.loadgen;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Results merge exactly across generators, and the report says what they hold. */
class ResultsAndReportTest {

  @TempDir
  Path directory;

  @Test
  void mergedHistogramsFromSeveralGeneratorsEqualTheSumOfTheirParts() {
    SplittableRandom random = new SplittableRandom(42);
    Histogram everything = Results.histogram();
    Histogram everyCheckout = Results.histogram();
    Results merged = null;
    for (int generator = 0; generator < 3; generator++) {
      Results part = new Results();
      for (int i = 0; i < 5_000; i++) {
        Operation operation = random.nextBoolean() ? Operation.CHECKOUT : Operation.BROWSE;
        long micros = (long) (Math.exp(random.nextDouble() * 12));
        part.record(operation, micros, i % 100 == 0 ? "503" : null);
        everything.recordValue(micros);
        if (operation == Operation.CHECKOUT) {
          everyCheckout.recordValue(micros);
        }
      }
      part.dropped = generator;
      part.seconds = 10;
      part.timeline.add(new Results.Second(1, 100, 90, 1, generator, 1.5, 9.0 + generator));
      part.cpuNanos = 1_000_000_000L;
      if (generator == 2) {
        part.timeline.add(new Results.Second(2, 100, 80, 2, 0, 1.0, 2.0)); // one that ran a second longer
      }
      Results received = Results.fromWire(new JsonObject(part.toWire().encode())); // as it crosses the bus
      if (merged == null) {
        merged = received;
      } else {
        merged.add(received);
      }
    }

    assertThat(merged.all()).isEqualTo(everything);
    assertThat(merged.latencies(Operation.CHECKOUT)).isEqualTo(everyCheckout);
    for (double percentile : new double[] {50, 90, 99, 99.9, 100}) {
      assertThat(merged.all().getValueAtPercentile(percentile)).isEqualTo(everything.getValueAtPercentile(percentile));
    }
    assertThat(merged.count()).isEqualTo(15_000);
    assertThat(merged.errors()).isEqualTo(150);
    assertThat(merged.errorsByStatus).isEqualTo(Map.of("503", 150L));
    assertThat(merged.dropped()).isEqualTo(3);
    assertThat(merged.generators).isEqualTo(3);
    assertThat(merged.throughput()).isEqualTo(1500.0);
    assertThat(merged.cpuNanos).isEqualTo(3_000_000_000L);
    assertThat(merged.timeline()).hasSize(2);
    assertThat(merged.timeline().get(1).ok()).isEqualTo(80);
    assertThat(merged.timeline().get(0)).satisfies(second -> {
      assertThat(second.ok()).isEqualTo(270);
      assertThat(second.errors()).isEqualTo(3);
      assertThat(second.dropped()).isEqualTo(3);
      assertThat(second.plannedRate()).isEqualTo(300);
      assertThat(second.p99()).as("the worst of the three").isEqualTo(11.0);
    });
  }

  @Test
  void theSummaryHasEachOperationsCountsAndPercentilesAndThePageIsSelfContained() throws Exception {
    Results results = new Results();
    for (int i = 1; i <= 1000; i++) {
      results.record(Operation.PRODUCT, i * 10L, null);
    }
    results.record(Operation.CHECKOUT, 250_000, "503");
    results.seconds = 10;
    results.cpuNanos = 2_000_000_000L;
    results.timeline.add(new Results.Second(1, 100, 100, 0, 0, 5.0, 9.9));

    Report.write(directory, results, "rate 100/s <test>");

    JsonObject summary = new JsonObject(Files.readString(directory.resolve("summary.json")));
    JsonObject product = summary.getJsonObject("operations").getJsonObject("product");
    assertThat(product.getLong("count")).isEqualTo(1000);
    assertThat(product.getLong("errors")).isZero();
    assertThat(product.getDouble("p50")).isCloseTo(5.0, org.assertj.core.api.Assertions.within(0.01));
    assertThat(product.getDouble("p99")).isCloseTo(9.9, org.assertj.core.api.Assertions.within(0.01));
    assertThat(product.fieldNames()).contains("p90", "p999", "max");
    assertThat(summary.getJsonObject("operations").getJsonObject("checkout").getLong("errors")).isOne();
    assertThat(summary.getDouble("throughput")).isEqualTo(100.1);
    assertThat(summary.getJsonObject("errorsByStatus").getLong("503")).isOne();
    assertThat(summary.getJsonObject("generatorCpu").getDouble("percentOfOneCore")).isEqualTo(20.0);

    String page = Files.readString(directory.resolve("report.html"));
    assertThat(page).contains("<svg id=\"latency-over-time\"", "<svg id=\"latency-by-percentile\"", "<polyline")
      .contains("rate 100/s &lt;test&gt;").doesNotContain("<script").doesNotContain("src=").doesNotContain("href=");
    assertThat(Report.text(results)).anySatisfy(line -> assertThat(line).startsWith("product").contains("1000"))
      .anySatisfy(line -> assertThat(line).contains("throughput 100.1 requests/s").contains("{503=1}"));
  }

  @Test
  void aMixIsWeightedOperationsAndAnythingElseIsRefusedWithWhatIsWrong() throws Exception {
    Mix mix = Mix.parse("browse=3, checkout=1,cancel=0");
    assertThat(mix.weights()).containsExactly(Map.entry(Operation.BROWSE, 3), Map.entry(Operation.CHECKOUT, 1));
    assertThat(mix.includes(Operation.CANCEL)).isFalse();
    SplittableRandom random = new SplittableRandom(7);
    long browses = java.util.stream.IntStream.range(0, 40_000).filter(i -> mix.draw(random) == Operation.BROWSE).count();
    assertThat(browses).isBetween(29_000L, 31_000L);
    Path file = directory.resolve("mix.json");
    Files.writeString(file, "{\"product\": 2, \"health\": 1}");
    assertThat(Mix.parse(file.toString()).toString()).isEqualTo("product=2,health=1");
    assertThat(Loadgen.needsCustomers(mix)).isTrue();
    assertThat(Loadgen.needsCustomers(Mix.parse("browse=1,health=1"))).isFalse();

    assertThatThrownBy(() -> Mix.parse("shop=1")).hasMessageContaining("unknown operation 'shop'");
    assertThatThrownBy(() -> Mix.parse("browse")).hasMessageContaining("OPERATION=WEIGHT");
    assertThatThrownBy(() -> Mix.parse("browse=-1")).hasMessageContaining("'-1'");
    assertThatThrownBy(() -> Mix.parse("browse=1001")).hasMessageContaining("'1001'");
    assertThat(Mix.parse("browse=1000").weights()).containsEntry(Operation.BROWSE, 1000);
    assertThatThrownBy(() -> Mix.parse("browse=0")).hasMessageContaining("no operation");
    assertThatThrownBy(() -> Mix.parse(directory.resolve("none.json").toString())).hasMessageContaining("cannot read");
  }
}
