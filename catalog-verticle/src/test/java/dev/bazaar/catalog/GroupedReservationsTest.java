package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.Reservation;
import dev.bazaar.contracts.catalog.ReservationLine;
import dev.bazaar.contracts.catalog.ReservationStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static dev.bazaar.catalog.InProcessCatalog.product;
import static dev.bazaar.catalog.ReservationTest.assertStock;
import static dev.bazaar.catalog.ReservationTest.line;
import static dev.bazaar.catalog.ReservationTest.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Reservations and commits that arrive at one catalog instance together share a transaction, and so the hot stock row
 * of a flash sale is locked through one commit per group, not one per order; yet each order is decided on its own, in
 * arrival order, as if it had come alone.
 */
@ExtendWith(VertxExtension.class)
class GroupedReservationsTest {

  private static InProcessCatalog catalog;
  private static CatalogServiceImpl service;

  @BeforeAll
  static void start(Vertx vertx) {
    catalog = InProcessCatalog.start(vertx);
    service = catalog.service(Duration.ofMinutes(10));
  }

  @AfterAll
  static void stop() {
    catalog.close();
  }

  @Test
  void sixtyFourConcurrentReservationsOfOneProductTakeAFewWriteTransactions() {
    Product hot = product(service, 1_000);
    List<String> orders = IntStream.range(0, 64).mapToObj(i -> newOrderId()).toList();

    long transactions = writeTransactionsDuring(() ->
      Future.all(orders.stream().map(order -> service.reserve(order, List.of(line(hot, 2)))).toList()));

    assertThat(transactions).as("write transactions for 64 reservations").isLessThanOrEqualTo(8);
    assertStock(stockOf(hot), 1_000, 128);
    assertThat(catalog.count("SELECT count(*) FROM catalog.reservation_line WHERE product_id = '" + hot.getId() + "'"))
      .isEqualTo(64);
  }

  @Test
  void sixtyFourConcurrentCommitsOfOneProductTakeAFewWriteTransactions() {
    Product hot = product(service, 1_000);
    List<String> orders = IntStream.range(0, 64).mapToObj(i -> newOrderId()).toList();
    Future.all(orders.stream().map(order -> service.reserve(order, List.of(line(hot, 3)))).toList()).await();

    long transactions = writeTransactionsDuring(() ->
      Future.all(orders.stream().map(service::commitReservation).toList()));

    assertThat(transactions).as("write transactions for 64 commits").isLessThanOrEqualTo(8);
    assertStock(stockOf(hot), 1_000 - 64 * 3, 0);
    assertThat(catalog.count("SELECT count(*) FROM catalog.reservation WHERE status = 'COMMITTED' AND order_id IN ("
      + String.join(",", orders.stream().map(order -> "'" + order + "'").toList()) + ")")).isEqualTo(64);
  }

  @Test
  void concurrentReservationsAreDecidedInArrivalOrderAndNeverOversell() {
    Product hot = product(service, 10);
    // 4 and 4 fit, the third 4 does not, and then 1 and 1 do: a refused order leaves its units to those after it.
    int[] quantities = {4, 4, 4, 1, 1, 1, 1};
    List<String> orders = IntStream.range(0, quantities.length).mapToObj(i -> newOrderId()).toList();

    List<Future<Reservation>> attempts = IntStream.range(0, quantities.length)
      .mapToObj(i -> service.reserve(orders.get(i), List.of(line(hot, quantities[i])))).toList();
    Future.join(attempts).otherwiseEmpty().await();

    assertThat(attempts).extracting(Future::succeeded).containsExactly(true, true, false, true, true, false, false);
    assertThat(attempts.stream().filter(Future::failed)).allSatisfy(refused ->
      assertThat(codeOf(refused)).isEqualTo(ErrorCode.INSUFFICIENT_STOCK.code()));
    assertStock(stockOf(hot), 10, 10);
    assertThat(heldUnitsOf(hot)).isEqualTo(10);
    assertThat(reservationsAmong(orders)).as("refused orders hold no reservation").isEqualTo(4);
  }

  @Test
  void twoHundredConcurrentReservationsForFiftyUnitsHoldExactlyFifty() {
    Product hot = product(service, 50);
    List<String> orders = IntStream.range(0, 200).mapToObj(i -> newOrderId()).toList();

    List<Future<Reservation>> attempts = orders.stream().map(order -> service.reserve(order, List.of(line(hot, 1)))).toList();
    Future.join(attempts).otherwiseEmpty().await();

    assertThat(attempts.stream().filter(Future::succeeded)).hasSize(50);
    assertThat(attempts.stream().filter(Future::failed)).allSatisfy(refused ->
      assertThat(codeOf(refused)).isEqualTo(ErrorCode.INSUFFICIENT_STOCK.code()));
    assertStock(stockOf(hot), 50, 50);
    assertThat(heldUnitsOf(hot)).isEqualTo(50);
    assertThat(reservationsAmong(orders)).isEqualTo(50);
  }

  @Test
  void ordersRefusedInAGroupHoldNothingAndTheOthersAreHeld() {
    Product plenty = product(service, 100);
    Product scarce = product(service, 1);
    Product offSale = product(service, 100);
    service.deactivate(offSale.getId()).await();
    String missing = UUID.randomUUID().toString();
    List<String> orders = IntStream.range(0, 5).mapToObj(i -> newOrderId()).toList();

    List<Future<Reservation>> attempts = List.of(
      service.reserve(orders.get(0), List.of(line(plenty, 2))),
      service.reserve(orders.get(1), List.of(line(plenty, 2), new ReservationLine(missing, 1))),
      service.reserve(orders.get(2), List.of(line(plenty, 2), line(offSale, 1))),
      service.reserve(orders.get(3), List.of(line(plenty, 2), line(scarce, 2))),
      service.reserve(orders.get(4), List.of(line(plenty, 2), line(scarce, 1))));
    Future.join(attempts).otherwiseEmpty().await();

    assertThat(attempts.get(0).succeeded()).isTrue();
    assertThat(codeOf(attempts.get(1))).isEqualTo(ErrorCode.NOT_FOUND.code());
    assertThat(codeOf(attempts.get(2))).isEqualTo(ErrorCode.CONFLICT.code());
    assertThat(codeOf(attempts.get(3))).isEqualTo(ErrorCode.INSUFFICIENT_STOCK.code());
    assertThat(attempts.get(4).result().getLines()).extracting(ReservationLine::getProductId, ReservationLine::getQuantity)
      .containsExactlyInAnyOrder(tuple(plenty.getId(), 2), tuple(scarce.getId(), 1));
    assertStock(stockOf(plenty), 100, 4);
    assertStock(stockOf(scarce), 1, 1);
    assertStock(stockOf(offSale), 100, 0);
    assertThat(reservationsAmong(orders)).isEqualTo(2);
    // A refused order may try again: nothing of its first try is left to answer it with.
    assertThat(service.reserve(orders.get(3), List.of(line(plenty, 1))).await().getStatus()).isEqualTo(ReservationStatus.HELD);
  }

  @Test
  void aRequestThatBreaksTheGroupsTransactionFailsAloneAndTheOthersAreHeld() {
    Product hot = product(service, 100);
    String poison = "poison-" + UUID.randomUUID();
    // A stand-in for whatever one request could make the database refuse: it fails the statement that writes lines.
    catalog.execute("""
      CREATE OR REPLACE FUNCTION catalog.refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.order_id LIKE 'poison-%' THEN RAISE EXCEPTION 'poisoned line'; END IF;
        RETURN NEW;
      END $$;
      CREATE OR REPLACE TRIGGER refuse_poison BEFORE INSERT ON catalog.reservation_line
        FOR EACH ROW EXECUTE FUNCTION catalog.refuse_poison();""");
    try {
      List<String> orders = IntStream.range(0, 9).mapToObj(i -> newOrderId()).toList();
      List<Future<Reservation>> good = orders.stream().map(order -> service.reserve(order, List.of(line(hot, 1)))).toList();
      Future<Reservation> bad = service.reserve(poison, List.of(line(hot, 1)));
      List<Future<Reservation>> after = IntStream.range(0, 9)
        .mapToObj(i -> service.reserve(newOrderId(), List.of(line(hot, 1)))).toList();
      Future.join(List.of(Future.join(good), bad, Future.join(after))).otherwiseEmpty().await();

      assertThat(good).allSatisfy(held -> assertThat(held.succeeded()).isTrue());
      assertThat(after).allSatisfy(held -> assertThat(held.succeeded()).isTrue());
      assertThat(bad.failed()).isTrue();
      assertStock(stockOf(hot), 100, 18);
      assertThat(reservationsAmong(List.of(poison))).isZero();
    } finally {
      catalog.execute("DROP TRIGGER refuse_poison ON catalog.reservation_line");
    }
  }

  @Test
  void commitsInAGroupThatCannotCommitAreAnsweredAloneAndTheOthersCommit() {
    Product hot = product(service, 100);
    String held = newOrderId();
    String released = newOrderId();
    String unknown = newOrderId();
    service.reserve(held, List.of(line(hot, 5))).await();
    service.reserve(released, List.of(line(hot, 7))).await();
    service.releaseReservation(released).await();

    List<Future<Reservation>> commits = List.of(
      service.commitReservation(held), service.commitReservation(released), service.commitReservation(unknown),
      service.commitReservation(held));
    Future.join(commits).otherwiseEmpty().await();

    assertThat(commits.get(0).result().getStatus()).isEqualTo(ReservationStatus.COMMITTED);
    assertThat(codeOf(commits.get(1))).isEqualTo(ErrorCode.CONFLICT.code());
    assertThat(codeOf(commits.get(2))).isEqualTo(ErrorCode.NOT_FOUND.code());
    assertThat(commits.get(3).result().toJson()).isEqualTo(commits.get(0).result().toJson());
    assertStock(stockOf(hot), 95, 0);
  }

  /** How many transactions that wrote ran while the work did: the rise of the transaction id, less the two reads of it. */
  private static long writeTransactionsDuring(Supplier<Future<?>> work) {
    long before = catalog.count("SELECT pg_current_xact_id()::text::bigint");
    work.get().await();
    long after = catalog.count("SELECT pg_current_xact_id()::text::bigint");
    return after - before - 1;
  }

  private static long heldUnitsOf(Product product) {
    return catalog.count("SELECT coalesce(sum(l.quantity), 0) FROM catalog.reservation_line l"
      + " JOIN catalog.reservation r USING (order_id) WHERE r.status = 'HELD' AND l.product_id = '" + product.getId() + "'");
  }

  private static long reservationsAmong(List<String> orders) {
    return catalog.count("SELECT count(*) FROM catalog.reservation WHERE order_id IN ("
      + String.join(",", orders.stream().map(order -> "'" + order + "'").toList()) + ")");
  }

  private static dev.bazaar.contracts.catalog.Stock stockOf(Product product) {
    return service.get(product.getId()).await().getStock();
  }

  private static int codeOf(Future<?> refused) {
    assertThat(refused.failed()).as("refused").isTrue();
    return ((ServiceException) refused.cause()).failureCode();
  }
}
