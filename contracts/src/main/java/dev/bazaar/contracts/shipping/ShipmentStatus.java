package dev.bazaar.contracts.shipping;

import io.vertx.codegen.annotations.VertxGen;

/**
 * Where a shipment stands. The carrier moves it LABEL_CREATED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED; it can be
 * CANCELLED only while its label is all there is. DELIVERED and CANCELLED are final.
 */
@VertxGen
public enum ShipmentStatus {
  LABEL_CREATED,
  IN_TRANSIT,
  OUT_FOR_DELIVERY,
  DELIVERED,
  CANCELLED
}
