package dev.bazaar.order;

import dev.bazaar.contracts.order.OrderItem;
import dev.bazaar.contracts.order.OrderRequest;
import dev.bazaar.platform.AddressRules;
import dev.bazaar.platform.Text;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What an order request must be before anything is reserved: 1 to 50 lines of 1 to 100 units of a product, an address a
 * parcel can go to, a payment method, and a key of at most 255 characters. The REST edge checks shapes already; these
 * rules hold for every caller on the bus.
 */
final class OrderRules {

  static final int MAX_LINES = 50;
  static final int MAX_QUANTITY = 100;
  static final int MAX_KEY_LENGTH = 255;

  private OrderRules() {
  }

  /** Why the request cannot be placed, or empty when it can. */
  static Optional<String> violation(OrderRequest request) {
    if (request == null) {
      return Optional.of("An order needs lines, a shippingAddress and a payment.");
    }
    return linesViolation(request.getLines())
      .or(() -> AddressRules.violation(request.getShippingAddress()).map(violation -> "shipping" + capitalized(violation)))
      .or(() -> request.getPaymentMethodId() == null || request.getPaymentMethodId().isBlank()
        ? Optional.of("An order needs a payment method.") : Optional.empty());
  }

  static Optional<String> linesViolation(List<OrderItem> lines) {
    if (lines == null || lines.isEmpty() || lines.size() > MAX_LINES) {
      return Optional.of("An order needs 1 to " + MAX_LINES + " lines.");
    }
    Map<UUID, Integer> units = new TreeMap<>();
    for (OrderItem line : lines) {
      if (line == null || line.getQuantity() < 1 || line.getQuantity() > MAX_QUANTITY) {
        return Optional.of("Each line needs a quantity from 1 to " + MAX_QUANTITY + ".");
      }
      UUID productId = uuid(line.getProductId());
      if (productId == null) {
        return Optional.of("Each line needs a productId that is a UUID.");
      }
      if (units.merge(productId, line.getQuantity(), Integer::sum) > MAX_QUANTITY) {
        return Optional.of("At most " + MAX_QUANTITY + " units of one product per order.");
      }
    }
    return Optional.empty();
  }

  /** One line per product, in product order: lines of the same product are added up. */
  static List<OrderItem> merged(List<OrderItem> lines) {
    Map<UUID, Integer> units = new TreeMap<>();
    lines.forEach(line -> units.merge(UUID.fromString(line.getProductId()), line.getQuantity(), Integer::sum));
    return units.entrySet().stream()
      .map(entry -> new OrderItem().setProductId(entry.getKey().toString()).setQuantity(entry.getValue()))
      .toList();
  }

  static Optional<String> keyViolation(String idempotencyKey) {
    return idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH
      || Text.hasControlCharacters(idempotencyKey, false)
      ? Optional.of("The Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters, none of them control characters.")
      : Optional.empty();
  }

  private static UUID uuid(String value) {
    try {
      return value == null ? null : UUID.fromString(value);
    } catch (IllegalArgumentException notAUuid) {
      return null;
    }
  }

  private static String capitalized(String violation) {
    return Character.toUpperCase(violation.charAt(0)) + violation.substring(1);
  }
}
