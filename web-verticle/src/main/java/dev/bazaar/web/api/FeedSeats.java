package dev.bazaar.web.api;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/**
 * How many live feeds each customer holds open, so that one customer cannot tie up a node with streams. The count is
 * per node, not per cluster: every web verticle instance of this process counts in the same local map, so a customer
 * may hold the limit on each node a load balancer sends them to.
 */
final class FeedSeats {

  private static final String MAP = "bazaar.web.feed-seats";

  private final LocalMap<String, Integer> held;
  private final int perCustomer;

  FeedSeats(Vertx vertx, int perCustomer) {
    this.held = vertx.sharedData().getLocalMap(MAP);
    this.perCustomer = perCustomer;
  }

  int perCustomer() {
    return perCustomer;
  }

  /** Takes a seat for a new stream of the customer; false when they hold every seat already. */
  boolean take(String customer) {
    // merge is atomic across the event loops; a take that went over gives its seat back, so two takes racing for the
    // last seat never both get it.
    if (held.merge(customer, 1, Integer::sum) <= perCustomer) {
      return true;
    }
    release(customer);
    return false;
  }

  /** Gives back the seat of a stream that ended. */
  void release(String customer) {
    held.computeIfPresent(customer, (key, count) -> count <= 1 ? null : count - 1);
  }
}
