package dev.bazaar.contracts.catalog;

import io.vertx.codegen.annotations.VertxGen;

/**
 * A reservation is HELD until it is committed, released, or runs out of time. RELEASED and EXPIRED are final; a
 * COMMITTED one is RETURNED when its order is cancelled after all, and its units go back on the shelf.
 */
@VertxGen
public enum ReservationStatus {
  HELD,
  COMMITTED,
  RELEASED,
  EXPIRED,
  RETURNED
}
