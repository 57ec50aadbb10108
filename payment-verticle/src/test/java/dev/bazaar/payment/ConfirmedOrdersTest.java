package dev.bazaar.payment;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.contracts.order.OrderService;
import dev.bazaar.contracts.payment.Payment;
import dev.bazaar.contracts.payment.PaymentEvents;
import dev.bazaar.contracts.payment.PaymentStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.bazaar.payment.TestPayment.APPROVED;
import static dev.bazaar.payment.TestPayment.eur;
import static dev.bazaar.payment.TestPayment.newCustomer;
import static dev.bazaar.payment.TestPayment.newOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga stores an order CONFIRMED, then captures; a crash can fall between the two. So payment follows the order
 * service's events and captures a confirmed order's payment that is still AUTHORIZED. No order service runs here: its
 * events are published on the bus as it would publish them, in position order.
 */
@ExtendWith(VertxExtension.class)
class ConfirmedOrdersTest {

  @Test
  void aConfirmedOrdersAuthorizedPaymentIsCapturedOnceAndOthersAreLeftAsTheyAre(Vertx vertx) {
    try (TestPayment payments = TestPayment.deploy(vertx, Clock.systemUTC(), Duration.ZERO)) {
      String voided = authorized(payments, 300).getOrderId();
      payments.service.voidAuthorization(voided).await();
      String captured = authorized(payments, 400).getOrderId();
      payments.service.capture(captured).await();
      String unpaid = newOrder();
      String uncaptured = authorized(payments, 500).getOrderId();

      // The ones that cannot or need not be captured come first: they must not hold up the one after them.
      publishConfirmed(vertx, 1, voided);
      publishConfirmed(vertx, 2, captured);
      publishConfirmed(vertx, 3, unpaid);
      publishConfirmed(vertx, 4, uncaptured);

      awaitStatus(vertx, payments, uncaptured, PaymentStatus.CAPTURED);
      assertThat(payments.service.get(uncaptured).await().getCaptured()).isEqualTo(eur(500));
      assertThat(payments.service.get(voided).await().getStatus()).isEqualTo(PaymentStatus.VOIDED);
      assertThat(payments.service.get(captured).await().getStatus()).isEqualTo(PaymentStatus.CAPTURED);
      assertThat(payments.service.get(unpaid).otherwiseEmpty().await()).isNull();
      assertThat(eventsOf(payments, uncaptured)).containsExactly(PaymentEvents.AUTHORIZED, PaymentEvents.CAPTURED);
      assertThat(eventsOf(payments, captured)).containsExactly(PaymentEvents.AUTHORIZED, PaymentEvents.CAPTURED);
    }
  }

  @Test
  void aConfirmationSeenBeforeARestartIsCapturedAfterIt(Vertx vertx) {
    try (TestPayment payments = TestPayment.deploy(vertx, Clock.systemUTC(), Duration.ofHours(1))) {
      String order = authorized(payments, 600).getOrderId();
      publishConfirmed(vertx, 1, order);
      awaitCount(vertx, payments, "SELECT count(*) FROM payment.payment WHERE confirmed_at IS NOT NULL AND order_id = '"
        + order + "'", 1);
      assertThat(payments.service.get(order).await().getStatus()).as("left to the saga within the grace")
        .isEqualTo(PaymentStatus.AUTHORIZED);

      // The event is consumed and will not come again; what it noted is what the restarted service captures by.
      payments.restart(Duration.ZERO);

      awaitStatus(vertx, payments, order, PaymentStatus.CAPTURED);
    }
  }

  private static Payment authorized(TestPayment payments, long cents) {
    String customer = newCustomer();
    return payments.service.authorize(newOrder(), customer, eur(cents), payments.method(customer, APPROVED).getId())
      .await();
  }

  private static void publishConfirmed(Vertx vertx, long position, String orderId) {
    Event event = new Event().setId(UUID.randomUUID().toString()).setSource(OrderService.NAME)
      .setType(OrderEvents.CONFIRMED).setAggregateId(orderId).setOccurredAt(Instant.now().toString())
      .setPosition(position).setData(new JsonObject().put("id", orderId).put("status", "CONFIRMED"));
    vertx.eventBus().publish(Event.address(OrderService.NAME), event.toJson());
  }

  private static List<String> eventsOf(TestPayment payments, String order) {
    return payments.events().stream()
      .filter(event -> event.getAggregateId().equals(order)).map(Event::getType).toList();
  }

  private static void awaitStatus(Vertx vertx, TestPayment payments, String order, PaymentStatus status) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (payments.service.get(order).await().getStatus() != status) {
      assertThat(Instant.now()).as("the payment of " + order + " becomes " + status + " in time").isBefore(deadline);
      vertx.timer(20).await();
    }
  }

  private static void awaitCount(Vertx vertx, TestPayment payments, String sql, long count) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (payments.count(sql) != count) {
      assertThat(Instant.now()).as(sql + " gives " + count + " in time").isBefore(deadline);
      vertx.timer(20).await();
    }
  }
}
