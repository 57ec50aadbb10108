package dev.bazaar.payment;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.payment.Card;
import dev.bazaar.contracts.payment.Payment;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.payment.PaymentStatus;
import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.platform.Database;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.bazaar.payment.PaymentServiceTest.assertFails;
import static dev.bazaar.payment.TestPayment.APPROVED;
import static dev.bazaar.payment.TestPayment.card;
import static dev.bazaar.payment.TestPayment.eur;
import static dev.bazaar.payment.TestPayment.newCustomer;
import static dev.bazaar.payment.TestPayment.newOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkout that gives up voids its payment while the issuer may still be deciding. The void wins: the payment ends
 * VOIDED, and a hold the issuer approves after the void is released at the processor. The service runs in-process
 * over a processor that takes 300 ms to answer and keeps a record of what it was asked, in order.
 */
@ExtendWith(VertxExtension.class)
class VoidWhileAuthorizingTest {

  private static EmbeddedPostgresServer postgres;
  private static Pool pool;
  private static RecordingGateway processor;
  private static PaymentServiceImpl service;

  @BeforeAll
  static void start(Vertx vertx) {
    postgres = EmbeddedPostgresServer.startTemporary();
    DatabaseConfig database = new DatabaseConfig(postgres.uri(), 4);
    Database.migrate(vertx, database, "payment").await();
    pool = Database.pool(vertx, database);
    processor = new RecordingGateway(new SimulatedGateway(vertx, Duration.ofMillis(300)));
    service = new PaymentServiceImpl(new PaymentRepository(pool, new Outbox("payment", PaymentService.NAME)), processor,
      DeclineLimit.DEFAULTS, Clock.systemUTC(), "EUR");
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    postgres.close();
  }

  @Test
  void aVoidWhileTheIssuerDecidesWinsAndTheLateApprovalIsReleased(Vertx vertx) {
    String customer = newCustomer();
    String order = newOrder();
    String method = service.tokenize(customer, card(APPROVED)).await().getId();

    Future<Payment> authorizing = service.authorize(order, customer, eur(1500), method);
    awaitAsked(vertx, "authorize " + order);
    Payment voided = service.voidAuthorization(order).await();
    Payment answered = authorizing.await();

    assertThat(voided.getStatus()).isEqualTo(PaymentStatus.VOIDED);
    assertThat(answered.getStatus()).as("what the late authorize answers").isEqualTo(PaymentStatus.VOIDED);
    assertThat(service.get(order).await().getStatus()).isEqualTo(PaymentStatus.VOIDED);
    assertFails(() -> service.capture(order).await(), ErrorCode.CONFLICT);
    List<String> asked = processor.calls();
    assertThat(asked).containsSubsequence("authorize " + order, "void void:" + order);
    assertThat(asked).as("the hold approved after the void is released")
      .containsSubsequence("approved " + order, "void void-approved-late:" + order);
  }

  @Test
  void aVoidAfterTheIssuerDeclinedIsRefusedAndReleasesNothing(Vertx vertx) {
    String customer = newCustomer();
    String order = newOrder();
    String method = service.tokenize(customer, card("4000000000000002")).await().getId();

    assertThat(service.authorize(order, customer, eur(700), method).await().getStatus()).isEqualTo(PaymentStatus.DECLINED);
    assertFails(() -> service.voidAuthorization(order).await(), ErrorCode.CONFLICT);

    assertThat(processor.calls()).doesNotContain("void void:" + order, "void void-approved-late:" + order);
  }

  /** Waits until the processor has been asked {@code call}: then it is deciding, for the next 300 ms. */
  private static void awaitAsked(Vertx vertx, String call) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!processor.calls().contains(call)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the processor was never asked " + call);
      }
      vertx.timer(10).await();
    }
  }

  /** The simulated processor, with a record of every call and every authorization's answer, in the order they came. */
  private static final class RecordingGateway implements PaymentGateway {

    private final PaymentGateway processor;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    RecordingGateway(PaymentGateway processor) {
      this.processor = processor;
    }

    List<String> calls() {
      return List.copyOf(calls);
    }

    @Override
    public Future<CardReference> register(Card card) {
      return processor.register(card);
    }

    @Override
    public Future<Decision> authorize(String idempotencyKey, String cardReference, Money amount) {
      calls.add("authorize " + idempotencyKey);
      return processor.authorize(idempotencyKey, cardReference, amount)
        .onSuccess(decision -> calls.add((decision.approved() ? "approved " : "refused ") + idempotencyKey));
    }

    @Override
    public Future<Void> capture(String idempotencyKey, Money amount) {
      calls.add("capture " + idempotencyKey);
      return processor.capture(idempotencyKey, amount);
    }

    @Override
    public Future<Void> voidAuthorization(String idempotencyKey) {
      calls.add("void " + idempotencyKey);
      return processor.voidAuthorization(idempotencyKey);
    }

    @Override
    public Future<Void> refund(String idempotencyKey, Money amount) {
      calls.add("refund " + idempotencyKey);
      return processor.refund(idempotencyKey, amount);
    }
  }
}
