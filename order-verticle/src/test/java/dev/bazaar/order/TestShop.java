package dev.bazaar.order;

import dev.bazaar.catalog.CatalogConfig;
import dev.bazaar.catalog.CatalogVerticle;
import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.ProductDraft;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderItem;
import dev.bazaar.contracts.order.OrderRequest;
import dev.bazaar.contracts.order.OrderService;
import dev.bazaar.contracts.payment.Card;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.shipping.ShippingService;
import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.payment.PaymentConfig;
import dev.bazaar.payment.PaymentVerticle;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import dev.bazaar.shipping.ShippingConfig;
import dev.bazaar.shipping.ShippingVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.pgclient.PgConnection;

import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The whole back office on one temporary PostgreSQL: catalog, payment, shipping and the order service, each in its own
 * schema, reached through their proxies. The order service takes over a stopped instance's sagas within a second.
 */
final class TestShop implements AutoCloseable {

  static final Duration LEASE = Duration.ofSeconds(1);

  final Vertx vertx;
  final EmbeddedPostgresServer postgres;
  final CatalogService catalog;
  final PaymentService payments;
  final ShippingService shipping;
  final OrderService orders;
  private final DatabaseConfig database;
  private String shippingDeployment;
  private String orderDeployment;
  private Duration callTimeout;
  private Duration lease;
  private String currency;

  private TestShop(Vertx vertx, EmbeddedPostgresServer postgres) {
    this.vertx = vertx;
    this.postgres = postgres;
    this.database = new DatabaseConfig(postgres.uri(), 8);
    DeliveryOptions calls = new DeliveryOptions().setSendTimeout(20_000);
    this.catalog = CatalogService.createProxy(vertx, calls);
    this.payments = PaymentService.createProxy(vertx, calls);
    this.shipping = ShippingService.createProxy(vertx, calls);
    this.orders = OrderService.createProxy(vertx, calls);
  }

  /** The shop, with a carrier that moves each parcel {@code carrierDelay} after its last move. */
  static TestShop start(Vertx vertx, Duration carrierDelay) {
    return start(vertx, carrierDelay, Duration.ZERO, Duration.ofSeconds(2), LEASE, "EUR");
  }

  /** The shop selling in {@code currency}, with a carrier that moves each parcel {@code carrierDelay} after its last move. */
  static TestShop start(Vertx vertx, Duration carrierDelay, String currency) {
    return start(vertx, carrierDelay, Duration.ZERO, Duration.ofSeconds(2), LEASE, currency);
  }

  /**
   * The shop, with a carrier that moves each parcel {@code carrierDelay} after its last move, a card processor that
   * takes {@code processorLatency} to answer each call, and an order service that waits {@code callTimeout} for each
   * call to another service, and holds a checkout's lease for {@code lease} after each step; all selling in EUR.
   */
  static TestShop start(Vertx vertx, Duration carrierDelay, Duration processorLatency, Duration callTimeout,
                        Duration lease) {
    return start(vertx, carrierDelay, processorLatency, callTimeout, lease, "EUR");
  }

  private static TestShop start(Vertx vertx, Duration carrierDelay, Duration processorLatency, Duration callTimeout,
                                Duration lease, String currency) {
    TestShop shop = new TestShop(vertx, EmbeddedPostgresServer.startTemporary());
    shop.callTimeout = callTimeout;
    shop.lease = lease;
    shop.currency = currency;
    OutboxConfig outbox = new OutboxConfig(OutboxConfig.DEFAULT_RETENTION, Duration.ofMillis(200));
    shop.deploy(new CatalogVerticle(), new CatalogConfig(shop.database, outbox, Duration.ofMinutes(10), Duration.ofSeconds(1), false, currency).toJson());
    shop.deploy(new PaymentVerticle(), new PaymentConfig(shop.database, outbox, processorLatency, currency).toJson());
    shop.shippingDeployment = shop.deploy(new ShippingVerticle(), new ShippingConfig(shop.database, outbox, carrierDelay,
      carrierDelay, carrierDelay, Duration.ofMillis(100), ShippingConfig.DEFAULT_HOME_COUNTRY, currency).toJson());
    shop.startOrders(SagaFaults.NONE);
    return shop;
  }

  /** Deploys an order service, whose saga stops where {@code faults} says. */
  void startOrders(SagaFaults faults) {
    OrderConfig config = new OrderConfig(database, new OutboxConfig(OutboxConfig.DEFAULT_RETENTION, Duration.ofMillis(200)),
      callTimeout, 3, lease, Duration.ofMillis(300), OrderConfig.DEFAULT_KEY_RETENTION, currency);
    orderDeployment = deploy(new OrderVerticle(faults), config.toJson());
  }

  void stopOrders() {
    vertx.undeploy(orderDeployment).await();
  }

  void stopShipping() {
    stoppingShipping().await();
  }

  /** Stops shipping without waiting, for a saga's fault to stop it from the event loop. */
  Future<Void> stoppingShipping() {
    return vertx.undeploy(shippingDeployment);
  }

  void startShipping(Duration carrierDelay) {
    OutboxConfig outbox = new OutboxConfig(OutboxConfig.DEFAULT_RETENTION, Duration.ofMillis(200));
    shippingDeployment = deploy(new ShippingVerticle(), new ShippingConfig(database, outbox, carrierDelay, carrierDelay,
      carrierDelay, Duration.ofMillis(100), ShippingConfig.DEFAULT_HOME_COUNTRY, currency).toJson());
  }

  private String deploy(io.vertx.core.Deployable verticle, io.vertx.core.json.JsonObject config) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await();
  }

  /**
   * A fresh product with a unique SKU and category, priced in the currency the shop sells in, with the given units on
   * hand and weight.
   */
  Product product(long price, int onHand, int weightGrams) {
    ProductDraft draft = new ProductDraft().setSku("O-" + UUID.randomUUID()).setName("Orderable")
      .setCategory("cat-" + UUID.randomUUID()).setPrice(new Money(price, currency)).setWeightGrams(weightGrams);
    return catalog.setStock(catalog.create(draft).await().getId(), onHand).await();
  }

  /** A payment method of the customer, from a test card. */
  String paymentMethod(String customer, String cardNumber) {
    Card card = new Card().setNumber(cardNumber).setExpMonth(12).setExpYear(Year.now().getValue() + 2).setCvc("123");
    return payments.tokenize(customer, card).await().getId();
  }

  static OrderRequest request(String paymentMethodId, Product product, int quantity) {
    return new OrderRequest()
      .setLines(List.of(new OrderItem().setProductId(product.getId()).setQuantity(quantity)))
      .setShippingAddress(address())
      .setPaymentMethodId(paymentMethodId);
  }

  static Address address() {
    return new Address().setName("Ada Lovelace").setLine1("12 St James's Square").setCity("Berlin")
      .setPostalCode("10117").setCountry("DE");
  }

  static String newCustomer() {
    return "customer-" + UUID.randomUUID();
  }

  static String newKey() {
    return "key-" + UUID.randomUUID();
  }

  /** The order as it stands now, whoever it belongs to. */
  Order order(String customer, String orderId) {
    return orders.get(customer, orderId).await();
  }

  /** Counts rows with a statement on the shop's database, for checks no proxy can make. */
  long count(String sql) {
    PgConnection connection = PgConnection.connect(vertx, postgres.uri()).await();
    try {
      return connection.query(sql).execute().await().iterator().next().getLong(0);
    } finally {
      connection.close().await();
    }
  }

  /** Changes rows with a statement on the shop's database, as older code or a hand-made fix would have left them. */
  void execute(String sql) {
    PgConnection connection = PgConnection.connect(vertx, postgres.uri()).await();
    try {
      connection.query(sql).execute().await();
    } finally {
      connection.close().await();
    }
  }

  void await(BooleanSupplier condition, String what) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + " did not happen in time");
      }
      vertx.timer(50).await();
    }
  }

  /** Stops every service before their database, so none of them is left talking to a server that went away. */
  @Override
  public void close() {
    for (String deployment : vertx.deploymentIDs()) {
      vertx.undeploy(deployment).otherwiseEmpty().await();
    }
    postgres.close();
  }
}
