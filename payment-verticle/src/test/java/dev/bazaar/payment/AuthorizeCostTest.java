package dev.bazaar.payment;

import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.payment.PaymentStatus;
import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.platform.Database;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.Outbox;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import static dev.bazaar.payment.TestPayment.APPROVED;
import static dev.bazaar.payment.TestPayment.card;
import static dev.bazaar.payment.TestPayment.eur;
import static dev.bazaar.payment.TestPayment.newCustomer;
import static dev.bazaar.payment.TestPayment.newOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a payment costs the database in durable write transactions, which bound a checkout's rate: each takes a commit
 * flushed to disk. The service runs in-process with no outbox relay, so its own transactions are the only writes, and
 * PostgreSQL's transaction ids count them: {@code txid_current()} gives a writing transaction an id, and takes one.
 */
@ExtendWith(VertxExtension.class)
class AuthorizeCostTest {

  private static EmbeddedPostgresServer postgres;
  private static Pool pool;
  private static PaymentServiceImpl service;

  @BeforeAll
  static void start(Vertx vertx) {
    postgres = EmbeddedPostgresServer.startTemporary();
    DatabaseConfig database = new DatabaseConfig(postgres.uri(), 4);
    Database.migrate(vertx, database, "payment").await();
    pool = Database.pool(vertx, database);
    service = new PaymentServiceImpl(new PaymentRepository(pool, new Outbox("payment", PaymentService.NAME)),
      new SimulatedGateway(vertx, Duration.ofMillis(5)), DeclineLimit.DEFAULTS, Clock.systemUTC(), "EUR");
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    postgres.close();
  }

  @Test
  void anApprovedAuthorizeIsOneWriteTransaction() {
    String customer = newCustomer();
    String method = service.tokenize(customer, card(APPROVED)).await().getId();
    String order = newOrder();

    long writes = writesOf(() -> service.authorize(order, customer, eur(1234), method).await().getStatus());

    assertThat(writes).isEqualTo(1);
    assertThat(service.get(order).await().getStatus()).isEqualTo(PaymentStatus.AUTHORIZED);
  }

  @Test
  void aDeclinedAuthorizeIsOneWriteTransactionAndCountsAsADecline() {
    String customer = newCustomer();
    String method = service.tokenize(customer, card("4000000000000002")).await().getId();
    String order = newOrder();

    long writes = writesOf(() -> service.authorize(order, customer, eur(1234), method).await().getStatus());

    assertThat(writes).isEqualTo(1);
    assertThat(service.get(order).await().getStatus()).isEqualTo(PaymentStatus.DECLINED);
  }

  @Test
  void aRepeatedAuthorizeWritesNothing() {
    String customer = newCustomer();
    String method = service.tokenize(customer, card(APPROVED)).await().getId();
    String order = newOrder();
    service.authorize(order, customer, eur(500), method).await();

    long writes = writesOf(() -> service.authorize(order, customer, eur(500), method).await().getStatus());

    assertThat(writes).isZero();
  }

  @Test
  void aCaptureIsOneWriteTransaction() {
    String customer = newCustomer();
    String method = service.tokenize(customer, card(APPROVED)).await().getId();
    String order = newOrder();
    service.authorize(order, customer, eur(700), method).await();

    long writes = writesOf(() -> service.capture(order).await().getStatus());

    assertThat(writes).isEqualTo(1);
    assertThat(service.get(order).await().getStatus()).isEqualTo(PaymentStatus.CAPTURED);
  }

  /** How many write transactions the call made: the rise of the transaction id, less the one the second look took. */
  private static long writesOf(Supplier<PaymentStatus> call) {
    long before = transactionId();
    call.get();
    return transactionId() - before - 1;
  }

  private static long transactionId() {
    return pool.query("SELECT txid_current()").execute().await().iterator().next().getLong(0);
  }
}
