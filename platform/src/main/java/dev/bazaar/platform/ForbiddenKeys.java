package dev.bazaar.platform;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Order ids for which a row must never be made, because the undo came before the do: a void before its authorize, a
 * cancel before its shipment. A saga that gives up on a call does not know whether the call arrived; the undo marks
 * the order when there is nothing to undo yet, and the late call finds the mark and is refused.
 *
 * <p>Marking and making take the order's {@link KeyLock} first, so whichever comes second sees what the first wrote.
 * The maker checks the mark in its own insert ({@code WHERE NOT EXISTS (SELECT 1 FROM <marks> WHERE order_id = $1)}),
 * after {@link #lock}.
 *
 * @param marks the table of marks, {@code (order_id text PRIMARY KEY, created_at)}
 * @param guarded the table whose rows, keyed by {@code order_id}, the marks forbid
 */
public record ForbiddenKeys(String marks, String guarded) {

  /** Takes the order's lock for the rest of the transaction, before making its row. */
  public Future<Void> lock(SqlClient transaction, String orderId) {
    return KeyLock.lock(transaction, guarded, orderId);
  }

  /** Forbids the order's row, unless it exists already: then false, and nothing is marked. */
  public Future<Boolean> forbid(Pool pool, String orderId) {
    Tuple order = Tuple.of(orderId);
    return pool.withTransaction(tx -> lock(tx, orderId)
      .compose(locked -> tx.preparedQuery("INSERT INTO " + marks + " (order_id) SELECT $1"
          + " WHERE NOT EXISTS (SELECT 1 FROM " + guarded + " WHERE order_id = $1) ON CONFLICT (order_id) DO NOTHING")
        .execute(order))
      .compose(marked -> tx.preparedQuery("SELECT 1 FROM " + guarded + " WHERE order_id = $1").execute(order))
      .map(rows -> rows.size() == 0));
  }
}
