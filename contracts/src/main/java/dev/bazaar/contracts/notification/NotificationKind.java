package dev.bazaar.contracts.notification;

import io.vertx.codegen.annotations.VertxGen;

/** What a notification is about; a customer may opt out of each kind. */
@VertxGen
public enum NotificationKind {
  /** The order is placed and paid for: its lines, total and tracking number. */
  ORDER_CONFIRMED,
  /** The card was declined, so the order was not placed. */
  PAYMENT_DECLINED,
  /** The order was cancelled before it shipped, and the payment released. */
  ORDER_CANCELLED,
  /** Money was given back for a delivered order. */
  ORDER_REFUNDED,
  /** The carrier has the parcel. */
  SHIPPED,
  /** The parcel was delivered. */
  DELIVERED
}
