package dev.bazaar.order;

import dev.bazaar.contracts.order.Order;
import io.vertx.core.Future;

/**
 * The points between the checkout saga's steps, where a test can stop an order as a crash would: once each step's
 * outcome is stored, before the next begins. Production has none; tests hand an {@code OrderVerticle} their own.
 */
public interface SagaFaults {

  SagaFaults NONE = order -> Future.succeededFuture();

  /** Called with the order as its last step left it; the saga goes on when the future completes. */
  Future<Void> after(Order order);

  /**
   * Called when recovery has taken over the order, before it drives it on; recovery goes on when the future completes.
   * A test holds it here to line a recovery up against a saga that is still running.
   */
  default Future<Void> takenOver(Order order) {
    return Future.succeededFuture();
  }
}
