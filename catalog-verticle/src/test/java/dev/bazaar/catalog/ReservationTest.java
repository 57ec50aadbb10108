package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.Reservation;
import dev.bazaar.contracts.catalog.ReservationLine;
import dev.bazaar.contracts.catalog.ReservationStatus;
import dev.bazaar.contracts.catalog.Stock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.bazaar.catalog.CatalogServiceTest.assertFails;
import static dev.bazaar.catalog.TestCatalog.uniqueCategory;
import static org.assertj.core.api.Assertions.assertThat;

/** Stock reservations: all or nothing, never oversold, and safe to repeat. */
@ExtendWith(VertxExtension.class)
class ReservationTest {

  private static TestCatalog catalog;

  @BeforeAll
  static void deploy(Vertx vertx) {
    catalog = TestCatalog.deploy(vertx, Duration.ofMinutes(10));
  }

  @AfterAll
  static void stop() {
    catalog.close();
  }

  @Test
  void aReservationHoldsItsUnitsUntilCommitted() {
    Product book = catalog.product(uniqueCategory(), "Book", 1000, 10);
    String order = newOrderId();

    Reservation held = catalog.service.reserve(order, List.of(line(book, 3))).await();

    assertThat(held.getStatus()).isEqualTo(ReservationStatus.HELD);
    assertThat(held.getExpiresAt()).isNotBlank();
    assertThat(stockOf(book)).satisfies(s -> assertStock(s, 10, 3));
  }

  @Test
  void reservingMoreThanAvailableReservesNothing() {
    Product plenty = catalog.product(uniqueCategory(), "Plenty", 100, 50);
    Product scarce = catalog.product(uniqueCategory(), "Scarce", 100, 2);
    String order = newOrderId();

    assertFails(() -> catalog.service.reserve(order, List.of(line(plenty, 5), line(scarce, 3))).await(),
      ErrorCode.INSUFFICIENT_STOCK);

    assertStock(stockOf(plenty), 50, 0);
    assertStock(stockOf(scarce), 2, 0);
    // Nothing of the failed attempt stays behind: the same order may try again once stock is there.
    catalog.service.setStock(scarce.getId(), 3).await();
    assertThat(catalog.service.reserve(order, List.of(line(plenty, 5), line(scarce, 3))).await().getStatus())
      .isEqualTo(ReservationStatus.HELD);
  }

  @Test
  void reservingTwiceForOneOrderReservesOnce() {
    Product lamp = catalog.product(uniqueCategory(), "Lamp", 100, 10);
    String order = newOrderId();

    Reservation first = catalog.service.reserve(order, List.of(line(lamp, 4))).await();
    Reservation second = catalog.service.reserve(order, List.of(line(lamp, 4))).await();

    assertThat(second.toJson()).isEqualTo(first.toJson());
    assertStock(stockOf(lamp), 10, 4);
  }

  @Test
  void linesOfTheSameProductAreMergedIntoOne() {
    Product pen = catalog.product(uniqueCategory(), "Pen", 100, 10);

    Reservation held = catalog.service.reserve(newOrderId(), List.of(line(pen, 2), line(pen, 3))).await();

    assertThat(held.getLines()).hasSize(1);
    assertThat(held.getLines().get(0).getQuantity()).isEqualTo(5);
    assertStock(stockOf(pen), 10, 5);
  }

  @Test
  void commitTakesTheUnitsOutOfStockOnce() {
    Product chair = catalog.product(uniqueCategory(), "Chair", 100, 10);
    String order = newOrderId();
    catalog.service.reserve(order, List.of(line(chair, 4))).await();

    Reservation committed = catalog.service.commitReservation(order).await();
    Reservation again = catalog.service.commitReservation(order).await();

    assertThat(committed.getStatus()).isEqualTo(ReservationStatus.COMMITTED);
    assertThat(again.getStatus()).isEqualTo(ReservationStatus.COMMITTED);
    assertStock(stockOf(chair), 6, 0);
    assertFails(() -> catalog.service.releaseReservation(order).await(), ErrorCode.CONFLICT);
    assertStock(stockOf(chair), 6, 0);
  }

  @Test
  void releaseReturnsTheUnitsOnceAndTheOrderCannotReserveAgain() {
    Product table = catalog.product(uniqueCategory(), "Table", 100, 10);
    String order = newOrderId();
    catalog.service.reserve(order, List.of(line(table, 4))).await();

    Reservation released = catalog.service.releaseReservation(order).await();
    catalog.service.releaseReservation(order).await();

    assertThat(released.getStatus()).isEqualTo(ReservationStatus.RELEASED);
    assertStock(stockOf(table), 10, 0);
    assertFails(() -> catalog.service.commitReservation(order).await(), ErrorCode.CONFLICT);
    assertFails(() -> catalog.service.reserve(order, List.of(line(table, 4))).await(), ErrorCode.CONFLICT);
    assertStock(stockOf(table), 10, 0);
  }

  @Test
  void aReserveThatArrivesAfterItsOrderWasReleasedHoldsNothing() {
    Product rug = catalog.product(uniqueCategory(), "Rug", 100, 10);
    String order = newOrderId();

    assertThat(catalog.service.releaseReservation(order).await().getStatus()).isEqualTo(ReservationStatus.RELEASED);

    assertFails(() -> catalog.service.reserve(order, List.of(line(rug, 1))).await(), ErrorCode.CONFLICT);
    assertStock(stockOf(rug), 10, 0);
  }

  @Test
  void committingAnUnknownOrderIsNotFound() {
    assertFails(() -> catalog.service.commitReservation(newOrderId()).await(), ErrorCode.NOT_FOUND);
  }

  @Test
  void badReservationRequestsAreRefusedAndHoldNothing() {
    Product cup = catalog.product(uniqueCategory(), "Cup", 100, 10);

    assertFails(() -> catalog.service.reserve(newOrderId(), List.of()).await(), ErrorCode.INVALID_INPUT);
    assertFails(() -> catalog.service.reserve(newOrderId(), List.of(line(cup, 0))).await(), ErrorCode.INVALID_INPUT);
    assertFails(() -> catalog.service.reserve(newOrderId(), List.of(new ReservationLine("nope", 1))).await(),
      ErrorCode.INVALID_INPUT);
    assertFails(() -> catalog.service.reserve(" ", List.of(line(cup, 1))).await(), ErrorCode.INVALID_INPUT);
    assertFails(() -> catalog.service.reserve(newOrderId(),
      List.of(line(cup, 1), new ReservationLine(UUID.randomUUID().toString(), 1))).await(), ErrorCode.NOT_FOUND);

    assertStock(stockOf(cup), 10, 0);
  }

  @Test
  void productsOffSaleCannotBeReserved() {
    Product old = catalog.product(uniqueCategory(), "Old model", 100, 10);
    catalog.service.deactivate(old.getId()).await();

    assertFails(() -> catalog.service.reserve(newOrderId(), List.of(line(old, 1))).await(), ErrorCode.CONFLICT);
    assertStock(stockOf(old), 10, 0);
  }

  @Test
  void twoHundredConcurrentReservationsForFiftyUnitsExactlyFiftySucceed() {
    Product hot = catalog.product(uniqueCategory(), "Limited edition", 100, 50);

    List<Future<Reservation>> attempts = IntStream.range(0, 200)
      .mapToObj(i -> catalog.service.reserve(newOrderId(), List.of(line(hot, 1))))
      .toList();
    Future.join(attempts).otherwiseEmpty().await();

    long succeeded = attempts.stream().filter(Future::succeeded).count();
    assertThat(succeeded).isEqualTo(50);
    assertThat(attempts.stream().filter(Future::failed))
      .allSatisfy(f -> assertThat(((io.vertx.serviceproxy.ServiceException) f.cause()).failureCode())
        .isEqualTo(ErrorCode.INSUFFICIENT_STOCK.code()));
    assertStock(stockOf(hot), 50, 50);
  }

  @Test
  void concurrentRetriesOfOneOrderReserveOnce() {
    Product gift = catalog.product(uniqueCategory(), "Gift", 100, 100);
    String order = newOrderId();

    List<Future<Reservation>> retries = IntStream.range(0, 20)
      .mapToObj(i -> catalog.service.reserve(order, List.of(line(gift, 3))))
      .toList();
    Future.join(retries).await();

    assertStock(stockOf(gift), 100, 3);
  }

  @Test
  void aReleaseRacingTheReserveOfItsOrderNeverLeavesItsUnitsHeld() {
    Product contested = catalog.product(uniqueCategory(), "Contested", 100, 50);

    List<Future<Reservation>> reserves = new ArrayList<>();
    List<Future<Reservation>> releases = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String order = newOrderId();
      reserves.add(catalog.service.reserve(order, List.of(line(contested, 1))));
      releases.add(catalog.service.releaseReservation(order));
    }
    Future.join(reserves).otherwiseEmpty().await();
    Future.join(releases).await();

    assertThat(releases).allSatisfy(release -> assertThat(release.result().getStatus()).isEqualTo(ReservationStatus.RELEASED));
    assertThat(reserves.stream().filter(Future::failed))
      .allSatisfy(f -> assertThat(((io.vertx.serviceproxy.ServiceException) f.cause()).failureCode())
        .isEqualTo(ErrorCode.CONFLICT.code()));
    assertStock(stockOf(contested), 50, 0);
  }

  static ReservationLine line(Product product, int quantity) {
    return new ReservationLine(product.getId(), quantity);
  }

  static String newOrderId() {
    return "order-" + UUID.randomUUID();
  }

  private static Stock stockOf(Product product) {
    return catalog.service.get(product.getId()).await().getStock();
  }

  static void assertStock(Stock stock, int onHand, int reserved) {
    assertThat(stock.getOnHand()).as("on hand").isEqualTo(onHand);
    assertThat(stock.getReserved()).as("reserved").isEqualTo(reserved);
  }
}
