package dev.bazaar.platform;

import dev.bazaar.contracts.Event;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A consumer applies each event of a producer's log once and in order. A publish next in line is applied as it comes;
 * the log is read only on start, when a publish skips positions, and on the consumer's timer.
 *
 * <p>No relay runs here: the test writes the producer's log and publishes (or does not publish) each event itself, so
 * a lost publish is a publish not made. Every read of the log is noted down, with the position it read after.
 */
@ExtendWith(VertxExtension.class)
class EventConsumerTest {

  /** A catch-up timer no test lives to see: whatever a consumer applies, a publish or its start brought it. */
  private static final Duration NEVER = Duration.ofMinutes(10);
  private static final AtomicInteger FEEDS = new AtomicInteger();

  private static Vertx vertx;
  private static Pool pool;

  private final List<Long> reads = Collections.synchronizedList(new ArrayList<>());
  private final List<EventConsumer> consumers = new ArrayList<>();
  private String source;
  private Outbox producer;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    DatabaseConfig database = new DatabaseConfig(SharedPostgres.server().uri(), 8);
    Database.migrate(vertx, database, "producer").await();
    Database.migrate(vertx, database, "consumer").await();
    pool = Database.pool(vertx, database);
    pool.query("CREATE TABLE IF NOT EXISTS consumer.applied"
      + " (n bigserial PRIMARY KEY, source text NOT NULL, aggregate_id text NOT NULL, position bigint NOT NULL)")
      .execute().await();
    // The transaction each event was applied in.
    pool.query("ALTER TABLE consumer.applied ADD COLUMN IF NOT EXISTS tx bigint DEFAULT txid_current()").execute().await();
  }

  @AfterAll
  static void stop() {
    pool.close().await();
  }

  @BeforeEach
  void freshLog() {
    // A producer of its own for each test: its own address, its own cursor and applied rows in the consumer's schema.
    source = "feed" + FEEDS.incrementAndGet();
    producer = new Outbox("producer", source);
    pool.query("TRUNCATE producer.outbox").execute()
      .compose(done -> pool.query("UPDATE producer.outbox_relay SET assigned_position = 0, published_position = 0")
        .execute())
      .await();
  }

  @AfterEach
  void closeConsumers() {
    consumers.forEach(consumer -> consumer.close().await());
  }

  @Test
  void eventsNextInLineAreAppliedFromTheirPublishesWithoutReadingTheLog() {
    EventConsumer consumer = consumer(NEVER);
    assertThat(reads).as("on start, from the beginning").containsExactly(0L);
    Event one = logged("one");
    Event two = logged("two");
    Event three = logged("three");

    // Back to back: each is applied after the one before it, so each finds the position it follows.
    publish(one);
    publish(two);
    publish(three);

    await(() -> consumer.position() == 3);
    assertThat(applied()).containsExactly("one", "two", "three");
    assertThat(reads).containsExactly(0L);
  }

  @Test
  void aPublishThatSkipsPositionsIsPrecededByWhatTheLogHeld() {
    EventConsumer consumer = consumer(NEVER);
    logged("one");
    logged("two");
    logged("three"); // three publishes lost on the way
    Event four = logged("four");
    Event five = logged("five");

    publish(four);
    publish(five); // comes while the consumer reads the log, which has it already

    await(() -> consumer.position() == 5);
    assertThat(applied()).containsExactly("one", "two", "three", "four", "five");
    assertThat(reads).as("one read for the gap, none for five").containsExactly(0L, 0L);
  }

  @Test
  void aPublishOfAnEventAlreadyAppliedChangesNothingAndReadsNothing() {
    EventConsumer consumer = consumer(NEVER);
    Event one = logged("one");
    Event two = logged("two");
    Event three = logged("three");

    publish(one);
    publish(two);
    publish(two); // again, as at-least-once delivery may: the one just applied
    publish(one); // and an older one
    publish(three);

    await(() -> consumer.position() == 3);
    assertThat(applied()).containsExactly("one", "two", "three");
    assertThat(reads).containsExactly(0L);
  }

  @Test
  void onStartTheLogIsReadToItsEndBatchAfterBatch() {
    // A read asks for 200 events; a full batch means there may be more.
    Map<String, JsonObject> events = new LinkedHashMap<>();
    for (int i = 1; i <= 201; i++) {
      events.put("event-" + i, new JsonObject());
    }
    pool.withTransaction(tx -> producer.writeAll(tx, "thing.happened", events)).await();
    producer.store().number(pool, 1000).await();

    EventConsumer consumer = consumer(NEVER);

    assertThat(consumer.position()).isEqualTo(201);
    assertThat(appliedPositions()).containsExactlyElementsOf(LongStream.rangeClosed(1, 201).boxed().toList());
    assertThat(reads).containsExactly(0L, 200L);
  }

  @Test
  void aConsumerStartedAgainReadsOnFromItsCursor() {
    logged("one");
    logged("two");
    logged("three");
    EventConsumer first = consumer(NEVER);
    assertThat(first.position()).isEqualTo(3);
    first.close().await();

    EventConsumer again = consumer(NEVER);

    assertThat(again.position()).isEqualTo(3);
    assertThat(reads).containsExactly(0L, 3L);
    assertThat(applied()).containsExactly("one", "two", "three");
  }

  @Test
  void twoInstancesOfAServiceApplyEachEventOnceBetweenThem() {
    EventConsumer one = consumer(NEVER);
    EventConsumer two = consumer(NEVER);

    for (int i = 1; i <= 5; i++) {
      publish(logged("event-" + i)); // each instance gets each publish
    }

    await(() -> one.position() == 5 && two.position() == 5);
    assertThat(applied()).containsExactly("event-1", "event-2", "event-3", "event-4", "event-5");
  }

  @Test
  void anInstanceThatFindsPartOfItsBatchAppliedByAnotherAppliesTheRestOnce() {
    EventConsumer late = consumer(NEVER); // its cursor at 0, and it hears of nothing below
    logged("one");
    logged("two");
    logged("three");
    consumer(NEVER).close().await(); // another instance applies one to three on its start, then goes
    logged("four");
    Event five = logged("five");

    publish(five); // a gap for the late instance: it reads one to five from the log as one batch

    await(() -> late.position() == 5);
    assertThat(applied()).containsExactly("one", "two", "three", "four", "five");
    assertThat(reads).as("the late one's start, the other's start, the late one's read for the gap")
      .containsExactly(0L, 0L, 0L);
  }

  @Test
  void anInstanceThatFindsTheCursorMovedByAnotherWritesNothing() {
    EventConsumer one = consumer(NEVER);
    EventConsumer two = consumer(NEVER);

    for (int i = 1; i <= 5; i++) {
      publish(logged("event-" + i)); // each instance gets each publish, and one of them applies it
    }

    await(() -> one.position() == 5 && two.position() == 5);
    long appliedLastIn = pool.preparedQuery("SELECT tx % 4294967296 FROM consumer.applied WHERE source = $1"
      + " AND aggregate_id = 'event-5'").execute(Tuple.of(source)).await().iterator().next().getLong(0);
    long cursorLastWrittenIn = pool.preparedQuery("SELECT xmin::text::bigint FROM consumer.consumer_cursor"
      + " WHERE source = $1").execute(Tuple.of(source)).await().iterator().next().getLong(0);
    assertThat(cursorLastWrittenIn).as("the cursor last written by the transaction that applied event-5, and by"
      + " no transaction of the instance that came second").isEqualTo(appliedLastIn);
    assertThat(applied()).containsExactly("event-1", "event-2", "event-3", "event-4", "event-5");
  }

  @Test
  void aConsumerWhoseCursorVanishedAppliesNothingMoreAndDoesNotSpin() {
    EventConsumer consumer = consumer(Duration.ofMillis(50));
    publish(logged("before"));
    await(() -> consumer.position() == 1);
    pool.preparedQuery("DELETE FROM consumer.consumer_cursor WHERE source = $1").execute(Tuple.of(source)).await();
    int readsBefore = reads.size();

    publish(logged("after"));

    // Its timer still gets its turn: the failed batch did not keep the consumer busy.
    await(() -> reads.size() >= readsBefore + 2);
    assertThat(consumer.position()).isEqualTo(1);
    assertThat(applied()).containsExactly("before");
  }

  @Test
  void aMissedPublishIsFoundInTheLogOnTheTimer() {
    EventConsumer consumer = consumer(Duration.ofMillis(100));

    logged("never published");

    await(() -> consumer.position() == 1);
    assertThat(applied()).containsExactly("never published");
  }

  @Test
  void eventsPublishedTogetherAreAppliedTogetherInFewerTransactions() {
    EventConsumer consumer = consumer(NEVER);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(logged("burst-" + i));
    }

    events.forEach(this::publish);

    await(() -> consumer.position() == 20);
    assertThat(appliedPositions()).containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
    assertThat(reads).as("no read of the log: every event followed on").containsExactly(0L);
    long transactions = pool.preparedQuery("SELECT count(DISTINCT tx) FROM consumer.applied WHERE source = $1")
      .execute(Tuple.of(source)).await().iterator().next().getLong(0);
    assertThat(transactions).as("events that arrived while others were applied, applied together").isLessThan(20);
  }

  @Test
  void anEventThatCannotBeAppliedStopsTheConsumerThereAndTheEventsBeforeItInItsBatchStillCount() {
    List<Event> events = new ArrayList<>();
    for (String name : List.of("a", "b", "poison", "c")) {
      events.add(logged(name));
    }
    EventConsumer consumer = consumer(NEVER, (tx, event) -> event.getAggregateId().equals("poison")
      ? Future.failedFuture("cannot be applied yet")
      : tx.preparedQuery("INSERT INTO consumer.applied (source, aggregate_id, position) VALUES ($1, $2, $3)")
        .execute(Tuple.of(event.getSource(), event.getAggregateId(), event.getPosition())).mapEmpty());

    assertThat(consumer.position()).as("the start's catch-up, one batch, applied up to the poison").isEqualTo(2);
    assertThat(applied()).containsExactly("a", "b");
    events.forEach(this::publish);
    vertx.timer(300).await();
    assertThat(consumer.position()).isEqualTo(2);
    assertThat(applied()).containsExactly("a", "b");
  }

  @Test
  void aClosedConsumerNoLongerListens() {
    EventConsumer consumer = consumer(NEVER);

    consumer.close().await();

    Throwable failure = catchThrowable(() -> vertx.eventBus()
      .request(Event.address(source), logged("late").toJson(), new DeliveryOptions().setSendTimeout(5_000)).await());
    assertThat(failure).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
  }

  private EventConsumer consumer(Duration catchUpEvery) {
    return consumer(catchUpEvery, (tx, event) -> tx
      .preparedQuery("INSERT INTO consumer.applied (source, aggregate_id, position) VALUES ($1, $2, $3)")
      .execute(Tuple.of(event.getSource(), event.getAggregateId(), event.getPosition())).mapEmpty());
  }

  private EventConsumer consumer(Duration catchUpEvery, EventConsumer.Effect effect) {
    EventConsumer consumer = EventConsumer.start(vertx, pool, "consumer", source,
      (after, limit) -> {
        reads.add(after);
        return producer.read(pool, after, limit);
      },
      effect, catchUpEvery).await();
    consumers.add(consumer);
    return consumer;
  }

  /** Writes an event into the producer's log and numbers it, as its relay would, but publishes nothing. */
  private Event logged(String aggregateId) {
    pool.withTransaction(tx -> producer.write(tx, "thing.happened", aggregateId, new JsonObject())).await();
    long position = producer.store().number(pool, 10).compose(numbered -> pool.query(
      "SELECT assigned_position FROM producer.outbox_relay").execute()).await().iterator().next().getLong(0);
    return producer.read(pool, position - 1, 1).await().get(0);
  }

  private void publish(Event event) {
    vertx.eventBus().publish(Event.address(source), event.toJson());
  }

  private List<String> applied() {
    List<String> applied = new ArrayList<>();
    pool.preparedQuery("SELECT aggregate_id FROM consumer.applied WHERE source = $1 ORDER BY n")
      .execute(Tuple.of(source)).await().forEach(row -> applied.add(row.getString(0)));
    return applied;
  }

  private List<Long> appliedPositions() {
    List<Long> positions = new ArrayList<>();
    pool.preparedQuery("SELECT position FROM consumer.applied WHERE source = $1 ORDER BY n")
      .execute(Tuple.of(source)).await().forEach(row -> positions.add(row.getLong(0)));
    return positions;
  }

  private static void await(BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition met in time").isBefore(deadline);
      vertx.timer(20).await();
    }
  }
}
