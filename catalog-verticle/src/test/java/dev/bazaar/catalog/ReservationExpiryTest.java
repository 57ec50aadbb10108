package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.catalog.CatalogEvents;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.Reservation;
import dev.bazaar.contracts.catalog.ReservationLine;
import dev.bazaar.contracts.catalog.ReservationStatus;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.bazaar.catalog.CatalogServiceTest.assertFails;
import static dev.bazaar.catalog.ReservationTest.assertStock;
import static dev.bazaar.catalog.ReservationTest.line;
import static dev.bazaar.catalog.ReservationTest.newOrderId;
import static dev.bazaar.catalog.TestCatalog.uniqueCategory;
import static org.assertj.core.api.Assertions.assertThat;

/** Reservations nobody commits give their units back on their own. */
@ExtendWith(VertxExtension.class)
class ReservationExpiryTest {

  private static TestCatalog catalog;

  @BeforeAll
  static void deploy(Vertx vertx) {
    catalog = TestCatalog.deploy(vertx, Duration.ofSeconds(1));
  }

  @AfterAll
  static void stop() {
    catalog.close();
  }

  @Test
  void anUncommittedReservationExpiresAndReturnsItsStock() {
    Product product = catalog.product(uniqueCategory(), "Perishable", 100, 5);
    String order = newOrderId();
    Reservation held = catalog.service.reserve(order, List.of(line(product, 5))).await();
    // The answer, not a second read of the stock: on a machine stalled for the second the reservation lives, the
    // sweeper may already have returned the units by the time a read arrives.
    assertThat(held.getStatus()).isEqualTo(ReservationStatus.HELD);
    assertThat(held.getLines()).extracting(ReservationLine::getQuantity).containsExactly(5);

    awaitReserved(product, 0, Duration.ofSeconds(10));

    assertStock(catalog.service.get(product.getId()).await().getStock(), 5, 0);
    assertFails(() -> catalog.service.commitReservation(order).await(), ErrorCode.CONFLICT);
    assertThat(catalog.service.releaseReservation(order).await().getStatus()).isEqualTo(ReservationStatus.EXPIRED);
    assertStock(catalog.service.get(product.getId()).await().getStock(), 5, 0);
    assertThat(stockChangesOf(product, 3)).containsExactly("SET null", "RESERVED " + order, "EXPIRED " + order);
  }

  /** The reasons and orders of the product's stock changes, once the log shows {@code count} of them. */
  private static List<String> stockChangesOf(Product product, int count) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      List<String> changes = catalog.service.events(0, 1000).await().stream()
        .filter(event -> event.getAggregateId().equals(product.getId()) && event.getType().equals(CatalogEvents.STOCK_CHANGED))
        .map(event -> event.getData().getString("reason") + " " + event.getData().getString("orderId"))
        .toList();
      if (changes.size() >= count || Instant.now().isAfter(deadline)) {
        return changes;
      }
      Thread.onSpinWait();
    }
  }

  /** Polls the stock until the sweeper has run, instead of sleeping for a guessed time. */
  private static void awaitReserved(Product product, int reserved, Duration limit) {
    Instant deadline = Instant.now().plus(limit);
    while (catalog.service.get(product.getId()).await().getStock().getReserved() != reserved) {
      assertThat(Instant.now()).as("reserved units back to %d in time", reserved).isBefore(deadline);
      Thread.onSpinWait();
    }
  }
}
