package dev.bazaar.platform;

import dev.bazaar.contracts.Event;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every SQL statement of a service's outbox and inbox, the tables {@code db/platform} migrations give each schema.
 * The statements name their tables with the service's schema, because a pool's connections search no schema of
 * their own; each is put together once, here, and read whole below.
 */
final class OutboxStore {

  private final String source;
  private final String append;
  private final String number;
  private final String relayState;
  private final String markPublished;
  private final String read;
  private final String readAbout;
  private final String prune;
  private final String cursor;
  private final String startCursor;
  private final String moveCursor;

  OutboxStore(String schema, String source) {
    this.source = source;
    String outbox = schema + ".outbox";
    String relay = schema + ".outbox_relay";
    String columns = "id, type, aggregate_id, occurred_at, data, position";

    append = "INSERT INTO " + outbox + " (id, type, aggregate_id, data) VALUES ($1, $2, $3, $4)";

    // The one active relay numbers the rows it can see, which are exactly the committed ones, after the last number
    // it gave out. A transaction still open has rows nobody can see yet; they get later numbers once it commits.
    // So a reader that has seen position p never finds a row below p appear afterwards.
    // One statement numbers and returns the rows, so a relay pass is one transaction; when nothing is unnumbered
    // neither UPDATE matches a row (the relay row's is guarded by EXISTS), and a statement that changes no row takes
    // no transaction id: an idle pass writes nothing. "position IS NULL" is checked again on the row being updated, so
    // a relay that lost its lock mid-pass cannot renumber what the new one numbered; a clash fails on the unique key.
    number = "WITH relay AS (SELECT assigned_position AS last FROM " + relay + "),"
      + " fresh AS (SELECT id, row_number() OVER (ORDER BY seq) AS n FROM " + outbox
      + "   WHERE position IS NULL ORDER BY seq LIMIT $1),"
      + " numbered AS (UPDATE " + outbox + " o SET position = relay.last + fresh.n FROM fresh, relay"
      + "   WHERE o.id = fresh.id AND o.position IS NULL RETURNING o." + columns.replace(", ", ", o.") + "),"
      + " assigned AS (UPDATE " + relay + " SET assigned_position = (SELECT max(position) FROM numbered)"
      + "   WHERE EXISTS (SELECT 1 FROM numbered) RETURNING 1)"
      + " SELECT " + columns + " FROM numbered ORDER BY position";

    relayState = "SELECT assigned_position, published_position FROM " + relay;
    markPublished = "UPDATE " + relay + " SET published_position = $1 WHERE published_position < $1";
    read = "SELECT " + columns + " FROM " + outbox + " WHERE position > $1 ORDER BY position LIMIT $2";
    readAbout = "SELECT " + columns + " FROM " + outbox + " WHERE aggregate_id = $1 AND position > $2"
      + " ORDER BY position LIMIT $3";

    // Only what was published (as far as the relay has recorded) and is older than the retention goes.
    prune = "DELETE FROM " + outbox + " WHERE occurred_at < now() - make_interval(secs => $1)"
      + " AND position <= (SELECT published_position FROM " + relay + ")";

    cursor = "SELECT position FROM " + schema + ".consumer_cursor WHERE source = $1";
    startCursor = "INSERT INTO " + schema + ".consumer_cursor (source, position) VALUES ($1, 0) ON CONFLICT DO NOTHING";
    // Compare-and-set: moves only from the position the caller read, and only forward. Taken first in a batch's
    // transaction, it holds the cursor's row, so another instance applying the same events waits, then matches nothing.
    moveCursor = "UPDATE " + schema + ".consumer_cursor SET position = $3"
      + " WHERE source = $1 AND position = $2 AND $3 > $2";
  }

  // ---- producing

  Future<Void> append(SqlClient transaction, String type, String aggregateId, JsonObject data) {
    return transaction.preparedQuery(append)
      .execute(Tuple.of(UUID.randomUUID(), type, aggregateId, data))
      .mapEmpty();
  }

  Future<Void> appendAll(SqlClient transaction, String type, Map<String, JsonObject> dataByAggregate) {
    List<Tuple> batch = new ArrayList<>();
    dataByAggregate.forEach((aggregateId, data) -> batch.add(Tuple.of(UUID.randomUUID(), type, aggregateId, data)));
    return transaction.preparedQuery(append).executeBatch(batch).mapEmpty();
  }

  /**
   * Gives the next positions to up to {@code limit} committed rows without one and returns them in position order;
   * writes nothing when there are none.
   */
  Future<List<Event>> number(SqlClient client, int limit) {
    return client.preparedQuery(number).execute(Tuple.of(limit)).map(this::events);
  }

  /** The last position given out and the last recorded as published: {@code [assigned, published]}. */
  Future<long[]> relayState(SqlClient client) {
    return client.query(relayState).execute().map(rows -> {
      Row row = rows.iterator().next();
      return new long[] {row.getLong("assigned_position"), row.getLong("published_position")};
    });
  }

  /** Records that everything up to {@code position} was published; never moves the record back. */
  Future<Void> markPublished(SqlClient client, long position) {
    return client.preparedQuery(markPublished).execute(Tuple.of(position)).mapEmpty();
  }

  Future<List<Event>> read(SqlClient client, long afterPosition, int limit) {
    return client.preparedQuery(read).execute(Tuple.of(afterPosition, limit)).map(this::events);
  }

  Future<List<Event>> readAbout(SqlClient client, String aggregateId, long afterPosition, int limit) {
    return client.preparedQuery(readAbout).execute(Tuple.of(aggregateId, afterPosition, limit)).map(this::events);
  }

  Future<Void> prune(SqlClient client, Duration retention) {
    return client.preparedQuery(prune).execute(Tuple.of(retention.toMillis() / 1000.0)).mapEmpty();
  }

  // ---- consuming

  /** How far the consumer has applied {@code producer}'s log; 0 before it applied anything. */
  Future<Long> cursor(SqlClient client, String producer) {
    return client.preparedQuery(cursor).execute(Tuple.of(producer))
      .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("position"));
  }

  /** Gives {@code producer} a cursor at 0 unless it has one: a row for {@link #moveCursor} to compare with. */
  Future<Void> startCursor(SqlClient client, String producer) {
    return client.preparedQuery(startCursor).execute(Tuple.of(producer)).mapEmpty();
  }

  /** Moves the cursor from {@code expected} to {@code position}; false when it no longer stood at {@code expected}. */
  Future<Boolean> moveCursor(SqlClient transaction, String producer, long expected, long position) {
    return transaction.preparedQuery(moveCursor).execute(Tuple.of(producer, expected, position))
      .map(rows -> rows.rowCount() == 1);
  }

  private List<Event> events(Iterable<Row> rows) {
    List<Event> events = new ArrayList<>();
    for (Row row : rows) {
      events.add(new Event()
        .setId(row.getUUID("id").toString())
        .setSource(source)
        .setType(row.getString("type"))
        .setAggregateId(row.getString("aggregate_id"))
        .setOccurredAt(row.getOffsetDateTime("occurred_at").toInstant().toString())
        .setPosition(row.getLong("position"))
        .setData((JsonObject) row.getValue("data")));
    }
    return events;
  }
}
