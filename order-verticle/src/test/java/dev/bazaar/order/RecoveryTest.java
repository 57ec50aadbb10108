package dev.bazaar.order;

import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.Stock;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Set;

import static dev.bazaar.order.TestShop.newCustomer;
import static dev.bazaar.order.TestShop.newKey;
import static dev.bazaar.order.TestShop.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order service stopped between two steps of a saga, as a crash would stop it, and another started: every order
 * ends final, and the ledger agrees with it. What is authorized is captured or voided; what is reserved is committed
 * or released; a shipment exists only for a confirmed order.
 */
@ExtendWith(VertxExtension.class)
class RecoveryTest {

  private static TestShop shop;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestShop.start(vertx, Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @ParameterizedTest
  @EnumSource(value = OrderStatus.class, names = {"PENDING", "STOCK_RESERVED", "PRICED", "PAYMENT_AUTHORIZED", "SHIPMENT_CREATED"})
  void anOrderStoppedAfterAnyStepEndsFinalWithAConsistentLedger(OrderStatus stoppedAt) {
    Product product = shop.product(2000, 5, 300);
    String customer = newCustomer();
    Promise<String> stopped = Promise.promise();
    Promise<Void> crash = Promise.promise();
    shop.stopOrders();
    shop.startOrders(order -> {
      if (order.getStatus() == stoppedAt && order.getCustomerId().equals(customer)) {
        stopped.tryComplete(order.getId());
        return crash.future(); // the saga never goes on, as if the process had died here
      }
      return Future.succeededFuture();
    });

    shop.orders.place(customer, newKey(), "f", request(shop.paymentMethod(customer, "4242424242424242"), product, 2));
    String orderId = stopped.future().await();
    // The process dies: the saga ends where it stood, and its instance, which waits for the calls it took, stops.
    crash.fail("the process died here");
    shop.stopOrders();
    shop.startOrders(SagaFaults.NONE);

    shop.await(() -> !Set.of(OrderStatus.PENDING, OrderStatus.STOCK_RESERVED, OrderStatus.PRICED,
      OrderStatus.PAYMENT_AUTHORIZED, OrderStatus.SHIPMENT_CREATED).contains(shop.order(customer, orderId).getStatus()),
      "the order ending");
    Order ended = shop.order(customer, orderId);
    Stock stock = shop.catalog.get(product.getId()).await().getStock();
    String payment = shop.count("SELECT count(*) FROM payment.payment WHERE order_id = '" + orderId + "'") == 0 ? "none"
      : shop.payments.get(orderId).await().getStatus().name();
    long liveShipments = shop.count("SELECT count(*) FROM shipping.shipment WHERE order_id = '" + orderId
      + "' AND status <> 'CANCELLED'");

    assertThat(stock.getReserved()).as("nothing left reserved").isZero();
    if (stoppedAt == OrderStatus.SHIPMENT_CREATED) {
      assertThat(ended.getStatus()).as("every step confirming needs had succeeded").isEqualTo(OrderStatus.CONFIRMED);
      assertThat(stock.getOnHand()).isEqualTo(3);
      assertThat(payment).isEqualTo("CAPTURED");
      assertThat(liveShipments).isEqualTo(1);
    } else {
      assertThat(ended.getStatus()).isEqualTo(OrderStatus.FAILED);
      assertThat(ended.getReason()).contains("interrupted");
      assertThat(stock.getOnHand()).as("the stock is back").isEqualTo(5);
      assertThat(payment).isIn("none", "VOIDED");
      assertThat(liveShipments).isZero();
    }
  }
}
