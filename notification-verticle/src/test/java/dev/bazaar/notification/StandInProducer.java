package dev.bazaar.notification;

import dev.bazaar.contracts.Event;
import dev.bazaar.platform.Database;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.Outbox;
import dev.bazaar.platform.OutboxConfig;
import dev.bazaar.platform.OutboxRelay;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.Duration;

/**
 * The event side of another service, for the notification service to follow: a real outbox in a schema of its own,
 * relayed on the real bus as {@code bazaar.events.<source>}, and the service's {@code events} action answering from
 * the log, exactly as a service proxy would. Only the business that would write the events is missing: the test
 * writes them.
 */
final class StandInProducer implements AutoCloseable {

  final String source;
  private final Vertx vertx;
  private final Pool pool;
  private final Outbox outbox;
  private final DatabaseConfig database;
  private final String schema;
  private final String address;
  private OutboxRelay relay;
  private MessageConsumer<JsonObject> service;

  StandInProducer(Vertx vertx, DatabaseConfig database, String source, String address) {
    this.vertx = vertx;
    this.source = source;
    this.database = database;
    this.schema = "stand_in_" + source;
    this.address = address;
    Database.migrate(vertx, database, schema).await();
    this.pool = Database.pool(vertx, database);
    this.outbox = new Outbox(schema, source);
  }

  /** Answers {@code events} on the service's address and relays the log; a producer that is "down" does neither. */
  StandInProducer up() {
    service = vertx.eventBus().consumer(address, message -> {
      JsonObject arguments = message.body();
      outbox.read(pool, arguments.getLong("afterPosition"), arguments.getInteger("limit"))
        .onSuccess(events -> message.reply(new JsonArray(events.stream().map(Event::toJson).toList())))
        .onFailure(failure -> message.fail(500, failure.getMessage()));
    });
    service.completion().await();
    relay = OutboxRelay.start(vertx, pool, database, outbox, schema, source,
      new OutboxConfig(OutboxConfig.DEFAULT_RETENTION, Duration.ofMillis(100)));
    return this;
  }

  void down() {
    if (relay != null) {
      relay.close().await();
      service.unregister().await();
      relay = null;
    }
  }

  /** Writes one event to the log, as the service's transaction would; the relay publishes it after commit. */
  void write(String type, String aggregateId, JsonObject data) {
    pool.withTransaction(tx -> outbox.write(tx, type, aggregateId, data)).await();
  }

  /** The events written so far, as a consumer reads them from the log. */
  java.util.List<Event> log() {
    return outbox.read(pool, 0, 1000).await();
  }

  @Override
  public void close() {
    down();
    pool.close().await();
  }
}
