package dev.bazaar.platform;

import dev.bazaar.contracts.Event;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnection;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What wakes a relay (its start, a commit of its instance or of another, its timer, a wake during a pass), how much
 * one wake publishes and writes, when it prunes, and how it stands by, takes over and lets go of the lock and
 * connections that make it the one relaying.
 *
 * <p>Each test has a schema of its own, and the relay's own connections carry the schema's name as their application
 * name, so the test can find them in {@code pg_stat_activity}.
 */
@ExtendWith(VertxExtension.class)
class OutboxRelayTest {

  /** A poll interval no test lives to see: whatever a relay does within a test, something else woke it for. */
  private static final Duration NEVER = Duration.ofMinutes(10);
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private static Vertx vertx;
  private static String uri;
  private static Pool pool;

  private final List<Event> published = Collections.synchronizedList(new ArrayList<>());
  private final List<OutboxRelay> relays = new ArrayList<>();
  private String schema;
  private DatabaseConfig database;
  private Outbox outbox;
  private MessageConsumer<JsonObject> subscription;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    uri = SharedPostgres.server().uri();
    pool = Database.pool(vertx, new DatabaseConfig(uri, 8));
  }

  @AfterAll
  static void stop() {
    pool.close().await();
  }

  @BeforeEach
  void freshSchema() {
    schema = "relay" + SCHEMAS.incrementAndGet();
    Database.migrate(vertx, new DatabaseConfig(uri, 1), schema).await();
    database = new DatabaseConfig(uri + "?application_name=" + schema, 4);
    outbox = new Outbox(schema, schema);
    subscription = vertx.eventBus()
      .consumer(Event.address(schema), message -> published.add(new Event(message.body())));
    subscription.completion().await();
  }

  @AfterEach
  void stopRelays() {
    relays.forEach(relay -> relay.close().await());
    subscription.unregister().await();
  }

  @Test
  void eventsWrittenBeforeTheRelayStartedArePublishedWhenItStarts() {
    write("one");
    write("two");
    write("three");

    relay(NEVER);

    awaitPublished(3);
    assertThat(published).extracting(Event::getAggregateId).containsExactly("one", "two", "three");
  }

  @Test
  void aCommittedEventWakesTheRelayOfItsInstance() {
    write("before");
    relay(NEVER);
    awaitPublished(1); // the pass the start ran numbered before "after" was written

    write("after"); // only its commit can wake the relay before its timer, ten minutes on

    awaitPublished(2);
    assertThat(published).extracting(Event::getAggregateId).containsExactly("before", "after");
  }

  @Test
  void aCommittedBatchOfEventsWakesTheRelayOfItsInstance() {
    OutboxRelay relay = relay(NEVER);
    await(() -> relay.passes() >= 1);
    Map<String, JsonObject> batch = new LinkedHashMap<>();
    batch.put("first", new JsonObject());
    batch.put("second", new JsonObject());

    pool.withTransaction(tx -> outbox.writeAll(tx, "thing.happened", batch)).await();

    awaitPublished(2);
    assertThat(published).extracting(Event::getAggregateId).containsExactly("first", "second");
  }

  @Test
  void aCommitOnAStandbyInstanceWakesTheLeadingInstancesRelay() {
    OutboxRelay leader = relay(NEVER);
    await(leader::leading);
    Outbox standbysOutbox = new Outbox(schema, schema); // another instance of the service: its outbox, its relay
    OutboxRelay standby = relay(NEVER, standbysOutbox);
    await(() -> standby.passes() >= 1);
    assertThat(standby.leading()).isFalse();

    // Only the standby's message on the bus can wake the leader before its timer, ten minutes on.
    pool.withTransaction(tx -> standbysOutbox.write(tx, "thing.happened", "elsewhere", new JsonObject())).await();

    awaitPublished(1);
    assertThat(published).extracting(Event::getAggregateId).containsExactly("elsewhere");
  }

  @Test
  void aCommitThroughAnOutboxNoRelayOfItsProcessWatchesWakesTheSchemasRelay() {
    OutboxRelay leader = relay(NEVER);
    await(leader::leading);
    Outbox unwatched = new Outbox(schema, schema); // as a tool or a test beside a deployed service writes

    pool.withTransaction(tx -> unwatched.write(tx, "thing.happened", "beside", new JsonObject())).await();

    awaitPublished(1);
    assertThat(published).extracting(Event::getAggregateId).containsExactly("beside");
  }

  @Test
  void anIdlePassWritesNothing() {
    write("once");
    OutboxRelay relay = relay(Duration.ofMillis(20), outbox, Duration.ofMillis(50));
    awaitPublished(1);
    // Once it has recorded what it published, every pass finds its record due and nothing new to record.
    await(() -> count("SELECT published_position FROM " + schema + ".outbox_relay") == 1);
    long passes = relay.passes();
    long xidsBefore = nextXid();
    String relayRowBefore = relayRowVersion();

    await(() -> relay.passes() >= passes + 20);

    assertThat(relayRowVersion()).as("the relay's row, not written again").isEqualTo(relayRowBefore);
    // Other sessions of the server (autovacuum's analyze, say) may take an id or two; twenty passes that each wrote
    // would take twenty.
    assertThat(nextXid() - xidsBefore).as("transaction ids taken during 20 idle passes").isLessThan(5);
  }

  @Test
  void aNewLeaderRepublishesFromTheRecordedPositionAndAConsumerAppliesEachEventOnce() {
    pool.query("CREATE TABLE " + schema + ".applied (position bigint NOT NULL)").execute().await();
    EventConsumer consumer = EventConsumer.start(vertx, pool, schema, schema,
      (after, limit) -> outbox.read(pool, after, limit),
      (tx, event) -> tx.preparedQuery("INSERT INTO " + schema + ".applied VALUES ($1)")
        .execute(Tuple.of(event.getPosition())).mapEmpty(), NEVER).await();
    try {
      // The first leader publishes three events but records none of them before it dies.
      OutboxRelay first = relay(NEVER, outbox, Duration.ofHours(1));
      await(first::leading);
      write("a");
      write("b");
      write("c");
      awaitPublished(3);
      await(() -> consumer.position() == 3);
      assertThat(count("SELECT published_position FROM " + schema + ".outbox_relay")).isZero();
      pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + schema
        + "' AND query LIKE '%pg_try_advisory_lock%'").execute().await();
      await(() -> !first.leading());

      OutboxRelay second = relay(Duration.ofMillis(50));
      await(second::leading);
      awaitPublished(6);
      write("d");
      awaitPublished(7);

      assertThat(published.subList(3, 7)).extracting(Event::getPosition).containsExactly(1L, 2L, 3L, 4L);
      await(() -> consumer.position() == 4);
      List<Long> applied = new ArrayList<>();
      pool.query("SELECT position FROM " + schema + ".applied ORDER BY position").execute().await()
        .forEach(row -> applied.add(row.getLong(0)));
      assertThat(applied).as("each applied once").containsExactly(1L, 2L, 3L, 4L);
    } finally {
      consumer.close().await();
    }
  }

  @Test
  void rowsNumberedByALeaderThatDiedBeforePublishingThemArePublishedByTheNext() {
    write("one");
    write("two");
    outbox.store().number(pool, 10).await(); // numbered, then the leader died: recorded published stays at 0

    relay(NEVER);

    awaitPublished(2);
    assertThat(published).extracting(Event::getAggregateId).containsExactly("one", "two");
    assertThat(published).extracting(Event::getPosition).containsExactly(1L, 2L);
  }

  @Test
  void anEventWhoseWakeWasLostIsPublishedOnTheTimer() {
    write("before");
    relay(Duration.ofMillis(100));
    awaitPublished(1); // the pass the start ran numbered before "unannounced" was written

    writeWithoutWake("unannounced"); // so only the timer can bring it

    awaitPublished(2);
    assertThat(published).extracting(Event::getAggregateId).containsExactly("before", "unannounced");
  }

  @Test
  void aWakeDuringAPassRunsAnotherPassRightAfterIt() {
    // An old event, published by a relay before this one and locked here: the first pass prunes, and its prune waits
    // for this lock. Until it is let go, that pass is running.
    write("old");
    outbox.store().number(pool, 10).compose(numbered -> outbox.store().markPublished(pool, 1)).await();
    age("old", "30 days");
    SqlConnection blocker = pool.getConnection().await();
    try {
      blocker.query("BEGIN").execute().await();
      blocker.query("SELECT 1 FROM " + schema + ".outbox WHERE aggregate_id = 'old' FOR UPDATE").execute().await();
      write("first");
      OutboxRelay relay = relay(NEVER);
      awaitPublished(1);
      await(() -> count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE"
        + " 'DELETE FROM " + schema + ".outbox%'") == 1);

      // "second" comes without a wake; the one wake that can bring it arrives while the pass runs.
      writeWithoutWake("second");
      relay.wake();
      blocker.query("COMMIT").execute().await();
    } finally {
      blocker.close().await();
    }

    awaitPublished(2);
    assertThat(published).extracting(Event::getAggregateId).containsExactly("first", "second");
  }

  @Test
  void oneWakePublishesABurstLargerThanABatch() {
    // A relay numbers and publishes 500 at a time; a full batch means there may be more, so it goes on.
    Map<String, JsonObject> burst = new LinkedHashMap<>();
    for (int i = 1; i <= 501; i++) {
      burst.put("burst-" + i, new JsonObject().put("i", i));
    }
    pool.withTransaction(tx -> outbox.writeAll(tx, "thing.happened", burst)).await();

    relay(NEVER);

    awaitPublished(501);
    assertThat(published).extracting(Event::getPosition)
      .containsExactlyElementsOf(LongStream.rangeClosed(1, 501).boxed().toList());
    assertThat(published).extracting(Event::getAggregateId).containsExactlyElementsOf(burst.keySet());
  }

  @Test
  void aRelayPrunesWhatIsOlderThanItsRetentionWhenItStartsThenAtMostOnceAMinute() {
    // As a relay before this one left them: two published events, of either side of an hour.
    write("old");
    write("recent");
    outbox.store().number(pool, 10).compose(numbered -> outbox.store().markPublished(pool, 2)).await();
    age("old", "2 hours");
    age("recent", "30 minutes");

    relay(Duration.ofHours(1), NEVER);

    await(() -> !logged("old"));
    assertThat(logged("recent")).isTrue();

    // Passes within the minute publish but do not prune again. "b" is published by a pass that begins after the
    // one that published "a" has ended, prune or not.
    age("recent", "2 hours");
    write("a");
    awaitPublished(1);
    write("b");
    awaitPublished(2);
    assertThat(logged("recent")).as("pruned again within the minute").isTrue();
  }

  @Test
  void aRelayThatCannotTakeTheLockNeitherNumbersNorPublishesUntilItCan() {
    // This connection plays the instance that relays now: it holds the schema's relay lock.
    PgConnection leader = PgConnection.connect(vertx, database.connectOptions()).await();
    leader.preparedQuery("SELECT pg_advisory_lock(hashtext($1))").execute(Tuple.of("bazaar.outbox." + schema)).await();
    write("waiting");

    OutboxRelay standby = relay(Duration.ofMillis(50));
    awaitLockAttempts(3);

    assertThat(standby.leading()).isFalse();
    assertThat(published).isEmpty();
    assertThat(count("SELECT count(*) FROM " + schema + ".outbox WHERE position IS NOT NULL")).as("numbered").isZero();
    assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + schema
      + "' AND query LIKE '%pg_try_advisory_lock%'")).as("lock connections").isEqualTo(1);

    leader.close().await(); // the leading instance goes, and its lock with it

    awaitPublished(1);
    assertThat(standby.leading()).isTrue();
    assertThat(published).extracting(Event::getAggregateId).containsExactly("waiting");
  }

  @Test
  void aClosedRelayLetsGoOfItsConnectionsAndSoOfItsLock() {
    OutboxRelay first = relay(NEVER);
    await(first::leading);

    first.close().await();

    await(() -> count("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + schema + "'") == 0);
    write("after");
    OutboxRelay second = relay(NEVER);
    awaitPublished(1);
    assertThat(second.leading()).isTrue();
  }

  private OutboxRelay relay(Duration poll) {
    return relay(OutboxConfig.DEFAULT_RETENTION, poll);
  }

  private OutboxRelay relay(Duration retention, Duration poll) {
    OutboxRelay relay = OutboxRelay.start(vertx, pool, database, outbox, schema, schema,
      new OutboxConfig(retention, poll));
    relays.add(relay);
    return relay;
  }

  private OutboxRelay relay(Duration poll, Outbox itsOutbox) {
    OutboxRelay relay = OutboxRelay.start(vertx, pool, database, itsOutbox, schema, schema,
      new OutboxConfig(OutboxConfig.DEFAULT_RETENTION, poll));
    relays.add(relay);
    return relay;
  }

  private OutboxRelay relay(Duration poll, Outbox itsOutbox, Duration recordEvery) {
    OutboxRelay relay = OutboxRelay.start(vertx, pool, database, itsOutbox, schema, schema,
      new OutboxConfig(OutboxConfig.DEFAULT_RETENTION, poll), recordEvery);
    relays.add(relay);
    return relay;
  }

  /** The next transaction id the server will give out; reading it takes none. */
  private long nextXid() {
    return count("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
  }

  /** The transaction that last wrote the relay's row. */
  private String relayRowVersion() {
    return pool.query("SELECT xmin::text FROM " + schema + ".outbox_relay").execute().await().iterator().next()
      .getString(0);
  }

  private void write(String thing) {
    pool.withTransaction(tx -> outbox.write(tx, "thing.happened", thing, new JsonObject().put("thing", thing))).await();
  }

  /** Writes an event as if the wake its commit sends were lost: straight into the table, past the outbox. */
  private void writeWithoutWake(String thing) {
    pool.withTransaction(tx -> outbox.store().append(tx, "thing.happened", thing, new JsonObject().put("thing", thing)))
      .await();
  }

  private void age(String thing, String age) {
    pool.preparedQuery("UPDATE " + schema + ".outbox SET occurred_at = now() - $2::text::interval"
        + " WHERE aggregate_id = $1")
      .execute(Tuple.of(thing, age)).await();
  }

  private boolean logged(String thing) {
    return pool.preparedQuery("SELECT 1 FROM " + schema + ".outbox WHERE aggregate_id = $1").execute(Tuple.of(thing))
      .await().size() == 1;
  }

  /**
   * Waits until the relay has tried for the lock {@code times} times. Passes run one after another, so once a later
   * attempt is seen, whatever the first pass did has been done.
   */
  private void awaitLockAttempts(int times) {
    Set<OffsetDateTime> attempts = new HashSet<>();
    await(() -> {
      pool.query("SELECT query_start FROM pg_stat_activity WHERE application_name = '" + schema
          + "' AND query LIKE '%pg_try_advisory_lock%' AND state = 'idle'").execute().await()
        .forEach(row -> attempts.add(row.getOffsetDateTime(0)));
      return attempts.size() >= times;
    });
  }

  private long count(String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  private void awaitPublished(int events) {
    await(() -> published.size() >= events);
    assertThat(published).as("published").hasSize(events);
  }

  private static void await(BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition met in time").isBefore(deadline);
      vertx.timer(20).await();
    }
  }
}
