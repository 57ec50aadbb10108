package dev.bazaar.platform;

import dev.bazaar.contracts.Event;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox as a log: events published in commit order, at least once, by one relay at a time; positions that a
 * reader can trust; and consumers that apply every event exactly once, whether or not they were running.
 */
@ExtendWith(VertxExtension.class)
class OutboxTest {

  private static final String SCHEMA = "shop";
  private static final String SOURCE = "shop";

  private static Vertx vertx;
  private static DatabaseConfig database;
  private static Pool pool;

  private final Outbox outbox = new Outbox(SCHEMA, SOURCE);
  private final List<Event> published = Collections.synchronizedList(new ArrayList<>());
  private final List<OutboxRelay> relays = new ArrayList<>();

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    database = new DatabaseConfig(SharedPostgres.server().uri(), 8);
    Database.migrate(vertx, database, SCHEMA).await();
    pool = Database.pool(vertx, database);
    pool.query("CREATE TABLE IF NOT EXISTS shop.applied (id int PRIMARY KEY, count int NOT NULL)").execute().await();
  }

  @AfterAll
  static void stop() {
    pool.close().await();
  }

  @BeforeEach
  void listen() {
    pool.query("TRUNCATE shop.outbox, shop.consumer_cursor, shop.applied").execute()
      .compose(done -> pool.query("UPDATE shop.outbox_relay SET assigned_position = 0, published_position = 0").execute())
      .compose(done -> pool.query("INSERT INTO shop.applied VALUES (1, 0)").execute())
      .await();
    vertx.eventBus().<JsonObject>consumer(Event.address(SOURCE), message -> published.add(new Event(message.body())))
      .completion().await();
  }

  @AfterEach
  void stopRelays() {
    relays.forEach(relay -> relay.close().await());
  }

  @Test
  void eventsArePublishedOnceEachInTheOrderTheyCommitted() {
    relay();
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      written.add(write("thing-" + i));
    }

    await(() -> published.size() >= 30);

    assertThat(published).extracting(Event::getAggregateId).containsExactlyElementsOf(written);
    assertThat(published).extracting(Event::getPosition).containsExactlyElementsOf(range(1, 30));
    assertThat(published).allSatisfy(event -> {
      assertThat(event.getSource()).isEqualTo(SOURCE);
      assertThat(event.getType()).isEqualTo("shop.thing-happened");
      assertThat(event.getData().getString("thing")).isEqualTo(event.getAggregateId());
      assertThat(event.getOccurredAt()).isNotBlank();
    });
  }

  @Test
  void aTransactionThatCommitsLateIsNeverSkippedByAReaderThatReadPastIt() {
    SqlConnection early = pool.getConnection().await();
    try {
      // The early transaction takes the lower sequence number, then stays open while a later one commits.
      early.query("BEGIN").execute().await();
      outbox.write(early, "shop.thing-happened", "early", new JsonObject().put("thing", "early")).await();
      String late = write("late");
      assertThat(seqOf(early, "early")).isLessThan(seqOf(pool, late));

      OutboxRelay relay = relay();
      await(() -> published.size() == 1);
      List<Event> firstRead = outbox.read(pool, 0, 100).await();
      assertThat(firstRead).extracting(Event::getAggregateId).containsExactly("late");
      long cursor = firstRead.get(0).getPosition();

      early.query("COMMIT").execute().await();
      relay.wake();
      await(() -> published.size() == 2);

      assertThat(outbox.read(pool, cursor, 100).await()).extracting(Event::getAggregateId).containsExactly("early");
      assertThat(published).extracting(Event::getAggregateId).containsExactly("late", "early");
    } finally {
      early.close().await();
    }
  }

  @Test
  void oneAggregatesEventsAreReadAfterAPositionWithoutTheOthers() {
    relay();
    for (int i = 0; i < 6; i++) {
      write(i % 2 == 0 ? "alice" : "bob");
    }
    await(() -> published.size() == 6);

    List<Event> alices = outbox.readAbout(pool, "alice", 0, 100).await();
    assertThat(alices).extracting(Event::getPosition).containsExactly(1L, 3L, 5L);
    assertThat(outbox.readAbout(pool, "alice", 1, 100).await()).extracting(Event::getPosition).containsExactly(3L, 5L);
    assertThat(outbox.readAbout(pool, "alice", 3, 1).await()).extracting(Event::getPosition).containsExactly(5L);
    assertThat(outbox.readAbout(pool, "bob", 0, 100).await()).extracting(Event::getAggregateId).containsOnly("bob").hasSize(3);
    assertThat(outbox.readAbout(pool, "carol", 0, 100).await()).isEmpty();
    assertThat(outbox.readAbout(pool, "alice", -1, 10).failed()).isTrue();
    assertThat(outbox.readAbout(pool, "alice", 0, 0).failed()).isTrue();
  }

  @Test
  void aConsumerThatWasNotRunningCatchesUpWithEveryEventOnce() {
    relay();
    for (int i = 0; i < 100; i++) {
      write("missed-" + i);
    }
    await(() -> published.size() == 100);

    EventConsumer consumer = consumer();
    try {
      assertThat(consumer.position()).isEqualTo(100);
      assertThat(appliedCount()).isEqualTo(100);

      write("live");
      await(() -> consumer.position() == 101);
      assertThat(appliedCount()).isEqualTo(101);
    } finally {
      consumer.close().await();
    }
  }

  @Test
  void anEventDeliveredTwiceIsAppliedOnce() {
    EventConsumer consumer = consumer();
    try {
      relay();
      write("once");
      await(() -> consumer.position() == 1);

      Event again = outbox.read(pool, 0, 1).await().get(0);
      vertx.eventBus().publish(Event.address(SOURCE), again.toJson());
      vertx.eventBus().publish(Event.address(SOURCE), again.toJson());
      write("after");
      await(() -> consumer.position() == 2);

      assertThat(appliedCount()).isEqualTo(2);
    } finally {
      consumer.close().await();
    }
  }

  @Test
  void aConsumerThatMissesAPublishFindsTheEventInTheLog() {
    EventConsumer consumer = consumer();
    try {
      // Written straight into the log and never published: as if the publish had been lost.
      pool.withTransaction(tx -> outbox.write(tx, "shop.thing-happened", "lost", new JsonObject().put("thing", "lost")))
        .compose(done -> new OutboxStore(SCHEMA, SOURCE).number(pool, 10))
        .compose(done -> pool.query("UPDATE shop.outbox_relay SET published_position = 1").execute())
        .await();
      relay();
      write("next");

      await(() -> consumer.position() == 2);
      assertThat(appliedCount()).isEqualTo(2);
    } finally {
      consumer.close().await();
    }
  }

  @Test
  void twoRelaysOfOneServiceNeverPublishTheSameEvent() {
    OutboxRelay one = relay();
    OutboxRelay two = relay();
    for (int i = 0; i < 200; i++) {
      write("both-" + i);
      if (i % 50 == 0) {
        one.wake();
        two.wake();
      }
    }

    await(() -> published.size() >= 200);
    await(() -> one.leading() || two.leading());

    assertThat(published).extracting(Event::getId).doesNotHaveDuplicates().hasSize(200);
    assertThat(one.leading() && two.leading()).as("both relays leading").isFalse();
  }

  @Test
  void theLogKeepsPositionsAfterOldEventsArePruned() {
    relay();
    write("old");
    await(() -> published.size() == 1);
    // Retention takes only what the relay has recorded as published, which it does every few seconds.
    await(() -> pool.query("SELECT published_position FROM shop.outbox_relay").execute().await().iterator().next()
      .getLong(0) == 1);
    pool.query("UPDATE shop.outbox SET occurred_at = now() - interval '8 days'").execute().await();
    new OutboxStore(SCHEMA, SOURCE).prune(pool, OutboxConfig.DEFAULT_RETENTION).await();
    assertThat(outbox.read(pool, 0, 10).await()).isEmpty();

    write("new");
    await(() -> published.size() == 2);

    assertThat(published.get(1).getPosition()).as("positions never restart").isEqualTo(2);
  }

  private OutboxRelay relay() {
    OutboxRelay relay = OutboxRelay.start(vertx, pool, database, outbox, SCHEMA, SOURCE,
      new OutboxConfig(OutboxConfig.DEFAULT_RETENTION, Duration.ofMillis(200)));
    relays.add(relay);
    return relay;
  }

  /** A consumer whose effect is not idempotent on its own: it counts, so a second application would show. */
  private EventConsumer consumer() {
    return EventConsumer.start(vertx, pool, SCHEMA, SOURCE, (after, limit) -> outbox.read(pool, after, limit),
      (tx, event) -> tx.query("UPDATE shop.applied SET count = count + 1 WHERE id = 1").execute().mapEmpty(),
      Duration.ofMillis(200)).await();
  }

  private String write(String thing) {
    pool.withTransaction(tx -> outbox.write(tx, "shop.thing-happened", thing, new JsonObject().put("thing", thing))).await();
    return thing;
  }

  private static long seqOf(io.vertx.sqlclient.SqlClient client, String aggregateId) {
    return client.preparedQuery("SELECT seq FROM shop.outbox WHERE aggregate_id = $1").execute(Tuple.of(aggregateId))
      .await().iterator().next().getLong(0);
  }

  private int appliedCount() {
    return pool.query("SELECT count FROM shop.applied WHERE id = 1").execute().await().iterator().next().getInteger(0);
  }

  private static List<Long> range(long from, long to) {
    List<Long> values = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      values.add(i);
    }
    return values;
  }

  private static void await(BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition met in time").isBefore(deadline);
      vertx.timer(20).await();
    }
  }
}
