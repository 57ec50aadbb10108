package dev.bazaar.payment;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.payment.Payment;
import dev.bazaar.contracts.payment.PaymentStatus;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.bazaar.payment.TestPayment.APPROVED;
import static dev.bazaar.payment.TestPayment.card;
import static dev.bazaar.payment.TestPayment.eur;
import static dev.bazaar.payment.TestPayment.newCustomer;
import static dev.bazaar.payment.TestPayment.newOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The brake on card testing, with its defaults (5 declines within 10 minutes, then 15 minutes of cool-down), counted
 * from the service's own table on a real PostgreSQL; the service's clock is moved on rather than waited for.
 */
@ExtendWith(VertxExtension.class)
class CardTestingTest {

  private static final String DECLINED = "4000000000000002";
  private static final DeclineLimit LIMIT = DeclineLimit.DEFAULTS;

  private static final MovableClock clock = new MovableClock();
  private static TestPayment payments;

  @BeforeAll
  static void deploy(Vertx vertx) {
    payments = TestPayment.deploy(vertx, clock);
  }

  @AfterAll
  static void stop() {
    payments.close();
  }

  @Test
  void fiveDeclinesStopTheCustomersNewCardsAndCardPaymentsUntilTheCoolDownEnds() {
    String tester = newCustomer();
    String saved = payments.method(tester, APPROVED).getId();
    String stolen = payments.method(tester, DECLINED).getId();
    List<String> declinedOrders = new ArrayList<>();
    for (int i = 0; i < LIMIT.declines(); i++) {
      declinedOrders.add(decline(tester, stolen));
    }

    ServiceException newCard = refusal(() -> payments.method(tester, APPROVED));
    String order = newOrder();
    ServiceException cardPayment = refusal(() -> payments.service.authorize(order, tester, eur(100), saved).await());

    assertThat(newCard.failureCode()).isEqualTo(ErrorCode.TOO_MANY_DECLINES.code());
    assertThat(newCard.getMessage()).contains("taken again from");
    assertThat(newCard.getDebugInfo().getInteger(ErrorCode.RETRY_AFTER_SECONDS))
      .isBetween((int) LIMIT.coolDown().toSeconds() - 60, (int) LIMIT.coolDown().toSeconds());
    assertThat(cardPayment.failureCode()).isEqualTo(ErrorCode.TOO_MANY_DECLINES.code());
    assertThat(payments.count("SELECT count(*) FROM payment.payment WHERE order_id = '" + order + "'"))
      .as("no payment claimed").isZero();
    assertThat(payments.service.authorize(declinedOrders.get(0), tester, eur(100), stolen).await().getStatus())
      .as("an authorize made before is answered as before").isEqualTo(PaymentStatus.DECLINED);

    String someoneElse = newCustomer();
    assertThat(payments.service.authorize(newOrder(), someoneElse, eur(100), payments.method(someoneElse, APPROVED).getId())
      .await().getStatus()).as("another customer pays").isEqualTo(PaymentStatus.AUTHORIZED);

    payments.restart();
    assertThat(refusal(() -> payments.method(tester, APPROVED)).failureCode()).as("after a restart")
      .isEqualTo(ErrorCode.TOO_MANY_DECLINES.code());

    clock.advance(LIMIT.coolDown());
    assertThat(payments.method(tester, APPROVED).getLast4()).as("a new card after the cool-down").isEqualTo("4242");
    assertThat(payments.service.authorize(order, tester, eur(100), saved).await().getStatus())
      .as("a card payment after the cool-down").isEqualTo(PaymentStatus.AUTHORIZED);
  }

  @Test
  void declinesFurtherApartThanTheWindowDoNotAddUp() {
    String customer = newCustomer();
    String declining = payments.method(customer, DECLINED).getId();
    for (int i = 0; i < LIMIT.declines() - 1; i++) {
      decline(customer, declining);
    }
    clock.advance(LIMIT.window().plusSeconds(1));
    decline(customer, declining);

    assertThat(payments.method(customer, APPROVED).getLast4()).as("five declines, but not within the window").isEqualTo("4242");

    for (int i = 0; i < LIMIT.declines() - 1; i++) {
      decline(customer, declining);
    }
    assertThat(refusal(() -> payments.method(customer, APPROVED)).failureCode()).as("five within the window")
      .isEqualTo(ErrorCode.TOO_MANY_DECLINES.code());
  }

  @Test
  void aFailedProcessorIsNoDecline() {
    String customer = newCustomer();
    String failing = payments.method(customer, "4000000000000119").getId();
    for (int i = 0; i < LIMIT.declines(); i++) {
      assertThat(payments.service.authorize(newOrder(), customer, eur(100), failing).await().getStatus())
        .isEqualTo(PaymentStatus.FAILED);
    }

    assertThat(payments.method(customer, APPROVED).getLast4()).isEqualTo("4242");
  }

  private static String decline(String customer, String method) {
    String order = newOrder();
    Payment payment = payments.service.authorize(order, customer, eur(100), method).await();
    assertThat(payment.getStatus()).isEqualTo(PaymentStatus.DECLINED);
    return order;
  }

  private static ServiceException refusal(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(ServiceException.class);
    return (ServiceException) thrown;
  }
}
