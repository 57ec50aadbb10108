package dev.bazaar.order;

import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.contracts.order.OrderStatus;
import org.junit.jupiter.api.Test;

import static dev.bazaar.contracts.order.OrderStatus.CANCELLED;
import static dev.bazaar.contracts.order.OrderStatus.CANCELLING;
import static dev.bazaar.contracts.order.OrderStatus.CONFIRMED;
import static dev.bazaar.contracts.order.OrderStatus.DELIVERED;
import static dev.bazaar.contracts.order.OrderStatus.FAILED;
import static dev.bazaar.contracts.order.OrderStatus.PAYMENT_AUTHORIZED;
import static dev.bazaar.contracts.order.OrderStatus.PAYMENT_DECLINED;
import static dev.bazaar.contracts.order.OrderStatus.PENDING;
import static dev.bazaar.contracts.order.OrderStatus.PRICED;
import static dev.bazaar.contracts.order.OrderStatus.REFUNDED;
import static dev.bazaar.contracts.order.OrderStatus.REJECTED;
import static dev.bazaar.contracts.order.OrderStatus.SHIPMENT_CREATED;
import static dev.bazaar.contracts.order.OrderStatus.SHIPPED;
import static dev.bazaar.contracts.order.OrderStatus.STOCK_RESERVED;
import static org.assertj.core.api.Assertions.assertThat;

/** The one table of an order's moves, which every statement that moves an order takes its "from" statuses from. */
class OrderStatesTest {

  @Test
  void anOrderBeingPlacedEndsConfirmedOrUndoneFromAnyStatusPlacingStores() {
    for (OrderStatus placing : OrderStates.PLACING) {
      assertThat(OrderStates.MOVES.from(placing)).as("from %s", placing)
        .containsExactlyInAnyOrder(CONFIRMED, REJECTED, PAYMENT_DECLINED, FAILED);
    }
    assertThat(OrderStates.PLACING).containsExactlyInAnyOrder(PENDING, STOCK_RESERVED, PRICED, PAYMENT_AUTHORIZED,
      SHIPMENT_CREATED);
    assertThat(OrderStates.into(FAILED)).containsExactlyInAnyOrder("PENDING", "STOCK_RESERVED", "PRICED",
      "PAYMENT_AUTHORIZED", "SHIPMENT_CREATED");
  }

  @Test
  void afterPlacingTheParcelMovesTheOrderAndOnlyAConfirmedOneIsCancelled() {
    assertThat(OrderStates.MOVES.from(CONFIRMED)).containsExactlyInAnyOrder(SHIPPED, DELIVERED, CANCELLING);
    assertThat(OrderStates.MOVES.from(CANCELLING)).containsExactlyInAnyOrder(CANCELLED, CONFIRMED);
    assertThat(OrderStates.MOVES.from(SHIPPED)).containsExactly(DELIVERED);
    assertThat(OrderStates.into(REFUNDED)).containsExactlyInAnyOrder("DELIVERED", "REFUNDED");
    assertThat(OrderStates.into(CONFIRMED)).contains("PENDING", "CANCELLING");
    for (OrderStatus end : new OrderStatus[] {REJECTED, PAYMENT_DECLINED, FAILED, CANCELLED}) {
      assertThat(OrderStates.MOVES.from(end)).as("%s is final", end).isEmpty();
    }
  }

  @Test
  void recoveryLooksAmongThePlacingStatusesAndCancelling() {
    assertThat(OrderStates.UNFINISHED).containsExactlyInAnyOrder(PENDING, STOCK_RESERVED, PRICED, PAYMENT_AUTHORIZED,
      SHIPMENT_CREATED, CANCELLING);
  }

  @Test
  void theStatusesACustomerCaresAboutAreAnnouncedAndTheStepsAreNot() {
    assertThat(OrderStates.announcing(PENDING)).hasValue(OrderEvents.PLACED);
    assertThat(OrderStates.announcing(CONFIRMED)).hasValue(OrderEvents.CONFIRMED);
    assertThat(OrderStates.announcing(FAILED)).hasValue(OrderEvents.FAILED);
    assertThat(OrderStates.announcing(DELIVERED)).hasValue(OrderEvents.DELIVERED);
    for (OrderStatus step : OrderStates.STEPS) {
      assertThat(OrderStates.announcing(step)).as("%s", step).isEmpty();
    }
    assertThat(OrderStates.STEPS).containsExactly(STOCK_RESERVED, PRICED, PAYMENT_AUTHORIZED, SHIPMENT_CREATED);
  }
}
