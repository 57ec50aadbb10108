package dev.bazaar.order;

import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.Stock;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.order.OrderTransition;
import dev.bazaar.contracts.payment.Payment;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static dev.bazaar.order.TestShop.newCustomer;
import static dev.bazaar.order.TestShop.newKey;
import static dev.bazaar.order.TestShop.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A card processor slower than the order service will wait: each authorize call times out, the checkout gives up and
 * undoes what it began while its authorizations are still with the processor, whose voids are as slow. The processor
 * approves the authorizations afterwards. Whoever ends the order, its own saga or, once the lease has run out, the
 * recovery, the ledger must end with the order FAILED, nothing authorized and the stock back.
 */
@ExtendWith(VertxExtension.class)
class SlowProcessorTest {

  private static final Duration PROCESSOR = Duration.ofMillis(2500);

  private static TestShop shop;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestShop.start(vertx, Duration.ofHours(1), PROCESSOR, Duration.ofMillis(300), Duration.ofSeconds(3));
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void aCheckoutThatGivesUpOnTheProcessorEndsFailedWithNothingAuthorizedAndTheStockBack(Vertx vertx) {
    Product product = shop.product(990, 3, 300);
    String customer = newCustomer();
    String method = shop.paymentMethod(customer, "4242424242424242");

    Throwable failed = catchThrowable(() -> shop.orders.place(customer, newKey(), "f", request(method, product, 2)).await());

    assertThat(failed).as("placing fails").isNotNull();
    String orderId = shop.orders.list(customer, 1, 10).await().getItems().get(0).getId();
    Order order = eventually(vertx, "the order ends", () -> shop.orders.get(customer, orderId).await(),
      ended -> !OrderStates.UNFINISHED.contains(ended.getStatus()));
    assertThat(order.getStatus()).isEqualTo(OrderStatus.FAILED);
    assertThat(order.getHistory()).extracting(OrderTransition::getStatus)
      .containsExactly(OrderStatus.PENDING, OrderStatus.STOCK_RESERVED, OrderStatus.PRICED, OrderStatus.FAILED);

    // The processor answers each call 2.5 s after it was made; once every answer is in, nothing may stay authorized.
    vertx.timer(PROCESSOR.multipliedBy(2).toMillis()).await();
    Payment payment = shop.payments.get(orderId).otherwiseEmpty().await();
    assertThat(payment == null ? "none" : payment.getStatus().name()).as("the order's payment").isIn("none", "VOIDED");
    Stock stock = shop.catalog.get(product.getId()).await().getStock();
    assertThat(stock.getOnHand()).isEqualTo(3);
    assertThat(stock.getReserved()).isZero();
  }

  private static <T> T eventually(Vertx vertx, String what, Supplier<T> read, Predicate<T> done) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      T value = read.get();
      if (done.test(value)) {
        return value;
      }
      vertx.timer(100).await();
    }
    throw new AssertionError(what + " within 30 s");
  }
}
