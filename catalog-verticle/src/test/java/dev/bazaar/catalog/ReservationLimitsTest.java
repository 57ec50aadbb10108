package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.Reservation;
import dev.bazaar.contracts.catalog.ReservationLine;
import dev.bazaar.contracts.catalog.ReservationStatus;
import dev.bazaar.contracts.catalog.Stock;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.bazaar.catalog.ReservationTest.assertStock;
import static dev.bazaar.catalog.ReservationTest.line;
import static dev.bazaar.catalog.ReservationTest.newOrderId;
import static dev.bazaar.catalog.TestCatalog.uniqueCategory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The limits of one reservation, each at its exact edge: 100 lines, 10,000 units of a product, order ids of 1 to 100
 * characters. A refused reservation holds nothing, where the same stock would have been there to hold.
 */
@ExtendWith(VertxExtension.class)
class ReservationLimitsTest {

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
  void exactly100LinesAreAcceptedAnd101AreNot() {
    String category = uniqueCategory();
    List<Product> products = IntStream.range(0, 101).mapToObj(i -> catalog.product(category, "Part " + i, 100, 2)).toList();
    List<ReservationLine> hundred = products.subList(0, 100).stream().map(p -> line(p, 1)).toList();
    List<ReservationLine> hundredAndOne = products.stream().map(p -> line(p, 1)).toList();

    assertRefused(newOrderId(), hundredAndOne, "1 to 100 lines");
    products.forEach(p -> assertStock(stockOf(p), 2, 0));

    Reservation held = catalog.service.reserve(newOrderId(), hundred).await();
    assertThat(held.getLines()).hasSize(100);
    products.subList(0, 100).forEach(p -> assertStock(stockOf(p), 2, 1));
    assertStock(stockOf(products.get(100)), 2, 0);
  }

  @Test
  void aLineOf10000UnitsIsAcceptedAnd10001IsNot() {
    Product bulk = catalog.product(uniqueCategory(), "Bulk", 1, 20_001);

    assertRefused(newOrderId(), List.of(line(bulk, 10_001)), "quantity from 1 to 10000");
    assertStock(stockOf(bulk), 20_001, 0);

    assertThat(catalog.service.reserve(newOrderId(), List.of(line(bulk, 10_000))).await().getLines())
      .extracting(ReservationLine::getQuantity).containsExactly(10_000);
    assertThat(catalog.service.reserve(newOrderId(), List.of(line(bulk, 1))).await().getLines())
      .extracting(ReservationLine::getQuantity).containsExactly(1);
    assertStock(stockOf(bulk), 20_001, 10_001);
  }

  @Test
  void aLineOfNoOrNegativeUnitsIsRefused() {
    Product plenty = catalog.product(uniqueCategory(), "Plenty", 1, 10);

    for (int quantity : new int[] {0, -1, Integer.MIN_VALUE}) {
      assertRefused(newOrderId(), List.of(line(plenty, quantity)), "quantity from 1 to 10000");
    }
    assertRefused(newOrderId(), List.of(line(plenty, 1), line(plenty, 0)), "quantity from 1 to 10000");
    assertStock(stockOf(plenty), 10, 0);
  }

  @Test
  void twoLinesOfOneProductAreMergedAndThe10000UnitCapAppliesToTheirTotal() {
    Product bulk = catalog.product(uniqueCategory(), "Bulk", 1, 30_000);

    assertRefused(newOrderId(), List.of(line(bulk, 5_000), line(bulk, 5_001)), "At most 10000 units");
    assertRefused(newOrderId(), List.of(line(bulk, 10_000), line(bulk, 10_000)), "At most 10000 units");
    assertStock(stockOf(bulk), 30_000, 0);

    Reservation merged = catalog.service.reserve(newOrderId(), List.of(line(bulk, 5_000), line(bulk, 5_000))).await();

    assertThat(merged.getLines()).usingRecursiveFieldByFieldElementComparatorOnFields("productId", "quantity")
      .containsExactly(new ReservationLine(bulk.getId(), 10_000));
    assertStock(stockOf(bulk), 30_000, 10_000);
  }

  @Test
  void aProductIdInCapitalsIsTheSameProductAndComesBackInCanonicalForm() {
    Product pen = catalog.product(uniqueCategory(), "Pen", 1, 10);
    String shouted = pen.getId().toUpperCase(Locale.ROOT);

    Reservation held = catalog.service.reserve(newOrderId(), List.of(new ReservationLine(shouted, 2), line(pen, 3))).await();

    assertThat(held.getLines()).usingRecursiveFieldByFieldElementComparatorOnFields("productId", "quantity").containsExactly(new ReservationLine(pen.getId(), 5));
    assertStock(stockOf(pen), 10, 5);
  }

  @Test
  void linesComeBackOnePerProductInProductIdOrder() {
    String category = uniqueCategory();
    List<Product> products = IntStream.range(0, 5).mapToObj(i -> catalog.product(category, "Item " + i, 1, 10)).toList();
    List<ReservationLine> asked = new ArrayList<>();
    for (int i = 0; i < products.size(); i++) {
      asked.add(line(products.get(i), i + 1));
    }
    List<ReservationLine> expected = asked.stream().sorted(Comparator.comparing(ReservationLine::getProductId)).toList();
    String order = newOrderId();

    List<ReservationLine> reversed = new ArrayList<>(asked);
    Collections.reverse(reversed);

    Reservation held = catalog.service.reserve(order, reversed).await();

    assertThat(held.getLines()).usingRecursiveFieldByFieldElementComparatorOnFields("productId", "quantity").containsExactlyElementsOf(expected);
    assertThat(catalog.service.reserve(order, asked).await().getLines())
      .usingRecursiveFieldByFieldElementComparatorOnFields("productId", "quantity").containsExactlyElementsOf(expected);
    assertThat(catalog.service.commitReservation(order).await().getLines())
      .usingRecursiveFieldByFieldElementComparatorOnFields("productId", "quantity").containsExactlyElementsOf(expected);
  }

  @Test
  void linesWithoutAProductIdThatIsAUuidOrWithoutAnyLineAtAllAreRefused() {
    Product cup = catalog.product(uniqueCategory(), "Cup", 1, 10);

    assertRefused(newOrderId(), List.of(line(cup, 1), new ReservationLine(null, 1)), "productId that is a UUID");
    assertRefused(newOrderId(), List.of(line(cup, 1), new ReservationLine("", 1)), "productId that is a UUID");
    assertRefused(newOrderId(), List.of(line(cup, 1), new ReservationLine(cup.getId() + "0", 1)), "productId that is a UUID");
    assertRefused(newOrderId(), Arrays.asList(line(cup, 1), null), "quantity from 1 to 10000");
    assertRefused(newOrderId(), null, "1 to 100 lines");
    assertRefused(newOrderId(), List.of(), "1 to 100 lines");
    assertStock(stockOf(cup), 10, 0);
  }

  @Test
  void anOrderIdOf100CharactersIsAcceptedAnd101IsNot() {
    Product cup = catalog.product(uniqueCategory(), "Cup", 1, 10);
    String order100 = uniqueOrderId(100);
    String order101 = uniqueOrderId(101);

    assertRefused(order101, List.of(line(cup, 1)), "orderId");
    assertInvalid(() -> catalog.service.commitReservation(order101).await());
    assertInvalid(() -> catalog.service.releaseReservation(order101).await());

    assertThat(catalog.service.reserve(order100, List.of(line(cup, 1))).await().getOrderId()).isEqualTo(order100);
    assertThat(catalog.service.commitReservation(order100).await().getStatus()).isEqualTo(ReservationStatus.COMMITTED);
    assertThat(catalog.service.reserve("x", List.of(line(cup, 1))).await().getOrderId())
      .as("one character is enough").isEqualTo("x");
    assertStock(stockOf(cup), 9, 1);
  }

  @Test
  void blankMissingOrControlCharacterOrderIdsAreRefusedByEveryReservationOperation() {
    Product cup = catalog.product(uniqueCategory(), "Cup", 1, 10);
    String[] bad = {null, "", " ", "\u3000", "order\t1", "order\n1", "order\r1", "order\u00001", "order\u007f1", "order\u00851"};

    for (String orderId : bad) {
      assertRefused(orderId, List.of(line(cup, 1)), "orderId");
      assertInvalid(() -> catalog.service.commitReservation(orderId).await());
      assertInvalid(() -> catalog.service.releaseReservation(orderId).await());
    }
    assertStock(stockOf(cup), 10, 0);
  }

  @Test
  void aReserveRepeatedAfterCommitAnswersTheCommittedReservationAndHoldsNothingMore() {
    Product lamp = catalog.product(uniqueCategory(), "Lamp", 1, 10);
    String order = newOrderId();
    catalog.service.reserve(order, List.of(line(lamp, 4))).await();
    catalog.service.commitReservation(order).await();

    Reservation again = catalog.service.reserve(order, List.of(line(lamp, 4))).await();

    assertThat(again.getStatus()).isEqualTo(ReservationStatus.COMMITTED);
    assertThat(again.getLines()).usingRecursiveFieldByFieldElementComparatorOnFields("productId", "quantity").containsExactly(line(lamp, 4));
    assertStock(stockOf(lamp), 6, 0);
  }

  @Test
  void releasingAnOrderThatNeverReservedTwiceGivesTheSameReleasedAnswerBothTimes() {
    String order = newOrderId();

    Reservation first = catalog.service.releaseReservation(order).await();
    Reservation second = catalog.service.releaseReservation(order).await();

    assertThat(first.getOrderId()).isEqualTo(order);
    assertThat(first.getStatus()).isEqualTo(ReservationStatus.RELEASED);
    assertThat(first.getExpiresAt()).isNotNull();
    assertThat(second.toJson()).isEqualTo(first.toJson());
    assertThatThrownBy(() -> catalog.service.commitReservation(order).await())
      .isInstanceOf(ServiceException.class)
      .hasMessageContaining("was released");
  }

  /** An order id nobody else has, of exactly the given length (at least 36). */
  private static String uniqueOrderId(int length) {
    String unique = UUID.randomUUID().toString();
    return unique + "o".repeat(length - unique.length());
  }

  private static Stock stockOf(Product product) {
    return catalog.service.get(product.getId()).await().getStock();
  }

  private static void assertRefused(String orderId, List<ReservationLine> lines, String because) {
    assertThatThrownBy(() -> catalog.service.reserve(orderId, lines).await())
      .isInstanceOf(ServiceException.class)
      .satisfies(e -> assertThat(((ServiceException) e).failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code()))
      .hasMessageContaining(because);
  }

  private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    CatalogServiceTest.assertFails(call, ErrorCode.INVALID_INPUT);
  }
}
