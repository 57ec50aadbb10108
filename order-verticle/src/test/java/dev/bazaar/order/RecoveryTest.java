package dev.bazaar.order;

import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.Stock;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * or released; a shipment exists only for a confirmed order. And however a saga still running and a recovery that took
 * it over interleave, the order ends once, its ledger agrees with how it ended, and the customer is told nothing that
 * contradicts it.
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
    assertEndedWithItsLedger(customer, orderId, product, stoppedAt == OrderStatus.SHIPMENT_CREATED);
  }

  /**
   * A saga that stalls past its lease (a slow step under load, a pause of its process) is taken over by recovery
   * while it still runs. The two drivers are lined up by hand, so the race happens on every run whatever the
   * machine's load: the stalled one goes on as far as it can while recovery waits, then recovery goes on.
   */
  @Test
  void aSagaTakenOverWhileStalledCanNeitherConfirmWhatRecoveryUndoesNorSellItsStockTwice() {
    Product product = shop.product(2000, 5, 300);
    String customer = newCustomer();
    String key = newKey();
    Promise<String> stalled = Promise.promise();
    Promise<Void> wakeUp = Promise.promise();
    Promise<Void> takenOver = Promise.promise();
    Promise<Void> recover = Promise.promise();
    shop.stopOrders();
    shop.startOrders(new SagaFaults() {
      @Override
      public Future<Void> after(Order order) {
        // The live saga stalls once its payment is authorized, for longer than its lease.
        return order.getCustomerId().equals(customer) && order.getStatus() == OrderStatus.PAYMENT_AUTHORIZED
          && stalled.tryComplete(order.getId()) ? wakeUp.future() : Future.succeededFuture();
      }

      @Override
      public Future<Void> takenOver(Order order) {
        // Recovery, having taken the order over, waits until the stalled saga has gone on as far as it can.
        return order.getCustomerId().equals(customer) && takenOver.tryComplete() ? recover.future() : Future.succeededFuture();
      }
    });

    Future<Order> placing = shop.orders.place(customer, key, "f", request(shop.paymentMethod(customer, "4242424242424242"), product, 2));
    String orderId = stalled.future().await();
    takenOver.future().await();
    wakeUp.complete();
    placing.otherwiseEmpty().await();
    recover.complete();
    shop.await(() -> shop.count("SELECT count(*) FROM catalog.reservation WHERE order_id = '" + orderId
        + "' AND status IN ('RELEASED', 'RETURNED')") == 1 && !OrderStates.UNFINISHED.contains(shop.order(customer, orderId).getStatus()),
      "the recovery undoing what the order had begun");

    Order ended = shop.order(customer, orderId);
    assertEndedWithItsLedger(customer, orderId, product, ended.getStatus() == OrderStatus.CONFIRMED);
    if (placing.succeeded()) {
      assertThat(placing.result().getStatus()).as("the customer was told it is confirmed").isEqualTo(ended.getStatus());
    } else {
      assertThat(ended.getStatus()).as("a customer not told it is confirmed has an order that is not").isNotEqualTo(OrderStatus.CONFIRMED);
    }
    Future<Order> replayed = shop.orders.replay(customer, key, "f");
    replayed.otherwiseEmpty().await();
    assertThat(replayed.succeeded()).as("asking again tells how it ended").isEqualTo(ended.getStatus() == OrderStatus.CONFIRMED);
    if (replayed.failed()) {
      assertThat(((ServiceException) replayed.cause()).getMessage()).isEqualTo(ended.getReason());
    }
  }

  /**
   * The order ended CONFIRMED, with its 2 of the product's 5 units sold, its payment captured and one shipment, if
   * {@code confirmed}; FAILED otherwise, with the stock back, no payment or a void one, and no shipment.
   */
  private static void assertEndedWithItsLedger(String customer, String orderId, Product product, boolean confirmed) {
    Order ended = shop.order(customer, orderId);
    Stock stock = shop.catalog.get(product.getId()).await().getStock();
    String payment = shop.count("SELECT count(*) FROM payment.payment WHERE order_id = '" + orderId + "'") == 0 ? "none"
      : shop.payments.get(orderId).await().getStatus().name();
    long liveShipments = shop.count("SELECT count(*) FROM shipping.shipment WHERE order_id = '" + orderId
      + "' AND status <> 'CANCELLED'");

    assertThat(stock.getReserved()).as("nothing left reserved").isZero();
    if (confirmed) {
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
