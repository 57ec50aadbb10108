package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service's outbox, as its repository writes to it and its proxy reads it. An event is written in the transaction
 * of the change it announces, so the two commit together or not at all; the {@link OutboxRelay} publishes it after
 * commit. The same rows form the service's event log, kept for the retention period and read in position order.
 *
 * <p>A write in a transaction of {@code pool.withTransaction} tells this instance's relays once that transaction has
 * committed, so they need not poll for it: the relay learns from the writer, not from PostgreSQL's NOTIFY, whose lock
 * at commit would serialize every transaction that wrote events.
 */
public final class Outbox {

  /** The most events one read of the log returns. */
  public static final int MAX_READ = 1_000;

  private final OutboxStore store;
  private final String schema;
  /** What to run after a transaction that wrote events committed: this instance's relays' wake-ups. */
  private final List<Runnable> committedListeners = new CopyOnWriteArrayList<>();

  /** The outbox in {@code schema}, whose events name {@code source} as their producer. */
  public Outbox(String schema, String source) {
    this.store = new OutboxStore(schema, source);
    this.schema = schema;
  }

  /** Adds an event to the transaction the caller is running; it becomes visible when that transaction commits. */
  public Future<Void> write(SqlClient transaction, String type, String aggregateId, JsonObject data) {
    return store.append(transaction, type, aggregateId, data).onSuccess(appended -> tellOnCommit(transaction));
  }

  /** Adds one event of {@code type} per aggregate, in the map's order, to the caller's transaction. */
  public Future<Void> writeAll(SqlClient transaction, String type, Map<String, JsonObject> dataByAggregate) {
    return dataByAggregate.isEmpty()
      ? Future.succeededFuture()
      : store.appendAll(transaction, type, dataByAggregate).onSuccess(appended -> tellOnCommit(transaction));
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

  /**
   * A transaction's completion succeeds on commit only (vertx-sql-client 5.0.7, TransactionImpl.completion()), so a
   * rolled-back write wakes nobody. A client that is no such transaction (a pool, a BEGIN sent as a query) tells
   * nobody: its rows wait for the relay's poll.
   */
  private void tellOnCommit(SqlClient transaction) {
    if (transaction instanceof SqlConnection connection && connection.transaction() != null) {
      connection.transaction().completion().onSuccess(committed -> committed());
    }
  }

  private void committed() {
    if (!committedListeners.isEmpty()) {
      committedListeners.forEach(Runnable::run);
      return;
    }
    // No relay of this process relays this outbox (a tool, a test writing beside a deployed service): tell the relay
    // of the schema on the bus, once per commit, as a standby relay would (without its coalescing; this is rare).
    Context context = Vertx.currentContext();
    if (context != null) {
      context.owner().eventBus().publish(OutboxRelay.wakeAddress(schema), new JsonObject());
    }
  }

  /** Runs {@code listener} after each transaction that wrote to this outbox commits; for the relay. */
  void onCommitted(Runnable listener) {
    committedListeners.add(listener);
  }

  void stopTelling(Runnable listener) {
    committedListeners.remove(listener);
  }

  OutboxStore store() {
    return store;
  }
}
