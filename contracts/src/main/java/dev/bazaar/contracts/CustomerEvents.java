package dev.bazaar.contracts;

/**
 * The addresses on which a client of the event bus bridges follows one customer's events. The services publish every
 * customer's events together ({@link Event#address}); the web node that bridges a client hands each event to the
 * address of the customer it concerns, so a customer can be let follow their own and nothing else.
 */
public final class CustomerEvents {

  private static final String PREFIX = "bazaar.customers.";
  private static final String ORDERS = ".orders";
  private static final String NOTIFICATIONS = ".notifications";

  /** Every address of {@link #orders} and {@link #notifications}, as a regular expression. */
  public static final String ADDRESSES = "bazaar\\.customers\\..+\\.(orders|notifications)";

  private CustomerEvents() {
  }

  /** Every event of the customer's orders, as the order service publishes it: {@code order.placed}, … */
  public static String orders(String customerId) {
    return PREFIX + customerId + ORDERS;
  }

  /** The customer's notification feed, as the notification service publishes it. */
  public static String notifications(String customerId) {
    return PREFIX + customerId + NOTIFICATIONS;
  }

  /** The customer an address of {@link #orders} or {@link #notifications} belongs to; null for any other address. */
  public static String customerOf(String address) {
    if (address == null || !address.startsWith(PREFIX)) {
      return null;
    }
    for (String suffix : new String[] {ORDERS, NOTIFICATIONS}) {
      if (address.endsWith(suffix) && address.length() > PREFIX.length() + suffix.length()) {
        return address.substring(PREFIX.length(), address.length() - suffix.length());
      }
    }
    return null;
  }
}
