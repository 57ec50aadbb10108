package dev.bazaar.contracts.order;

import io.vertx.codegen.annotations.VertxGen;

/**
 * Where an order stands. While it is being placed it goes PENDING, STOCK_RESERVED, PRICED, PAYMENT_AUTHORIZED,
 * SHIPMENT_CREATED, and ends CONFIRMED, or REJECTED (the stock or the request), PAYMENT_DECLINED, or FAILED (a step
 * failed, and what was done before it was undone). A confirmed order is SHIPPED and DELIVERED as its parcel moves, or
 * CANCELLING then CANCELLED before that; a delivered one may be REFUNDED. The moves allowed between them are one table
 * in the order service.
 */
@VertxGen
public enum OrderStatus {
  PENDING,
  STOCK_RESERVED,
  PRICED,
  PAYMENT_AUTHORIZED,
  SHIPMENT_CREATED,
  CONFIRMED,
  REJECTED,
  PAYMENT_DECLINED,
  FAILED,
  CANCELLING,
  CANCELLED,
  SHIPPED,
  DELIVERED,
  REFUNDED
}
