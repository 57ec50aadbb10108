package dev.bazaar.contracts.payment;

/**
 * The events the payment service publishes on {@code bazaar.events.payment}. Each carries the payment as
 * {@link Payment} shows it (amounts, status, brand and last 4, a decline's reason), never card data; a refund also
 * carries {@code refundId} and {@code refundedNow}.
 */
public final class PaymentEvents {

  public static final String AUTHORIZED = "payment.authorized";
  public static final String DECLINED = "payment.declined";
  public static final String FAILED = "payment.failed";
  public static final String CAPTURED = "payment.captured";
  public static final String VOIDED = "payment.voided";
  public static final String REFUNDED = "payment.refunded";

  private PaymentEvents() {
  }
}
