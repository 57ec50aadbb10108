package dev.bazaar.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Year;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.bazaar.launcher.ShopProcess.HTTP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storefront in a real browser: headless Chromium, driven through ChromeDriver, against the whole shop in this
 * JVM with its demo catalog. A customer searches, pays with a test card and watches the order reach CONFIRMED over
 * the event bus bridge without a reload; an admin watches it in the live feed of all orders.
 *
 * Only the browser profile runs it ({@code mvn -B verify -Pbrowser}). Without Chromium it fails; it never skips.
 */
class StorefrontBrowserIT {

  /** The page's policy, directive by directive: no inline script or style, nothing from elsewhere. */
  private static final Set<String> CSP = Set.of("default-src 'none'", "script-src 'self'", "style-src 'self'",
    "img-src 'self' data:", "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'");
  private static final Path ARTIFACTS = Path.of(System.getProperty("basedir", "."), "target", "browser");

  @TempDir
  static Path dataDir;

  private static Shop shop;
  private static int port;

  private final List<StorefrontPage> pages = new ArrayList<>();

  /** A failed test leaves a picture of each of its pages, as they were when it failed. */
  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure = context -> {
    if (context.getExecutionException().isPresent()) {
      for (int i = 0; i < pages.size(); i++) {
        pages.get(i).screenshot(ARTIFACTS.resolve(context.getRequiredTestMethod().getName() + "-failed-" + i + ".png"));
      }
    }
  };

  @BeforeAll
  static void startShop() throws IOException {
    assertThat(StorefrontPage.CHROMIUM).as("the browser tests need Chromium: apt-get install chromium").isExecutable();
    assertThat(StorefrontPage.CHROMEDRIVER).as("the browser tests need ChromeDriver: apt-get install chromium-driver")
      .isExecutable();
    port = ShopProcess.freePort();
    shop = Shop.start(CommandRun.settings("--data-dir=" + dataDir, "--http-port=" + port, "--web-instances=1"));
  }

  @AfterAll
  static void stopShop() {
    if (shop != null) {
      shop.close();
    }
  }

  @AfterEach
  void closeBrowsers() throws IOException {
    for (StorefrontPage page : pages) {
      page.close();
    }
  }

  @Test
  void thePageLoadsUnderItsContentSecurityPolicyWithNoConsoleErrors() throws Exception {
    HttpResponse<String> index = ShopProcess.get(port, "/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    String policy = index.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(Arrays.stream(policy.split(";")).map(String::strip).filter(directive -> !directive.isEmpty())
      .collect(Collectors.toSet())).as("the CSP on / (%s)", policy).isEqualTo(CSP);
    for (String asset : List.of("/storefront/storefront.js", "/storefront/storefront.css", "/storefront/vendor/sockjs.min.js")) {
      assertThat(ShopProcess.get(port, asset).statusCode()).as(asset).isEqualTo(200);
    }

    StorefrontPage page = open();
    page.awaitLiveUpdates();
    assertThat(page.awaitResults("36 products")).as("the first page of the demo catalog").hasSize(24);
    assertThat(page.isShown("cart-panel")).as("no cart before signing in").isFalse();
    assertThat(page.consoleErrors()).as("console errors").isEmpty();
  }

  @Test
  void aSearchShowsTheMatchingProducts() throws Exception {
    StorefrontPage page = open();
    page.awaitResults("36 products");

    page.search("beans");

    assertThat(page.awaitResults("3 products match “beans”"))
      .containsExactly("Colombia Huila Beans", "Espresso Blend Beans", "Ethiopia Yirgacheffe Beans");
    assertThat(page.consoleErrors()).as("console errors").isEmpty();
  }

  @Test
  void aCustomersOrderReachesConfirmedLiveWithoutAReload() throws Exception {
    String customer = "shopper-" + UUID.randomUUID();
    StorefrontPage page = open();
    page.awaitLiveUpdates();
    page.signIn(token(customer, "customer"));
    assertThat(page.text("whoami")).isEqualTo(customer);
    page.markWindow();

    page.search("beans");
    page.awaitResults("3 products match");
    page.addFirstProductToCart();
    page.shipTo("Ada Lovelace", "1 Analytical Lane", "Berlin", "10115", "DE");
    page.payWithCard("4242 4242 4242 4242");
    page.placeOrder();

    assertThat(page.awaitCheckoutOutcome()).as("the order is placed (problem: %s)", page.problem()).isEqualTo("placed");
    String orderId = page.placedOrderId();
    assertThat(page.awaitLiveOrderStatus("my-orders", orderId, "CONFIRMED")).isEqualTo(orderId);
    assertThat(page.windowStillMarked()).as("the page was not reloaded").isTrue();
    assertThat(page.consoleErrors()).as("console errors").isEmpty();
    page.screenshot(ARTIFACTS.resolve("storefront-confirmed.png"));
  }

  @Test
  void aDeclinedCardShowsTheProblemAndTheOrderEndsDeclined() throws Exception {
    StorefrontPage page = open();
    page.awaitLiveUpdates();
    page.signIn(token("decliner-" + UUID.randomUUID(), "customer"));
    page.search("kite");
    page.awaitResults("1 product match");
    page.addFirstProductToCart();
    page.shipTo("Grace Hopper", "2 Compiler Road", "Munich", "80331", "DE");
    page.payWithCard("4000 0000 0000 9995");
    page.placeOrder();

    assertThat(page.awaitCheckoutOutcome()).isEqualTo("problem");
    assertThat(page.problem()).as("the problem's detail is shown").containsIgnoringCase("declined");
    page.awaitLiveOrderStatus("my-orders", null, "PAYMENT_DECLINED");
    // The console shows the 402 the browser got, as it shows every failed request: no check of it here.
  }

  @Test
  void anAdminSeesOrdersAppearInTheLiveFeed() throws Exception {
    StorefrontPage admin = open();
    admin.awaitLiveUpdates();
    admin.signIn(token("root", "admin"));
    assertThat(admin.isShown("admin-panel")).isTrue();

    String orderId = placeOrder(token("feed-customer-" + UUID.randomUUID(), "customer"));

    assertThat(admin.awaitLiveOrderStatus("admin-feed", orderId, "CONFIRMED")).isEqualTo(orderId);
    assertThat(admin.consoleErrors()).as("console errors").isEmpty();
    admin.screenshot(ARTIFACTS.resolve("storefront-admin-feed.png"));
  }

  private StorefrontPage open() throws IOException {
    StorefrontPage page = StorefrontPage.open(port);
    pages.add(page);
    return page;
  }

  private String token(String subject, String role) {
    CommandRun run = CommandRun.of("token", "--data-dir=" + dataDir, "--sub", subject, "--role", role);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out().strip();
  }

  /** An order placed as another client would, over REST with a card that pays; its id. */
  private String placeOrder(String customer) throws Exception {
    JsonObject body = new JsonObject()
      .put("lines", new JsonArray().add(new JsonObject().put("productId", firstProductId("beans")).put("quantity", 1)))
      .put("shippingAddress", new JsonObject().put("name", "Feed Test").put("line1", "3 Main St").put("city", "Hamburg")
        .put("postalCode", "20095").put("country", "DE"))
      .put("payment", new JsonObject().put("card", new JsonObject().put("number", "4242424242424242").put("expMonth", 12)
        .put("expYear", Year.now().getValue() + 2).put("cvc", "123")));
    HttpResponse<String> placed = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/orders"))
      .header("Content-Type", "application/json").header("Authorization", "Bearer " + customer)
      .header("Idempotency-Key", UUID.randomUUID().toString())
      .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    return new JsonObject(placed.body()).getString("id");
  }

  private String firstProductId(String query) throws Exception {
    HttpResponse<String> found = ShopProcess.get(port, "/api/v1/products?q=" + query);
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    return new JsonObject(found.body()).getJsonArray("items").getJsonObject(0).getString("id");
  }
}
