package dev.bazaar.order;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.Stock;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderRequest;
import dev.bazaar.contracts.order.OrderSearch;
import dev.bazaar.contracts.order.OrderStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.bazaar.order.CheckoutTest.failure;
import static dev.bazaar.order.TestShop.newCustomer;
import static dev.bazaar.order.TestShop.newKey;
import static dev.bazaar.order.TestShop.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Placing is idempotent by key, and no number of customers at once can buy more than there is. */
@ExtendWith(VertxExtension.class)
class IdempotencyAndOversellTest {

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
  void twentyConcurrentPlacementsWithOneKeyMakeOneOrderAndOneAuthorization() {
    Product product = shop.product(700, 50, 100);
    String customer = newCustomer();
    String key = newKey();
    OrderRequest request = request(shop.paymentMethod(customer, "4242424242424242"), product, 1);

    List<Future<Order>> racing = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      racing.add(shop.orders.place(customer, key, "same", request));
    }
    Future.join(racing).otherwiseEmpty().await();

    List<Order> placed = racing.stream().filter(Future::succeeded).map(Future::result).toList();
    assertThat(placed).isNotEmpty().allSatisfy(order -> assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED));
    assertThat(placed).extracting(Order::getId).containsOnly(placed.get(0).getId());
    racing.stream().filter(Future::failed).forEach(refused ->
      assertThat(((ServiceException) refused.cause()).failureCode()).as("still running").isEqualTo(ErrorCode.CONFLICT.code()));
    assertThat(shop.orders.list(customer, 1, 100).await().getTotal()).isEqualTo(1);
    assertThat(shop.count("SELECT count(*) FROM payment.payment WHERE order_id = '" + placed.get(0).getId() + "'")).isEqualTo(1);
    assertThat(shop.catalog.get(product.getId()).await().getStock().getOnHand()).isEqualTo(49);
  }

  @Test
  void aReplayAnswersExactlyWhatTheFirstAnsweredAndAnotherRequestUnderTheKeyIsRefused() {
    Product product = shop.product(700, 5, 100);
    String customer = newCustomer();
    String key = newKey();
    String method = shop.paymentMethod(customer, "4242424242424242");
    Order first = shop.orders.place(customer, key, "fingerprint-1", request(method, product, 2)).await();

    Order again = shop.orders.place(customer, key, "fingerprint-1", request(method, product, 2)).await();
    Order replayed = shop.orders.replay(customer, key, "fingerprint-1").await();

    assertThat(again.toJson()).isEqualTo(first.toJson());
    assertThat(replayed.toJson()).isEqualTo(first.toJson());
    assertThat(shop.catalog.get(product.getId()).await().getStock().getOnHand()).as("nothing done twice").isEqualTo(3);
    assertThat(failure(() -> shop.orders.place(customer, key, "fingerprint-2", request(method, product, 1)).await()).failureCode())
      .isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED.code());
    assertThat(failure(() -> shop.orders.replay(newCustomer(), key, "fingerprint-1").await()).failureCode())
      .as("keys belong to their customer").isEqualTo(ErrorCode.NOT_FOUND.code());
  }

  @Test
  void aFailureIsReplayedTooWithTheSameCodeAndMessage() {
    Product product = shop.product(700, 1, 100);
    String customer = newCustomer();
    String key = newKey();
    String method = shop.paymentMethod(customer, "4242424242424242");
    ServiceException first = failure(() -> shop.orders.place(customer, key, "f", request(method, product, 2)).await());

    shop.catalog.setStock(product.getId(), 10).await();
    ServiceException again = failure(() -> shop.orders.place(customer, key, "f", request(method, product, 2)).await());

    assertThat(again.failureCode()).isEqualTo(first.failureCode()).isEqualTo(ErrorCode.INSUFFICIENT_STOCK.code());
    assertThat(again.getMessage()).isEqualTo(first.getMessage());
    assertThat(shop.catalog.get(product.getId()).await().getStock().getReserved()).isZero();
  }

  @Test
  void aHundredOrdersForTenUnitsConfirmTenAndRejectNinety() {
    Product scarce = shop.product(1000, 10, 100);
    List<Future<Order>> rush = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String customer = newCustomer();
      rush.add(shop.orders.place(customer, newKey(), "f", request(shop.paymentMethod(customer, "4242424242424242"), scarce, 1)));
    }
    Future.join(rush).otherwiseEmpty().await();

    assertThat(rush.stream().filter(Future::succeeded)).hasSize(10);
    rush.stream().filter(Future::failed).forEach(refused ->
      assertThat(((ServiceException) refused.cause()).failureCode()).isEqualTo(ErrorCode.INSUFFICIENT_STOCK.code()));
    Stock stock = shop.catalog.get(scarce.getId()).await().getStock();
    assertThat(stock.getOnHand()).isZero();
    assertThat(stock.getReserved()).isZero();
    assertThat(shop.orders.search(new OrderSearch().setStatus(OrderStatus.REJECTED).setSize(100)).await().getItems())
      .filteredOn(order -> order.getLines().get(0).getProductId().equals(scarce.getId())).hasSize(90);
  }
}
