package dev.bazaar.payment;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.payment.PaymentStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Makes sure every confirmed order's payment is captured, even when the order service died between storing the order
 * CONFIRMED and capturing. The saga captures right after it confirms, so the event of the confirmation normally finds
 * the payment captured, or being captured (the issuer takes tens of milliseconds). So the event does not capture: it
 * notes the confirmation on a payment still AUTHORIZED, one statement inside the consumer's transaction with no
 * issuer call to hold it open, and {@link #captureOverdue} captures the payments still AUTHORIZED {@code grace} after
 * that. Capturing sooner would mostly race the saga's own capture, and hold the consumer's transaction, which
 * applies the events one after the other, through an issuer call per order.
 */
final class ConfirmedOrders {

  private static final Logger LOG = LoggerFactory.getLogger(ConfirmedOrders.class);
  /** How many overdue payments one sweep captures, one after the other. */
  private static final int SWEEP = 20;
  private static final Set<PaymentStatus> CAPTURED_ALREADY =
    Set.of(PaymentStatus.CAPTURED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED);

  private final PaymentRepository repository;
  private final PaymentService payments;
  private final Duration grace;

  /** Captures through {@code payments} what is still AUTHORIZED {@code grace} after its order's confirmation. */
  ConfirmedOrders(PaymentRepository repository, PaymentService payments, Duration grace) {
    this.repository = repository;
    this.payments = payments;
    this.grace = grace;
  }

  /**
   * The effect of one of the order service's events. A confirmed order whose payment is not AUTHORIZED and not
   * captured is a saga's mistake to look into, not a reason to stop following the order service: it is logged.
   */
  Future<Void> apply(SqlConnection transaction, Event event) {
    if (!OrderEvents.CONFIRMED.equals(event.getType())) {
      return Future.succeededFuture();
    }
    String orderId = event.getAggregateId();
    return repository.markConfirmed(transaction, orderId).map(status -> {
      if (status == null) {
        LOG.warn("Order {} was confirmed, but it has no payment to capture", orderId);
      } else if (status != PaymentStatus.AUTHORIZED && !CAPTURED_ALREADY.contains(status)) {
        LOG.warn("Order {} was confirmed, but its payment is {}: it is not captured", orderId, status);
      }
      return null;
    });
  }

  /** Captures, one after the other, payments still AUTHORIZED {@code grace} after their order was confirmed. */
  Future<Void> captureOverdue() {
    return repository.confirmedUncaptured(grace, SWEEP).compose(this::captureEach);
  }

  private Future<Void> captureEach(List<String> orderIds) {
    Future<Void> chain = Future.succeededFuture();
    for (String orderId : orderIds) {
      chain = chain.compose(previous -> payments.capture(orderId)
        .onSuccess(captured -> LOG.info("Captured the payment of confirmed order {}, which its saga had not", orderId))
        .onFailure(failure -> LOG.warn("Could not capture the payment of confirmed order {}: {}", orderId,
          failure.getMessage()))
        .<Void>mapEmpty().otherwiseEmpty());
    }
    return chain;
  }
}
