package dev.bazaar.launcher;

import dev.bazaar.client.ApiClient;
import dev.bazaar.client.ApiException;
import dev.bazaar.client.api.CatalogApi;
import dev.bazaar.client.api.OrdersApi;
import dev.bazaar.client.model.Card;
import dev.bazaar.client.model.Money;
import dev.bazaar.client.model.Order;
import dev.bazaar.client.model.OrderLineRequest;
import dev.bazaar.client.model.OrderPaymentRequest;
import dev.bazaar.client.model.OrderPaymentRequestOneOf1;
import dev.bazaar.client.model.OrderQuote;
import dev.bazaar.client.model.OrderQuoteRequest;
import dev.bazaar.client.model.OrderRequest;
import dev.bazaar.client.model.OrderStatus;
import dev.bazaar.client.model.Product;
import dev.bazaar.client.model.ProductDraft;
import dev.bazaar.client.model.ProductPage;
import dev.bazaar.client.model.ShippingAddress;
import dev.bazaar.client.model.StockUpdate;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.Year;
import java.util.List;
import java.util.UUID;

import static dev.bazaar.launcher.ShopProcess.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The Java client that openapi-generator makes from the served contract, unchanged, drives the running shop: the
 * build generates it (see the launcher pom), and this test shops with it as a client's developer would. A contract that
 * drifts from the server breaks it here, in (de)serialisation or in a status the client does not expect.
 */
class GeneratedClientIT {

  @TempDir
  static Path workDir;

  private static ShopProcess shop;
  private static CatalogApi anonymous;
  private static CatalogApi admin;
  private static OrdersApi alice;
  private static CatalogApi aliceInTheCatalog;
  private static OrdersApi bob;

  @BeforeAll
  static void start() throws Exception {
    int port = freePort();
    shop = ShopProcess.start(workDir, "--http-port=" + port, "--rate-limit=0");
    shop.awaitReady(port);
    anonymous = new CatalogApi(client(port, null));
    admin = new CatalogApi(client(port, token("root", "admin")));
    ApiClient aliceClient = client(port, token("alice", "customer"));
    alice = new OrdersApi(aliceClient);
    aliceInTheCatalog = new CatalogApi(aliceClient);
    bob = new OrdersApi(client(port, token("bob", "customer")));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    assertThat(shop.terminate()).isZero();
  }

  @Test
  void searchesTheSeededCatalog() throws Exception {
    ProductPage beans = anonymous.listProducts("beans", "coffee", 1000L, 5000L, "-price", 1, 10);

    assertThat(beans.getTotal()).isPositive();
    assertThat(beans.getItems()).allSatisfy(product -> {
      assertThat(product.getCategory()).isEqualTo("coffee");
      assertThat(product.getPrice().getValue()).isBetween(1000L, 5000L);
    });
    Product first = beans.getItems().get(0);
    assertThat(anonymous.getProduct(first.getId())).isEqualTo(first);
  }

  @Test
  void placesTracksAndCancelsAnOrderWithACard() throws Exception {
    Product mug = stocked("Generated-client mug", 1490, 5);
    OrderLineRequest twoMugs = new OrderLineRequest().productId(mug.getId()).quantity(2);

    OrderQuote quote = alice.quoteOrder(new OrderQuoteRequest().lines(List.of(twoMugs)).country("DE"));
    assertThat(quote.getItemsSubtotal().getValue()).isEqualTo(2 * 1490);
    assertThat(quote.getTotal().getValue())
      .isEqualTo(quote.getItemsSubtotal().getValue() + quote.getShipping().getValue());

    String key = UUID.randomUUID().toString();
    Order placed = alice.createOrder(key, order(twoMugs, "4242424242424242"));
    assertThat(placed.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(placed.getTotal()).isEqualTo(quote.getTotal());
    assertThat(placed.getPayment().getLast4()).isEqualTo("4242");
    assertThat(alice.createOrder(key, order(twoMugs, "4242424242424242")).getId())
      .as("a replay of the key answers the same order").isEqualTo(placed.getId());
    assertAvailableSoon(mug, 3);

    Order read = alice.getOrder(placed.getId());
    assertThat(read.getHistory()).extracting(transition -> transition.getStatus()).contains(OrderStatus.CONFIRMED);
    assertThat(alice.getOrderShipment(placed.getId()).getTrackingNumber()).isEqualTo(placed.getTrackingNumber());
    assertThat(alice.listOrders(1, 50).getItems()).extracting(Order::getId).contains(placed.getId());
    assertThat(status(() -> bob.getOrder(placed.getId()))).as("another customer's order").isEqualTo(404);

    assertThat(alice.cancelOrder(placed.getId()).getStatus()).isEqualTo(OrderStatus.CANCELLED);
    assertAvailableSoon(mug, 5);
  }

  @Test
  void problemsReachTheClientAsApiExceptionsWithTheirStatus() throws Exception {
    Product lamp = stocked("Generated-client lamp", 2990, 1);
    OrderLineRequest oneLamp = new OrderLineRequest().productId(lamp.getId()).quantity(1);

    ApiException declined = catchThrowableOfType(ApiException.class,
      () -> alice.createOrder(UUID.randomUUID().toString(), order(oneLamp, "4000000000000002")));
    assertThat(declined.getCode()).isEqualTo(402);
    assertThat(declined.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(declined.getResponseBody()).getInteger("status")).isEqualTo(402);
    assertAvailableSoon(lamp, 1);

    assertThat(status(() -> anonymous.getProduct(UUID.randomUUID()))).isEqualTo(404);
    assertThat(status(() -> aliceInTheCatalog.setStock(lamp.getId(), new StockUpdate().onHand(9))))
      .as("a customer may not set stock").isEqualTo(403);
  }

  /**
   * Public product reads are cached per web verticle and dropped by the catalog's events, which the outbox relay
   * publishes just after the change commits: a read right after an order may still see the stock before it. The
   * cache promises a change shows within its time to live (1 s by default), so wait that long, and a little more.
   */
  private static void assertAvailableSoon(Product product, int available) throws Exception {
    Instant deadline = Instant.now().plusSeconds(5);
    Integer seen;
    while (!Integer.valueOf(available).equals(seen = anonymous.getProduct(product.getId()).getStock().getAvailable())) {
      assertThat(Instant.now()).as("%s available: %d, still %d", product.getName(), available, seen).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static Product stocked(String name, long cents, int onHand) throws ApiException {
    Product created = admin.createProduct(new ProductDraft().sku("GEN-" + UUID.randomUUID()).name(name).category("it")
      .price(new Money().value(cents).currency(Money.CurrencyEnum.EUR)).weightGrams(350));
    return admin.setStock(created.getId(), new StockUpdate().onHand(onHand));
  }

  private static OrderRequest order(OrderLineRequest line, String cardNumber) {
    Card card = new Card().number(cardNumber).expMonth(12).expYear(Year.now().getValue() + 2).cvc("123");
    return new OrderRequest().lines(List.of(line))
      .shippingAddress(new ShippingAddress().name("Ada Lovelace").line1("12 St James's Square").city("Berlin")
        .postalCode("10117").country("DE"))
      .payment(new OrderPaymentRequest(new OrderPaymentRequestOneOf1().card(card)));
  }

  private static ApiClient client(int port, String token) {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://localhost:" + port);
    if (token != null) {
      client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    }
    return client;
  }

  private static String token(String subject, String role) throws Exception {
    return ShopProcess.runToCompletion(workDir, "token", "--sub", subject, "--role", role);
  }

  private interface Call {
    void run() throws ApiException;
  }

  private static int status(Call call) {
    ApiException refused = catchThrowableOfType(ApiException.class, call::run);
    assertThat(refused).as("the call is refused").isNotNull();
    return refused.getCode();
  }
}
