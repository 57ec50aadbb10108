package dev.bazaar.contracts.shipping;

import io.vertx.codegen.annotations.VertxGen;

/** Where a parcel goes, as rates see it: the shop's own country, another EU country, or anywhere else. */
@VertxGen
public enum ShippingZone {
  DOMESTIC,
  EU,
  REST_OF_WORLD
}
