package dev.bazaar.platform;

import dev.bazaar.contracts.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;


/**
 * Publishes a service's new outbox events on {@code bazaar.events.<source>}, in position order, at least once.
 *
 * <p>Every instance of the service runs one, but only the one holding the schema's advisory lock relays: it numbers
 * the newly committed rows and publishes them. The lock is a session lock on a connection of the relay's own, so when
 * that instance dies its connection closes, the lock goes with it, and another instance's relay takes over at its next
 * tick. A pass is one statement, which numbers and returns the new rows, and writes nothing when there are none. How
 * far it has published is kept in memory and recorded every few seconds and on close; a relay taking the lead first
 * publishes what lies between that record and the last position given out, which covers a leader that died between
 * numbering and publishing, at the price of publishing again up to a few seconds' worth: consumers skip what they
 * applied.
 *
 * <p>A relay wakes when a transaction of its own instance that wrote events commits ({@link Outbox} tells it), when
 * another instance says so on {@code bazaar.outbox.<schema>}, and on a timer, the safety net for whatever else is lost.
 */
public final class OutboxRelay {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int BATCH = 500;
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext($1)) AS locked";
  private static final long PRUNE_EVERY_MILLIS = 60_000;
  private static final Duration RECORD_EVERY = Duration.ofSeconds(3);
  /**
   * A standby instance tells the leader about its commits on the bus, at most once per this many milliseconds (and
   * once more at the end of the window if more came): a busy writer costs a few hundred small messages a second,
   * whoever leads, and an idle one nothing. A poll by the leader would cost a query per interval forever, idle or
   * not, and to come as close as 5 ms it would run 200 of them a second.
   */
  private static final long TELL_LEADER_EVERY_MILLIS = 5;

  private final Vertx vertx;
  private final Pool pool;
  private final DatabaseConfig database;
  private final Outbox outbox;
  private final OutboxStore store;
  private final OutboxConfig config;
  private final String schema;
  private final String address;
  private final String wakeAddress;
  private final long recordEveryMillis;
  private final Runnable committed = this::committed;
  private Context context;
  private MessageConsumer<JsonObject> wakeUps;
  private PgConnection lockConnection;
  private boolean leading;
  private boolean running;
  private boolean wokenWhileRunning;
  private boolean closed;
  private long timer;
  private long prunedAtMillis;
  /** Whether this leader has published what the last one may have left unpublished; undone by a failed pass. */
  private boolean resumed;
  private long published;
  private long recorded;
  private long recordedAtMillis;
  private boolean tellingLeader;
  private boolean tellLeaderAgain;
  private long passes;

  private OutboxRelay(Vertx vertx, Pool pool, DatabaseConfig database, Outbox outbox, String schema, String source,
                      OutboxConfig config, Duration recordEvery) {
    this.vertx = vertx;
    this.pool = pool;
    this.database = database;
    this.outbox = outbox;
    this.store = outbox.store();
    this.schema = schema;
    this.config = config;
    this.address = Event.address(source);
    this.wakeAddress = wakeAddress(schema);
    this.recordEveryMillis = recordEvery.toMillis();
  }

  /** Starts relaying the outbox of {@code schema}; it keeps going until {@link #close()}, or its verticle ends. */
  public static OutboxRelay start(Vertx vertx, Pool pool, DatabaseConfig database, Outbox outbox, String schema,
                                  String source, OutboxConfig config) {
    return start(vertx, pool, database, outbox, schema, source, config, RECORD_EVERY);
  }

  /** As above, recording how far it published every {@code recordEvery}: for tests of a leader that died. */
  static OutboxRelay start(Vertx vertx, Pool pool, DatabaseConfig database, Outbox outbox, String schema,
                           String source, OutboxConfig config, Duration recordEvery) {
    OutboxRelay relay = new OutboxRelay(vertx, pool, database, outbox, schema, source, config, recordEvery);
    relay.context = vertx.getOrCreateContext();
    relay.context.runOnContext(started -> {
      relay.wakeUps = vertx.eventBus().consumer(relay.wakeAddress, message -> {
        if (relay.leading) {
          relay.wake();
        }
      });
      outbox.onCommitted(relay.committed);
      relay.timer = vertx.setPeriodic(config.poll().toMillis(), tick -> relay.wake());
      relay.wake();
    });
    return relay;
  }

  /** Where the relays of {@code schema} hear that another instance committed events. */
  static String wakeAddress(String schema) {
    return "bazaar.outbox." + schema;
  }

  /** Whether this instance holds the lock and relays; the others stand by. */
  public boolean leading() {
    return leading;
  }

  /** Runs a relay pass now, or right after the one running. */
  public void wake() {
    if (Vertx.currentContext() != context) {
      context.runOnContext(now -> wake());
      return;
    }
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
      .compose(leads -> leads ? pass() : Future.succeededFuture())
      .onFailure(failure -> {
        resumed = false;
        LOG.warn("Outbox relay of {} failed, will retry: {}", schema, failure.getMessage());
      })
      .onComplete(done -> {
        running = false;
        passes++;
        if (wokenWhileRunning) {
          wake();
        }
      });
  }

  /** How many passes have ended: for tests, which wait for passes rather than for time. */
  long passes() {
    return passes;
  }

  /** Stops relaying; a leader first records how far it published, so that the next starts from there. */
  public Future<Void> close() {
    return Future.<Void>future(closing -> context.runOnContext(now -> {
        closed = true;
        vertx.cancelTimer(timer);
        outbox.stopTelling(committed);
        closing.complete();
      }))
      .compose(stopped -> leading ? record() : Future.succeededFuture())
      .otherwiseEmpty()
      .compose(recordedAll -> Future.join(
        wakeUps == null ? Future.succeededFuture() : wakeUps.unregister(),
        lockConnection == null ? Future.succeededFuture() : lockConnection.close()))
      .mapEmpty();
  }

  /** A transaction of this instance that wrote events committed: relay it, or tell the instance that relays. */
  private void committed() {
    if (Vertx.currentContext() != context) {
      context.runOnContext(now -> committed());
    } else if (leading) {
      wake();
    } else {
      tellLeader();
    }
  }

  private void tellLeader() {
    if (closed) {
      return;
    }
    if (tellingLeader) {
      tellLeaderAgain = true;
      return;
    }
    tellingLeader = true;
    vertx.eventBus().publish(wakeAddress, new JsonObject());
    vertx.setTimer(TELL_LEADER_EVERY_MILLIS, quiet -> {
      tellingLeader = false;
      if (tellLeaderAgain) {
        tellLeaderAgain = false;
        tellLeader();
      }
    });
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
          resumed = false;
        });
      });
    return connection
      .compose(opened -> opened.preparedQuery(TRY_LOCK).execute(Tuple.of("bazaar.outbox." + schema)))
      .map(rows -> leading = rows.iterator().next().getBoolean("locked"));
  }

  private Future<Void> pass() {
    return (resumed ? Future.<Void>succeededFuture() : resume())
      .compose(caughtUp -> numberAndPublish())
      .compose(all -> recordNowAndThen())
      .compose(recordedOrNot -> pruneNowAndThen());
  }

  /** Publishes what lies between the recorded published position and the last given out, then relays as usual. */
  private Future<Void> resume() {
    return store.relayState(pool).compose(state -> {
      recorded = state[1];
      recordedAtMillis = System.currentTimeMillis();
      published = Math.max(published, recorded);
      return publishUpTo(state[0]);
    }).onSuccess(done -> resumed = true);
  }

  private Future<Void> publishUpTo(long assigned) {
    if (published >= assigned) {
      return Future.succeededFuture();
    }
    return store.read(pool, published, BATCH).compose(events -> {
      if (events.isEmpty()) {
        published = assigned; // nothing left to find: retention only takes what was recorded published
        return Future.succeededFuture();
      }
      publish(events);
      return publishUpTo(assigned);
    });
  }

  private Future<Void> numberAndPublish() {
    return store.number(pool, BATCH).compose(events -> {
      publish(events);
      return events.size() < BATCH ? Future.succeededFuture() : numberAndPublish();
    });
  }

  private void publish(List<Event> events) {
    events.forEach(event -> vertx.eventBus().publish(address, event.toJson()));
    if (!events.isEmpty()) {
      published = Math.max(published, events.get(events.size() - 1).getPosition());
    }
  }

  private Future<Void> recordNowAndThen() {
    return System.currentTimeMillis() - recordedAtMillis < recordEveryMillis ? Future.succeededFuture() : record();
  }

  /** Writes how far this relay has published, when that moved since last written: idle, it writes nothing. */
  private Future<Void> record() {
    if (published <= recorded) {
      return Future.succeededFuture();
    }
    long position = published;
    return store.markPublished(pool, position).onSuccess(done -> {
      recorded = Math.max(recorded, position);
      recordedAtMillis = System.currentTimeMillis();
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
