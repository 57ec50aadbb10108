package dev.bazaar.contracts.notification;

import io.vertx.codegen.annotations.VertxGen;

/** Where a notification's email stands. */
@VertxGen
public enum DeliveryStatus {
  /** Waiting to be sent, or to be sent again after a failure. */
  PENDING,
  /** The mail server accepted it. */
  SENT,
  /** Every attempt failed, or the server refused it for good; the reason says why. */
  FAILED,
  /** Kept, and never to be sent: no address, an opt-out, or no mail server configured; the reason says which. */
  NOT_SENT
}
