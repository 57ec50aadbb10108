package dev.bazaar.platform;

import dev.bazaar.contracts.Event;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Applies another service's events to this service, each exactly once, none missed.
 *
 * <p>Publishes on the bus are the fast path, but a publish made while this service was down, or lost on the way, is
 * never repeated; the producer's log is the truth. So the consumer keeps its position in the producer's log in its own
 * schema, reads the log from there on start, whenever a publish skips positions, and on a timer; and it applies events
 * in one transaction with moving that position, by compare-and-set, from where this instance last saw it to the last
 * event applied. Positions are dense and ordered per producer, so the position alone says which events were applied:
 * an event delivered twice lies behind it and changes nothing, and when several instances of a service consume
 * together the one whose compare-and-set matches applies, the others find the cursor moved, reload it and go on from
 * there. An event whose effect changes nothing costs no row at all.
 *
 * <p>Events that arrive while others are being applied, and the pages of a catch-up, are applied together, up to
 * {@link #BATCH} in one transaction, so that a busy producer costs its consumers one commit per batch rather than per
 * event. When a batch fails, its events are applied one by one, so that those before the one that failed still count.
 */
public final class EventConsumer {

  /** A producer's log: its proxy's {@code events(afterPosition, limit)}. */
  public interface Log {
    Future<List<Event>> read(long afterPosition, int limit);
  }

  /** What an event does to this service, inside the transaction that records it. */
  public interface Effect {
    Future<Void> apply(SqlConnection transaction, Event event);
  }

  private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);
  /** How many events one read of the log asks for. */
  private static final int PAGE = 200;
  /** How many events one transaction applies at most. */
  static final int BATCH = 50;

  private final Vertx vertx;
  private final Pool pool;
  private final OutboxStore store;
  private final String producer;
  private final Log log;
  private final Effect effect;
  private MessageConsumer<JsonObject> subscription;
  private long timer;
  private long position;
  private Future<Void> queue = Future.succeededFuture();
  /** Published events not yet taken up; a turn to take them up is queued whenever this is not empty. */
  private final List<Event> arrived = new ArrayList<>();

  private EventConsumer(Vertx vertx, Pool pool, String schema, String producer, Log log, Effect effect) {
    this.vertx = vertx;
    this.pool = pool;
    this.store = new OutboxStore(schema, producer);
    this.producer = producer;
    this.log = log;
    this.effect = effect;
  }

  /**
   * Starts consuming {@code producer}'s events into {@code schema}: subscribes, then catches up from the log. Completes
   * once subscribed and caught up as far as the producer answered; a producer that is down does not stop it.
   */
  public static Future<EventConsumer> start(Vertx vertx, Pool pool, String schema, String producer, Log log,
                                            Effect effect, Duration catchUpEvery) {
    EventConsumer consumer = new EventConsumer(vertx, pool, schema, producer, log, effect);
    // A row for the compare-and-set to compare with; once there, the insert finds it and writes nothing.
    return consumer.store.startCursor(pool, producer)
      .compose(started -> consumer.store.cursor(pool, producer))
      .compose(position -> {
        consumer.position = position;
        consumer.subscription = vertx.eventBus().consumer(Event.address(producer),
          message -> consumer.arrived(new Event(message.body())));
        return consumer.subscription.completion();
      })
      // A producer that is down now is caught up with later, on the timer or its next publish.
      .compose(subscribed -> consumer.inTurn(consumer::catchUp).otherwiseEmpty())
      .map(caughtUp -> {
        consumer.timer = vertx.setPeriodic(catchUpEvery.toMillis(), tick -> consumer.inTurn(consumer::catchUp));
        return consumer;
      });
  }

  /** The position in the producer's log up to which every event has been applied. */
  public long position() {
    return position;
  }

  public Future<Void> close() {
    vertx.cancelTimer(timer);
    return subscription == null ? Future.succeededFuture() : subscription.unregister();
  }

  /** One thing at a time: events are applied in position order, never two at once from this instance. */
  private Future<Void> inTurn(Supplier<Future<Void>> work) {
    Future<Void> next = queue.transform(previous -> work.get())
      .onFailure(failure -> LOG.warn("Could not apply {} events, will catch up later: {}", producer, failure.getMessage()));
    queue = next.otherwiseEmpty();
    return next;
  }

  private void arrived(Event event) {
    arrived.add(event);
    if (arrived.size() == 1) {
      inTurn(this::published);
    }
  }

  /** Everything published since the last turn: applied at once when it follows on, or else read from the log. */
  private Future<Void> published() {
    // One of each position, in order; the rest were applied already, or the log gave them first.
    TreeMap<Long, Event> byPosition = new TreeMap<>();
    arrived.stream().filter(event -> event.getPosition() > position)
      .forEach(event -> byPosition.putIfAbsent(event.getPosition(), event));
    arrived.clear();
    List<Event> events = List.copyOf(byPosition.values());
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).getPosition() != position + 1 + i) {
        return catchUp(); // positions were skipped: the log has what was missed, these events included
      }
    }
    return applyInBatches(events);
  }

  private Future<Void> catchUp() {
    return log.read(position, PAGE).compose(events -> {
      Future<Void> applied = applyInBatches(events);
      return events.size() < PAGE ? applied : applied.compose(more -> catchUp());
    });
  }

  private Future<Void> applyInBatches(List<Event> events) {
    Future<Void> applied = Future.succeededFuture();
    for (int from = 0; from < events.size(); from += BATCH) {
      List<Event> batch = events.subList(from, Math.min(events.size(), from + BATCH));
      applied = applied.compose(previous -> apply(batch)
        .recover(failure -> batch.size() == 1 ? Future.failedFuture(failure) : applyOneByOne(batch)));
    }
    return applied;
  }

  private Future<Void> applyOneByOne(List<Event> batch) {
    Future<Void> applied = Future.succeededFuture();
    for (Event event : batch) {
      applied = applied.compose(previous -> apply(List.of(event)));
    }
    return applied;
  }

  /**
   * Applies the events, in position order, in one transaction that first moves the cursor from this instance's
   * position to the last event's. When the cursor is no longer where this instance saw it, another instance applied
   * some or all of them: nothing is applied here, the cursor is read again, and what lies beyond it is applied.
   */
  private Future<Void> apply(List<Event> events) {
    long expected = position;
    long last = events.get(events.size() - 1).getPosition();
    return pool.withTransaction(transaction -> store.moveCursor(transaction, producer, expected, last)
        .compose(moved -> moved ? applyAll(transaction, events).map(true) : Future.succeededFuture(false)))
      .compose(moved -> {
        if (moved) {
          position = Math.max(position, last);
          return Future.succeededFuture();
        }
        return store.cursor(pool, producer).compose(current -> {
          if (current <= expected) {
            // Not moved on by another instance but missing or moved back, which nothing here does: trying again
            // would spin, and applying from wherever it stands could apply events twice.
            return Future.failedFuture("the cursor of " + producer + " stands at " + current + ", not after " + expected);
          }
          position = Math.max(position, current);
          List<Event> rest = events.stream().filter(event -> event.getPosition() > position).toList();
          return rest.isEmpty() ? Future.succeededFuture() : apply(rest);
        });
      });
  }

  private Future<Void> applyAll(SqlConnection transaction, List<Event> events) {
    Future<Void> applied = Future.succeededFuture();
    for (Event event : events) {
      applied = applied.compose(previous -> effect.apply(transaction, event));
    }
    return applied;
  }
}
