package dev.bazaar.web;

import dev.bazaar.catalog.CatalogConfig;
import dev.bazaar.catalog.CatalogVerticle;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Roles;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.shipping.ShippingService;
import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.devkit.SigningKey;
import dev.bazaar.devkit.TokenMinter;
import dev.bazaar.notification.NotificationVerticle;
import dev.bazaar.order.OrderConfig;
import dev.bazaar.order.OrderVerticle;
import dev.bazaar.payment.PaymentConfig;
import dev.bazaar.payment.PaymentVerticle;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import dev.bazaar.shipping.ShippingConfig;
import dev.bazaar.shipping.ShippingVerticle;
import dev.bazaar.web.auth.AuthConfig;
import dev.bazaar.web.auth.Jwks;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services and the web verticle on a real PostgreSQL, reached over real HTTP on a free port, with a signing key of
 * its own so tests can present real tokens. {@code http} is anonymous; {@code admin} and {@code customer} send tokens.
 * Shipping's carrier is too slow to move a parcel while a test looks; {@code shipping} reaches it over the bus.
 * Notification runs without a mail server: it keeps and lists notifications, and sends none.
 */
final class TestShop implements AutoCloseable {

  static final String ISSUER = "bazaar-test";
  static final String AUDIENCE = "bazaar-test-api";
  static final String KEY_ID = "test-key";

  final WebClient http;
  final WebClientSession admin;
  final WebClientSession customer;
  final ShippingService shipping;
  final TokenMinter tokens;
  final SigningKey key;
  final EmbeddedPostgresServer postgres;
  final int port;
  private final Vertx vertx;
  private final List<Event> catalogEvents = Collections.synchronizedList(new ArrayList<>());
  private String notifications;

  private TestShop(Vertx vertx, EmbeddedPostgresServer postgres, WebClient http, SigningKey key, TokenMinter tokens,
                   int port) {
    this.vertx = vertx;
    this.postgres = postgres;
    this.key = key;
    this.http = http;
    this.tokens = tokens;
    this.port = port;
    this.admin = session("admin-1", Roles.ADMIN);
    this.customer = session("alice", Roles.CUSTOMER);
    this.shipping = ShippingService.createProxy(vertx, new DeliveryOptions().setSendTimeout(10_000));
  }

  /** A shop with rate limiting off, so that tests of other things never trip over it. */
  static TestShop start(Vertx vertx) {
    return start(vertx, new JsonObject());
  }

  /**
   * A shop whose web configuration is the test default (port 0, no rate limit, the test key) overlaid with
   * {@code webConfig}; the web verticle reads it back as a {@link WebConfig}, so a misspelt key fails the test.
   */
  static TestShop start(Vertx vertx, JsonObject webConfig) {
    return start(vertx, webConfig, Duration.ZERO);
  }

  /** As {@link #start(Vertx, JsonObject)}, with a card processor that takes {@code paymentLatency} for each call. */
  static TestShop start(Vertx vertx, JsonObject webConfig, Duration paymentLatency) {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
    CatalogConfig catalogConfig = new CatalogConfig(new DatabaseConfig(postgres.uri(), 8), OutboxConfig.DEFAULTS,
      CatalogConfig.DEFAULT_RESERVATION_TTL, CatalogConfig.DEFAULT_EXPIRY_SWEEP, false, "EUR");
    vertx.deployVerticle(new CatalogVerticle(), new DeploymentOptions().setConfig(catalogConfig.toJson())).await();
    PaymentConfig paymentConfig = new PaymentConfig(new DatabaseConfig(postgres.uri(), 4), OutboxConfig.DEFAULTS, paymentLatency, "EUR");
    vertx.deployVerticle(new PaymentVerticle(), new DeploymentOptions().setConfig(paymentConfig.toJson())).await();
    Duration never = Duration.ofHours(1);
    ShippingConfig shippingConfig = new ShippingConfig(new DatabaseConfig(postgres.uri(), 4), OutboxConfig.DEFAULTS,
      never, never, never, ShippingConfig.DEFAULT_CARRIER_SWEEP, ShippingConfig.DEFAULT_HOME_COUNTRY, "EUR");
    vertx.deployVerticle(new ShippingVerticle(), new DeploymentOptions().setConfig(shippingConfig.toJson())).await();
    OrderConfig orderConfig = new OrderConfig(new DatabaseConfig(postgres.uri(), 8), OutboxConfig.DEFAULTS,
      OrderConfig.DEFAULT_SERVICE_TIMEOUT, OrderConfig.DEFAULT_CALL_ATTEMPTS, OrderConfig.DEFAULT_LEASE,
      OrderConfig.DEFAULT_RECOVERY, OrderConfig.DEFAULT_KEY_RETENTION, "EUR");
    vertx.deployVerticle(new OrderVerticle(), new DeploymentOptions().setConfig(orderConfig.toJson())).await();

    SigningKey key = SigningKey.generate();
    WebVerticle web = new WebVerticle();
    vertx.deployVerticle(web, new DeploymentOptions().setConfig(webConfig(key, webConfig))).await();

    WebClient http = WebClient.create(vertx, new WebClientOptions()
      .setDefaultHost("localhost")
      .setDefaultPort(web.actualPort())
      .setSsl(webConfig.containsKey("tls"))
      .setTrustAll(true)
      .setVerifyHost(false));
    TokenMinter tokens = new TokenMinter(vertx, key, KEY_ID, ISSUER, AUDIENCE);
    TestShop shop = new TestShop(vertx, postgres, http, key, tokens, web.actualPort());
    shop.startNotifications();
    vertx.eventBus().<JsonObject>consumer(Event.address(CatalogService.NAME),
      message -> shop.catalogEvents.add(new Event(message.body()))).completion().await();
    return shop;
  }

  /** A web verticle with no service behind it, its configuration the test default overlaid with {@code overlay}. */
  static WebVerticle webAlone(Vertx vertx, JsonObject overlay) {
    WebVerticle web = new WebVerticle();
    vertx.deployVerticle(web, new DeploymentOptions().setConfig(webConfig(SigningKey.generate(), overlay))).await();
    return web;
  }

  /** The test default web configuration, overlaid with {@code overlay}. */
  private static JsonObject webConfig(SigningKey key, JsonObject overlay) {
    AuthConfig auth = new AuthConfig(ISSUER, AUDIENCE, Duration.ofHours(24), Duration.ofSeconds(5),
      List.of(Jwks.fromPem(key.publicPem(), KEY_ID)));
    WebConfig defaults = new WebConfig(0, WebConfig.DEFAULT_SERVICE_TIMEOUT, WebConfig.DEFAULT_REQUEST_TIMEOUT,
      WebConfig.DEFAULT_READ_CACHE, List.of(), null, null, auth);
    return defaults.toJson().mergeIn(overlay, true);
  }

  /** A deployed web verticle, and the port it listens on. */
  record Web(String deploymentId, int port) {
  }

  /** One more web verticle in front of the same services, configured as {@link #start(Vertx, JsonObject)} says. */
  Web startWeb(JsonObject webConfig) {
    WebVerticle web = new WebVerticle();
    String id = vertx.deployVerticle(web, new DeploymentOptions().setConfig(webConfig(key, webConfig))).await();
    return new Web(id, web.actualPort());
  }

  /** Deploys the notification service; it reads what it missed of the order service's log on start. */
  void startNotifications() {
    JsonObject config = new JsonObject().put("database", new DatabaseConfig(postgres.uri(), 4).toJson());
    notifications = vertx.deployVerticle(new NotificationVerticle(), new DeploymentOptions().setConfig(config)).await();
  }

  /** Undeploys the notification service, as when its only node died. */
  void stopNotifications() {
    vertx.undeploy(notifications).await();
  }

  /**
   * Waits until the catalog has published an event of {@code type} about {@code productId}. The web verticle drops
   * cached reads when such an event arrives, so a test that reads through the cache waits for it first.
   */
  void awaitCatalogEvent(String productId, String type) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (catalogEvents.stream().noneMatch(event -> event.getAggregateId().equals(productId) && event.getType().equals(type))) {
      assertThat(Instant.now()).as("%s about %s published in time", type, productId).isBefore(deadline);
      LockSupport.parkNanos(5_000_000);
    }
  }

  String token(String subject, String role) {
    return tokens.mint(subject, List.of(role), Duration.ofHours(1));
  }

  /** A port nothing listens on now, for a server that cannot be asked which port it took. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client that sends a token of {@code subject} with {@code role}. */
  WebClientSession session(String subject, String role) {
    return WebClientSession.create(http).addHeader("Authorization", "Bearer " + token(subject, role));
  }

  /** A new active product with {@code onHand} units. */
  JsonObject stockedProduct(long price, int onHand) {
    JsonObject product = createProduct(draft("cat-" + UUID.randomUUID(), "Orderable", price));
    HttpResponse<Buffer> stocked = admin.put("/api/v1/products/" + product.getString("id") + "/stock")
      .sendJsonObject(new JsonObject().put("onHand", onHand)).await();
    assertThat(stocked.statusCode()).as(stocked.bodyAsString()).isEqualTo(200);
    return product;
  }

  /** Places an order of one unit of {@code product}, paid with an approved test card; answers the response. */
  static Future<HttpResponse<Buffer>> placeCardOrder(WebClientSession customer, JsonObject product) {
    JsonObject body = new JsonObject()
      .put("lines", new JsonArray().add(new JsonObject().put("productId", product.getString("id")).put("quantity", 1)))
      .put("shippingAddress", new JsonObject().put("name", "Ada Lovelace").put("line1", "12 St James's Square")
        .put("city", "Berlin").put("postalCode", "10117").put("country", "DE"))
      .put("payment", new JsonObject().put("card", new JsonObject().put("number", "4242424242424242")
        .put("expMonth", 12).put("expYear", Year.now().getValue() + 2).put("cvc", "123")));
    return customer.post("/api/v1/orders").putHeader("Idempotency-Key", UUID.randomUUID().toString()).sendJsonObject(body);
  }

  static JsonObject draft(String category, String name, long price) {
    return new JsonObject()
      .put("sku", "T-" + UUID.randomUUID())
      .put("name", name)
      .put("description", "A " + name.toLowerCase())
      .put("category", category)
      .put("price", new JsonObject().put("value", price).put("currency", "EUR"));
  }

  JsonObject createProduct(JsonObject draft) {
    HttpResponse<Buffer> created = admin.post("/api/v1/products").sendJsonObject(draft).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  @Override
  public void close() {
    postgres.close();
  }
}
