package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

import java.util.List;
import java.util.Map;

/**
 * A service's outbox, as its repository writes to it and its proxy reads it. An event is written in the transaction
 * of the change it announces, so the two commit together or not at all; the {@link OutboxRelay} publishes it after
 * commit. The same rows form the service's event log, kept for the retention period and read in position order.
 */
public final class Outbox {

  /** The most events one read of the log returns. */
  public static final int MAX_READ = 1_000;

  private final OutboxStore store;

  /** The outbox in {@code schema}, whose events name {@code source} as their producer. */
  public Outbox(String schema, String source) {
    this.store = new OutboxStore(schema, source);
  }

  /** Adds an event to the transaction the caller is running; it becomes visible when that transaction commits. */
  public Future<Void> write(SqlClient transaction, String type, String aggregateId, JsonObject data) {
    return store.append(transaction, type, aggregateId, data);
  }

  /** Adds one event of {@code type} per aggregate, in the map's order, to the caller's transaction. */
  public Future<Void> writeAll(SqlClient transaction, String type, Map<String, JsonObject> dataByAggregate) {
    return dataByAggregate.isEmpty() ? Future.succeededFuture() : store.appendAll(transaction, type, dataByAggregate);
  }

  /**
   * The log after {@code afterPosition}, oldest first: what a service's {@code events(afterPosition, limit)} answers,
   * for a consumer that was down or missed a publish.
   */
  public Future<List<Event>> read(SqlClient client, long afterPosition, int limit) {
    if (afterPosition < 0 || limit < 1) {
      return ErrorCode.INVALID_INPUT.fail("afterPosition must not be negative and limit must be at least 1.");
    }
    return store.read(client, afterPosition, Math.min(limit, MAX_READ));
  }

  /**
   * The events about one aggregate after {@code afterPosition}, oldest first: for a service whose log is read per
   * aggregate, such as a customer's feed. Fast only where the service indexes its outbox on (aggregate_id, position).
   */
  public Future<List<Event>> readAbout(SqlClient client, String aggregateId, long afterPosition, int limit) {
    if (afterPosition < 0 || limit < 1) {
      return ErrorCode.INVALID_INPUT.fail("afterPosition must not be negative and limit must be at least 1.");
    }
    return store.readAbout(client, aggregateId, afterPosition, Math.min(limit, MAX_READ));
  }

  OutboxStore store() {
    return store;
  }
}
