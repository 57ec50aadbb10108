package dev.bazaar.contracts.payment;

import io.vertx.codegen.annotations.VertxGen;

/**
 * Where a payment stands. PENDING while the processor is being asked; then AUTHORIZED, DECLINED or FAILED; an
 * authorization is CAPTURED or VOIDED; a capture may be PARTIALLY_REFUNDED, then REFUNDED. The moves allowed between
 * them are written in one table in the payment service.
 */
@VertxGen
public enum PaymentStatus {
  PENDING,
  AUTHORIZED,
  DECLINED,
  FAILED,
  CAPTURED,
  VOIDED,
  PARTIALLY_REFUNDED,
  REFUNDED
}
