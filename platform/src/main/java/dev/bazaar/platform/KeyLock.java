package dev.bazaar.platform;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * A lock on one key, such as an order id, held until the transaction ends. Two transactions that each check for the
 * other's row before writing their own (a payment and the mark forbidding it) cannot see each other's uncommitted
 * rows; taking this lock first makes the second wait for the first and see what it wrote.
 *
 * <p>It is a PostgreSQL advisory lock in the two-key form, namespace and key, which keeps it apart from the one-key
 * locks the outbox relays hold.
 */
public final class KeyLock {

  private KeyLock() {
  }

  public static Future<Void> lock(SqlClient transaction, String namespace, String key) {
    return transaction.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))")
      .execute(Tuple.of(namespace, key)).mapEmpty();
  }
}
