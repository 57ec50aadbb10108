package dev.bazaar.payment;

import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.payment.Card;
import io.vertx.core.Future;

/**
 * A card processor, as the payment service speaks to it. Every call that moves money carries an idempotency key, as
 * processors' APIs do, so that a call repeated after a timeout or a crash has its first effect and no second one.
 */
interface PaymentGateway {

  /** The processor's reference for a card, which later calls charge; the card itself stays with the processor. */
  record CardReference(String reference, String brand, String last4) {
  }

  /** What the issuer said to an authorization: approved, or declined or failed with a reason. */
  record Decision(boolean approved, boolean failed, String reason) {

    static Decision approve() {
      return new Decision(true, false, null);
    }

    static Decision decline(String reason) {
      return new Decision(false, false, reason);
    }

    static Decision fail(String reason) {
      return new Decision(false, true, reason);
    }
  }

  Future<CardReference> register(Card card);

  Future<Decision> authorize(String idempotencyKey, String cardReference, Money amount);

  Future<Void> capture(String idempotencyKey, Money amount);

  Future<Void> voidAuthorization(String idempotencyKey);

  Future<Void> refund(String idempotencyKey, Money amount);
}
