package dev.bazaar.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A key's lock is held by one transaction at a time, until it ends, and only for that key in that namespace. */
@ExtendWith(VertxExtension.class)
class KeyLockTest {

  private static Pool pool;

  @BeforeAll
  static void start(Vertx vertx) {
    pool = Database.pool(vertx, new DatabaseConfig(SharedPostgres.server().uri(), 4));
  }

  @AfterAll
  static void stop() {
    pool.close().await();
  }

  @Test
  @Timeout(30) // a lock that took other keys too would leave this waiting
  void aSecondTransactionWaitsForTheKeyUntilTheFirstEnds(Vertx vertx) {
    Promise<Void> firstMayEnd = Promise.promise();
    Promise<Void> firstHoldsTheKey = Promise.promise();
    Future<Void> first = pool.withTransaction(tx -> KeyLock.lock(tx, "orders", "order-1")
      .onSuccess(locked -> firstHoldsTheKey.complete())
      .compose(locked -> firstMayEnd.future()));
    firstHoldsTheKey.future().await();

    Future<Void> second = pool.withTransaction(tx -> KeyLock.lock(tx, "orders", "order-1"));
    pool.withTransaction(tx -> KeyLock.lock(tx, "orders", "order-2")).await();
    pool.withTransaction(tx -> KeyLock.lock(tx, "parcels", "order-1")).await();
    vertx.timer(300).await();

    assertThat(second.isComplete()).as("the second waits while the first holds the key").isFalse();
    firstMayEnd.complete();
    first.await();
    second.await();
    assertThat(second.succeeded()).isTrue();
  }
}
