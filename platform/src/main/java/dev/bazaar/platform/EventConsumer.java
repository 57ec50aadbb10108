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
import java.util.List;
import java.util.function.Supplier;

/**
 * Applies another service's events to this service, each exactly once, none missed.
 *
 * <p>Publishes on the bus are the fast path, but a publish made while this service was down, or lost on the way, is
 * never repeated; the producer's log is the truth. So the consumer keeps its position in the producer's log in its own
 * schema, reads the log from there on start, whenever a publish skips positions, and on a timer; and it applies each
 * event in one transaction with recording the event's id and its new position. An event delivered twice finds its id
 * recorded and changes nothing. Several instances of a service may consume together: the id decides which applies.
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
  private static final int BATCH = 200;

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
    return consumer.store.cursor(pool, producer)
      .compose(position -> {
        consumer.position = position;
        consumer.subscription = vertx.eventBus().consumer(Event.address(producer),
          message -> consumer.inTurn(() -> consumer.published(new Event(message.body()))));
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

  private Future<Void> published(Event event) {
    if (event.getPosition() <= position) {
      return Future.succeededFuture(); // applied already: a duplicate, or one the log gave us first
    }
    if (event.getPosition() == position + 1) {
      return apply(event);
    }
    return catchUp(); // positions were skipped: the log has what was missed, this event included
  }

  private Future<Void> catchUp() {
    return log.read(position, BATCH).compose(events -> {
      Future<Void> applied = Future.succeededFuture();
      for (Event event : events) {
        applied = applied.compose(previous -> apply(event));
      }
      return events.size() < BATCH ? applied : applied.compose(more -> catchUp());
    });
  }

  private Future<Void> apply(Event event) {
    return pool.withTransaction(transaction -> store.recordConsumed(transaction, event)
        .compose(firstTime -> firstTime ? effect.apply(transaction, event) : Future.succeededFuture())
        .compose(applied -> store.advanceCursor(transaction, producer, event.getPosition())))
      .onSuccess(committed -> position = Math.max(position, event.getPosition()));
  }
}
