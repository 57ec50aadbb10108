package dev.bazaar.order;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.ProductDraft;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderItem;
import dev.bazaar.contracts.order.OrderQuote;
import dev.bazaar.contracts.order.OrderQuoteRequest;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.payment.Payment;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static dev.bazaar.order.CheckoutTest.failure;
import static dev.bazaar.order.TestShop.newCustomer;
import static dev.bazaar.order.TestShop.newKey;
import static dev.bazaar.order.TestShop.request;
import static org.assertj.core.api.Assertions.assertThat;

/** A shop whose services were all configured to sell in GBP: it sells GBP products, and quotes, charges and ships in GBP. */
@ExtendWith(VertxExtension.class)
class SellingInPoundsTest {

  private static TestShop shop;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestShop.start(vertx, Duration.ofHours(1), "GBP");
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void aGbpProductIsQuotedOrderedAndPaidForInGbp() {
    Product tea = shop.product(1250, 5, 400);
    String customer = newCustomer();
    String method = shop.paymentMethod(customer, "4242424242424242");

    OrderQuote quote = shop.orders.quote(new OrderQuoteRequest().setCountry("DE")
      .setLines(List.of(new OrderItem().setProductId(tea.getId()).setQuantity(2)))).await();
    Order order = shop.orders.place(customer, newKey(), "f", request(method, tea, 2)).await();
    Payment payment = shop.payments.get(order.getId()).await();

    Money shipping = shop.shipping.quote("DE", 800).await().getPrice();
    assertThat(tea.getPrice()).isEqualTo(new Money(1250, "GBP"));
    assertThat(shipping.getCurrency()).as("the rate table's amounts are in the selling currency").isEqualTo("GBP");
    assertThat(quote.getTotal()).isEqualTo(new Money(2500 + shipping.getValue(), "GBP"));
    assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(order.getLines().get(0).getUnitPrice()).isEqualTo(new Money(1250, "GBP"));
    assertThat(order.getItemsSubtotal()).isEqualTo(new Money(2500, "GBP"));
    assertThat(order.getShipping()).isEqualTo(shipping);
    assertThat(order.getTotal()).isEqualTo(quote.getTotal());
    assertThat(payment.getAmount()).isEqualTo(order.getTotal());
    assertThat(payment.getCaptured()).isEqualTo(order.getTotal());
  }

  @Test
  void aProductInEurIsRefusedByAShopSellingInGbp() {
    ProductDraft euros = new ProductDraft().setSku("EUR-" + newKey()).setName("Euro tea").setCategory("tea")
      .setPrice(new Money(1250, "EUR"));

    assertThat(failure(() -> shop.catalog.create(euros).await()))
      .satisfies(refused -> assertThat(refused.failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code()))
      .hasMessage("This shop sells in GBP; the price is in EUR.");
  }
}
