package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the outbox's statements answer: which rows were numbered, and that numbering nothing writes nothing; how far a
 * cursor is, and that it moves only from where it stands; and what the log refuses to read.
 */
@ExtendWith(VertxExtension.class)
class OutboxStoreTest {

  private static Pool pool;
  private static OutboxStore store;

  @BeforeAll
  static void start(Vertx vertx) {
    DatabaseConfig database = new DatabaseConfig(SharedPostgres.server().uri(), 4);
    Database.migrate(vertx, database, "store").await();
    pool = Database.pool(vertx, database);
    store = new OutboxStore("store", "store");
  }

  @AfterAll
  static void stop() {
    pool.close().await();
  }

  @Test
  void numberingGivesTheNextPositionsToAtMostTheLimitAndSaysHowMany() {
    pool.query("TRUNCATE store.outbox; UPDATE store.outbox_relay SET assigned_position = 0").execute().await();
    for (String thing : List.of("a", "b", "c")) {
      pool.withTransaction(tx -> store.append(tx, "thing.happened", thing, new JsonObject())).await();
    }

    assertThat(store.number(pool, 2).await()).extracting(Event::getPosition).containsExactly(1L, 2L);
    assertThat(store.number(pool, 10).await()).extracting(Event::getAggregateId).containsExactly("c");
    assertThat(store.number(pool, 10).await()).as("nothing left to number").isEmpty();
    assertThat(store.relayState(pool).await()).containsExactly(3L, 0L);

    List<String> inOrder = new ArrayList<>();
    store.read(pool, 0, 10).await().forEach(event -> inOrder.add(event.getPosition() + event.getAggregateId()));
    assertThat(inOrder).containsExactly("1a", "2b", "3c");
  }

  @Test
  void numberingWhenNothingIsNewTakesNoTransactionId() {
    pool.query("TRUNCATE store.outbox").execute().await();
    pool.withTransaction(tx -> store.append(tx, "thing.happened", "numbered", new JsonObject())).await();
    store.number(pool, 10).await();

    Object xid = pool.withTransaction(tx -> store.number(tx, 10)
      .compose(none -> tx.query("SELECT pg_current_xact_id_if_assigned()").execute())).await().iterator().next()
      .getValue(0);

    assertThat(xid).as("the transaction id of a pass that found nothing").isNull();
  }

  @Test
  void aCursorStartsAtZeroAndOnlyMovesForward() {
    String unread = "unread-" + UUID.randomUUID();
    String read = "read-" + UUID.randomUUID();
    assertThat(store.cursor(pool, unread).await()).isZero();
    store.startCursor(pool, read).await();

    assertThat(store.moveCursor(pool, read, 0, 5).await()).isTrue();
    assertThat(store.cursor(pool, read).await()).isEqualTo(5);
    assertThat(store.moveCursor(pool, read, 5, 3).await()).isFalse();
    assertThat(store.cursor(pool, read).await()).as("never back").isEqualTo(5);
    assertThat(store.moveCursor(pool, read, 5, 7).await()).isTrue();
    assertThat(store.cursor(pool, read).await()).isEqualTo(7);
    assertThat(store.cursor(pool, unread).await()).isZero();
  }

  @Test
  void aCursorMovesOnlyFromWhereItStands() {
    String read = "moved-" + UUID.randomUUID();
    store.startCursor(pool, read).await();
    store.moveCursor(pool, read, 0, 4).await();

    assertThat(store.moveCursor(pool, read, 2, 6).await()).as("from a position it has left").isFalse();
    assertThat(store.cursor(pool, read).await()).isEqualTo(4);
    store.startCursor(pool, read).await();
    assertThat(store.cursor(pool, read).await()).as("started again: kept").isEqualTo(4);
    assertThat(store.moveCursor(pool, "never-started-" + UUID.randomUUID(), 0, 1).await()).isFalse();
  }

  @Test
  void writingNoEventsWritesNothing() {
    Outbox outbox = new Outbox("store", "store");
    pool.query("TRUNCATE store.outbox").execute().await();

    pool.withTransaction(tx -> outbox.writeAll(tx, "thing.happened", Map.of())).await();

    assertThat(pool.query("SELECT count(*) FROM store.outbox").execute().await().iterator().next().getLong(0)).isZero();
  }

  @Test
  void readingTheLogBeforeItsStartOrForNothingIsInvalidInput() {
    Outbox outbox = new Outbox("store", "store");
    for (Throwable refused : List.of(
      catchThrowable(() -> outbox.read(pool, -1, 10).await()),
      catchThrowable(() -> outbox.read(pool, 0, 0).await()))) {
      assertThat(refused).isInstanceOf(ServiceException.class)
        .hasMessage("afterPosition must not be negative and limit must be at least 1.");
      assertThat(((ServiceException) refused).failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code());
    }
    assertThat(outbox.read(pool, 0, 1).await()).hasSizeLessThanOrEqualTo(1);
  }
}
