package dev.bazaar.contracts.notification;

/**
 * The events the notification service publishes on {@code bazaar.events.notification}, each with the customer id as
 * its aggregate id: together they are every customer's feed.
 * <ul>
 *   <li>{@link #ORDER_STATUS}: {@code {"orderId", "customerId", "status", "reason", "at"}}, each time one of the
 *   customer's orders reaches a status the order service announces;</li>
 *   <li>{@link #CREATED}, {@link #SENT}, {@link #FAILED}: the notification as {@link Notification} shows it, when it is
 *   made, when its email is accepted, and when it is given up.</li>
 * </ul>
 */
public final class NotificationEvents {

  public static final String ORDER_STATUS = "notification.order-status";
  public static final String CREATED = "notification.created";
  public static final String SENT = "notification.sent";
  public static final String FAILED = "notification.failed";

  private NotificationEvents() {
  }
}
