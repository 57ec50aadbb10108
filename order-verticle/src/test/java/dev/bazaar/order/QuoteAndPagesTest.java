package dev.bazaar.order;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.order.OrderItem;
import dev.bazaar.contracts.order.OrderQuote;
import dev.bazaar.contracts.order.OrderQuoteRequest;
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
import static org.assertj.core.api.Assertions.assertThat;

/** A quote prices lines from the catalog and the parcel from shipping, reserving nothing; pages of orders have limits. */
@ExtendWith(VertxExtension.class)
class QuoteAndPagesTest {

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
  void aQuoteIsEachLineAtTheCatalogsPricePlusTheParcelsShipping() {
    Product mug = shop.product(1250, 5, 400);
    Product lamp = shop.product(4990, 2, 1300);

    OrderQuote quote = shop.orders.quote(new OrderQuoteRequest().setCountry("FR").setLines(List.of(
      new OrderItem().setProductId(mug.getId()).setQuantity(3),
      new OrderItem().setProductId(lamp.getId()).setQuantity(2)))).await();

    long shipping = shop.shipping.quote("FR", 3 * 400 + 2 * 1300).await().getPrice().getValue();
    assertThat(quote.getWeightGrams()).isEqualTo(3 * 400 + 2 * 1300);
    assertThat(quote.getItemsSubtotal()).isEqualTo(new Money(3 * 1250 + 2 * 4990, "EUR"));
    assertThat(quote.getShipping()).isEqualTo(new Money(shipping, "EUR"));
    assertThat(quote.getTotal()).isEqualTo(new Money(3 * 1250 + 2 * 4990 + shipping, "EUR"));
    assertThat(quote.getLines()).extracting(line -> line.getLineTotal().getValue())
      .containsExactlyInAnyOrder(3 * 1250L, 2 * 4990L);
    assertThat(shop.catalog.get(mug.getId()).await().getStock().getReserved()).as("a quote reserves nothing").isZero();
  }

  @Test
  void aQuoteRefusesWhatCannotBeSold() {
    Product gone = shop.product(990, 5, 100);
    shop.catalog.deactivate(gone.getId()).await();
    OrderQuoteRequest forGone = new OrderQuoteRequest().setCountry("DE")
      .setLines(List.of(new OrderItem().setProductId(gone.getId()).setQuantity(1)));

    assertThat(failure(() -> shop.orders.quote(forGone).await()).failureCode()).isEqualTo(ErrorCode.CONFLICT.code());
    assertThat(failure(() -> shop.orders.quote(forGone.setCountry("XX")).await()).getMessage())
      .isEqualTo("There is no country XX.");
    assertThat(failure(() -> shop.orders.quote(new OrderQuoteRequest().setCountry("DE").setLines(List.of())).await())
      .failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code());
    assertThat(failure(() -> shop.orders.quote(null).await()).getMessage()).isEqualTo("A quote needs lines and a country.");
  }

  @Test
  void pagesRunFromOneToAMillionWithAtLeastOneOrderEach() {
    String customer = newCustomer();

    assertThat(shop.orders.list(customer, 1, 1).await().getItems()).isEmpty();
    assertThat(shop.orders.list(customer, 1_000_000, 1).await().getItems()).isEmpty();
    for (int[] bad : new int[][] {{0, 10}, {1_000_001, 10}, {1, 0}}) {
      assertThat(failure(() -> shop.orders.list(customer, bad[0], bad[1]).await()).failureCode())
        .as("page %d, size %d", bad[0], bad[1]).isEqualTo(ErrorCode.INVALID_INPUT.code());
    }
  }
}
