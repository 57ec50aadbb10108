package dev.bazaar.order;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderItem;
import dev.bazaar.contracts.order.OrderLine;
import dev.bazaar.contracts.order.OrderQuote;
import dev.bazaar.contracts.order.OrderQuoteRequest;
import dev.bazaar.contracts.order.OrderRequest;
import dev.bazaar.contracts.order.OrderStatus;
import io.vertx.core.Vertx;
import io.vertx.serviceproxy.ServiceException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.bazaar.order.TestShop.address;
import static dev.bazaar.order.TestShop.newCustomer;
import static dev.bazaar.order.TestShop.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 19: whatever the basket, a quote's and an order's total is the sum of its lines, each at the catalog's price in
 * the currency the shop sells in, plus shipping in that currency; and a basket holding a product priced in another
 * currency (a GBP row the catalog's own checks would refuse today) is refused, never relabelled and summed. Runs
 * against the real order, catalog, payment and shipping services of a {@link TestShop}.
 */
class BasketTotalsTest {

  /** Prices and weights of the products a basket picks from; the last one is the product stored in GBP. */
  private static final long[][] PRICES_AND_GRAMS = {{1250, 400}, {4990, 1300}, {99, 50}, {32900, 5200}, {1, 10},
    {15000, 2500}, {10000, 700}};
  private static final int POUNDS = PRICES_AND_GRAMS.length - 1;

  private static Vertx vertx;
  private static TestShop shop;
  private static final List<Product> products = new ArrayList<>();
  private static String customer;
  private static String paymentMethod;

  @BeforeContainer
  static void start() {
    vertx = Vertx.vertx();
    shop = TestShop.start(vertx, Duration.ofHours(1));
    for (long[] priceAndGrams : PRICES_AND_GRAMS) {
      products.add(shop.product(priceAndGrams[0], 100_000, (int) priceAndGrams[1]));
    }
    shop.execute("UPDATE catalog.product SET price_currency = 'GBP' WHERE id = '" + products.get(POUNDS).getId() + "'");
    products.set(POUNDS, shop.catalog.get(products.get(POUNDS).getId()).await());
    customer = newCustomer();
    paymentMethod = shop.paymentMethod(customer, "4242424242424242");
  }

  @AfterContainer
  static void stop() {
    shop.close();
    vertx.close().await();
  }

  @Property(tries = 30)
  void everyTotalIsItsLinesInTheSellingCurrencyPlusShippingInIt(@ForAll("baskets") Map<Integer, Integer> basket,
                                                                 @ForAll("countries") String country) {
    List<OrderItem> items = basket.entrySet().stream()
      .map(pick -> new OrderItem().setProductId(products.get(pick.getKey()).getId()).setQuantity(pick.getValue()))
      .toList();
    OrderQuoteRequest quoteRequest = new OrderQuoteRequest().setCountry(country).setLines(items);
    OrderRequest orderRequest = new OrderRequest().setLines(items).setPaymentMethodId(paymentMethod)
      .setShippingAddress(address().setCountry(country));

    if (basket.containsKey(POUNDS)) {
      assertRefusedAsPricedInPounds(() -> shop.orders.quote(quoteRequest).await());
      assertRefusedAsPricedInPounds(() -> shop.orders.place(customer, newKey(), "f", orderRequest).await());
      assertThat(items).allSatisfy(item -> assertThat(shop.catalog.get(item.getProductId()).await().getStock().getReserved())
        .as("stock held for the refused order").isZero());
      return;
    }
    OrderQuote quote = shop.orders.quote(quoteRequest).await();
    assertAddsUp(quote.getLines(), quote.getItemsSubtotal(), quote.getShipping(), quote.getTotal());
    Money shipping = shop.shipping.quote(country, quote.getWeightGrams()).await().getPrice();
    assertThat(quote.getShipping()).isEqualTo(shipping);

    Order order = shop.orders.place(customer, newKey(), "f", orderRequest).await();
    assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
    assertAddsUp(order.getLines(), order.getItemsSubtotal(), order.getShipping(), order.getTotal());
    assertThat(order.getTotal()).as("the order costs what it was quoted").isEqualTo(quote.getTotal());
    assertThat(shop.payments.get(order.getId()).await().getCaptured()).as("what was paid").isEqualTo(order.getTotal());
  }

  /** Each line at its product's catalog price, and the totals its sum plus shipping, all in EUR. */
  private static void assertAddsUp(List<OrderLine> lines, Money subtotal, Money shipping, Money total) {
    Money sum = new Money(0, "EUR");
    for (OrderLine line : lines) {
      Product product = products.stream().filter(p -> p.getId().equals(line.getProductId())).findFirst().orElseThrow();
      assertThat(line.getUnitPrice()).as("the catalog's price of %s", product.getId()).isEqualTo(product.getPrice());
      assertThat(line.getLineTotal()).isEqualTo(new Money(product.getPrice().getValue() * line.getQuantity(), "EUR"));
      sum = new Money(sum.getValue() + line.getLineTotal().getValue(), "EUR");
    }
    assertThat(subtotal).isEqualTo(sum);
    assertThat(shipping.getCurrency()).isEqualTo("EUR");
    assertThat(total).isEqualTo(new Money(sum.getValue() + shipping.getValue(), "EUR"));
  }

  private static void assertRefusedAsPricedInPounds(Supplier<?> call) {
    Throwable refused = catchThrowable(call::get);
    assertThat(refused).isInstanceOf(ServiceException.class);
    assertThat(((ServiceException) refused).failureCode()).isEqualTo(ErrorCode.CONFLICT.code());
    assertThat(refused).hasMessage("Product " + products.get(POUNDS).getId() + " is priced in GBP, and this shop sells in"
      + " EUR only; it cannot be ordered.");
  }

  /** One to four distinct products, one to three of each. */
  @Provide
  Arbitrary<Map<Integer, Integer>> baskets() {
    return Arbitraries.maps(Arbitraries.integers().between(0, PRICES_AND_GRAMS.length - 1),
      Arbitraries.integers().between(1, 3)).ofMinSize(1).ofMaxSize(4);
  }

  /** Domestic, the EU and the rest of the world, so that every zone's rate is summed. */
  @Provide
  Arbitrary<String> countries() {
    return Arbitraries.of("DE", "FR", "US");
  }
}
