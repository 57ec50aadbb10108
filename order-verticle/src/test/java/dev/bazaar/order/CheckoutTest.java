package dev.bazaar.order;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.Stock;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.order.OrderTransition;
import dev.bazaar.contracts.payment.Payment;
import dev.bazaar.contracts.payment.PaymentStatus;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static dev.bazaar.order.TestShop.newCustomer;
import static dev.bazaar.order.TestShop.newKey;
import static dev.bazaar.order.TestShop.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The checkout saga through the order service's proxy, against the real catalog, payment and shipping services. */
@ExtendWith(VertxExtension.class)
class CheckoutTest {

  private static TestShop shop;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestShop.start(vertx, Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void anOrderIsReservedPricedPaidShippedAndConfirmed() {
    Product product = shop.product(1250, 5, 400);
    String customer = newCustomer();
    String method = shop.paymentMethod(customer, "4242424242424242");

    Order order = shop.orders.place(customer, newKey(), "f", request(method, product, 3)).await();

    long shipping = shop.shipping.quote("DE", 1200).await().getPrice().getValue();
    assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(order.getLines().get(0).getName()).as("the name the catalog held it under").isEqualTo("Orderable");
    assertThat(order.getLines().get(0).getUnitPrice()).isEqualTo(new Money(1250, "EUR"));
    assertThat(order.getLines().get(0).getLineTotal()).isEqualTo(new Money(3750, "EUR"));
    assertThat(order.getItemsSubtotal()).isEqualTo(new Money(3750, "EUR"));
    assertThat(order.getShipping()).isEqualTo(new Money(shipping, "EUR"));
    assertThat(order.getTotal()).isEqualTo(new Money(3750 + shipping, "EUR"));
    assertThat(order.getPayment().getBrand()).isEqualTo("visa");
    assertThat(order.getPayment().getLast4()).isEqualTo("4242");
    assertThat(order.getTrackingNumber()).isNotBlank();
    assertThat(order.getHistory()).extracting(OrderTransition::getStatus).containsExactly(OrderStatus.PENDING,
      OrderStatus.STOCK_RESERVED, OrderStatus.PRICED, OrderStatus.PAYMENT_AUTHORIZED, OrderStatus.SHIPMENT_CREATED,
      OrderStatus.CONFIRMED);

    assertStock(product, 2, 0);
    Payment payment = shop.payments.get(order.getId()).await();
    assertThat(payment.getStatus()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(payment.getCaptured()).isEqualTo(order.getTotal());
    assertThat(shop.shipping.get(order.getId()).await().getTrackingNumber()).isEqualTo(order.getTrackingNumber());
  }

  @Test
  void anOrderForMoreThanIsInStockIsRejectedAndNamesTheProduct() {
    Product product = shop.product(500, 2, 100);
    String customer = newCustomer();
    String key = newKey();

    ServiceException refused = failure(() -> shop.orders.place(customer, key, "f",
      request(shop.paymentMethod(customer, "4242424242424242"), product, 3)).await());

    assertThat(refused.failureCode()).isEqualTo(ErrorCode.INSUFFICIENT_STOCK.code());
    assertThat(refused.getMessage()).contains(product.getId());
    assertStock(product, 2, 0);
    assertThat(endedOrder(customer, key).getStatus()).isEqualTo(OrderStatus.REJECTED);
    assertThat(shop.count("SELECT count(*) FROM payment.payment")).as("no payment at all").isZero();
  }

  @Test
  void aDeclinedCardReleasesTheStockAndSaysWhy() {
    Map<String, String> declines = Map.of(
      "4000000000000002", "generic_decline",
      "4000000000009995", "insufficient_funds",
      "4000000000009979", "stolen_card");
    declines.forEach((card, reason) -> {
      Product product = shop.product(800, 4, 100);
      String customer = newCustomer();
      String key = newKey();

      ServiceException declined = failure(() -> shop.orders.place(customer, key, "f",
        request(shop.paymentMethod(customer, card), product, 2)).await());

      assertThat(declined.failureCode()).as(card).isEqualTo(ErrorCode.PAYMENT_DECLINED.code());
      assertThat(declined.getMessage()).contains(reason);
      assertStock(product, 4, 0);
      Order order = endedOrder(customer, key);
      assertThat(order.getStatus()).isEqualTo(OrderStatus.PAYMENT_DECLINED);
      assertThat(order.getReason()).contains(reason);
      assertThat(shop.payments.get(order.getId()).await().getCaptured().getValue()).isZero();
    });
  }

  @Test
  void afterTooManyDeclinesAnOrderIsRefused429WithWhenToComeBackAndNothingStaysReserved() {
    Product product = shop.product(800, 10, 100);
    String tester = newCustomer();
    String saved = shop.paymentMethod(tester, "4242424242424242");
    String stolen = shop.paymentMethod(tester, "4000000000000002");
    for (int i = 0; i < 5; i++) {
      assertThat(failure(() -> shop.orders.place(tester, newKey(), "f", request(stolen, product, 1)).await()).failureCode())
        .isEqualTo(ErrorCode.PAYMENT_DECLINED.code());
    }
    String key = newKey();

    ServiceException refused = failure(() -> shop.orders.place(tester, key, "f", request(saved, product, 1)).await());

    assertThat(refused.failureCode()).isEqualTo(ErrorCode.TOO_MANY_DECLINES.code());
    assertThat(refused.getDebugInfo().getInteger(ErrorCode.RETRY_AFTER_SECONDS)).isPositive();
    assertStock(product, 10, 0);
    assertThat(endedOrder(tester, key).getStatus()).isEqualTo(OrderStatus.REJECTED);
    String someoneElse = newCustomer();
    assertThat(shop.orders.place(someoneElse, newKey(), "f",
      request(shop.paymentMethod(someoneElse, "4242424242424242"), product, 1)).await().getStatus())
      .isEqualTo(OrderStatus.CONFIRMED);
  }

  @Test
  void aProcessorErrorFailsTheOrderAndReleasesTheStock() {
    Product product = shop.product(800, 4, 100);
    String customer = newCustomer();
    String key = newKey();

    ServiceException failed = failure(() -> shop.orders.place(customer, key, "f",
      request(shop.paymentMethod(customer, "4000000000000119"), product, 1)).await());

    assertThat(failed.failureCode()).isEqualTo(ErrorCode.UPSTREAM_FAILED.code());
    assertStock(product, 4, 0);
    Order order = endedOrder(customer, key);
    assertThat(order.getStatus()).isEqualTo(OrderStatus.FAILED);
    assertThat(order.getReason()).contains("processor_error");
  }

  @Test
  void aParcelTooHeavyToShipIsRejectedAndTheStockReleased() {
    Product anvil = shop.product(9900, 3, 20_000);
    String customer = newCustomer();
    String key = newKey();

    ServiceException refused = failure(() -> shop.orders.place(customer, key, "f",
      request(shop.paymentMethod(customer, "4242424242424242"), anvil, 2)).await());

    assertThat(refused.failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code());
    assertStock(anvil, 3, 0);
    assertThat(endedOrder(customer, key).getStatus()).isEqualTo(OrderStatus.REJECTED);
  }

  @Test
  void anotherCustomersPaymentMethodIsUnknownAndNothingIsReserved() {
    Product product = shop.product(800, 4, 100);
    String bobs = shop.paymentMethod(newCustomer(), "4242424242424242");
    String customer = newCustomer();

    ServiceException refused = failure(() -> shop.orders.place(customer, newKey(), "f", request(bobs, product, 1)).await());

    assertThat(refused.failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code());
    assertThat(refused.getMessage()).contains("There is no payment method");
    assertStock(product, 4, 0);
    assertThat(shop.orders.list(customer, 1, 10).await().getTotal()).as("no order was opened").isZero();
  }

  /**
   * The steps between opening and ending are stored by the services that take them; the order keeps them in memory
   * and writes them into its history in the transaction that ends it. So an order's rows were written by exactly two
   * transactions, whose ids PostgreSQL keeps in each row's xmin.
   */
  @Test
  void placingStoresTheOrderTwiceOpenedAndEnded() {
    Product product = shop.product(900, 5, 100);
    String customer = newCustomer();

    Order order = shop.orders.place(customer, newKey(), "f", request(shop.paymentMethod(customer, "4242424242424242"), product, 1)).await();

    assertThat(order.getHistory()).hasSize(6);
    assertThat(shop.count("SELECT count(DISTINCT xmin::text) FROM orders.order_history WHERE order_id = '" + order.getId() + "'"))
      .as("transactions that wrote the history").isEqualTo(2);
    assertThat(shop.count("SELECT count(*) FROM orders.customer_order o WHERE id = '" + order.getId() + "' AND xmin::text ="
      + " (SELECT xmin::text FROM orders.order_history WHERE order_id = o.id AND status = 'CONFIRMED')"))
      .as("the order ended in the transaction that wrote its steps").isEqualTo(1);
    assertThat(shop.order(customer, order.getId()).toJson()).as("the stored order reads as the one placing answered")
      .isEqualTo(order.toJson());
  }

  /** The stock is reserved while the order opens; when the key turns out used before, that reservation is released. */
  @Test
  void aKeyUsedBeforeReleasesTheStockReservedBesideIt() {
    Product product = shop.product(900, 5, 100);
    String customer = newCustomer();
    String key = newKey();
    String method = shop.paymentMethod(customer, "4242424242424242");
    Order first = shop.orders.place(customer, key, "f", request(method, product, 2)).await();
    String released = "SELECT count(*) FROM catalog.reservation r WHERE status = 'RELEASED'"
      + " AND NOT EXISTS (SELECT 1 FROM orders.customer_order o WHERE o.id::text = r.order_id::text)";
    long releasedBefore = shop.count(released);

    Order again = shop.orders.place(customer, key, "f", request(method, product, 2)).await();

    assertThat(again.toJson()).isEqualTo(first.toJson());
    assertStock(product, 3, 0);
    assertThat(shop.count(released)).as("the reservation of the order that never opened").isEqualTo(releasedBefore + 1);
    assertThat(shop.orders.list(customer, 1, 10).await().getTotal()).isEqualTo(1);
  }

  @Test
  void anotherCustomersOrderIsNotFound() {
    Product product = shop.product(800, 4, 100);
    String alice = newCustomer();
    Order order = shop.orders.place(alice, newKey(), "f", request(shop.paymentMethod(alice, "4242424242424242"), product, 1)).await();

    ServiceException notYours = failure(() -> shop.orders.get(newCustomer(), order.getId()).await());

    assertThat(notYours.failureCode()).isEqualTo(ErrorCode.NOT_FOUND.code());
    assertThat(shop.orders.get(alice, order.getId()).await().getId()).isEqualTo(order.getId());
  }

  private static Order endedOrder(String customer, String key) {
    String orderId = shop.orders.list(customer, 1, 10).await().getItems().get(0).getId();
    return shop.order(customer, orderId);
  }

  private static void assertStock(Product product, int onHand, int reserved) {
    Stock stock = shop.catalog.get(product.getId()).await().getStock();
    assertThat(stock.getOnHand()).as("on hand").isEqualTo(onHand);
    assertThat(stock.getReserved()).as("reserved").isEqualTo(reserved);
  }

  static ServiceException failure(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(ServiceException.class);
    return (ServiceException) thrown;
  }
}
