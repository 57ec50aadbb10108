package dev.bazaar.catalog;

import dev.bazaar.contracts.catalog.Product;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static dev.bazaar.catalog.ReservationTest.line;
import static dev.bazaar.catalog.ReservationTest.newOrderId;

/**
 * A flash sale against one catalog instance: {@value #CLIENTS} clients each reserve one unit of the same product and
 * commit it, again and again, for {@value #SECONDS} s. Prints reservations per second and write transactions per
 * reservation. Not a test: it asserts nothing and runs only when asked to,
 * {@code mvn -o -pl catalog-verticle -am test -Dtest=HotProductBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbazaar.benchmark=true}.
 */
@ExtendWith(VertxExtension.class)
@EnabledIfSystemProperty(named = "bazaar.benchmark", matches = "true")
class HotProductBenchmark {

  private static final int CLIENTS = Integer.getInteger("bazaar.benchmark.clients", 64);
  private static final int SECONDS = 10;

  @Test
  void reserveAndCommitOneHotProduct(Vertx vertx) {
    try (InProcessCatalog catalog = InProcessCatalog.start(vertx)) {
      CatalogServiceImpl service = catalog.service(Duration.ofMinutes(10));
      Product hot = InProcessCatalog.product(service, 1_000_000_000);
      run(vertx, service, hot, 2); // warm-up: connections, prepared statements, JIT
      long before = catalog.count("SELECT pg_current_xact_id()::text::bigint");
      long orders = run(vertx, service, hot, SECONDS);
      long writes = catalog.count("SELECT pg_current_xact_id()::text::bigint") - before - 1;
      System.out.printf("HotProductBenchmark: %d clients, %d reserve+commit in %d s = %.0f orders/s, %.2f write transactions per order%n",
        CLIENTS, orders, SECONDS, orders / (double) SECONDS, writes / (double) orders);
    }
  }

  /** How many orders the clients reserved and committed in that many seconds. */
  private static long run(Vertx vertx, CatalogServiceImpl service, Product hot, int seconds) {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Future<Void>> clients = IntStream.range(0, CLIENTS).mapToObj(i -> {
      Promise<Void> finished = Promise.promise();
      client(service, hot, end, done, finished);
      return finished.future();
    }).toList();
    Future.all(clients).await();
    return done.get();
  }

  private static void client(CatalogServiceImpl service, Product hot, long end, AtomicLong done, Promise<Void> finished) {
    if (System.nanoTime() >= end) {
      finished.complete();
      return;
    }
    String order = newOrderId();
    service.reserve(order, List.of(line(hot, 1)))
      .compose(held -> service.commitReservation(order))
      .onSuccess(committed -> done.incrementAndGet())
      .onComplete(next -> client(service, hot, end, done, finished));
  }
}
