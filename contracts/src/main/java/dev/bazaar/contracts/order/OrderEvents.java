package dev.bazaar.contracts.order;

/**
 * The events the order service publishes on {@code bazaar.events.order}: one each time an order reaches a status,
 * with the order as {@link Order} shows it (no card data; the payment is its method, brand and last 4).
 */
public final class OrderEvents {

  public static final String PLACED = "order.placed";
  public static final String CONFIRMED = "order.confirmed";
  public static final String REJECTED = "order.rejected";
  public static final String PAYMENT_DECLINED = "order.payment-declined";
  public static final String FAILED = "order.failed";
  public static final String CANCELLED = "order.cancelled";
  public static final String SHIPPED = "order.shipped";
  public static final String DELIVERED = "order.delivered";
  public static final String REFUNDED = "order.refunded";

  private OrderEvents() {
  }
}
