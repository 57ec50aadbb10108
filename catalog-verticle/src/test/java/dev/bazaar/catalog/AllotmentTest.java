package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.ReservationLine;
import io.vertx.core.Future;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** How one group's reservations share the stock its transaction locked: in arrival order, each all or nothing. */
class AllotmentTest {

  private static final String LAMP = "00000000-0000-0000-0000-00000000000a";
  private static final String DESK = "00000000-0000-0000-0000-00000000000b";
  private static final String GONE = "00000000-0000-0000-0000-00000000000c";

  private final Allotment allotment = new Allotment(Map.of(
    LAMP, new Allotment.Offer("Lamp", true, new Money(2500, "EUR"), 800, 5),
    DESK, new Allotment.Offer("Desk", false, new Money(19900, "EUR"), 20000, 9)));

  @Test
  void aReservationThatFitsIsHeldAtTheProductsPriceWeightAndName() {
    List<ReservationLine> held = allotment.decide(request(LAMP, 5)).result();

    assertThat(held).singleElement().satisfies(line -> {
      assertThat(line.getProductId()).isEqualTo(LAMP);
      assertThat(line.getQuantity()).isEqualTo(5);
      assertThat(line.getName()).isEqualTo("Lamp");
      assertThat(line.getUnitPrice()).isEqualTo(new Money(2500, "EUR"));
      assertThat(line.getWeightGrams()).isEqualTo(800);
    });
    assertThat(allotment.taken()).containsExactly(Map.entry(LAMP, 5));
  }

  @Test
  void whatOneHoldsIsNoLongerThereForTheNext() {
    assertThat(allotment.decide(request(LAMP, 3)).succeeded()).isTrue();

    assertThat(codeOf(allotment.decide(request(LAMP, 3)))).isEqualTo(ErrorCode.INSUFFICIENT_STOCK.code());
    assertThat(allotment.decide(request(LAMP, 2)).succeeded()).isTrue();
    assertThat(codeOf(allotment.decide(request(LAMP, 1)))).isEqualTo(ErrorCode.INSUFFICIENT_STOCK.code());
    assertThat(allotment.taken()).containsExactly(Map.entry(LAMP, 5));
  }

  @Test
  void aRefusedReservationTakesNothingOfItsLinesThatFit() {
    Allotment both = new Allotment(Map.of(
      LAMP, new Allotment.Offer("Lamp", true, new Money(2500, "EUR"), 800, 5),
      DESK, new Allotment.Offer("Desk", true, new Money(19900, "EUR"), 20000, 1)));

    assertThat(codeOf(both.decide(new ReservationRequest("o", List.of(line(LAMP, 5), line(DESK, 2))))))
      .isEqualTo(ErrorCode.INSUFFICIENT_STOCK.code());

    assertThat(both.taken()).isEmpty();
    assertThat(both.decide(new ReservationRequest("p", List.of(line(LAMP, 5), line(DESK, 1)))).succeeded()).isTrue();
    assertThat(both.taken()).containsExactly(Map.entry(LAMP, 5), Map.entry(DESK, 1));
  }

  @Test
  void aMissingProductIsNotFoundAndOneOffSaleIsAConflictBeforeAnyStockIsCounted() {
    Future<List<ReservationLine>> missing = allotment.decide(new ReservationRequest("o", List.of(line(LAMP, 99), line(GONE, 1))));
    Future<List<ReservationLine>> offSale = allotment.decide(new ReservationRequest("p", List.of(line(LAMP, 99), line(DESK, 1))));

    assertThat(codeOf(missing)).isEqualTo(ErrorCode.NOT_FOUND.code());
    assertThat(missing.cause()).hasMessageContaining(GONE);
    assertThat(codeOf(offSale)).isEqualTo(ErrorCode.CONFLICT.code());
    assertThat(offSale.cause()).hasMessageContaining("no longer on sale");
    assertThat(allotment.taken()).isEmpty();
  }

  @Test
  void exactlyTheUnitsAvailableCanBeHeld() {
    assertThat(codeOf(allotment.decide(request(LAMP, 6)))).isEqualTo(ErrorCode.INSUFFICIENT_STOCK.code());
    assertThat(allotment.decide(request(LAMP, 5)).succeeded()).isTrue();
  }

  private static ReservationRequest request(String productId, int quantity) {
    return new ReservationRequest("order-" + UUID.randomUUID(), List.of(line(productId, quantity)));
  }

  private static ReservationLine line(String productId, int quantity) {
    return new ReservationLine(productId, quantity);
  }

  private static int codeOf(Future<?> refused) {
    assertThat(refused.failed()).as("refused").isTrue();
    return ((ServiceException) refused.cause()).failureCode();
  }
}
