package dev.bazaar.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.notification.Notification;
import dev.bazaar.contracts.notification.NotificationKind;
import dev.bazaar.contracts.notification.NotificationPreferences;
import dev.bazaar.contracts.notification.NotificationService;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.contracts.order.OrderLine;
import dev.bazaar.contracts.order.OrderPayment;
import dev.bazaar.contracts.order.OrderService;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.shipping.ShippingService;
import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.platform.DatabaseConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notification service on a real PostgreSQL, following stand-ins of the order, payment and shipping logs over the
 * real bus, and sending to a real SMTP server in this JVM (GreenMail) that a test can stop and start again on the
 * same port. Retries are quick here: 100 ms, doubling up to 400 ms, four attempts.
 */
final class TestNotifications implements AutoCloseable {

  static final int SEND_ATTEMPTS = 4;

  final Vertx vertx;
  final EmbeddedPostgresServer postgres;
  final DatabaseConfig database;
  final StandInProducer orders;
  final StandInProducer payments;
  final StandInProducer shipping;
  final NotificationService service;
  final int smtpPort;
  GreenMail smtp;
  private String deployment;

  /** The service deployed with {@link #config()}, its producers up and the mail server running. */
  static TestNotifications deployed(Vertx vertx) {
    TestNotifications shop = new TestNotifications(vertx);
    return shop.deploy(shop.config());
  }

  /** The service deployed with no mail server: it stores notifications and sends nothing. */
  static TestNotifications deployedWithoutMailServer(Vertx vertx) {
    TestNotifications shop = new TestNotifications(vertx);
    JsonObject config = shop.config();
    config.remove("smtp");
    return shop.deploy(config);
  }

  private TestNotifications(Vertx vertx) {
    this.vertx = vertx;
    this.postgres = EmbeddedPostgresServer.startTemporary();
    this.database = new DatabaseConfig(postgres.uri(), 4);
    this.orders = new StandInProducer(vertx, database, OrderService.NAME, OrderService.ADDRESS).up();
    this.payments = new StandInProducer(vertx, database, PaymentService.NAME, PaymentService.ADDRESS).up();
    this.shipping = new StandInProducer(vertx, database, ShippingService.NAME, ShippingService.ADDRESS).up();
    this.smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    this.smtpPort = smtp.getSmtp().getPort();
    this.service = NotificationService.createProxy(vertx, new DeliveryOptions().setSendTimeout(10_000));
  }

  JsonObject config() {
    return new JsonObject()
      .put("database", database.toJson())
      .put("outbox", new JsonObject().put("pollMillis", 200))
      .put("smtp", new SmtpConfig("127.0.0.1", smtpPort, false, "disabled", null, null).toJson())
      .put("sendAttempts", SEND_ATTEMPTS)
      .put("firstRetryMillis", 100)
      .put("maxRetryMillis", 400)
      .put("sendSweepMillis", 100);
  }

  TestNotifications deploy(JsonObject config) {
    deployment = vertx.deployVerticle(new NotificationVerticle(), new DeploymentOptions().setConfig(config)).await();
    return this;
  }

  void undeploy() {
    vertx.undeploy(deployment).await();
  }

  void stopSmtp() {
    smtp.stop();
  }

  /** The same server as before, on the same port, empty. */
  void startSmtp() {
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  MimeMessage[] received() {
    return smtp.getReceivedMessages();
  }

  String newCustomer(String email) {
    String customer = "customer-" + UUID.randomUUID();
    if (email != null) {
      service.setPreferences(customer, new NotificationPreferences().setEmail(email)).await();
    }
    return customer;
  }

  List<Notification> notificationsOf(String customer) {
    return service.list(customer, 1, 100).await().getItems();
  }

  Notification awaitNotification(String customer, NotificationKind kind) {
    await(() -> notificationsOf(customer).stream().anyMatch(n -> n.getKind() == kind), kind + " for " + customer);
    return notificationsOf(customer).stream().filter(n -> n.getKind() == kind).findFirst().orElseThrow();
  }

  /** An order as the order service announces it when it reaches {@code status}. */
  static Order order(String customer, OrderStatus status, String productName) {
    return new Order()
      .setId(UUID.randomUUID().toString())
      .setCustomerId(customer)
      .setStatus(status)
      .setLines(List.of(new OrderLine().setProductId(UUID.randomUUID().toString()).setName(productName).setQuantity(2)
        .setUnitPrice(new Money(1250L, "EUR")).setLineTotal(new Money(2500L, "EUR"))))
      .setItemsSubtotal(new Money(2500L, "EUR"))
      .setShipping(new Money(490L, "EUR"))
      .setTotal(new Money(2990L, "EUR"))
      .setShippingAddress(new Address().setName("Ada <b>Lovelace</b>").setLine1("1 Analytical Row").setCity("London")
        .setPostalCode("N1 7AA").setCountry("GB"))
      .setPayment(new OrderPayment().setBrand("VISA").setLast4("4242"))
      .setTrackingNumber("BZ" + UUID.randomUUID().toString().substring(0, 8).toUpperCase())
      .setUpdatedAt(Instant.now().toString());
  }

  /** Places and confirms an order: the two events the order service writes for a card order that went through. */
  Order confirm(String customer, String productName) {
    Order order = order(customer, OrderStatus.PENDING, productName);
    orders.write(OrderEvents.PLACED, order.getId(), order.toJson());
    order.setStatus(OrderStatus.CONFIRMED);
    orders.write(OrderEvents.CONFIRMED, order.getId(), order.toJson());
    return order;
  }

  static void await(BooleanSupplier condition, String what) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as(what + " in time").isBefore(deadline);
      sleep();
    }
  }

  static <T> T awaitValue(Supplier<T> value, java.util.function.Predicate<T> until, String what) {
    Instant deadline = Instant.now().plusSeconds(20);
    T current = value.get();
    while (!until.test(current)) {
      assertThat(Instant.now()).as(what + " in time, last seen " + current).isBefore(deadline);
      sleep();
      current = value.get();
    }
    return current;
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whom the email was sent to. */
  static String recipient(MimeMessage email) {
    try {
      return email.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    undeploy();
    smtp.stop();
    orders.close();
    payments.close();
    shipping.close();
    postgres.close();
  }
}
