package dev.bazaar.order;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.order.OrderTransition;
import dev.bazaar.contracts.payment.PaymentStatus;
import dev.bazaar.contracts.shipping.ShipmentStatus;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static dev.bazaar.order.CheckoutTest.failure;
import static dev.bazaar.order.TestShop.newCustomer;
import static dev.bazaar.order.TestShop.newKey;
import static dev.bazaar.order.TestShop.request;
import static org.assertj.core.api.Assertions.assertThat;

/** After checkout: the order follows its parcel, a customer cancels before it ships, an admin refunds a delivered one. */
@ExtendWith(VertxExtension.class)
class AfterSalesTest {

  /** Long enough to cancel before the carrier has the parcel; short enough to watch it arrive. */
  private static final Duration CARRIER = Duration.ofMillis(1500);

  private static TestShop shop;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestShop.start(vertx, CARRIER);
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void theOrderFollowsItsParcelToDelivered() {
    Order order = placed(newCustomer(), shop.product(1500, 3, 200), 1);

    shop.await(() -> shop.order(order.getCustomerId(), order.getId()).getStatus() == OrderStatus.DELIVERED, "delivery");

    assertThat(shop.order(order.getCustomerId(), order.getId()).getHistory()).extracting(OrderTransition::getStatus)
      .endsWith(OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.DELIVERED);
    assertThat(shop.orders.shipment(order.getCustomerId(), order.getId()).await().getStatus()).isEqualTo(ShipmentStatus.DELIVERED);
    assertThat(shop.orders.events(0, 1000).await()).filteredOn(event -> event.getAggregateId().equals(order.getId()))
      .extracting(Event::getType).contains(OrderEvents.PLACED, OrderEvents.CONFIRMED, OrderEvents.SHIPPED, OrderEvents.DELIVERED);
  }

  @Test
  void aCustomerCancelsBeforeShippingAndGetsEverythingBack() {
    Product product = shop.product(1500, 3, 200);
    Order order = placed(newCustomer(), product, 2);

    Order cancelled = shop.orders.cancel(order.getCustomerId(), order.getId()).await();
    Order again = shop.orders.cancel(order.getCustomerId(), order.getId()).await();

    assertThat(cancelled.getStatus()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(again.getStatus()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(shop.catalog.get(product.getId()).await().getStock().getOnHand()).as("units back on the shelf").isEqualTo(3);
    assertThat(shop.payments.get(order.getId()).await().getStatus()).isEqualTo(PaymentStatus.REFUNDED);
    assertThat(shop.shipping.get(order.getId()).await().getStatus()).isEqualTo(ShipmentStatus.CANCELLED);
  }

  @Test
  void anOrderOnItsWayCannotBeCancelled() {
    Order order = placed(newCustomer(), shop.product(1500, 3, 200), 1);
    shop.await(() -> shop.order(order.getCustomerId(), order.getId()).getStatus() != OrderStatus.CONFIRMED, "shipping");

    assertThat(failure(() -> shop.orders.cancel(order.getCustomerId(), order.getId()).await()).failureCode())
      .isEqualTo(ErrorCode.CONFLICT.code());
    assertThat(shop.payments.get(order.getId()).await().getStatus()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(failure(() -> shop.orders.cancel(newCustomer(), order.getId()).await()).failureCode())
      .as("someone else's order").isEqualTo(ErrorCode.NOT_FOUND.code());
  }

  @Test
  void anAdminRefundsADeliveredOrderInPartsAndThenWhole() {
    Order order = placed(newCustomer(), shop.product(1500, 3, 200), 2);
    assertThat(failure(() -> shop.orders.refund(order.getId(), "early", null).await()).failureCode())
      .as("not delivered yet").isEqualTo(ErrorCode.CONFLICT.code());
    shop.await(() -> shop.order(order.getCustomerId(), order.getId()).getStatus() == OrderStatus.DELIVERED, "delivery");

    Order partly = shop.orders.refund(order.getId(), "r1", new Money(500, "EUR")).await();
    Order repeated = shop.orders.refund(order.getId(), "r1", new Money(500, "EUR")).await();
    Order whole = shop.orders.refund(order.getId(), "r2", null).await();

    assertThat(partly.getStatus()).isEqualTo(OrderStatus.DELIVERED);
    assertThat(partly.getRefunded()).isEqualTo(new Money(500, "EUR"));
    assertThat(repeated.getRefunded()).as("the same refund twice refunds once").isEqualTo(new Money(500, "EUR"));
    assertThat(whole.getStatus()).isEqualTo(OrderStatus.REFUNDED);
    assertThat(whole.getRefunded()).isEqualTo(order.getTotal());
    assertThat(shop.payments.get(order.getId()).await().getStatus()).isEqualTo(PaymentStatus.REFUNDED);
  }

  private static Order placed(String customer, Product product, int quantity) {
    return shop.orders.place(customer, newKey(), "f", request(shop.paymentMethod(customer, "4242424242424242"), product, quantity))
      .await();
  }
}
