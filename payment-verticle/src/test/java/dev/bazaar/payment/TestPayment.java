package dev.bazaar.payment;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.payment.Card;
import dev.bazaar.contracts.payment.PaymentMethod;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A payment service deployed on a real, temporary PostgreSQL, reached through its proxy as any caller would. */
final class TestPayment implements AutoCloseable {

  static final String APPROVED = "4242424242424242";
  static final int NEXT_YEAR = Year.now().getValue() + 1;

  final PaymentService service;
  final EmbeddedPostgresServer postgres;
  private final Vertx vertx;
  private final PaymentConfig config;
  private final Clock clock;
  private Duration captureGrace;
  private String deployment;

  private TestPayment(Vertx vertx, EmbeddedPostgresServer postgres, PaymentConfig config, Clock clock,
                      Duration captureGrace) {
    this.vertx = vertx;
    this.postgres = postgres;
    this.config = config;
    this.clock = clock;
    this.captureGrace = captureGrace;
    this.deployment = deployService();
    this.service = PaymentService.createProxy(vertx, new DeliveryOptions().setSendTimeout(10_000));
  }

  static TestPayment deploy(Vertx vertx) {
    return deploy(vertx, Clock.systemUTC());
  }

  /** With the default limit on declines, timed by {@code clock}. */
  static TestPayment deploy(Vertx vertx, Clock clock) {
    return deploy(vertx, clock, PaymentVerticle.CAPTURE_GRACE);
  }

  /** As above, capturing confirmed orders' payments that are still AUTHORIZED {@code captureGrace} after. */
  static TestPayment deploy(Vertx vertx, Clock clock, Duration captureGrace) {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
    PaymentConfig config = new PaymentConfig(new DatabaseConfig(postgres.uri(), 8),
      new OutboxConfig(OutboxConfig.DEFAULT_RETENTION, Duration.ofMillis(200)), Duration.ofMillis(5), "EUR");
    return new TestPayment(vertx, postgres, config, clock, captureGrace);
  }

  /** Stops the service and starts it again on the same database, as after a crash or a deployment. */
  void restart() {
    restart(captureGrace);
  }

  /** As above, the new service capturing confirmed orders' payments still AUTHORIZED {@code captureGrace} after. */
  void restart(Duration captureGrace) {
    vertx.undeploy(deployment).await();
    this.captureGrace = captureGrace;
    deployment = deployService();
  }

  private String deployService() {
    return vertx.deployVerticle(new PaymentVerticle(clock, captureGrace),
      new DeploymentOptions().setConfig(config.toJson())).await();
  }

  static Card card(String number) {
    return new Card().setNumber(number).setExpMonth(12).setExpYear(NEXT_YEAR).setCvc("123");
  }

  static String newCustomer() {
    return "customer-" + UUID.randomUUID();
  }

  static String newOrder() {
    return "order-" + UUID.randomUUID();
  }

  static Money eur(long cents) {
    return new Money(cents, "EUR");
  }

  PaymentMethod method(String customer, String number) {
    return service.tokenize(customer, card(number)).await();
  }

  /** Every row of every table in a schema, each as PostgreSQL prints it: what a dump of the schema would hold. */
  String dump(String schema) {
    PgConnection sql = PgConnection.connect(vertx, postgres.uri()).await();
    try {
      List<String> rows = new ArrayList<>();
      for (Row table : sql.query("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'")
        .execute().await()) {
        for (Row row : sql.query("SELECT t::text FROM " + schema + "." + table.getString(0) + " t").execute().await()) {
          rows.add(table.getString(0) + ": " + row.getString(0));
        }
      }
      return String.join("\n", rows);
    } finally {
      sql.close().await();
    }
  }

  /** Runs a statement on the service's database, for checks a proxy cannot make. */
  long count(String sql) {
    PgConnection connection = PgConnection.connect(vertx, postgres.uri()).await();
    try {
      return connection.query(sql).execute().await().iterator().next().getLong(0);
    } finally {
      connection.close().await();
    }
  }

  /**
   * The service's event log once the relay has given a position to every event committed so far: reading it sooner
   * could miss the newest ones, which the log shows only once they have a position.
   */
  List<Event> events() {
    Instant deadline = Instant.now().plusSeconds(10);
    while (count("SELECT count(*) FROM payment.outbox WHERE position IS NULL") > 0) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the relay did not position the payment service's events in time");
      }
      vertx.timer(20).await();
    }
    return service.events(0, 1000).await();
  }

  @Override
  public void close() {
    vertx.undeploy(deployment).await();
    postgres.close();
  }
}
