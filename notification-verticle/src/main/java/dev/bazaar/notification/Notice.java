package dev.bazaar.notification;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.notification.NotificationKind;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.contracts.order.OrderLine;
import dev.bazaar.contracts.payment.Payment;
import dev.bazaar.contracts.payment.PaymentEvents;
import dev.bazaar.contracts.shipping.ShippingEvents;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a customer is told about an event, if anything: the kind of notification, the order it is about, and the
 * values its templates are filled with. Which events make which notification is decided here and nowhere else.
 */
record Notice(NotificationKind kind, String orderId, Map<String, Object> model) {

  private static final Map<String, NotificationKind> KINDS = Map.of(
    OrderEvents.CONFIRMED, NotificationKind.ORDER_CONFIRMED,
    OrderEvents.CANCELLED, NotificationKind.ORDER_CANCELLED,
    OrderEvents.REFUNDED, NotificationKind.ORDER_REFUNDED,
    PaymentEvents.DECLINED, NotificationKind.PAYMENT_DECLINED,
    ShippingEvents.IN_TRANSIT, NotificationKind.SHIPPED,
    ShippingEvents.DELIVERED, NotificationKind.DELIVERED);

  /** The notice an event gives, or none for the events customers are not written to about. */
  static Optional<Notice> of(Event event) {
    NotificationKind kind = KINDS.get(event.getType());
    if (kind == null) {
      return Optional.empty();
    }
    JsonObject data = event.getData();
    return Optional.of(switch (kind) {
      case ORDER_CONFIRMED, ORDER_CANCELLED, ORDER_REFUNDED -> aboutOrder(kind, new Order(data));
      case PAYMENT_DECLINED -> aboutPayment(new Payment(data));
      case SHIPPED, DELIVERED -> aboutParcel(kind, data);
    });
  }

  private static Notice aboutOrder(NotificationKind kind, Order order) {
    Map<String, Object> model = common(order.getId());
    model.put("lines", order.getLines().stream().map(Notice::line).toList());
    model.put("itemsSubtotal", amount(order.getItemsSubtotal()));
    model.put("shipping", amount(order.getShipping()));
    model.put("total", amount(order.getTotal()));
    model.put("refunded", amount(order.getRefunded()));
    model.put("trackingNumber", order.getTrackingNumber());
    model.put("address", address(order.getShippingAddress()));
    model.put("card", order.getPayment() == null ? null : card(order.getPayment().getBrand(), order.getPayment().getLast4()));
    return new Notice(kind, order.getId(), model);
  }

  private static Notice aboutPayment(Payment payment) {
    Map<String, Object> model = common(payment.getOrderId());
    model.put("amount", amount(payment.getAmount()));
    model.put("card", card(payment.getBrand(), payment.getLast4()));
    model.put("reason", payment.getDeclineReason());
    return new Notice(NotificationKind.PAYMENT_DECLINED, payment.getOrderId(), model);
  }

  private static Notice aboutParcel(NotificationKind kind, JsonObject move) {
    String orderId = move.getString("orderId");
    Map<String, Object> model = common(orderId);
    model.put("trackingNumber", move.getString("trackingNumber"));
    model.put("place", move.getString("place"));
    model.put("at", move.getString("at"));
    return new Notice(kind, orderId, model);
  }

  private static Map<String, Object> common(String orderId) {
    Map<String, Object> model = new HashMap<>();
    model.put("orderId", orderId);
    // What a person reads out on the phone: the first block of the order's id.
    model.put("orderNumber", orderId.substring(0, Math.min(8, orderId.length())).toUpperCase());
    return model;
  }

  private static Map<String, Object> line(OrderLine line) {
    Map<String, Object> model = new HashMap<>();
    model.put("name", line.getName() != null ? line.getName() : line.getProductId());
    model.put("quantity", line.getQuantity());
    model.put("unitPrice", amount(line.getUnitPrice()));
    model.put("lineTotal", amount(line.getLineTotal()));
    return model;
  }

  private static Map<String, Object> address(Address address) {
    if (address == null) {
      return null;
    }
    Map<String, Object> model = new HashMap<>();
    model.put("name", address.getName());
    model.put("line1", address.getLine1());
    model.put("line2", address.getLine2());
    model.put("postalCode", address.getPostalCode());
    model.put("city", address.getCity());
    model.put("country", address.getCountry());
    return model;
  }

  private static String card(String brand, String last4) {
    return brand == null || last4 == null ? null : brand + " ending in " + last4;
  }

  /** {@code EUR 1234} minor units reads "EUR 12.34"; a currency without minor units, "JPY 1234". */
  static String amount(Money money) {
    if (money == null) {
      return null;
    }
    int digits = Math.max(0, Currency.getInstance(money.getCurrency()).getDefaultFractionDigits());
    return money.getCurrency() + " " + BigDecimal.valueOf(money.getValue(), digits).toPlainString();
  }
}
