package dev.bazaar.platform;

import dev.bazaar.contracts.Event;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Publishes a service's new outbox events on {@code bazaar.events.<source>}, in position order, at least once.
 *
 * <p>Every instance of the service runs one, but only the one holding the schema's advisory lock relays: it numbers
 * the newly committed rows and publishes what it has not yet published. The lock is a session lock on a connection of
 * the relay's own, so when that instance dies its connection closes, the lock goes with it, and another instance's
 * relay takes over at its next tick, carrying on from the position recorded in the database.
 *
 * <p>A relay wakes when PostgreSQL notifies it that a transaction wrote events, and on a timer, because a notification
 * sent while the listening connection was down is lost.
 */
public final class OutboxRelay {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int BATCH = 500;
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext($1)) AS locked";
  private static final long PRUNE_EVERY_MILLIS = 60_000;

  private final Vertx vertx;
  private final Pool pool;
  private final DatabaseConfig database;
  private final OutboxStore store;
  private final OutboxConfig config;
  private final String schema;
  private final String address;
  private PgSubscriber subscriber;
  private PgConnection lockConnection;
  private boolean leading;
  private boolean running;
  private boolean wokenWhileRunning;
  private boolean closed;
  private long timer;
  private long prunedAtMillis;

  private OutboxRelay(Vertx vertx, Pool pool, DatabaseConfig database, Outbox outbox, String schema, String source,
                      OutboxConfig config) {
    this.vertx = vertx;
    this.pool = pool;
    this.database = database;
    this.store = outbox.store();
    this.schema = schema;
    this.config = config;
    this.address = Event.address(source);
  }

  /** Starts relaying the outbox of {@code schema}; it keeps going until {@link #close()}, or its verticle ends. */
  public static OutboxRelay start(Vertx vertx, Pool pool, DatabaseConfig database, Outbox outbox, String schema,
                                  String source, OutboxConfig config) {
    OutboxRelay relay = new OutboxRelay(vertx, pool, database, outbox, schema, source, config);
    relay.listen();
    relay.timer = vertx.setPeriodic(config.poll().toMillis(), tick -> relay.wake());
    relay.wake();
    return relay;
  }

  /** Whether this instance holds the lock and relays; the others stand by. */
  public boolean leading() {
    return leading;
  }

  /** Runs a relay pass now, or right after the one running. */
  public void wake() {
    if (closed) {
      return;
    }
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    running = true;
    wokenWhileRunning = false;
    lead()
      .compose(leads -> leads ? relay() : Future.succeededFuture())
      .onFailure(failure -> LOG.warn("Outbox relay of {} failed, will retry: {}", schema, failure.getMessage()))
      .onComplete(done -> {
        running = false;
        if (wokenWhileRunning) {
          wake();
        }
      });
  }

  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(timer);
    Future<Void> listening = subscriber == null ? Future.succeededFuture() : subscriber.close();
    Future<Void> locking = lockConnection == null ? Future.succeededFuture() : lockConnection.close();
    return Future.join(listening, locking).mapEmpty();
  }

  private void listen() {
    subscriber = PgSubscriber.subscriber(vertx, database.connectOptions())
      .reconnectPolicy(attempts -> config.poll().toMillis());
    subscriber.channel("outbox_" + schema).handler(notification -> wake());
    subscriber.connect().onFailure(failure ->
      LOG.warn("Outbox relay of {} cannot listen for notifications, relies on its timer: {}", schema, failure.getMessage()));
  }

  /** Holds the schema's relay lock, or tries to take it; true while this instance relays. */
  private Future<Boolean> lead() {
    if (leading) {
      return Future.succeededFuture(true);
    }
    Future<PgConnection> connection = lockConnection != null
      ? Future.succeededFuture(lockConnection)
      : PgConnection.connect(vertx, database.connectOptions()).onSuccess(opened -> {
        lockConnection = opened;
        opened.closeHandler(lost -> {
          lockConnection = null;
          leading = false;
        });
      });
    return connection
      .compose(opened -> opened.preparedQuery(TRY_LOCK).execute(Tuple.of("bazaar.outbox." + schema)))
      .map(rows -> leading = rows.iterator().next().getBoolean("locked"));
  }

  private Future<Void> relay() {
    return store.assignPositions(pool, BATCH)
      .compose(numbered -> publishUnpublished())
      .compose(published -> pruneNowAndThen());
  }

  private Future<Void> publishUnpublished() {
    return store.unpublished(pool, BATCH).compose(events -> {
      if (events.isEmpty()) {
        return Future.succeededFuture();
      }
      events.forEach(event -> vertx.eventBus().publish(address, event.toJson()));
      long last = events.get(events.size() - 1).getPosition();
      return store.markPublished(pool, last).compose(marked -> events.size() < BATCH ? Future.succeededFuture() : relay());
    });
  }

  private Future<Void> pruneNowAndThen() {
    long now = System.currentTimeMillis();
    if (now - prunedAtMillis < PRUNE_EVERY_MILLIS) {
      return Future.succeededFuture();
    }
    prunedAtMillis = now;
    return store.prune(pool, config.retention());
  }
}
