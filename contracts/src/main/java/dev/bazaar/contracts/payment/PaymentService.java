package dev.bazaar.contracts.payment;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.NotRetriedAfterTimeout;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.util.List;

/**
 * Payments: cards exchanged for payment methods, and the authorizations, captures, voids and refunds of orders.
 *
 * <p>A card travels only as far as {@link #tokenize}; everything after names its payment method. The payment
 * operations are idempotent: by order id, and a refund by its own id, so a caller that timed out may call again and
 * gets the first result, never a second charge. A decline is a result ({@link PaymentStatus#DECLINED} with its
 * reason), not a failure. Failures carry an {@link dev.bazaar.contracts.ErrorCode}.
 */
@ProxyGen
@VertxGen
public interface PaymentService {

  /** The service's name, on the command line and in readiness reports. */
  String NAME = "payment";
  String ADDRESS = "bazaar.payment";

  static PaymentService createProxy(Vertx vertx, DeliveryOptions options) {
    return new PaymentServiceVertxEBProxy(vertx, ADDRESS, options);
  }

  /** Answers when the service and its database are up; used by readiness checks. */
  Future<Void> ping();

  /**
   * Exchanges a card for a payment method of {@code customerId}: brand, last 4 and expiry, never the number or CVC.
   * A number failing the Luhn check, an expired card or a CVC that is not 3 or 4 digits is INVALID_INPUT. A customer
   * whose cards were declined too often of late is TOO_MANY_DECLINES until their cool-down ends.
   */
  @NotRetriedAfterTimeout
  Future<PaymentMethod> tokenize(String customerId, Card card);

  /** The customer's payment method; another customer's is NOT_FOUND, exactly like one that does not exist. */
  Future<PaymentMethod> paymentMethod(String customerId, String paymentMethodId);

  /**
   * Asks the card's issuer to hold {@code amount} for the order: AUTHORIZED, DECLINED with a reason, or FAILED. A new
   * authorization of a customer whose cards were declined too often of late is TOO_MANY_DECLINES, and makes no
   * payment; a repeat of one already made answers as the first did.
   */
  Future<Payment> authorize(String orderId, String customerId, Money amount, String paymentMethodId);

  /** Takes the authorized amount. */
  Future<Payment> capture(String orderId);

  /** Lets the authorization go without taking anything. */
  Future<Payment> voidAuthorization(String orderId);

  /**
   * Gives back part or all of what was captured; never more than was captured minus what was refunded before.
   * {@code refundId} makes the refund idempotent: a second call with it returns the payment and refunds nothing more.
   */
  Future<Payment> refund(String orderId, String refundId, Money amount);

  Future<Payment> get(String orderId);

  /** The payment service's event log after {@code afterPosition}, oldest first, at most {@code limit} (capped at 1000). */
  Future<List<Event>> events(long afterPosition, int limit);
}
