package dev.bazaar.payment;

import dev.bazaar.contracts.payment.PaymentStatus;
import dev.bazaar.platform.Transitions;

import static dev.bazaar.contracts.payment.PaymentStatus.AUTHORIZED;
import static dev.bazaar.contracts.payment.PaymentStatus.CAPTURED;
import static dev.bazaar.contracts.payment.PaymentStatus.DECLINED;
import static dev.bazaar.contracts.payment.PaymentStatus.FAILED;
import static dev.bazaar.contracts.payment.PaymentStatus.PARTIALLY_REFUNDED;
import static dev.bazaar.contracts.payment.PaymentStatus.PENDING;
import static dev.bazaar.contracts.payment.PaymentStatus.REFUNDED;
import static dev.bazaar.contracts.payment.PaymentStatus.VOIDED;

/**
 * The life of a payment, in one table: every move a payment may make. DECLINED, FAILED, VOIDED and REFUNDED are final.
 * PENDING may be VOIDED: a checkout that gives up while the issuer is still deciding voids it then.
 */
final class PaymentStates {

  static final Transitions<PaymentStatus> MOVES = Transitions.of(PaymentStatus.class)
    .allow(PENDING, AUTHORIZED, DECLINED, FAILED, VOIDED)
    .allow(AUTHORIZED, CAPTURED, VOIDED)
    .allow(CAPTURED, PARTIALLY_REFUNDED, REFUNDED)
    .allow(PARTIALLY_REFUNDED, PARTIALLY_REFUNDED, REFUNDED);

  private PaymentStates() {
  }
}
