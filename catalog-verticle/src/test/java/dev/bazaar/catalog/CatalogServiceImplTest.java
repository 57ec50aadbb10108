package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.ProductQuery;
import dev.bazaar.contracts.catalog.Reservation;
import dev.bazaar.contracts.catalog.ReservationLine;
import dev.bazaar.contracts.catalog.ReservationStatus;
import dev.bazaar.contracts.catalog.Stock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static dev.bazaar.catalog.InProcessCatalog.product;
import static dev.bazaar.catalog.ReservationTest.assertStock;
import static dev.bazaar.catalog.ReservationTest.line;
import static dev.bazaar.catalog.ReservationTest.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service called in-process, as the verticle's sweeper calls it, with no sweeper running: the test decides when
 * expired reservations are swept, so it can count exactly what one sweep does.
 */
@ExtendWith(VertxExtension.class)
class CatalogServiceImplTest {

  /** Short enough to wait for; with no sweeper running, what ran out of time stays held until a test sweeps. */
  private static final Duration SHORT_TTL = Duration.ofMillis(300);

  private static Vertx vertx;
  private static InProcessCatalog catalog;
  private static CatalogServiceImpl shortLived;
  private static CatalogServiceImpl longLived;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    catalog = InProcessCatalog.start(vertx);
    shortLived = catalog.service(SHORT_TTL);
    longLived = catalog.service(Duration.ofMinutes(10));
  }

  @AfterAll
  static void stop() {
    catalog.close();
  }

  /** Every test leaves nothing due behind, so the next one's counts are its own. */
  @AfterEach
  void nothingIsLeftDue() {
    assertThat(catalog.repository.findExpiredHolds(1).await()).isEmpty();
  }

  @Test
  void moreThanOneBatchOfExpiredReservationsAllExpireInOneCallThatCountsThemExactly() {
    Product product = product(longLived, 300);
    List<String> orders = reserveOneUnitEach(product, 250);
    String fresh = newOrderId();
    longLived.reserve(fresh, List.of(line(product, 7))).await();
    awaitDue(orders);

    int expired = shortLived.expireDueReservations().await();

    assertThat(expired).as("250 expired: two full batches of 100 and one of 50").isEqualTo(250);
    assertStock(stockOf(product), 300, 7);
    assertThat(orders).allSatisfy(order -> assertThat(statusOf(order)).isEqualTo(ReservationStatus.EXPIRED));
    assertThat(statusOf(fresh)).as("a reservation still in time").isEqualTo(ReservationStatus.HELD);
    assertThat(shortLived.expireDueReservations().await()).as("a second sweep finds nothing").isZero();
  }

  @Test
  void exactlyOneBatchOfExpiredReservationsExpiresInOneCall() {
    Product product = product(longLived, 100);
    List<String> orders = reserveOneUnitEach(product, 100);
    awaitDue(orders);

    assertThat(shortLived.expireDueReservations().await()).isEqualTo(100);
    assertStock(stockOf(product), 100, 0);
  }

  @Test
  void twoInstancesSweepingAtOnceExpireEachReservationOnceBetweenThem() {
    Product product = product(longLived, 150);
    List<String> orders = reserveOneUnitEach(product, 150);
    awaitDue(orders);
    CatalogServiceImpl one = catalog.otherInstance(SHORT_TTL);
    CatalogServiceImpl other = catalog.otherInstance(SHORT_TTL);

    Future<Integer> first = one.expireDueReservations();
    Future<Integer> second = other.expireDueReservations();

    assertThat(first.await() + second.await()).isEqualTo(150);
    assertStock(stockOf(product), 150, 0);
  }

  @Test
  void aReservationPastItsTimeCannotBeCommittedAndHoldsItsUnitsUntilSwept() {
    Product product = product(longLived, 5);
    String order = newOrderId();
    shortLived.reserve(order, List.of(line(product, 5))).await();
    awaitDue(List.of(order));

    assertConflict(() -> shortLived.commitReservation(order).await(), "has expired");
    assertStock(stockOf(product), 5, 5);

    assertThat(shortLived.expireDueReservations().await()).isEqualTo(1);

    assertStock(stockOf(product), 5, 0);
    assertConflict(() -> shortLived.commitReservation(order).await(), "has expired");
    Reservation released = shortLived.releaseReservation(order).await();
    assertThat(released.getStatus()).isEqualTo(ReservationStatus.EXPIRED);
    assertThat(released.getLines()).extracting(ReservationLine::getQuantity).containsExactly(5);
    assertConflict(() -> shortLived.reserve(order, List.of(line(product, 1))).await(), "was expired");
    assertStock(stockOf(product), 5, 0);
  }

  @Test
  void aQueryWithoutASortIsSortedByName() {
    String category = TestCatalog.uniqueCategory();
    for (String name : new String[] {"Cherry", "Apple", "Banana"}) {
      longLived.create(TestCatalog.draft(category, name, 100)).await();
    }

    List<String> names = longLived.search(new ProductQuery().setCategory(category).setSort(null)).await()
      .getItems().stream().map(Product::getName).toList();

    assertThat(names).containsExactly("Apple", "Banana", "Cherry");
  }

  /** Reserves one unit of the product for each of that many new orders, with the short time to live. */
  private static List<String> reserveOneUnitEach(Product product, int orders) {
    List<String> ids = IntStream.range(0, orders).mapToObj(i -> newOrderId()).toList();
    Future.all(ids.stream().map(id -> shortLived.reserve(id, List.of(line(product, 1)))).toList()).await();
    return ids;
  }

  /** Polls until every one of the orders is due to expire, instead of sleeping for a guessed time. */
  private static void awaitDue(List<String> orders) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!catalog.repository.findExpiredHolds(orders.size() + 1_000).await().containsAll(orders)) {
      assertThat(Instant.now()).as("%d reservations due in time", orders.size()).isBefore(deadline);
      vertx.timer(20).await();
    }
  }

  private static ReservationStatus statusOf(String order) {
    return catalog.repository.findReservation(order).await().getStatus();
  }

  private static Stock stockOf(Product product) {
    return longLived.get(product.getId()).await().getStock();
  }

  private static void assertConflict(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String because) {
    assertThatThrownBy(call)
      .isInstanceOf(ServiceException.class)
      .satisfies(e -> assertThat(((ServiceException) e).failureCode()).isEqualTo(ErrorCode.CONFLICT.code()))
      .hasMessageContaining(because);
  }
}
