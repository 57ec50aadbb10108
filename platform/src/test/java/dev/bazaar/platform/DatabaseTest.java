package dev.bazaar.platform;

import dev.bazaar.devkit.EmbeddedPostgresServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** How a service starts and stops on its database: migrate then pool; stop relaying then close the pool. */
@ExtendWith(VertxExtension.class)
class DatabaseTest {

  private static EmbeddedPostgresServer postgres;
  private static DatabaseConfig database;

  @BeforeAll
  static void start() {
    postgres = SharedPostgres.server();
    database = new DatabaseConfig(postgres.uri(), 4);
  }

  @Test
  void openingMigratesTheSchemaThenGivesAPoolOnTheDatabase(Vertx vertx) {
    Pool pool = Database.open(vertx, database, "opened").await();
    try {
      Row relay = pool.query("SELECT assigned_position, published_position FROM opened.outbox_relay").execute().await()
        .iterator().next();
      assertThat(relay.getLong("assigned_position")).isZero();
      assertThat(relay.getLong("published_position")).isZero();
    } finally {
      pool.close().await();
    }
  }

  @Test
  void instancesStartingTogetherMigrateTheSchemaOnce(Vertx vertx) {
    for (int round = 1; round <= 3; round++) {
      String schema = "together_" + round;
      // Four instances of a service start at once, each migrating on its own worker thread and connection.
      List<Future<Void>> starts = IntStream.range(0, 4).mapToObj(i -> Database.migrate(vertx, database, schema)).toList();

      Future.all(starts).await();

      Pool pool = Database.pool(vertx, database);
      try {
        long migrations = pool.query("SELECT count(*) FROM " + schema + ".platform_schema_history WHERE success")
          .execute().await().iterator().next().getLong(0);
        long repeated = pool.query("SELECT count(*) FROM (SELECT version FROM " + schema + ".platform_schema_history"
          + " GROUP BY version HAVING count(*) > 1) twice").execute().await().iterator().next().getLong(0);
        long outboxes = pool.query("SELECT count(*) FROM " + schema + ".outbox_relay").execute().await().iterator().next()
          .getLong(0);
        assertThat(migrations).as("migrations recorded in %s", schema).isPositive();
        assertThat(repeated).as("migrations applied twice in %s", schema).isZero();
        assertThat(outboxes).as("the relay's single row, inserted by a migration, in %s", schema).isEqualTo(1);
      } finally {
        pool.close().await();
      }
    }
  }

  @Test
  void onlyARepeatedUniqueKeyIsAUniqueViolation(Vertx vertx) {
    Pool pool = Database.pool(vertx, database);
    try {
      pool.query("DROP TABLE IF EXISTS keyed; CREATE TABLE keyed (id int PRIMARY KEY, name text NOT NULL)")
        .execute().await();
      pool.query("INSERT INTO keyed VALUES (1, 'one')").execute().await();

      Throwable repeated = catchThrowable(() -> pool.query("INSERT INTO keyed VALUES (1, 'again')").execute().await());
      Throwable missing = catchThrowable(() -> pool.query("INSERT INTO keyed VALUES (2, NULL)").execute().await());
      Throwable garbled = catchThrowable(() -> pool.query("INSERT INTO keyed VALUES").execute().await());

      assertThat(Database.isUniqueViolation(repeated)).isTrue();
      assertThat(Database.isUniqueViolation(missing)).as("a not-null violation").isFalse();
      assertThat(Database.isUniqueViolation(garbled)).as("a syntax error").isFalse();
      assertThat(Database.isUniqueViolation(new IllegalStateException("23505"))).isFalse();
      assertThat(Database.isUniqueViolation(null)).isFalse();
    } finally {
      pool.close().await();
    }
  }

  @Test
  void closingStopsTheRelaySoAnotherInstanceLeadsAndClosesThePool(Vertx vertx) {
    Pool pool = Database.open(vertx, database, "closing").await();
    OutboxRelay relay = relay(vertx, pool);
    await(vertx, relay::leading);

    Database.close(relay, pool).await();

    assertThat(catchThrowable(() -> pool.query("SELECT 1").execute().await())).as("a query on the closed pool")
      .isNotNull();
    // The relay let go of the schema's lock, so the relay of another instance takes over.
    Pool other = Database.pool(vertx, database);
    OutboxRelay successor = relay(vertx, other);
    try {
      await(vertx, successor::leading);
    } finally {
      Database.close(successor, other).await();
    }
  }

  @Test
  void closingWhatNeverOpenedSucceeds() {
    // A verticle whose start failed before it had a relay or a pool still stops cleanly.
    assertThat(catchThrowable(() -> Database.close(null, null).await())).isNull();
  }

  private static OutboxRelay relay(Vertx vertx, Pool pool) {
    return OutboxRelay.start(vertx, pool, database, new Outbox("closing", "closing"), "closing", "closing",
      new OutboxConfig(OutboxConfig.DEFAULT_RETENTION, Duration.ofMillis(50)));
  }

  private static void await(Vertx vertx, BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition met in time").isBefore(deadline);
      vertx.timer(20).await();
    }
  }
}
