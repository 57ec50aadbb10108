package dev.bazaar.contracts.catalog;

import io.vertx.codegen.annotations.VertxGen;

/** A reservation is HELD until it is committed, released, or runs out of time; the last three are final. */
@VertxGen
public enum ReservationStatus {
  HELD,
  COMMITTED,
  RELEASED,
  EXPIRED
}
