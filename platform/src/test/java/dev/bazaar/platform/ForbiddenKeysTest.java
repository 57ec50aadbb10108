package dev.bazaar.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An undo that comes before its do marks the order, so the late do is refused; an undo that finds the row made marks
 * nothing. Marking and making take the same per-order lock, so whichever comes second sees the first.
 */
@ExtendWith(VertxExtension.class)
class ForbiddenKeysTest {

  private static final ForbiddenKeys PAYMENTS = new ForbiddenKeys("forbidding.forbidden", "forbidding.payment");
  private static final String MAKE = "INSERT INTO forbidding.payment (order_id) SELECT $1"
    + " WHERE NOT EXISTS (SELECT 1 FROM forbidding.forbidden WHERE order_id = $1)";

  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    pool = Database.pool(vertx, new DatabaseConfig(SharedPostgres.server().uri(), 4));
    pool.query("CREATE SCHEMA IF NOT EXISTS forbidding;"
      + " CREATE TABLE IF NOT EXISTS forbidding.payment (order_id text PRIMARY KEY);"
      + " CREATE TABLE IF NOT EXISTS forbidding.forbidden"
      + " (order_id text PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())")
      .execute().await();
  }

  @AfterAll
  static void stop() {
    pool.close().await();
  }

  @Test
  void anOrderWithoutItsRowIsForbiddenAndItsLateRowIsNeverMade() {
    String order = UUID.randomUUID().toString();

    assertThat(PAYMENTS.forbid(pool, order).await()).isTrue();
    assertThat(PAYMENTS.forbid(pool, order).await()).as("forbidding again").isTrue();

    assertThat(make(order)).as("rows made").isZero();
    assertThat(marks(order)).isEqualTo(1);
  }

  @Test
  void anOrderWhoseRowIsMadeIsNotForbidden() {
    String order = UUID.randomUUID().toString();
    assertThat(make(order)).isEqualTo(1);

    assertThat(PAYMENTS.forbid(pool, order).await()).isFalse();
    assertThat(marks(order)).isZero();
  }

  @Test
  void aForbidThatComesWhileTheRowIsBeingMadeWaitsAndSeesIt() {
    String order = UUID.randomUUID().toString();
    Promise<Void> makerLocked = Promise.promise();
    Promise<Void> makerMayCommit = Promise.promise();
    Future<Void> maker = pool.withTransaction(tx -> PAYMENTS.lock(tx, order)
      .onSuccess(locked -> makerLocked.complete())
      .compose(locked -> tx.preparedQuery(MAKE).execute(Tuple.of(order)))
      .compose(made -> makerMayCommit.future()));
    makerLocked.future().await();

    Future<Boolean> forbidden = PAYMENTS.forbid(pool, order);
    awaitWaitingForALock();
    makerMayCommit.complete();
    maker.await();

    assertThat(forbidden.await()).as("forbidden").isFalse();
    assertThat(marks(order)).isZero();
  }

  private static long make(String order) {
    return pool.withTransaction(tx -> PAYMENTS.lock(tx, order)
        .compose(locked -> tx.preparedQuery(MAKE).execute(Tuple.of(order))))
      .await().rowCount();
  }

  private static long marks(String order) {
    return pool.preparedQuery("SELECT count(*) FROM forbidding.forbidden WHERE order_id = $1").execute(Tuple.of(order))
      .await().iterator().next().getLong(0);
  }

  private static void awaitWaitingForALock() {
    Instant deadline = Instant.now().plusSeconds(10);
    while (pool.query("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        + " AND query LIKE '%pg_advisory_xact_lock%'").execute().await().iterator().next().getLong(0) == 0) {
      assertThat(Instant.now()).as("the forbid waits for the lock in time").isBefore(deadline);
      vertx.timer(20).await();
    }
  }
}
