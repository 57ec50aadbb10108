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
 * A payment is stored with the issuer's answer; only versions that claimed it before asking left it PENDING, and such
 * a payment may still be decided, or VOIDED by a checkout that gives up.
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
