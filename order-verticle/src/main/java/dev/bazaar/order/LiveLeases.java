package dev.bazaar.order;

import dev.bazaar.order.OrderRepository.Lease;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases of the sagas this instance is driving right now, which it renews a few times per lease, and which its own
 * recovery never takes over. A lease is otherwise renewed only when a step is stored, so one slow call (a hot stock row
 * under load) would let it run out, and recovery would take over a saga that is alive: two drivers for one order.
 * Renewing alone is not enough under load: a renewal queued behind a busy pool can come after the lease ran out.
 */
final class LiveLeases {

  private final Set<Lease> driving = ConcurrentHashMap.newKeySet();

  void keep(Lease lease) {
    driving.add(lease);
  }

  void drop(Lease lease) {
    driving.remove(lease);
  }

  List<Lease> all() {
    return List.copyOf(driving);
  }

  /** Whether this instance is driving the order now, which its own recovery then must not take over. */
  boolean drives(UUID orderId) {
    return driving.stream().anyMatch(lease -> lease.orderId().equals(orderId));
  }
}
