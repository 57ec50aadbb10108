package dev.bazaar.order;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.Stock;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.order.OrderTransition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static dev.bazaar.order.CheckoutTest.failure;
import static dev.bazaar.order.TestShop.newCustomer;
import static dev.bazaar.order.TestShop.newKey;
import static dev.bazaar.order.TestShop.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shipping is down while an order is placed: the checkout can neither price the parcel nor undo the shipment it may
 * have begun. Placing answers UPSTREAM_FAILED, saying the order will be finished, not a bare failure (which a client
 * would get as a 500); once shipping is back, recovery ends the order FAILED, with nothing charged and the stock back.
 * An undo that shipping interrupted is finished by recovery as it was decided, with the reason the customer is owed.
 */
@ExtendWith(VertxExtension.class)
class ShippingOutageTest {

  private static TestShop shop;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestShop.start(vertx, Duration.ofHours(1), Duration.ZERO, Duration.ofMillis(500), TestShop.LEASE);
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void anOrderPlacedWhileShippingIsDownIsAnsweredAsUnfinishedAndEndedOnceShippingIsBack(Vertx vertx) {
    Product product = shop.product(1490, 4, 300);
    String customer = newCustomer();
    String method = shop.paymentMethod(customer, "4242424242424242");
    String key = newKey();
    shop.stopShipping();

    ServiceException unfinished = failure(() -> shop.orders.place(customer, key, "f", request(method, product, 1)).await());

    assertThat(unfinished.failureCode()).isEqualTo(ErrorCode.UPSTREAM_FAILED.code());
    assertThat(unfinished.getMessage()).startsWith("The order could not be finished now; it will be.");
    String orderId = shop.orders.list(customer, 1, 10).await().getItems().get(0).getId();

    shop.startShipping(Duration.ofHours(1));
    Instant deadline = Instant.now().plusSeconds(30);
    Order order = shop.orders.get(customer, orderId).await();
    while (order.getStatus() != OrderStatus.FAILED && Instant.now().isBefore(deadline)) {
      vertx.timer(100).await();
      order = shop.orders.get(customer, orderId).await();
    }
    assertThat(order.getStatus()).as("the order, ended by recovery").isEqualTo(OrderStatus.FAILED);
    assertThat(order.getHistory()).extracting(OrderTransition::getStatus)
      .containsExactly(OrderStatus.PENDING, OrderStatus.STOCK_RESERVED, OrderStatus.FAILED);
    assertThat(failure(() -> shop.payments.get(orderId).await()).failureCode()).as("no payment was taken")
      .isEqualTo(ErrorCode.NOT_FOUND.code());
    Stock stock = shop.catalog.get(product.getId()).await().getStock();
    assertThat(stock.getOnHand()).isEqualTo(4);
    assertThat(stock.getReserved()).isZero();
  }

  /**
   * The card is declined, and shipping goes down before the shipment can be cancelled: the undo stops midway. The
   * recovery that finishes it ends the order PAYMENT_DECLINED, as was decided, and asking again tells the customer the
   * card was declined, not that placing was interrupted.
   */
  @Test
  void aDeclinedOrderWhoseUndoWasInterruptedEndsDeclinedForItsReason(Vertx vertx) {
    Product product = shop.product(1490, 4, 300);
    String customer = newCustomer();
    String method = shop.paymentMethod(customer, "4000000000000002");
    String key = newKey();
    shop.stopOrders();
    shop.startOrders(order -> order.getCustomerId().equals(customer) && order.getStatus() == OrderStatus.PRICED
      ? shop.stoppingShipping() : Future.succeededFuture());

    ServiceException unfinished = failure(() -> shop.orders.place(customer, key, "f", request(method, product, 1)).await());
    shop.startShipping(Duration.ofHours(1));
    shop.stopOrders();
    shop.startOrders(SagaFaults.NONE);

    assertThat(unfinished.failureCode()).isEqualTo(ErrorCode.UPSTREAM_FAILED.code());
    String orderId = shop.orders.list(customer, 1, 10).await().getItems().get(0).getId();
    shop.await(() -> !OrderStates.UNFINISHED.contains(shop.order(customer, orderId).getStatus()), "the order ending");
    Order order = shop.order(customer, orderId);
    assertThat(order.getStatus()).isEqualTo(OrderStatus.PAYMENT_DECLINED);
    assertThat(order.getReason()).contains("generic_decline");
    ServiceException replayed = failure(() -> shop.orders.replay(customer, key, "f").await());
    assertThat(replayed.failureCode()).isEqualTo(ErrorCode.PAYMENT_DECLINED.code());
    assertThat(replayed.getMessage()).isEqualTo(order.getReason());
    Stock stock = shop.catalog.get(product.getId()).await().getStock();
    assertThat(stock.getOnHand()).isEqualTo(4);
    assertThat(stock.getReserved()).isZero();
  }
}
