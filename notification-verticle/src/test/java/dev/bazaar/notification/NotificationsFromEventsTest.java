package dev.bazaar.notification;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.notification.DeliveryStatus;
import dev.bazaar.contracts.notification.Notification;
import dev.bazaar.contracts.notification.NotificationEvents;
import dev.bazaar.contracts.notification.NotificationKind;
import dev.bazaar.contracts.notification.NotificationPreferences;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.payment.Payment;
import dev.bazaar.contracts.payment.PaymentEvents;
import dev.bazaar.contracts.payment.PaymentStatus;
import dev.bazaar.contracts.shipping.ShippingEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static dev.bazaar.notification.TestNotifications.await;
import static dev.bazaar.notification.TestNotifications.awaitValue;
import static org.assertj.core.api.Assertions.assertThat;

/** Which events make which notification, once each, for whom, and what each customer's feed and history hold. */
@ExtendWith(VertxExtension.class)
class NotificationsFromEventsTest {

  private static TestNotifications shop;
  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    shop = TestNotifications.deployed(vertx);
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void anEventArrivingTwiceMakesOneNotificationAndOneEmail() throws Exception {
    String customer = shop.newCustomer("dup@example.com");
    Order order = shop.confirm(customer, "Sencha");
    awaitValue(() -> shop.awaitNotification(customer, NotificationKind.ORDER_CONFIRMED),
      n -> n.getStatus() == DeliveryStatus.SENT, "sent");

    Event confirmed = shop.orders.log().stream()
      .filter(event -> event.getAggregateId().equals(order.getId()) && event.getType().equals(OrderEvents.CONFIRMED))
      .findFirst().orElseThrow();
    for (int i = 0; i < 3; i++) {
      vertx.eventBus().publish(Event.address(shop.orders.source), confirmed.toJson());
    }
    awaitValue(() -> shop.notificationsOf(customer).get(0), n -> n.getStatus() == DeliveryStatus.SENT, "sent");
    Thread.sleep(500);

    assertThat(shop.notificationsOf(customer)).hasSize(1);
    assertThat(shop.received()).filteredOn(email -> TestNotifications.recipient(email).equals("dup@example.com")).hasSize(1);
  }

  @Test
  void aCustomerWithoutAnAddressOrWhoOptedOutGetsAStoredNotificationAndNoEmail() {
    String nobody = shop.newCustomer(null);
    String optedOut = shop.newCustomer(null);
    shop.service.setPreferences(optedOut, new NotificationPreferences().setEmail("quiet@example.com")
      .setOptedOut(List.of(NotificationKind.ORDER_CONFIRMED))).await();

    shop.confirm(nobody, "Rooibos");
    shop.confirm(optedOut, "Rooibos");

    Notification withoutAddress = shop.awaitNotification(nobody, NotificationKind.ORDER_CONFIRMED);
    assertThat(withoutAddress.getStatus()).isEqualTo(DeliveryStatus.NOT_SENT);
    assertThat(withoutAddress.getRecipient()).isNull();
    assertThat(withoutAddress.getReason()).isEqualTo("The customer has given no email address.");
    Notification quiet = shop.awaitNotification(optedOut, NotificationKind.ORDER_CONFIRMED);
    assertThat(quiet.getStatus()).isEqualTo(DeliveryStatus.NOT_SENT);
    assertThat(quiet.getReason()).isEqualTo("The customer opted out of ORDER_CONFIRMED.");
    assertThat(quiet.getAttempts()).isZero();
    assertThat(shop.received()).noneMatch(email -> TestNotifications.recipient(email).equals("quiet@example.com"));
  }

  @Test
  void aDeclinedPaymentNamingAnOrderNotYetKnownWaitsForTheOrdersEventsAndIsNotLost() {
    String customer = shop.newCustomer("declined@example.com");
    Order order = TestNotifications.order(customer, OrderStatus.PENDING, "Matcha");
    Payment declined = new Payment().setOrderId(order.getId()).setStatus(PaymentStatus.DECLINED)
      .setAmount(new Money(2990L, "EUR")).setBrand("MASTERCARD").setLast4("0002").setDeclineReason("insufficient funds");
    shop.payments.write(PaymentEvents.DECLINED, order.getId(), declined.toJson());
    shop.payments.write(PaymentEvents.AUTHORIZED, UUID.randomUUID().toString(), new JsonObject());

    // The payment log is read, but the order is not known yet: nothing is made, and the event is kept for later.
    await(() -> shop.payments.log().size() == 2, "the payment events written");
    sleepPastACatchUp();
    assertThat(shop.notificationsOf(customer)).isEmpty();

    shop.orders.write(OrderEvents.PLACED, order.getId(), order.toJson());
    Notification notice = awaitValue(() -> shop.awaitNotification(customer, NotificationKind.PAYMENT_DECLINED),
      n -> n.getStatus() == DeliveryStatus.SENT, "the decline emailed");
    assertThat(notice.getOrderId()).isEqualTo(order.getId());
    assertThat(notice.getSubject()).isEqualTo("Your payment for order " + order.getId().substring(0, 8).toUpperCase()
      + " was declined");
    assertThat(shop.notificationsOf(customer)).hasSize(1);
  }

  @Test
  void theCarriersMovesTellTheCustomerTheParcelShippedAndWasDelivered() {
    String customer = shop.newCustomer(null);
    Order order = shop.confirm(customer, "Genmaicha");
    JsonObject move = new JsonObject().put("orderId", order.getId()).put("trackingNumber", order.getTrackingNumber())
      .put("at", "2026-11-26T10:00:00Z").put("place", "Leipzig hub");
    shop.shipping.write(ShippingEvents.SHIPMENT_CREATED, order.getId(), move.copy().put("status", "LABEL_CREATED"));
    shop.shipping.write(ShippingEvents.IN_TRANSIT, order.getId(), move.copy().put("status", "IN_TRANSIT"));
    shop.shipping.write(ShippingEvents.OUT_FOR_DELIVERY, order.getId(), move.copy().put("status", "OUT_FOR_DELIVERY"));
    shop.shipping.write(ShippingEvents.DELIVERED, order.getId(), move.copy().put("status", "DELIVERED").put("place", "London"));

    // The logs are read side by side, so the confirmation may be applied before or after the carrier's moves.
    shop.awaitNotification(customer, NotificationKind.DELIVERED);
    shop.awaitNotification(customer, NotificationKind.ORDER_CONFIRMED);
    List<Notification> all = shop.notificationsOf(customer);
    assertThat(all).extracting(Notification::getKind).containsExactlyInAnyOrder(NotificationKind.DELIVERED,
      NotificationKind.SHIPPED, NotificationKind.ORDER_CONFIRMED);
    assertThat(shop.awaitNotification(customer, NotificationKind.DELIVERED).getSubject()).endsWith("was delivered");
    assertThat(shop.awaitNotification(customer, NotificationKind.SHIPPED).getSubject()).endsWith("has shipped");
  }

  @Test
  void cancellationsAndRefundsAreNotifiedAndOtherOrderEventsAreNot() {
    String customer = shop.newCustomer(null);
    Order order = shop.confirm(customer, "Pu-erh");
    order.setStatus(OrderStatus.CANCELLED);
    shop.orders.write(OrderEvents.CANCELLED, order.getId(), order.toJson());
    Order refunded = shop.confirm(customer, "Lapsang").setStatus(OrderStatus.REFUNDED).setRefunded(new Money(500L, "EUR"));
    shop.orders.write(OrderEvents.REFUNDED, refunded.getId(), refunded.toJson());
    Order rejected = TestNotifications.order(customer, OrderStatus.REJECTED, "Yerba");
    shop.orders.write(OrderEvents.REJECTED, rejected.getId(), rejected.toJson());

    shop.awaitNotification(customer, NotificationKind.ORDER_REFUNDED);
    await(() -> shop.notificationsOf(customer).size() >= 4, "four notifications");
    sleepPastACatchUp();
    assertThat(shop.notificationsOf(customer)).extracting(Notification::getKind).containsExactlyInAnyOrder(
      NotificationKind.ORDER_CONFIRMED, NotificationKind.ORDER_CANCELLED, NotificationKind.ORDER_CONFIRMED,
      NotificationKind.ORDER_REFUNDED);
  }

  @Test
  void theFeedHoldsTheCustomersStatusChangesAndNotificationsInOrderAndNobodyElses() {
    String customer = shop.newCustomer("feed@example.com");
    String other = shop.newCustomer(null);
    Order order = shop.confirm(customer, "Hojicha");
    shop.confirm(other, "Kukicha");
    awaitValue(() -> shop.awaitNotification(customer, NotificationKind.ORDER_CONFIRMED), n -> n.getStatus() == DeliveryStatus.SENT, "sent");

    List<Event> feed = awaitValue(() -> shop.service.feed(customer, 0, 100).await(), f -> f.size() == 4, "four entries");
    assertThat(feed).extracting(Event::getType).containsExactly(NotificationEvents.ORDER_STATUS,
      NotificationEvents.ORDER_STATUS, NotificationEvents.CREATED, NotificationEvents.SENT);
    assertThat(feed).allSatisfy(entry -> assertThat(entry.getAggregateId()).isEqualTo(customer));
    assertThat(feed.get(0).getData().getString("status")).isEqualTo("PENDING");
    assertThat(feed.get(1).getData().getString("status")).isEqualTo("CONFIRMED");
    assertThat(feed.get(1).getData().getString("orderId")).isEqualTo(order.getId());
    assertThat(feed.get(3).getData().getString("status")).isEqualTo("SENT");
    assertThat(feed).extracting(Event::getPosition).isSorted().doesNotHaveDuplicates();

    long afterFirst = feed.get(0).getPosition();
    List<String> ids = feed.stream().map(Event::getId).toList();
    assertThat(shop.service.feed(customer, afterFirst, 100).await()).extracting(Event::getId).isEqualTo(ids.subList(1, 4));
    assertThat(shop.service.feed(customer, afterFirst, 2).await()).extracting(Event::getId).isEqualTo(ids.subList(1, 3));
  }

  @Test
  void preferencesAreStoredAsGivenAndWhatCannotBeAnAddressIsRefused() {
    String customer = shop.newCustomer(null);
    assertThat(shop.service.preferences(customer).await().toJson())
      .isEqualTo(new NotificationPreferences().toJson());

    NotificationPreferences stored = shop.service.setPreferences(customer, new NotificationPreferences()
      .setEmail("ada@example.com").setOptedOut(List.of(NotificationKind.SHIPPED, NotificationKind.SHIPPED,
        NotificationKind.DELIVERED))).await();
    assertThat(stored.getEmail()).isEqualTo("ada@example.com");
    assertThat(stored.getOptedOut()).containsExactly(NotificationKind.DELIVERED, NotificationKind.SHIPPED);
    assertThat(shop.service.preferences(customer).await().toJson()).isEqualTo(stored.toJson());

    for (String bad : List.of("ada", "ada@", "@example.com", "ada@example", "a da@example.com",
      "ada@example.com\r\nBcc: all@example.com", "<ada@example.com>", "a".repeat(250) + "@example.com")) {
      assertRefused(shop.service.setPreferences(customer, new NotificationPreferences().setEmail(bad)), bad);
    }
    assertRefused(shop.service.setPreferences(customer, null), "no preferences");
    assertRefused(shop.service.setPreferences("", new NotificationPreferences()), "no customer");
    assertThat(shop.service.preferences(customer).await().toJson()).as("nothing changed").isEqualTo(stored.toJson());

    shop.service.setPreferences(customer, new NotificationPreferences()).await();
    assertThat(shop.service.preferences(customer).await().getEmail()).as("an address can be taken back").isNull();
  }

  @Test
  void historyIsPagedNewestFirst() {
    String customer = shop.newCustomer(null);
    for (int i = 0; i < 3; i++) {
      shop.confirm(customer, "Tea " + i);
    }
    await(() -> shop.notificationsOf(customer).size() == 3, "three notifications");

    var first = shop.service.list(customer, 1, 2).await();
    var second = shop.service.list(customer, 2, 2).await();
    assertThat(first.getTotal()).isEqualTo(3);
    assertThat(first.getItems()).hasSize(2);
    assertThat(second.getItems()).hasSize(1);
    assertThat(first.getItems().get(0).getCreatedAt()).isGreaterThanOrEqualTo(first.getItems().get(1).getCreatedAt());
    assertThat(shop.service.list(customer, 1, 1000).await().getSize()).isEqualTo(NotificationServiceImpl.MAX_PAGE_SIZE);
    assertRefused(shop.service.list(customer, 0, 10), "page 0");
    assertRefused(shop.service.list(customer, 1_000_001, 1), "page 1000001");
    assertThat(shop.service.list(customer, 1_000_000, 1).await().getItems()).as("the last page there can be").isEmpty();
    assertRefused(shop.service.list(customer, 1, 0), "size 0");
    assertThat(shop.service.list("someone-else", 1, 10).await().getItems()).isEmpty();
  }

  private static void assertRefused(Future<?> call, String what) {
    Throwable failure = call.transform(Future::succeededFuture).await().cause();
    assertThat(ErrorCode.INVALID_INPUT.matches(failure)).as(what + " refused as invalid input: " + failure).isTrue();
  }


  /** Longer than the consumers' 200 ms catch-up timer, a few times over. */
  private static void sleepPastACatchUp() {
    try {
      Thread.sleep(800);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
