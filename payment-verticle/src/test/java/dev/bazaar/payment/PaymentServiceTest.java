package dev.bazaar.payment;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.payment.Card;
import dev.bazaar.contracts.payment.Payment;
import dev.bazaar.contracts.payment.PaymentEvents;
import dev.bazaar.contracts.payment.PaymentMethod;
import dev.bazaar.contracts.payment.PaymentStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.bazaar.payment.TestPayment.APPROVED;
import static dev.bazaar.payment.TestPayment.card;
import static dev.bazaar.payment.TestPayment.eur;
import static dev.bazaar.payment.TestPayment.newCustomer;
import static dev.bazaar.payment.TestPayment.newOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Payment methods and the life of a payment, through the service's proxy, against a real PostgreSQL. */
@ExtendWith(VertxExtension.class)
class PaymentServiceTest {

  private static TestPayment payments;

  @BeforeAll
  static void deploy(Vertx vertx) {
    payments = TestPayment.deploy(vertx);
  }

  @AfterAll
  static void stop() {
    payments.close();
  }

  // ---- payment methods

  @Test
  void aCardBecomesAPaymentMethodWithBrandLast4AndExpiryOnly() {
    String customer = newCustomer();
    PaymentMethod method = payments.method(customer, "5555555555554444");

    assertThat(method.getId()).matches("pm_[0-9a-f]{24}");
    assertThat(method.getBrand()).isEqualTo("mastercard");
    assertThat(method.getLast4()).isEqualTo("4444");
    assertThat(method.getExpMonth()).isEqualTo(12);
    assertThat(method.getExpYear()).isEqualTo(TestPayment.NEXT_YEAR);
    assertThat(method.toJson().fieldNames()).containsExactlyInAnyOrder("id", "brand", "last4", "expMonth", "expYear");
    assertThat(payments.service.paymentMethod(customer, method.getId()).await().toJson()).isEqualTo(method.toJson());
  }

  @Test
  void aBadCardIsRefusedWithItsReasonAndNothingIsStored() {
    long before = payments.count("SELECT count(*) FROM payment.payment_method");
    Map<String, String> reasons = Map.of(
      "4242424242424241", "Luhn",
      "42424242", "12 to 19 digits",
      "4242 4242 4242 4242", "12 to 19 digits");
    reasons.forEach((number, reason) -> assertRefused(card(number), reason));
    assertRefused(card(APPROVED).setExpYear(2020), "expired");
    assertRefused(card(APPROVED).setExpMonth(13), "month from 1 to 12");
    assertRefused(card(APPROVED).setCvc("12"), "CVC");
    assertRefused(card(APPROVED).setCvc("12345"), "CVC");
    assertRefused(card(APPROVED).setCvc("abc"), "CVC");

    assertThat(payments.count("SELECT count(*) FROM payment.payment_method")).isEqualTo(before);
  }

  @Test
  void anotherCustomersPaymentMethodIsUnknownToYou() {
    PaymentMethod bobs = payments.method(newCustomer(), APPROVED);
    String alice = newCustomer();

    ServiceException notYours = failure(() -> payments.service.paymentMethod(alice, bobs.getId()).await());
    ServiceException unknown = failure(() -> payments.service.paymentMethod(alice, "pm_000000000000000000000000").await());
    ServiceException payWithIt = failure(() -> payments.service.authorize(newOrder(), alice, eur(100), bobs.getId()).await());

    assertThat(notYours.failureCode()).isEqualTo(ErrorCode.NOT_FOUND.code()).isEqualTo(unknown.failureCode());
    assertThat(notYours.getMessage()).isEqualTo("There is no payment method " + bobs.getId() + ".");
    assertThat(payWithIt.failureCode()).isEqualTo(ErrorCode.NOT_FOUND.code());
  }

  // ---- authorization

  @Test
  void everyTestCardGivesItsDocumentedOutcome() {
    Map<String, String> outcomes = Map.of(
      "4242424242424242", "AUTHORIZED null",
      "4000000000000002", "DECLINED generic_decline",
      "4000000000009995", "DECLINED insufficient_funds",
      "4000000000009979", "DECLINED stolen_card",
      "4000000000000119", "FAILED processor_error",
      "378282246310005", "AUTHORIZED null");
    outcomes.forEach((number, outcome) -> {
      String customer = newCustomer();
      String order = newOrder();
      Payment payment = payments.service.authorize(order, customer, eur(2500), payments.method(customer, number).getId()).await();

      assertThat(payment.getStatus() + " " + payment.getDeclineReason()).as(number).isEqualTo(outcome);
      assertThat(payment.getAmount()).isEqualTo(eur(2500));
      assertThat(payments.service.get(order).await().toJson()).as("stored as answered").isEqualTo(payment.toJson());
    });
  }

  @Test
  void authorizingAgainGivesTheFirstResultAndAnnouncesItOnce() {
    String customer = newCustomer();
    String order = newOrder();
    String method = payments.method(customer, "4000000000000002").getId();

    Payment first = payments.service.authorize(order, customer, eur(990), method).await();
    Payment again = payments.service.authorize(order, customer, eur(990), method).await();

    assertThat(again.toJson()).isEqualTo(first.toJson());
    assertThat(Duration.between(Instant.parse(first.getCreatedAt()), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    assertThat(eventsOf(order)).containsExactly(PaymentEvents.DECLINED);
    assertFails(() -> payments.service.authorize(order, customer, eur(991), method).await(), ErrorCode.CONFLICT);
  }

  @Test
  void concurrentAuthorizationsOfOneOrderChargeOnce() {
    String customer = newCustomer();
    String order = newOrder();
    String method = payments.method(customer, APPROVED).getId();

    List<Future<Payment>> racing = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      racing.add(payments.service.authorize(order, customer, eur(4200), method));
    }
    Future.all(racing).await();

    assertThat(racing).extracting(attempt -> attempt.result().getStatus()).containsOnly(PaymentStatus.AUTHORIZED);
    assertThat(eventsOf(order)).containsExactly(PaymentEvents.AUTHORIZED);
    assertThat(payments.count("SELECT count(*) FROM payment.payment WHERE order_id = '" + order + "'")).isEqualTo(1);
  }

  @Test
  void badAmountsAndIdsAreRefused() {
    String customer = newCustomer();
    String method = payments.method(customer, APPROVED).getId();

    assertFails(() -> payments.service.authorize(newOrder(), customer, eur(0), method).await(), ErrorCode.INVALID_INPUT);
    assertFails(() -> payments.service.authorize(newOrder(), customer, new Money(100, "XAU"), method).await(),
      ErrorCode.INVALID_INPUT);
    assertFails(() -> payments.service.authorize("", customer, eur(100), method).await(), ErrorCode.INVALID_INPUT);
    assertFails(() -> payments.service.authorize("x".repeat(101), customer, eur(100), method).await(), ErrorCode.INVALID_INPUT);
    assertFails(() -> payments.service.get(newOrder()).await(), ErrorCode.NOT_FOUND);
  }

  @Test
  void anAmountInAnotherCurrencyThanTheShopSellsInIsNotAuthorizedAndLeavesNoPayment() {
    String customer = newCustomer();
    String method = payments.method(customer, APPROVED).getId();
    String order = newOrder();

    assertThatThrownBy(() -> payments.service.authorize(order, customer, new Money(10000, "GBP"), method).await())
      .isInstanceOf(ServiceException.class)
      .satisfies(e -> assertThat(((ServiceException) e).failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code()))
      .hasMessage("This shop sells in EUR; the amount is in GBP.");
    assertThat(payments.count("SELECT count(*) FROM payment.payment WHERE order_id = '" + order + "'")).isZero();
  }

  // ---- capture, void, refund

  @Test
  void captureAndVoidAreIdempotentAndExclusive() {
    Payment captured = authorized(5000);
    String order = captured.getOrderId();
    Payment first = payments.service.capture(order).await();
    Payment again = payments.service.capture(order).await();

    assertThat(first.getStatus()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(first.getCaptured()).isEqualTo(eur(5000));
    assertThat(again.toJson()).isEqualTo(first.toJson());
    assertThat(failure(() -> payments.service.voidAuthorization(order).await()).getMessage())
      .isEqualTo("The payment of order " + order + " is captured; it cannot become voided.");

    String voided = authorized(700).getOrderId();
    assertThat(payments.service.voidAuthorization(voided).await().getStatus()).isEqualTo(PaymentStatus.VOIDED);
    assertThat(payments.service.voidAuthorization(voided).await().getStatus()).isEqualTo(PaymentStatus.VOIDED);
    assertFails(() -> payments.service.capture(voided).await(), ErrorCode.CONFLICT);
    assertFails(() -> payments.service.refund(voided, "r-" + voided, eur(1)).await(), ErrorCode.CONFLICT);

    assertThat(eventsOf(order)).containsExactly(PaymentEvents.AUTHORIZED, PaymentEvents.CAPTURED);
    assertThat(eventsOf(voided)).containsExactly(PaymentEvents.AUTHORIZED, PaymentEvents.VOIDED);
  }

  @Test
  void aVoidThatComesBeforeTheAuthorizeMakesTheLateAuthorizeARefusal() {
    String customer = newCustomer();
    String order = newOrder();
    String method = payments.method(customer, APPROVED).getId();

    assertFails(() -> payments.service.voidAuthorization(order).await(), ErrorCode.NOT_FOUND);
    assertFails(() -> payments.service.authorize(order, customer, eur(900), method).await(), ErrorCode.CONFLICT);
    assertFails(() -> payments.service.voidAuthorization(order).await(), ErrorCode.NOT_FOUND);

    assertFails(() -> payments.service.get(order).await(), ErrorCode.NOT_FOUND);
    assertThat(eventsOf(order)).isEmpty();
  }

  @Test
  void aVoidRacingTheAuthorizeAlwaysLeavesNothingAuthorized() {
    String customer = newCustomer();
    String method = payments.method(customer, APPROVED).getId();
    List<String> orders = new ArrayList<>();
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String order = newOrder();
      orders.add(order);
      if (i % 2 == 0) {
        calls.add(payments.service.authorize(order, customer, eur(100 + i), method));
        calls.add(payments.service.voidAuthorization(order));
      } else {
        calls.add(payments.service.voidAuthorization(order));
        calls.add(payments.service.authorize(order, customer, eur(100 + i), method));
      }
    }
    Future.join(calls).otherwiseEmpty().await();

    for (String order : orders) {
      Payment payment = payments.service.get(order).otherwiseEmpty().await();
      assertThat(payment == null ? "none" : payment.getStatus().name()).as("the payment of %s", order).isIn("none", "VOIDED");
    }
  }

  @Test
  void aDeclinedPaymentCannotBeCapturedOrRefunded() {
    String customer = newCustomer();
    String order = newOrder();
    payments.service.authorize(order, customer, eur(100), payments.method(customer, "4000000000009995").getId()).await();

    assertFails(() -> payments.service.capture(order).await(), ErrorCode.CONFLICT);
    assertFails(() -> payments.service.voidAuthorization(order).await(), ErrorCode.CONFLICT);
    assertFails(() -> payments.service.capture(newOrder()).await(), ErrorCode.NOT_FOUND);
  }

  @Test
  void refundsAddUpToWhatWasCapturedAndNeverBeyond() {
    String order = authorized(1000).getOrderId();
    assertFails(() -> payments.service.refund(order, "early", eur(100)).await(), ErrorCode.CONFLICT);
    payments.service.capture(order).await();

    Payment partly = payments.service.refund(order, order + "-1", eur(300)).await();
    Payment repeated = payments.service.refund(order, order + "-1", eur(300)).await();
    assertThat(partly.getStatus()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    assertThat(partly.getRefunded()).isEqualTo(eur(300));
    assertThat(repeated.getRefunded()).as("a repeated refund refunds nothing more").isEqualTo(eur(300));

    assertFails(() -> payments.service.refund(order, order + "-2", eur(701)).await(), ErrorCode.CONFLICT);
    assertFails(() -> payments.service.refund(order, order + "-1", eur(400)).await(), ErrorCode.CONFLICT);
    assertFails(() -> payments.service.refund(order, order + "-3", new Money(100, "USD")).await(),
      ErrorCode.INVALID_INPUT);
    Payment full = payments.service.refund(order, order + "-2", eur(700)).await();
    assertThat(full.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
    assertThat(full.getRefunded()).isEqualTo(eur(1000));
    assertFails(() -> payments.service.refund(order, order + "-4", eur(1)).await(), ErrorCode.CONFLICT);

    assertThat(eventsOf(order)).containsExactly(PaymentEvents.AUTHORIZED, PaymentEvents.CAPTURED, PaymentEvents.REFUNDED,
      PaymentEvents.REFUNDED);
    assertThat(payments.events().stream().filter(event -> event.getAggregateId().equals(order))
      .filter(event -> event.getType().equals(PaymentEvents.REFUNDED))
      .map(event -> event.getData().getJsonObject("refundedNow")).toList())
      .as("each refund's event says how much it refunded").containsExactly(eur(300).toJson(), eur(700).toJson());
  }

  @Test
  void racingRefundsNeverTakeMoreThanWasCaptured() {
    String order = authorized(1000).getOrderId();
    payments.service.capture(order).await();

    List<Future<Payment>> racing = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      racing.add(payments.service.refund(order, order + "-race-" + i, eur(200)));
    }
    Future.join(racing).otherwiseEmpty().await();

    assertThat(racing.stream().filter(Future::succeeded)).hasSize(5);
    Payment after = payments.service.get(order).await();
    assertThat(after.getRefunded()).isEqualTo(eur(1000));
    assertThat(after.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
  }

  // ---- helpers

  private static Payment authorized(long cents) {
    String customer = newCustomer();
    return payments.service.authorize(newOrder(), customer, eur(cents), payments.method(customer, APPROVED).getId()).await();
  }

  private static List<String> eventsOf(String order) {
    return payments.events().stream()
      .filter(event -> event.getAggregateId().equals(order)).map(Event::getType).toList();
  }

  private static void assertRefused(Card card, String reason) {
    ServiceException refused = failure(() -> payments.service.tokenize(newCustomer(), card).await());
    assertThat(refused.failureCode()).as(reason).isEqualTo(ErrorCode.INVALID_INPUT.code());
    assertThat(refused.getMessage()).contains(reason).doesNotContain(card.getNumber());
  }

  static void assertFails(Runnable call, ErrorCode code) {
    assertThat(failure(call).failureCode()).isEqualTo(code.code());
  }

  private static ServiceException failure(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(ServiceException.class);
    return (ServiceException) thrown;
  }
}
