package dev.bazaar.contracts.order;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.shipping.Shipment;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.util.List;

/**
 * Orders: placing them through the checkout saga, reading them, cancelling and refunding them.
 *
 * <p>Placing is idempotent by the customer's idempotency key: the same key with the same request answers what the
 * first answered, and does nothing again; with another request it is IDEMPOTENCY_KEY_REUSED; while the first is still
 * running it is CONFLICT. A customer sees only their own orders: another customer's is NOT_FOUND.
 */
@ProxyGen
@VertxGen
public interface OrderService {

  /** The service's name, on the command line and in readiness reports. */
  String NAME = "order";
  String ADDRESS = "bazaar.order";

  static OrderService createProxy(Vertx vertx, DeliveryOptions options) {
    return new OrderServiceVertxEBProxy(vertx, ADDRESS, options);
  }

  /** Answers when the service and its database are up; used by readiness checks. */
  Future<Void> ping();

  /**
   * Places an order: reserves the stock, prices it, authorizes the payment, creates the shipment, then commits and
   * captures. Answers the CONFIRMED order, or fails: INSUFFICIENT_STOCK (the order is REJECTED), PAYMENT_DECLINED
   * with the issuer's reason, UPSTREAM_FAILED (a later step failed and the earlier ones were undone).
   * {@code fingerprint} identifies the request, so that a key used again for another request is refused.
   */
  Future<Order> place(String customerId, String idempotencyKey, String fingerprint, OrderRequest request);

  /**
   * What placing under this key answered, if it has: the order, or the same failure. NOT_FOUND when nothing was placed
   * under the key yet, CONFLICT while it is running, IDEMPOTENCY_KEY_REUSED for another fingerprint.
   */
  Future<Order> replay(String customerId, String idempotencyKey, String fingerprint);

  /** What the items would cost, delivered to the country, without reserving anything. */
  Future<OrderQuote> quote(OrderQuoteRequest request);

  Future<Order> get(String customerId, String orderId);

  /** The customer's orders, newest first. */
  Future<OrderPage> list(String customerId, int page, int size);

  /** Every customer's orders, newest first, for an admin. */
  Future<OrderPage> search(OrderSearch search);

  /**
   * Cancels a confirmed order that has not shipped: the shipment is cancelled, the payment refunded, the stock put
   * back. CONFLICT once the parcel is on its way. Idempotent.
   */
  Future<Order> cancel(String customerId, String orderId);

  /** Where the order's parcel is. */
  Future<Shipment> shipment(String customerId, String orderId);

  /**
   * Refunds {@code amount} of a delivered order, or what is left of it when {@code amount} is null; {@code refundId}
   * makes the refund idempotent. For an admin.
   */
  Future<Order> refund(String orderId, String refundId, Money amount);

  /** The order service's event log after {@code afterPosition}, oldest first, at most {@code limit} (capped at 1000). */
  Future<List<Event>> events(long afterPosition, int limit);
}
