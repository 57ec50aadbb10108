package dev.bazaar.platform;

import dev.bazaar.contracts.Event;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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
 * What wakes a relay (its start, a notification, its timer, a wake during a pass), how much one wake publishes, when
 * it prunes, and how it stands by, takes over and lets go of the lock and connections that make it the one relaying.
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
  void aCommittedEventWakesTheRelayThroughItsNotification() {
    write("before");
    relay(NEVER);
    awaitPublished(1); // the pass the start ran numbered before "after" was written
    awaitListening();

    write("after"); // only its notification can wake the relay before its timer, ten minutes on

    awaitPublished(2);
    assertThat(published).extracting(Event::getAggregateId).containsExactly("before", "after");
  }

  @Test
  void anEventWhoseNotificationWasLostIsPublishedOnTheTimer() {
    write("before");
    relay(Duration.ofMillis(100));
    awaitPublished(1); // the pass the start ran numbered before "unannounced" was written

    writeWithoutNotification("unannounced"); // so only the timer can bring it

    awaitPublished(2);
    assertThat(published).extracting(Event::getAggregateId).containsExactly("before", "unannounced");
  }

  @Test
  void aWakeDuringAPassRunsAnotherPassRightAfterIt() {
    // An old event, published by a relay before this one and locked here: the first pass prunes, and its prune waits
    // for this lock. Until it is let go, that pass is running.
    write("old");
    outbox.store().assignPositions(pool, 10).compose(numbered -> outbox.store().markPublished(pool, 1)).await();
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

      // "second" comes without a notification; the one wake that can bring it arrives while the pass runs.
      writeWithoutNotification("second");
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
    outbox.store().assignPositions(pool, 10).compose(numbered -> outbox.store().markPublished(pool, 2)).await();
    age("old", "2 hours");
    age("recent", "30 minutes");

    relay(Duration.ofHours(1), NEVER);

    await(() -> !logged("old"));
    assertThat(logged("recent")).isTrue();

    // Passes within the minute publish but do not prune again. "b" is published by a pass that begins after the
    // one that published "a" has ended, prune or not.
    awaitListening();
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
    awaitListening();

    first.close().await();

    await(() -> count("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + schema + "'") == 0);
    write("after");
    OutboxRelay second = relay(NEVER);
    awaitPublished(1);
    assertThat(second.leading()).isTrue();
  }

  @Test
  void aRelayThatLostItsListeningConnectionListensAgainAfterAPollInterval() {
    relay(Duration.ofSeconds(1));
    awaitListening();

    Row cut = pool.query("SELECT pid, pg_terminate_backend(pid), clock_timestamp() AS at FROM pg_stat_activity"
      + " WHERE application_name = '" + schema + "' AND query LIKE 'LISTEN%'").execute().await().iterator().next();
    int lostPid = cut.getInteger("pid");
    await(() -> listener().stream().anyMatch(row -> row.getInteger("pid") != lostPid));

    OffsetDateTime listeningAgain = listener().stream().filter(row -> row.getInteger("pid") != lostPid)
      .findFirst().orElseThrow().getOffsetDateTime("backend_start");
    assertThat(Duration.between(cut.getOffsetDateTime("at"), listeningAgain))
      .as("reconnected after a poll interval, not at once").isGreaterThanOrEqualTo(Duration.ofMillis(900));
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

  private void write(String thing) {
    pool.withTransaction(tx -> outbox.write(tx, "thing.happened", thing, new JsonObject().put("thing", thing))).await();
  }

  /** Writes an event as if its notification were lost: in replica mode, the outbox's trigger does not fire. */
  private void writeWithoutNotification(String thing) {
    pool.withTransaction(tx -> tx.query("SET LOCAL session_replication_role = replica").execute()
      .compose(set -> outbox.write(tx, "thing.happened", thing, new JsonObject().put("thing", thing)))).await();
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

  private List<Row> listener() {
    RowSet<Row> rows = pool.query("SELECT pid, backend_start FROM pg_stat_activity WHERE application_name = '" + schema
      + "' AND query LIKE 'LISTEN%'").execute().await();
    List<Row> listeners = new ArrayList<>();
    rows.forEach(listeners::add);
    return listeners;
  }

  /** Waits until the relay's listening connection has run its LISTEN: a notification sent before that is lost. */
  private void awaitListening() {
    await(() -> !listener().isEmpty());
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
