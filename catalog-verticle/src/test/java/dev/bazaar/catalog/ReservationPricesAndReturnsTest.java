package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
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
import java.util.List;
import java.util.UUID;

import static dev.bazaar.catalog.CatalogServiceTest.assertFails;
import static dev.bazaar.catalog.ReservationTest.line;
import static dev.bazaar.catalog.ReservationTest.newOrderId;
import static dev.bazaar.catalog.TestCatalog.draft;
import static dev.bazaar.catalog.TestCatalog.uniqueCategory;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an order needs of the catalog besides holding stock: the price and weight each line was held at, products read
 * many at a time for a quote, and the units of a cancelled order put back on the shelf.
 */
@ExtendWith(VertxExtension.class)
class ReservationPricesAndReturnsTest {

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
  void eachLineIsHeldAtItsProductsNamePriceAndWeightEvenAfterTheyChange() {
    Product kettle = catalog.service.setStock(catalog.service.create(draft(uniqueCategory(), "Kettle", 3999).setWeightGrams(1300))
      .await().getId(), 5).await();
    String order = newOrderId();

    Reservation held = catalog.service.reserve(order, List.of(line(kettle, 2))).await();
    catalog.service.update(kettle.getId(), draft(kettle.getCategory(), "Kettle XL", 4999).setSku(kettle.getSku())).await();
    Reservation again = catalog.service.reserve(order, List.of(line(kettle, 2))).await();

    for (Reservation reservation : List.of(held, again)) {
      ReservationLine only = reservation.getLines().get(0);
      assertThat(only.getName()).isEqualTo("Kettle");
      assertThat(only.getUnitPrice()).isEqualTo(new Money(3999, "EUR"));
      assertThat(only.getWeightGrams()).isEqualTo(1300);
    }
  }

  @Test
  void productsAreReadManyAtATimeInTheOrderAsked() {
    Product first = catalog.product(uniqueCategory(), "First", 100, 1);
    Product second = catalog.product(uniqueCategory(), "Second", 200, 1);

    List<Product> read = catalog.service.products(List.of(second.getId(), first.getId())).await();

    assertThat(read).extracting(Product::getId).containsExactly(second.getId(), first.getId());
    assertFails(() -> catalog.service.products(List.of(first.getId(), UUID.randomUUID().toString())).await(), ErrorCode.NOT_FOUND);
    assertFails(() -> catalog.service.products(List.of()).await(), ErrorCode.INVALID_INPUT);
  }

  @Test
  void aCommittedReservationIsReturnedOnceAndItsUnitsGoBackOnHand() {
    Product lamp = catalog.product(uniqueCategory(), "Lamp", 2500, 4);
    String order = newOrderId();
    catalog.service.reserve(order, List.of(line(lamp, 3))).await();
    catalog.service.commitReservation(order).await();
    assertThat(catalog.service.get(lamp.getId()).await().getStock().getOnHand()).isEqualTo(1);

    Reservation returned = catalog.service.returnReservation(order).await();
    Reservation again = catalog.service.returnReservation(order).await();

    assertThat(returned.getStatus()).isEqualTo(ReservationStatus.RETURNED);
    assertThat(again.getStatus()).isEqualTo(ReservationStatus.RETURNED);
    assertThat(catalog.service.get(lamp.getId()).await().getStock().getOnHand()).isEqualTo(4);
    assertFails(() -> catalog.service.commitReservation(order).await(), ErrorCode.CONFLICT);
    assertFails(() -> catalog.service.releaseReservation(order).await(), ErrorCode.CONFLICT);
    assertFails(() -> catalog.service.reserve(order, List.of(line(lamp, 1))).await(), ErrorCode.CONFLICT);
  }

  @Test
  void onlyACommittedReservationCanBeReturned() {
    Product vase = catalog.product(uniqueCategory(), "Vase", 900, 2);
    String held = newOrderId();
    catalog.service.reserve(held, List.of(line(vase, 1))).await();

    assertFails(() -> catalog.service.returnReservation(held).await(), ErrorCode.CONFLICT);
    assertFails(() -> catalog.service.returnReservation(newOrderId()).await(), ErrorCode.NOT_FOUND);
    assertThat(catalog.service.get(vase.getId()).await().getStock().getReserved()).isEqualTo(1);
  }
}
